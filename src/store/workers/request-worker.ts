import { parentPort, workerData, type Worker } from 'node:worker_threads';
import { openStore, type Store, type StoreLocation } from '../open-store.js';
import { startStoreWorker } from './store-worker.js';
import { fromWorkerError, workerError, type WorkerError } from './worker-error.js';

type Reply<R> = { id: number; result: R } | { id: number; error: WorkerError };

/**
 * A long-lived worker thread with its own connection to the store that answers requests one at a time, in the
 * order asked, off the thread that serves the API (retrains, searches). Started on the first request; a worker
 * that dies is started again on the next, and what it had in hand is refused with the reason.
 */
export class RequestWorker<Q, R> {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: R) => void; reject: (e: Error) => void }>();

  constructor(
    private readonly module: URL,
    private readonly data: Record<string, unknown>,
    private readonly name: string,
  ) {}

  ask(request: Q): Promise<R> {
    const worker = this.started();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, request });
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = startStoreWorker(this.module, { workerData: this.data });
    worker.unref();
    worker.on('message', (reply: Reply<R>) => {
      const waiting = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if ('result' in reply) waiting?.resolve(reply.result);
      else waiting?.reject(fromWorkerError(reply.error));
    });
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = undefined;
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the ${this.name} worker stopped (exit ${code})`)));
    this.worker = worker;
    return worker;
  }
}

/**
 * The worker thread's side: opens the store named in workerData.location and answers each request with
 * `answer`, one at a time.
 */
export function serveRequests<Q, R>(answer: (store: Store, request: Q) => Promise<R>): void {
  const port = parentPort!;
  const store = openStore((workerData as { location: StoreLocation }).location);
  let queue: Promise<unknown> = Promise.resolve();
  port.on('message', ({ id, request }: { id: number; request: Q }) => {
    queue = queue.then(async () => {
      let reply: Reply<R>;
      try {
        reply = { id, result: await answer(await store, request) };
      } catch (error) {
        reply = { id, error: workerError(error) };
      }
      port.postMessage(reply);
    });
  });
}
