import type SqliteDatabase from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import { Migrator, type Migration } from 'kysely/migration';
import { TwowayError } from '../domain/errors.js';
import type { StoreEngine } from './engine/engine.js';
import { connectPostgres } from './engine/postgres/postgres-engine.js';
import { connectSqlite } from './engine/sqlite/sqlite-engine.js';
import { TwowayMigrations } from './migrations/index.js';
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
  /** What differs between SQLite and PostgreSQL, behind one interface (engine/). */
  engine: StoreEngine;
  /** The SQLite connection under `db` (for tests and benchmarks that count or write at the engine's level). */
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

export { SQLITE_BUSY_TIMEOUT_MS } from './engine/sqlite/patient-sqlite.js';

function connect(location: StoreLocation): Store {
  if (location.databaseUrl) {
    const { db, engine } = connectPostgres(location.databaseUrl);
    return {
      db,
      engine,
      where: redact(location.databaseUrl),
      location: { databaseUrl: location.databaseUrl },
      close: () => db.destroy(),
    };
  }
  const { db, engine, sqlite, path } = connectSqlite(location.sqlitePath ?? DEFAULT_SQLITE_PATH);
  return { db, engine, sqlite, where: path, location: { sqlitePath: path }, close: () => db.destroy() };
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
