import { TwowayError } from '../../domain/errors.js';
import { screeningEstimate, type ScreeningEstimate } from '../../domain/prioritise/screening-estimate.js';
import { screenedLabel } from '../../domain/prioritise/training-labels.js';
import { assertRole, ANY_MEMBER, OWNERS } from '../../domain/screening/policy.js';
import type { Store } from '../open-store.js';
import { storeTransaction } from '../write-transaction.js';
import { audit } from './audit-log.js';
import { canonicalIds } from './dedupe-store.js';
import type { Project } from './projects.js';
import { screeningStatuses } from './screening-store.js';

/**
 * The project's screening estimate at title/abstract: records in the order their first vote was cast (a
 * duplicate's vote counts for its cluster), each labelled as the team's screening has it so far
 * (screenedLabel: in blind screening only decided records count), then the curve and the stopping rules. A team-level figure: every member may read it,
 * as they read the dashboard's counts.
 */
export async function projectScreeningEstimate(
  store: Store,
  project: Project,
  viewer: string,
): Promise<ScreeningEstimate> {
  assertRole(project, viewer, ANY_MEMBER);
  const [statuses, canonical, votes] = await Promise.all([
    screeningStatuses(store, project.id, 'title-abstract'),
    canonicalIds(store, project.id),
    store.db
      .selectFrom('decision')
      .select('record_id')
      .where('project_id', '=', project.id)
      .where('stage', '=', 'title-abstract')
      .orderBy('id')
      .execute(),
  ]);
  const statusOf = new Map(statuses.map((s) => [s.recordId, s]));
  const seen = new Set<number>();
  const labels: (0 | 1)[] = [];
  for (const vote of votes) {
    const id = canonical.get(vote.record_id) ?? vote.record_id;
    if (seen.has(id)) continue;
    const status = statusOf.get(id);
    const label = status ? screenedLabel(status, project.protocol.screening.blind) : undefined;
    if (label === undefined) continue;
    seen.add(id);
    labels.push(label);
  }
  return screeningEstimate(labels, statuses.length, project.protocol.prioritisation);
}

export interface ScreeningStop {
  id: number;
  stoppedBy: string;
  reason: string;
  at: string;
  estimate: ScreeningEstimate;
}

/**
 * Records that the team stopped screening, why, and the estimate it stopped on (for the methods section).
 * Owners only; audited. The reason is required.
 */
export async function recordScreeningStop(
  store: Store,
  project: Project,
  actor: string,
  reason: string,
): Promise<ScreeningStop> {
  assertRole(project, actor, OWNERS);
  const why = reason.trim();
  if (!why)
    throw new TwowayError({
      code: 'E_USAGE',
      message: 'say why the team stops (the methods section reports it)',
    });
  const estimate = await projectScreeningEstimate(store, project, actor);
  const { curve: _curve, ...kept } = estimate;
  const at = new Date().toISOString();
  const id = await storeTransaction(store, async (tx) => {
    const row = await tx.db
      .insertInto('screening_stop')
      .values({ project_id: project.id, stopped_by: actor, reason: why, estimate: JSON.stringify(kept), at })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(tx, { projectId: project.id, actor, action: 'screening-stop', detail: { reason: why } });
    return row.id;
  });
  return { id, stoppedBy: actor, reason: why, at, estimate: { ...kept, curve: [] } };
}

/** When and why the team stopped, oldest first. */
export async function screeningStops(
  store: Store,
  project: Project,
  viewer: string,
): Promise<ScreeningStop[]> {
  assertRole(project, viewer, ANY_MEMBER);
  const rows = await store.db
    .selectFrom('screening_stop')
    .selectAll()
    .where('project_id', '=', project.id)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    stoppedBy: r.stopped_by,
    reason: r.reason,
    at: r.at,
    estimate: { curve: [], ...(JSON.parse(r.estimate) as Omit<ScreeningEstimate, 'curve'>) },
  }));
}
