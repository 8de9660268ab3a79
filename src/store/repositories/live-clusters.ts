import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../schema.js';

/**
 * Duplicate cluster membership, written once: a cluster is live until it is undone (an undo, or a merge that
 * joined it into a bigger one), and only live clusters count — for deduplication, screening, search, export
 * and PRISMA alike.
 */

/** The live clusters of a project (`c`). */
export function liveClusters(db: Kysely<Database>, projectId: number) {
  return db
    .selectFrom('duplicate_cluster as c')
    .where('c.project_id', '=', projectId)
    .where('c.undone_at', 'is', null);
}

/** The members (`m`) of the live clusters (`c`) of a project. */
export function liveMembers(db: Kysely<Database>, projectId: number) {
  return db
    .selectFrom('duplicate_member as m')
    .innerJoin('duplicate_cluster as c', 'c.id', 'm.cluster_id')
    .where('c.project_id', '=', projectId)
    .where('c.undone_at', 'is', null);
}

/**
 * SQL, for hand-written statements: the record `recordRef` (a column reference such as `r.id`) is set aside as
 * a non-canonical member of a live cluster.
 */
export function setAsideAsDuplicate(recordRef: string): RawBuilder<unknown> {
  return sql`exists (select 1 from duplicate_member sm join duplicate_cluster sc on sc.id = sm.cluster_id
    where sm.record_id = ${sql.ref(recordRef)} and ${isLive('sc')} and sc.canonical_record_id <> ${sql.ref(recordRef)})`;
}

/** SQL: the cluster row `alias` is live (not undone). */
export function isLive(alias: string): RawBuilder<unknown> {
  return sql`${sql.ref(`${alias}.undone_at`)} is null`;
}
