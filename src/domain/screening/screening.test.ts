import { describe, expect, it } from 'vitest';
import { agreement } from '../statistics/agreement.js';
import { deriveStatus, deriveStatuses, type DecisionEvent, type ResolutionEvent } from './decisions.js';
import {
  assertExclusionReason,
  assertMayReadAgreement,
  assertMayResolve,
  assertMayScreen,
  mayReadAgreement,
  visibleVotes,
  visibleStatus,
  changesSettledVote,
} from './policy.js';
import { agreementByReviewerPair } from './agreement.js';
import { DEFAULT_PROTOCOL } from './protocol.js';
import { dashboardCounts } from './dashboard-counts.js';

let seq = 0;
const vote = (
  reviewer: string,
  value: DecisionEvent['value'],
  extra: Partial<DecisionEvent> = {},
): DecisionEvent => ({
  recordId: 1,
  stage: 'title-abstract',
  reviewer,
  value,
  seq: ++seq,
  ...extra,
});
const resolve = (value: 'include' | 'exclude', extra: Partial<ResolutionEvent> = {}): ResolutionEvent => ({
  recordId: 1,
  stage: 'title-abstract',
  resolver: 'owner',
  value,
  seq: ++seq,
  ...extra,
});
const single = { reviewersRequired: 1 } as const;
const dual = { reviewersRequired: 2 } as const;

describe('deriveStatus', () => {
  it('single screening: the one vote decides; maybe stays maybe; a later vote replaces an earlier one', () => {
    expect(deriveStatus(1, 'title-abstract', [], [], single).state).toBe('unscreened');
    expect(deriveStatus(1, 'title-abstract', [vote('a', 'include')], [], single).state).toBe('included');
    expect(deriveStatus(1, 'title-abstract', [vote('a', 'maybe')], [], single).state).toBe('maybe');
    expect(
      deriveStatus(
        1,
        'title-abstract',
        [vote('a', 'include'), vote('a', 'exclude', { reason: 'wrong design' })],
        [],
        single,
      ),
    ).toMatchObject({
      state: 'excluded',
      reason: 'wrong design',
      votes: [{ reviewer: 'a', value: 'exclude', reason: 'wrong design' }],
    });
  });

  it('a retraction undoes the vote', () => {
    expect(
      deriveStatus(1, 'title-abstract', [vote('a', 'include'), vote('a', 'retract')], [], single).state,
    ).toBe('unscreened');
  });

  it('dual screening: awaiting the second, agreement decides, disagreement or maybe is a conflict', () => {
    expect(deriveStatus(1, 'title-abstract', [vote('a', 'include')], [], dual).state).toBe('awaiting-second');
    expect(
      deriveStatus(1, 'title-abstract', [vote('a', 'include'), vote('b', 'include')], [], dual).state,
    ).toBe('included');
    expect(
      deriveStatus(
        1,
        'title-abstract',
        [vote('a', 'exclude'), vote('b', 'exclude', { reason: 'r' })],
        [],
        dual,
      ),
    ).toMatchObject({ state: 'excluded', reason: 'r' });
    expect(
      deriveStatus(1, 'title-abstract', [vote('a', 'include'), vote('b', 'exclude')], [], dual).state,
    ).toBe('conflict');
    expect(deriveStatus(1, 'title-abstract', [vote('a', 'maybe'), vote('b', 'maybe')], [], dual).state).toBe(
      'conflict',
    );
  });

  it('a resolution decides a conflict and names its resolver; the latest resolution counts', () => {
    const votes = [vote('a', 'include'), vote('b', 'exclude')];
    expect(
      deriveStatus(1, 'title-abstract', votes, [resolve('exclude', { reason: 'not a partnership' })], dual),
    ).toMatchObject({
      state: 'excluded',
      resolvedBy: 'owner',
      reason: 'not a partnership',
    });
    expect(
      deriveStatus(1, 'title-abstract', votes, [resolve('exclude'), resolve('include')], dual).state,
    ).toBe('included');
  });

  it('stages and records are kept apart', () => {
    const events = [
      vote('a', 'include'),
      vote('a', 'exclude', { stage: 'full-text' }),
      vote('a', 'exclude', { recordId: 2 }),
    ];
    expect(deriveStatus(1, 'title-abstract', events, [], single).state).toBe('included');
    expect(deriveStatus(1, 'full-text', events, [], single).state).toBe('excluded');
  });
});

describe('blind screening', () => {
  it('hides the other reviewer, also once the record is decided', () => {
    const awaiting = deriveStatus(1, 'title-abstract', [vote('a', 'include')], [], dual);
    expect(visibleVotes(awaiting, 'b', { blind: true, role: 'reviewer' })).toEqual([]);
    const conflict = deriveStatus(
      1,
      'title-abstract',
      [vote('a', 'include'), vote('b', 'exclude')],
      [],
      dual,
    );
    expect(visibleVotes(conflict, 'b', { blind: true, role: 'reviewer' })).toEqual([
      { reviewer: 'b', value: 'exclude' },
    ]);
    expect(visibleVotes(conflict, 'owner', { blind: true, role: 'owner' })).toHaveLength(2);
    // an owner who is not resolving sees no more than a reviewer until the record is decided or in conflict
    expect(visibleVotes(awaiting, 'owner', { blind: true, role: 'owner' })).toEqual([]);
    const decided = deriveStatus(1, 'title-abstract', [vote('a', 'include'), vote('b', 'include')], [], dual);
    expect(visibleVotes(decided, 'b', { blind: true, role: 'reviewer' })).toEqual([
      { reviewer: 'b', value: 'include' },
    ]);
    expect(visibleVotes(decided, 'owner', { blind: true, role: 'owner' })).toHaveLength(2);
    expect(visibleVotes(awaiting, 'b', { blind: false, role: 'reviewer' })).toHaveLength(1);
  });

  it('shows a blind reviewer the state their own vote makes, never what the other did', () => {
    const blind = { blind: true, role: 'reviewer' as const, reviewersRequired: 2 as const };
    const status = (...events: DecisionEvent[]) => deriveStatus(1, 'title-abstract', events, [], dual);
    const agreed = status(vote('a', 'include'), vote('b', 'include'));
    const conflict = status(vote('a', 'exclude'), vote('b', 'include'));
    const waiting = status(vote('a', 'include'));
    // b voted include: agreed, in conflict or first, b sees the same
    for (const s of [agreed, conflict, status(vote('b', 'include'))])
      expect(visibleStatus(s, 'b', blind)).toEqual({
        recordId: 1,
        stage: 'title-abstract',
        state: 'awaiting-second',
        votes: [{ reviewer: 'b', value: 'include' }],
      });
    // c, who did not vote, is not told that a voted; a third reviewer sees a conflict to resolve, without votes
    expect(visibleStatus(waiting, 'c', blind)).toMatchObject({ state: 'unscreened', votes: [] });
    expect(visibleStatus(agreed, 'c', blind)).toMatchObject({ state: 'unscreened', votes: [] });
    expect(visibleStatus(conflict, 'c', blind)).toMatchObject({ state: 'conflict', votes: [] });
    // owners, open screening and single screening see the record's state
    expect(visibleStatus(agreed, 'o', { ...blind, role: 'owner' }).state).toBe('included');
    expect(visibleStatus(agreed, 'b', { ...blind, blind: false }).state).toBe('included');
    expect(visibleStatus(agreed, 'b', { ...blind, reviewersRequired: 1 }).state).toBe('included');
  });

  it('knows a change of vote on a record already settled', () => {
    const agreed = deriveStatus(1, 'title-abstract', [vote('a', 'include'), vote('b', 'include')], [], dual);
    const waiting = deriveStatus(1, 'title-abstract', [vote('a', 'include')], [], dual);
    expect(changesSettledVote(agreed, 'b', 'retract')).toBe(true);
    expect(changesSettledVote(agreed, 'b', 'exclude')).toBe(true);
    expect(changesSettledVote(agreed, 'b', 'include')).toBe(false);
    expect(changesSettledVote(agreed, 'c', 'exclude')).toBe(false);
    expect(changesSettledVote(waiting, 'a', 'retract')).toBe(false);
  });
});

describe('the screening policy', () => {
  const project = (blind: boolean) => ({
    id: 1,
    members: [
      { reviewer: 'olga', role: 'owner' as const },
      { reviewer: 'ana', role: 'reviewer' as const },
      { reviewer: 'ben', role: 'reviewer' as const },
      { reviewer: 'cyd', role: 'reviewer' as const },
      { reviewer: 'vic', role: 'viewer' as const },
    ],
    protocol: {
      ...DEFAULT_PROTOCOL,
      exclusionReasons: ['not a partnership'],
      screening: { reviewersRequired: 2 as const, blind },
    },
  });

  it('lets owners and reviewers screen, not viewers or strangers', () => {
    expect(assertMayScreen(project(true), 'ana')).toBe('reviewer');
    expect(() => assertMayScreen(project(true), 'vic')).toThrow(/viewer of project 1/);
    expect(() => assertMayScreen(project(true), 'zed')).toThrow(/not a member/);
  });

  it('lets an owner or a third reviewer resolve a conflict, not one who voted on it', () => {
    const conflict = deriveStatus(
      1,
      'title-abstract',
      [vote('ana', 'include'), vote('ben', 'exclude')],
      [],
      dual,
    );
    expect(() => assertMayResolve(project(true), 'olga', conflict)).not.toThrow();
    expect(() => assertMayResolve(project(true), 'cyd', conflict)).not.toThrow();
    expect(() => assertMayResolve(project(true), 'ana', conflict)).toThrow(/voted on record 1/);
    expect(() => assertMayResolve(project(true), 'vic', conflict)).toThrow(/viewer/);
    const awaiting = deriveStatus(1, 'title-abstract', [vote('ana', 'include')], [], dual);
    expect(() => assertMayResolve(project(true), 'olga', awaiting)).toThrow(/not in conflict/);
  });

  it('keeps agreement tables to owners while screening is blind', () => {
    expect(mayReadAgreement('owner', project(true).protocol)).toBe(true);
    expect(mayReadAgreement('reviewer', project(true).protocol)).toBe(false);
    expect(mayReadAgreement('viewer', project(false).protocol)).toBe(true);
    expect(mayReadAgreement(undefined, project(false).protocol)).toBe(false);
    expect(() => assertMayReadAgreement(project(true), 'ana')).toThrow(/blind/);
    expect(() => assertMayReadAgreement(project(false), 'zed')).toThrow(/not a member/);
  });

  it('takes exclusion reasons from the protocol, and needs one at full text', () => {
    const { protocol } = project(true);
    expect(() => assertExclusionReason(protocol, 'title-abstract', 'exclude', undefined)).not.toThrow();
    expect(() => assertExclusionReason(protocol, 'full-text', 'exclude', undefined)).toThrow(
      /needs a reason/,
    );
    expect(() => assertExclusionReason(protocol, 'title-abstract', 'exclude', 'too old')).toThrow(
      /not an exclusion reason/,
    );
    expect(() => assertExclusionReason(protocol, 'full-text', 'include', undefined)).not.toThrow();
  });
});

describe('agreement by reviewer pair', () => {
  it('pairs the standing votes of every two reviewers, in name order', () => {
    const statuses = [
      deriveStatus(1, 'title-abstract', [vote('ben', 'include'), vote('ana', 'include')], [], dual),
      deriveStatus(
        2,
        'title-abstract',
        [vote('ana', 'exclude', { recordId: 2 }), vote('ben', 'include', { recordId: 2 })],
        [],
        dual,
      ),
      deriveStatus(3, 'title-abstract', [vote('ana', 'exclude', { recordId: 3 })], [], dual),
    ];
    const [pair, ...rest] = agreementByReviewerPair(statuses);
    expect(rest).toHaveLength(0);
    expect(pair!.reviewers).toEqual(['ana', 'ben']);
    expect(pair!.n).toBe(2);
    expect(pair!.percent).toBe(0.5);
  });
});

describe('agreement', () => {
  const pairs = (counts: [string, string, number][]): [string, string][] =>
    counts.flatMap(([a, b, n]) => Array.from({ length: n }, (): [string, string] => [a, b]));

  it("matches the textbook example: 50 items, 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no (Cohen's kappa 0.4)", () => {
    const r = agreement(
      pairs([
        ['yes', 'yes', 20],
        ['yes', 'no', 5],
        ['no', 'yes', 10],
        ['no', 'no', 15],
      ]),
    );
    expect(r.n).toBe(50);
    expect(r.percent).toBeCloseTo(0.7, 10);
    // pe = 0.5·0.4 + 0.5·0.6 = 0.5 → κ = (0.7 − 0.5) / 0.5
    expect(r.kappa).toBeCloseTo(0.4, 10);
    // π_yes = (0.5 + 0.6) / 2 = 0.55, pe = 2·0.55·0.45 / 1 = 0.495 → AC1 = 0.205 / 0.505
    expect(r.ac1).toBeCloseTo(0.205 / 0.505, 10);
    expect(r.table).toEqual([
      [15, 10],
      [5, 20],
    ]);
  });

  it('shows the kappa paradox that AC1 avoids: high agreement on a rare category', () => {
    const r = agreement(
      pairs([
        ['exclude', 'exclude', 118],
        ['exclude', 'include', 5],
        ['include', 'exclude', 2],
      ]),
    );
    expect(r.percent).toBeCloseTo(118 / 125, 10);
    expect(r.kappa).toBeLessThan(0);
    expect(r.ac1).toBeGreaterThan(0.9);
  });

  it('perfect agreement on one category leaves kappa undefined (NaN), not invented', () => {
    const r = agreement(pairs([['exclude', 'exclude', 10]]));
    expect(r.percent).toBe(1);
    expect(r.kappa).toBeNaN();
    expect(agreement([]).percent).toBeNaN();
  });
});

describe('deriveStatuses', () => {
  it('gives each record the state deriveStatus gives it from all the events', () => {
    const policy = { reviewersRequired: 2 } as const;
    const decisions = [
      vote('a', 'include', { recordId: 1 }),
      vote('b', 'include', { recordId: 1 }),
      vote('a', 'exclude', { recordId: 2 }),
      vote('b', 'include', { recordId: 2 }),
      vote('a', 'include', { recordId: 3 }),
      vote('a', 'retract', { recordId: 3 }),
      vote('a', 'include', { recordId: 4, stage: 'full-text' }),
    ];
    const resolutions = [resolve('exclude', { recordId: 2 })];
    const ids = [1, 2, 3, 4, 5];
    for (const stage of ['title-abstract', 'full-text'] as const)
      expect(deriveStatuses(ids, stage, decisions, resolutions, policy)).toEqual(
        ids.map((id) => deriveStatus(id, stage, decisions, resolutions, policy)),
      );
    expect(deriveStatuses(ids, 'title-abstract', decisions, resolutions, policy).map((s) => s.state)).toEqual(
      ['included', 'excluded', 'unscreened', 'unscreened', 'unscreened'],
    );
  });
});

describe('dashboard counts', () => {
  it('counts states per stage, votes per reviewer, and only title/abstract inclusions at full text', () => {
    const ta = [
      deriveStatus(1, 'title-abstract', [vote('ana', 'include'), vote('ben', 'include')], [], dual),
      deriveStatus(2, 'title-abstract', [vote('ana', 'exclude', { recordId: 2 })], [], dual),
      deriveStatus(3, 'title-abstract', [], [], dual),
    ];
    const ft = [
      deriveStatus(1, 'full-text', [], [], dual),
      deriveStatus(2, 'full-text', [], [], dual),
      deriveStatus(3, 'full-text', [], [], dual),
    ];
    const { stages, reviewers } = dashboardCounts({ 'title-abstract': ta, 'full-text': ft });
    expect(stages[0]).toMatchObject({
      stage: 'title-abstract',
      records: 3,
      states: { included: 1, 'awaiting-second': 1, unscreened: 1, conflict: 0 },
    });
    expect(stages[1]).toMatchObject({ stage: 'full-text', records: 1, states: { unscreened: 1 } });
    expect(reviewers).toEqual([
      { reviewer: 'ana', stage: 'title-abstract', decided: 2 },
      { reviewer: 'ben', stage: 'title-abstract', decided: 1 },
    ]);
  });
});
