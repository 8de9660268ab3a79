import { Prioritiser } from '../store/jobs/prioritiser.js';
import type { Store } from '../store/open-store.js';
import { isPrioritised, type RetrainResult } from '../store/repositories/prioritisation-store.js';
import { getProject } from '../store/repositories/projects.js';

/** How long after a decision a retrain waits, so that the key presses of that while make one retrain. */
export const RETRAIN_DEBOUNCE_MS = 1500;

/** The longest a retrain waits after a decision, however long the last one took (a cold one builds features). */
const MAX_SPACING_MS = 10_000;

/**
 * Retrains a project's prioritisation model off the request path: a decision schedules a retrain, which waits
 * RETRAIN_DEBOUNCE_MS — or twice as long as the project's last retrain took (at most 10 s), so that retraining a
 * large project under steady screening takes at most about a third of a core — for the decisions that follow (it is not put off again by them, so that a reviewer
 * screening steadily still gets a fresh ranking every few seconds), then runs in the prioritisation worker
 * thread, which keeps the projects' features between retrains; one
 * retrain a project at a time, and one more after it when decisions arrived meanwhile. The screening page
 * keeps being served from the latest ranking while a retrain runs.
 */
export class Retrainer {
  private readonly timers = new Map<number, NodeJS.Timeout>();
  private readonly running = new Map<number, Promise<RetrainResult | undefined>>();
  private readonly again = new Set<number>();
  /** How long each project's last retrain took: the next one waits at least twice as long. */
  private readonly lastMs = new Map<number, number>();
  private closed = false;
  private readonly prioritiser: Prioritiser;

  constructor(
    private readonly store: Store,
    private readonly logFailure: (entry: { err: unknown; projectId: number }) => void,
    private readonly debounceMs = RETRAIN_DEBOUNCE_MS,
  ) {
    this.prioritiser = new Prioritiser(store);
  }

  /** Asks for a retrain of a project soon (a prioritised one; others are left alone). */
  schedule(projectId: number): void {
    if (this.closed || this.timers.has(projectId)) return;
    this.timers.set(
      projectId,
      setTimeout(
        () => {
          this.timers.delete(projectId);
          void this.run(projectId, false);
        },
        Math.max(this.debounceMs, Math.min(MAX_SPACING_MS, 2 * (this.lastMs.get(projectId) ?? 0))),
      ),
    );
  }

  /** Retrains now (an owner's "retrain"), whatever the project's mode; waits for one running first. */
  async now(projectId: number): Promise<RetrainResult> {
    await this.running.get(projectId);
    return (await this.run(projectId, true))!;
  }

  /** Resolves when no retrain is waiting or running (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.timers.size > 0 || this.running.size > 0) {
      for (const [id, timer] of this.timers) {
        clearTimeout(timer);
        this.timers.delete(id);
        void this.run(id, false);
      }
      await Promise.all([...this.running.values()]);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    await Promise.allSettled([...this.running.values()]);
    await this.prioritiser.close();
  }

  private async run(projectId: number, forced: boolean): Promise<RetrainResult | undefined> {
    if (this.running.has(projectId)) {
      this.again.add(projectId);
      return this.running.get(projectId);
    }
    const work = (async () => {
      try {
        const project = await getProject(this.store, projectId);
        if (!forced && !(await isPrioritised(this.store, project))) return undefined;
        const started = Date.now();
        const result = await this.prioritiser.retrain(projectId);
        this.lastMs.set(projectId, Date.now() - started);
        return result;
      } catch (err) {
        if (forced) throw err;
        this.logFailure({ err, projectId });
        return undefined;
      }
    })();
    this.running.set(projectId, work);
    try {
      return await work;
    } finally {
      this.running.delete(projectId);
      if (this.again.delete(projectId)) this.schedule(projectId);
    }
  }
}
