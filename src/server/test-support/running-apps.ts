import { afterEach } from 'vitest';
import type { Store } from '../../store/open-store.js';
import type { TwowayApp } from '../app.js';

/**
 * The apps a test file starts (push each with its store): after every test each is closed once its jobs have
 * finished — and its retrains, waiting ones run first, unless `runWaitingRetrains` is false (closing cancels a
 * waiting one and lets a running one end) — then its store.
 */
export function closedAfterEachTest({ runWaitingRetrains = true } = {}): { app: TwowayApp; store: Store }[] {
  const running: { app: TwowayApp; store: Store }[] = [];
  afterEach(async () => {
    while (running.length) {
      const { app, store } = running.pop()!;
      await app.jobs.idle();
      if (runWaitingRetrains) await app.retrainer.idle();
      await app.app.close();
      await store.close();
    }
  });
  return running;
}
