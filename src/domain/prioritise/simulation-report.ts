import { TwowayError } from '../errors.js';
import { tfidf } from './features.js';
import type { LabelColumn, LabelledSet } from './labelled-set.js';
import type { OrderMetrics } from './metrics.js';
import { PRESETS, presetByName, type Preset } from './presets.js';
import { DEFAULT_CONSECUTIVE_IRRELEVANT, simulate } from './simulate.js';
import { DEFAULT_STATISTICAL_RULE, type StatisticalRule, type StoppingOutcome } from './stopping.js';

export interface SimulationSettings {
  preset: Preset;
  seeds: readonly number[];
  priorIncluded: number;
  priorExcluded: number;
  consecutiveIrrelevant?: readonly number[];
  statisticalRule?: StatisticalRule;
}

/** A recall curve: relevant found (y) after x records screened, sampled at most every `step` records. */
export interface CurvePoint {
  screened: number;
  found: number;
}

export interface SimulationReport {
  preset: { name: string; description: string };
  records: number;
  relevant: number;
  /** Records of the file without the label, left out. */
  unlabelled: number;
  priorIncluded: number;
  priorExcluded: number;
  statisticalRule: StatisticalRule;
  runs: {
    seed: number;
    /** Prior records by their 1-based position in the file's labelled records. */
    priors: number[];
    metrics: OrderMetrics;
    stopping: StoppingOutcome[];
    fitMilliseconds: { mean: number; max: number };
    curve: CurvePoint[];
  }[];
  /** Each metric averaged over the runs. */
  mean: OrderMetrics;
  /** Each stopping rule over the runs: mean recall and work saved, and in how many runs it reached the target. */
  stopping: {
    rule: string;
    meanRecall: number;
    meanWorkSaved: number;
    reachedTarget: number;
    runs: number;
  }[];
  milliseconds: number;
}

/** At most this many points a curve, so that a report stays small on a large file. */
const CURVE_POINTS = 400;

function curveOf(labels: Uint8Array): CurvePoint[] {
  const step = Math.max(1, Math.ceil(labels.length / CURVE_POINTS));
  const out: CurvePoint[] = [{ screened: 0, found: 0 }];
  let found = 0;
  labels.forEach((label, k) => {
    found += label;
    if ((k + 1) % step === 0 || k === labels.length - 1) out.push({ screened: k + 1, found });
  });
  return out;
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

/**
 * Simulates screening a labelled set once per seed and summarises: per run and averaged, the metrics
 * (metrics.ts) and where each stopping rule would have stopped. The features are computed once for all seeds.
 */
export function simulationReport(set: LabelledSet, settings: SimulationSettings): SimulationReport {
  const started = performance.now();
  const X = tfidf(set.documents, settings.preset.features);
  const rule = settings.statisticalRule ?? DEFAULT_STATISTICAL_RULE;
  const runs = settings.seeds.map((seed) => {
    const run = simulate(X, set.labels, {
      preset: settings.preset,
      seed,
      priorIncluded: settings.priorIncluded,
      priorExcluded: settings.priorExcluded,
      consecutiveIrrelevant: settings.consecutiveIrrelevant ?? DEFAULT_CONSECUTIVE_IRRELEVANT,
      statisticalRule: rule,
    });
    return {
      seed,
      priors: run.priors.map((p) => p + 1),
      metrics: run.metrics,
      stopping: run.stopping,
      fitMilliseconds: run.fitMilliseconds,
      curve: curveOf(run.labelsInOrder),
    };
  });
  const metricNames = Object.keys(runs[0]!.metrics) as (keyof OrderMetrics)[];
  const averaged = Object.fromEntries(
    metricNames.map((name) => [name, mean(runs.map((r) => r.metrics[name]))]),
  ) as unknown as OrderMetrics;
  const stopping = runs[0]!.stopping.map((first, k) => {
    const outcomes = runs.map((r) => r.stopping[k]!);
    return {
      rule: first.rule,
      meanRecall: mean(outcomes.map((o) => o.recall)),
      meanWorkSaved: mean(outcomes.map((o) => o.workSaved)),
      reachedTarget: outcomes.filter((o) => o.recall >= rule.targetRecall - 1e-12).length,
      runs: outcomes.length,
    };
  });
  return {
    preset: { name: settings.preset.name, description: settings.preset.description },
    records: set.labels.length,
    relevant: set.labels.reduce((a, b) => a + b, 0),
    unlabelled: set.unlabelled,
    priorIncluded: settings.priorIncluded,
    priorExcluded: settings.priorExcluded,
    statisticalRule: rule,
    runs,
    mean: averaged,
    stopping,
    milliseconds: performance.now() - started,
  };
}

/** A simulation as a user asks for it (CLI options, an API body): names and numbers only. */
export interface SimulationRequest {
  preset: string;
  /** Runs, with seeds 1 … seeds. */
  seeds: number;
  priorIncluded: number;
  priorExcluded: number;
  label: LabelColumn;
  targetRecall: number;
  confidence: number;
  stopAfter?: readonly number[];
}

/** The settings a request names; E_USAGE for an unknown preset or numbers out of range. */
export function simulationSettings(request: SimulationRequest): SimulationSettings {
  const preset = presetByName(request.preset);
  if (!preset)
    throw new TwowayError({
      code: 'E_USAGE',
      message: `no preset "${request.preset}"; presets: ${PRESETS.map((p) => p.name).join(', ')}`,
    });
  const whole = (n: number, min: number, max: number) => Number.isInteger(n) && n >= min && n <= max;
  if (
    !whole(request.seeds, 1, 50) ||
    !whole(request.priorIncluded, 1, 1000) ||
    !whole(request.priorExcluded, 1, 1000)
  )
    throw new TwowayError({
      code: 'E_USAGE',
      message: 'seeds takes 1–50, and the priors 1–1000 relevant and irrelevant records',
    });
  for (const share of [request.targetRecall, request.confidence])
    if (!(share > 0 && share < 1))
      throw new TwowayError({
        code: 'E_USAGE',
        message: 'target recall and confidence are shares between 0 and 1',
      });
  return {
    preset,
    seeds: Array.from({ length: request.seeds }, (_, i) => i + 1),
    priorIncluded: request.priorIncluded,
    priorExcluded: request.priorExcluded,
    ...(request.stopAfter && request.stopAfter.length > 0
      ? { consecutiveIrrelevant: request.stopAfter }
      : {}),
    statisticalRule: { targetRecall: request.targetRecall, confidence: request.confidence },
  };
}
