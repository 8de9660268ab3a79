import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { StoreEngine } from '../engine/engine.js';

/** Migration 0009-activities. Released: never edited again (a change is a new migration). */
export function m0009(engine: StoreEngine): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('activity')
        .addColumn('id', engine.idType, (c) => engine.autoId(c))
        .addColumn('partnership_id', 'integer', (c) =>
          c.notNull().references('partnership.id').onDelete('cascade'),
        )
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('start_date', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('recorded_by', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('activity_partnership').on('activity').column('partnership_id').execute();
    },
  };
}
