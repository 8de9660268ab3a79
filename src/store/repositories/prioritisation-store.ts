import { TwowayError } from '../../domain/errors.js';
import { sampleWeights } from '../../domain/prioritise/balancer.js';
import { createClassifier } from '../../domain/prioritise/classifiers.js';
import { joinTermCounts, TermCounter, weighTerms } from '../../domain/prioritise/features.js';
import {
  decodeFeatureSnapshot,
  encodeFeatureSnapshot,
  type FeatureSnapshot,
} from '../../domain/prioritise/feature-snapshot.js';
import type { DecisionProvenance, RankingRow } from '../../domain/prioritise/export-tables.js';
import { featureDocument } from '../../domain/prioritise/labelled-set.js';
import { DEFAULT_PRESET, presetByName, type Preset } from '../../domain/prioritise/presets.js';
import { rankAll } from '../../domain/prioritise/querier.js';
import { seededRandom } from '../../domain/prioritise/random.js';
import { prioritisationActive } from '../../domain/prioritise/settings.js';
import { scoreRows, type SparseRows } from '../../domain/prioritise/sparse.js';
import { trainingLabel } from '../../domain/prioritise/training-labels.js';
import { STAGES } from '../../domain/screening/decisions.js';
import { assertRole, ANY_MEMBER, SCREENERS, visibleVotes } from '../../domain/screening/policy.js';
import type { Store } from '../open-store.js';
import { storeTransaction, writeTransaction } from '../write-transaction.js';
import { audit } from './audit-log.js';
import { getProject, type Project } from './projects.js';
import { canonicalIds } from './dedupe-store.js';
import { screeningStatuses, screeningStatusesBothStages } from './screening-store.js';
import { loadFeatureSnapshot, saveFeatureSnapshot } from './feature-snapshots.js';
import { loadFeatureFields, projectRecordIdList, type FeatureFields } from './stored-records.js';

/** The preset a project's settings name (the default when it names one this version does not know). */
export function projectPreset(project: Project): Preset {
  return presetByName(project.protocol.prioritisation.preset) ?? presetByName(DEFAULT_PRESET)!;
}

/** Whether the project serves records by predicted relevance now (its mode, and its size for `auto`). */
export async function isPrioritised(store: Store, project: Project): Promise<boolean> {
  if (project.protocol.prioritisation.mode !== 'auto') return project.protocol.prioritisation.mode === 'on';
  const row = await store.db
    .selectFrom('record')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('project_id', '=', project.id)
    .executeTakeFirstOrThrow();
  return prioritisationActive(project.protocol.prioritisation, Number(row.n));
}

/**
 * A project's records as the model reads them: the TF-IDF matrix (one row a record, every record of the
 * project, duplicates too) and the labels imported with them. It depends on the records alone, so one is
 * kept and reused until the project's records change (its `signature`: how many, the largest id, their sum —
 * ids are never reused).
 */
interface ProjectFeatures {
  signature: string;
  rowOf: Map<number, number>;
  X: SparseRows;
  imported: (0 | 1 | undefined)[];
  counting: Counting;
}

/** What the features were weighed from, and — when this process counted them — the counter that did. */
interface Counting {
  snapshot: FeatureSnapshot;
  /** Kept so that records imported later are counted alone, in the same vocabulary. */
  counter?: TermCounter;
  /** Whether the database holds this snapshot (a new count is stored once the ranking is written). */
  stored: boolean;
}

/** Features kept by the process that retrains (the long-lived prioritisation worker), by store, project and preset. */
const featureCache = new Map<string, ProjectFeatures>();

/** The key of a project's features in featureCache. */
function cacheKey(store: Store, projectId: number, preset: Preset): string {
  return `${JSON.stringify(store.location)}:${projectId}:${preset.name}`;
}

/** The key of a stored snapshot: the feature settings it was counted with. */
function snapshotKey(preset: Preset): string {
  return JSON.stringify(preset.features);
}

/**
 * Stores the project's features as counted by this process, when they are new (after the ranking is written:
 * a reviewer waits for the ranking, not for the snapshot).
 */
async function storeNewCount(store: Store, projectId: number, preset: Preset): Promise<void> {
  const counting = featureCache.get(cacheKey(store, projectId, preset))?.counting;
  if (!counting || counting.stored) return;
  counting.stored = true;
  try {
    await saveFeatureSnapshot(
      store,
      projectId,
      snapshotKey(preset),
      encodeFeatureSnapshot(counting.snapshot),
    );
  } catch {
    // a snapshot saves time, nothing more: the retrain goes on without it (a full disk, a busy database), and
    // the next cold one tries again
  }
}

async function recordsSignature(store: Store, projectId: number): Promise<string> {
  const row = await store.db
    .selectFrom('record')
    .select((eb) => [
      eb.fn.countAll<number>().as('n'),
      eb.fn.max('id').as('last'),
      eb.fn.sum<number>('id').as('sum'),
    ])
    .where('project_id', '=', projectId)
    .executeTakeFirstOrThrow();
  return `${row.n}:${row.last}:${row.sum}`;
}

async function projectFeatures(store: Store, projectId: number, preset: Preset): Promise<ProjectFeatures> {
  const key = cacheKey(store, projectId, preset);
  const signature = await recordsSignature(store, projectId);
  const kept = featureCache.get(key);
  if (kept?.signature === signature) return kept;
  const counting = await countedRecords(store, projectId, preset, kept?.counting);
  const { snapshot } = counting;
  const features: ProjectFeatures = {
    signature,
    rowOf: new Map(Array.from(snapshot.recordIds, (id, row) => [id, row])),
    X: weighTerms(snapshot.counted, preset.features),
    imported: Array.from(snapshot.imported, (label) => (label === 0 || label === 1 ? label : undefined)),
    counting,
  };
  featureCache.set(key, features);
  return features;
}

/**
 * The project's records counted as the preset's feature extractor counts them. When this process counted them
 * before and records were only added (an import) or removed since, the new records alone are counted, with the
 * vocabulary kept, and joined to the rows of the records still there. Else from the snapshot stored after the
 * last count when it holds exactly the project's records (after a restart: reading it is seconds faster than
 * reading and scanning the text of 100,000 records); else everything is counted from the text. A new count is
 * stored as the project's snapshot once the retrain wrote its ranking (storeNewCount).
 */
async function countedRecords(
  store: Store,
  projectId: number,
  preset: Preset,
  earlier: Counting | undefined,
): Promise<Counting> {
  const ids = await projectRecordIdList(store, projectId);
  let counting =
    earlier?.counter && (await countedSince(store, projectId, ids, earlier.snapshot, earlier.counter));
  if (!counting) {
    const bytes = await loadFeatureSnapshot(store, projectId, snapshotKey(preset));
    const stored = bytes && decodeFeatureSnapshot(bytes);
    if (stored && sameIds(stored.recordIds, ids)) return { snapshot: stored, stored: true };
    const counter = new TermCounter(preset.features);
    const records = await loadFeatureFields(store, projectId);
    counting = {
      snapshot: {
        ...snapshotOf(records),
        counted: counter.count(records.map((r) => featureDocument(r.record))),
      },
      counter,
      stored: false,
    };
  }
  return counting;
}

/**
 * The earlier count brought up to the project's records `ids`: the rows of records removed since dropped, the
 * records added since (ids are never reused: larger than every earlier one) counted by the same counter.
 * Undefined when the records are not the earlier ones plus new ones.
 */
async function countedSince(
  store: Store,
  projectId: number,
  ids: readonly number[],
  earlier: FeatureSnapshot,
  counter: TermCounter,
): Promise<Counting | undefined> {
  const last = earlier.recordIds.length === 0 ? 0 : earlier.recordIds[earlier.recordIds.length - 1]!;
  const present = new Set(ids);
  const kept = earlier.recordIds.map((id) => (present.has(id) ? 1 : 0));
  const keep = (row: number) => kept[row] === 1;
  const keptIds = earlier.recordIds.filter((_, row) => keep(row));
  if (ids.filter((id) => id <= last).length !== keptIds.length) return undefined;
  const added = await loadFeatureFields(store, projectId, last);
  const later = snapshotOf(added);
  return {
    snapshot: {
      recordIds: Int32Array.from([...keptIds, ...later.recordIds]),
      imported: Int8Array.from([...earlier.imported.filter((_, row) => keep(row)), ...later.imported]),
      counted: joinTermCounts(
        earlier.counted,
        keep,
        counter.count(added.map((r) => featureDocument(r.record))),
      ),
    },
    counter,
    stored: false,
  };
}

/** The record ids and imported labels of records read for counting. */
function snapshotOf(records: { id: number; record: FeatureFields }[]): Omit<FeatureSnapshot, 'counted'> {
  return {
    recordIds: Int32Array.from(records, (r) => r.id),
    imported: Int8Array.from(records, (r) => {
      const label = r.record.labels?.abstractIncluded ?? r.record.labels?.included;
      return label === 0 || label === 1 ? label : -1;
    }),
  };
}

function sameIds(a: Int32Array, b: readonly number[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

export interface TrainingData {
  /** The project's features (every record); `rows` index into it. */
  X: SparseRows;
  /** Records left after deduplication, each with its row in the features. */
  recordIds: number[];
  rows: number[];
  labels: (0 | 1 | undefined)[];
}

/**
 * What the model of a project learns from: every record left after deduplication, with its title/abstract
 * label by trainingLabel's rule (decided state, then — unless blind — votes, then prior mark, then an
 * imported label).
 */
export async function trainingData(store: Store, project: Project): Promise<TrainingData> {
  const [statuses, marks, features] = await Promise.all([
    screeningStatuses(store, project.id, 'title-abstract'),
    store.db
      .selectFrom('prior_mark')
      .select(['record_id', 'relevant'])
      .where('project_id', '=', project.id)
      .execute(),
    projectFeatures(store, project.id, projectPreset(project)),
  ]);
  const priorOf = new Map(marks.map((m) => [m.record_id, m.relevant === 1 ? (1 as const) : (0 as const)]));
  const blind = project.protocol.screening.blind;
  const out: TrainingData = { X: features.X, recordIds: [], rows: [], labels: [] };
  for (const status of statuses) {
    const row = features.rowOf.get(status.recordId);
    if (row === undefined) continue;
    out.recordIds.push(status.recordId);
    out.rows.push(row);
    out.labels.push(
      trainingLabel({ status, blind, prior: priorOf.get(status.recordId), imported: features.imported[row] }),
    );
  }
  return out;
}

export interface PriorityModel {
  version: number;
  preset: string;
  labelled: number;
  relevant: number;
  records: number;
  milliseconds: number;
  trainedAt: string;
}

export type RetrainResult =
  | { trained: true; model: PriorityModel }
  | { trained: false; reason: string; labelled: number; relevant: number };

/** Ranking rows a write transaction holds: each short, so that a decision made meanwhile waits little. */
const SCORE_BATCH = 2000;

/**
 * Trains the project's model on what the team knows now and replaces its ranking: every record after
 * deduplication gets a score (the model's decision value; larger = more likely relevant) and a rank by the
 * preset's querier. The model needs a relevant and an irrelevant record to learn from; until then nothing is
 * ranked and screening stays in import order. Runs in the background worker on the server.
 */
export async function retrain(store: Store, projectId: number): Promise<RetrainResult> {
  const project = await getProject(store, projectId);
  const preset = projectPreset(project);
  try {
    return await fitAndRank(store, project, preset);
  } finally {
    await storeNewCount(store, projectId, preset);
  }
}

/** The model fitted to the labels now, and the ranking it gives written (retrain without the snapshot). */
async function fitAndRank(store: Store, project: Project, preset: Preset): Promise<RetrainResult> {
  const started = performance.now();
  const projectId = project.id;
  const data = await trainingData(store, project);
  const { X } = data;
  const labelledRows: number[] = [];
  data.labels.forEach((label, i) => {
    if (label !== undefined) labelledRows.push(i);
  });
  const relevant = labelledRows.filter((i) => data.labels[i] === 1).length;
  if (relevant === 0 || relevant === labelledRows.length)
    return {
      trained: false,
      reason:
        'the model needs at least one relevant and one irrelevant record: screen some records or mark prior knowledge',
      labelled: labelledRows.length,
      relevant,
    };
  const rows = Int32Array.from(labelledRows, (i) => data.rows[i]!);
  const labels = Uint8Array.from(labelledRows, (i) => data.labels[i]!);
  const latest = await store.db
    .selectFrom('priority_model')
    .select((eb) => eb.fn.max('version').as('v'))
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  const version = Number(latest?.v ?? 0) + 1;
  const model = createClassifier(preset.classifier, seededRandom(version)).fit({
    X,
    rows,
    labels,
    weights: sampleWeights(preset.balancer, labels),
  });
  const scores = scoreRows(X, model, data.rows);
  const order = rankAll(preset.querier, scores, seededRandom(version));
  const rankOf = new Int32Array(order.length);
  order.forEach((position, rank) => (rankOf[position] = rank + 1));
  const trainedAt = new Date().toISOString();
  const summary: PriorityModel = {
    version,
    preset: preset.name,
    labelled: labelledRows.length,
    relevant,
    records: data.recordIds.length,
    milliseconds: Math.round(performance.now() - started),
    trainedAt,
  };
  await store.db
    .insertInto('priority_model')
    .values({
      project_id: projectId,
      version,
      preset: preset.name,
      labelled: summary.labelled,
      relevant,
      records: summary.records,
      milliseconds: summary.milliseconds,
      trained_at: trainedAt,
    })
    .execute();
  // the new ranking replaces the old one batch by batch, each its own short write, so that decisions made
  // meanwhile never wait for one long transaction; screening reads a mix of the two until the last batch
  for (let start = 0; start < data.recordIds.length; start += SCORE_BATCH)
    await writeTransaction(store, (trx) =>
      store.engine.upsertScores(
        trx,
        { projectId, version },
        data.recordIds.slice(start, start + SCORE_BATCH).map((recordId, k) => ({
          recordId,
          score: Number.isFinite(scores[start + k]!) ? scores[start + k]! : 0,
          rank: rankOf[start + k]!,
        })),
      ),
    );
  // records the new model did not rank (merged away as duplicates since) leave the ranking
  await store.db
    .deleteFrom('priority_score')
    .where('project_id', '=', projectId)
    .where('model_version', '<', version)
    .execute();
  return { trained: true, model: summary };
}

/** The project's latest model, if one was trained. */
export async function latestModel(store: Store, projectId: number): Promise<PriorityModel | undefined> {
  const row = await store.db
    .selectFrom('priority_model')
    .selectAll()
    .where('project_id', '=', projectId)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row
    ? {
        version: row.version,
        preset: row.preset,
        labelled: row.labelled,
        relevant: row.relevant,
        records: row.records,
        milliseconds: row.milliseconds,
        trainedAt: row.trained_at,
      }
    : undefined;
}

export interface RecordPriority {
  score: number;
  rank: number;
  modelVersion: number;
}

/** A record's score and rank in the latest ranking (undefined when it has none: no model yet, a new import). */
export async function recordPriority(
  store: Store,
  projectId: number,
  recordId: number,
): Promise<RecordPriority | undefined> {
  const row = await store.db
    .selectFrom('priority_score')
    .select(['score', 'rank', 'model_version'])
    .where('project_id', '=', projectId)
    .where('record_id', '=', recordId)
    .executeTakeFirst();
  return row ? { score: row.score, rank: row.rank, modelVersion: row.model_version } : undefined;
}

/** The latest ranking, best first, for export. */
export async function ranking(store: Store, project: Project, viewer: string): Promise<RankingRow[]> {
  assertRole(project, viewer, ANY_MEMBER);
  const rows = await store.db
    .selectFrom('priority_score')
    .select(['record_id', 'rank', 'score', 'model_version'])
    .where('project_id', '=', project.id)
    .orderBy('rank')
    .execute();
  return rows.map((r) => ({
    recordId: r.record_id,
    rank: r.rank,
    score: r.score,
    modelVersion: r.model_version,
  }));
}

/**
 * Marks a record as known relevant (true) or irrelevant (false) before screening, or clears the mark (null):
 * prior knowledge the model starts from. Screeners may mark; every change is audited.
 */
export async function setPriorMark(
  store: Store,
  project: Project,
  recordId: number,
  relevant: boolean | null,
  actor: string,
): Promise<void> {
  assertRole(project, actor, SCREENERS);
  await storeTransaction(store, async (tx) => {
    const record = await tx.db
      .selectFrom('record')
      .select('id')
      .where('id', '=', recordId)
      .where('project_id', '=', project.id)
      .executeTakeFirst();
    if (!record)
      throw new TwowayError({
        code: 'E_NOT_FOUND',
        message: `no record ${recordId} in project ${project.id}`,
      });
    await tx.db
      .deleteFrom('prior_mark')
      .where('project_id', '=', project.id)
      .where('record_id', '=', recordId)
      .execute();
    if (relevant !== null)
      await tx.db
        .insertInto('prior_mark')
        .values({
          project_id: project.id,
          record_id: recordId,
          relevant: relevant ? 1 : 0,
          marked_by: actor,
          at: new Date().toISOString(),
        })
        .execute();
    await audit(tx, {
      projectId: project.id,
      actor,
      action: 'prior-mark',
      detail: { recordId, relevant },
    });
  });
}

/** The team's prior marks. */
export async function priorMarks(
  store: Store,
  projectId: number,
): Promise<{ recordId: number; relevant: boolean; markedBy: string; at: string }[]> {
  const rows = await store.db
    .selectFrom('prior_mark')
    .selectAll()
    .where('project_id', '=', projectId)
    .orderBy('record_id')
    .execute();
  return rows.map((r) => ({
    recordId: r.record_id,
    relevant: r.relevant === 1,
    markedBy: r.marked_by,
    at: r.at,
  }));
}

/**
 * Every decision with its provenance, as the viewer may see decisions: in blind screening, a reviewer's own
 * decisions alone, an owner's others' once a record is decided or in conflict (the screening page's rule,
 * visibleVotes).
 */
export async function decisionProvenance(
  store: Store,
  project: Project,
  viewer: string,
): Promise<DecisionProvenance[]> {
  const role = assertRole(project, viewer, ANY_MEMBER);
  const [statuses, canonical, rows] = await Promise.all([
    screeningStatusesBothStages(store, project.id),
    canonicalIds(store, project.id),
    store.db
      .selectFrom('decision')
      .select(['id', 'record_id', 'stage', 'reviewer', 'value', 'at', 'model_version', 'shown_rank'])
      .where('project_id', '=', project.id)
      .orderBy('id')
      .execute(),
  ]);
  const seesAll = new Map(
    STAGES.map((stage) => [
      stage,
      new Map(
        statuses[stage].map((s) => [
          s.recordId,
          visibleVotes(s, viewer, { blind: project.protocol.screening.blind, role }).length ===
            s.votes.length,
        ]),
      ),
    ]),
  );
  return rows
    .filter(
      (r) =>
        r.reviewer === viewer ||
        !project.protocol.screening.blind ||
        seesAll.get(r.stage)?.get(canonical.get(r.record_id) ?? r.record_id) === true,
    )
    .map((r) => ({
      decisionId: r.id,
      recordId: r.record_id,
      stage: r.stage,
      reviewer: r.reviewer,
      value: r.value,
      at: r.at,
      modelVersion: r.model_version,
      shownRank: r.shown_rank,
    }));
}
