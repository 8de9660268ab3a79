import { sql, type Kysely } from 'kysely';
import { completeness } from '../../domain/dedupe/dedupe.js';
import {
  describeWork,
  planImportRemoval,
  type ClusterAtRemoval,
  type ImportRemovalPlan,
  type WorkCounts,
} from '../../domain/dedupe/import-removal.js';
import { TwowayError } from '../../domain/errors.js';
import type { Store } from '../open-store.js';
import { decodeStoredRecord } from '../record-decoder.js';
import type { Database } from '../schema.js';
import { storeTransaction } from '../write-transaction.js';
import { audit } from './audit-log.js';
import { liveMembers } from './live-clusters.js';

/** What removing an import would do (or did): see domain/dedupe/import-removal for the rule. */
export interface ImportRemoval {
  searchId: number;
  source: string;
  fileName: string;
  records: number;
  /** Records of the import that are duplicates of records of other imports: their work moves to those. */
  keptThroughDuplicates: number;
  /** Duplicate clusters left with one record, dissolved. */
  clustersDissolved: number;
  /** Work that moves to a record of another import. */
  moved: WorkCounts;
  /** Work removed with the records no other import found. */
  discarded: WorkCounts;
}

/** The tables that hold work on a record, and the kind each counts as. */
const WORK_TABLES = {
  decision: 'decisions',
  resolution: 'resolutions',
  coding_event: 'codings',
  retrieval: 'retrievals',
  prior_mark: 'priorMarks',
  full_text_file: 'fullTexts',
} as const satisfies Record<string, keyof WorkCounts>;
type WorkTable = keyof typeof WORK_TABLES;
/** Tables with one row a record at most: a row moves only when the taking-over record has none of its own. */
const ONE_PER_RECORD: readonly WorkTable[] = ['retrieval', 'prior_mark', 'full_text_file'];

const noWork = (): WorkCounts => ({
  decisions: 0,
  resolutions: 0,
  codings: 0,
  retrievals: 0,
  priorMarks: 0,
  fullTexts: 0,
});

interface RemovalState {
  summary: ImportRemoval;
  plan: ImportRemovalPlan;
  /** Per work table: removed record → its rows there. */
  work: Map<WorkTable, Map<number, number>>;
}

/** Reads what removing the search would touch, and plans it. */
async function removalState(
  db: Kysely<Database>,
  projectId: number,
  searchId: number,
): Promise<RemovalState> {
  const search = await db
    .selectFrom('search')
    .select(['id', 'source', 'file_name'])
    .where('id', '=', searchId)
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  if (!search)
    throw new TwowayError({
      code: 'E_NOT_FOUND',
      message: `no import (search) ${searchId} in project ${projectId}`,
    });
  const ofSearch = db.selectFrom('record').select('id').where('search_id', '=', searchId);
  const { n: records } = await db
    .selectFrom('record')
    .select((e) => e.fn.countAll<number>().as('n'))
    .where('search_id', '=', searchId)
    .executeTakeFirstOrThrow();
  const memberRows = await liveMembers(db, projectId)
    .innerJoin('record as r', 'r.id', 'm.record_id')
    .select(['c.id', 'c.canonical_record_id', 'm.record_id', 'r.search_id', 'r.data'])
    .where(
      'c.id',
      'in',
      db.selectFrom('duplicate_member').select('cluster_id').where('record_id', 'in', ofSearch),
    )
    .orderBy('c.id')
    .execute();
  const clusters = new Map<number, ClusterAtRemoval>();
  for (const row of memberRows) {
    let cluster = clusters.get(row.id);
    if (!cluster)
      clusters.set(row.id, (cluster = { id: row.id, canonical: row.canonical_record_id, members: [] }));
    cluster.members.push({
      record: row.record_id,
      removed: row.search_id === searchId,
      completeness: completeness(decodeStoredRecord(row.record_id, row.data)),
    });
  }
  const plan = planImportRemoval([...clusters.values()]);
  const work = new Map<WorkTable, Map<number, number>>();
  const moved = noWork();
  const discarded = noWork();
  for (const [table, kind] of Object.entries(WORK_TABLES) as [WorkTable, keyof WorkCounts][]) {
    const rows = await db
      .selectFrom(table)
      .select(['record_id', (e) => e.fn.countAll<number>().as('n')])
      .where('project_id', '=', projectId)
      .where('record_id', 'in', ofSearch)
      .groupBy('record_id')
      .execute();
    const byRecord = new Map(rows.map((r) => [r.record_id, Number(r.n)]));
    work.set(table, byRecord);
    for (const [record, n] of byRecord) {
      if (plan.takeOver.has(record)) moved[kind] += n;
      else discarded[kind] += n;
    }
  }
  return {
    summary: {
      searchId,
      source: search.source,
      fileName: search.file_name,
      records: Number(records),
      keptThroughDuplicates: plan.takeOver.size,
      clustersDissolved: plan.dissolved.length,
      moved,
      discarded,
    },
    plan,
    work,
  };
}

/**
 * The team's tags and assignments on removed records that another import's record takes over follow it (where
 * that record has the same already, the removed one's goes with it).
 */
async function moveLabels(
  db: Kysely<Database>,
  projectId: number,
  searchId: number,
  takeOver: ReadonlyMap<number, number>,
): Promise<void> {
  const ofSearch = db.selectFrom('record').select('id').where('search_id', '=', searchId);
  for (const table of ['record_tag', 'assignment'] as const) {
    const labelled = await db
      .selectFrom(table)
      .select('record_id')
      .distinct()
      .where('project_id', '=', projectId)
      .where('record_id', 'in', ofSearch)
      .execute();
    for (const { record_id: from } of labelled) {
      const to = takeOver.get(from);
      if (to === undefined) continue;
      const copy =
        table === 'record_tag'
          ? sql`insert into record_tag (project_id, record_id, tag_id, tagged_by, at)
              select project_id, ${to}, tag_id, tagged_by, at from record_tag where record_id = ${from}
              on conflict do nothing`
          : sql`insert into assignment (project_id, record_id, stage, reviewer, assigned_by, at)
              select project_id, ${to}, stage, reviewer, assigned_by, at from assignment where record_id = ${from}
              on conflict do nothing`;
      await copy.execute(db);
    }
  }
}

/** What removing an import would do, for the owner to confirm: nothing is written. */
export async function previewImportRemoval(
  store: Store,
  projectId: number,
  searchId: number,
): Promise<ImportRemoval> {
  return (await removalState(store.db, projectId, searchId)).summary;
}

/**
 * Removes an import (an owner's act, audited): its search and its records, with their full-text index entries,
 * duplicate pairs and scores. Records that other imports found too live on through those (their work moves,
 * their clusters keep the rest); the work on records only this import found is removed with them, which
 * `discardWork` must confirm when there is any (E_CONFLICT says how much otherwise). PRISMA, the screening
 * queue and the ranking read what is left. One transaction: all of it or nothing.
 */
export async function removeImport(
  store: Store,
  projectId: number,
  searchId: number,
  by: string,
  options: { discardWork?: boolean } = {},
): Promise<ImportRemoval> {
  return storeTransaction(store, async (tx) => {
    await tx.engine.lockProject(tx.db, projectId);
    const { summary, plan, work } = await removalState(tx.db, projectId, searchId);
    if (describeWork(summary.discarded) && !options.discardWork)
      throw new TwowayError({
        code: 'E_CONFLICT',
        message: `removing import ${searchId} (${summary.fileName}) would remove ${describeWork(summary.discarded)} on records no other import found; confirm to remove them too`,
      });
    for (const [table, byRecord] of work)
      for (const record of byRecord.keys()) {
        const to = plan.takeOver.get(record);
        if (to === undefined) continue;
        if (ONE_PER_RECORD.includes(table)) {
          const taken = await tx.db
            .selectFrom(table)
            .select('record_id')
            .where('project_id', '=', projectId)
            .where('record_id', '=', to)
            .executeTakeFirst();
          if (taken) continue; // the record taking over has its own: this one goes with the removed record
        }
        await tx.db
          .updateTable(table)
          .set({ record_id: to })
          .where('project_id', '=', projectId)
          .where('record_id', '=', record)
          .execute();
      }
    await moveLabels(tx.db, projectId, searchId, plan.takeOver);
    for (const { cluster, canonical } of plan.kept)
      await tx.db
        .updateTable('duplicate_cluster')
        .set({ canonical_record_id: canonical })
        .where('id', '=', cluster)
        .execute();
    for (let i = 0; i < plan.dissolved.length; i += 500)
      await tx.db
        .deleteFrom('duplicate_cluster')
        .where('id', 'in', plan.dissolved.slice(i, i + 500))
        .execute();
    const ofSearch = tx.db.selectFrom('record').select('id').where('search_id', '=', searchId);
    for (const table of ['not_duplicate', 'review_pair'] as const)
      await tx.db
        .deleteFrom(table)
        .where('project_id', '=', projectId)
        .where((e) => e.or([e('record_a', 'in', ofSearch), e('record_b', 'in', ofSearch)]))
        .execute();
    await tx.engine.unindexSearch(tx.db, searchId);
    await tx.db.deleteFrom('record').where('search_id', '=', searchId).execute();
    await tx.db.deleteFrom('search').where('id', '=', searchId).execute();
    // the PDFs no record holds any more (their records left with the import)
    await tx.db
      .deleteFrom('full_text_content')
      .where('sha256', 'not in', tx.db.selectFrom('full_text_file').select('sha256'))
      .execute();
    await audit(tx, { projectId, actor: by, action: 'import.remove', detail: { ...summary } });
    return summary;
  });
}
