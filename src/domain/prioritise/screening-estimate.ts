import type { CurvePoint } from './simulation-report.js';
import type { PrioritisationSettings } from './settings.js';
import { statisticalStopper, type StatisticalEstimate } from './stopping.js';

/** Where a team's screening stands: the recall-style curve and what the stopping rules say. */
export interface ScreeningEstimate {
  /** Records after deduplication. */
  records: number;
  /** Records screened so far (a relevant or irrelevant label), in the order first screened. */
  screened: number;
  relevantFound: number;
  /** Records screened since the last relevant one. */
  sinceLastRelevant: number;
  heuristic: { stopAfter: number; reached: boolean };
  statistical: StatisticalEstimate & { targetRecall: number; confidence: number };
  curve: CurvePoint[];
  assumptions: string[];
}

export const STOPPING_ASSUMPTIONS: readonly string[] = [
  'The statistical rule (Callaghan & Müller-Hansen 2020) treats the records screened since some point as a random sample of the records left at that point; prioritised screening finds relevant records at least as fast as random, so this errs on the side of screening more.',
  'Relevant means included by a decision or by any reviewer’s vote at title/abstract (in blind screening: by a decision only, so that no reviewer learns another’s vote); records only marked "maybe" count as not yet screened.',
  'It bounds recall among the records in the project: relevant studies the searches missed are outside it.',
  'For a sample that needs no assumption, screen the stated number of records at random from those left (switch prioritisation off, or export and sample); if none is relevant, recall is at least the target at the stated confidence.',
  'The heuristic (N consecutive irrelevant records) has no statistical basis: in ASReview simulations it often stopped below 95 % recall.',
];

/**
 * The estimate from the labels of the records screened, in the order first screened.
 * @example screeningEstimate([1, 0, 0], 100, settings).sinceLastRelevant // 2
 */
export function screeningEstimate(
  labelsInOrder: readonly (0 | 1)[],
  records: number,
  settings: Pick<PrioritisationSettings, 'stopAfter' | 'targetRecall' | 'confidence'>,
): ScreeningEstimate {
  const rule = { targetRecall: settings.targetRecall, confidence: settings.confidence };
  const stopper = statisticalStopper(Math.max(records, labelsInOrder.length), 0, rule);
  const curve: CurvePoint[] = [{ screened: 0, found: 0 }];
  const step = Math.max(1, Math.ceil(labelsInOrder.length / 400));
  let found = 0;
  let since = 0;
  labelsInOrder.forEach((label, k) => {
    stopper.add(label);
    found += label;
    since = label === 1 ? 0 : since + 1;
    if ((k + 1) % step === 0 || k === labelsInOrder.length - 1) curve.push({ screened: k + 1, found });
  });
  return {
    records,
    screened: labelsInOrder.length,
    relevantFound: found,
    sinceLastRelevant: since,
    heuristic: { stopAfter: settings.stopAfter, reached: since >= settings.stopAfter },
    statistical: { ...stopper.estimate(), ...rule },
    curve,
    assumptions: [...STOPPING_ASSUMPTIONS],
  };
}
