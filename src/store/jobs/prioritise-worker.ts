/**
 * The long-lived prioritisation worker thread (see prioritiser.ts): one connection to the store, and the
 * projects' features kept between retrains, so that a retrain after a decision reads only the labels, fits
 * and ranks. Retrains one project at a time, in the order asked.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { retrain } from '../repositories/prioritisation-store.js';
import { openStore, type StoreLocation } from '../open-store.js';
import { workerError } from '../workers/worker-error.js';
import type { PrioritiseReply, PrioritiseRequest } from './prioritiser.js';

const port = parentPort!;
const { location } = workerData as { location: StoreLocation };
const store = openStore(location);
let queue: Promise<unknown> = Promise.resolve();

port.on('message', (request: PrioritiseRequest) => {
  queue = queue.then(async () => {
    let reply: PrioritiseReply;
    try {
      reply = { id: request.id, result: await retrain(await store, request.projectId) };
    } catch (error) {
      reply = { id: request.id, error: workerError(error) };
    }
    port.postMessage(reply);
  });
});
