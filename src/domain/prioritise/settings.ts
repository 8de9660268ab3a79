import { DEFAULT_PRESET } from './presets.js';

/**
 * A project's prioritisation settings. `auto` ranks records once the project holds at least
 * AUTO_MINIMUM_RECORDS records (new projects start so); `on` always; `off` screens in import order.
 */
export interface PrioritisationSettings {
  mode: 'auto' | 'on' | 'off';
  preset: string;
  /** The heuristic: the team is told it may consider stopping after this many consecutive irrelevant records. */
  stopAfter: number;
  /** The statistical stopping rule's target recall and confidence. */
  targetRecall: number;
  confidence: number;
}

export const AUTO_MINIMUM_RECORDS = 100;

export const DEFAULT_PRIORITISATION: PrioritisationSettings = {
  mode: 'auto',
  preset: DEFAULT_PRESET,
  stopAfter: 100,
  targetRecall: 0.95,
  confidence: 0.95,
};

/** Projects made before prioritisation existed keep screening in import order until an owner switches it on. */
export const EXISTING_PROJECTS_PRIORITISATION: PrioritisationSettings = {
  ...DEFAULT_PRIORITISATION,
  mode: 'off',
};

/**
 * Whether records are served by predicted relevance, for a project with `records` records after deduplication.
 * @example prioritisationActive({ ...DEFAULT_PRIORITISATION }, 99) // false
 */
export function prioritisationActive(settings: PrioritisationSettings, records: number): boolean {
  return settings.mode === 'on' || (settings.mode === 'auto' && records >= AUTO_MINIMUM_RECORDS);
}
