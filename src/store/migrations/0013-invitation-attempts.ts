import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/** Migration 0013-invitation-attempts. Released: never edited again (a change is a new migration). */
export function m0013(): Migration {
  return {
    // failed accepts of a link (a taken username): a few are a user choosing again, many are someone probing
    // which usernames exist, so the link wears out
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('invitation')
        .addColumn('failed_accepts', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
    },
  };
}
