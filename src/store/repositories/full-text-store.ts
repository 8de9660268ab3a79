import { createHash } from 'node:crypto';
import { TwowayError } from '../../domain/errors.js';
import {
  checkPdf,
  matchFullTextFiles,
  MAX_FULL_TEXT_BYTES,
  type IdentifiedRecord,
} from '../../domain/screening/full-text.js';
import { ANY_MEMBER, assertMayScreen, assertRole } from '../../domain/screening/policy.js';
import type { Store } from '../open-store.js';
import { storeTransaction } from '../write-transaction.js';
import { audit } from './audit-log.js';
import { canonicalIds } from './dedupe-store.js';
import { assertProjectRecords } from './stored-records.js';
import type { Project } from './projects.js';
import { writeRetrieval } from './screening-store.js';

/**
 * Full texts (PDFs) of records, kept inside the database by SHA-256 (one copy however many records or projects
 * hold it), so that backups, restores and import removals carry them with the records. A record's PDF is its
 * duplicate cluster's: it is attached to the canonical record, which the screening page shows. Attaching one
 * says the report was retrieved (PRISMA's "reports not retrieved" follows); the rules are domain/screening/full-text.
 */

/** A record's attached PDF, without its content. */
export interface FullTextFile {
  recordId: number;
  fileName: string;
  bytes: number;
  sha256: string;
  uploadedBy: string;
  at: string;
}

const FILE_COLUMNS = ['record_id', 'file_name', 'bytes', 'sha256', 'uploaded_by', 'at'] as const;

function fileOf(row: {
  record_id: number;
  file_name: string;
  bytes: number | string;
  sha256: string;
  uploaded_by: string;
  at: string;
}): FullTextFile {
  return {
    recordId: row.record_id,
    fileName: row.file_name,
    bytes: Number(row.bytes), // PostgreSQL's bigint arrives as text
    sha256: row.sha256,
    uploadedBy: row.uploaded_by,
    at: row.at,
  };
}

/** The record that stands for `recordId`'s duplicate cluster (itself when it is in none); refuses a stranger's. */
async function standingRecord(store: Store, projectId: number, recordId: number): Promise<number> {
  await assertProjectRecords(store, projectId, [recordId]);
  const cluster = await store.db
    .selectFrom('duplicate_member as m')
    .innerJoin('duplicate_cluster as c', 'c.id', 'm.cluster_id')
    .select('c.canonical_record_id')
    .where('m.record_id', '=', recordId)
    .where('c.undone_at', 'is', null)
    .executeTakeFirst();
  return cluster?.canonical_record_id ?? recordId;
}

/** A PDF to attach to a record, and who attaches it. */
interface AttachInput {
  project: Project;
  actor: string;
  recordId: number;
  fileName: string;
  content: Uint8Array;
}

/** Writes a checked PDF for a record inside a transaction: content once by hash, the record's file, retrieval, audit. */
async function writeFullText(tx: Store, input: AttachInput & { sha256: string }): Promise<FullTextFile> {
  const { project, actor, recordId, fileName, content, sha256 } = input;
  const at = new Date().toISOString();
  await tx.db
    .insertInto('full_text_content')
    .values({
      sha256,
      bytes: content.length,
      content: Buffer.from(content.buffer, content.byteOffset, content.length),
    })
    .onConflict((oc) => oc.column('sha256').doNothing())
    .execute();
  const replaced = await tx.db
    .selectFrom('full_text_file')
    .select(['sha256', 'file_name'])
    .where('project_id', '=', project.id)
    .where('record_id', '=', recordId)
    .executeTakeFirst();
  const row = { sha256, file_name: fileName, bytes: content.length, uploaded_by: actor, at };
  await tx.db
    .insertInto('full_text_file')
    .values({ project_id: project.id, record_id: recordId, ...row })
    .onConflict((oc) => oc.columns(['project_id', 'record_id']).doUpdateSet(row))
    .execute();
  if (replaced && replaced.sha256 !== sha256) await dropUnusedContent(tx, replaced.sha256);
  await writeRetrieval(tx, {
    projectId: project.id,
    recordId,
    status: 'retrieved',
    reviewer: actor,
    location: `PDF: ${fileName}`,
  });
  await audit(tx, {
    projectId: project.id,
    actor,
    action: 'full-text.attach',
    detail: {
      record: recordId,
      file: fileName,
      bytes: content.length,
      sha256,
      ...(replaced ? { replaced: replaced.file_name } : {}),
    },
  });
  return { recordId, fileName, bytes: content.length, sha256, uploadedBy: actor, at };
}

/** Removes a PDF's content once no record of any project holds it. */
async function dropUnusedContent(tx: Store, sha256: string): Promise<void> {
  const used = await tx.db
    .selectFrom('full_text_file')
    .select('record_id')
    .where('sha256', '=', sha256)
    .executeTakeFirst();
  if (!used) await tx.db.deleteFrom('full_text_content').where('sha256', '=', sha256).execute();
}

const sha256Of = (content: Uint8Array) => createHash('sha256').update(content).digest('hex');

/**
 * Attaches a PDF to a record (its duplicate cluster's canonical record), replacing the one it had: checked as a
 * whole PDF of at most `maxBytes`, by a member who may screen; audited; the record's report counts as retrieved.
 */
export async function attachFullText(
  store: Store,
  input: AttachInput & { maxBytes?: number },
): Promise<FullTextFile> {
  assertMayScreen(input.project, input.actor);
  checkPdf(input.content, input.fileName, input.maxBytes ?? MAX_FULL_TEXT_BYTES);
  const sha256 = sha256Of(input.content);
  return storeTransaction(store, async (tx) => {
    const recordId = await standingRecord(tx, input.project.id, input.recordId);
    return writeFullText(tx, { ...input, recordId, sha256 });
  });
}

/** What a bulk attach did with each file. */
export interface BulkAttachResult {
  attached: (FullTextFile & { by: 'doi' | 'pmid' | 'pmcid' })[];
  skipped: { fileName: string; reason: string }[];
}

/**
 * Attaches many PDFs at once, each to the record whose DOI, PMID or PMCID its file name gives (any record of a
 * duplicate cluster names the cluster). A file that matches no record, or several studies, or is no whole PDF is
 * skipped with the reason; the others are attached in one transaction.
 */
export async function attachFullTextsByName(
  store: Store,
  input: {
    project: Project;
    actor: string;
    files: { fileName: string; content: Uint8Array }[];
    maxBytes?: number;
  },
): Promise<BulkAttachResult> {
  const { project, actor } = input;
  assertMayScreen(project, actor);
  const skipped: BulkAttachResult['skipped'] = [];
  const checked = input.files.filter((f) => {
    try {
      checkPdf(f.content, f.fileName, input.maxBytes ?? MAX_FULL_TEXT_BYTES);
      return true;
    } catch (error) {
      if (!(error instanceof TwowayError)) throw error;
      skipped.push({ fileName: f.fileName, reason: error.message });
      return false;
    }
  });
  return storeTransaction(store, async (tx) => {
    const canonical = await canonicalIds(tx, project.id);
    const rows = await tx.db
      .selectFrom('record')
      .select(['id', 'doi', 'pmid', 'pmcid'])
      .where('project_id', '=', project.id)
      .where((e) => e.or([e('doi', 'is not', null), e('pmid', 'is not', null), e('pmcid', 'is not', null)]))
      .execute();
    const records: IdentifiedRecord[] = rows.map((r) => ({ ...r, id: canonical.get(r.id) ?? r.id }));
    const matches = matchFullTextFiles(
      checked.map((f) => f.fileName),
      records,
    );
    const attached: BulkAttachResult['attached'] = [];
    const taken = new Map<number, string>();
    for (const [i, match] of matches.entries()) {
      if ('unmatched' in match) {
        skipped.push({ fileName: match.fileName, reason: match.unmatched });
        continue;
      }
      const other = taken.get(match.recordId);
      if (other) {
        skipped.push({
          fileName: match.fileName,
          reason: `record ${match.recordId} has ${other} from this upload already`,
        });
        continue;
      }
      taken.set(match.recordId, match.fileName);
      const file = checked[i]!;
      const written = await writeFullText(tx, {
        project,
        actor,
        recordId: match.recordId,
        fileName: file.fileName,
        content: file.content,
        sha256: sha256Of(file.content),
      });
      attached.push({ ...written, by: match.by });
    }
    return { attached, skipped };
  });
}

/**
 * A record's PDF (its cluster's), without the content; undefined when it has none. Any member reads it;
 * `viewer` undefined is whoever holds the database (the command line).
 */
export async function fullTextOf(
  store: Store,
  project: Project,
  viewer: string | undefined,
  recordId: number,
): Promise<FullTextFile | undefined> {
  if (viewer !== undefined) assertRole(project, viewer, ANY_MEMBER);
  const standing = await standingRecord(store, project.id, recordId);
  const row = await store.db
    .selectFrom('full_text_file')
    .select(FILE_COLUMNS)
    .where('project_id', '=', project.id)
    .where('record_id', '=', standing)
    .executeTakeFirst();
  return row ? fileOf(row) : undefined;
}

/** A record's PDF with its content; E_NOT_FOUND when it has none. */
export async function fullTextContent(
  store: Store,
  project: Project,
  viewer: string | undefined,
  recordId: number,
): Promise<{ file: FullTextFile; content: Buffer }> {
  const file = await fullTextOf(store, project, viewer, recordId);
  if (!file)
    throw new TwowayError({ code: 'E_NOT_FOUND', message: `record ${recordId} has no full text attached` });
  const row = await store.db
    .selectFrom('full_text_content')
    .select('content')
    .where('sha256', '=', file.sha256)
    .executeTakeFirstOrThrow();
  return { file, content: Buffer.from(row.content) };
}

/** The project's attached PDFs, by record. */
export async function projectFullTexts(
  store: Store,
  project: Project,
  viewer: string | undefined,
): Promise<FullTextFile[]> {
  if (viewer !== undefined) assertRole(project, viewer, ANY_MEMBER);
  const rows = await store.db
    .selectFrom('full_text_file')
    .select(FILE_COLUMNS)
    .where('project_id', '=', project.id)
    .orderBy('record_id')
    .execute();
  return rows.map(fileOf);
}

/**
 * Takes a record's PDF off (audited). The record's retrieval stays as it was said ("retrieved": the report was
 * obtained, whether or not its file is kept here); E_NOT_FOUND when it has none.
 */
export async function removeFullText(
  store: Store,
  input: { project: Project; actor: string; recordId: number },
): Promise<FullTextFile> {
  assertMayScreen(input.project, input.actor);
  return storeTransaction(store, async (tx) => {
    const file = await fullTextOf(tx, input.project, input.actor, input.recordId);
    if (!file)
      throw new TwowayError({
        code: 'E_NOT_FOUND',
        message: `record ${input.recordId} has no full text attached`,
      });
    await tx.db
      .deleteFrom('full_text_file')
      .where('project_id', '=', input.project.id)
      .where('record_id', '=', file.recordId)
      .execute();
    await dropUnusedContent(tx, file.sha256);
    await audit(tx, {
      projectId: input.project.id,
      actor: input.actor,
      action: 'full-text.remove',
      detail: { record: file.recordId, file: file.fileName, sha256: file.sha256 },
    });
    return file;
  });
}
