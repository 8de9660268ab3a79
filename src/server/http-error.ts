import { randomBytes } from 'node:crypto';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ERROR_CODES, TwowayError, type ErrorCode } from '../domain/errors.js';
import { expectedError } from '../store/disk-full.js';
import type { ProblemBody } from './schemas.js';

/** The HTTP status of each error code the API can answer with. */
const STATUS: Partial<Record<ErrorCode, number>> = {
  E_USAGE: 400,
  E_INVALID_REQUEST: 400,
  E_QUERY_SYNTAX: 400,
  E_QUERY_FIELD: 400,
  E_QUERY_TOO_COMPLEX: 400,
  E_UNAUTHENTICATED: 401,
  E_BAD_CREDENTIALS: 401,
  E_FORBIDDEN: 403,
  E_CSRF: 403,
  E_NOT_FOUND: 404,
  E_CONFLICT: 409,
  E_DUPLICATE_IMPORT: 409,
  E_TOO_LARGE: 413,
  E_FORMAT_UNKNOWN: 422,
  E_FORMAT_MISMATCH: 422,
  E_RECORD_MALFORMED: 422,
  E_FILE_TRUNCATED: 422,
  E_XML_INVALID: 422,
  E_JSON_INVALID: 422,
  E_CSV_INVALID: 422,
  E_BINARY: 422,
  E_LINE_TOO_LONG: 422,
  E_ENTRY_TOO_LARGE: 422,
  E_ENCODING: 422,
  E_NO_RECORDS: 422,
  E_NOT_PDF: 422,
  E_DISK_FULL: 507,
  E_FRAMEWORK_INVALID: 422,
  E_CODING_INVALID: 422,
  E_SHEET_INVALID: 422,
  E_RATE_LIMITED: 429,
  E_SCHEMA_OUTDATED: 503,
  E_UNAVAILABLE: 503,
};

export function httpStatus(code: ErrorCode): number {
  return STATUS[code] ?? 500;
}

/** A Twoway error as the API tells it: its problem, and the file at fault when there is one. */
export function problemBody(error: TwowayError): ProblemBody {
  return { ...error.problem, ...(error.file === undefined ? {} : { file: error.file }) };
}

/** Throws the API's error for a code: `fail('E_NOT_FOUND', 'no record 7')`. */
export function fail(code: ErrorCode, message: string = ERROR_CODES[code]): never {
  throw new TwowayError({ code, message });
}

/**
 * Fastify's error handler: Twoway errors keep their code and message, validation and body-size errors become
 * E_INVALID_REQUEST / E_TOO_LARGE, anything else is a bug: logged, answered 500 without its details.
 */
export function handleError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): void {
  const known = expectedError(error);
  if (known) {
    void reply.status(httpStatus(known.code)).send({ error: problemBody(known) });
    return;
  }
  const fastifyError = error as FastifyError;
  if (fastifyError.validation) {
    void reply.status(400).send({ error: { code: 'E_INVALID_REQUEST', message: fastifyError.message } });
    return;
  }
  if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || fastifyError.code === 'FST_REQ_FILE_TOO_LARGE') {
    void reply.status(413).send({ error: { code: 'E_TOO_LARGE', message: fastifyError.message } });
    return;
  }
  if (fastifyError.statusCode && fastifyError.statusCode < 500) {
    void reply
      .status(fastifyError.statusCode)
      .send({ error: { code: 'E_INVALID_REQUEST', message: fastifyError.message } });
    return;
  }
  void reply.status(500).send({ error: internalProblem(error, (entry) => request.log.error(entry)) });
}

/**
 * A bug, as anyone but the server's log sees it: E_INTERNAL, the generic message and an id to find it in the
 * log by — never its message, stack or paths. The bug itself goes to `log` with the same id.
 */
export function internalProblem(
  error: unknown,
  log: (entry: { err: unknown; errorId: string }) => void,
): ProblemBody {
  const errorId = randomBytes(6).toString('hex');
  log({ err: error, errorId });
  return { code: 'E_INTERNAL', message: `${ERROR_CODES.E_INTERNAL} (error id ${errorId})` };
}
