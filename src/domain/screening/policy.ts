import { TwowayError } from '../errors.js';
import type { RecordState, RecordStatus, Stage } from './decisions.js';
import { ROLES, type Member, type Protocol, type Role } from './protocol.js';

/**
 * The screening policy: who may screen, who may resolve a conflict, who sees which votes, and who may read
 * agreement while screening is blind. Written once here; the store enforces it, and the routes, the CLI and
 * the pages ask it what to offer.
 */

/** Roles that may read a project. */
export const ANY_MEMBER: readonly Role[] = ROLES;
/** Roles that may screen, resolve conflicts as a third reviewer, and decide duplicates. */
export const SCREENERS: readonly Role[] = ['owner', 'reviewer'];
/** Roles that may change the protocol, the team and the project's data. */
export const OWNERS: readonly Role[] = ['owner'];

/** The part of a project the policy reads. */
export interface PolicyProject {
  id: number;
  members: readonly Member[];
  protocol: Pick<Protocol, 'screening' | 'exclusionReasons'>;
}

/** The role of `reviewer` in the project, if they are a member. */
export function roleOf(project: Pick<PolicyProject, 'members'>, reviewer: string): Role | undefined {
  return project.members.find((m) => m.reviewer === reviewer)?.role;
}

/**
 * Refuses (E_FORBIDDEN) anyone whose role in the project is not among those allowed; returns the role.
 * @example assertRole({ id: 1, members: [{ reviewer: 'ana', role: 'owner' }], protocol }, 'ana', SCREENERS) // 'owner'
 */
export function assertRole(project: PolicyProject, reviewer: string, allowed: readonly Role[]): Role {
  const role = roleOf(project, reviewer);
  if (!role)
    throw new TwowayError({
      code: 'E_FORBIDDEN',
      message: `${reviewer} is not a member of project ${project.id}`,
    });
  if (!allowed.includes(role))
    throw new TwowayError({
      code: 'E_FORBIDDEN',
      message: `${reviewer} is a ${role} of project ${project.id} and may not do this (it needs: ${allowed.join(' or ')})`,
    });
  return role;
}

/** Refuses anyone who may not screen in the project (viewers and non-members). */
export function assertMayScreen(project: PolicyProject, reviewer: string): Role {
  return assertRole(project, reviewer, SCREENERS);
}

/**
 * Who may resolve a conflict: an owner, or a reviewer who did not vote on the record (a third reviewer).
 * Refused with E_CONFLICT when the record is not in conflict, E_FORBIDDEN otherwise.
 */
/**
 * Whether a member may resolve a conflict: an owner always; a reviewer who did not vote on it (a third
 * reviewer); never a viewer.
 */
export function mayResolve(
  role: Role | undefined,
  reviewer: string,
  votes: readonly { reviewer: string }[],
): boolean {
  if (role === 'owner') return true;
  return role === 'reviewer' && !votes.some((v) => v.reviewer === reviewer);
}

export function assertMayResolve(project: PolicyProject, reviewer: string, status: RecordStatus): void {
  const role = assertMayScreen(project, reviewer);
  if (status.state !== 'conflict')
    throw new TwowayError({
      code: 'E_CONFLICT',
      message: `record ${status.recordId} is ${status.state} at ${status.stage}, not in conflict`,
    });
  if (!mayResolve(role, reviewer, status.votes))
    throw new TwowayError({
      code: 'E_FORBIDDEN',
      message: `${reviewer} voted on record ${status.recordId}: a conflict is resolved by a third reviewer or an owner`,
    });
}

/**
 * What `viewer` may see of the votes on a record. In blind mode a reviewer sees their own vote alone, also once
 * the record is decided (seeing the other's vote, a reviewer could retract theirs and vote again); an owner sees
 * every vote of a conflict, to resolve it, and of a decided record.
 * @example visibleVotes(status, 'ben', { blind: true, role: 'reviewer' }) // only ben's vote
 */
export function visibleVotes(
  status: RecordStatus,
  viewer: string,
  options: { blind: boolean; role: Role | undefined },
): RecordStatus['votes'] {
  if (!options.blind) return status.votes;
  if (options.role === 'owner' && isSettled(status.state)) return status.votes;
  return status.votes.filter((v) => v.reviewer === viewer);
}

/** Decided (included, excluded) or in conflict: the others' votes are all in. */
const isSettled = (state: RecordState): boolean =>
  state === 'conflict' || state === 'included' || state === 'excluded';

/**
 * A record's screening status as `viewer` may see it. In blind dual screening a reviewer learns nothing of the
 * others from it: the votes are theirs alone (visibleVotes), and the state is what their own vote makes it —
 * `awaiting-second` (or `maybe`) once they voted, whatever the other did; `unscreened` before, also when another
 * reviewer voted already (`awaiting-second` told that). The one exception is a conflict shown to a reviewer who
 * did not vote on it: a third reviewer, who may resolve it. Owners and open screening see the record's state.
 * @example visibleStatus(decided, 'ben', { blind: true, role: 'reviewer', reviewersRequired: 2 }).state // 'awaiting-second'
 */
export function visibleStatus(
  status: RecordStatus,
  viewer: string,
  options: { blind: boolean; role: Role | undefined; reviewersRequired: 1 | 2 },
): RecordStatus {
  const votes = visibleVotes(status, viewer, options);
  if (!options.blind || options.role === 'owner' || options.reviewersRequired === 1)
    return { ...status, votes };
  const own = votes[0];
  const state: RecordState = own
    ? own.value === 'maybe'
      ? 'maybe'
      : 'awaiting-second'
    : status.state === 'conflict'
      ? 'conflict'
      : 'unscreened';
  return { recordId: status.recordId, stage: status.stage, state, votes };
}

/**
 * Whether a reviewer's new decision changes their vote on a record that was already decided or in conflict —
 * what a reviewer who learnt the outcome could do to steer it; the store keeps such changes in the audit log for
 * the owners.
 */
export function changesSettledVote(status: RecordStatus, reviewer: string, value: string): boolean {
  // a standing vote is never a retraction, so a retraction changes it too
  const own = status.votes.find((v) => v.reviewer === reviewer);
  return own !== undefined && isSettled(status.state) && value !== own.value;
}

/**
 * Who may tag records: owners and reviewers, a record at a time (the screening page); many records at once is a
 * bulk action, for owners, as are bulk exclusion and assignment (assertMayActInBulk).
 */
export function assertMayTag(project: PolicyProject, actor: string, records: number): void {
  if (records > 1) assertMayActInBulk(project, actor);
  else assertMayScreen(project, actor);
}

/** Bulk actions on a selection of records (tag, exclude with a reason, assign to a reviewer): owners only. */
export function assertMayActInBulk(project: PolicyProject, actor: string): void {
  assertRole(project, actor, OWNERS);
}

/** Whether a member may read the agreement tables: while screening is blind they tell how the others voted. */
export function mayReadAgreement(role: Role | undefined, protocol: Pick<Protocol, 'screening'>): boolean {
  if (!role) return false;
  return !protocol.screening.blind || role === 'owner';
}

/** Refuses agreement tables to those who may not read them (see mayReadAgreement). */
export function assertMayReadAgreement(project: PolicyProject, viewer: string): void {
  const role = assertRole(project, viewer, ANY_MEMBER);
  if (!mayReadAgreement(role, project.protocol))
    throw new TwowayError({
      code: 'E_FORBIDDEN',
      message: `screening in project ${project.id} is blind: only its owners may read agreement (it would tell ${viewer} how the others voted)`,
    });
}

/**
 * Whether an exclusion at a stage must give a reason: at full text, when the protocol lists reasons (PRISMA
 * counts full-text exclusions by reason); at title and abstract a reason is welcome, never required.
 */
export function exclusionNeedsReason(protocol: Pick<Protocol, 'exclusionReasons'>, stage: Stage): boolean {
  return stage === 'full-text' && protocol.exclusionReasons.length > 0;
}

/**
 * The exclusion-reason rule, for every way a decision arrives (the screening page, conflict resolution,
 * `twoway screen`/`resolve`, the screening sheet): a reason must be one of the protocol's (when it lists any);
 * an exclusion needs one where exclusionNeedsReason says so.
 */
export function assertExclusionReason(
  protocol: Pick<Protocol, 'exclusionReasons'>,
  stage: Stage,
  value: string,
  reason: string | undefined,
): void {
  if (value !== 'exclude') return;
  const reasons = protocol.exclusionReasons;
  if (reason && reasons.length > 0 && !reasons.includes(reason))
    throw new TwowayError({
      code: 'E_USAGE',
      message: `"${reason}" is not an exclusion reason of this project; reasons: ${reasons.join('; ')}`,
    });
  if (!reason && exclusionNeedsReason(protocol, stage))
    throw new TwowayError({
      code: 'E_USAGE',
      message: `a full-text exclusion needs a reason; reasons: ${reasons.join('; ')}`,
    });
}
