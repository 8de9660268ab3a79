import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { StoreEngine } from '../engine/engine.js';

/** Migration 0017-feature-snapshots. Released: never edited again (a change is a new migration). */
export function m0017(engine: StoreEngine): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // what the prioritisation model reads of a project's records (FeatureSnapshot's bytes), kept between
      // runs of the product, by the feature settings it was counted with; in parts, as large projects outgrow
      // what one value may hold
      await db.schema
        .createTable('feature_snapshot')
        .addColumn('project_id', 'integer', (c) => c.notNull().references('project.id').onDelete('cascade'))
        .addColumn('features_key', 'text', (c) => c.notNull())
        .addColumn('part', 'integer', (c) => c.notNull())
        .addColumn('data', engine.name === 'sqlite' ? 'blob' : 'bytea', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('feature_snapshot_pk', ['project_id', 'features_key', 'part'])
        .execute();
    },
  };
}
