import { mergeCluster } from '../domain/dedupe/dedupe.js';
import type { BibRecord } from '../domain/record/bib-record.js';
import { activeClusters, loadProjectRecords } from './dedupe-store.js';
import type { Store } from './open-store.js';
import { screeningStatuses } from './screening-store.js';

/** Which records an export holds: all, or those included at a stage ('included' = after full text). */
export type ExportStage = 'title-abstract' | 'full-text' | 'included';

/**
 * A project's records as they are exported: each duplicate cluster as one record (its members' fields
 * merged into the canonical record), optionally only the records included at a stage.
 */
export async function exportableRecords(
  store: Store,
  projectId: number,
  stage?: ExportStage,
): Promise<BibRecord[]> {
  const stored = await loadProjectRecords(store, projectId);
  const index = new Map(stored.map((r, i) => [r.id, i]));
  const records = stored.map((r) => r.record);
  const merged = new Map<number, BibRecord>();
  const setAside = new Set<number>();
  for (const c of await activeClusters(store, projectId)) {
    const members = c.members.map((m) => index.get(m.recordId)!);
    const canonical = index.get(c.canonicalRecordId)!;
    merged.set(c.canonicalRecordId, mergeCluster(records, { canonical, members, pairs: [] }));
    for (const m of c.members) if (m.recordId !== c.canonicalRecordId) setAside.add(m.recordId);
  }
  let keep: Set<number> | undefined;
  if (stage) {
    const statuses = await screeningStatuses(store, projectId, stage === 'included' ? 'full-text' : stage);
    keep = new Set(statuses.filter((s) => s.state === 'included').map((s) => s.recordId));
  }
  return stored
    .filter((r) => !setAside.has(r.id) && (!keep || keep.has(r.id)))
    .map((r) => merged.get(r.id) ?? r.record);
}
