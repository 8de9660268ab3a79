import type { Kysely, Transaction } from 'kysely';
import { TwowayError } from '../../domain/errors.js';
import { completeness, findDuplicates, type DedupeResult } from '../../domain/dedupe/dedupe.js';
import type { Store } from '../open-store.js';
import type { Database } from '../schema.js';
import { liveClusters, liveMembers } from './live-clusters.js';
import { storedRecord } from '../record-decoder.js';
import { assertProjectRecords, loadProjectRecords, type StoredRecord } from './stored-records.js';
import { writeTransaction } from '../write-transaction.js';

export type { StoredRecord };

export interface ClusterMember {
  recordId: number;
  /** The identifier the source gave the record (RIS ID, CSV record_id, …), its PMID and DOI. */
  sourceId: string | null;
  pmid: string | null;
  doi: string | null;
  title: string | null;
  file: string;
  line: number;
  source: string;
}

export interface StoredCluster {
  id: number;
  canonicalRecordId: number;
  rule: string;
  score: number;
  automatic: boolean;
  createdBy: string;
  members: ClusterMember[];
}

/** Every record of a project with where it came from (source, file and line) and its identifiers, by id. */
export async function recordProvenance(store: Store, projectId: number): Promise<Map<number, ClusterMember>> {
  const rows = await store.db
    .selectFrom('record as r')
    .innerJoin('search as s', 's.id', 'r.search_id')
    .select(PROVENANCE_COLUMNS)
    .where('r.project_id', '=', projectId)
    .execute();
  return new Map(rows.map((r) => [r.id, provenanceOf(r)]));
}

/** The columns of a record (`r`) and its search (`s`) that say where it came from. */
const PROVENANCE_COLUMNS = [
  'r.id',
  'r.source_id',
  'r.pmid',
  'r.doi',
  'r.title',
  'r.file_line',
  's.file_name',
  's.source',
] as const;

function provenanceOf(row: {
  id: number;
  source_id: string | null;
  pmid: string | null;
  doi: string | null;
  title: string | null;
  file_line: number;
  file_name: string;
  source: string;
}): ClusterMember {
  return {
    recordId: row.id,
    sourceId: row.source_id,
    pmid: row.pmid,
    doi: row.doi,
    title: row.title,
    file: row.file_name,
    line: row.file_line,
    source: row.source,
  };
}

/** The clusters in force (not undone), with each member's provenance, for audit and `dedupe --json`. */
export async function activeClusters(store: Store, projectId: number): Promise<StoredCluster[]> {
  const clusters = await liveClusters(store.db, projectId).selectAll('c').orderBy('c.id').execute();
  const members = await liveMembers(store.db, projectId)
    .innerJoin('record as r', 'r.id', 'm.record_id')
    .innerJoin('search as s', 's.id', 'r.search_id')
    .select(['m.cluster_id', ...PROVENANCE_COLUMNS])
    .orderBy('r.id')
    .execute();
  // members grouped once by cluster (a filter per cluster was quadratic: 20,000 clusters took 10 s)
  const membersOf = new Map<number, ClusterMember[]>();
  for (const m of members) {
    const member = provenanceOf(m);
    const list = membersOf.get(m.cluster_id);
    if (list) list.push(member);
    else membersOf.set(m.cluster_id, [member]);
  }
  return clusters.map((c) => ({
    id: c.id,
    canonicalRecordId: c.canonical_record_id,
    rule: c.rule,
    score: c.score,
    automatic: c.automatic === 1,
    createdBy: c.created_by,
    members: membersOf.get(c.id) ?? [],
  }));
}

/**
 * Every record of the live duplicate clusters that hold any of `recordIds` (each record is in one at most),
 * with its cluster and that cluster's canonical record. Records in no cluster are absent.
 */
export async function clusterPeers(
  store: Store,
  projectId: number,
  recordIds: number[],
): Promise<{ clusterId: number; canonicalRecordId: number; recordId: number }[]> {
  const rows = await liveMembers(store.db, projectId)
    .innerJoin('duplicate_member as peer', 'peer.cluster_id', 'c.id')
    .select(['c.id', 'c.canonical_record_id', 'peer.record_id'])
    .where('m.record_id', 'in', recordIds)
    .execute();
  return rows.map((r) => ({
    clusterId: r.id,
    canonicalRecordId: r.canonical_record_id,
    recordId: r.record_id,
  }));
}

/** record id → the canonical record id of its cluster (records in no cluster map to themselves, absent here). */
export async function canonicalIds(store: Store, projectId: number): Promise<Map<number, number>> {
  const rows = await liveMembers(store.db, projectId)
    .select(['m.record_id', 'c.canonical_record_id'])
    .execute();
  return new Map(rows.map((r) => [r.record_id, r.canonical_record_id]));
}

interface NewCluster {
  projectId: number;
  canonical: number;
  members: number[];
  rule: string;
  score: number;
  automatic: boolean;
  by: string;
  at: string;
}

/** Writes one cluster and its members; returns its id. */
async function insertCluster(trx: Transaction<Database> | Kysely<Database>, c: NewCluster): Promise<number> {
  const row = await trx
    .insertInto('duplicate_cluster')
    .values({
      project_id: c.projectId,
      canonical_record_id: c.canonical,
      rule: c.rule,
      score: c.score,
      automatic: c.automatic ? 1 : 0,
      created_by: c.by,
      created_at: c.at,
      undone_at: null,
      undone_by: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('duplicate_member')
    .values(c.members.map((record_id) => ({ cluster_id: row.id, record_id })))
    .execute();
  return row.id;
}

export interface DedupeRun {
  result: DedupeResult;
  records: StoredRecord[];
  /** Clusters written (with `apply`), or that would be written. */
  newClusters: number;
  reviewPairs: number;
}

/**
 * Runs deduplication over a project. With `apply`, automatic clusters are replaced by this run's (manual
 * merges and undone clusters stay; pairs people called "not a duplicate" are never merged again) and the
 * review queue is refreshed; without it, nothing is written.
 */
export async function runDedupe(
  store: Store,
  projectId: number,
  options: { apply: boolean; reviewer: string },
): Promise<DedupeRun> {
  const records = await loadProjectRecords(store, projectId);
  const index = new Map(records.map((r, i) => [r.id, i]));
  const refusedRows = await store.db
    .selectFrom('not_duplicate')
    .select(['record_a', 'record_b'])
    .where('project_id', '=', projectId)
    .execute();
  const notDuplicates = refusedRows
    .map((r) => [index.get(r.record_a), index.get(r.record_b)] as const)
    .filter((p): p is readonly [number, number] => p[0] !== undefined && p[1] !== undefined);
  const result = findDuplicates(
    records.map((r) => r.record),
    { notDuplicates },
  );
  const manual = await liveMembers(store.db, projectId)
    .select(['m.record_id', 'm.cluster_id'])
    .where('c.automatic', '=', 0)
    .execute();
  const manualCluster = new Map(manual.map((m) => [m.record_id, m.cluster_id]));
  // a cluster whose records all sit in one manual cluster already adds nothing
  const fresh = result.clusters.filter(
    (c) => new Set(c.members.map((m) => manualCluster.get(records[m]!.id) ?? -1 - m)).size > 1,
  );
  if (options.apply) {
    const now = new Date().toISOString();
    await writeTransaction(store, async (trx) => {
      // clusters this run finds again are kept as they are (ids stay stable for audit); the others go
      const keyOf = (ids: number[]): string => [...ids].sort((a, b) => a - b).join(',');
      const wanted = new Map(fresh.map((c) => [keyOf(c.members.map((m) => records[m]!.id)), c]));
      const old = await liveMembers(trx, projectId)
        .select(['c.id', 'm.record_id'])
        .where('c.automatic', '=', 1)
        .execute();
      const oldMembers = new Map<number, number[]>();
      for (const row of old) oldMembers.set(row.id, [...(oldMembers.get(row.id) ?? []), row.record_id]);
      const stale: number[] = [];
      for (const [clusterId, ids] of oldMembers) {
        const key = keyOf(ids);
        if (wanted.has(key)) wanted.delete(key);
        else stale.push(clusterId);
      }
      if (stale.length > 0) {
        await trx.deleteFrom('duplicate_member').where('cluster_id', 'in', stale).execute();
        await trx.deleteFrom('duplicate_cluster').where('id', 'in', stale).execute();
      }
      for (const c of wanted.values()) {
        const best = c.pairs.reduce((a, b) => (b.score > a.score ? b : a), c.pairs[0]!);
        await insertCluster(trx, {
          projectId,
          canonical: records[c.canonical]!.id,
          members: c.members.map((m) => records[m]!.id),
          rule: best.rule,
          score: best.score,
          automatic: true,
          by: options.reviewer,
          at: now,
        });
      }
      await trx.deleteFrom('review_pair').where('project_id', '=', projectId).execute();
      for (const p of result.review)
        await trx
          .insertInto('review_pair')
          .values({
            project_id: projectId,
            record_a: records[p.a]!.id,
            record_b: records[p.b]!.id,
            score: p.score,
            reasons: JSON.stringify(p.reasons),
            found_at: now,
          })
          .execute();
    });
  }
  return { result, records, newClusters: fresh.length, reviewPairs: result.review.length };
}

async function assertRecords(store: Store, projectId: number, ids: number[]): Promise<StoredRecord[]> {
  const rows = await store.db
    .selectFrom('record')
    .select(['id', 'data'])
    .where('project_id', '=', projectId)
    .where('id', 'in', ids)
    .execute();
  const missing = ids.filter((id) => !rows.some((r) => r.id === id));
  if (missing.length > 0)
    throw new TwowayError({
      code: 'E_NOT_FOUND',
      message: `no record ${missing.join(', ')} in project ${projectId}`,
    });
  return rows.map(storedRecord);
}

/**
 * A person merges records: a manual cluster, canonical = the most complete record. Records already in a
 * cluster bring their whole cluster along: the clusters are joined into the new one (the old ones stay as
 * history, marked undone by this merge), so that a record is never in two clusters at once.
 */
export async function mergeRecords(
  store: Store,
  projectId: number,
  recordIds: number[],
  reviewer: string,
): Promise<number> {
  if (new Set(recordIds).size < 2)
    throw new TwowayError({ code: 'E_USAGE', message: 'a merge needs two records or more' });
  // the records' clusters first; assertRecords below then refuses any id not in the project (those are in no
  // cluster of it, so they stay among the members to check)
  const joined = await clusterPeers(store, projectId, recordIds);
  const memberIds = [...new Set([...recordIds, ...joined.map((j) => j.recordId)])].sort((a, b) => a - b);
  const oldClusters = [...new Set(joined.map((j) => j.clusterId))];
  const clustered = new Set(joined.map((j) => j.recordId));
  if (oldClusters.length === 1 && recordIds.every((id) => clustered.has(id)))
    throw new TwowayError({
      code: 'E_CONFLICT',
      message: `these records are merged already (cluster ${oldClusters[0]})`,
    });
  const records = await assertRecords(store, projectId, memberIds);
  const canonical = [...records].sort(
    (a, b) => completeness(b.record) - completeness(a.record) || a.id - b.id,
  )[0]!;
  return writeTransaction(store, async (trx) => {
    const now = new Date().toISOString();
    if (oldClusters.length > 0)
      await trx
        .updateTable('duplicate_cluster')
        .set({ undone_at: now, undone_by: reviewer })
        .where('id', 'in', oldClusters)
        .execute();
    const id = await insertCluster(trx, {
      projectId,
      canonical: canonical.id,
      members: memberIds,
      rule: 'manual',
      score: 1,
      automatic: false,
      by: reviewer,
      at: now,
    });
    await trx
      .deleteFrom('review_pair')
      .where('project_id', '=', projectId)
      .where('record_a', 'in', memberIds)
      .where('record_b', 'in', memberIds)
      .execute();
    return id;
  });
}

/** "Not a duplicate": remembered, so no later run merges or queues the pair again. */
export async function markNotDuplicate(
  store: Store,
  projectId: number,
  a: number,
  b: number,
  reviewer: string,
): Promise<void> {
  await markNotDuplicates(store, projectId, [[a, b]], reviewer);
}

/**
 * "Not duplicates" for many pairs at once (a group of the review queue that shares a generic title), all or
 * none: remembered, so no later run merges or queues them again.
 */
export async function markNotDuplicates(
  store: Store,
  projectId: number,
  pairs: readonly (readonly [number, number])[],
  reviewer: string,
): Promise<void> {
  await assertProjectRecords(store, projectId, [...new Set(pairs.flat())]);
  const at = new Date().toISOString();
  await writeTransaction(store, async (trx) => {
    for (const [a, b] of pairs) {
      const [x, y] = a < b ? [a, b] : [b, a];
      await trx
        .insertInto('not_duplicate')
        .values({ project_id: projectId, record_a: x, record_b: y, reviewer, at })
        .onConflict((oc) => oc.columns(['project_id', 'record_a', 'record_b']).doNothing())
        .execute();
      await trx
        .deleteFrom('review_pair')
        .where('project_id', '=', projectId)
        .where('record_a', '=', x)
        .where('record_b', '=', y)
        .execute();
    }
  });
}

/** Undoes a merge: the cluster stays as history, and its pairs are remembered as not duplicates. */
export async function undoCluster(
  store: Store,
  projectId: number,
  clusterId: number,
  reviewer: string,
): Promise<void> {
  const cluster = await store.db
    .selectFrom('duplicate_cluster')
    .selectAll()
    .where('id', '=', clusterId)
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  if (!cluster)
    throw new TwowayError({
      code: 'E_NOT_FOUND',
      message: `no duplicate cluster ${clusterId} in project ${projectId}`,
    });
  if (cluster.undone_at)
    throw new TwowayError({
      code: 'E_CONFLICT',
      message: `cluster ${clusterId} was undone already (${cluster.undone_at})`,
    });
  const members = (
    await store.db
      .selectFrom('duplicate_member')
      .select('record_id')
      .where('cluster_id', '=', clusterId)
      .execute()
  ).map((m) => m.record_id);
  const now = new Date().toISOString();
  await writeTransaction(store, async (trx) => {
    await trx
      .updateTable('duplicate_cluster')
      .set({ undone_at: now, undone_by: reviewer })
      .where('id', '=', clusterId)
      .execute();
    for (let i = 0; i < members.length; i++)
      for (let j = i + 1; j < members.length; j++) {
        const [x, y] = members[i]! < members[j]! ? [members[i]!, members[j]!] : [members[j]!, members[i]!];
        await trx
          .insertInto('not_duplicate')
          .values({ project_id: projectId, record_a: x, record_b: y, reviewer, at: now })
          .onConflict((oc) => oc.columns(['project_id', 'record_a', 'record_b']).doNothing())
          .execute();
      }
  });
}

export interface ReviewPair {
  a: StoredRecord;
  b: StoredRecord;
  score: number;
  reasons: string[];
}

/** The pairs a person should decide (merge, or "not a duplicate"), most likely duplicates first. */
export async function reviewQueue(store: Store, projectId: number, limit = 200): Promise<ReviewPair[]> {
  const pairs = await store.db
    .selectFrom('review_pair')
    .selectAll()
    .where('project_id', '=', projectId)
    .orderBy('score', 'desc')
    .limit(limit)
    .execute();
  const ids = [...new Set(pairs.flatMap((p) => [p.record_a, p.record_b]))];
  const rows = ids.length
    ? await store.db.selectFrom('record').select(['id', 'data']).where('id', 'in', ids).execute()
    : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return pairs.flatMap((p) => {
    const a = byId.get(p.record_a);
    const b = byId.get(p.record_b);
    if (!a || !b) return [];
    return [
      { a: storedRecord(a), b: storedRecord(b), score: p.score, reasons: JSON.parse(p.reasons) as string[] },
    ];
  });
}
