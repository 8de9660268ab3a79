import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { StoreEngine } from '../engine/engine.js';

/** Migration 0005-author-keys. Released: never edited again (a change is a new migration). */
export function m0005(engine: StoreEngine): Migration {
  return {
    // authors are indexed by one readable key each (family name, initials) that [au] searches by prefix,
    // instead of one hashed token per initials prefix: re-indexes every stored record
    async up(db: Kysely<unknown>) {
      await engine.rebuildTextIndex(db);
    },
  };
}
