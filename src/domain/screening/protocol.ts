import {
  DEFAULT_PRIORITISATION,
  EXISTING_PROJECTS_PRIORITISATION,
  type PrioritisationSettings,
} from '../prioritise/settings.js';

/**
 * A review's protocol, as PROSPERO and the PRISMA-P checklist ask for it, and the roles people hold in a
 * project. Pure data: the store keeps it, the screening policy reads it.
 */

/** What a member of a project may do: own it (protocol, members, imports), screen, or only read. */
export const ROLES = ['owner', 'reviewer', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export interface Member {
  reviewer: string;
  role: Role;
}

export interface Protocol {
  inclusionCriteria: string[];
  exclusionCriteria: string[];
  /** The reasons a reviewer may give for excluding a record (PRISMA counts them one by one at full text). */
  exclusionReasons: string[];
  dateRange?: { from?: number; to?: number };
  languages: string[];
  /** The sources the team plans to search; a name here that Twoway does not know counts as a database. */
  plannedSources: string[];
  /** Screening policy: how many independent reviewers decide a record, and whether they see each other's votes. */
  screening: { reviewersRequired: 1 | 2; blind: boolean };
  /**
   * Coding policy: the framework included studies are coded with, how many coders code each study
   * independently, and whether a coder sees the other's coding before both have submitted.
   */
  coding: { framework: string; codersRequired: 1 | 2; blind: boolean };
  /** Words the screening page highlights in titles and abstracts: green for inclusion, red for exclusion. */
  highlights?: { include: string[]; exclude: string[] };
  /** Screening prioritisation: whether records are served by predicted relevance, the model, the stopping rules. */
  prioritisation: PrioritisationSettings;
}

/** A new project's protocol: dual, blind screening, what Cochrane and PRISMA expect by default. */
export const DEFAULT_PROTOCOL: Protocol = {
  inclusionCriteria: [],
  exclusionCriteria: [],
  exclusionReasons: [],
  languages: [],
  plannedSources: [],
  screening: { reviewersRequired: 2, blind: true },
  coding: { framework: 'twoway-benefits', codersRequired: 2, blind: true },
  prioritisation: DEFAULT_PRIORITISATION,
};

/**
 * A stored protocol with the defaults filled in for what it leaves out (protocols written by older versions).
 * @example withProtocolDefaults({ exclusionReasons: ['wrong design'] }).screening.blind // true
 */
export function withProtocolDefaults(stored: Partial<Protocol>): Protocol {
  return { ...DEFAULT_PROTOCOL, ...stored };
}

/**
 * A protocol as stored, defaults filled in; one stored before prioritisation existed keeps import order.
 * @example storedProtocol({}).prioritisation.mode // 'off'
 */
export function storedProtocol(stored: Partial<Protocol>): Protocol {
  return {
    ...withProtocolDefaults(stored),
    prioritisation: { ...EXISTING_PROJECTS_PRIORITISATION, ...stored.prioritisation },
  };
}
