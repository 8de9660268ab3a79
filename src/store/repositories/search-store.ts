import { sql } from 'kysely';
import { TwowayError } from '../../domain/errors.js';
import type { MeshVocabulary } from '../../domain/mesh/vocabulary.js';
import { resolveQuery, type ResolvedQuery } from '../../domain/query/resolve.js';
import { canonicalIds, clusterPeers } from './dedupe-store.js';
import { projectRecordIdList } from './stored-records.js';
import type { Store } from '../open-store.js';
import { writeTransaction } from '../write-transaction.js';

export interface SearchOptions {
  mesh?: MeshVocabulary;
  /** Keep the run in the project's history (as PubMed does), by this person. */
  recordAs?: string;
  /** Return only the count, not the record ids. */
  countOnly?: boolean;
  /**
   * Every matching record, duplicates too. By default each duplicate cluster counts once, as its canonical
   * record (PRISMA's records after duplicates were removed; what export and screening work on).
   */
  everyRecord?: boolean;
}

export interface SearchResult {
  resolved: ResolvedQuery;
  count: number;
  /** Matching record ids, ascending (absent with countOnly). */
  ids?: number[];
  /** Matching records set aside as duplicates of a record of the result (0 with everyRecord). */
  duplicatesSetAside: number;
  /** The history number of this run (#n), when it was recorded. */
  historyNumber?: number;
  /** The compiled form the engine ran, for `--explain`. */
  compiled: { engine: string; text: string };
}

/**
 * The query as the store's engine runs it: on SQLite one FTS5 MATCH that also holds the project token, on
 * PostgreSQL one tsquery beside the project filter.
 */
export function compileSearch(store: Store, projectId: number, resolved: ResolvedQuery): string {
  return store.engine.compileSearch(projectId, resolved.node);
}

/** The queries of a project's history by number, for `#n` references. */
async function historyQueries(store: Store, projectId: number): Promise<Map<number, string>> {
  const rows = await store.db
    .selectFrom('search_history')
    .select(['number', 'query'])
    .where('project_id', '=', projectId)
    .execute();
  return new Map(rows.map((r) => [r.number, r.query]));
}

/**
 * Runs a PubMed-syntax query over a project's records.
 * @example await searchProject(store, 1, '"developing countries"[mh] AND 1990:2010[dp]', { mesh }) // { count: 42, ids: […] }
 */
export async function searchProject(
  store: Store,
  projectId: number,
  query: string,
  options: SearchOptions = {},
): Promise<SearchResult> {
  const history = query.includes('#') ? await historyQueries(store, projectId) : new Map<number, string>();
  const resolved = resolveQuery(query, {
    ...(options.mesh ? { mesh: options.mesh } : {}),
    history: (n) => history.get(n),
  });
  const compiled = compileSearch(store, projectId, resolved);
  const canonical = options.everyRecord ? new Map<number, number>() : await canonicalIds(store, projectId);
  let count: number;
  let ids: number[] | undefined;
  let duplicatesSetAside = 0;
  if (options.countOnly && canonical.size === 0) {
    const { rows } = await store.engine.selectMatches(projectId, compiled, true).execute(store.db);
    count = Number(rows[0]?.n ?? 0);
  } else {
    const { rows } = await store.engine.selectMatches(projectId, compiled, false).execute(store.db);
    const matched = rows.map((r) => Number(r.id));
    ids = foldDuplicates(matched, canonical);
    duplicatesSetAside = matched.length - ids.length;
    count = ids.length;
    if (options.countOnly) ids = undefined;
  }
  const result: SearchResult = {
    resolved,
    count,
    duplicatesSetAside,
    ...(ids ? { ids } : {}),
    compiled: {
      engine: store.engine.searchLabel,
      text: compiled,
    },
  };
  if (options.recordAs)
    result.historyNumber = await recordHistory(store, projectId, resolved, count, options.recordAs);
  return result;
}

/**
 * Record ids with each duplicate cluster's records replaced by the cluster's canonical record, once, ascending
 * (a cluster is found when any of its records is).
 * @example foldDuplicates([3, 7, 9], new Map([[7, 3], [3, 3]])) // [3, 9]
 */
export function foldDuplicates(ids: readonly number[], canonical: ReadonlyMap<number, number>): number[] {
  if (canonical.size === 0) return [...ids];
  return [...new Set(ids.map((id) => canonical.get(id) ?? id))].sort((a, b) => a - b);
}

/**
 * A project's record ids, ascending: every record, or (by default) each duplicate cluster once, as its canonical
 * record — and how many records that set aside.
 */
export async function projectRecordIds(
  store: Store,
  projectId: number,
  options: { everyRecord?: boolean } = {},
): Promise<{ ids: number[]; duplicatesSetAside: number }> {
  const every = await projectRecordIdList(store, projectId);
  const ids = options.everyRecord ? every : foldDuplicates(every, await canonicalIds(store, projectId));
  return { ids, duplicatesSetAside: every.length - ids.length };
}

/**
 * For each of these records that is the canonical record of a duplicate cluster, how many other records the
 * cluster holds (what a result list shows beside it); records in no cluster, or not canonical, are absent.
 */
export async function duplicatesBeside(
  store: Store,
  projectId: number,
  ids: readonly number[],
): Promise<Map<number, number>> {
  const others = new Map<number, Set<number>>();
  if (ids.length === 0) return new Map();
  const shown = new Set(ids);
  for (const { canonicalRecordId, recordId } of await clusterPeers(store, projectId, [...ids])) {
    if (!shown.has(canonicalRecordId) || recordId === canonicalRecordId) continue;
    let set = others.get(canonicalRecordId);
    if (!set) others.set(canonicalRecordId, (set = new Set()));
    set.add(recordId);
  }
  return new Map([...others].map(([id, set]) => [id, set.size]));
}

async function recordHistory(
  store: Store,
  projectId: number,
  resolved: ResolvedQuery,
  count: number,
  by: string,
): Promise<number> {
  return writeTransaction(store, async (trx) => {
    const last = await trx
      .selectFrom('search_history')
      .select(sql<number>`max(number)`.as('n'))
      .where('project_id', '=', projectId)
      .executeTakeFirst();
    const number = Number(last?.n ?? 0) + 1;
    await trx
      .insertInto('search_history')
      .values({
        project_id: projectId,
        number,
        query: resolved.query,
        translation: resolved.translation,
        result_count: count,
        run_by: by,
        run_at: new Date().toISOString(),
      })
      .execute();
    return number;
  });
}

export interface HistoryEntry {
  number: number;
  query: string;
  translation: string;
  resultCount: number;
  runBy: string;
  runAt: string;
}

/** A project's search history, newest first, as PubMed shows it. */
export async function searchHistory(store: Store, projectId: number): Promise<HistoryEntry[]> {
  const rows = await store.db
    .selectFrom('search_history')
    .selectAll()
    .where('project_id', '=', projectId)
    .orderBy('number', 'desc')
    .execute();
  return rows.map((r) => ({
    number: r.number,
    query: r.query,
    translation: r.translation,
    resultCount: r.result_count,
    runBy: r.run_by,
    runAt: r.run_at,
  }));
}

export interface SavedSearch {
  name: string;
  query: string;
  translation: string;
  resultCount: number;
  savedBy: string;
  savedAt: string;
  lastRunAt: string;
}

/** Keeps a search under a name (a second save under the same name replaces the query, as a named alert would). */
export async function saveSearch(
  store: Store,
  projectId: number,
  name: string,
  result: SearchResult,
  by: string,
): Promise<void> {
  const clean = name.trim();
  if (!clean) throw new TwowayError({ code: 'E_USAGE', message: 'a saved search needs a name' });
  const now = new Date().toISOString();
  const values = {
    query: result.resolved.query,
    translation: result.resolved.translation,
    result_count: result.count,
    last_run_at: now,
  };
  await writeTransaction(store, async (trx) => {
    const existing = await trx
      .selectFrom('saved_search')
      .select('name')
      .where('project_id', '=', projectId)
      .where('name', '=', clean)
      .executeTakeFirst();
    if (existing)
      await trx
        .updateTable('saved_search')
        .set(values)
        .where('project_id', '=', projectId)
        .where('name', '=', clean)
        .execute();
    else
      await trx
        .insertInto('saved_search')
        .values({ project_id: projectId, name: clean, saved_by: by, saved_at: now, ...values })
        .execute();
  });
}

export async function savedSearches(store: Store, projectId: number): Promise<SavedSearch[]> {
  const rows = await store.db
    .selectFrom('saved_search')
    .selectAll()
    .where('project_id', '=', projectId)
    .orderBy('name')
    .execute();
  return rows.map((r) => ({
    name: r.name,
    query: r.query,
    translation: r.translation,
    resultCount: r.result_count,
    savedBy: r.saved_by,
    savedAt: r.saved_at,
    lastRunAt: r.last_run_at,
  }));
}

/** The query of a saved search, or E_NOT_FOUND. */
export async function savedSearchQuery(store: Store, projectId: number, name: string): Promise<string> {
  const row = await store.db
    .selectFrom('saved_search')
    .select('query')
    .where('project_id', '=', projectId)
    .where('name', '=', name.trim())
    .executeTakeFirst();
  if (!row) throw new TwowayError({ code: 'E_NOT_FOUND', message: `there is no saved search "${name}"` });
  return row.query;
}
