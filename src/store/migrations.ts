import { sql, type Kysely } from 'kysely';
import type { Migration, MigrationProvider } from 'kysely/migration';
import { rebuildRecordIndex } from './record-index.js';

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
          // index leaves the size of a database page (8 KiB): bulk imports write less (bench:import)
          await sql`insert into record_fts (record_fts, rank) values ('pgsz', 8000)`.execute(db);
        } else {
          await sql`alter table record add column tsv tsvector`.execute(db);
          await sql`create index record_tsv on record using gin (tsv)`.execute(db);
        }
      },
    },
    '0002-dedupe-screening': {
      async up(db: Kysely<unknown>) {
        const idColumn = (t: string) =>
          db.schema
            .createTable(t)
            .addColumn('id', id, (c) =>
              engine === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey(),
            );
        await idColumn('duplicate_cluster')
          .addColumn('project_id', 'integer', (c) => c.notNull().references('project.id').onDelete('cascade'))
          .addColumn('canonical_record_id', 'integer', (c) =>
            c.notNull().references('record.id').onDelete('cascade'),
          )
          .addColumn('rule', 'text', (c) => c.notNull())
          .addColumn('score', 'real', (c) => c.notNull())
          .addColumn('automatic', 'integer', (c) => c.notNull())
          .addColumn('created_by', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('undone_at', 'text')
          .addColumn('undone_by', 'text')
          .execute();
        await db.schema
          .createTable('duplicate_member')
          .addColumn('cluster_id', 'integer', (c) =>
            c.notNull().references('duplicate_cluster.id').onDelete('cascade'),
          )
          .addColumn('record_id', 'integer', (c) => c.notNull().references('record.id').onDelete('cascade'))
          .addPrimaryKeyConstraint('duplicate_member_pk', ['cluster_id', 'record_id'])
          .execute();
        await db.schema
          .createIndex('duplicate_member_record')
          .on('duplicate_member')
          .column('record_id')
          .execute();
        await db.schema
          .createTable('not_duplicate')
          .addColumn('project_id', 'integer', (c) => c.notNull().references('project.id').onDelete('cascade'))
          .addColumn('record_a', 'integer', (c) => c.notNull())
          .addColumn('record_b', 'integer', (c) => c.notNull())
          .addColumn('reviewer', 'text', (c) => c.notNull())
          .addColumn('at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('not_duplicate_pk', ['project_id', 'record_a', 'record_b'])
          .execute();
        await db.schema
          .createTable('review_pair')
          .addColumn('project_id', 'integer', (c) => c.notNull().references('project.id').onDelete('cascade'))
          .addColumn('record_a', 'integer', (c) => c.notNull())
          .addColumn('record_b', 'integer', (c) => c.notNull())
          .addColumn('score', 'real', (c) => c.notNull())
          .addColumn('reasons', 'text', (c) => c.notNull())
          .addColumn('found_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('review_pair_pk', ['project_id', 'record_a', 'record_b'])
          .execute();
        for (const table of ['decision', 'resolution'] as const) {
          await idColumn(table)
            .addColumn('project_id', 'integer', (c) =>
              c.notNull().references('project.id').onDelete('cascade'),
            )
            .addColumn('record_id', 'integer', (c) => c.notNull().references('record.id').onDelete('cascade'))
            .addColumn('stage', 'text', (c) =>
              c.notNull().check(sql`stage in ('title-abstract', 'full-text')`),
            )
            .addColumn('reviewer', 'text', (c) => c.notNull())
            .addColumn('value', 'text', (c) => c.notNull())
            .addColumn('reason', 'text')
            .addColumn('note', 'text')
            .addColumn('at', 'text', (c) => c.notNull())
            .execute();
          await db.schema
            .createIndex(`${table}_project_record`)
            .on(table)
            .columns(['project_id', 'record_id'])
            .execute();
        }
        await db.schema
          .createTable('retrieval')
          .addColumn('project_id', 'integer', (c) => c.notNull().references('project.id').onDelete('cascade'))
          .addColumn('record_id', 'integer', (c) => c.notNull().references('record.id').onDelete('cascade'))
          .addColumn('status', 'text', (c) =>
            c.notNull().check(sql`status in ('retrieved', 'not-retrieved')`),
          )
          .addColumn('location', 'text')
          .addColumn('reviewer', 'text', (c) => c.notNull())
          .addColumn('at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('retrieval_pk', ['project_id', 'record_id'])
          .execute();
      },
    },
    '0003-search': {
      // PubMed-style search: facet tokens (MeSH, authors, types, dates, …) in the text index, search history
      // and saved searches. Re-indexes every stored record.
      async up(db: Kysely<unknown>) {
        await rebuildRecordIndex(db, engine);
        await db.schema
          .createTable('search_history')
          .addColumn('id', id, (c) => (engine === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey()))
          .addColumn('project_id', 'integer', (c) => c.notNull().references('project.id').onDelete('cascade'))
          .addColumn('number', 'integer', (c) => c.notNull())
          .addColumn('query', 'text', (c) => c.notNull())
          .addColumn('translation', 'text', (c) => c.notNull())
          .addColumn('result_count', 'integer', (c) => c.notNull())
          .addColumn('run_by', 'text', (c) => c.notNull())
          .addColumn('run_at', 'text', (c) => c.notNull())
          .addUniqueConstraint('search_history_number', ['project_id', 'number'])
          .execute();
        await db.schema
          .createTable('saved_search')
          .addColumn('project_id', 'integer', (c) => c.notNull().references('project.id').onDelete('cascade'))
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('query', 'text', (c) => c.notNull())
          .addColumn('translation', 'text', (c) => c.notNull())
          .addColumn('result_count', 'integer', (c) => c.notNull())
          .addColumn('saved_by', 'text', (c) => c.notNull())
          .addColumn('saved_at', 'text', (c) => c.notNull())
          .addColumn('last_run_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('saved_search_pk', ['project_id', 'name'])
          .execute();
      },
    },
    '0004-accounts': {
      // the web application: local accounts, sessions, invitations, the audit log, and an index that finds a
      // reviewer's next record without reading every decision of the project
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('account')
          .addColumn('id', id, (c) => (engine === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey()))
          .addColumn('username', 'text', (c) => c.notNull().unique())
          .addColumn('display_name', 'text', (c) => c.notNull())
          .addColumn('password_hash', 'text', (c) => c.notNull())
          .addColumn('is_admin', 'integer', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('auth_session')
          .addColumn('token_hash', 'text', (c) => c.primaryKey())
          .addColumn('account_id', 'integer', (c) => c.notNull().references('account.id').onDelete('cascade'))
          .addColumn('csrf_token', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('auth_session_account').on('auth_session').column('account_id').execute();
        await db.schema
          .createTable('invitation')
          .addColumn('token_hash', 'text', (c) => c.primaryKey())
          .addColumn('project_id', 'integer', (c) => c.references('project.id').onDelete('cascade'))
          .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('owner', 'reviewer', 'viewer')`))
          .addColumn('created_by', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'text', (c) => c.notNull())
          .addColumn('accepted_by', 'text')
          .addColumn('accepted_at', 'text')
          .execute();
        await db.schema
          .createTable('audit_event')
          .addColumn('id', id, (c) => (engine === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey()))
          .addColumn('project_id', 'integer', (c) => c.references('project.id').onDelete('cascade'))
          .addColumn('actor', 'text', (c) => c.notNull())
          .addColumn('action', 'text', (c) => c.notNull())
          .addColumn('detail', 'text', (c) => c.notNull())
          .addColumn('at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('audit_event_project')
          .on('audit_event')
          .columns(['project_id', 'id'])
          .execute();
        await db.schema
          .createIndex('decision_reviewer')
          .on('decision')
          .columns(['project_id', 'stage', 'reviewer', 'record_id'])
          .execute();
        await db.schema
          .createIndex('duplicate_cluster_canonical')
          .on('duplicate_cluster')
          .column('canonical_record_id')
          .execute();
      },
    },
    '0005-author-keys': {
      // authors are indexed by one readable key each (family name, initials) that [au] searches by prefix,
      // instead of one hashed token per initials prefix: re-indexes every stored record
      async up(db: Kysely<unknown>) {
        await rebuildRecordIndex(db, engine);
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
