import { TwowayError } from '../errors.js';

/**
 * Who may do what in the partnership registry, and who sees which report. Written once here; the store
 * enforces it and the routes and the CLI ask it.
 * - A programme coordinator creates institutions, partnerships and rounds, closes rounds, assigns roles.
 * - An institution member writes only their own institution's reports.
 * - A viewer (a funder) reads aggregates and the business case, never a draft.
 * Reports of a round are blind: neither side sees the other's report, draft or submitted, until both have
 * submitted or a coordinator closes the round; a coordinator does not read them before either.
 */

export const REGISTRY_ROLES = ['coordinator', 'member', 'viewer'] as const;
export type RegistryRole = (typeof REGISTRY_ROLES)[number];

export interface RegistryActor {
  name: string;
  /** Whether the actor may bootstrap the registry: an administrator account, or the local CLI user. */
  admin: boolean;
}

export interface RegistryGrant {
  who: string;
  role: RegistryRole;
  /** The institution a member reports for. */
  institutionId?: number;
}

function forbid(message: string): never {
  throw new TwowayError({ code: 'E_FORBIDDEN', message });
}

/**
 * Refuses anyone but a coordinator. While the registry has no coordinator, an administrator may act (and is
 * made its first coordinator by the store), so a new registry can be set up.
 */
export function assertCoordinator(grants: readonly RegistryGrant[], actor: RegistryActor): void {
  if (grants.some((g) => g.who === actor.name && g.role === 'coordinator')) return;
  if (actor.admin && !grants.some((g) => g.role === 'coordinator')) return;
  forbid(`${actor.name} is not a programme coordinator of the registry`);
}

/** Whether `who` may read the registry at all (any role, or an administrator). */
export function assertRegistryReader(grants: readonly RegistryGrant[], actor: RegistryActor): void {
  if (actor.admin || grants.some((g) => g.who === actor.name)) return;
  forbid(`${actor.name} has no role in the partnership registry`);
}

/** Refuses a report written for an institution by someone who is not its member (coordinators included). */
export function assertMayWriteReport(
  grants: readonly RegistryGrant[],
  who: string,
  institutionId: number,
): void {
  if (grants.some((g) => g.who === who && g.role === 'member' && g.institutionId === institutionId)) return;
  forbid(
    `${who} is not a member of institution ${institutionId}: a report is written by the institution's own members`,
  );
}

/**
 * Refuses an activity recorded by anyone but a coordinator or a member of one of the partnership's
 * institutions (a viewer reads, never writes).
 */
export function assertMayRecordActivity(
  grants: readonly RegistryGrant[],
  actor: RegistryActor,
  partnerIds: readonly number[],
): void {
  const mine = grants.filter((g) => g.who === actor.name);
  if (mine.some((g) => g.role === 'coordinator')) return;
  if (mine.some((g) => g.role === 'member' && partnerIds.includes(g.institutionId!))) return;
  if (actor.admin && !grants.some((g) => g.role === 'coordinator')) return;
  forbid(
    `${actor.name} may not record this partnership's activities: a coordinator or a member of a partner institution does`,
  );
}

/** A round as the policy sees it: its partners, who has submitted, whether a coordinator closed it. */
export interface RoundState {
  institutionIds: readonly number[];
  submitted: readonly number[];
  closed: boolean;
}

/** Whether a round's reports are open to read: every partner has submitted, or the round was closed. */
export function roundOpen(round: RoundState): boolean {
  return round.closed || round.institutionIds.every((id) => round.submitted.includes(id));
}

/**
 * The institutions whose report of a round `who` may read: once the round is open, every submitted report
 * (to anyone with a role); before, only a member's own institution's (draft or submitted).
 * @example visibleReports(round, grants, 'ana') // [3] while blind: ana's own institution
 */
export function visibleReports(round: RoundState, grants: readonly RegistryGrant[], who: string): number[] {
  const own = grants.filter((g) => g.who === who && g.role === 'member').map((g) => g.institutionId!);
  if (roundOpen(round))
    return [...new Set([...round.submitted, ...own.filter((id) => round.institutionIds.includes(id))])];
  return own.filter((id) => round.institutionIds.includes(id));
}
