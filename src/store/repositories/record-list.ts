import type { RecordStatus } from '../../domain/screening/decisions.js';
import { matchesFilter, type RecordFilter } from '../../domain/screening/record-list.js';
import { assertRole, ANY_MEMBER, visibleStatus } from '../../domain/screening/policy.js';
import type { Store } from '../open-store.js';
import { assigneesByRecord } from './assignment-store.js';
import { canonicalIds } from './dedupe-store.js';
import type { Project } from './projects.js';
import { screeningStatuses } from './screening-store.js';
import { tagsByRecord } from './tag-store.js';
import { latestRerunSearches } from './searches.js';
import { isNewSinceLastRun } from '../../domain/synthesis/search-runs.js';

export type { RecordFilter };

/** One row of the record list, as its viewer may see it. */
export interface ListedRecord {
  id: number;
  title: string | null;
  firstAuthor: string | null;
  year: number | null;
  journal: string | null;
  /** The state at the filter's stage and the votes the viewer may see (visibleStatus). */
  status: RecordStatus;
  tags: string[];
  /** The imports (searches) that found the record or a duplicate of it. */
  sources: number[];
  assignees: string[];
  /** Whether the latest run of a search found it first (new since the last run). */
  isNew: boolean;
  /** Other records of its duplicate cluster. */
  duplicates: number;
}

type Entry = Omit<ListedRecord, 'title' | 'firstAuthor' | 'year' | 'journal'>;

/**
 * The records (after deduplication) a filter keeps, in the order given by `ids` (a query's hits) or in
 * import order, each as `viewer` may see it.
 */
async function filteredEntries(
  store: Store,
  project: Project,
  viewer: string,
  filter: RecordFilter,
  ids?: readonly number[],
): Promise<Entry[]> {
  const role = assertRole(project, viewer, ANY_MEMBER);
  const canonical = await canonicalIds(store, project.id);
  const [statuses, tags, assignees, searchRows, latest] = await Promise.all([
    screeningStatuses(store, project.id, filter.stage),
    tagsByRecord(store, project.id, canonical),
    assigneesByRecord(store, project.id, filter.stage, canonical),
    store.db.selectFrom('record').select(['id', 'search_id']).where('project_id', '=', project.id).execute(),
    latestRerunSearches(store.db, project.id),
  ]);
  const sources = new Map<number, Set<number>>();
  const duplicates = new Map<number, number>();
  for (const r of searchRows) {
    const id = canonical.get(r.id) ?? r.id;
    let set = sources.get(id);
    if (!set) sources.set(id, (set = new Set()));
    set.add(r.search_id);
    if (id !== r.id) duplicates.set(id, (duplicates.get(id) ?? 0) + 1);
  }
  const byId = new Map(statuses.map((s) => [s.recordId, s]));
  const order = ids
    ? [...new Set(ids.map((id) => canonical.get(id) ?? id))]
    : statuses.map((s) => s.recordId);
  const options = { ...project.protocol.screening, role };
  const out: Entry[] = [];
  for (const id of order) {
    const truth = byId.get(id);
    if (!truth) continue;
    const found = [...(sources.get(id) ?? [])].sort((a, b) => a - b);
    const entry: Entry = {
      id,
      status: visibleStatus(truth, viewer, options),
      tags: tags.get(id) ?? [],
      sources: found,
      isNew: isNewSinceLastRun(found, latest),
      assignees: assignees.get(id) ?? [],
      duplicates: duplicates.get(id) ?? 0,
    };
    if (matchesFilter(entry, filter)) out.push(entry);
  }
  return out;
}

/** The ids of the records a filter keeps (for a bulk action on "all that match"). */
export async function filteredRecordIds(
  store: Store,
  project: Project,
  viewer: string,
  filter: RecordFilter,
  ids?: readonly number[],
): Promise<number[]> {
  return (await filteredEntries(store, project, viewer, filter, ids)).map((e) => e.id);
}

/** A page of the record list: the records a filter keeps, how many there are, each as the viewer may see it. */
export async function listRecords(
  store: Store,
  input: {
    project: Project;
    viewer: string;
    filter: RecordFilter;
    ids?: readonly number[];
    offset: number;
    limit: number;
  },
): Promise<{ count: number; records: ListedRecord[] }> {
  const entries = await filteredEntries(store, input.project, input.viewer, input.filter, input.ids);
  const page = entries.slice(input.offset, input.offset + input.limit);
  const rows =
    page.length === 0
      ? []
      : await store.db
          .selectFrom('record')
          .select(['id', 'title', 'first_author', 'year', 'journal'])
          .where('project_id', '=', input.project.id)
          .where(
            'id',
            'in',
            page.map((e) => e.id),
          )
          .execute();
  const details = new Map(rows.map((r) => [r.id, r]));
  return {
    count: entries.length,
    records: page.map((e) => {
      const d = details.get(e.id);
      return {
        ...e,
        title: d?.title ?? null,
        firstAuthor: d?.first_author ?? null,
        year: d?.year ?? null,
        journal: d?.journal ?? null,
      };
    }),
  };
}
