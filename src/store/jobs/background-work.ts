import { TwowayError } from '../../domain/errors.js';
import type { SimulationReport, SimulationRequest } from '../../domain/prioritise/simulation-report.js';
import type { ImportOptions, ImportResult } from '../import/imports.js';
import type { Store } from '../open-store.js';
import { startStoreWorker } from '../workers/store-worker.js';
import { fromWorkerError, type WorkerError } from '../workers/worker-error.js';

export type BackgroundJob =
  | { kind: 'import'; options: Omit<ImportOptions, 'onBytes' | 'parser'>; reviewer: string }
  | { kind: 'dedupe'; projectId: number; apply: boolean; reviewer: string }
  | { kind: 'simulate'; path: string; shownAs: string; request: SimulationRequest };

/** What each kind of background work answers. */
export interface BackgroundResults {
  import: ImportResult;
  dedupe: DedupeSummary;
  simulate: SimulationReport;
}

export interface DedupeSummary {
  clusters: number;
  newClusters: number;
  reviewPairs: number;
  applied: boolean;
}

export type BackgroundMessage =
  | { type: 'progress'; done: number; total: number }
  | { type: 'done'; result: BackgroundResults[BackgroundJob['kind']] }
  | WorkerError;

/**
 * Runs an import, a deduplication or a simulation in a worker thread
 * with its own database connection, so that the process that asked (the web server) keeps answering: reads
 * go on beside it, and other writes wait for its transaction without blocking (see patient-sqlite.ts).
 * Resolves with the result; rejects with the TwowayError it met.
 */
export function runInBackground<J extends BackgroundJob>(
  store: Store,
  job: J,
  onProgress?: (done: number, total: number) => void,
): Promise<BackgroundResults[J['kind']]> {
  const worker = startStoreWorker(new URL('./background-worker', import.meta.url), {
    workerData: { location: store.location, job },
  });
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (action: () => void) => {
      if (settled) return;
      settled = true;
      action();
    };
    worker.on('message', (m: BackgroundMessage) => {
      if (m.type === 'progress') onProgress?.(m.done, m.total);
      else if (m.type === 'done') settle(() => resolve(m.result as BackgroundResults[J['kind']]));
      else
        settle(() =>
          reject(
            fromWorkerError(
              m,
              job.kind === 'import' ? job.options.path : job.kind === 'simulate' ? job.shownAs : undefined,
            ),
          ),
        );
    });
    worker.on('error', (error) => settle(() => reject(error)));
    worker.on('exit', (code) =>
      settle(() =>
        reject(
          new TwowayError({
            code: 'E_IO',
            message: `the background work stopped unexpectedly (exit ${code})`,
          }),
        ),
      ),
    );
  });
}
