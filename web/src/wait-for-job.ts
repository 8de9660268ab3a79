import { api, type Job } from './api.js';

/** Polls a job until it is done or failed, telling each state seen. */
export async function waitForJob(id: number, onUpdate: (job: Job) => void, everyMs = 300): Promise<Job> {
  for (;;) {
    const job = await api.get<Job>(`/jobs/${id}`);
    onUpdate(job);
    if (job.state === 'done' || job.state === 'failed') return job;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
