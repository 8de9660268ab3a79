import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { StoreEngine } from '../engine/engine.js';

/** Migration 0001-projects-searches-records. Released: never edited again (a change is a new migration). */
export function m0001(engine: StoreEngine): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('twoway_meta')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('project')
        .addColumn('id', engine.idType, (c) => engine.autoId(c))
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('question', 'text')
        .addColumn('protocol', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('member')
        .addColumn('project_id', 'integer', (c) => c.notNull().references('project.id').onDelete('cascade'))
        .addColumn('reviewer', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('owner', 'reviewer', 'viewer')`))
        .addColumn('added_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('member_pk', ['project_id', 'reviewer'])
        .execute();
      await db.schema
        .createTable('search')
        .addColumn('id', engine.idType, (c) => engine.autoId(c))
        .addColumn('project_id', 'integer', (c) => c.notNull().references('project.id').onDelete('cascade'))
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('query', 'text')
        .addColumn('run_date', 'text')
        .addColumn('file_name', 'text', (c) => c.notNull())
        .addColumn('file_sha256', 'text', (c) => c.notNull())
        .addColumn('file_bytes', 'bigint', (c) => c.notNull())
        .addColumn('format', 'text', (c) => c.notNull())
        .addColumn('records_read', 'integer', (c) => c.notNull())
        .addColumn('report', 'text', (c) => c.notNull())
        .addColumn('imported_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('search_project_sha')
        .on('search')
        .columns(['project_id', 'file_sha256'])
        .execute();
      await db.schema
        .createTable('record')
        .addColumn('id', engine.idType, (c) => engine.autoId(c))
        .addColumn('project_id', 'integer', (c) => c.notNull().references('project.id').onDelete('cascade'))
        .addColumn('search_id', 'integer', (c) => c.notNull().references('search.id').onDelete('cascade'))
        .addColumn('file_line', 'integer', (c) => c.notNull())
        .addColumn('source_id', 'text')
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('title', 'text')
        .addColumn('year', 'integer')
        .addColumn('doi', 'text')
        .addColumn('pmid', 'text')
        .addColumn('pmcid', 'text')
        .addColumn('first_author', 'text')
        .addColumn('journal', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('record_project').on('record').columns(['project_id', 'id']).execute();
      await db.schema.createIndex('record_search').on('record').column('search_id').execute();
      await db.schema.createIndex('record_doi').on('record').columns(['project_id', 'doi']).execute();
      await db.schema.createIndex('record_pmid').on('record').columns(['project_id', 'pmid']).execute();
      if (engine.name === 'sqlite') {
        // contentless: the text lives in record.data; the index holds only what search needs
        await sql`create virtual table record_fts using fts5(title, abstract, keywords, authors, journal, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2')`.execute(
          db,
        );
        // index leaves the size of a database page (8 KiB): bulk imports write less (bench:import)
        await sql`insert into record_fts (record_fts, rank) values ('pgsz', 8000)`.execute(db);
      } else {
        await sql`alter table record add column tsv tsvector`.execute(db);
        await sql`create index record_tsv on record using gin (tsv)`.execute(db);
      }
    },
  };
}
