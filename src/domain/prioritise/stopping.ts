/**
 * When a team may stop screening the ranked records.
 *
 * - The heuristic users know (ASReview's suggestion): stop after N consecutive irrelevant records. It has no
 *   statistical basis: it says nothing about the recall reached.
 * - The hypergeometric rule of Callaghan & Müller-Hansen (2020, Systematic Reviews 9:273): test the hypothesis
 *   "recall is below the target" against the records screened since some point, treated as a random sample of
 *   the records that were left at that point. If K relevant records were left then, drawing n of them and
 *   finding k relevant is hypergeometric; recall is below the target τ exactly when
 *   K ≥ K_tar = ⌊(r_before + k) / τ − r_before⌋ + 1, and the smallest such K is the most favourable to the
 *   hypothesis, so p = P(X ≤ k | urn, K_tar, n). The team may stop when p < 1 − confidence for some starting
 *   point. Assumption: the ranked records since that point hold at least as many relevant records as a random
 *   sample would (prioritisation is no worse than random), which makes the test conservative; with a truly
 *   random sample (the queue switched to random order) the assumption holds by design.
 */

/** ln(k!) for k = 0 … n. */
function logFactorials(n: number): Float64Array {
  const out = new Float64Array(n + 1);
  for (let k = 2; k <= n; k++) out[k] = out[k - 1]! + Math.log(k);
  return out;
}

/** ln C(n, k) from a table of ln k!. */
const logChoose = (f: Float64Array, n: number, k: number): number => f[n]! - f[k]! - f[n - k]!;

/**
 * P(X ≤ k) for X hypergeometric: `draws` records from an urn of `urn` holding `marked` relevant ones.
 * @example hypergeometricCdf(0, 10, 5, 2) // 2/9: both draws from the 5 unmarked of 10
 */
export function hypergeometricCdf(
  k: number,
  urn: number,
  marked: number,
  draws: number,
  table: Float64Array = logFactorials(urn),
): number {
  if (marked > urn || draws > urn) return 0;
  const low = Math.max(0, draws - (urn - marked));
  const high = Math.min(k, marked, draws);
  if (high < low) return 0;
  const denominator = logChoose(table, urn, draws);
  let p = 0;
  for (let x = low; x <= high; x++)
    p += Math.exp(logChoose(table, marked, x) + logChoose(table, urn - marked, draws - x) - denominator);
  return Math.min(1, p);
}

export interface StatisticalRule {
  /** The recall the team wants, e.g. 0.95. */
  targetRecall: number;
  /** The confidence with which "recall < target" must be rejected, e.g. 0.95. */
  confidence: number;
}

export const DEFAULT_STATISTICAL_RULE: StatisticalRule = { targetRecall: 0.95, confidence: 0.95 };

/** The fewest relevant records left in an urn that would put recall below the target. */
function relevantLeftBelowTarget(foundBefore: number, foundInSample: number, targetRecall: number): number {
  return Math.floor((foundBefore + foundInSample) / targetRecall - foundBefore + 1e-9) + 1;
}

/**
 * The p-value of "recall < target" from one sample: `drawn` records (`found` relevant) screened from an urn of
 * `urn` records left when `foundBefore` relevant records had been found.
 */
export function recallBelowTargetP(
  input: { urn: number; drawn: number; found: number; foundBefore: number },
  targetRecall: number,
  table?: Float64Array,
): number {
  const marked = relevantLeftBelowTarget(input.foundBefore, input.found, targetRecall);
  if (marked > input.urn - (input.drawn - input.found)) return 0;
  return hypergeometricCdf(input.found, input.urn, marked, input.drawn, table);
}

/**
 * How many more records, drawn at random from the `left` unscreened, must all turn out irrelevant before the
 * team may stop, having found `found` relevant records: the smallest n with p < 1 − confidence (0 when recall
 * below the target is impossible already; `left` + 1 when even screening all of them cannot show it).
 */
export function randomSampleNeeded(left: number, found: number, rule: StatisticalRule): number {
  const table = logFactorials(left);
  const alpha = 1 - rule.confidence;
  const p = (n: number): number =>
    recallBelowTargetP({ urn: left, drawn: n, found: 0, foundBefore: found }, rule.targetRecall, table);
  if (p(0) < alpha) return 0;
  if (p(left) >= alpha) return left + 1;
  let lo = 0;
  let hi = left;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (p(mid) < alpha) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** Where the statistical rule stands after a screening sequence: the smallest p over the starting points. */
export interface StatisticalEstimate {
  p: number;
  /** True when p < 1 − confidence: the team may stop. */
  mayStop: boolean;
  /** The starting point (records screened before it) whose sample gave p. */
  sampleFrom: number;
  /** Random records, all irrelevant, still needed to stop (see randomSampleNeeded). */
  randomSampleNeeded: number;
}

/** Starting points tried for the sample, at most about this many per check. */
const STARTING_POINTS = 48;

/**
 * Incremental form of the statistical rule over a screening sequence: feed each label as it is screened;
 * `estimate()` tests every starting point (strided) with the labels so far.
 * `total` = records in the pool at the start; `foundAtStart` = relevant known before (the priors).
 */
export function statisticalStopper(total: number, foundAtStart: number, rule: StatisticalRule) {
  const table = logFactorials(total);
  const foundBefore: number[] = [foundAtStart];
  let screened = 0;
  return {
    add(label: 0 | 1): void {
      screened++;
      foundBefore.push(foundBefore[foundBefore.length - 1]! + label);
    },
    /** The smallest p over the starting points, and that point. */
    test(): { p: number; sampleFrom: number } {
      const found = foundBefore[screened]!;
      let best = { p: 1, sampleFrom: screened };
      const stride = Math.max(1, Math.floor(screened / STARTING_POINTS));
      for (let s = screened - 1; s >= 0; s -= stride) {
        const p = recallBelowTargetP(
          {
            urn: total - s,
            drawn: screened - s,
            found: found - foundBefore[s]!,
            foundBefore: foundBefore[s]!,
          },
          rule.targetRecall,
          table,
        );
        if (p < best.p) best = { p, sampleFrom: s };
      }
      return best;
    },
    estimate(): StatisticalEstimate {
      const best = this.test();
      const found = foundBefore[screened]!;
      return {
        ...best,
        mayStop: best.p < 1 - rule.confidence,
        randomSampleNeeded: randomSampleNeeded(total - screened, found, rule),
      };
    },
  };
}

/** Where a rule would have stopped a screening sequence, and what that gave. */
export interface StoppingOutcome {
  rule: string;
  /** Records screened (after the priors) when it stopped; all of them when it never did. */
  stoppedAfter: number;
  /** Recall there, over every relevant record (the priors included). */
  recall: number;
  /** Share of the pool left unscreened. */
  workSaved: number;
  stopped: boolean;
}

function outcome(
  rule: string,
  labels: Uint8Array,
  priorRelevant: number,
  at: number | undefined,
): StoppingOutcome {
  const stoppedAfter = at ?? labels.length;
  let found = priorRelevant;
  let total = priorRelevant;
  labels.forEach((label, k) => {
    total += label;
    if (k < stoppedAfter) found += label;
  });
  return {
    rule,
    stoppedAfter,
    recall: total === 0 ? 1 : found / total,
    workSaved: labels.length === 0 ? 0 : 1 - stoppedAfter / labels.length,
    stopped: at !== undefined,
  };
}

/** The heuristic: where N consecutive irrelevant records were first screened. */
export function consecutiveIrrelevantOutcome(
  labels: Uint8Array,
  priorRelevant: number,
  n: number,
): StoppingOutcome {
  let run = 0;
  let at: number | undefined;
  for (let k = 0; k < labels.length && at === undefined; k++) {
    run = labels[k] === 1 ? 0 : run + 1;
    if (run >= n) at = k + 1;
  }
  return outcome(`${n} consecutive irrelevant`, labels, priorRelevant, at);
}

/** The statistical rule replayed over a finished screening sequence. */
export function statisticalOutcome(
  labels: Uint8Array,
  priorRelevant: number,
  rule: StatisticalRule,
): StoppingOutcome {
  const stopper = statisticalStopper(labels.length, priorRelevant, rule);
  let at: number | undefined;
  for (let k = 0; k < labels.length && at === undefined; k++) {
    stopper.add(labels[k] as 0 | 1);
    if (stopper.test().p < 1 - rule.confidence) at = k + 1;
  }
  return outcome(
    `hypergeometric, recall ≥ ${rule.targetRecall} at ${Math.round(rule.confidence * 100)} % confidence`,
    labels,
    priorRelevant,
    at,
  );
}
