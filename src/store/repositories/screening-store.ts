import { TwowayError } from '../../domain/errors.js';
import { sql, type RawBuilder } from 'kysely';
import { agreementByReviewerPair, type PairAgreement } from '../../domain/screening/agreement.js';
import {
  assertExclusionReason,
  assertMayActInBulk,
  assertMayReadAgreement,
  assertMayResolve,
  assertMayScreen,
  assertRole,
  ANY_MEMBER,
  changesSettledVote,
  visibleStatus,
} from '../../domain/screening/policy.js';
import {
  assertStage,
  deriveStatus,
  deriveStatuses,
  STAGES,
  type DecisionEvent,
  type DecisionValue,
  type RecordStatus,
  type ResolutionEvent,
  type Stage,
} from '../../domain/screening/decisions.js';
import { canonicalIds, clusterPeers } from './dedupe-store.js';
import { isLive, setAsideAsDuplicate } from './live-clusters.js';
import { assertProjectRecords, projectRecordIdList } from './stored-records.js';
import type { Store } from '../open-store.js';
import { storeTransaction } from '../write-transaction.js';
import { audit, auditBulk } from './audit-log.js';
import { latestRerunSearches } from './searches.js';
import { earliestLatestRun } from '../../domain/synthesis/search-runs.js';
import { getProject, type Project } from './projects.js';

const VALUES: readonly DecisionValue[] = ['include', 'exclude', 'maybe', 'retract'];

/** The project a caller loaded already (when it is the one asked for), else the stored one. */
async function loadedProject(store: Store, projectId: number, loaded: Project | undefined): Promise<Project> {
  return loaded?.id === projectId ? loaded : getProject(store, projectId);
}

export interface DecisionInput {
  projectId: number;
  /** The project as the caller loaded it already (for its access check); read from the store when absent. */
  project?: Project;
  recordId: number;
  stage: string;
  reviewer: string;
  value: string;
  reason?: string;
  note?: string;
  /**
   * The ranking the record was shown from (model version and rank); when absent, the latest ranking's at
   * title/abstract (the only stage served from a ranking), none at full text.
   */
  shown?: { modelVersion: number; rank: number };
}

/**
 * Appends a reviewer's decision, with its provenance: the model version and rank at which the record was
 * shown (see DecisionInput.shown; none when no ranking holds the record). Refused: unknown records, stages or
 * values, reasons not in the protocol's list (a full-text exclusion needs one), and reviewers who are not
 * owners or reviewers of the project.
 */
export async function recordDecision(store: Store, input: DecisionInput): Promise<number> {
  const { project, stage } = await checkDecision(store, input, VALUES);
  const shown =
    input.shown ??
    (stage === 'title-abstract'
      ? await store.db
          .selectFrom('priority_score')
          .select(['model_version as modelVersion', 'rank'])
          .where('project_id', '=', input.projectId)
          .where('record_id', '=', input.recordId)
          .executeTakeFirst()
      : undefined);
  // a reviewer who changes their vote on a record already decided or in conflict is on the owners' record
  const before = await derivedStatus(store, project, input.recordId, stage);
  const settledChange = changesSettledVote(before, input.reviewer, input.value);
  return storeTransaction(store, async (tx) => {
    const row = await tx.db
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
        model_version: shown?.modelVersion ?? null,
        shown_rank: shown?.rank ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (settledChange)
      await audit(tx, {
        projectId: input.projectId,
        actor: input.reviewer,
        action: 'decision.change-after-settled',
        detail: {
          recordId: input.recordId,
          stage,
          state: before.state,
          from: before.votes.find((v) => v.reviewer === input.reviewer)?.value,
          to: input.value,
          decisionId: row.id,
        },
      });
    return row.id;
  });
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
  const project = await loadedProject(store, input.projectId, input.project);
  assertMayScreen(project, input.reviewer);
  await assertProjectRecords(store, input.projectId, [input.recordId]);
  assertExclusionReason(project.protocol, stage, input.value, input.reason);
  return { project, stage };
}

interface Events {
  decisions: DecisionEvent[];
  resolutions: ResolutionEvent[];
  canonical: Map<number, number>;
}

/** A record's canonical record and every record of its duplicate cluster (itself alone when in none). */
async function clusterOf(
  store: Store,
  projectId: number,
  recordId: number,
): Promise<{ canonical: number; members: number[] }> {
  const peers = await clusterPeers(store, projectId, [recordId]);
  if (peers.length === 0) return { canonical: recordId, members: [recordId] };
  return { canonical: peers[0]!.canonicalRecordId, members: peers.map((p) => p.recordId) };
}

/**
 * The events of a project, with record ids moved to their cluster's canonical record: all of them, or only
 * those of one record's duplicate cluster (what one screen needs, read through the indexes).
 */
async function loadEvents(store: Store, projectId: number, recordId?: number): Promise<Events> {
  let canonical: Map<number, number>;
  let members: number[] | undefined;
  if (recordId === undefined) canonical = await canonicalIds(store, projectId);
  else {
    const cluster = await clusterOf(store, projectId, recordId);
    members = cluster.members;
    canonical = new Map(members.map((id) => [id, cluster.canonical]));
  }
  const toCanonical = (id: number): number => canonical.get(id) ?? id;
  const events = (table: 'decision' | 'resolution') => {
    let query = store.db.selectFrom(table).selectAll().where('project_id', '=', projectId);
    if (members) query = query.where('record_id', 'in', members);
    return query.orderBy('id').execute();
  };
  const decisions = await events('decision');
  const resolutions = await events('resolution');
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

/** Every record's state at the given stages, from one reading of the project's events. */
async function statusesAtStages<S extends Stage>(
  store: Store,
  projectId: number,
  stages: readonly S[],
): Promise<ProjectScreening<S>> {
  const project = await getProject(store, projectId);
  const events = await loadEvents(store, projectId);
  const ids = (await projectRecordIdList(store, projectId)).filter(
    (id) => (events.canonical.get(id) ?? id) === id,
  );
  const policy = { reviewersRequired: project.protocol.screening.reviewersRequired };
  const statuses = {} as Record<S, RecordStatus[]>;
  for (const stage of stages)
    statuses[stage] = deriveStatuses(ids, stage, events.decisions, events.resolutions, policy);
  return { statuses, canonicalOf: events.canonical };
}

/** A project's screening: the states of its records left after deduplication, and the clusters that left them. */
export interface ProjectScreening<S extends Stage = Stage> {
  statuses: Record<S, RecordStatus[]>;
  /** Each member of a live duplicate cluster → the cluster's canonical record. */
  canonicalOf: Map<number, number>;
}

/** The derived state of every record left after deduplication (canonical records and records in no cluster). */
export async function screeningStatuses(
  store: Store,
  projectId: number,
  stage: string,
): Promise<RecordStatus[]> {
  assertStage(stage);
  return (await statusesAtStages(store, projectId, [stage])).statuses[stage];
}

/** Both stages' states from one reading of the events (the dashboard and PRISMA need both). */
export async function screeningStatusesBothStages(
  store: Store,
  projectId: number,
): Promise<Record<Stage, RecordStatus[]>> {
  return (await projectScreening(store, projectId)).statuses;
}

/** Both stages' states and the duplicate clusters, from one reading (the dashboard: its counts and PRISMA's). */
export async function projectScreening(store: Store, projectId: number): Promise<ProjectScreening> {
  return statusesAtStages(store, projectId, STAGES);
}

/**
 * One record's state at a stage, derived from its duplicate cluster's events: the truth, for the store's own
 * checks (what may be coded); what a member sees of it is statusFor's.
 */
export async function recordStatus(
  store: Store,
  project: Project,
  recordId: number,
  stage: string,
): Promise<RecordStatus> {
  assertStage(stage);
  await assertProjectRecords(store, project.id, [recordId]);
  return derivedStatus(store, project, recordId, stage);
}

/** The state of a record known to be the project's, from its duplicate cluster's events (as its canonical record). */
async function derivedStatus(
  store: Store,
  project: Project,
  recordId: number,
  stage: Stage,
): Promise<RecordStatus> {
  const events = await loadEvents(store, project.id, recordId);
  return deriveStatus(
    events.canonical.get(recordId) ?? recordId,
    stage,
    events.decisions,
    events.resolutions,
    {
      reviewersRequired: project.protocol.screening.reviewersRequired,
    },
  );
}

/**
 * One record's state as `viewer` may see it: in blind screening, what their own vote makes it (visibleStatus).
 * `loaded` is the project when the caller has it already.
 */
export async function statusFor(
  store: Store,
  projectId: number,
  recordId: number,
  stage: string,
  viewer: string,
  loaded?: Project,
): Promise<RecordStatus> {
  const project = await loadedProject(store, projectId, loaded);
  const role = assertRole(project, viewer, ANY_MEMBER);
  const status = await recordStatus(store, project, recordId, stage);
  return visibleStatus(status, viewer, { ...project.protocol.screening, role });
}

/**
 * Resolves a conflict: by an owner, or by a reviewer who has not voted on the record (a third reviewer).
 * Refused when the record is not in conflict.
 */
export async function resolveConflict(store: Store, input: DecisionInput): Promise<number> {
  const { project, stage } = await checkDecision(store, input, ['include', 'exclude']);
  const status = await derivedStatus(store, project, input.recordId, stage);
  const id = status.recordId;
  assertMayResolve(project, input.reviewer, status);
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

/**
 * An owner's bulk exclusion (the record list's selection): each record is decided excluded at the stage with
 * the reason, whatever its votes — as an owner's resolution, so PRISMA counts it by its reason and the votes
 * stay in the history. A reason is always needed (one of the protocol's when it lists any). Records already
 * excluded at the stage are left as they are. Audited; all or nothing. Returns how many records changed.
 */
export async function excludeInBulk(
  store: Store,
  input: {
    project: Project;
    actor: string;
    stage: string;
    reason: string;
    note?: string;
    recordIds: readonly number[];
  },
): Promise<{ excluded: number }> {
  const { project, actor, stage } = input;
  assertStage(stage);
  assertMayActInBulk(project, actor);
  const reason = input.reason.trim();
  if (!reason) throw new TwowayError({ code: 'E_USAGE', message: 'a bulk exclusion needs a reason' });
  assertExclusionReason(project.protocol, stage, 'exclude', reason);
  return storeTransaction(store, async (tx) => {
    await tx.engine.lockProject(tx.db, project.id);
    const recordIds = [...new Set(input.recordIds)];
    await assertProjectRecords(tx, project.id, recordIds);
    const events = await loadEvents(tx, project.id);
    const policy = { reviewersRequired: project.protocol.screening.reviewersRequired };
    const clusters = [...new Set(recordIds.map((id) => events.canonical.get(id) ?? id))];
    const changing = clusters.filter(
      (id) => deriveStatus(id, stage, events.decisions, events.resolutions, policy).state !== 'excluded',
    );
    const at = new Date().toISOString();
    for (let i = 0; i < changing.length; i += 500)
      await tx.db
        .insertInto('resolution')
        .values(
          changing.slice(i, i + 500).map((id) => ({
            project_id: project.id,
            record_id: id,
            stage,
            reviewer: actor,
            value: 'exclude',
            reason,
            note: input.note?.trim() || null,
            at,
          })),
        )
        .execute();
    await auditBulk(
      tx,
      { projectId: project.id, actor, action: 'screening.bulk-exclude', detail: { stage, reason } },
      changing,
    );
    return { excluded: changing.length };
  });
}

export type { PairAgreement };

/**
 * Agreement of every pair of reviewers on the records both decided (include/exclude/maybe) at a stage, for a
 * viewer the policy lets read it (while screening is blind, only owners: the tables tell how others voted).
 */
export async function agreementByPair(
  store: Store,
  projectId: number,
  stage: string,
  viewer: string,
): Promise<PairAgreement[]> {
  assertMayReadAgreement(await getProject(store, projectId), viewer);
  return agreementByReviewerPair(await screeningStatuses(store, projectId, stage));
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
  assertMayScreen(project, reviewer);
  await assertProjectRecords(store, projectId, [recordId]);
  await writeRetrieval(store, { projectId, recordId, status, reviewer, location: location ?? null });
}

/** Writes (or overwrites) a record's retrieval row: the one place it is written, checks left to the caller. */
export async function writeRetrieval(
  store: Store,
  row: {
    projectId: number;
    recordId: number;
    status: 'retrieved' | 'not-retrieved';
    reviewer: string;
    location: string | null;
  },
): Promise<void> {
  const { status, reviewer, location } = row;
  const at = new Date().toISOString();
  await store.db
    .insertInto('retrieval')
    .values({ project_id: row.projectId, record_id: row.recordId, status, location, reviewer, at })
    .onConflict((oc) =>
      oc.columns(['project_id', 'record_id']).doUpdateSet({ status, location, reviewer, at }),
    )
    .execute();
}

/** SQL: the decision row `alias` is a standing vote — its reviewer's latest on the record, and not a retraction. */
const standing = (alias: string) => sql`
    ${sql.ref(`${alias}.value`)} <> 'retract' and not exists (
      select 1 from decision later where later.project_id = ${sql.ref(`${alias}.project_id`)}
        and later.stage = ${sql.ref(`${alias}.stage`)} and later.record_id = ${sql.ref(`${alias}.record_id`)}
        and later.reviewer = ${sql.ref(`${alias}.reviewer`)} and later.id > ${sql.ref(`${alias}.id`)})`;

/** SQL: record `r` is not set aside as a non-canonical member of a duplicate cluster. */
const canonicalRecord = sql`not ${setAsideAsDuplicate('r.id')}`;

/**
 * A reviewer's progress at a stage, read through the indexes (the screening page asks after every decision):
 * how many records they have a standing vote on, and how many records there are after deduplication.
 */
export async function screeningProgress(
  store: Store,
  input: { projectId: number; stage: string; reviewer: string },
): Promise<{ decidedByMe: number; records: number }> {
  const { projectId: p, stage, reviewer } = input;
  assertStage(stage);
  const counts = await sql<{ mine: number; records: number }>`
    select (select count(*) from decision d
              where d.project_id = ${p} and d.stage = ${stage} and d.reviewer = ${reviewer} and ${standing('d')}) as mine,
           (select count(*) from record r where r.project_id = ${p} and ${canonicalRecord}) as records`.execute(
    store.db,
  );
  const row = counts.rows[0];
  return { decidedByMe: Number(row?.mine ?? 0), records: Number(row?.records ?? 0) };
}

/** Candidates read at a time while looking for a reviewer's next record. */
const NEXT_BATCH = 64;

/** Records without a rank (imported after the last retrain) come after every ranked one, in id order. */
const UNRANKED = 1_000_000_000;

/**
 * The next record a reviewer should screen at a stage: a canonical record still needing votes that the
 * reviewer has not voted on; at full text, only records included at title/abstract. The records an owner
 * assigned to the reviewer come first, in id order; then `ranked` (a prioritised
 * project at title/abstract) serves the latest ranking best first, else import (id) order; either walks on
 * after record `after` (wrapping around) when that one still needs the reviewer (a skip), and from the start
 * otherwise. SQL narrows the candidates through the indexes (a superset: votes on other members of a
 * duplicate cluster are not seen there); each candidate is then checked against its cluster's events with the
 * same derivation as everywhere else. Undefined when nothing is left.
 */
export async function nextToScreen(
  store: Store,
  input: {
    projectId: number;
    stage: string;
    reviewer: string;
    after?: number;
    project?: Project;
    ranked?: boolean;
  },
): Promise<number | undefined> {
  const { stage, projectId, reviewer } = input;
  assertStage(stage);
  const project = await loadedProject(store, projectId, input.project);
  assertMayScreen(project, reviewer);
  const policy = { reviewersRequired: project.protocol.screening.reviewersRequired };
  const ranked = Boolean(input.ranked) && stage === 'title-abstract';
  const needsMe = async (recordId: number): Promise<boolean> => {
    const events = await loadEvents(store, projectId, recordId);
    const status = deriveStatus(recordId, stage, events.decisions, events.resolutions, policy);
    if (status.state !== 'unscreened' && status.state !== 'awaiting-second') return false;
    if (status.votes.some((v) => v.reviewer === reviewer)) return false;
    if (stage === 'title-abstract') return true;
    return (
      deriveStatus(recordId, 'title-abstract', events.decisions, events.resolutions, policy).state ===
      'included'
    );
  };
  let after = 0;
  if (input.after !== undefined && (!ranked || (await needsMe(input.after))))
    after = ranked ? await rankKey(store, projectId, input.after) : input.after;
  // the records an owner assigned to the reviewer first (walked in id order), then those new since the last
  // run of a search (living reviews), then the others
  const fresh = stage === 'title-abstract' ? await newSinceLastRunSql(store, projectId) : undefined;
  const tiers: Tier[] = fresh ? ['assigned', 'new', 'all'] : ['assigned', 'all'];
  for (const tier of tiers)
    for (const [from, to] of [
      [tier === 'assigned' ? (input.after ?? 0) : after, undefined],
      [-1, tier === 'assigned' ? (input.after ?? 0) : after],
    ] as const) {
      let cursor = from;
      for (;;) {
        const batch = await candidatesToScreen(
          store,
          {
            projectId,
            stage,
            reviewer,
            after: cursor,
            upTo: to,
            ranked,
            assigned: tier === 'assigned',
            ...(tier === 'new' && fresh ? { only: fresh } : {}),
          },
          policy.reviewersRequired,
        );
        for (const { id } of batch) if (await needsMe(id)) return id;
        if (batch.length < NEXT_BATCH) break;
        cursor = batch[batch.length - 1]!.key;
      }
    }
  return undefined;
}

/** The queue's tiers, served in this order. */
type Tier = 'assigned' | 'new' | 'all';

/**
 * SQL: the record `r` is new since the last run of a search (the earliest search that found its duplicate
 * cluster is in a latest re-run: domain/synthesis/search-runs.ts); undefined when no search was run again.
 */
async function newSinceLastRunSql(store: Store, projectId: number): Promise<RawBuilder<unknown> | undefined> {
  const latest = await latestRerunSearches(store.db, projectId);
  const from = earliestLatestRun(latest);
  if (from === undefined) return undefined;
  const ids = sql.join([...latest].map((id) => sql`${id}`));
  return sql`r.search_id >= ${from} and coalesce((select min(o.search_id) from duplicate_member m1
      join duplicate_cluster c1 on c1.id = m1.cluster_id join duplicate_member m2 on m2.cluster_id = c1.id
      join record o on o.id = m2.record_id where m1.record_id = r.id and ${isLive('c1')}), r.search_id) in (${ids})`;
}

/** A record's place in the ranked order (its rank, or after every ranked record when it has none). */
async function rankKey(store: Store, projectId: number, recordId: number): Promise<number> {
  const row = await store.db
    .selectFrom('priority_score')
    .select('rank')
    .where('project_id', '=', projectId)
    .where('record_id', '=', recordId)
    .executeTakeFirst();
  return row?.rank ?? UNRANKED + recordId;
}

/** The SQL half of nextToScreen: canonical records without a resolution, my vote or enough votes. */
async function candidatesToScreen(
  store: Store,
  q: {
    projectId: number;
    stage: Stage;
    reviewer: string;
    after: number;
    upTo: number | undefined;
    ranked: boolean;
    /** Only the records assigned to the reviewer at the stage. */
    assigned: boolean;
    /** SQL narrowing the candidates further (the queue's 'new' tier). */
    only?: RawBuilder<unknown>;
  },
  required: number,
): Promise<{ id: number; key: number }[]> {
  const { projectId: p, stage, reviewer } = q;
  const fullText =
    stage === 'full-text'
      ? sql`and (exists (select 1 from decision ta where ta.project_id = ${p} and ta.stage = 'title-abstract'
                   and ta.record_id = r.id and ta.value = 'include')
              or exists (select 1 from resolution tr where tr.project_id = ${p} and tr.stage = 'title-abstract'
                   and tr.record_id = r.id and tr.value = 'include')
              or exists (select 1 from duplicate_cluster tc join duplicate_member tm on tm.cluster_id = tc.id
                   join decision td on td.record_id = tm.record_id
                   where tc.canonical_record_id = r.id and ${isLive('tc')} and td.stage = 'title-abstract'
                   and td.value = 'include'))`
      : sql``;
  const filters = sql`${canonicalRecord}
      and not exists (select 1 from resolution x where x.project_id = ${p} and x.record_id = r.id and x.stage = ${stage})
      and not exists (select 1 from decision mine where mine.project_id = ${p} and mine.stage = ${stage}
        and mine.reviewer = ${reviewer} and mine.record_id = r.id and ${standing('mine')})
      and (select count(*) from decision v where v.project_id = ${p} and v.stage = ${stage} and v.record_id = r.id
        and ${standing('v')}) < ${required}
      ${fullText} ${q.only ? sql`and ${q.only}` : sql``}`;
  const byId = (offset: number) => {
    const upTo = q.upTo === undefined ? sql`` : sql`and r.id <= ${q.upTo - offset}`;
    return sql`select r.id, r.id + ${offset} as k from record r
      where r.project_id = ${p} and r.id > ${q.after - offset} ${upTo}
        ${offset > 0 ? sql`and not exists (select 1 from priority_score u where u.project_id = ${p} and u.record_id = r.id)` : sql``}
        and ${filters}
      order by r.id limit ${NEXT_BATCH}`;
  };
  const read = async (query: ReturnType<typeof byId>) =>
    (await sql<{ id: number; k: number }>`${query}`.execute(store.db)).rows.map((r) => ({
      id: Number(r.id),
      key: Number(r.k),
    }));
  if (q.assigned)
    // read from the reviewer's assignments (few), in id order: `after` and `upTo` are record ids here
    return read(sql`select r.id, r.id as k from assignment a join record r on r.id = a.record_id
      where a.project_id = ${p} and a.stage = ${stage} and a.reviewer = ${reviewer} and r.id > ${q.after}
        ${q.upTo === undefined ? sql`` : sql`and r.id <= ${q.upTo}`} and ${filters}
      order by r.id limit ${NEXT_BATCH}`);
  if (!q.ranked) return read(byId(0));
  // the ranking read through its (project, rank) index; the records it does not rank yet (keys from UNRANKED
  // on) only once the ranked ones run out
  const ranked =
    q.after < UNRANKED
      ? await read(sql`select r.id, ps.rank as k from priority_score ps join record r on r.id = ps.record_id
          where ps.project_id = ${p} and ps.rank > ${q.after}
            ${q.upTo === undefined ? sql`` : sql`and ps.rank <= ${q.upTo}`} and ${filters}
          order by ps.rank limit ${NEXT_BATCH}`)
      : [];
  if (ranked.length === NEXT_BATCH || (q.upTo !== undefined && q.upTo < UNRANKED)) return ranked;
  return [...ranked, ...(await read(byId(UNRANKED)))].slice(0, NEXT_BATCH);
}

/** Whether a record's full text was obtained, and where it is (a link, a file name), when someone said so. */
export async function retrievalOf(
  store: Store,
  projectId: number,
  recordId: number,
): Promise<{
  status: 'retrieved' | 'not-retrieved';
  location: string | null;
  reviewer: string;
  at: string;
} | null> {
  const row = await store.db
    .selectFrom('retrieval')
    .select(['status', 'location', 'reviewer', 'at'])
    .where('project_id', '=', projectId)
    .where('record_id', '=', recordId)
    .executeTakeFirst();
  return row ?? null;
}
