/**
 * Worker thread of background work (see background-work.ts): opens its own connection to the store, runs one
 * import, deduplication or simulation, and reports progress, the result or the error.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { workerError } from '../workers/worker-error.js';
import type { BackgroundJob, BackgroundMessage } from './background-work.js';
import { runDedupe } from '../repositories/dedupe-store.js';
import { readLabelledFile } from '../import/labelled-file.js';
import { simulationReport, simulationSettings } from '../../domain/prioritise/simulation-report.js';
import { importSearchRun } from '../import/imports.js';
import { openStore, type StoreLocation } from '../open-store.js';

const port = parentPort!;
const { location, job } = workerData as { location: StoreLocation; job: BackgroundJob };
const send = (message: BackgroundMessage): void => port.postMessage(message);

async function main(): Promise<void> {
  const store = await openStore(location);
  try {
    if (job.kind === 'import') {
      const result = await importSearchRun(
        store,
        { ...job.options, onBytes: (done, total) => send({ type: 'progress', done, total }) },
        job.reviewer,
      );
      send({ type: 'done', result });
    } else if (job.kind === 'simulate') {
      const settings = simulationSettings(job.request);
      const { set } = await readLabelledFile(job.path, job.request.label, job.shownAs);
      send({ type: 'done', result: simulationReport(set, settings) });
    } else {
      const run = await runDedupe(store, job.projectId, { apply: job.apply, reviewer: job.reviewer });
      send({
        type: 'done',
        result: {
          clusters: run.result.clusters.length,
          newClusters: run.newClusters,
          reviewPairs: run.reviewPairs,
          applied: job.apply,
        },
      });
    }
  } finally {
    await store.close();
  }
}

main().catch((error: unknown) => send(workerError(error)));
