import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { StoreEngine } from '../engine/engine.js';

/** Migration 0010-submissions. Released: never edited again (a change is a new migration). */
export function m0010(_engine: StoreEngine): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // each ODK/Kobo submission imported once: its instance id, and the report version it became
      await db.schema
        .createTable('submission_import')
        .addColumn('instance_id', 'text', (c) => c.primaryKey())
        .addColumn('report_id', 'integer', (c) =>
          c.notNull().references('benefit_report.id').onDelete('cascade'),
        )
        .addColumn('form_version', 'text', (c) => c.notNull())
        .addColumn('imported_by', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .execute();
    },
  };
}
