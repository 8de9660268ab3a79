import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { asDiskFull } from '../../disk-full.js';
import { reindexRecords } from '../../record-index.js';
import type { Database } from '../../schema.js';
import { compileText } from '../compile-text.js';
import type { StoreEngine } from '../engine.js';
import { tsquery } from './tsquery.js';
import { tsvectorText } from './tsvector-text.js';

/** PostgreSQL: a `tsvector` column with a GIN index for full-text search, beside the project filter. */
export const postgresEngine: StoreEngine = {
  name: 'postgres',
  searchLabel: 'PostgreSQL tsquery',
  idType: 'serial',
  autoId: (column) => column.primaryKey(),
  rebuildTextIndex: (db) => reindexRecords(db, postgresEngine),
  async indexRecord(db, recordId, _projectId, text) {
    await sql`update record set tsv = ${tsvectorText(text)}::tsvector where id = ${recordId}`.execute(db);
  },
  compileSearch: (_projectId, node) => compileText(node, tsquery),
  selectMatches: (projectId, compiled, countOnly) =>
    countOnly
      ? sql`select count(*) as n from record r where r.project_id = ${projectId} and r.tsv @@ ${compiled}::tsquery`
      : sql`select r.id as id from record r where r.project_id = ${projectId} and r.tsv @@ ${compiled}::tsquery order by r.id`,
  writeTransaction: (db, work) =>
    db
      .transaction()
      .execute(work)
      .catch((error: unknown) => {
        throw asDiskFull(error) ?? error;
      }),
  async lockProject(trx, projectId) {
    await sql`select id from project where id = ${projectId} for update`.execute(trx);
  },
  jsonValue(column, path) {
    return sql`(${sql.ref(column)}::json) #>> ${sql.val(path.map(String))}::text[]`;
  },
  async lockAccounts(trx) {
    await sql`lock table account in exclusive mode`.execute(trx);
  },
  async insertRecords(trx, rows, { projectId, searchId, now }) {
    await trx
      .insertInto('record')
      .values(
        rows.map(({ index, ...row }) => ({
          ...row,
          project_id: projectId,
          search_id: searchId,
          created_at: now,
          tsv: sql<string>`${tsvectorText(index)}::tsvector`,
        })),
      )
      .execute();
  },
  async upsertScores(trx, { projectId, version }, rows) {
    // one statement a batch: the batch's columns as three arrays, unnested
    await sql`insert into priority_score (project_id, record_id, score, rank, model_version)
      select ${projectId}, t.record_id, t.score, t.rank, ${version}
      from unnest(${rows.map((r) => r.recordId)}::integer[], ${rows.map((r) => r.score)}::float8[], ${rows.map((r) => r.rank)}::integer[]) as t(record_id, score, rank)
      on conflict (project_id, record_id) do update set score = excluded.score, rank = excluded.rank, model_version = excluded.model_version`.execute(
      trx,
    );
  },
  async unindexSearch() {
    // the index entry (tsv) is a column of the record's own row: it goes with the row
  },
};

/** Connects to the PostgreSQL database of a store (a pool of up to 10 connections). */
export function connectPostgres(url: string): { db: Kysely<Database>; engine: StoreEngine } {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), engine: postgresEngine };
}
