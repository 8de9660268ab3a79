import { sql, type Kysely } from 'kysely';
import { indexText } from '../domain/query/index-text.js';
import { facetToken } from '../domain/query/tokens.js';
import type { BibRecord } from '../domain/record/bib-record.js';
import type { Engine } from './migrations.js';
import { tsvectorText } from './tsvector-text.js';

/** The FTS5 table of the SQLite store: contentless (the text lives in record.data), one row a record. */
export async function createFtsTable(db: Kysely<unknown>): Promise<void> {
  await sql`create virtual table record_fts using fts5(title, abstract, keywords, authors, journal, facets, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2')`.execute(
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

export function withProject(facets: string, projectId: number): string {
  return facets ? `${facets} ${projectToken(projectId)}` : projectToken(projectId);
}

export const FTS_INSERT =
  'insert into record_fts (rowid, title, abstract, keywords, authors, journal, facets) values (?, ?, ?, ?, ?, ?, ?)';

const REINDEX_BATCH = 2000;

/**
 * Rebuilds every record's search index entry from its stored BibRecord: what a migration
 * that changes what is indexed runs.
 */
export async function reindexRecords(db: Kysely<unknown>, engine: Engine): Promise<number> {
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
      const record = JSON.parse(row.data) as BibRecord;
      const t = indexText(record);
      if (engine === 'sqlite') {
        await sql`insert into record_fts (rowid, title, abstract, keywords, authors, journal, facets) values (${row.id}, ${t.title}, ${t.abstract}, ${t.keywords}, ${t.authors}, ${t.journal}, ${withProject(t.facets, row.project_id)})`.execute(
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
