import { basename } from 'node:path';
import type { Kysely } from 'kysely';
import { TwowayError } from '../../domain/errors.js';
import type { ImportReport } from '../../domain/formats/import-report.js';
import type { TextEncoding } from '../../domain/text/decode.js';
import { resolveSource } from '../../domain/synthesis/sources.js';
import { rerunTarget } from '../../domain/synthesis/search-runs.js';
import { counted } from '../../domain/text/counted.js';
import { sha256File } from './input-file.js';
import { getProject } from '../repositories/projects.js';
import { runDedupe } from '../repositories/dedupe-store.js';
import { ParserThread } from './parsed-rows.js';
import type { Store } from '../open-store.js';
import type { Database } from '../schema.js';
import { writeTransaction } from '../write-transaction.js';

export interface ImportOptions {
  projectId: number;
  path: string;
  /** Where the records come from: a known source (domain/synthesis/sources) or one the protocol plans. */
  source: string;
  query?: string;
  /** The date the search was run (YYYY-MM-DD). */
  runDate?: string;
  /**
   * The search this import runs again (a living review's newer export); without it, an import of an earlier
   * search's source and query on a later date is taken as its re-run (domain/synthesis/search-runs.ts).
   */
  rerunOf?: number;
  /** Import a file whose SHA-256 this project has seen before. */
  force?: boolean;
  strict?: boolean;
  from?: string;
  encoding?: TextEncoding;
  columnMap?: Record<string, string>;
  onBytes?: (bytes: number, total: number) => void;
  /** The parse thread of a run of many files (started once for all of them); without it, one for this file. */
  parser?: ParserThread;
  /**
   * With `parser`: the file this run imports next, which the thread starts reading as soon as it has read this
   * one, while the database still writes this one (many small files then read and write side by side).
   */
  readAhead?: string;
}

export interface ImportResult {
  searchId: number;
  /** The search it runs again, when it is a re-run. */
  rerunOf: number | null;
  /** A re-run's automatic deduplication right after it (importSearchRun). */
  deduplicated?: { newClusters: number; reviewPairs: number };
  recordsRead: number;
  report: ImportReport;
}

/** The form of a search's run date (ImportOptions.runDate): YYYY-MM-DD, as the CLI and the API take it. */
export const RUN_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The error of a file that gave no record: what it was read as, and what was skipped or wrong in it. */
function noRecords(report: ImportReport, path: string): TwowayError {
  const skipped =
    report.recordsSkipped > 0
      ? `; ${counted(report.recordsSkipped, 'entry', 'entries')} could not be read`
      : '';
  const first = report.warnings[0];
  const why = first ? ` (first problem: ${first.message}${first.line ? `, line ${first.line}` : ''})` : '';
  return new TwowayError(
    {
      code: 'E_NO_RECORDS',
      message: `no record could be read from this file (read as ${report.format ?? 'an unknown format'}${skipped})${why}; nothing was imported`,
    },
    path,
  );
}

/** Records are written in batches of this many rows (SQLite allows 32,766 bound values a statement). */
export const IMPORT_BATCH_ROWS = 500;

/** How an import's file is read (the parse thread's options). */
function readOptions(options: ImportOptions) {
  return {
    strict: Boolean(options.strict),
    ...(options.from ? { from: options.from } : {}),
    ...(options.encoding ? { encoding: options.encoding } : {}),
    ...(options.columnMap ? { columnMap: options.columnMap } : {}),
  };
}

/**
 * Imports one file into a project as one search, in one transaction: either every record of the file is
 * stored, with its provenance (search, file, line) and its full-text index entries, or nothing is (a bad
 * file, strict mode, a crash or a kill all leave the database as it was). The same file (by SHA-256) is
 * refused a second time unless `force`.
 */
export async function importFile(store: Store, options: ImportOptions): Promise<ImportResult> {
  const project = await getProject(store, options.projectId);
  // a misspelt source would stand in PRISMA as a database of its own: known sources and planned ones only
  const source = resolveSource(options.source, project.protocol.plannedSources);
  // the file is read and mapped in a worker thread while this thread hashes it (the worker is starting up
  // meanwhile), then writes to the database
  const parser = options.parser ?? new ParserThread();
  const [hashed, opened] = await Promise.allSettled([
    sha256File(options.path),
    parser.parse(
      options.path,
      { ...readOptions(options), ...(options.onBytes ? { onBytes: options.onBytes } : {}) },
      IMPORT_BATCH_ROWS,
    ),
    // queued after this file's job (posted above), so the thread reads it next
    options.parser && options.readAhead
      ? options.parser.prefetch(options.readAhead, readOptions(options), IMPORT_BATCH_ROWS)
      : undefined,
  ]);
  const done = async () => {
    if (!options.parser) await parser.close();
  };
  if (hashed.status === 'rejected') {
    if (opened.status === 'fulfilled') await opened.value.cancel();
    await done();
    throw hashed.reason;
  }
  if (opened.status === 'rejected') {
    await done();
    throw opened.reason;
  }
  const parsed = opened.value;
  const sha = hashed.value;
  /** Refuses a file this project imported before (unless forced). */
  const refuseSeenFile = async (db: Kysely<Database>): Promise<void> => {
    if (options.force) return;
    const previous = await db
      .selectFrom('search')
      .select(['id', 'imported_at', 'source'])
      .where('project_id', '=', options.projectId)
      .where('file_sha256', '=', sha)
      .executeTakeFirst();
    if (previous)
      throw new TwowayError(
        {
          code: 'E_DUPLICATE_IMPORT',
          message: `this file was imported already as search ${previous.id} (${previous.source}, ${previous.imported_at}); use --force to import it again`,
        },
        options.path,
      );
  };
  // the file's parsing is cancelled whatever happens (and a thread of its own stopped), also when the transaction
  // fails before reading a batch (a locked database): it would otherwise wait for credits that never come
  try {
    // asked first without a transaction, so that a repeated file is answered before any writing …
    await refuseSeenFile(store.db);
    return await writeTransaction(store, async (trx) => {
      // … and again inside it, with the project's imports serialised: two processes importing the same file at
      // once both passed the first check and both imported it
      await store.engine.lockProject(trx, options.projectId);
      await refuseSeenFile(trx);
      const earlier = await trx
        .selectFrom('search')
        .select(['id', 'source', 'query', 'run_date', 'rerun_of'])
        .where('project_id', '=', options.projectId)
        .orderBy('id')
        .execute();
      const rerunOf = rerunTarget(
        earlier.map((s) => ({
          id: s.id,
          source: s.source,
          query: s.query,
          runDate: s.run_date,
          rerunOf: s.rerun_of,
        })),
        {
          source,
          query: options.query,
          runDate: options.runDate,
          ...(options.rerunOf !== undefined ? { explicit: options.rerunOf } : {}),
        },
      );
      const now = new Date().toISOString();
      const search = await trx
        .insertInto('search')
        .values({
          project_id: options.projectId,
          source,
          query: options.query ?? null,
          run_date: options.runDate ?? null,
          file_name: basename(options.path),
          file_sha256: sha,
          file_bytes: parsed.size,
          format: parsed.format,
          records_read: 0,
          report: '{}',
          imported_at: now,
          rerun_of: rerunOf,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      let count = 0;
      for await (const rows of parsed.batches) {
        await store.engine.insertRecords(trx, rows, {
          projectId: options.projectId,
          searchId: search.id,
          now,
        });
        count += rows.length;
      }
      const report = parsed.report();
      // a file with no records (a package.json, an empty export) would stand in PRISMA as a source with n = 0
      if (count === 0) throw noRecords(report, options.path);
      await trx
        .updateTable('search')
        .set({ records_read: count, report: JSON.stringify(report) })
        .where('id', '=', search.id)
        .execute();
      return { searchId: search.id, rerunOf, recordsRead: count, report };
    });
  } finally {
    await parsed.cancel();
    await done();
  }
}

/**
 * Imports a file as a search (importFile); a re-run of an earlier search (a living review's newer export) is
 * then deduplicated at once, as `twoway dedupe --auto` does, so that the records screened before keep their
 * decisions through their duplicate clusters and only what is new waits for the team.
 */
export async function importSearchRun(
  store: Store,
  options: ImportOptions,
  reviewer: string,
): Promise<ImportResult> {
  const result = await importFile(store, options);
  if (result.rerunOf === null) return result;
  const run = await runDedupe(store, options.projectId, { apply: true, reviewer });
  return { ...result, deduplicated: { newClusters: run.newClusters, reviewPairs: run.reviewPairs } };
}
