import { TwowayError } from '../errors.js';

/**
 * Living reviews: a search run again later (a newer export of the same query) is a **re-run** of the search it
 * repeats. The searches that repeat one another form a series (its first run is the root); a run of a series
 * is the searches of one run date (a large export split into several files is one run), or one search when it
 * has no date. The records **new since the last run** are those the latest run of a series found first: no
 * record of their duplicate cluster came from an earlier search. The screening queue serves them first and the
 * record list filters by them; the decisions on records already screened stay with their clusters.
 */

/** A search as the rules here see it (the store's `search` row). */
export interface SearchRun {
  id: number;
  source: string;
  query: string | null;
  runDate: string | null;
  /** The search this one re-runs, when it is a re-run. */
  rerunOf: number | null;
}

/** A query as two runs of it are compared: spaces collapsed, case ignored. */
function sameQuery(a: string | null, b: string | null): boolean {
  const norm = (q: string | null) => (q ?? '').replace(/\s+/g, ' ').trim().toLowerCase();
  return norm(a) !== '' && norm(a) === norm(b);
}

/**
 * The search a new import re-runs, or null: `explicit` (a search id the importer named) must be an earlier
 * search of the project from the same source; without it, an import is taken as a re-run of the latest earlier
 * search with the same source and query (compared without regard to case and spacing) run on an earlier date —
 * both dates given, since files of one search run on one day (a split export) are one run, not re-runs.
 * @example rerunTarget([{ id: 1, source: 'pubmed', query: 'twinning', runDate: '2024-01-05', rerunOf: null }], { source: 'pubmed', query: 'Twinning', runDate: '2025-03-01' }) // 1
 */
export function rerunTarget(
  earlier: readonly SearchRun[],
  next: { source: string; query?: string | undefined; runDate?: string | undefined; explicit?: number },
): number | null {
  if (next.explicit !== undefined) {
    const target = earlier.find((s) => s.id === next.explicit);
    if (!target)
      throw new TwowayError({
        code: 'E_NOT_FOUND',
        message: `there is no search ${next.explicit} in this project to re-run`,
      });
    if (target.source !== next.source)
      throw new TwowayError({
        code: 'E_INVALID_REQUEST',
        message: `search ${target.id} came from ${target.source}, not ${next.source}: a re-run repeats a search in the same source`,
      });
    return target.id;
  }
  const candidates = earlier.filter(
    (s) =>
      s.source === next.source &&
      sameQuery(s.query, next.query ?? null) &&
      s.runDate !== null &&
      next.runDate !== undefined &&
      s.runDate < next.runDate,
  );
  return candidates.length === 0 ? null : candidates[candidates.length - 1]!.id;
}

/** The first run of the series a search belongs to. */
function rootOf(byId: ReadonlyMap<number, SearchRun>, search: SearchRun): number {
  let at = search;
  const seen = new Set<number>();
  while (at.rerunOf !== null && !seen.has(at.id)) {
    seen.add(at.id);
    const before = byId.get(at.rerunOf);
    if (!before) break; // the run it repeated was removed: this one starts the series now
    at = before;
  }
  return at.id;
}

/**
 * The searches of the latest run of every series that has been run more than once: the imports whose records
 * may be new since the last run. A run is the searches of a series with one run date (or one search without a
 * date); the latest is the one imported last.
 * @example [...latestReruns([{ id: 1, source: 'pubmed', query: 'q', runDate: '2024-01-05', rerunOf: null }, { id: 2, source: 'pubmed', query: 'q', runDate: '2025-03-01', rerunOf: 1 }])] // [2]
 */
export function latestReruns(searches: readonly SearchRun[]): Set<number> {
  const byId = new Map(searches.map((s) => [s.id, s]));
  const series = new Map<number, Map<string, number[]>>();
  for (const s of [...searches].sort((a, b) => a.id - b.id)) {
    const root = rootOf(byId, s);
    let runs = series.get(root);
    if (!runs) series.set(root, (runs = new Map()));
    const run = s.runDate ?? `#${s.id}`;
    // a run is placed by its last import: a run date given again later makes that run the latest
    const ids = runs.get(run) ?? [];
    runs.delete(run);
    runs.set(run, [...ids, s.id]);
  }
  const latest = new Set<number>();
  for (const runs of series.values()) {
    if (runs.size < 2) continue;
    const last = [...runs.values()].at(-1)!;
    for (const id of last) latest.add(id);
  }
  return latest;
}

/**
 * Whether a record (its duplicate cluster found by `clusterSearches`) is new since the last run: the earliest
 * search that found any record of its cluster is in the latest run of a series.
 * @example isNewSinceLastRun([4, 7], new Set([7])) // false — search 4 found it before
 */
export function isNewSinceLastRun(clusterSearches: readonly number[], latest: ReadonlySet<number>): boolean {
  if (latest.size === 0 || clusterSearches.length === 0) return false;
  return latest.has(Math.min(...clusterSearches));
}

/** The earliest of the latest runs' searches: a record first found before it cannot be new (SQL narrows by it). */
export function earliestLatestRun(latest: ReadonlySet<number>): number | undefined {
  return latest.size === 0 ? undefined : Math.min(...latest);
}
