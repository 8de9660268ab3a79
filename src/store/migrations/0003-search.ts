import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { StoreEngine } from '../engine/engine.js';

/** Migration 0003-search. Released: never edited again (a change is a new migration). */
export function m0003(engine: StoreEngine): Migration {
  return {
    // PubMed-style search: facet tokens (MeSH, authors, types, dates, …) in the text index, search history
    // and saved searches. Re-indexes every stored record.
    async up(db: Kysely<unknown>) {
      await engine.rebuildTextIndex(db);
      await db.schema
        .createTable('search_history')
        .addColumn('id', engine.idType, (c) => engine.autoId(c))
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
  };
}
