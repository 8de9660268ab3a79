import { TwowayError } from '../domain/errors.js';

/** The codes a full disk (or a database out of space) raises: SQLite, the file system, PostgreSQL's disk_full. */
const FULL_CODES = new Set(['SQLITE_FULL', 'ENOSPC', 'EDQUOT', '53100']);

/**
 * A full disk as Twoway reports it: E_DISK_FULL, saying that nothing of the change was written (every write
 * is a transaction, rolled back) and what to do. Undefined for any other error.
 * @example asDiskFull(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }))?.code // 'E_DISK_FULL'
 */
export function asDiskFull(error: unknown): TwowayError | undefined {
  if (error instanceof TwowayError) return error.code === 'E_DISK_FULL' ? error : undefined;
  const code = String((error as { code?: unknown } | null)?.code ?? '');
  if (!FULL_CODES.has(code)) return undefined;
  return new TwowayError({
    code: 'E_DISK_FULL',
    message: `the disk is full (${code}): nothing of this change was written; free some space and try again`,
  });
}

/**
 * An error the product expects, as a TwowayError: one already, or a full disk; undefined for anything else (a
 * bug, which the caller logs and answers with E_INTERNAL).
 */
export function expectedError(error: unknown): TwowayError | undefined {
  return error instanceof TwowayError ? error : asDiskFull(error);
}
