/**
 * Inter-rater agreement statistics, used wherever two people judged the same things: screening votes, coded
 * fields and codes. Undefined statistics (no pairs, a chance agreement of 1) are NaN, never a made-up number.
 */

/**
 * Agreement between two raters on the same units: percent agreement, Cohen's kappa (Cohen 1960) and
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

/**
 * Krippendorff's alpha for nominal data (Krippendorff 2011, "Computing Krippendorff's alpha-reliability"): any
 * number of coders, missing values allowed. Each unit lists the values its coders gave; units with fewer than
 * two values are not pairable and are left out. NaN when nothing is pairable or every value is the same.
 * @example krippendorffAlpha([['1', '1'], ['1', '0'], ['0', '0'], ['0', '0']]) // 0.533…
 */
export function krippendorffAlpha(units: readonly (readonly string[])[]): number {
  const coincidence = new Map<string, Map<string, number>>();
  const add = (c: string, k: string, w: number) => {
    let row = coincidence.get(c);
    if (!row) coincidence.set(c, (row = new Map()));
    row.set(k, (row.get(k) ?? 0) + w);
  };
  for (const values of units) {
    const m = values.length;
    if (m < 2) continue;
    for (let i = 0; i < m; i++)
      for (let j = 0; j < m; j++) if (i !== j) add(values[i]!, values[j]!, 1 / (m - 1));
  }
  const totals = new Map<string, number>();
  let n = 0;
  let disagreeing = 0;
  for (const [c, row] of coincidence)
    for (const [k, o] of row) {
      totals.set(c, (totals.get(c) ?? 0) + o);
      n += o;
      if (c !== k) disagreeing += o;
    }
  let expected = 0;
  for (const [c, nc] of totals) for (const [k, nk] of totals) if (c !== k) expected += nc * nk;
  if (n === 0 || expected === 0) return NaN;
  return 1 - ((n - 1) * disagreeing) / expected;
}
