import type { DedupeResult } from './dedupe.js';
import { UnionFind } from './union-find.js';

export interface DedupeScore {
  /** Records placed in a duplicate cluster that the labels flag as duplicates. */
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number;
  recall: number;
  f1: number;
}

/**
 * Scores automatic merges against labelled libraries that flag every record having a duplicate (the IEBH
 * dedupe-sweep libraries flag all members of each duplicate set "Duplicate"). A record counts as found when
 * the automatic clusters put it with at least one other record. These labels cannot tell two flagged sets
 * wrongly joined together: tests of our own cover that.
 */
export function scoreAgainstLabels(result: DedupeResult, flagged: readonly boolean[]): DedupeScore {
  const clustered = new Set(result.clusters.flatMap((c) => c.members));
  let tp = 0;
  let fp = 0;
  for (const i of clustered) {
    if (flagged[i]) tp++;
    else fp++;
  }
  const fn = flagged.filter((f, i) => f && !clustered.has(i)).length;
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { truePositives: tp, falsePositives: fp, falseNegatives: fn, precision, recall, f1 };
}

/** Record-level counts as the bib-dedupe benchmark keeps them: every record is one of TP, FP, FN or TN. */
export interface ClusterScore extends DedupeScore {
  trueNegatives: number;
}

/**
 * Scores automatic merges against true duplicate clusters, record by record as the bib-dedupe benchmark
 * counts: in each merged cluster one record is kept (the canonical); every other member is a true positive
 * when it belongs to the kept record's true cluster and a false positive when it does not. A true duplicate
 * (every member of a true cluster but one) not removed so is a false negative; every other record a true
 * negative.
 * @example scoreAgainstClusters(result, [0, 0, undefined]) // a two-record cluster and a unique record
 */
export function scoreAgainstClusters(
  result: DedupeResult,
  truth: readonly (number | undefined)[],
): ClusterScore {
  let tp = 0;
  let fp = 0;
  for (const c of result.clusters) {
    const kept = truth[c.canonical];
    for (const m of c.members)
      if (m !== c.canonical) {
        if (kept !== undefined && truth[m] === kept) tp++;
        else fp++;
      }
  }
  const sizes = new Map<number, number>();
  for (const t of truth) if (t !== undefined) sizes.set(t, (sizes.get(t) ?? 0) + 1);
  const duplicates = [...sizes.values()].reduce((sum, n) => sum + n - 1, 0);
  const fn = duplicates - tp;
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = duplicates === 0 ? 1 : tp / duplicates;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return {
    truePositives: tp,
    falsePositives: fp,
    falseNegatives: fn,
    trueNegatives: truth.length - tp - fp - fn,
    precision,
    recall,
    f1,
  };
}

/** What the review queue holds against the truth, and the recall a team reaches that confirms its true pairs. */
export interface ReviewYield {
  pairs: number;
  /** Pairs whose two records belong to one true cluster. */
  truePairs: number;
  /** The score of the automatic merges joined by every true pair of the queue (as a reviewer would confirm them). */
  confirmed: ClusterScore;
}

/**
 * Scores the review queue against true duplicate clusters: how many of its pairs are duplicates, and where the
 * automatic merges stand once a reviewer has confirmed those (and dismissed the rest).
 */
export function scoreReviewQueue(result: DedupeResult, truth: readonly (number | undefined)[]): ReviewYield {
  const uf = new UnionFind(truth.length);
  for (const c of result.clusters) for (const m of c.members) uf.union(c.canonical, m);
  const confirmedPairs = result.review.filter((p) => truth[p.a] !== undefined && truth[p.a] === truth[p.b]);
  for (const p of confirmedPairs) uf.union(p.a, p.b);
  const clusters = uf.groups().map((members) => ({ canonical: members[0]!, members, pairs: [] }));
  return {
    pairs: result.review.length,
    truePairs: confirmedPairs.length,
    confirmed: scoreAgainstClusters({ clusters, review: [] }, truth),
  };
}
