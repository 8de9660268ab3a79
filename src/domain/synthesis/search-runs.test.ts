import { describe, expect, it } from 'vitest';
import { isNewSinceLastRun, latestReruns, rerunTarget, type SearchRun } from './search-runs.js';

const run = (id: number, runDate: string | null, rerunOf: number | null, source = 'pubmed'): SearchRun => ({
  id,
  source,
  query: 'twinning',
  runDate,
  rerunOf,
});

describe('search runs (living reviews)', () => {
  it('takes a later run of the same source and query as a re-run; a split export of one day is one run', () => {
    const earlier = [run(1, '2024-01-01', null), run(2, '2024-01-01', null, 'embase')];
    expect(rerunTarget(earlier, { source: 'pubmed', query: ' TWINNING ', runDate: '2025-01-01' })).toBe(1);
    expect(rerunTarget(earlier, { source: 'pubmed', query: 'twinning', runDate: '2024-01-01' })).toBeNull();
    expect(rerunTarget(earlier, { source: 'pubmed', query: 'twinning' })).toBeNull();
    expect(rerunTarget(earlier, { source: 'pubmed', query: 'other', runDate: '2025-01-01' })).toBeNull();
    expect(rerunTarget(earlier, { source: 'pubmed', explicit: 1 })).toBe(1);
    expect(() => rerunTarget(earlier, { source: 'pubmed', explicit: 2 })).toThrow(/same source/);
    expect(() => rerunTarget(earlier, { source: 'pubmed', explicit: 7 })).toThrow(/no search 7/);
  });

  it('the latest run of each series run more than once; a removed first run leaves its re-run a series of its own', () => {
    expect([...latestReruns([run(1, '2024-01-01', null)])]).toEqual([]);
    const searches = [
      run(1, '2024-01-01', null),
      run(2, '2025-01-01', 1),
      run(3, '2025-01-01', 1),
      run(4, '2024-05-01', null, 'embase'),
      run(5, null, 4, 'embase'),
      run(6, null, 5, 'embase'),
    ];
    expect([...latestReruns(searches)].sort()).toEqual([2, 3, 6]);
    expect([...latestReruns([run(2, '2025-01-01', 1)])]).toEqual([]);
    // a re-run pointing at itself (a damaged row) does not loop
    expect([...latestReruns([{ ...run(1, null, null), rerunOf: 1 }])]).toEqual([]);
  });

  it('a record is new when the earliest search that found its cluster is a latest run', () => {
    const latest = new Set([7, 8]);
    expect(isNewSinceLastRun([7], latest)).toBe(true);
    expect(isNewSinceLastRun([7, 8], latest)).toBe(true);
    expect(isNewSinceLastRun([3, 7], latest)).toBe(false);
    expect(isNewSinceLastRun([9], latest)).toBe(false);
    expect(isNewSinceLastRun([7], new Set())).toBe(false);
  });
});
