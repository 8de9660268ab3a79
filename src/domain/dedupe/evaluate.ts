import type { DedupeResult } from './dedupe.js';

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
