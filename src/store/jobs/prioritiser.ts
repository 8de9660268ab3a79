import type { Worker } from 'node:worker_threads';
import type { Store } from '../open-store.js';
import type { RetrainResult } from '../repositories/prioritisation-store.js';
import { startStoreWorker } from '../workers/store-worker.js';
import { fromWorkerError, type WorkerError } from '../workers/worker-error.js';

export interface PrioritiseRequest {
  id: number;
  projectId: number;
}

export type PrioritiseReply = { id: number; result: RetrainResult } | { id: number; error: WorkerError };

/**
 * Retrains prioritisation models in one long-lived worker thread (prioritise-worker.ts), off the thread that
 * serves requests; the worker keeps each project's features between retrains. Started on the first retrain;
 * a worker that dies is started again on the next.
 */
export class Prioritiser {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (r: RetrainResult) => void; reject: (e: Error) => void }
  >();

  constructor(private readonly store: Store) {}

  retrain(projectId: number): Promise<RetrainResult> {
    const worker = this.started();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, projectId } satisfies PrioritiseRequest);
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = startStoreWorker(new URL('./prioritise-worker', import.meta.url), {
      workerData: { location: this.store.location },
    });
    worker.unref();
    worker.on('message', (reply: PrioritiseReply) => {
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
    worker.on('exit', (code) => fail(new Error(`the prioritisation worker stopped (exit ${code})`)));
    this.worker = worker;
    return worker;
  }
}
