import { codingAgreement, type FieldAgreement } from '../../domain/codebook/coding-agreement.js';
import type { SheetStudy } from '../../domain/codebook/coding-sheet.js';
import {
  assertMayCode,
  assertMayRecordConsensus,
  codingComplete,
  finalCodingSource,
  visibleCoders,
  type CoderState,
} from '../../domain/codebook/coding-policy.js';
import { assertNoFaults, type Framework } from '../../domain/codebook/framework.js';
import { codingFaults, forwardCoding, type StudyCoding } from '../../domain/codebook/study-coding.js';
import { TwowayError } from '../../domain/errors.js';
import type { CodedStudy } from '../../domain/synthesis/coded-studies.js';
import { shortCitation } from '../../domain/record/citation.js';
import { ANY_MEMBER, assertRole } from '../../domain/screening/policy.js';
import type { Store } from '../open-store.js';
import { storeTransaction } from '../write-transaction.js';
import { audit } from './audit-log.js';
import { pinCodebook, projectCodebook, type Codebook } from './codebook-store.js';
import { getProject, type Project } from './projects.js';
import { recordStatus, screeningStatuses } from './screening-store.js';
import { recordCitations } from './stored-records.js';

/**
 * Coding included studies: each coder's drafts and submissions and each study's consensus, append-only in
 * coding_event. A coder's current coding is their latest event; the synthesis reads the final coding the
 * coding policy names. Codings are read on the framework's current version (older codes mapped forward).
 */

type EventKind = 'draft' | 'submitted' | 'consensus';

interface CodingEvent {
  id: number;
  recordId: number;
  coder: string;
  kind: EventKind;
  frameworkVersion: number;
  coding: StudyCoding;
  at: string;
}

/** A coding as it is shown: who, when, whether submitted, on the current framework version. */
export interface CodingView {
  coder: string;
  submitted: boolean;
  at: string;
  /** The framework version it was made with (its codes are shown mapped to the current one). */
  frameworkVersion: number;
  coding: StudyCoding;
}

export interface StudyCodings {
  recordId: number;
  /** Whether the protocol's number of coders have submitted. */
  complete: boolean;
  /** The codings the viewer may see (their own only, in blind mode, until complete). */
  codings: CodingView[];
  /** How many other coders have a coding the viewer may not see yet. */
  hidden: number;
  consensus?: CodingView;
  /** The coding the synthesis reads, if there is one yet. */
  final?: CodingView;
}

async function readEvents(
  store: Store,
  projectId: number,
  recordIds?: readonly number[],
  options: { bodies?: boolean } = {},
): Promise<CodingEvent[]> {
  const columns = ['id', 'record_id', 'coder', 'kind', 'framework_version', 'at'] as const;
  let query = store.db
    .selectFrom('coding_event')
    .select(options.bodies === false ? [...columns] : [...columns, 'body'])
    .where('project_id', '=', projectId);
  if (recordIds) {
    if (recordIds.length === 0) return [];
    query = query.where('record_id', 'in', [...recordIds]);
  }
  const rows = (await query.orderBy('id').execute()) as {
    id: number;
    record_id: number;
    coder: string;
    kind: EventKind;
    framework_version: number;
    at: string;
    body?: string;
  }[];
  return rows.map((r) => {
    // parsed when read: the synthesis reads one coding of three
    let body = r.body;
    let parsed: StudyCoding | undefined;
    return {
      id: r.id,
      recordId: r.record_id,
      coder: r.coder,
      kind: r.kind,
      frameworkVersion: r.framework_version,
      at: r.at,
      get coding(): StudyCoding {
        if (parsed) return parsed;
        if (body === undefined) throw new Error(`coding event ${r.id} was read without its body`);
        parsed = JSON.parse(body) as StudyCoding;
        body = undefined;
        return parsed;
      },
    };
  });
}

/**
 * Parsed codings by event id, per store. A coding event is never changed or deleted once written (the table is
 * append-only), so an event read once need not be read again: after one save, the synthesis of 5,000 studies
 * reads the one new body, not 5,000. Callers treat codings as read-only.
 */
const parsedCodings = new WeakMap<Store, Map<number, StudyCoding>>();
const KEPT_CODINGS = 200_000;

/** The events (read without their bodies) with their codings, read from the store only when not kept. */
async function withBodies(store: Store, events: readonly CodingEvent[]): Promise<CodingEvent[]> {
  let kept = parsedCodings.get(store);
  if (!kept) parsedCodings.set(store, (kept = new Map()));
  if (kept.size > KEPT_CODINGS) kept.clear();
  const missing = events.filter((e) => !kept.has(e.id)).map((e) => e.id);
  for (let i = 0; i < missing.length; i += 5000) {
    const rows = await store.db
      .selectFrom('coding_event')
      .select(['id', 'body'])
      .where('id', 'in', missing.slice(i, i + 5000))
      .execute();
    for (const r of rows) kept.set(r.id, JSON.parse(r.body) as StudyCoding);
  }
  return events.map(({ id, recordId, coder, kind, frameworkVersion, at }) => {
    // not spread from the event: that would read its coding, which it has no body for
    const coding = kept.get(id);
    if (!coding) throw new Error(`coding event ${id} has no row: the append-only table lost it`);
    return { id, recordId, coder, kind, frameworkVersion, at, coding };
  });
}

/** The codebooks of the versions events were made with, loaded once each. */
async function codebooksFor(
  store: Store,
  project: Project,
  events: readonly CodingEvent[],
): Promise<Map<number, Codebook>> {
  const current = await projectCodebook(store, project);
  const out = new Map([[current.framework.version, current]]);
  for (const v of new Set(events.map((e) => e.frameworkVersion)))
    if (!out.has(v)) out.set(v, await projectCodebook(store, project, v));
  return out;
}

function view(event: CodingEvent, current: Codebook, made: Codebook | undefined): CodingView {
  const coding = forwardCoding(
    event.coding,
    made?.form ?? current.form,
    current.framework,
    event.frameworkVersion,
  );
  return {
    coder: event.coder,
    submitted: event.kind !== 'draft',
    at: event.at,
    frameworkVersion: event.frameworkVersion,
    coding,
  };
}

/** Each coder's latest coding of a study and its latest consensus, from its events in order. */
function standing(events: readonly CodingEvent[]): {
  latest: Map<string, CodingEvent>;
  consensus?: CodingEvent;
} {
  const latest = new Map<string, CodingEvent>();
  let consensus: CodingEvent | undefined;
  for (const e of events) {
    if (e.kind === 'consensus') consensus = e;
    else latest.set(e.coder, e);
  }
  return { latest, ...(consensus ? { consensus } : {}) };
}

/** The event the synthesis reads for a study (the coding policy's final coding), if any. */
function finalEvent(project: Project, events: readonly CodingEvent[]): CodingEvent | undefined {
  const { latest, consensus } = standing(events);
  return finalCodingSource(
    project,
    consensus,
    [...latest.values()].filter((e) => e.kind === 'submitted'),
  );
}

/** One study's standing codings and consensus as `viewer` may see them (every coding when no viewer is named). */
function summarise(
  project: Project,
  events: readonly CodingEvent[],
  books: Map<number, Codebook>,
  viewer: string | undefined,
): Omit<StudyCodings, 'recordId'> {
  const current = books.get(Math.max(...books.keys()))!;
  const { latest, consensus } = standing(events);
  const states: CoderState[] = [...latest.values()].map((e) => ({
    coder: e.coder,
    submitted: e.kind === 'submitted',
  }));
  const complete = codingComplete(project, states);
  const visible = new Set(
    viewer === undefined ? states.map((s) => s.coder) : visibleCoders(project, states, viewer),
  );
  const toView = (e: CodingEvent) => view(e, current, books.get(e.frameworkVersion));
  const codings = [...latest.values()].filter((e) => visible.has(e.coder)).map(toView);
  const final = finalEvent(project, events);
  return {
    complete,
    codings,
    hidden: latest.size - codings.length,
    ...(consensus ? { consensus: toView(consensus) } : {}),
    ...(final ? { final: toView(final) } : {}),
  };
}

/** The study a coding is about: a record included at full text (its canonical record, when it has duplicates). */
async function codableStudy(
  store: Store,
  project: Project,
  recordId: number,
  coder: string,
): Promise<number> {
  assertRole(project, coder, ANY_MEMBER);
  const status = await recordStatus(store, project, recordId, 'full-text');
  if (status.state !== 'included')
    throw new TwowayError({
      code: 'E_CONFLICT',
      message: `record ${recordId} is ${status.state} at full text; only studies included at full text are coded`,
    });
  return status.recordId;
}

export interface SaveCodingInput {
  projectId: number;
  recordId: number;
  coder: string;
  coding: unknown;
  /** The framework version the coder's form was built from: a coding made on an older one is refused. */
  frameworkVersion: number;
  submit: boolean;
}

function assertCurrentVersion(codebook: Codebook, version: number): void {
  if (version !== codebook.framework.version)
    throw new TwowayError({
      code: 'E_CONFLICT',
      message: `the coding was made with version ${version} of ${codebook.framework.id}, which is at version ${codebook.framework.version} now; reload the form`,
    });
}

/**
 * Saves a coder's coding of a study, as a draft or submitted. Refused: non-coders, studies not included at
 * full text, a coding made on another framework version, one that does not fit the form and the framework,
 * and a draft after the coder submitted (a submission is amended by submitting again).
 */
export async function saveCoding(
  store: Store,
  input: SaveCodingInput,
): Promise<{ id: number; recordId: number }> {
  return (await saveCodings(store, input.projectId, [input]))[0]!;
}

/**
 * Saves several codings in one transaction, all or none (a coding sheet brought back): each passes the checks
 * of saveCoding; the first refusal rolls every one back.
 */
export async function saveCodings(
  store: Store,
  projectId: number,
  inputs: readonly Omit<SaveCodingInput, 'projectId'>[],
): Promise<{ id: number; recordId: number }[]> {
  return storeTransaction(store, async (tx) => {
    const project = await getProject(tx, projectId);
    const codebook = inputs.length > 0 ? await pinCodebook(tx, project, inputs[0]!.coder) : undefined;
    const saved: { id: number; recordId: number }[] = [];
    for (const input of inputs) {
      assertMayCode(project, input.coder);
      const recordId = await codableStudy(tx, project, input.recordId, input.coder);
      assertCurrentVersion(codebook!, input.frameworkVersion);
      assertNoFaults(
        'E_CODING_INVALID',
        `the coding of record ${recordId}`,
        codingFaults(input.coding, codebook!.form, codebook!.framework),
      );
      if (!input.submit) {
        const last = await tx.db
          .selectFrom('coding_event')
          .select('kind')
          .where('project_id', '=', project.id)
          .where('record_id', '=', recordId)
          .where('coder', '=', input.coder)
          .where('kind', '!=', 'consensus')
          .orderBy('id', 'desc')
          .limit(1)
          .executeTakeFirst();
        if (last?.kind === 'submitted')
          throw new TwowayError({
            code: 'E_CONFLICT',
            message: `${input.coder} submitted a coding of record ${recordId} already; amend it by submitting again`,
          });
      }
      const id = await appendEvent(
        tx,
        project,
        codebook!,
        { recordId, coder: input.coder, coding: input.coding },
        input.submit ? 'submitted' : 'draft',
      );
      saved.push({ id, recordId });
    }
    return saved;
  });
}

async function appendEvent(
  tx: Store,
  project: Project,
  codebook: Codebook,
  event: { recordId: number; coder: string; coding: unknown },
  kind: EventKind,
): Promise<number> {
  const row = await tx.db
    .insertInto('coding_event')
    .values({
      project_id: project.id,
      record_id: event.recordId,
      coder: event.coder,
      kind,
      framework_id: codebook.framework.id,
      framework_version: codebook.framework.version,
      body: JSON.stringify(event.coding),
      at: new Date().toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Records the consensus coding of a study, once its independent codings are in (the coding policy); audited.
 */
export async function recordConsensus(
  store: Store,
  input: Omit<SaveCodingInput, 'submit'>,
): Promise<{ id: number; recordId: number }> {
  return storeTransaction(store, async (tx) => {
    const project = await getProject(tx, input.projectId);
    assertMayCode(project, input.coder);
    const recordId = await codableStudy(tx, project, input.recordId, input.coder);
    const codebook = await pinCodebook(tx, project, input.coder);
    assertCurrentVersion(codebook, input.frameworkVersion);
    assertNoFaults(
      'E_CODING_INVALID',
      'the consensus',
      codingFaults(input.coding, codebook.form, codebook.framework),
    );
    const events = await readEvents(tx, project.id, [recordId]);
    const latest = new Map<string, CoderState>();
    for (const e of events)
      if (e.kind !== 'consensus') latest.set(e.coder, { coder: e.coder, submitted: e.kind === 'submitted' });
    assertMayRecordConsensus(project, input.coder, [...latest.values()]);
    const id = await appendEvent(
      tx,
      project,
      codebook,
      { recordId, coder: input.coder, coding: input.coding },
      'consensus',
    );
    await audit(tx, {
      projectId: project.id,
      actor: input.coder,
      action: 'coding.consensus',
      detail: { recordId, event: id },
    });
    return { id, recordId };
  });
}

/** A study's codings as `viewer` may see them (blind coding hides the others' until all are in). */
export async function studyCodings(
  store: Store,
  projectId: number,
  recordId: number,
  viewer: string,
): Promise<StudyCodings> {
  const project = await getProject(store, projectId);
  assertRole(project, viewer, ANY_MEMBER);
  const status = await recordStatus(store, project, recordId, 'full-text');
  const events = await readEvents(store, projectId, [status.recordId]);
  const books = await codebooksFor(store, project, events);
  return { recordId: status.recordId, ...summarise(project, events, books, viewer) };
}

export interface CodingHistoryEntry {
  id: number;
  coder: string;
  kind: EventKind;
  frameworkVersion: number;
  at: string;
}

/** Who saved what when, for one study: the events of the codings the viewer may see, and the consensus ones. */
export async function codingHistory(
  store: Store,
  projectId: number,
  recordId: number,
  viewer: string,
): Promise<CodingHistoryEntry[]> {
  const study = await studyCodings(store, projectId, recordId, viewer);
  const visible = new Set(study.codings.map((c) => c.coder));
  const events = await readEvents(store, projectId, [study.recordId]);
  return events
    .filter((e) => e.kind === 'consensus' || visible.has(e.coder))
    .map((e) => ({ id: e.id, coder: e.coder, kind: e.kind, frameworkVersion: e.frameworkVersion, at: e.at }));
}

/** The studies to code: records included at full text (canonical records of their clusters). */
async function includedStudyIds(store: Store, projectId: number): Promise<number[]> {
  return (await screeningStatuses(store, projectId, 'full-text'))
    .filter((s) => s.state === 'included')
    .map((s) => s.recordId);
}

/** What tables and lists cite studies by: first author and year, title, year. */
async function citedStudies(
  store: Store,
  projectId: number,
  ids: readonly number[],
): Promise<Map<number, { citation: string; title: string; year?: number }>> {
  const citations = await recordCitations(store, projectId, ids);
  return new Map(
    ids.map((id) => {
      const record = citations.get(id) ?? {};
      const year = record.year === undefined ? {} : { year: record.year };
      const date = record.year === undefined ? {} : { date: { year: record.year } };
      return [id, { citation: shortCitation({ ...record, ...date }), title: record.title ?? '', ...year }];
    }),
  );
}

export interface CodingQueueEntry {
  recordId: number;
  citation: string;
  title: string;
  /** The viewer's own state: not started, a draft, or submitted. */
  mine: 'none' | 'draft' | 'submitted';
  submittedCoders: number;
  complete: boolean;
  consensus: boolean;
}

/** Every study to code (included at full text), with the viewer's progress and the study's. */
export async function codingQueue(
  store: Store,
  projectId: number,
  viewer: string,
): Promise<CodingQueueEntry[]> {
  const project = await getProject(store, projectId);
  assertRole(project, viewer, ANY_MEMBER);
  const ids = await includedStudyIds(store, projectId);
  const byRecord = Map.groupBy(await readEvents(store, projectId, ids, { bodies: false }), (e) => e.recordId);
  const cited = await citedStudies(store, projectId, ids);
  return ids.map((id) => {
    const events = byRecord.get(id) ?? [];
    const { latest, consensus } = standing(events);
    const mine = latest.get(viewer);
    const states = [...latest.values()].map((e) => ({ coder: e.coder, submitted: e.kind === 'submitted' }));
    const { citation, title } = cited.get(id)!;
    return {
      recordId: id,
      citation,
      title,
      mine: mine ? (mine.kind === 'submitted' ? 'submitted' : 'draft') : 'none',
      submittedCoders: states.filter((s) => s.submitted).length,
      complete: codingComplete(project, states),
      consensus: consensus !== undefined,
    };
  });
}

/**
 * The final coding of every coded study (consensus, or the single submitted coding with single coding), on
 * the framework's current version, with the current codebook. Any member may read it.
 */
export async function finalCodings(
  store: Store,
  projectId: number,
  viewer: string,
): Promise<{ codebook: Codebook; project: Project; studies: CodedStudy[] }> {
  const project = await getProject(store, projectId);
  assertRole(project, viewer, ANY_MEMBER);
  const included = new Set(await includedStudyIds(store, projectId));
  const heads = (await readEvents(store, projectId, undefined, { bodies: false })).filter((e) =>
    included.has(e.recordId),
  );
  const books = await codebooksFor(store, project, heads);
  const codebook = books.get(Math.max(...books.keys()))!;
  const chosen = [...Map.groupBy(heads, (e) => e.recordId).values()].flatMap((list) => {
    const final = finalEvent(project, list);
    return final ? [final] : [];
  });
  // only the final codings' bodies are read: one event in three with dual coding
  const finals = (await withBodies(store, chosen)).map((e) => ({
    recordId: e.recordId,
    coding: view(e, codebook, books.get(e.frameworkVersion)).coding,
  }));
  const cited = await citedStudies(
    store,
    projectId,
    finals.map((f) => f.recordId),
  );
  const studies = finals.map(({ recordId, coding }) => ({ recordId, ...cited.get(recordId)!, coding }));
  return { codebook, project, studies };
}

/**
 * Agreement of the independent coders over the studies whose codings are all in. Any member may read it:
 * it compares only codings every member may see already.
 */
export async function codingAgreementFor(
  store: Store,
  projectId: number,
  viewer: string,
): Promise<{ studies: number; fields: FieldAgreement[]; framework: Framework }> {
  const project = await getProject(store, projectId);
  assertRole(project, viewer, ANY_MEMBER);
  // studies excluded since they were coded are no longer compared
  const events = await readEvents(store, projectId, await includedStudyIds(store, projectId));
  const books = await codebooksFor(store, project, events);
  const codebook = books.get(Math.max(...books.keys()))!;
  const studies = [...Map.groupBy(events, (e) => e.recordId)].flatMap(([recordId, list]) => {
    const summary = summarise(project, list, books, undefined);
    if (!summary.complete) return [];
    const submitted = summary.codings.filter((c) => c.submitted);
    return [{ recordId, codings: submitted.map((c) => ({ coder: c.coder, coding: c.coding })) }];
  });
  return {
    studies: studies.length,
    fields: codingAgreement(studies, codebook.form, codebook.framework),
    framework: codebook.framework,
  };
}

/**
 * Every study to code with `coder`'s own current coding of it (on the current framework version), for a
 * coding sheet. Only the coder's own codings: a sheet never carries another coder's work.
 */
export async function codingsOf(
  store: Store,
  projectId: number,
  coder: string,
): Promise<{ codebook: Codebook; studies: SheetStudy[] }> {
  const project = await getProject(store, projectId);
  assertRole(project, coder, ANY_MEMBER);
  const ids = await includedStudyIds(store, projectId);
  const events = (await readEvents(store, projectId, ids)).filter(
    (e) => e.coder === coder && e.kind !== 'consensus',
  );
  const books = await codebooksFor(store, project, events);
  const codebook = books.get(Math.max(...books.keys()))!;
  const latest = new Map<number, CodingEvent>();
  for (const e of events) latest.set(e.recordId, e);
  const cited = await citedStudies(store, projectId, ids);
  return {
    codebook,
    studies: ids.map((id) => {
      const event = latest.get(id);
      const { citation, title } = cited.get(id)!;
      return {
        recordId: id,
        citation,
        title,
        ...(event ? { coding: view(event, codebook, books.get(event.frameworkVersion)).coding } : {}),
      };
    }),
  };
}
