import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { writeBenchFile } from '../store/test-support/generate-records.js';
import { cli, SEED, startCli } from './test-support/run-cli.js';
import { waitForWriteLock } from './test-support/write-lock.js';

const { twoway } = cli();
const start = (args: string[]) => startCli(args);

function count(db: string, table: string): number {
  const sqlite = new SqliteDatabase(db, { readonly: true });
  try {
    return (sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
  } finally {
    sqlite.close();
  }
}

describe('twoway init / import on a SQLite file', () => {
  it('creates a project, imports, refuses the same file again, and says so with E_DUPLICATE_IMPORT', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'twoway-cli-db-')), 'review.db');
    expect((await twoway('init', '--db', db, '--title', 'Partnership benefits')).code).toBe(0);
    const first = await twoway(
      'import',
      SEED,
      '--db',
      db,
      '--source',
      'pubmed',
      '--date',
      '2011-06-01',
      '--json',
    );
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)[0]).toMatchObject({ recordsRead: 1, report: { format: 'endnote' } });
    const again = await twoway('import', SEED, '--db', db, '--source', 'pubmed');
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/^E_DUPLICATE_IMPORT .*--force/m);
    const forced = await twoway('import', SEED, '--db', db, '--source', 'pubmed', '--force');
    expect(forced.stdout).toMatch(/: 1 record \(endnote, [^)]+\) as search 2/);
    const bad = await twoway('import', SEED, '--db', db, '--source', 'pubmed', '--date', '1st June');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/E_USAGE --date takes YYYY-MM-DD/);
    const badMap = await twoway('import', SEED, '--db', db, '--source', 'x', '--map', 'kw=nonsense');
    expect(badMap.stderr).toMatch(/E_USAGE --map kw=nonsense: unknown field/);
    expect(count(db, 'record')).toBe(2);
  });

  it('refuses a file with no records; lists the imports and removes a wrong one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'twoway-cli-db-'));
    const db = join(dir, 'review.db');
    expect((await twoway('init', '--db', db, '--title', 'Removal')).code).toBe(0);
    const json = join(dir, 'package.json');
    writeFileSync(json, '{"name": "not-bibliographic", "version": "1.0.0"}\n');
    const wrong = await twoway('import', json, '--db', db, '--source', 'pubmed');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(
      /^E_NO_RECORDS no record could be read from this file \(read as csl-json.*package\.json\)$/m,
    );
    expect(count(db, 'search')).toBe(0);
    await twoway('import', SEED, '--db', db, '--source', 'pubmed');
    const list = await twoway('imports', 'list', '--db', db);
    expect(list.stdout).toMatch(/^1\tpubmed\t\S+\t1 record\t/m);
    const dry = await twoway('imports', 'remove', '1', '--db', db, '--dry-run');
    expect(dry.stdout).toMatch(/^would remove search 1 \(pubmed, .+\): 1 record$/m);
    expect(count(db, 'record')).toBe(1);
    const removed = await twoway('imports', 'remove', '1', '--db', db, '--reviewer', 'olive', '--json');
    expect(removed.code).toBe(0);
    expect(JSON.parse(removed.stdout)).toMatchObject({ searchId: 1, records: 1 });
    expect(count(db, 'record')).toBe(0);
    expect(count(db, 'search')).toBe(0);
    const again = await twoway('imports', 'remove', '1', '--db', db);
    expect(again.stderr).toMatch(/^E_NOT_FOUND /m);
  });

  it('a SIGKILL in the middle of an import leaves the database as before, and the file importable again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'twoway-kill-'));
    const db = join(dir, 'review.db');
    const big = join(dir, 'big.ris');
    const written = await writeBenchFile(big, 'ris', 30_000_000);
    expect((await twoway('init', '--db', db, '--title', 'Kill test')).code).toBe(0);
    expect((await twoway('import', SEED, '--db', db, '--source', 'pubmed')).code).toBe(0);
    const run = start(['import', big, '--db', db, '--source', 'embase']);
    // kill only while the import's transaction is open and has been writing for a while
    expect(await waitForWriteLock(db)).toBe(true);
    run.child.kill('SIGKILL');
    const killed = await run.done;
    expect(killed.signal).toBe('SIGKILL');
    const sqlite = new SqliteDatabase(db);
    expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    sqlite.close();
    expect(count(db, 'search')).toBe(1);
    expect(count(db, 'record')).toBe(1);
    const again = await twoway('import', big, '--db', db, '--source', 'embase');
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    expect(count(db, 'record')).toBe(1 + written);
  }, 120_000);

  it('two processes importing into the same file at once lose nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'twoway-concurrent-'));
    const db = join(dir, 'review.db');
    const a = join(dir, 'a.ris');
    const b = join(dir, 'b.nbib');
    const na = await writeBenchFile(a, 'ris', 3_000_000, 1);
    const nb = await writeBenchFile(b, 'medline', 3_000_000, 2);
    expect((await twoway('init', '--db', db, '--title', 'Concurrency')).code).toBe(0);
    const [ra, rb] = await Promise.all([
      twoway('import', a, '--db', db, '--source', 'embase'),
      twoway('import', b, '--db', db, '--source', 'pubmed'),
    ]);
    expect([ra.code, rb.code, ra.stderr, rb.stderr]).toEqual([0, 0, '', '']);
    expect(count(db, 'search')).toBe(2);
    expect(count(db, 'record')).toBe(na + nb);
  }, 120_000);
});
