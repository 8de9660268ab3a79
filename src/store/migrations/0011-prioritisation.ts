import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { StoreEngine } from '../engine/engine.js';

/** Migration 0011-prioritisation. Released: never edited again (a change is a new migration). */
export function m0011(engine: StoreEngine): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // each trained model of a project: its version, what it learnt from, when
      await db.schema
        .createTable('priority_model')
        .addColumn('id', engine.idType, (c) => engine.autoId(c))
        .addColumn('project_id', 'integer', (c) => c.notNull().references('project.id').onDelete('cascade'))
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('preset', 'text', (c) => c.notNull())
        .addColumn('labelled', 'integer', (c) => c.notNull())
        .addColumn('relevant', 'integer', (c) => c.notNull())
        .addColumn('records', 'integer', (c) => c.notNull())
        .addColumn('milliseconds', 'integer', (c) => c.notNull())
        .addColumn('trained_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('priority_model_project')
        .on('priority_model')
        .columns(['project_id', 'version'])
        .unique()
        .execute();
      // the latest ranking: one row a canonical record, replaced by each retrain
      await db.schema
        .createTable('priority_score')
        .addColumn('project_id', 'integer', (c) => c.notNull().references('project.id').onDelete('cascade'))
        .addColumn('record_id', 'integer', (c) => c.notNull().references('record.id').onDelete('cascade'))
        .addColumn('score', 'real', (c) => c.notNull())
        .addColumn('rank', 'integer', (c) => c.notNull())
        .addColumn('model_version', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('priority_score_pk', ['project_id', 'record_id'])
        .execute();
      await db.schema
        .createIndex('priority_score_rank')
        .on('priority_score')
        .columns(['project_id', 'rank'])
        .execute();
      // records the team marks as known relevant (1) or irrelevant (0) before screening
      await db.schema
        .createTable('prior_mark')
        .addColumn('project_id', 'integer', (c) => c.notNull().references('project.id').onDelete('cascade'))
        .addColumn('record_id', 'integer', (c) => c.notNull().references('record.id').onDelete('cascade'))
        .addColumn('relevant', 'integer', (c) => c.notNull())
        .addColumn('marked_by', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('prior_mark_pk', ['project_id', 'record_id'])
        .execute();
      // when and why the team stopped screening, with the estimate it stopped on
      await db.schema
        .createTable('screening_stop')
        .addColumn('id', engine.idType, (c) => engine.autoId(c))
        .addColumn('project_id', 'integer', (c) => c.notNull().references('project.id').onDelete('cascade'))
        .addColumn('stopped_by', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('estimate', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .execute();
      // each decision's provenance: the model version and the rank at which the record was shown
      await db.schema.alterTable('decision').addColumn('model_version', 'integer').execute();
      await db.schema.alterTable('decision').addColumn('shown_rank', 'integer').execute();
    },
  };
}
