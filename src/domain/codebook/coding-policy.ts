import { TwowayError } from '../errors.js';
import { assertRole, OWNERS, SCREENERS, type PolicyProject } from '../screening/policy.js';
import type { Protocol, Role } from '../screening/protocol.js';

/**
 * The coding policy: who codes, who edits the framework and the form, who sees whose coding, who records the
 * consensus, and which coding of a study the synthesis reads. Written once here; the store enforces it.
 */

/** Roles that may code studies and record a consensus: the same people who screen. */
export const CODERS: readonly Role[] = SCREENERS;
/** Roles that may edit the project's framework and extraction form. */
export const FRAMEWORK_EDITORS: readonly Role[] = OWNERS;

export interface CodingProject extends PolicyProject {
  protocol: PolicyProject['protocol'] & Pick<Protocol, 'coding'>;
}

/** One coder's standing coding of a study, as the policy sees it. */
export interface CoderState {
  coder: string;
  submitted: boolean;
}

/** Refuses anyone who may not code in the project (viewers, non-members). */
export function assertMayCode(project: CodingProject, coder: string): Role {
  return assertRole(project, coder, CODERS);
}

/** Whether the independent codings of a study are all in: as many coders as the protocol asks have submitted. */
export function codingComplete(
  project: Pick<CodingProject, 'protocol'>,
  coders: readonly CoderState[],
): boolean {
  return coders.filter((c) => c.submitted).length >= project.protocol.coding.codersRequired;
}

/**
 * Whose codings of a study `viewer` may read. In blind mode a coder sees only their own coding until the
 * study's codings are all in (the protocol's number of coders have submitted); then every member sees them all.
 * @example visibleCoders(project, [{ coder: 'ana', submitted: true }, { coder: 'ben', submitted: false }], 'ben') // ['ben']
 */
export function visibleCoders(
  project: CodingProject,
  coders: readonly CoderState[],
  viewer: string,
): string[] {
  if (!project.protocol.coding.blind || codingComplete(project, coders)) return coders.map((c) => c.coder);
  return coders.filter((c) => c.coder === viewer).map((c) => c.coder);
}

/**
 * Refuses a consensus before the independent codings are in (blind or not: a consensus settles the codings,
 * so they must exist), and from anyone who may not code.
 */
export function assertMayRecordConsensus(
  project: CodingProject,
  who: string,
  coders: readonly CoderState[],
): void {
  assertMayCode(project, who);
  if (!codingComplete(project, coders)) {
    const submitted = coders.filter((c) => c.submitted).length;
    throw new TwowayError({
      code: 'E_CONFLICT',
      message: `a consensus needs ${project.protocol.coding.codersRequired} submitted codings of the study; it has ${submitted}`,
    });
  }
}

/**
 * Which coding the synthesis reads for a study: its consensus; with single coding, the one submitted coding
 * stands as final when no consensus was recorded; otherwise none yet.
 */
export function finalCodingSource<C>(
  project: Pick<CodingProject, 'protocol'>,
  consensus: C | undefined,
  submitted: readonly C[],
): C | undefined {
  if (consensus !== undefined) return consensus;
  if (project.protocol.coding.codersRequired === 1 && submitted.length > 0)
    return submitted[submitted.length - 1];
  return undefined;
}
