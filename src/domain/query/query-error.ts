import { TwowayError, type ErrorCode } from '../errors.js';

/**
 * A query that cannot be run, with the place in it: the message ends with the query and a caret under the
 * offending character, as the CLI and the web app show it.
 */
export class QueryError extends TwowayError {
  readonly position: number;
  readonly query: string;
  readonly reason: string;

  constructor(code: ErrorCode, reason: string, query: string, position: number) {
    const at = Math.max(0, Math.min(position, query.length));
    super({ code, message: `${reason} (at character ${at + 1})\n  ${query}\n  ${' '.repeat(at)}^` });
    this.name = 'QueryError';
    this.position = at;
    this.query = query;
    this.reason = reason;
  }
}
