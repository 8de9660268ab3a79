import { sql, type Kysely } from 'kysely';
import { indexText, type IndexText } from '../domain/query/index-text.js';
import { facetToken } from '../domain/query/tokens.js';
import type { Engine } from './migrations.js';
import { decodeStoredRecord } from './stored-records.js';
import { tsvectorText } from './tsvector-text.js';

/** The columns of the FTS5 table, in order: the text columns of IndexText, then the facet tokens. */
const FTS_COLUMNS = ['title', 'abstract', 'keywords', 'authors', 'journal', 'facets'] as const;

/** The FTS5 table of the SQLite store: contentless (the text lives in record.data), one row a record. */
async function createFtsTable(db: Kysely<unknown>): Promise<void> {
  await sql`create virtual table record_fts using fts5(${sql.raw(FTS_COLUMNS.join(', '))}, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2')`.execute(
    db,
  );
  // index leaves the size of a database page (8 KiB): bulk imports write less (bench:import)
  await sql`insert into record_fts (record_fts, rank) values ('pgsz', 8000)`.execute(db);
}

/**
 * The project token of a record in the SQLite index: searches add it to their MATCH, so that FTS5 alone answers
 * "records of this project matching the query" without visiting the record table (measured in bench:search:
 * the join to record for the project filter cost 50 times the FTS5 work itself).
 */
export function projectToken(projectId: number): string {
  return facetToken('pj', String(projectId));
}

export const FTS_INSERT = `insert into record_fts (rowid, ${FTS_COLUMNS.join(', ')}) values (?${', ?'.repeat(FTS_COLUMNS.length)})`;

/** The values of a record's FTS5 row, in FTS_INSERT's order: rowid, the text columns, facets and project. */
export function ftsRow(
  rowid: number | bigint,
  index: IndexText,
  projectId: number,
): (number | bigint | string)[] {
  const facets = index.facets ? `${index.facets} ${projectToken(projectId)}` : projectToken(projectId);
  return [rowid, ...FTS_COLUMNS.map((c) => (c === 'facets' ? facets : index[c]))];
}

const REINDEX_BATCH = 2000;

/**
 * Rebuilds the search index from the stored records: on SQLite a new FTS5 table, on PostgreSQL every record's
 * tsvector. What a migration that changes what is indexed runs.
 */
export async function rebuildRecordIndex(db: Kysely<unknown>, engine: Engine): Promise<number> {
  if (engine === 'sqlite') {
    await sql`drop table record_fts`.execute(db);
    await createFtsTable(db);
  }
  return reindexRecords(db, engine);
}

/** Writes every record's search index entry from its stored BibRecord (into an empty FTS5 table on SQLite). */
async function reindexRecords(db: Kysely<unknown>, engine: Engine): Promise<number> {
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
    for (const row of rows) {
      const record = decodeStoredRecord(row.id, row.data);
      const t = indexText(record);
      if (engine === 'sqlite') {
        await sql`insert into record_fts (rowid, ${sql.raw(FTS_COLUMNS.join(', '))}) values (${sql.join(ftsRow(row.id, t, row.project_id))})`.execute(
          db,
        );
      } else {
        await any
          .updateTable('record')
          .set({ tsv: sql`${tsvectorText(t)}::tsvector` })
          .where('id', '=', row.id)
          .execute();
      }
    }
    count += rows.length;
    last = rows[rows.length - 1]!.id;
  }
}
