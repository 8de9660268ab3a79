import type { Worker } from 'node:worker_threads';
import type { ImportReport } from '../../domain/formats/import-report.js';
import type { InputOptions } from './input-file.js';
import { fromWorkerError } from '../workers/worker-error.js';
import type { ParseMessage, ParseRequest } from './parse-worker.js';
import type { RecordRow } from '../record-rows.js';
import { startStoreWorker } from '../workers/store-worker.js';

export interface ParsedFile {
  format: string;
  size: number;
  /** Batches of rows, in file order. */
  batches: AsyncGenerator<RecordRow[]>;
  /** The import report, once every batch was taken. */
  report(): ImportReport;
  /** Stops reading the file (the thread stays for the next one). */
  cancel(): Promise<void>;
}

type ParseOptions = Omit<InputOptions, 'onBytes'> & { onBytes?: (bytes: number, total: number) => void };
/** Where a job reports its progress (set when parse() takes a prefetched job). */
type ProgressHolder = { onBytes?: (bytes: number, total: number) => void };

/**
 * A parse worker thread that reads files one after another (parse-worker.ts): an import run of many files
 * starts it once. It starts on the first file, starts again if it died, and ends with close().
 */
export class ParserThread {
  private worker: Worker | undefined;
  private nextId = 1;
  /** Each running job's message handler, by job id. */
  private readonly listeners = new Map<number, (m: ParseMessage | { type: 'exit' }) => void>();

  private thread(): Worker {
    if (this.worker) return this.worker;
    const worker = startStoreWorker(new URL('./parse-worker', import.meta.url), {
      // as the CLI's own --max-semi-space-size=16: a small young generation keeps the worker's memory flat
      resourceLimits: { maxYoungGenerationSizeMb: 48 },
    });
    worker.on('message', (m: ParseMessage) => this.listeners.get(m.id)?.(m));
    worker.on('error', (error) => {
      for (const [id, listener] of this.listeners)
        listener({
          id,
          type: 'error',
          problem: { code: 'E_IO', message: error.message },
          bug: error.stack ?? '',
        });
    });
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = undefined;
      for (const listener of this.listeners.values()) listener({ type: 'exit' });
    });
    this.worker = worker;
    return worker;
  }

  private post(request: ParseRequest): void {
    this.worker?.postMessage(request);
  }

  /** Files asked for ahead (prefetch), by what was asked: their parse runs while the file before is written. */
  private readonly ahead = new Map<string, { parsed: Promise<ParsedFile>; progress: ProgressHolder }>();

  /**
   * Starts reading a file that parse() will be asked for next with the same arguments, so that the thread reads
   * it while the database writes the file before (a run of many files). A file asked for ahead and never taken
   * is dropped by close().
   */
  prefetch(path: string, options: Omit<ParseOptions, 'onBytes'>, batchRows: number): void {
    const key = JSON.stringify([path, options, batchRows]);
    if (this.ahead.has(key)) return;
    const progress: ProgressHolder = {};
    const parsed = this.start(path, options, batchRows, progress);
    parsed.catch(() => undefined); // its error is thrown to parse(), which takes it
    this.ahead.set(key, { parsed, progress });
  }

  /**
   * Parses a file in the thread (or takes the one prefetch() started) and hands its rows over in batches.
   * Detection errors (unknown format, binary file) throw here; errors later in the file throw from `batches`.
   */
  async parse(path: string, options: ParseOptions, batchRows: number): Promise<ParsedFile> {
    const { onBytes, ...rest } = options;
    const key = JSON.stringify([path, rest, batchRows]);
    const ready = this.ahead.get(key);
    if (ready) {
      this.ahead.delete(key);
      if (onBytes) ready.progress.onBytes = onBytes;
      return ready.parsed;
    }
    // a file asked for ahead but not taken would hold the thread (waiting for credits) before this one
    for (const { parsed } of this.ahead.values())
      void parsed.then(
        (p) => p.cancel(),
        () => undefined,
      );
    this.ahead.clear();
    return this.start(path, rest, batchRows, { ...(onBytes ? { onBytes } : {}) });
  }

  private async start(
    path: string,
    inputOptions: Omit<ParseOptions, 'onBytes'>,
    batchRows: number,
    progress: ProgressHolder,
  ): Promise<ParsedFile> {
    const id = this.nextId++;
    const worker = this.thread();
    const queue: ParseMessage[] = [];
    let notify: (() => void) | undefined;
    let exited = false;
    let done = false;
    let size = 0;
    this.listeners.set(id, (m) => {
      if (m.type === 'exit') exited = true;
      else if (m.type === 'meta') size = m.size;
      if (m.type === 'progress') progress.onBytes?.(m.bytes, size);
      else if (m.type !== 'exit') queue.push(m);
      notify?.();
    });
    const finish = () => {
      done = true;
      this.listeners.delete(id);
      // an idle thread does not keep the process alive (a job in hand does)
      if (this.listeners.size === 0) this.worker?.unref();
    };
    worker.ref();
    worker.postMessage({
      type: 'parse',
      job: { id, path, options: inputOptions, batchRows, window: 4 },
    } satisfies ParseRequest);
    const next = async (): Promise<ParseMessage> => {
      while (queue.length === 0) {
        if (exited)
          return { id, type: 'error', problem: { code: 'E_IO', message: 'the parser stopped unexpectedly' } };
        await new Promise<void>((resolve) => (notify = resolve));
      }
      return queue.shift()!;
    };
    const fail = (m: Extract<ParseMessage, { type: 'error' }>): never => {
      finish();
      throw fromWorkerError(m, path);
    };
    const cancel = async () => {
      if (done) return;
      this.post({ type: 'cancel', id });
      finish();
    };
    const first = await next();
    if (first.type === 'error') fail(first);
    if (first.type !== 'meta') throw new Error(`parse worker said ${first.type} before meta`);
    let report: ImportReport | undefined;
    const post = (request: ParseRequest) => this.post(request);
    async function* batches(): AsyncGenerator<RecordRow[]> {
      try {
        for (;;) {
          const m = await next();
          if (m.type === 'rows') {
            post({ type: 'credit', id });
            yield m.rows;
          } else if (m.type === 'end') {
            report = m.report as ImportReport;
            finish();
            return;
          } else if (m.type === 'error') fail(m);
          else if (m.type === 'cancelled') return;
        }
      } finally {
        await cancel();
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
      cancel,
    };
  }

  /** Ends the thread (and drops what was asked for ahead). */
  async close(): Promise<void> {
    this.ahead.clear();
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }
}
