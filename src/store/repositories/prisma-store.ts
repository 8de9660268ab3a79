import { prismaCounts, type PrismaCounts, type PrismaRecord } from '../../domain/synthesis/prisma.js';
import { prismaColumn, sourceKind } from '../../domain/synthesis/sources.js';
import type { Store } from '../open-store.js';
import { projectScreening, type ProjectScreening } from './screening-store.js';

/**
 * PRISMA 2020 counts of a project, computed from its stored searches, duplicate clusters, screening events and
 * retrieval notes — never typed in.
 */
export async function computePrisma(
  store: Store,
  projectId: number,
  /** The project's screening, when the caller derived it already (the dashboard shows it). */
  derived?: ProjectScreening,
): Promise<PrismaCounts> {
  const searches = await store.db
    .selectFrom('search')
    .select(['id', 'source', 'records_read'])
    .where('project_id', '=', projectId)
    .orderBy('id')
    .execute();
  // cluster membership alone (record → its canonical record), read with the screening events: the members'
  // provenance is not needed here, and reading it cost a third of the dashboard at 20,000 clusters
  const { statuses, canonicalOf } = derived ?? (await projectScreening(store, projectId));
  const membersOf = new Map<number, number[]>();
  for (const [recordId, canonical] of canonicalOf) {
    const list = membersOf.get(canonical);
    if (list) list.push(recordId);
    else membersOf.set(canonical, [recordId]);
  }
  const duplicates = canonicalOf.size - membersOf.size;
  const titleAbstract = statuses['title-abstract'];
  const fullText = new Map(statuses['full-text'].map((s) => [s.recordId, s]));
  // records found by other methods (websites, organisations, citations); every other record came from a
  // database or register search — only the few from other methods are read
  const otherSearches = searches
    .filter((s) => prismaColumn(sourceKind(s.source)) === 'other-methods')
    .map((s) => s.id);
  const fromOtherMethods = new Set(
    otherSearches.length === 0
      ? []
      : (
          await store.db
            .selectFrom('record')
            .select('id')
            .where('project_id', '=', projectId)
            .where('search_id', 'in', otherSearches)
            .execute()
        ).map((r) => r.id),
  );
  // a cluster found by a database search and by other methods too counts where PRISMA puts it: with the
  // databases (the other-methods column is for records that only other methods found)
  for (const [canonical, members] of membersOf)
    if (members.some((id) => !fromOtherMethods.has(id))) fromOtherMethods.delete(canonical);
  const notRetrieved = new Set(
    (
      await store.db
        .selectFrom('retrieval')
        .select('record_id')
        .where('project_id', '=', projectId)
        .where('status', '=', 'not-retrieved')
        .execute()
    ).map((r) => r.record_id),
  );
  // set field by field, not spread: 100,000 records' worth of spread objects was a sixth of the dashboard
  const records: PrismaRecord[] = titleAbstract.map((s) => {
    const ft = fullText.get(s.recordId);
    const record: PrismaRecord = {
      origin: fromOtherMethods.has(s.recordId) ? 'other' : 'dbr',
      titleAbstract: s.state,
    };
    if (ft && ft.state !== 'unscreened') record.fullText = ft.state;
    if (ft?.reason) record.fullTextReason = ft.reason;
    if (notRetrieved.has(s.recordId)) record.notRetrieved = true;
    return record;
  });
  return prismaCounts({
    searches: searches.map((s) => ({ source: s.source, records: s.records_read })),
    duplicates,
    records,
  });
}
