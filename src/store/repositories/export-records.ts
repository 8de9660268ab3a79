import { mergeCluster } from '../../domain/dedupe/dedupe.js';
import type { BibRecord } from '../../domain/record/bib-record.js';
import { activeClusters, type StoredCluster } from './dedupe-store.js';
import { loadProjectRecords, loadRecordsById, type StoredRecord } from './stored-records.js';
import type { Store } from '../open-store.js';
import { exportLabels } from '../../domain/screening/export-labels.js';
import { screeningStatusesBothStages } from './screening-store.js';
import { getProject } from './projects.js';
import { tagsByRecord } from './tag-store.js';
import type { RecordReview } from '../../domain/screening/review-export.js';
import type { RecordStatus, Stage } from '../../domain/screening/decisions.js';
import { ANY_MEMBER, assertRole, visibleStatus } from '../../domain/screening/policy.js';

/** Which records an export holds: all, or those included at a stage ('included' = after full text). */
export type ExportStage = 'title-abstract' | 'full-text' | 'included';

/** A record as an export writes it, with the team's work on it. */
export interface ExportedRecord {
  record: BibRecord;
  review: RecordReview;
}

/**
 * A project's records as they are exported: each duplicate cluster as one record (its members' fields
 * merged into the canonical record), optionally only the records included at a stage, each with the team's
 * work (states, votes with reasons and notes, tags) and its decisions as ASReview labels (exportLabels).
 * `viewer`: the member exporting, who gets what they may see (visibleStatus: in blind screening a reviewer's
 * export holds their own votes and the states those give, and "included" means included by their vote); without
 * one (the command line, run by whoever holds the database), every vote and state.
 */
export async function exportableRecords(
  store: Store,
  projectId: number,
  options: { stage?: ExportStage; viewer?: string } = {},
): Promise<ExportedRecord[]> {
  const { stage, viewer } = options;
  const stored = await loadProjectRecords(store, projectId);
  const { merged, setAside } = mergeClusters(stored, await activeClusters(store, projectId));
  const statuses = await screeningStatusesBothStages(store, projectId);
  const project = await getProject(store, projectId);
  const role = viewer === undefined ? undefined : assertRole(project, viewer, ANY_MEMBER);
  const seen = (status: RecordStatus): RecordStatus =>
    viewer === undefined || role === undefined
      ? status
      : visibleStatus(status, viewer, { ...project.protocol.screening, role });
  const stateAt = (s: Stage) => new Map(statuses[s].map((x) => [x.recordId, seen(x)]));
  const [titleAbstract, fullText] = [stateAt('title-abstract'), stateAt('full-text')];
  const tags = await tagsByRecord(store, projectId);
  let keep: Set<number> | undefined;
  if (stage) {
    const at = stage === 'title-abstract' ? titleAbstract : fullText;
    keep = new Set([...at].filter(([, status]) => status.state === 'included').map(([id]) => id));
  }
  return stored
    .filter((r) => !setAside.has(r.id) && (!keep || keep.has(r.id)))
    .map((r) => {
      const full = merged.get(r.id) ?? r.record;
      const [ta, ft] = [titleAbstract.get(r.id), fullText.get(r.id)];
      const labels = exportLabels(ta?.state, ft?.state, full.labels);
      const { labels: _imported, ...rest } = full;
      const stages: RecordReview['stages'] = {
        ...(ta ? { 'title-abstract': ta } : {}),
        ...(ft && ft.state !== 'unscreened' ? { 'full-text': ft } : {}),
      };
      return { record: labels ? { ...rest, labels } : rest, review: { stages, tags: tags.get(r.id) ?? [] } };
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
