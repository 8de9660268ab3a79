import type { ImportReport } from '../../domain/formats/import-report.js';
import type { InputOptions } from './input-file.js';
import { fromWorkerError } from '../workers/worker-error.js';
import type { ParseJob, ParseMessage } from './parse-worker.js';
import type { RecordRow } from '../record-rows.js';
import { startStoreWorker } from '../workers/store-worker.js';

export interface ParsedFile {
  format: string;
  size: number;
  /** Batches of rows, in file order. */
  batches: AsyncGenerator<RecordRow[]>;
  /** The import report, once every batch was taken. */
  report(): ImportReport;
  /** Stops the worker without reading further. */
  cancel(): Promise<void>;
}

/**
 * Parses a file in a worker thread and hands its rows over in batches. Detection errors (unknown format,
 * binary file) throw here; errors later in the file throw from `batches`. Stopping early ends the worker.
 */
export async function parseInWorker(
  path: string,
  options: Omit<InputOptions, 'onBytes'> & { onBytes?: (bytes: number, total: number) => void },
  batchRows: number,
): Promise<ParsedFile> {
  const { onBytes, ...inputOptions } = options;
  const job: ParseJob = { path, options: inputOptions, batchRows, window: 4 };
  const worker = startStoreWorker(new URL('./parse-worker', import.meta.url), {
    workerData: job,
    // as the CLI's own --max-semi-space-size=16: a small young generation keeps the worker's memory flat
    resourceLimits: { maxYoungGenerationSizeMb: 48 },
  });
  const queue: ParseMessage[] = [];
  let notify: (() => void) | undefined;
  let exited = false;
  let size = 0;
  worker.on('message', (m: ParseMessage) => {
    if (m.type === 'meta') size = m.size;
    if (m.type === 'progress') onBytes?.(m.bytes, size);
    else queue.push(m);
    notify?.();
  });
  worker.on('error', (error) => {
    queue.push({ type: 'error', problem: { code: 'E_IO', message: error.message }, bug: error.stack ?? '' });
    notify?.();
  });
  worker.on('exit', () => {
    exited = true;
    notify?.();
  });
  const next = async (): Promise<ParseMessage> => {
    while (queue.length === 0) {
      if (exited)
        return { type: 'error', problem: { code: 'E_IO', message: 'the parser stopped unexpectedly' } };
      await new Promise<void>((resolve) => (notify = resolve));
    }
    return queue.shift()!;
  };
  const fail = (m: Extract<ParseMessage, { type: 'error' }>): never => {
    void worker.terminate();
    throw fromWorkerError(m, path);
  };
  const first = await next();
  if (first.type === 'error') fail(first);
  if (first.type !== 'meta') throw new Error(`parse worker said ${first.type} before meta`);
  let report: ImportReport | undefined;
  async function* batches(): AsyncGenerator<RecordRow[]> {
    try {
      for (;;) {
        const m = await next();
        if (m.type === 'rows') {
          worker.postMessage({ type: 'credit' });
          yield m.rows;
        } else if (m.type === 'end') {
          report = m.report as ImportReport;
          return;
        } else if (m.type === 'error') fail(m);
      }
    } finally {
      await worker.terminate();
    }
  }
  return {
    format: first.format,
    size: first.size,
    batches: batches(),
    report: () => {
      if (!report) throw new Error('the import report is known only once every batch was read');
      return report;
    },
    cancel: async () => {
      await worker.terminate();
    },
  };
}
