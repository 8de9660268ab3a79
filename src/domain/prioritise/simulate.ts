import { TwowayError } from '../errors.js';
import { sampleWeights } from './balancer.js';
import { createClassifier } from './classifiers.js';
import { orderMetrics, type OrderMetrics } from './metrics.js';
import type { Preset } from './presets.js';
import { pickNext } from './querier.js';
import { numpyChoice, seededRandom } from './random.js';
import { scoreRows, type LinearModel, type SparseRows } from './sparse.js';
import {
  consecutiveIrrelevantOutcome,
  DEFAULT_STATISTICAL_RULE,
  statisticalOutcome,
  type StatisticalRule,
  type StoppingOutcome,
} from './stopping.js';

export interface SimulationOptions {
  preset: Preset;
  seed: number;
  priorIncluded: number;
  priorExcluded: number;
  /** Heuristic stopping rules to replay: stop after N consecutive irrelevant records. */
  consecutiveIrrelevant?: readonly number[];
  statisticalRule?: StatisticalRule;
}

export interface SimulationRun {
  seed: number;
  /** The prior records (row indices), relevant first. */
  priors: number[];
  /** Row indices in the order screened after the priors. */
  order: Int32Array;
  /** Their labels, in that order. */
  labelsInOrder: Uint8Array;
  metrics: OrderMetrics;
  stopping: StoppingOutcome[];
  fits: number;
  fitMilliseconds: { mean: number; max: number };
}

export const DEFAULT_CONSECUTIVE_IRRELEVANT: readonly number[] = [50, 100, 200];

/**
 * Replays screening of a labelled set as ASReview's simulation does: the priors are labelled first, then the
 * model is retrained after every label and the querier picks the next record, whose label is revealed. The
 * run is deterministic given the seed (priors — drawn as ASReview draws them for `--prior-seed` — the SVM's
 * sample order and the mixed querier's draws).
 */
export function simulate(X: SparseRows, labels: Uint8Array, options: SimulationOptions): SimulationRun {
  const n = labels.length;
  const relevant: number[] = [];
  const irrelevant: number[] = [];
  labels.forEach((label, i) => (label === 1 ? relevant : irrelevant).push(i));
  if (
    relevant.length < Math.max(1, options.priorIncluded) ||
    irrelevant.length < Math.max(1, options.priorExcluded)
  )
    throw new TwowayError({
      code: 'E_USAGE',
      message: `a simulation needs both classes, more than the priors: the file has ${relevant.length} relevant and ${irrelevant.length} irrelevant records (priors ${options.priorIncluded} + ${options.priorExcluded})`,
    });
  const random = seededRandom(options.seed);
  // drawn as ASReview's `simulate --prior-seed` draws them, so that both start from the same records
  const priors = [
    ...numpyChoice(relevant, options.priorIncluded, options.seed),
    ...numpyChoice(irrelevant, options.priorExcluded, options.seed),
  ];
  const classifier = createClassifier(options.preset.classifier, seededRandom(options.seed * 7919 + 1));
  const labelledRows: number[] = [...priors];
  const screened = new Uint8Array(n);
  for (const p of priors) screened[p] = 1;
  const order = new Int32Array(n - priors.length);
  const candidates = new Int32Array(n);
  let fitTotal = 0;
  let fitMax = 0;
  let fits = 0;
  let hasBoth = options.priorIncluded > 0 && options.priorExcluded > 0;
  for (let step = 0; step < order.length; step++) {
    let count = 0;
    for (let i = 0; i < n; i++) if (!screened[i]) candidates[count++] = i;
    const pool = candidates.subarray(0, count);
    let next: number;
    if (hasBoth) {
      const rows = Int32Array.from(labelledRows);
      const trainingLabels = Uint8Array.from(labelledRows, (r) => labels[r]!);
      const started = performance.now();
      const model: LinearModel = classifier.fit({
        X,
        rows,
        labels: trainingLabels,
        weights: sampleWeights(options.preset.balancer, trainingLabels),
      });
      const took = performance.now() - started;
      fits++;
      fitTotal += took;
      fitMax = Math.max(fitMax, took);
      next = pool[pickNext(options.preset.querier, scoreRows(X, model, pool), random)]!;
    } else next = pool[random.below(count)]!;
    screened[next] = 1;
    labelledRows.push(next);
    order[step] = next;
    if (!hasBoth) hasBoth = new Set(labelledRows.map((r) => labels[r])).size === 2;
  }
  const labelsInOrder = Uint8Array.from(order, (r) => labels[r]!);
  const priorRelevant = Math.min(options.priorIncluded, relevant.length);
  const stopping = [
    ...(options.consecutiveIrrelevant ?? DEFAULT_CONSECUTIVE_IRRELEVANT).map((k) =>
      consecutiveIrrelevantOutcome(labelsInOrder, priorRelevant, k),
    ),
    statisticalOutcome(labelsInOrder, priorRelevant, options.statisticalRule ?? DEFAULT_STATISTICAL_RULE),
  ];
  return {
    seed: options.seed,
    priors,
    order,
    labelsInOrder,
    metrics: orderMetrics(labelsInOrder),
    stopping,
    fits,
    fitMilliseconds: { mean: fits === 0 ? 0 : fitTotal / fits, max: fitMax },
  };
}
