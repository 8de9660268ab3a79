import type { Classification, PartnerSide } from '../countries/income-groups.js';

/**
 * Institutions and partnerships (frameworks.md §3–4): who the partners are, which side each is on (computed from
 * the country classification at the partnership's start, overridable with a reason), the model or programme,
 * focus areas and objectives (codes of the apps-tpi framework), and the 6-step cycle with dated transitions.
 */

export const INSTITUTION_TYPES = ['hospital', 'university', 'ministry', 'ngo', 'other'] as const;
export type InstitutionType = (typeof INSTITUTION_TYPES)[number];

export const PROGRAMMES = ['apps', 'tpi', 'thet', 'esther', 'other'] as const;
export type Programme = (typeof PROGRAMMES)[number];

export const PARTNER_SIDES: readonly PartnerSide[] = ['high-income', 'low-middle-income', 'unknown'];

export interface Institution {
  id: number;
  name: string;
  type: InstitutionType;
  /** ISO 3166 alpha-3 (or the World Bank's code for an economy ISO does not list). */
  country: string;
  city?: string;
  rorId?: string;
}

export interface PartnerInstitution extends Institution {
  side: PartnerSide;
  /** How the side was computed: the rule and the data year (kept even when overridden). */
  classification: Classification;
  /** Set when a coordinator overrode the computed side: why. */
  overrideReason?: string;
}

export interface CycleTransition {
  step: string;
  /** The date the partnership entered the step (YYYY-MM-DD). */
  date: string;
  by: string;
  note?: string;
}

export interface Partnership {
  id: number;
  title: string;
  programme: Programme;
  startDate: string;
  endDate?: string;
  focusAreas: string[];
  objectives: string[];
  institutions: PartnerInstitution[];
  /** The cycle's history, oldest first; the current step is the last. */
  cycle: CycleTransition[];
}

/** The step a partnership is at: its latest transition by date (then by when it was recorded). */
export function currentStep(partnership: Pick<Partnership, 'cycle'>): string | undefined {
  return partnership.cycle.at(-1)?.step;
}

/** ROR ids look like https://ror.org/0abcdef12 or 0abcdef12: nine characters, the last two digits. */
export function normalRorId(text: string): string | undefined {
  const match = /^(?:https?:\/\/ror\.org\/)?(0[a-z0-9]{6}\d{2})$/i.exec(text.trim());
  return match ? `https://ror.org/${match[1]!.toLowerCase()}` : undefined;
}

/** Which partnerships an aggregate covers, as the store takes it: one, a programme's, or all (neither). */
export interface RegistryScope {
  partnershipId?: number;
  programme?: string;
  /** A review project whose coded studies are the literature evidence (the business case). */
  evidenceProjectId?: number;
}

/**
 * The scope an API query or CLI options name (`partnership`, `programme`, `evidenceProject`).
 * @example registryScope({ partnership: 3 }) // { partnershipId: 3 }
 */
export function registryScope(named: {
  partnership?: number;
  programme?: string;
  evidenceProject?: number;
}): RegistryScope {
  return {
    ...(named.partnership === undefined ? {} : { partnershipId: named.partnership }),
    ...(named.programme ? { programme: named.programme } : {}),
    ...(named.evidenceProject === undefined ? {} : { evidenceProjectId: named.evidenceProject }),
  };
}
