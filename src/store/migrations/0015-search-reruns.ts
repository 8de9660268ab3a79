import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/** Migration 0015-search-reruns. Released: never edited again (a change is a new migration). */
export function m0015(): Migration {
  return {
    // living reviews: a search run again later names the search it repeats (domain/synthesis/search-runs.ts);
    // not a foreign key, so that removing the first run leaves the later one standing (it starts the series)
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('search').addColumn('rerun_of', 'integer').execute();
    },
  };
}
