import type { Store } from '../open-store.js';
import type { RetrainResult } from '../repositories/prioritisation-store.js';
import { RequestWorker } from '../workers/request-worker.js';

/**
 * Retrains prioritisation models in one long-lived worker thread (prioritise-worker.ts), off the thread that
 * serves requests; the worker keeps each project's features between retrains.
 */
export class Prioritiser {
  private readonly worker: RequestWorker<number, RetrainResult>;

  constructor(store: Store) {
    this.worker = new RequestWorker(
      new URL('./prioritise-worker', import.meta.url),
      { location: store.location },
      'prioritisation',
    );
  }

  retrain(projectId: number): Promise<RetrainResult> {
    return this.worker.ask(projectId);
  }

  close(): Promise<void> {
    return this.worker.close();
  }
}
