/**
 * Worker thread of an import: reads and maps a file into store rows while the main thread writes the previous
 * batch to the database (two cores, two jobs). Messages: meta, rows (batches, sent against credits so memory
 * stays bounded), progress, end (with the import report), error (a TwowayError's problem).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { workerError, type WorkerError } from '../workers/worker-error.js';
import { openInput, type InputOptions } from './input-file.js';
import { toRecordRow, type RecordRow } from '../record-rows.js';

export interface ParseJob {
  path: string;
  options: Omit<InputOptions, 'onBytes'>;
  batchRows: number;
  /** Batches the worker may send ahead of the database. */
  window: number;
}

export type ParseMessage =
  | { type: 'meta'; format: string; size: number }
  | { type: 'rows'; rows: RecordRow[] }
  | { type: 'progress'; bytes: number }
  | { type: 'end'; report: unknown }
  | WorkerError;

const port = parentPort!;
const job = workerData as ParseJob;
let credits = job.window;
let wake: (() => void) | undefined;
port.on('message', (m: { type: 'credit' }) => {
  if (m.type === 'credit') {
    credits++;
    wake?.();
  }
});
const send = (message: ParseMessage): void => port.postMessage(message);

async function main(): Promise<void> {
  let lastProgress = 0;
  const input = await openInput(job.path, {
    ...job.options,
    onBytes: (bytes) => {
      if (bytes - lastProgress >= 4 * 1024 * 1024) {
        lastProgress = bytes;
        send({ type: 'progress', bytes });
      }
    },
  });
  send({ type: 'meta', format: input.format.id, size: input.size });
  let rows: RecordRow[] = [];
  // the first batch is small, so that the database starts writing while this thread is still warming up
  let limit = Math.max(1, Math.floor(job.batchRows / 10));
  const flush = async (): Promise<void> => {
    while (credits <= 0) await new Promise<void>((resolve) => (wake = resolve));
    credits--;
    send({ type: 'rows', rows });
    rows = [];
    limit = job.batchRows;
  };
  for await (const record of input.records) {
    rows.push(toRecordRow(record, input.collector.currentLine));
    if (rows.length >= limit) await flush();
  }
  if (rows.length > 0) await flush();
  send({ type: 'end', report: input.collector.report });
}

main().catch((error: unknown) => send(workerError(error)));
