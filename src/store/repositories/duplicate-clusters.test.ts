import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { activeClusters, mergeRecords, runDedupe } from './dedupe-store.js';
import { importFile } from '../import/imports.js';
import { openStore, type Store } from '../open-store.js';
import { computePrisma } from './prisma-store.js';
import { createProject } from './projects.js';
import { freshLocation, testEngines } from '../test-support/engines.js';

const opened: Store[] = [];
afterEach(async () => {
  while (opened.length) await opened.pop()?.close();
});

describe.each(testEngines())('duplicate clusters on %s', (engine) => {
  it('joins the clusters: a record is never in two clusters at once, and a merge of merged records is refused', async () => {
    const store = await openStore(await freshLocation(engine));
    opened.push(store);
    const project = await createProject(store, { title: 'merge', owner: 'olive' });
    const path = join(mkdtempSync(join(tmpdir(), 'twoway-merge-')), 'm.ris');
    writeFileSync(
      path,
      ['one', 'one again', 'one more', 'other'].map((t) => `TY  - JOUR\nTI  - ${t}\nER  - \n`).join('\n'),
    );
    await importFile(store, { projectId: project.id, path, source: 'pubmed' });
    const [a, b, c, d] = (await store.db.selectFrom('record').select('id').orderBy('id').execute()).map(
      (r) => r.id,
    ) as [number, number, number, number];
    const first = await mergeRecords(store, project.id, [a, b], 'olive');
    const second = await mergeRecords(store, project.id, [b, c], 'olive');
    expect(second).not.toBe(first);
    const clusters = await activeClusters(store, project.id);
    expect(clusters).toHaveLength(1);
    expect(clusters[0]!.members.map((m) => m.recordId).sort((x, y) => x - y)).toEqual([a, b, c]);
    const history = await store.db
      .selectFrom('duplicate_cluster')
      .select(['id', 'undone_at'])
      .orderBy('id')
      .execute();
    expect(history.map((h) => [h.id, h.undone_at !== null])).toEqual([
      [first, true],
      [second, false],
    ]);
    await expect(mergeRecords(store, project.id, [a, c], 'olive')).rejects.toMatchObject({
      code: 'E_CONFLICT',
    });
    // an id that is not a record of the project is refused, also beside records already merged
    await expect(mergeRecords(store, project.id, [a, 999_999], 'olive')).rejects.toMatchObject({
      code: 'E_NOT_FOUND',
    });
    await expect(mergeRecords(store, project.id, [d, 999_999], 'olive')).rejects.toMatchObject({
      code: 'E_NOT_FOUND',
    });
    expect(await store.db.selectFrom('not_duplicate').selectAll().execute()).toEqual([]);
    await mergeRecords(store, project.id, [d, a], 'olive');
    expect((await activeClusters(store, project.id))[0]!.members).toHaveLength(4);
  });

  it('PRISMA counts a cluster found by a database and by other methods with the databases', async () => {
    const store = await openStore(await freshLocation(engine));
    opened.push(store);
    const project = await createProject(store, { title: 'prisma', owner: 'olive' });
    const dir = mkdtempSync(join(tmpdir(), 'twoway-prisma-'));
    const record = (extra: string) =>
      `TY  - JOUR\nTI  - Hospital twinning for patient safety\nAU  - Storr, J\nPY  - 2010\nDO  - 10.1000/x\n${extra}ER  - \n`;
    // the grey-literature copy is the more complete one: it becomes the canonical record
    writeFileSync(
      join(dir, 'grey.ris'),
      record('AB  - An abstract the database copy lacks.\nKW  - twinning\n'),
    );
    writeFileSync(join(dir, 'pubmed.ris'), record(''));
    await importFile(store, {
      projectId: project.id,
      path: join(dir, 'grey.ris'),
      source: 'grey-literature',
    });
    await importFile(store, { projectId: project.id, path: join(dir, 'pubmed.ris'), source: 'pubmed' });
    await runDedupe(store, project.id, { apply: true, reviewer: 'olive' });
    const counts = await computePrisma(store, project.id);
    expect(counts).toMatchObject({
      database_results: 1,
      website_results: 1,
      duplicates: 1,
      other_sought_reports: 0,
      pending_screening: 1,
    });
  });
});
