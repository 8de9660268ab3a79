import { createWriteStream, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { asDiskFull } from './disk-full.js';
import { importFile } from './import/imports.js';
import { openStore, type Store } from './open-store.js';
import { createProject } from './repositories/projects.js';
import { recordDecision } from './repositories/screening-store.js';
import { writeBenchFile } from './test-support/generate-records.js';

const opened: Store[] = [];
afterEach(async () => {
  while (opened.length) await opened.pop()?.close();
});

/** Lets the SQLite file grow by `pages` pages at most: past them SQLite answers SQLITE_FULL, as a full disk does. */
function capAt(store: Store, pages: number): void {
  const used = Number(store.sqlite!.pragma('page_count', { simple: true }));
  store.sqlite!.pragma(`max_page_count = ${used + pages}`);
}

describe('a full disk', () => {
  it('fails an import with E_DISK_FULL and leaves the database as it was', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'twoway-full-'));
    const store = await openStore({ sqlitePath: join(dir, 'review.db') });
    opened.push(store);
    const project = await createProject(store, { title: 'full', owner: 'olive' });
    const file = join(dir, 'big.ris');
    const records = await writeBenchFile(file, 'ris', 3_000_000);
    capAt(store, 20);
    // before: "cannot rollback - no transaction is active" (SQLite had ended the transaction) hid SQLITE_FULL
    await expect(
      importFile(store, { projectId: project.id, path: file, source: 'pubmed' }),
    ).rejects.toMatchObject({
      code: 'E_DISK_FULL',
      message: expect.stringMatching(/^the disk is full \(SQLITE_FULL\): nothing of this change was written/),
    });
    expect(store.sqlite!.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(await store.db.selectFrom('search').selectAll().execute()).toEqual([]);
    expect(await store.db.selectFrom('record').select('id').execute()).toEqual([]);
    // space again: the same file imports whole
    store.sqlite!.pragma('max_page_count = 1073741823');
    await expect(
      importFile(store, { projectId: project.id, path: file, source: 'pubmed' }),
    ).resolves.toMatchObject({
      recordsRead: records,
    });
  }, 60_000);

  it('refuses a decision the same way, and names a full file system as full too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'twoway-full-'));
    const store = await openStore({ sqlitePath: join(dir, 'review.db') });
    opened.push(store);
    const project = await createProject(store, { title: 'full', owner: 'olive' });
    const ris = join(dir, 'one.ris');
    writeFileSync(ris, 'TY  - JOUR\nTI  - One\nER  - \n');
    await importFile(store, { projectId: project.id, path: ris, source: 'pubmed' });
    const [record] = await store.db.selectFrom('record').select('id').execute();
    // a long note fills more pages than are left
    capAt(store, 1);
    await expect(
      recordDecision(store, {
        projectId: project.id,
        recordId: record!.id,
        stage: 'title-abstract',
        reviewer: 'olive',
        value: 'include',
        note: 'n'.repeat(200_000),
      }),
    ).rejects.toMatchObject({ code: 'E_DISK_FULL' });
    expect(await store.db.selectFrom('decision').selectAll().execute()).toEqual([]);
    // /dev/full answers every write with ENOSPC, as a full temporary folder does to an upload
    const written = pipeline(Readable.from(['x'.repeat(100_000)]), createWriteStream('/dev/full')).catch(
      (error: unknown) => error,
    );
    expect(asDiskFull(await written)).toMatchObject({
      code: 'E_DISK_FULL',
      message: expect.stringMatching(/ENOSPC/),
    });
    expect(asDiskFull(new Error('something else'))).toBeUndefined();
  });
});
