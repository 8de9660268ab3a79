import {
  prismaCounts,
  sourceKind,
  type PrismaCounts,
  type PrismaRecord,
} from '../domain/synthesis/prisma.js';
import { activeClusters } from './dedupe-store.js';
import type { Store } from './open-store.js';
import { screeningStatuses } from './screening-store.js';

/**
 * PRISMA 2020 counts of a project, computed from its stored searches, duplicate clusters, screening events and
 * retrieval notes — never typed in.
 */
export async function computePrisma(store: Store, projectId: number): Promise<PrismaCounts> {
  const searches = await store.db
    .selectFrom('search')
    .select(['id', 'source', 'records_read'])
    .where('project_id', '=', projectId)
    .orderBy('id')
    .execute();
  const clusters = await activeClusters(store, projectId);
  const duplicates = clusters.reduce((sum, c) => sum + c.members.length - 1, 0);
  const titleAbstract = await screeningStatuses(store, projectId, 'title-abstract');
  const fullText = new Map(
    (await screeningStatuses(store, projectId, 'full-text')).map((s) => [s.recordId, s]),
  );
  const origin = new Map(
    (
      await store.db
        .selectFrom('record')
        .innerJoin('search', 'search.id', 'record.search_id')
        .select(['record.id', 'search.source'])
        .where('record.project_id', '=', projectId)
        .execute()
    ).map(
      (r) =>
        [
          r.id,
          sourceKind(r.source) === 'database' || sourceKind(r.source) === 'register' ? 'dbr' : 'other',
        ] as const,
    ),
  );
  // a cluster found by a database search and by other methods too counts where PRISMA puts it: with the
  // databases (the other-methods column is for records that only other methods found)
  for (const c of clusters)
    if (c.members.some((m) => origin.get(m.recordId) === 'dbr')) origin.set(c.canonicalRecordId, 'dbr');
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
  const records: PrismaRecord[] = titleAbstract.map((s) => {
    const ft = fullText.get(s.recordId);
    return {
      origin: origin.get(s.recordId) ?? 'dbr',
      titleAbstract: s.state,
      ...(ft && ft.state !== 'unscreened' ? { fullText: ft.state } : {}),
      ...(ft?.reason ? { fullTextReason: ft.reason } : {}),
      ...(notRetrieved.has(s.recordId) ? { notRetrieved: true } : {}),
    };
  });
  return prismaCounts({
    searches: searches.map((s) => ({ source: s.source, records: s.records_read })),
    duplicates,
    records,
  });
}
