import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { StoreEngine } from '../engine/engine.js';

/** Migration 0006-coding. Released: never edited again (a change is a new migration). */
export function m0006(engine: StoreEngine): Migration {
  return {
    async up(db: Kysely<unknown>) {
      const idColumn = (t: string) =>
        db.schema.createTable(t).addColumn('id', engine.idType, (c) => engine.autoId(c));
      // every version of a project's framework and form stays: codings keep the version they were made with
      await idColumn('project_framework')
        .addColumn('project_id', 'integer', (c) => c.notNull().references('project.id').onDelete('cascade'))
        .addColumn('framework_id', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('form', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('project_framework_version', ['project_id', 'framework_id', 'version'])
        .execute();
      // append-only: a coder's current coding is their latest event, a study's consensus its latest consensus
      await idColumn('coding_event')
        .addColumn('project_id', 'integer', (c) => c.notNull().references('project.id').onDelete('cascade'))
        .addColumn('record_id', 'integer', (c) => c.notNull().references('record.id').onDelete('cascade'))
        .addColumn('coder', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('draft', 'submitted', 'consensus')`))
        .addColumn('framework_id', 'text', (c) => c.notNull())
        .addColumn('framework_version', 'integer', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('coding_event_project_record')
        .on('coding_event')
        .columns(['project_id', 'record_id'])
        .execute();
    },
  };
}
