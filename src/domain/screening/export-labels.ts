import type { ScreeningLabels } from '../record/bib-record.js';
import type { RecordState } from './decisions.js';

/**
 * The labels an export carries for a record, in ASReview's terms, from the team's decisions: title/abstract
 * included → `abstractIncluded` 1, excluded → 0; finally included (after full text) → `included` 1, excluded at
 * either stage → 0. Where the team has not decided, the labels imported with the record stay (an ASReview
 * project's labels survive a round trip); a prior mark stays too.
 * @example exportLabels('included', 'included', { included: 0 }) // { abstractIncluded: 1, included: 1 }
 */
export function exportLabels(
  titleAbstract: RecordState | undefined,
  fullText: RecordState | undefined,
  imported: ScreeningLabels | undefined,
): ScreeningLabels | undefined {
  const labels: ScreeningLabels = { ...imported };
  if (titleAbstract === 'included') labels.abstractIncluded = 1;
  if (titleAbstract === 'excluded') labels.abstractIncluded = 0;
  if (fullText === 'included') labels.included = 1;
  if (fullText === 'excluded' || titleAbstract === 'excluded') labels.included = 0;
  return Object.keys(labels).length > 0 ? labels : undefined;
}
