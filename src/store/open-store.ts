import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { Migrator, type Migration } from 'kysely/migration';
import pg from 'pg';
import { TwowayError } from '../domain/errors.js';
import { TwowayMigrations, type Engine } from './migrations.js';
import { PatientSqliteDialect, SQLITE_SYNC_BUSY_MS } from './patient-sqlite.js';
import type { Database } from './schema.js';

/** Where the embedded database lives when nothing else is said. */
export const DEFAULT_SQLITE_PATH = './twoway-data/twoway.db';

export interface StoreLocation {
  /** A PostgreSQL URL (`postgres://…`); wins over `sqlitePath`. */
  databaseUrl?: string;
  sqlitePath?: string;
}

export interface Store {
  db: Kysely<Database>;
  engine: Engine;
  /**
   * The SQLite connection under `db`, for the one hot path that measured faster with prepared statements
   * (bulk import); everything else goes through Kysely.
   */
  sqlite?: SqliteDatabase.Database;
  /** Where the data is, for messages: a file path, or the URL without its password. */
  where: string;
  /** How to open the same database again (another connection, in a worker thread). */
  location: StoreLocation;
  close(): Promise<void>;
}

/**
 * Chooses the database the way every command does: `--db`, else `DATABASE_URL` (PostgreSQL), else `TWOWAY_DB`,
 * else ./twoway-data/twoway.db.
 */
export function locateStore(
  dbOption: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): StoreLocation {
  const given = dbOption ?? env.DATABASE_URL ?? env.TWOWAY_DB;
  if (given && /^postgres(ql)?:\/\//.test(given)) return { databaseUrl: given };
  return { sqlitePath: given ?? DEFAULT_SQLITE_PATH };
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

export { SQLITE_BUSY_TIMEOUT_MS } from './patient-sqlite.js';

function connect(location: StoreLocation): Store {
  if (location.databaseUrl) {
    const pool = new pg.Pool({ connectionString: location.databaseUrl, max: 10 });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return {
      db,
      engine: 'postgres',
      where: redact(location.databaseUrl),
      location: { databaseUrl: location.databaseUrl },
      close: () => db.destroy(),
    };
  }
  const path = resolve(location.sqlitePath ?? DEFAULT_SQLITE_PATH);
  mkdirSync(dirname(path), { recursive: true });
  let sqlite: SqliteDatabase.Database;
  try {
    sqlite = new SqliteDatabase(path, { timeout: SQLITE_SYNC_BUSY_MS });
  } catch (error) {
    throw new TwowayError({ code: 'E_DB', message: `cannot open ${path}: ${(error as Error).message}` });
  }
  // 8 KiB pages (new databases only): records are ~2–4 KB of JSON, and bench:import measured a third less
  // commit time than with 4 KiB pages
  sqlite.pragma('page_size = 8192');
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  // 64 MB of page cache: a bulk import spills less to the write-ahead log (bench:import)
  sqlite.pragma('cache_size = -65536');
  const db = new Kysely<Database>({ dialect: new PatientSqliteDialect({ database: sqlite }) });
  return {
    db,
    engine: 'sqlite',
    sqlite,
    where: path,
    location: { sqlitePath: path },
    close: () => db.destroy(),
  };
}

/** Tests may hand in their own migration list (to act out an upgrade); the product uses Twoway's own. */
let migrationsOverride: Record<string, Migration> | undefined;

/** For tests: the migrations openStore and migrate use, until reset with undefined. */
export function useMigrationsForTests(list: Record<string, Migration> | undefined): void {
  migrationsOverride = list;
}

function migrator(store: Store): Migrator {
  const provider = migrationsOverride
    ? { getMigrations: async () => migrationsOverride! }
    : new TwowayMigrations(store.engine);
  return new Migrator({ db: store.db, provider });
}

export interface SchemaStatus {
  applied: string[];
  pending: string[];
  /** Migrations the database has that this version of Twoway does not know. */
  unknown: string[];
}

export async function schemaStatus(store: Store): Promise<SchemaStatus> {
  const m = migrator(store);
  const known = await m.getMigrations();
  const applied = known.filter((x) => x.executedAt).map((x) => x.name);
  const pending = known.filter((x) => !x.executedAt).map((x) => x.name);
  // a new database has no kysely_migration table yet: then nothing is recorded
  const recorded = await sql<{ name: string }>`select name from kysely_migration`.execute(store.db).then(
    (r) => r.rows.map((row) => row.name),
    () => [] as string[],
  );
  const knownNames = new Set(known.map((x) => x.name));
  return { applied, pending, unknown: recorded.filter((n) => !knownNames.has(n)) };
}

/** Applies pending migrations; returns their names. */
export async function migrate(store: Store): Promise<string[]> {
  const { error, results } = await migrator(store).migrateToLatest();
  if (error)
    throw new TwowayError({ code: 'E_DB', message: `migration failed: ${(error as Error).message}` });
  const done = (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  const status = await schemaStatus(store);
  await store.db
    .insertInto('twoway_meta')
    .values({ key: 'schema_version', value: String(status.applied.length) })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: String(status.applied.length) }))
    .execute();
  return done;
}

export interface OpenOptions {
  /**
   * `new-only` (default): a database with no tables is created; one that needs a migration is refused with
   * E_SCHEMA_OUTDATED. `always`: pending migrations are applied (the `twoway migrate` command). `never`: open as is.
   */
  migrate?: 'new-only' | 'always' | 'never';
}

/**
 * Opens the store and checks its schema version: a database made by a newer Twoway, or one needing a
 * migration, is refused with a clear message instead of being used half-way.
 */
export async function openStore(location: StoreLocation, options: OpenOptions = {}): Promise<Store> {
  const store = connect(location);
  try {
    const status = await schemaStatus(store);
    if (status.unknown.length > 0)
      throw new TwowayError({
        code: 'E_SCHEMA_NEWER',
        message: `${store.where} has migrations this Twoway does not know (${status.unknown.join(', ')}); upgrade Twoway`,
      });
    const mode = options.migrate ?? 'new-only';
    if (status.pending.length > 0 && mode !== 'never') {
      if (mode === 'always' || status.applied.length === 0) await migrate(store);
      else
        throw new TwowayError({
          code: 'E_SCHEMA_OUTDATED',
          message: `${store.where} needs ${status.pending.length} migration(s) (${status.pending.join(', ')}); run \`twoway migrate\` first (back the database up before)`,
        });
    }
    return store;
  } catch (error) {
    await store.close();
    if (error instanceof TwowayError) throw error;
    throw new TwowayError({
      code: 'E_DB',
      message: `cannot open ${store.where}: ${(error as Error).message}`,
    });
  }
}
