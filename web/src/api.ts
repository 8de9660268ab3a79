import { WRITABLE_FORMATS } from '../../src/domain/formats/writable-formats.js';
import type { DedupeSummary, ImportResult, Job } from '../../src/server/answers.js';
import type { ProblemBody } from '../../src/server/schemas.js';

/*
 * The pages' client of the Twoway API: JSON in and out, the session cookie sent by the browser, the CSRF token
 * sent in a header on every change, errors thrown as ApiError with the API's code and message. Every shape the
 * pages read is the server's own answer type (src/server/answers.ts, schemas.ts): the pages declare none.
 */
export type { Account, Protocol, RecordView, Role, Session, Stage } from '../../src/server/schemas.js';
export type { BenefitItem } from '../../src/domain/codebook/benefit-item.js';
export type { ExtractionForm, FormField, FieldValue } from '../../src/domain/codebook/extraction-form.js';
export type { Dimension, Framework } from '../../src/domain/codebook/framework.js';
export type { StudyCoding } from '../../src/domain/codebook/study-coding.js';
export type {
  AgreementPair,
  BulkAnswer,
  BulkFullText,
  Codebook,
  CodingAgreement,
  CodingQueueEntry,
  CodingView,
  StudyCodingPage,
  AuditEvent,
  Dashboard,
  DedupeSummary,
  DecisionAnswer,
  Duplicates,
  FullTextFile,
  HistoryEntry,
  ImportRemovalAnswer,
  ImportReport,
  ImportResult,
  InvitationCreated,
  InvitationOffer,
  Job,
  NextScreen,
  Prioritisation,
  Progress,
  Project,
  ProjectListItem,
  ListedRecord,
  RecordList,
  RecordPage,
  Retrieval,
  Round,
  SavedSearch,
  Screen,
  ScreeningEstimate,
  SimulationReport,
  SearchRow,
  Setup,
  Status,
  Tag,
} from '../../src/server/answers.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

let csrfToken: string | undefined;

export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const response = await fetch(`/api/v1${path}`, {
    method,
    headers,
    body: payload,
    credentials: 'same-origin',
  });
  if (response.status === 204) return undefined as T;
  const data = (await response.json().catch(() => ({}))) as { error?: ProblemBody };
  if (!response.ok)
    throw new ApiError(
      response.status,
      data.error?.code ?? 'E_HTTP',
      data.error?.message ?? response.statusText,
    );
  return data as T;
}

export const api = {
  get: <T>(path: string) => call<T>('GET', path),
  post: <T>(path: string, body: unknown = {}) => call<T>('POST', path, body),
  put: <T>(path: string, body: unknown) => call<T>('PUT', path, body),
  del: <T = void>(path: string) => call<T>('DELETE', path),
};

/** An import job's result, once it is done (a job's result is an import's or a deduplication's). */
export function importResultOf(job: Job): ImportResult | undefined {
  return job.kind === 'import' && job.result && 'report' in job.result ? job.result : undefined;
}

/** A deduplication job's summary, once it is done. */
export function dedupeSummaryOf(job: Job): DedupeSummary | undefined {
  return job.kind === 'dedupe' && job.result && 'reviewPairs' in job.result ? job.result : undefined;
}

/** The formats the API exports. */
export const EXPORT_FORMATS = WRITABLE_FORMATS;
