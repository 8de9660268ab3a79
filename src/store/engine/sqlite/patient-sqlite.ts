import { SqliteDialect, type DatabaseConnection, type Driver } from 'kysely';

/** How long a statement waits, in all, for another connection's write lock before it fails. */
export const SQLITE_BUSY_TIMEOUT_MS = 30_000;
/** The wait inside SQLite itself (it blocks the thread): short, so that the event loop keeps turning. */
export const SQLITE_SYNC_BUSY_MS = 20;
const RETRY_EVERY_MS = 25;

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  // SQLITE_BUSY_SNAPSHOT would repeat forever (a stale read transaction); it is not retried
  return code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_TIMEOUT';
}

function patient(connection: DatabaseConnection): DatabaseConnection {
  return {
    async executeQuery(query) {
      const started = Date.now();
      for (;;) {
        try {
          return await connection.executeQuery(query);
        } catch (error) {
          if (!isBusy(error) || Date.now() - started > SQLITE_BUSY_TIMEOUT_MS) throw error;
          await new Promise((resolve) => setTimeout(resolve, RETRY_EVERY_MS));
        }
      }
    },
    streamQuery: (query, chunkSize) => connection.streamQuery(query, chunkSize),
  };
}

/**
 * Kysely's SQLite dialect, waiting for another connection's write lock (an import in a worker thread, a CLI
 * process) without blocking the event loop: SQLite itself waits only SQLITE_SYNC_BUSY_MS, then the statement is
 * tried again after an asynchronous pause, up to SQLITE_BUSY_TIMEOUT_MS. Only statements that were refused for
 * the lock are retried: a refused statement did nothing.
 */
export class PatientSqliteDialect extends SqliteDialect {
  override createDriver(): Driver {
    const driver = super.createDriver();
    const wrapped = new WeakMap<DatabaseConnection, DatabaseConnection>();
    return new Proxy(driver, {
      get(target, property, receiver) {
        if (property === 'acquireConnection')
          return async (...args: Parameters<Driver['acquireConnection']>) => {
            const connection = await target.acquireConnection(...args);
            let outer = wrapped.get(connection);
            if (!outer) wrapped.set(connection, (outer = patient(connection)));
            return outer;
          };
        const value = Reflect.get(target, property, receiver) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }
}
