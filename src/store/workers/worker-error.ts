import { TwowayError } from '../../domain/errors.js';
import { expectedError } from '../disk-full.js';

/** An error as a worker thread posts it: a TwowayError's problem and file, or a bug with its stack. */
export interface WorkerError {
  type: 'error';
  problem: TwowayError['problem'];
  file?: string;
  bug?: string;
}

/** What a worker sends when its work failed. */
export function workerError(error: unknown): WorkerError {
  const known = expectedError(error);
  if (known) return { type: 'error', problem: known.problem, ...(known.file ? { file: known.file } : {}) };
  return {
    type: 'error',
    problem: { code: 'E_IO', message: (error as Error).message },
    bug: (error as Error).stack ?? String(error),
  };
}

/** The error a worker's WorkerError stands for, back in the thread that started it. */
export function fromWorkerError(m: WorkerError, file?: string): Error {
  return m.bug ? new Error(m.bug) : new TwowayError(m.problem, m.file ?? file);
}
