import { randomInt } from 'node:crypto';
import { expectedError } from '../store/disk-full.js';
import { internalProblem, problemBody } from './http-error.js';
import type { ImportResult } from '../store/import/imports.js';
import type { DedupeSummary } from '../store/jobs/background-work.js';
import type { Job } from './answers.js';
import type { SimulationReport } from '../domain/prioritise/simulation-report.js';

/** What a finished job holds: an import's result, a deduplication's summary or a simulation's report. */
export type JobResult = ImportResult | DedupeSummary | SimulationReport;

/** Finished jobs are kept this long for their pages to read. */
const KEEP_FINISHED_MS = 60 * 60 * 1000;

/**
 * Long work (imports, deduplication) runs here, off the request path: a request starts a job and answers at
 * once with its id; the page polls the job for progress and its result. Jobs run one after another — they
 * all write to the one database, where they would wait for each other anyway.
 */
export class JobBoard {
  private readonly jobs = new Map<number, Job>();
  private queue: Promise<unknown> = Promise.resolve();

  /** `logBug` receives what a job's bug was (the job's members see only E_INTERNAL and an id). */
  constructor(private readonly logBug: (entry: { err: unknown; errorId: string; jobId: number }) => void) {}

  start(
    meta: { kind: string; projectId: number; startedBy: string; label: string },
    work: (progress: (done: number, total: number) => void) => Promise<JobResult>,
  ): Job {
    this.forgetOld();
    // random ids, not a count: a job's id tells nothing of other projects' work
    let id = randomInt(1, 2 ** 47);
    while (this.jobs.has(id)) id = randomInt(1, 2 ** 47);
    const job: Job = {
      id,
      ...meta,
      state: 'queued',
      progress: { done: 0, total: 0 },
      createdAt: new Date().toISOString(),
    };
    this.jobs.set(job.id, job);
    const run = async (): Promise<void> => {
      job.state = 'running';
      try {
        const result = await work((done, total) => (job.progress = { done, total }));
        if (job.kind === 'simulate') job.simulation = result as SimulationReport;
        else job.result = result as ImportResult | DedupeSummary;
        job.state = 'done';
      } catch (error) {
        job.state = 'failed';
        const known = expectedError(error);
        job.error = known
          ? problemBody(known)
          : internalProblem(error, (entry) => this.logBug({ ...entry, jobId: job.id }));
      }
      job.finishedAt = new Date().toISOString();
    };
    this.queue = this.queue.then(run);
    return job;
  }

  get(id: number): Job | undefined {
    return this.jobs.get(id);
  }

  list(projectId: number): Job[] {
    return [...this.jobs.values()].filter((j) => j.projectId === projectId).reverse();
  }

  /** Resolves when every job started so far has finished (graceful shutdown, tests). */
  async idle(): Promise<void> {
    await this.queue;
  }

  private forgetOld(): void {
    const before = new Date(Date.now() - KEEP_FINISHED_MS).toISOString();
    for (const [id, job] of this.jobs) if (job.finishedAt && job.finishedAt < before) this.jobs.delete(id);
  }
}
