import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { StoreEngine } from '../engine/engine.js';

/** Migration 0007-partnerships. Released: never edited again (a change is a new migration). */
export function m0007(engine: StoreEngine): Migration {
  return {
    async up(db: Kysely<unknown>) {
      const idColumn = (t: string) =>
        db.schema.createTable(t).addColumn('id', engine.idType, (c) => engine.autoId(c));
      await idColumn('institution')
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) =>
          c.notNull().check(sql`type in ('hospital', 'university', 'ministry', 'ngo', 'other')`),
        )
        .addColumn('country', 'text', (c) => c.notNull())
        .addColumn('city', 'text')
        .addColumn('ror_id', 'text')
        .addColumn('name_key', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('institution_name_country', ['name_key', 'country'])
        .execute();
      await idColumn('partnership')
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('programme', 'text', (c) => c.notNull())
        .addColumn('start_date', 'text', (c) => c.notNull())
        .addColumn('end_date', 'text')
        .addColumn('focus_areas', 'text', (c) => c.notNull())
        .addColumn('objectives', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('partnership_institution')
        .addColumn('partnership_id', 'integer', (c) =>
          c.notNull().references('partnership.id').onDelete('cascade'),
        )
        .addColumn('institution_id', 'integer', (c) => c.notNull().references('institution.id'))
        .addColumn('side', 'text', (c) => c.notNull())
        .addColumn('classification', 'text', (c) => c.notNull())
        .addColumn('override_reason', 'text')
        .addPrimaryKeyConstraint('partnership_institution_pk', ['partnership_id', 'institution_id'])
        .execute();
      await idColumn('cycle_transition')
        .addColumn('partnership_id', 'integer', (c) =>
          c.notNull().references('partnership.id').onDelete('cascade'),
        )
        .addColumn('step', 'text', (c) => c.notNull())
        .addColumn('date', 'text', (c) => c.notNull())
        .addColumn('recorded_by', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('cycle_transition_partnership')
        .on('cycle_transition')
        .column('partnership_id')
        .execute();
    },
  };
}
