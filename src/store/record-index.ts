import type { Kysely } from 'kysely';
import { indexText } from '../domain/query/index-text.js';
import type { StoreEngine } from './engine/engine.js';
import { decodeStoredRecord } from './record-decoder.js';

const REINDEX_BATCH = 2000;

/**
 * Writes every stored record's full-text index entry again, through its engine (what a migration that changes
 * what is indexed runs, once the engine has emptied its index); returns how many records it indexed.
 */
export async function reindexRecords(db: Kysely<unknown>, engine: StoreEngine): Promise<number> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the schema of their time
  const any = db as Kysely<any>;
  let last = 0;
  let count = 0;
  for (;;) {
    const rows: { id: number; project_id: number; data: string }[] = await any
      .selectFrom('record')
      .select(['id', 'project_id', 'data'])
      .where('id', '>', last)
      .orderBy('id')
      .limit(REINDEX_BATCH)
      .execute();
    if (rows.length === 0) return count;
    for (const row of rows)
      await engine.indexRecord(db, row.id, row.project_id, indexText(decodeStoredRecord(row.id, row.data)));
    count += rows.length;
    last = rows[rows.length - 1]!.id;
  }
}
