import type { RecordStatus } from './decisions.js';

/**
 * Agreement between two reviewers on the same records: percent agreement, Cohen's kappa (Cohen 1960) and
 * Gwet's AC1 (Gwet 2008), which stays meaningful when one category dominates, as exclusions do in screening.
 */
export interface Agreement {
  /** Records both reviewers decided. */
  n: number;
  percent: number;
  kappa: number;
  ac1: number;
  /** The categories seen, and the contingency table rows (reviewer A) × columns (reviewer B). */
  categories: string[];
  table: number[][];
}

/**
 * Computes agreement over pairs of ratings (one pair a record). Categories are the values seen.
 * Undefined statistics (no pairs; a chance agreement of 1) come back as NaN, never as a made-up number.
 * @example agreement([['include', 'include'], ['exclude', 'include']]).percent // 0.5
 */
export function agreement(pairs: readonly (readonly [string, string])[]): Agreement {
  const categories = [...new Set(pairs.flat())].sort();
  const q = categories.length;
  const index = new Map(categories.map((c, i) => [c, i]));
  const table = categories.map(() => categories.map(() => 0));
  for (const [a, b] of pairs) table[index.get(a)!]![index.get(b)!]! += 1;
  const n = pairs.length;
  if (n === 0) return { n, percent: NaN, kappa: NaN, ac1: NaN, categories, table };
  let observed = 0;
  for (let i = 0; i < q; i++) observed += table[i]![i]!;
  const po = observed / n;
  const rowShare = table.map((row) => row.reduce((s, x) => s + x, 0) / n);
  const colShare = categories.map((_, j) => table.reduce((s, row) => s + row[j]!, 0) / n);
  const peKappa = rowShare.reduce((s, r, i) => s + r * colShare[i]!, 0);
  const kappa = peKappa === 1 ? NaN : (po - peKappa) / (1 - peKappa);
  // AC1: chance agreement from the mean share of each category, spread over q(q-1)
  const pi = rowShare.map((r, i) => (r + colShare[i]!) / 2);
  const peAc1 = q > 1 ? pi.reduce((s, p) => s + p * (1 - p), 0) / (q - 1) : 0;
  const ac1 = q > 1 ? (po - peAc1) / (1 - peAc1) : 1;
  return { n, percent: po, kappa, ac1, categories, table };
}

export interface PairAgreement extends Agreement {
  reviewers: [string, string];
}

/**
 * Agreement of every pair of reviewers over the records both voted on (include, exclude or maybe): each
 * record's standing votes are paired, reviewers in name order.
 * @example agreementByReviewerPair([{ recordId: 1, stage: 'title-abstract', state: 'included', votes: [{ reviewer: 'a', value: 'include' }, { reviewer: 'b', value: 'include' }] }])[0]!.reviewers // ['a', 'b']
 */
export function agreementByReviewerPair(statuses: readonly RecordStatus[]): PairAgreement[] {
  const byPair = new Map<string, { reviewers: [string, string]; pairs: [string, string][] }>();
  for (const s of statuses) {
    const votes = [...s.votes].sort((a, b) => a.reviewer.localeCompare(b.reviewer));
    for (let i = 0; i < votes.length; i++)
      for (let j = i + 1; j < votes.length; j++) {
        const a = votes[i]!;
        const b = votes[j]!;
        const key = `${a.reviewer}\u0000${b.reviewer}`;
        let entry = byPair.get(key);
        if (!entry) byPair.set(key, (entry = { reviewers: [a.reviewer, b.reviewer], pairs: [] }));
        entry.pairs.push([a.value, b.value]);
      }
  }
  return [...byPair.values()].map(({ reviewers, pairs }) => ({ reviewers, ...agreement(pairs) }));
}
