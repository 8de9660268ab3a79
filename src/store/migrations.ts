import { sql, type Kysely } from 'kysely';
import type { Migration, MigrationProvider } from 'kysely/migration';

export type Engine = 'sqlite' | 'postgres';

/**
 * The one migration set of Twoway, for both engines. A migration is never edited once released: add a new one.
 * Engine differences are confined to the id column type and the full-text index.
 */
export function migrations(engine: Engine): Record<string, Migration> {
  const id = engine === 'sqlite' ? 'integer' : 'serial';
  return {
    '0001-projects-searches-records': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('twoway_meta')
          .addColumn('key', 'text', (c) => c.primaryKey())
          .addColumn('value', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('project')
          .addColumn('id', id, (c) => (engine === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey()))
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
          .addColumn('id', id, (c) => (engine === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey()))
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
          .addColumn('id', id, (c) => (engine === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey()))
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
        if (engine === 'sqlite') {
          // contentless: the text lives in record.data; the index holds only what search needs
          await sql`create virtual table record_fts using fts5(title, abstract, keywords, authors, journal, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2')`.execute(
            db,
          );
        } else {
          await sql`alter table record add column tsv tsvector`.execute(db);
          await sql`create index record_tsv on record using gin (tsv)`.execute(db);
        }
      },
    },
  };
}

/** Kysely's migrator takes its migrations from here. */
export class TwowayMigrations implements MigrationProvider {
  constructor(private readonly engine: Engine) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations(this.engine);
  }
}
