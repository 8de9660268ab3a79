import { describe, expect, it } from 'vitest';
import { agreement } from './agreement.js';
import {
  deriveStatus,
  deriveStatuses,
  visibleVotes,
  type DecisionEvent,
  type ResolutionEvent,
} from './decisions.js';

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
  it('hides the other reviewer until the record is decided', () => {
    const awaiting = deriveStatus(1, 'title-abstract', [vote('a', 'include')], [], dual);
    expect(visibleVotes(awaiting, 'b', { blind: true })).toEqual([]);
    const conflict = deriveStatus(
      1,
      'title-abstract',
      [vote('a', 'include'), vote('b', 'exclude')],
      [],
      dual,
    );
    expect(visibleVotes(conflict, 'b', { blind: true })).toEqual([{ reviewer: 'b', value: 'exclude' }]);
    expect(visibleVotes(conflict, 'owner', { blind: true, viewerIsResolver: true })).toHaveLength(2);
    const decided = deriveStatus(1, 'title-abstract', [vote('a', 'include'), vote('b', 'include')], [], dual);
    expect(visibleVotes(decided, 'b', { blind: true })).toHaveLength(2);
    expect(visibleVotes(awaiting, 'b', { blind: false })).toHaveLength(1);
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
