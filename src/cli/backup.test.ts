import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { backupStore } from '../store/backup.js';
import { freshLocation, testEngines } from '../store/test-support/engines.js';
import { writeBenchFile } from '../store/test-support/generate-records.js';
import { cli, SEED, startCli } from './test-support/run-cli.js';
import { waitForWriteLock } from './test-support/write-lock.js';

const { twoway, ok } = cli();

function counts(db: string): { searches: number; records: number; read: number; integrity: unknown } {
  const sqlite = new SqliteDatabase(db, { readonly: true });
  try {
    const n = (q: string) => (sqlite.prepare(q).get() as { n: number }).n;
    return {
      searches: n('select count(*) as n from search'),
      records: n('select count(*) as n from record'),
      read: n('select coalesce(sum(records_read), 0) as n from search'),
      integrity: sqlite.pragma('integrity_check', { simple: true }),
    };
  } finally {
    sqlite.close();
  }
}

describe('twoway backup and restore', () => {
  it('a SQLite backup taken while an import writes restores to a consistent database', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'twoway-backup-'));
    const db = join(dir, 'review.db');
    const big = join(dir, 'big.ris');
    const written = await writeBenchFile(big, 'ris', 30_000_000);
    await ok('init', '--db', db, '--title', 'Backup test');
    await ok('import', SEED, '--db', db, '--source', 'pubmed');
    const run = startCli(['import', big, '--db', db, '--source', 'embase']);
    expect(await waitForWriteLock(db)).toBe(true);
    // taken in this process the moment the import is seen writing (a CLI's start-up could miss it)
    const backup = join(dir, 'during-import.db');
    const held = await backupStore({ sqlitePath: db }, backup);
    // the backup holds what was committed when it began: the seed record, none of the import in progress
    expect(held).toMatchObject({ file: backup, engine: 'sqlite', projects: 1, records: 1 });
    expect((await run.done).code).toBe(0);
    expect(counts(db)).toMatchObject({ searches: 2, records: 1 + written });

    const restored = join(dir, 'restored.db');
    expect(await ok('restore', backup, '--db', restored)).toMatch(
      /^restored from .+: sqlite, \d+ bytes \(1 project, 1 record\)$/m,
    );
    expect(counts(restored)).toEqual({ searches: 1, records: 1, read: 1, integrity: 'ok' });
    // the restored database is a working one: the import that was running when it was taken runs in it
    await ok('import', big, '--db', restored, '--source', 'embase');
    expect(counts(restored)).toMatchObject({ searches: 2, records: 1 + written });
    const cliBackup = join(dir, 'after.db');
    expect(await ok('backup', '-o', cliBackup, '--db', db)).toMatch(
      new RegExp(`^backed up to .+: sqlite, \\d+ bytes \\(1 project, ${1 + written} records\\)$`, 'm'),
    );

    // an existing database is replaced only with --force; what is not a Twoway backup is refused
    const refused = await twoway('restore', backup, '--db', restored);
    expect(refused.stderr).toMatch(/^E_CONFLICT .*exists; restoring replaces it: --force/m);
    await ok('restore', backup, '--db', restored, '--force');
    expect(counts(restored).records).toBe(1);
    const junk = join(dir, 'junk.db');
    writeFileSync(junk, 'not a database at all, just text');
    expect((await twoway('restore', junk, '--db', join(dir, 'x.db'))).stderr).toMatch(/^E_DB /m);
    const existing = await twoway('backup', '-o', backup, '--db', db);
    expect(existing.stderr).toMatch(/^E_CONFLICT .*exists; choose another name, or --force/m);
  }, 120_000);

  it.runIf(testEngines().includes('postgres'))(
    'a PostgreSQL backup (pg_dump) restores into an empty database',
    async () => {
      const source = (await freshLocation('postgres')).databaseUrl!;
      const target = (await freshLocation('postgres')).databaseUrl!;
      await ok('init', '--db', source, '--title', 'Postgres backup');
      await ok('import', SEED, '--db', source, '--source', 'pubmed');
      const file = join(mkdtempSync(join(tmpdir(), 'twoway-pgdump-')), 'review.dump');
      expect(await ok('backup', '-o', file, '--db', source)).toMatch(
        /^backed up to .+: postgres, \d+ bytes$/m,
      );
      await ok('restore', file, '--db', target);
      const listed = JSON.parse(await ok('imports', 'list', '--db', target, '--json'));
      expect(listed).toMatchObject([{ source: 'pubmed', recordsRead: 1 }]);
      expect(await ok('search', 'partnerships', '--db', target, '--count')).toMatch(/^1\b/m);
    },
    120_000,
  );
});
