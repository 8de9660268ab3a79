import { TwowayError } from '../errors.js';

/**
 * Screening as an append-only history: every decision and every resolution is an event (who, when, stage,
 * value, reason); the current state of a record is derived from the events, never stored on its own.
 */
export const STAGES = ['title-abstract', 'full-text'] as const;
export type Stage = (typeof STAGES)[number];

/** Refuses (E_USAGE) a stage Twoway does not know, naming the stages. */
export function assertStage(stage: string): asserts stage is Stage {
  if (!(STAGES as readonly string[]).includes(stage))
    throw new TwowayError({
      code: 'E_USAGE',
      message: `unknown stage "${stage}"; stages: ${STAGES.join(', ')}`,
    });
}

/** `retract` withdraws the reviewer's earlier decision (undo) and leaves the record unscreened by them. */
export type DecisionValue = 'include' | 'exclude' | 'maybe' | 'retract';

export interface DecisionEvent {
  recordId: number;
  stage: Stage;
  reviewer: string;
  value: DecisionValue;
  /** An exclusion reason from the protocol's list (required for exclusions at full text). */
  reason?: string;
  note?: string;
  /** Order of events (an id or timestamp that only grows). */
  seq: number;
}

export interface ResolutionEvent {
  recordId: number;
  stage: Stage;
  resolver: string;
  value: 'include' | 'exclude';
  reason?: string;
  note?: string;
  seq: number;
}

export const RECORD_STATES = [
  'unscreened',
  'awaiting-second',
  'maybe',
  'conflict',
  'included',
  'excluded',
] as const;
export type RecordState = (typeof RECORD_STATES)[number];

export interface ScreeningPolicy {
  /** 1: single screening; 2: dual screening (two independent reviewers must agree). */
  reviewersRequired: 1 | 2;
}

export interface RecordStatus {
  recordId: number;
  stage: Stage;
  state: RecordState;
  /** Each reviewer's standing vote with its reason and note (whoever may see the vote sees its note). */
  votes: { reviewer: string; value: Exclude<DecisionValue, 'retract'>; reason?: string; note?: string }[];
  /** The resolution that decided a conflict, if any. */
  resolvedBy?: string;
  reason?: string;
}

/** The standing vote of each reviewer: their latest event, unless it was a retraction. */
export function standingVotes(events: readonly DecisionEvent[]): RecordStatus['votes'] {
  const latest = new Map<string, DecisionEvent>();
  for (const e of [...events].sort((a, b) => a.seq - b.seq)) latest.set(e.reviewer, e);
  return [...latest.values()]
    .filter((e): e is DecisionEvent & { value: Exclude<DecisionValue, 'retract'> } => e.value !== 'retract')
    .sort((a, b) => a.seq - b.seq)
    .map((e) => ({
      reviewer: e.reviewer,
      value: e.value,
      ...(e.reason ? { reason: e.reason } : {}),
      ...(e.note ? { note: e.note } : {}),
    }));
}

/**
 * Derives the state of one record at one stage from its events.
 * - A resolution (the latest one) decides, whatever the votes.
 * - Single screening: the one vote decides; `maybe` stays `maybe` (to be looked at again).
 * - Dual screening: one vote is `awaiting-second`; two agreeing include/exclude votes decide; any other pair
 *   (disagreement, or a `maybe`) is a `conflict` for a third reviewer or the owner.
 * @example deriveStatus(7, 'title-abstract', [{ recordId: 7, stage: 'title-abstract', reviewer: 'a', value: 'include', seq: 1 }], [], { reviewersRequired: 1 }).state // 'included'
 */
export function deriveStatus(
  recordId: number,
  stage: Stage,
  decisions: readonly DecisionEvent[],
  resolutions: readonly ResolutionEvent[],
  policy: ScreeningPolicy,
): RecordStatus {
  // most records of a large project have no event yet: nothing to sort out
  if (decisions.length === 0 && resolutions.length === 0)
    return { recordId, stage, votes: [], state: 'unscreened' };
  const mine = decisions.filter((d) => d.recordId === recordId && d.stage === stage);
  const votes = standingVotes(mine);
  const resolution = resolutions
    .filter((r) => r.recordId === recordId && r.stage === stage)
    .sort((a, b) => b.seq - a.seq)[0];
  const base = { recordId, stage, votes };
  if (resolution)
    return {
      ...base,
      state: resolution.value === 'include' ? 'included' : 'excluded',
      resolvedBy: resolution.resolver,
      ...(resolution.reason ? { reason: resolution.reason } : {}),
    };
  if (votes.length === 0) return { ...base, state: 'unscreened' };
  const decided = (value: string, reason?: string): RecordStatus => ({
    ...base,
    state: value === 'include' ? 'included' : 'excluded',
    ...(reason ? { reason } : {}),
  });
  if (policy.reviewersRequired === 1) {
    const last = votes[votes.length - 1]!;
    if (votes.length > 1 && votes.some((v) => v.value !== last.value)) return { ...base, state: 'conflict' };
    return last.value === 'maybe' ? { ...base, state: 'maybe' } : decided(last.value, last.reason);
  }
  if (votes.length < 2) return { ...base, state: 'awaiting-second' };
  const values = new Set(votes.map((v) => v.value));
  if (values.size === 1 && !values.has('maybe'))
    return decided(votes[0]!.value, votes.find((v) => v.reason)?.reason);
  return { ...base, state: 'conflict' };
}

/**
 * Derives the states of many records at one stage from a project's events: the events are grouped by record
 * once, so each record is derived from its own (handing every record all the events was quadratic: 100,000
 * records and 20,000 decisions took seconds).
 * @example deriveStatuses([7, 8], 'title-abstract', [], [], { reviewersRequired: 2 }).map((s) => s.state) // ['unscreened', 'unscreened']
 */
export function deriveStatuses(
  recordIds: readonly number[],
  stage: Stage,
  decisions: readonly DecisionEvent[],
  resolutions: readonly ResolutionEvent[],
  policy: ScreeningPolicy,
): RecordStatus[] {
  const decisionsOf = groupByRecord(decisions.filter((d) => d.stage === stage));
  const resolutionsOf = groupByRecord(resolutions.filter((r) => r.stage === stage));
  return recordIds.map((id) =>
    deriveStatus(id, stage, decisionsOf.get(id) ?? [], resolutionsOf.get(id) ?? [], policy),
  );
}

function groupByRecord<T extends { recordId: number }>(events: readonly T[]): Map<number, T[]> {
  const byRecord = new Map<number, T[]>();
  for (const e of events) {
    const list = byRecord.get(e.recordId);
    if (list) list.push(e);
    else byRecord.set(e.recordId, [e]);
  }
  return byRecord;
}
