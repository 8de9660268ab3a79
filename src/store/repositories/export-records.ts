import { mergeCluster } from '../../domain/dedupe/dedupe.js';
import type { BibRecord } from '../../domain/record/bib-record.js';
import { activeClusters, type StoredCluster } from './dedupe-store.js';
import { loadProjectRecords, loadRecordsById, type StoredRecord } from './stored-records.js';
import type { Store } from '../open-store.js';
import { exportLabels } from '../../domain/screening/export-labels.js';
import { screeningStatusesBothStages } from './screening-store.js';

/** Which records an export holds: all, or those included at a stage ('included' = after full text). */
export type ExportStage = 'title-abstract' | 'full-text' | 'included';

/**
 * A project's records as they are exported: each duplicate cluster as one record (its members' fields
 * merged into the canonical record), optionally only the records included at a stage, each carrying the
 * team's decisions as ASReview labels (exportLabels).
 */
export async function exportableRecords(
  store: Store,
  projectId: number,
  stage?: ExportStage,
): Promise<BibRecord[]> {
  const stored = await loadProjectRecords(store, projectId);
  const { merged, setAside } = mergeClusters(stored, await activeClusters(store, projectId));
  const statuses = await screeningStatusesBothStages(store, projectId);
  const stateAt = (s: 'title-abstract' | 'full-text') =>
    new Map(statuses[s].map((x) => [x.recordId, x.state]));
  const [titleAbstract, fullText] = [stateAt('title-abstract'), stateAt('full-text')];
  let keep: Set<number> | undefined;
  if (stage) {
    const at = stage === 'title-abstract' ? titleAbstract : fullText;
    keep = new Set([...at].filter(([, state]) => state === 'included').map(([id]) => id));
  }
  return stored
    .filter((r) => !setAside.has(r.id) && (!keep || keep.has(r.id)))
    .map((r) => {
      const record = merged.get(r.id) ?? r.record;
      const labels = exportLabels(titleAbstract.get(r.id), fullText.get(r.id), record.labels);
      const { labels: _imported, ...rest } = record;
      return labels ? { ...rest, labels } : rest;
    });
}

/**
 * Each cluster's canonical record with its members' fields merged in, and the other members (set aside).
 * `stored` holds every member of the clusters.
 */
function mergeClusters(
  stored: readonly StoredRecord[],
  clusters: readonly StoredCluster[],
): { merged: Map<number, BibRecord>; setAside: Set<number> } {
  const index = new Map(stored.map((r, i) => [r.id, i]));
  const records = stored.map((r) => r.record);
  const merged = new Map<number, BibRecord>();
  const setAside = new Set<number>();
  for (const c of clusters) {
    const members = c.members.map((m) => index.get(m.recordId)!);
    const canonical = index.get(c.canonicalRecordId)!;
    merged.set(c.canonicalRecordId, mergeCluster(records, { canonical, members, pairs: [] }));
    for (const m of c.members) if (m.recordId !== c.canonicalRecordId) setAside.add(m.recordId);
  }
  return { merged, setAside };
}

/**
 * The records with these ids, in that order, as an export writes them: a cluster's canonical record with its
 * members' fields merged in (what `search --format` writes).
 */
export async function exportableRecordsById(
  store: Store,
  projectId: number,
  ids: readonly number[],
): Promise<BibRecord[]> {
  const wanted = new Set(ids);
  const clusters = (await activeClusters(store, projectId)).filter((c) => wanted.has(c.canonicalRecordId));
  const members = clusters.flatMap((c) => c.members.map((m) => m.recordId)).filter((id) => !wanted.has(id));
  const stored = await loadRecordsById(store, projectId, [...ids, ...members]);
  const { merged } = mergeClusters(stored, clusters);
  const byId = new Map(stored.map((r) => [r.id, r.record]));
  return ids.flatMap((id) => {
    const record = merged.get(id) ?? byId.get(id);
    return record ? [record] : [];
  });
}
