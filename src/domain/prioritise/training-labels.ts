import type { RecordStatus } from '../screening/decisions.js';

/**
 * What the model learns from a record at title/abstract (1 relevant, 0 irrelevant, undefined: not learnt
 * from), strongest evidence first:
 * 1. the record's decided state — included or excluded, by agreement, a single reviewer or a resolution;
 * 2. unless screening is blind, the reviewers' standing votes: an include (even against an exclude: a
 *    conflict counts as relevant, so the model keeps looking for what one reviewer included) → 1, else an
 *    exclude → 0; "maybe" teaches nothing. In blind screening the votes of an undecided record are left out,
 *    so that neither the ranking nor a score shown can tell a reviewer how the other voted on it;
 * 3. the team's prior mark (known relevant / irrelevant before screening);
 * 4. a label imported with the record (ASReview's label columns, RIS N1 ASReview_relevant).
 * @example trainingLabel({ status: { state: 'conflict', votes: [...] }, blind: false }) // 1
 */
export function trainingLabel(input: {
  status: Pick<RecordStatus, 'state' | 'votes'> | undefined;
  blind: boolean;
  prior?: 0 | 1 | undefined;
  imported?: 0 | 1 | null | undefined;
}): 0 | 1 | undefined {
  const { status } = input;
  if (status?.state === 'included') return 1;
  if (status?.state === 'excluded') return 0;
  if (status && !input.blind) {
    if (status.votes.some((v) => v.value === 'include')) return 1;
    if (status.votes.some((v) => v.value === 'exclude')) return 0;
  }
  if (input.prior !== undefined) return input.prior;
  if (input.imported === 0 || input.imported === 1) return input.imported;
  return undefined;
}

/**
 * The label the team's screening gives a record so far, for the dashboard's curve and the stopping rules: as
 * trainingLabel reads the screening (decided state; votes too unless blind, so that the curve cannot tell a
 * blind reviewer how another voted), without prior marks or imported labels (records nobody screened).
 */
export function screenedLabel(
  status: Pick<RecordStatus, 'state' | 'votes'>,
  blind: boolean,
): 0 | 1 | undefined {
  return trainingLabel({ status, blind });
}
