import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { StoreEngine } from '../engine/engine.js';

/** Migration 0002-dedupe-screening. Released: never edited again (a change is a new migration). */
export function m0002(engine: StoreEngine): Migration {
  return {
    async up(db: Kysely<unknown>) {
      const idColumn = (t: string) =>
        db.schema.createTable(t).addColumn('id', engine.idType, (c) => engine.autoId(c));
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
          .addColumn('project_id', 'integer', (c) => c.notNull().references('project.id').onDelete('cascade'))
          .addColumn('record_id', 'integer', (c) => c.notNull().references('record.id').onDelete('cascade'))
          .addColumn('stage', 'text', (c) => c.notNull().check(sql`stage in ('title-abstract', 'full-text')`))
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
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('retrieved', 'not-retrieved')`))
        .addColumn('location', 'text')
        .addColumn('reviewer', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('retrieval_pk', ['project_id', 'record_id'])
        .execute();
    },
  };
}
