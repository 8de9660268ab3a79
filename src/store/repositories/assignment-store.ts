import { TwowayError } from '../../domain/errors.js';
import { assertStage, type Stage } from '../../domain/screening/decisions.js';
import { assertMayActInBulk, roleOf, SCREENERS } from '../../domain/screening/policy.js';
import type { Store } from '../open-store.js';
import { storeTransaction } from '../write-transaction.js';
import { auditBulk } from './audit-log.js';
import { canonicalIds } from './dedupe-store.js';
import type { Project } from './projects.js';
import { assertProjectRecords } from './stored-records.js';

/**
 * Work allocation, as EPPI-Reviewer's: an owner assigns records to a reviewer at a stage, and the screening
 * queue serves a reviewer the records assigned to them first (others may still screen them: dual screening
 * needs two). An assignment is held by the cluster's canonical record. Audited.
 */

const CHUNK = 500;

/** Assigns records to a reviewer at a stage, or takes the assignment back; returns how many records changed. */
export async function assignRecords(
  store: Store,
  input: {
    project: Project;
    actor: string;
    stage: string;
    reviewer: string;
    recordIds: readonly number[];
    remove?: boolean;
  },
): Promise<{ changed: number }> {
  const { project, actor, stage, reviewer } = input;
  assertMayActInBulk(project, actor);
  assertStage(stage);
  const role = roleOf(project, reviewer);
  if (!role || !SCREENERS.includes(role))
    throw new TwowayError({
      code: 'E_USAGE',
      message: `${reviewer} ${role ? `is a ${role} of` : 'is not a member of'} project ${project.id}: records are assigned to owners or reviewers`,
    });
  return storeTransaction(store, async (tx) => {
    const recordIds = [...new Set(input.recordIds)];
    await assertProjectRecords(tx, project.id, recordIds);
    const canonical = await canonicalIds(tx, project.id);
    const clusters = [...new Set(recordIds.map((id) => canonical.get(id) ?? id))];
    const held = new Set(
      (
        await tx.db
          .selectFrom('assignment')
          .select('record_id')
          .where('project_id', '=', project.id)
          .where('stage', '=', stage)
          .where('reviewer', '=', reviewer)
          .execute()
      ).map((r) => r.record_id),
    );
    const changing = clusters.filter((id) => held.has(id) === Boolean(input.remove));
    const at = new Date().toISOString();
    for (let i = 0; i < changing.length; i += CHUNK) {
      const ids = changing.slice(i, i + CHUNK);
      if (input.remove)
        await tx.db
          .deleteFrom('assignment')
          .where('project_id', '=', project.id)
          .where('stage', '=', stage)
          .where('reviewer', '=', reviewer)
          .where('record_id', 'in', ids)
          .execute();
      else
        await tx.db
          .insertInto('assignment')
          .values(
            ids.map((id) => ({
              project_id: project.id,
              record_id: id,
              stage,
              reviewer,
              assigned_by: actor,
              at,
            })),
          )
          .execute();
    }
    await auditBulk(
      tx,
      {
        projectId: project.id,
        actor,
        action: input.remove ? 'assignment.remove' : 'assignment.add',
        detail: { stage, reviewer },
      },
      changing,
    );
    return { changed: changing.length };
  });
}

/** Canonical record id → the reviewers it is assigned to at a stage. */
export async function assigneesByRecord(
  store: Store,
  projectId: number,
  stage: Stage,
  canonical: ReadonlyMap<number, number>,
): Promise<Map<number, string[]>> {
  const rows = await store.db
    .selectFrom('assignment')
    .select(['record_id', 'reviewer'])
    .where('project_id', '=', projectId)
    .where('stage', '=', stage)
    .orderBy('reviewer')
    .execute();
  const out = new Map<number, string[]>();
  for (const r of rows) {
    const id = canonical.get(r.record_id) ?? r.record_id;
    out.set(id, [...(out.get(id) ?? []), r.reviewer]);
  }
  return out;
}

/** The records assigned to a reviewer at a stage, in id order (the screening queue's first candidates). */
export async function assignedTo(
  store: Store,
  projectId: number,
  stage: Stage,
  reviewer: string,
): Promise<number[]> {
  const rows = await store.db
    .selectFrom('assignment')
    .select('record_id')
    .where('project_id', '=', projectId)
    .where('stage', '=', stage)
    .where('reviewer', '=', reviewer)
    .orderBy('record_id')
    .execute();
  return rows.map((r) => r.record_id);
}
