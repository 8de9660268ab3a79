/**
 * What removing an import does to the duplicate clusters its records are in, and so to the team's work on
 * them. The rule, written once:
 * - a record of the import that is a duplicate of a record of another import lives on through that record: its
 *   cluster keeps the other members, and every decision, resolution, coding, retrieval, prior mark and attached PDF on the
 *   removed record moves to the cluster's canonical record (the most complete of those left) — the team's work
 *   on a study found twice is not lost because one of its finds was removed;
 * - a cluster left with one record is dissolved (that record stands alone again, with the work moved to it);
 * - a record of the import that no other import found leaves the review with the work done on it, which the
 *   owner is shown and must confirm before anything is removed.
 */

import { counted } from '../text/counted.js';

/** The team's work on records, counted per kind. */
export interface WorkCounts {
  decisions: number;
  resolutions: number;
  codings: number;
  retrievals: number;
  priorMarks: number;
  /** Attached full texts (PDFs). */
  fullTexts: number;
}

/**
 * The work in words, empty when there is none.
 * @example describeWork({ decisions: 3, resolutions: 1, codings: 0, retrievals: 0, priorMarks: 0, fullTexts: 0 }) // '3 decisions, 1 resolution'
 */
export function describeWork(work: WorkCounts): string {
  const kinds: [number, string][] = [
    [work.decisions, 'decision'],
    [work.resolutions, 'resolution'],
    [work.codings, 'coding'],
    [work.retrievals, 'full-text retrieval'],
    [work.priorMarks, 'prior mark'],
    [work.fullTexts, 'full-text PDF'],
  ];
  return kinds
    .filter(([n]) => n > 0)
    .map(([n, word]) => counted(n, word))
    .join(', ');
}

/** A live duplicate cluster with a record of the import being removed. */
export interface ClusterAtRemoval {
  id: number;
  canonical: number;
  members: { record: number; removed: boolean; completeness: number }[];
}

export interface ImportRemovalPlan {
  /** Removed record → the record of another import that takes over its work. */
  takeOver: Map<number, number>;
  /** Clusters that keep two members or more, with their canonical record after the removal. */
  kept: { cluster: number; canonical: number }[];
  /** Clusters left with fewer than two members. */
  dissolved: number[];
}

/**
 * Plans the removal for the live clusters that hold records of the import.
 * @example planImportRemoval([{ id: 1, canonical: 10, members: [{ record: 10, removed: true, completeness: 5 }, { record: 20, removed: false, completeness: 3 }] }])
 * // { takeOver: Map { 10 => 20 }, kept: [], dissolved: [1] }
 */
export function planImportRemoval(clusters: readonly ClusterAtRemoval[]): ImportRemovalPlan {
  const plan: ImportRemovalPlan = { takeOver: new Map(), kept: [], dissolved: [] };
  for (const cluster of clusters) {
    const left = cluster.members.filter((m) => !m.removed);
    if (left.length === 0) {
      plan.dissolved.push(cluster.id);
      continue;
    }
    const canonical = left.some((m) => m.record === cluster.canonical)
      ? cluster.canonical
      : [...left].sort((a, b) => b.completeness - a.completeness || a.record - b.record)[0]!.record;
    for (const m of cluster.members) if (m.removed) plan.takeOver.set(m.record, canonical);
    if (left.length >= 2) plan.kept.push({ cluster: cluster.id, canonical });
    else plan.dissolved.push(cluster.id);
  }
  return plan;
}
