import type { DecisionValue, RecordState, RecordStatus, Stage } from './decisions.js';

/**
 * The record list: which of a project's records (after deduplication) a filter keeps. The list shows each
 * record as its viewer may see it — the status is visibleStatus's — so that a filter never tells a blind
 * reviewer what the page would not: filtering by another reviewer's votes, or by a state their own vote does
 * not give, finds nothing.
 */

export interface RecordFilter {
  stage: Stage;
  /** The state at the stage, as the viewer sees it. */
  state?: RecordState;
  /** A tag the record (any record of its duplicate cluster) carries, by name, without regard to case. */
  tag?: string;
  /** A reviewer with a standing vote on the record at the stage. */
  reviewer?: string;
  /** With `reviewer`: their vote; alone: anyone's. */
  vote?: Exclude<DecisionValue, 'retract'>;
  /** The import (search) that found the record or one of its duplicates. */
  source?: number;
  /** A reviewer the record is assigned to at the stage. */
  assignedTo?: string;
  /** Only the records new since the last run of a search (living reviews: synthesis/search-runs.ts). */
  newSinceLastRun?: boolean;
}

/** A record as the list filters it. */
export interface ListedEntry {
  /** The status at the filter's stage as the viewer may see it. */
  status: RecordStatus;
  tags: readonly string[];
  sources: readonly number[];
  assignees: readonly string[];
  /** Whether the latest run of a search found it first. */
  isNew: boolean;
}

/**
 * Whether a filter keeps a record.
 * @example matchesFilter({ status: { recordId: 1, stage: 'title-abstract', state: 'included', votes: [] }, tags: ['RCT'], sources: [1], assignees: [], isNew: false }, { stage: 'title-abstract', tag: 'rct' }) // true
 */
export function matchesFilter(entry: ListedEntry, filter: RecordFilter): boolean {
  const { status } = entry;
  if (filter.state && status.state !== filter.state) return false;
  if (filter.tag) {
    const key = filter.tag.trim().toLocaleLowerCase('en');
    if (!entry.tags.some((t) => t.toLocaleLowerCase('en') === key)) return false;
  }
  if (filter.source !== undefined && !entry.sources.includes(filter.source)) return false;
  if (filter.assignedTo && !entry.assignees.includes(filter.assignedTo)) return false;
  if (filter.newSinceLastRun && !entry.isNew) return false;
  if (filter.reviewer || filter.vote)
    return status.votes.some(
      (v) =>
        (!filter.reviewer || v.reviewer === filter.reviewer) && (!filter.vote || v.value === filter.vote),
    );
  return true;
}
