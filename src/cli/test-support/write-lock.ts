import { setTimeout as sleep } from 'node:timers/promises';
import SqliteDatabase from 'better-sqlite3';

/**
 * Waits until another process holds the SQLite file's write lock and has held it for a while (an import's
 * transaction, from its first row to its commit: another connection sees SQLITE_BUSY). Waiting for the
 * write-ahead log to grow raced the commit: the page cache holds the rows until then.
 */
export async function waitForWriteLock(db: string, timeoutMs = 60_000): Promise<boolean> {
  const probe = new SqliteDatabase(db, { timeout: 0 });
  const writing = (): boolean => {
    try {
      probe.exec('BEGIN IMMEDIATE');
      probe.exec('ROLLBACK');
      return false;
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_BUSY') return true;
      throw error;
    }
  };
  try {
    for (let waited = 0; waited < timeoutMs; waited += 20) {
      if (writing()) {
        await sleep(300);
        if (writing()) return true;
      } else await sleep(20);
    }
    return false;
  } finally {
    probe.close();
  }
}
