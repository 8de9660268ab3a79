import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { StoreEngine } from '../engine/engine.js';

/** Migration 0014-tags-assignments. Released: never edited again (a change is a new migration). */
export function m0014(engine: StoreEngine): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // the team's own labels for records ("RCT", "ask Ana"), one name a project (compared by name_key)
      await db.schema
        .createTable('tag')
        .addColumn('id', engine.idType, (c) => engine.autoId(c))
        .addColumn('project_id', 'integer', (c) => c.notNull().references('project.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('name_key', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('tag_name')
        .on('tag')
        .columns(['project_id', 'name_key'])
        .unique()
        .execute();
      await db.schema
        .createTable('record_tag')
        .addColumn('project_id', 'integer', (c) => c.notNull().references('project.id').onDelete('cascade'))
        .addColumn('record_id', 'integer', (c) => c.notNull().references('record.id').onDelete('cascade'))
        .addColumn('tag_id', 'integer', (c) => c.notNull().references('tag.id').onDelete('cascade'))
        .addColumn('tagged_by', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('record_tag_pk', ['record_id', 'tag_id'])
        .execute();
      await db.schema.createIndex('record_tag_tag').on('record_tag').column('tag_id').execute();
      // records an owner gave a reviewer to screen at a stage: served to them first
      await db.schema
        .createTable('assignment')
        .addColumn('project_id', 'integer', (c) => c.notNull().references('project.id').onDelete('cascade'))
        .addColumn('record_id', 'integer', (c) => c.notNull().references('record.id').onDelete('cascade'))
        .addColumn('stage', 'text', (c) => c.notNull())
        .addColumn('reviewer', 'text', (c) => c.notNull())
        .addColumn('assigned_by', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('assignment_pk', ['record_id', 'stage', 'reviewer'])
        .execute();
      await db.schema
        .createIndex('assignment_reviewer')
        .on('assignment')
        .columns(['project_id', 'reviewer', 'stage', 'record_id'])
        .execute();
    },
  };
}
