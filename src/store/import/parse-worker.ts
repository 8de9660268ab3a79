/**
 * Worker thread of imports: reads and maps files into store rows while the main thread writes the previous
 * batch to the database (two cores, two jobs). One thread serves the files of a run one after another
 * (starting a thread and loading the readers costs about 70 ms, which for many small files was most of the
 * work). Messages in: parse (a job), credit (the database took a batch), cancel. Messages out, each with its
 * job's id: meta, rows (batches, sent against credits so memory stays bounded), progress, end (with the import
 * report), cancelled, error (a TwowayError's problem).
 */
import { parentPort } from 'node:worker_threads';
import { workerError, type WorkerError } from '../workers/worker-error.js';
import { openInput, type InputOptions } from './input-file.js';
import { toRecordRow, type RecordRow } from '../record-rows.js';

export interface ParseJob {
  id: number;
  path: string;
  options: Omit<InputOptions, 'onBytes'>;
  batchRows: number;
  /** Batches the worker may send ahead of the database. */
  window: number;
}

export type ParseRequest =
  { type: 'parse'; job: ParseJob } | { type: 'credit'; id: number } | { type: 'cancel'; id: number };

export type ParseMessage = { id: number } & (
  | { type: 'meta'; format: string; size: number }
  | { type: 'rows'; rows: RecordRow[] }
  | { type: 'progress'; bytes: number }
  | { type: 'end'; report: unknown }
  | { type: 'cancelled' }
  | WorkerError
);

const port = parentPort!;
const jobs: ParseJob[] = [];
/** The job being read: its credits and whether it was cancelled. */
let current: { id: number; credits: number; cancelled: boolean } | undefined;
let wake: (() => void) | undefined;
let running = false;

port.on('message', (m: ParseRequest) => {
  if (m.type === 'parse') {
    jobs.push(m.job);
    void runJobs();
  } else if (current && m.id === current.id) {
    if (m.type === 'credit') current.credits++;
    else current.cancelled = true;
    wake?.();
  } else if (m.type === 'cancel') {
    // a job cancelled before it started is dropped from the queue
    const waiting = jobs.findIndex((j) => j.id === m.id);
    if (waiting >= 0) {
      jobs.splice(waiting, 1);
      send({ id: m.id, type: 'cancelled' });
    }
  }
});

const send = (message: ParseMessage): void => port.postMessage(message);

async function runJobs(): Promise<void> {
  if (running) return;
  running = true;
  try {
    for (let job = jobs.shift(); job; job = jobs.shift()) {
      const state = { id: job.id, credits: job.window, cancelled: false };
      current = state;
      try {
        await parse(job, state);
      } catch (error) {
        send({ id: job.id, ...workerError(error) });
      }
      current = undefined;
    }
  } finally {
    running = false;
  }
}

async function parse(job: ParseJob, state: { credits: number; cancelled: boolean }): Promise<void> {
  const id = job.id;
  let lastProgress = 0;
  const input = await openInput(job.path, {
    ...job.options,
    onBytes: (bytes) => {
      if (bytes - lastProgress >= 4 * 1024 * 1024) {
        lastProgress = bytes;
        send({ id, type: 'progress', bytes });
      }
    },
  });
  send({ id, type: 'meta', format: input.format.id, size: input.size });
  let rows: RecordRow[] = [];
  // the first batch is small, so that the database starts writing while this thread is still warming up
  let limit = Math.max(1, Math.floor(job.batchRows / 10));
  const flush = async (): Promise<void> => {
    while (state.credits <= 0 && !state.cancelled) await new Promise<void>((resolve) => (wake = resolve));
    if (state.cancelled) return;
    state.credits--;
    send({ id, type: 'rows', rows });
    rows = [];
    limit = job.batchRows;
  };
  for await (const record of input.records) {
    rows.push(toRecordRow(record, input.collector.currentLine));
    if (rows.length >= limit) await flush();
    if (state.cancelled) break; // leaving the loop closes the file
  }
  if (!state.cancelled && rows.length > 0) await flush();
  if (state.cancelled) send({ id, type: 'cancelled' });
  else send({ id, type: 'end', report: input.collector.report });
}
