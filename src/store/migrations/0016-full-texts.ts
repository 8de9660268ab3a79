import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { StoreEngine } from '../engine/engine.js';

/** Migration 0016-full-texts. Released: never edited again (a change is a new migration). */
export function m0016(engine: StoreEngine): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // the PDFs themselves, once each by SHA-256, inside the database (SQLite blob, PostgreSQL bytea): a
      // backup, a restore and an import removal carry them in the same transaction as the records
      await db.schema
        .createTable('full_text_content')
        .addColumn('sha256', 'text', (c) => c.primaryKey())
        .addColumn('bytes', 'bigint', (c) => c.notNull())
        .addColumn('content', engine.name === 'sqlite' ? 'blob' : 'bytea', (c) => c.notNull())
        .execute();
      // a record's full text: one PDF a record, named as it was uploaded
      await db.schema
        .createTable('full_text_file')
        .addColumn('project_id', 'integer', (c) => c.notNull().references('project.id').onDelete('cascade'))
        .addColumn('record_id', 'integer', (c) => c.notNull().references('record.id').onDelete('cascade'))
        .addColumn('sha256', 'text', (c) => c.notNull().references('full_text_content.sha256'))
        .addColumn('file_name', 'text', (c) => c.notNull())
        .addColumn('bytes', 'bigint', (c) => c.notNull())
        .addColumn('uploaded_by', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('full_text_file_pk', ['project_id', 'record_id'])
        .execute();
      await db.schema.createIndex('full_text_file_record').on('full_text_file').column('record_id').execute();
      await db.schema.createIndex('full_text_file_sha').on('full_text_file').column('sha256').execute();
    },
  };
}
