import { execFile } from 'node:child_process';
import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import SqliteDatabase from 'better-sqlite3';
import { TwowayError } from '../domain/errors.js';
import { migrations } from './migrations/index.js';
import { sqliteEngine } from './engine/sqlite/sqlite-engine.js';
import type { StoreLocation } from './open-store.js';

const run = promisify(execFile);

/**
 * Backups of a Twoway database, and restoring one. SQLite: `VACUUM INTO` writes a consistent copy from one read
 * transaction, while the server runs and an import writes (the copy holds what was committed when it began,
 * never half an import), compacted; a restore checks the copy and puts it in place of the database file in one
 * rename. PostgreSQL: `pg_dump` in its custom format and `pg_restore` in one transaction.
 */
export interface BackupSummary {
  file: string;
  bytes: number;
  engine: 'sqlite' | 'postgres';
  /** SQLite: what the copy holds, read back from it. */
  projects?: number;
  records?: number;
}

function refuseExisting(file: string, force: boolean | undefined, what: string): void {
  if (existsSync(file) && !force)
    throw new TwowayError({ code: 'E_CONFLICT', message: `${file} exists; ${what}` });
}

/** Opens a SQLite file read-only and checks it is a sound Twoway database this version can open. */
function checkSqliteBackup(file: string): { projects: number; records: number } {
  let db: SqliteDatabase.Database;
  try {
    db = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new TwowayError({ code: 'E_DB', message: `cannot open ${file}: ${(error as Error).message}` });
  }
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok')
      throw new TwowayError({
        code: 'E_DB',
        message: `${file} is damaged (integrity check: ${String(integrity)})`,
      });
    const hasMeta = db
      .prepare("select 1 from sqlite_master where type = 'table' and name = 'twoway_meta'")
      .get();
    if (!hasMeta) throw new TwowayError({ code: 'E_DB', message: `${file} is not a Twoway database` });
    const known = new Set(Object.keys(migrations(sqliteEngine(db))));
    const applied = (db.prepare('select name from kysely_migration').all() as { name: string }[]).map(
      (r) => r.name,
    );
    const newer = applied.filter((name) => !known.has(name));
    if (newer.length > 0)
      throw new TwowayError({
        code: 'E_SCHEMA_NEWER',
        message: `${file} was made by a newer Twoway (migrations ${newer.join(', ')}); restore it with that version`,
      });
    const count = (table: string) =>
      (db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
    return { projects: count('project'), records: count('record') };
  } catch (error) {
    if (error instanceof TwowayError) throw error;
    throw new TwowayError({
      code: 'E_DB',
      message: `${file} cannot be read as a Twoway database: ${(error as Error).message}`,
    });
  } finally {
    db.close();
  }
}

/** The PostgreSQL client tool `name`: on the PATH, else the newest of Debian's /usr/lib/postgresql/<version>/bin. */
function postgresTool(name: 'pg_dump' | 'pg_restore'): string {
  for (const dir of (process.env.PATH ?? '').split(':'))
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', name)))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions[0]) return join(root, versions[0], 'bin', name);
  throw new TwowayError({
    code: 'E_UNAVAILABLE',
    message: `a PostgreSQL backup needs ${name}, which is not installed: apt-get install -y postgresql-client`,
  });
}

async function runTool(tool: string, args: string[]): Promise<void> {
  try {
    await run(tool, args, { maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const stderr = String((error as { stderr?: string }).stderr ?? (error as Error).message).trim();
    throw new TwowayError({
      code: 'E_DB',
      message: `${tool} failed: ${stderr.split('\n').slice(-3).join(' ')}`,
    });
  }
}

/**
 * Writes `target` through a partial file beside it (same folder, so the rename is atomic): the file gets its
 * name only once `write` has finished, and a failed write leaves nothing behind.
 */
async function writeThenRename(target: string, write: (partial: string) => Promise<void>): Promise<void> {
  const partial = join(dirname(target), `.${Date.now()}-${process.pid}.twoway-partial`);
  try {
    await write(partial);
    renameSync(partial, target);
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
}

/**
 * Writes a backup of the database to `file` (refused when it exists, unless `force`). Safe while the server
 * runs and while an import writes.
 */
export async function backupStore(
  location: StoreLocation,
  file: string,
  options: { force?: boolean } = {},
): Promise<BackupSummary> {
  const target = resolve(file);
  refuseExisting(target, options.force, 'choose another name, or --force to replace it');
  if (location.databaseUrl) {
    const url = location.databaseUrl;
    await writeThenRename(target, (partial) =>
      runTool(postgresTool('pg_dump'), ['--format=custom', '--no-owner', `--file=${partial}`, url]),
    );
    return { file: target, bytes: statSync(target).size, engine: 'postgres' };
  }
  const source = resolve(location.sqlitePath ?? '');
  if (!existsSync(source))
    throw new TwowayError({ code: 'E_NOT_FOUND', message: `there is no database at ${source}` });
  let held: { projects: number; records: number } | undefined;
  await writeThenRename(target, async (partial) => {
    const db = new SqliteDatabase(source, { fileMustExist: true, timeout: 30_000 });
    try {
      db.prepare('vacuum into ?').run(partial);
    } catch (error) {
      throw new TwowayError({
        code: 'E_DB',
        message: `the backup of ${source} failed: ${(error as Error).message}`,
      });
    } finally {
      db.close();
    }
    held = checkSqliteBackup(partial);
  });
  return { file: target, bytes: statSync(target).size, engine: 'sqlite', ...held };
}

/**
 * Puts a backup in place of the database (refused when the database exists, unless `force`). SQLite: stop the
 * server first; a database with a write-ahead log in use is refused even with `force` while the log is there.
 */
export async function restoreStore(
  file: string,
  location: StoreLocation,
  options: { force?: boolean } = {},
): Promise<BackupSummary> {
  const backup = resolve(file);
  if (!existsSync(backup))
    throw new TwowayError({ code: 'E_NOT_FOUND', message: `there is no backup at ${backup}` });
  if (location.databaseUrl) {
    // --clean drops what the backup holds before creating it again: into an empty database or over an old copy
    await runTool(postgresTool('pg_restore'), [
      '--clean',
      '--if-exists',
      '--no-owner',
      '--single-transaction',
      `--dbname=${location.databaseUrl}`,
      backup,
    ]);
    return { file: backup, bytes: statSync(backup).size, engine: 'postgres' };
  }
  const target = resolve(location.sqlitePath ?? '');
  const held = checkSqliteBackup(backup);
  refuseExisting(target, options.force, 'restoring replaces it: --force (stop the server first)');
  const wal = `${target}-wal`;
  if (existsSync(wal) && statSync(wal).size > 0)
    throw new TwowayError({
      code: 'E_CONFLICT',
      message: `${target} is in use or was not closed (its write-ahead log ${wal} holds changes): stop the server, then open and close it once (twoway migrate) before restoring over it`,
    });
  await writeThenRename(target, async (partial) => {
    const db = new SqliteDatabase(backup, { readonly: true, fileMustExist: true });
    try {
      await db.backup(partial);
    } finally {
      db.close();
    }
    for (const suffix of ['-wal', '-shm']) rmSync(`${target}${suffix}`, { force: true });
  });
  return { file: backup, bytes: statSync(target).size, engine: 'sqlite', ...held };
}
