/**
 * Every expected failure of Twoway has a stable code. Codes live here and nowhere else, so that the CLI,
 * the API and the tests speak the same language.
 */
export const ERROR_CODES = {
  E_FORMAT_UNKNOWN: 'the file is in no format Twoway reads',
  E_FORMAT_MISMATCH: 'the file does not look like the format it was said to be in',
  E_RECORD_MALFORMED: 'a record could not be read',
  E_FILE_TRUNCATED: 'the file ends in the middle of a record',
  E_XML_INVALID: 'the XML is not well formed',
  E_JSON_INVALID: 'the JSON is not well formed',
  E_CSV_INVALID: 'the CSV is not well formed',
  E_BINARY: 'the file holds binary data, not text',
  E_LINE_TOO_LONG: 'a line is longer than Twoway accepts',
  E_ENTRY_TOO_LARGE: 'a record is larger than Twoway accepts',
  E_ENCODING: 'the text could not be decoded cleanly',
  E_USAGE: 'the command was called the wrong way',
  E_SCHEMA_OUTDATED: 'the database needs a migration (twoway migrate)',
  E_SCHEMA_NEWER: 'the database was made by a newer Twoway',
  E_DB: 'the database could not be opened or used',
  E_DUPLICATE_IMPORT: 'this file was imported already',
  E_NO_RECORDS: 'the file holds no record Twoway could read',
  E_NOT_PDF: 'the file is not a whole PDF document',
  E_NOT_FOUND: 'no such thing in the database',
  E_FORBIDDEN: 'this reviewer may not do that in this project',
  E_CONFLICT: 'the request contradicts the stored state',
  E_UNAUTHENTICATED: 'sign in first',
  E_BAD_CREDENTIALS: 'wrong username or password',
  E_CSRF: "the request lacks the session's CSRF token",
  E_RATE_LIMITED: 'too many attempts; wait and try again',
  E_INVALID_REQUEST: 'the request does not match the API',
  E_TOO_LARGE: 'the request body is larger than the server accepts',
  E_IO: 'a file could not be read or written',
  E_DISK_FULL: 'the disk is full: nothing of the change was written',
  E_QUERY_SYNTAX: 'the search query is not valid PubMed syntax',
  E_QUERY_FIELD: 'the search query uses a field tag Twoway does not know',
  E_QUERY_TOO_COMPLEX: 'the search query expands to more than Twoway will run',
  E_FRAMEWORK_INVALID: 'the framework or extraction form is not valid',
  E_CODING_INVALID: 'the coding does not fit the form or the framework',
  E_SHEET_INVALID: 'the coding sheet could not be read or does not fit the form',
  E_UNAVAILABLE: 'a tool Twoway needs for this (e.g. Chromium for PDF) is not installed or failed',
  E_INTERNAL: 'Twoway failed (a bug); the server log says why',
  E_HTTP: 'the server answered with an HTTP error and no Twoway error (a proxy, or the server is down)',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** A problem found in input: a value, not an exception. `line` is 1-based when known. */
export interface Problem {
  code: ErrorCode;
  message: string;
  line?: number;
}

/**
 * Thrown only to abort a stream that cannot go on (strict mode, a broken XML file). It carries a Problem,
 * so callers turn it back into a value at the edge.
 */
export class TwowayError extends Error {
  readonly code: ErrorCode;
  readonly line: number | undefined;
  file: string | undefined;

  constructor(problem: Problem, file?: string) {
    super(problem.message);
    this.name = 'TwowayError';
    this.code = problem.code;
    this.line = problem.line;
    this.file = file;
  }

  get problem(): Problem {
    return {
      code: this.code,
      message: this.message,
      ...(this.line === undefined ? {} : { line: this.line }),
    };
  }
}

/**
 * Formats a problem the way the CLI prints it: `E_CODE message (file:line)`.
 * @example formatProblem({ code: 'E_XML_INVALID', message: 'unclosed tag', line: 3 }, 'a.xml') // 'E_XML_INVALID unclosed tag (a.xml:3)'
 */
export function formatProblem(problem: Problem, file?: string): string {
  const where =
    file === undefined
      ? problem.line === undefined
        ? ''
        : `line ${problem.line}`
      : problem.line === undefined
        ? file
        : `${file}:${problem.line}`;
  return where ? `${problem.code} ${problem.message} (${where})` : `${problem.code} ${problem.message}`;
}
