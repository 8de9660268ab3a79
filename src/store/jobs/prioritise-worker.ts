/**
 * The long-lived prioritisation worker thread (see prioritiser.ts): one connection to the store, and the
 * projects' features kept between retrains, so that a retrain after a decision reads only the labels, fits
 * and ranks. Retrains one project at a time, in the order asked.
 */
import { retrain } from '../repositories/prioritisation-store.js';
import { serveRequests } from '../workers/request-worker.js';

serveRequests((store, projectId: number) => retrain(store, projectId));
