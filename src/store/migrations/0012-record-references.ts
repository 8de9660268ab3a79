import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/** The tables whose `record_id` refers to a record, deleted with it (ON DELETE CASCADE). */
const RECORD_CHILDREN = [
  'decision',
  'resolution',
  'retrieval',
  'coding_event',
  'priority_score',
  'prior_mark',
];

/** Migration 0012-record-references. Released: never edited again (a change is a new migration). */
export function m0012(): Migration {
  return {
    // a removed import deletes its records: each deleted record looks up the rows that refer to it, which
    // without an index on the referring column is a scan of the whole table per record (SQLite and PostgreSQL)
    async up(db: Kysely<unknown>) {
      // (duplicate_member and duplicate_cluster's canonical record have theirs since 0002 and 0004)
      for (const table of RECORD_CHILDREN)
        await db.schema.createIndex(`${table}_record`).on(table).column('record_id').execute();
    },
  };
}
