import { TwowayError } from '../domain/errors.js';
import { agreement, type Agreement } from '../domain/screening/agreement.js';
import {
  deriveStatus,
  STAGES,
  visibleVotes,
  type DecisionEvent,
  type DecisionValue,
  type RecordStatus,
  type ResolutionEvent,
  type Stage,
} from '../domain/screening/decisions.js';
import { canonicalIds } from './dedupe-store.js';
import type { Store } from './open-store.js';
import { getProject, type Project } from './projects.js';

const VALUES: readonly DecisionValue[] = ['include', 'exclude', 'maybe', 'retract'];

function assertStage(stage: string): asserts stage is Stage {
  if (!(STAGES as readonly string[]).includes(stage))
    throw new TwowayError({
      code: 'E_USAGE',
      message: `unknown stage "${stage}"; stages: ${STAGES.join(', ')}`,
    });
}

function memberRole(project: Project, reviewer: string): string | undefined {
  return project.members.find((m) => m.reviewer === reviewer)?.role;
}

function assertScreener(project: Project, reviewer: string): void {
  const role = memberRole(project, reviewer);
  if (role !== 'owner' && role !== 'reviewer')
    throw new TwowayError({
      code: 'E_FORBIDDEN',
      message: role
        ? `${reviewer} is a ${role} of project ${project.id} and may not screen`
        : `${reviewer} is not a member of project ${project.id}`,
    });
}

function assertReason(project: Project, reason: string | undefined, required: boolean): void {
  const reasons = project.protocol.exclusionReasons;
  if (reason && reasons.length > 0 && !reasons.includes(reason))
    throw new TwowayError({
      code: 'E_USAGE',
      message: `"${reason}" is not an exclusion reason of this project; reasons: ${reasons.join('; ')}`,
    });
  if (!reason && required && reasons.length > 0)
    throw new TwowayError({
      code: 'E_USAGE',
      message: `a full-text exclusion needs a reason; reasons: ${reasons.join('; ')}`,
    });
}

async function assertRecord(store: Store, projectId: number, recordId: number): Promise<void> {
  const row = await store.db
    .selectFrom('record')
    .select('id')
    .where('id', '=', recordId)
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  if (!row)
    throw new TwowayError({ code: 'E_NOT_FOUND', message: `no record ${recordId} in project ${projectId}` });
}

export interface DecisionInput {
  projectId: number;
  recordId: number;
  stage: string;
  reviewer: string;
  value: string;
  reason?: string;
  note?: string;
}

/**
 * Appends a reviewer's decision. Refused: unknown records, stages or values, reasons not in the protocol's
 * list (a full-text exclusion needs one), and reviewers who are not owners or reviewers of the project.
 */
export async function recordDecision(store: Store, input: DecisionInput): Promise<number> {
  const { stage } = await checkDecision(store, input, VALUES);
  const row = await store.db
    .insertInto('decision')
    .values({
      project_id: input.projectId,
      record_id: input.recordId,
      stage,
      reviewer: input.reviewer,
      value: input.value,
      reason: input.value === 'exclude' ? (input.reason ?? null) : null,
      note: input.note ?? null,
      at: new Date().toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * The checks every decision and resolution passes: a known stage and value, a screener of the project, a record
 * of the project, and an exclusion reason from the protocol (required for full-text exclusions).
 */
async function checkDecision(
  store: Store,
  input: DecisionInput,
  values: readonly string[],
): Promise<{ project: Project; stage: Stage }> {
  const stage = input.stage;
  assertStage(stage);
  if (!values.includes(input.value))
    throw new TwowayError({
      code: 'E_USAGE',
      message: `unknown decision "${input.value}"; decisions here: ${values.join(', ')}`,
    });
  const project = await getProject(store, input.projectId);
  assertScreener(project, input.reviewer);
  await assertRecord(store, input.projectId, input.recordId);
  const excluding = input.value === 'exclude';
  assertReason(project, excluding ? input.reason : undefined, excluding && stage === 'full-text');
  return { project, stage };
}

interface Events {
  decisions: DecisionEvent[];
  resolutions: ResolutionEvent[];
  canonical: Map<number, number>;
}

/** All events of a project, with record ids moved to their cluster's canonical record. */
async function loadEvents(store: Store, projectId: number): Promise<Events> {
  const canonical = await canonicalIds(store, projectId);
  const toCanonical = (id: number): number => canonical.get(id) ?? id;
  const decisions = await store.db
    .selectFrom('decision')
    .selectAll()
    .where('project_id', '=', projectId)
    .orderBy('id')
    .execute();
  const resolutions = await store.db
    .selectFrom('resolution')
    .selectAll()
    .where('project_id', '=', projectId)
    .orderBy('id')
    .execute();
  return {
    canonical,
    decisions: decisions.map((d) => ({
      recordId: toCanonical(d.record_id),
      stage: d.stage,
      reviewer: d.reviewer,
      value: d.value as DecisionValue,
      ...(d.reason ? { reason: d.reason } : {}),
      ...(d.note ? { note: d.note } : {}),
      seq: d.id,
    })),
    resolutions: resolutions.map((r) => ({
      recordId: toCanonical(r.record_id),
      stage: r.stage,
      resolver: r.reviewer,
      value: r.value as 'include' | 'exclude',
      ...(r.reason ? { reason: r.reason } : {}),
      seq: r.id,
    })),
  };
}

/** The derived state of every record left after deduplication (canonical records and records in no cluster). */
export async function screeningStatuses(
  store: Store,
  projectId: number,
  stage: string,
): Promise<RecordStatus[]> {
  assertStage(stage);
  const project = await getProject(store, projectId);
  const events = await loadEvents(store, projectId);
  const ids = await store.db
    .selectFrom('record')
    .select('id')
    .where('project_id', '=', projectId)
    .orderBy('id')
    .execute();
  const policy = { reviewersRequired: project.protocol.screening.reviewersRequired };
  return ids
    .filter(({ id }) => (events.canonical.get(id) ?? id) === id)
    .map(({ id }) => deriveStatus(id, stage, events.decisions, events.resolutions, policy));
}

/** One record's state as `viewer` may see it: in blind mode, other reviewers' votes stay hidden until decided. */
export async function statusFor(
  store: Store,
  projectId: number,
  recordId: number,
  stage: string,
  viewer: string,
): Promise<RecordStatus> {
  assertStage(stage);
  const project = await getProject(store, projectId);
  if (!memberRole(project, viewer))
    throw new TwowayError({
      code: 'E_FORBIDDEN',
      message: `${viewer} is not a member of project ${projectId}`,
    });
  await assertRecord(store, projectId, recordId);
  const events = await loadEvents(store, projectId);
  const id = events.canonical.get(recordId) ?? recordId;
  const status = deriveStatus(id, stage, events.decisions, events.resolutions, {
    reviewersRequired: project.protocol.screening.reviewersRequired,
  });
  const votes = visibleVotes(status, viewer, {
    blind: project.protocol.screening.blind,
    viewerIsResolver: memberRole(project, viewer) === 'owner' && status.state === 'conflict',
  });
  return { ...status, votes };
}

/**
 * Resolves a conflict: by an owner, or by a reviewer who has not voted on the record (a third reviewer).
 * Refused when the record is not in conflict.
 */
export async function resolveConflict(store: Store, input: DecisionInput): Promise<number> {
  const { project, stage } = await checkDecision(store, input, ['include', 'exclude']);
  const events = await loadEvents(store, input.projectId);
  const id = events.canonical.get(input.recordId) ?? input.recordId;
  const status = deriveStatus(id, stage, events.decisions, events.resolutions, {
    reviewersRequired: project.protocol.screening.reviewersRequired,
  });
  if (status.state !== 'conflict')
    throw new TwowayError({
      code: 'E_CONFLICT',
      message: `record ${input.recordId} is ${status.state} at ${input.stage}, not in conflict`,
    });
  if (
    memberRole(project, input.reviewer) !== 'owner' &&
    status.votes.some((v) => v.reviewer === input.reviewer)
  )
    throw new TwowayError({
      code: 'E_FORBIDDEN',
      message: `${input.reviewer} voted on record ${input.recordId}: a conflict is resolved by a third reviewer or an owner`,
    });
  const row = await store.db
    .insertInto('resolution')
    .values({
      project_id: input.projectId,
      record_id: id,
      stage,
      reviewer: input.reviewer,
      value: input.value,
      reason: input.reason ?? null,
      note: input.note ?? null,
      at: new Date().toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface PairAgreement extends Agreement {
  reviewers: [string, string];
}

/** Agreement of every pair of reviewers on the records both decided (include/exclude/maybe) at a stage. */
export async function agreementByPair(
  store: Store,
  projectId: number,
  stage: string,
): Promise<PairAgreement[]> {
  const statuses = await screeningStatuses(store, projectId, stage);
  const byPair = new Map<string, [string, string][]>();
  for (const s of statuses) {
    const votes = [...s.votes].sort((a, b) => a.reviewer.localeCompare(b.reviewer));
    for (let i = 0; i < votes.length; i++)
      for (let j = i + 1; j < votes.length; j++) {
        const key = `${votes[i]!.reviewer}\u0000${votes[j]!.reviewer}`;
        const list = byPair.get(key) ?? [];
        list.push([votes[i]!.value, votes[j]!.value]);
        byPair.set(key, list);
      }
  }
  return [...byPair].map(([key, pairs]) => ({
    reviewers: key.split('\u0000') as [string, string],
    ...agreement(pairs),
  }));
}

/** Records whether a full text was obtained (PRISMA's "reports not retrieved"). */
export async function setRetrieval(
  store: Store,
  projectId: number,
  recordId: number,
  status: 'retrieved' | 'not-retrieved',
  reviewer: string,
  location?: string,
): Promise<void> {
  const project = await getProject(store, projectId);
  assertScreener(project, reviewer);
  await assertRecord(store, projectId, recordId);
  await store.db
    .insertInto('retrieval')
    .values({
      project_id: projectId,
      record_id: recordId,
      status,
      location: location ?? null,
      reviewer,
      at: new Date().toISOString(),
    })
    .onConflict((oc) =>
      oc
        .columns(['project_id', 'record_id'])
        .doUpdateSet({ status, location: location ?? null, reviewer, at: new Date().toISOString() }),
    )
    .execute();
}
