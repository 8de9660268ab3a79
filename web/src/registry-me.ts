import type { PartnerSide } from '../../src/domain/countries/income-groups.js';
import type { RegistryGrant } from '../../src/domain/partnerships/reporting-policy.js';
import { api } from './api.js';
import { useLoad } from './use-load.js';

/** How the pages name a partner's side. */
export const SIDE_LABEL: Record<PartnerSide, string> = {
  'high-income': 'high-income',
  'low-middle-income': 'low/middle-income',
  unknown: 'side unknown',
};

/**
 * The signed-in account's roles in the partnership registry, for what a page offers (the server decides what
 * is allowed): whether they coordinate, and the institutions they are a member of.
 */
export function useRegistryMe(): { coordinator: boolean; memberOf: Set<number>; loaded: boolean } {
  const me = useLoad(() => api.get<{ admin: boolean; grants: RegistryGrant[] }>('/registry/me'), []);
  const grants = me.data?.grants ?? [];
  return {
    coordinator: grants.some((g) => g.role === 'coordinator'),
    memberOf: new Set(grants.filter((g) => g.role === 'member').map((g) => g.institutionId!)),
    loaded: me.data !== undefined,
  };
}
