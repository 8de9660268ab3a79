import { WRITABLE_FORMATS } from '../../src/domain/formats/writable-formats.js';
import type { ProblemBody, Protocol, RecordView } from '../../src/server/schemas.js';

/*
 * The pages' client of the Twoway API: JSON in and out, the session cookie sent by the browser, the CSRF token
 * sent in a header on every change, errors thrown as ApiError with the API's code and message. The shapes of
 * protocols and records come from the server's own schemas.
 */
export type { Protocol, RecordView };

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
};

export type Role = 'owner' | 'reviewer' | 'viewer';
export type Stage = 'title-abstract' | 'full-text';

/** How many records the signed-in reviewer has decided at a stage, of how many. */
export interface Progress {
  decidedByMe: number;
  records: number;
}

export interface Account {
  id: number;
  username: string;
  displayName: string;
  isAdmin: boolean;
}

export interface Session {
  account: Account;
  csrfToken: string;
}

export interface Project {
  id: number;
  title: string;
  question: string | null;
  protocol: Protocol;
  members: { reviewer: string; role: Role }[];
  myRole: Role;
}

export interface Status {
  recordId: number;
  state: string;
  votes: { reviewer: string; value: string; reason?: string }[];
  resolvedBy?: string;
  reason?: string;
}

export interface Retrieval {
  status: 'retrieved' | 'not-retrieved';
  location: string | null;
  reviewer: string;
  at: string;
}

export interface Screen {
  record: RecordView;
  status: Status;
  /** At the full-text stage: whether the full text was obtained, and where it is. */
  retrieval: Retrieval | null;
}

export interface Job {
  id: number;
  kind: string;
  state: 'queued' | 'running' | 'done' | 'failed';
  label: string;
  progress: { done: number; total: number };
  result?: { recordsRead?: number; report?: ImportReport; clusters?: number; reviewPairs?: number };
  error?: ProblemBody;
}

export interface ImportReport {
  format: string;
  encoding: string;
  recordsRead: number;
  recordsSkipped: number;
  warningsTotal: number;
  warnings: { code: string; message: string; line?: number }[];
  unmappedTags?: Record<string, number>;
  repairs: { total: number };
}

/** The formats the API exports. */
export const EXPORT_FORMATS = WRITABLE_FORMATS;
