import type { Kysely, Transaction } from 'kysely';
import type { Store } from './open-store.js';
import type { Database } from './schema.js';

/**
 * Runs `work` in one write transaction. On SQLite it begins IMMEDIATE, taking the write lock first (waiting
 * for another process's writer up to the busy timeout) so that it can never fail half-way on a lock upgrade;
 * on PostgreSQL it is an ordinary transaction. Whatever `work` throws rolls everything back.
 */
export async function writeTransaction<T>(
  store: Store,
  work: (trx: Transaction<Database> | Kysely<Database>) => Promise<T>,
): Promise<T> {
  return store.engine.writeTransaction(store.db, work);
}

/**
 * Like writeTransaction, with the transaction handed over as a Store, so that repository functions taking a
 * Store (getProject, audit, …) run inside it.
 * @example await storeTransaction(store, async (tx) => { const p = await getProject(tx, 1); await audit(tx, …); })
 */
export async function storeTransaction<T>(store: Store, work: (tx: Store) => Promise<T>): Promise<T> {
  return writeTransaction(store, (trx) => work({ ...store, db: trx as Kysely<Database> }));
}
