import { describe, expect, it } from 'vitest';
import { TwowayError } from '../domain/errors.js';
import { JobBoard } from './jobs.js';

describe('the job board', () => {
  it('logs a job’s bug and tells its members only E_INTERNAL with an id, never the message or a path', async () => {
    const logged: { err: unknown; errorId: string; jobId: number }[] = [];
    const jobs = new JobBoard((entry) => logged.push(entry));
    const meta = { kind: 'import', projectId: 1, startedBy: 'olive', label: 'a.ris' };
    const bug = jobs.start(meta, async () => {
      throw new Error('ENOENT: no such file /srv/twoway/secret/path.ris');
    });
    const expected = jobs.start(meta, async () => {
      throw new TwowayError({ code: 'E_FORMAT_UNKNOWN', message: 'not a bibliographic file' });
    });
    await jobs.idle();
    expect(bug.state).toBe('failed');
    expect(bug.error?.code).toBe('E_INTERNAL');
    expect(bug.error?.message).not.toMatch(/ENOENT|\/srv/);
    const id = /error id ([0-9a-f]{12})/.exec(bug.error?.message ?? '')?.[1];
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ errorId: id, jobId: bug.id });
    expect((logged[0]!.err as Error).message).toMatch(/ENOENT/);
    // an expected failure keeps its code and words
    expect(expected.error).toEqual({ code: 'E_FORMAT_UNKNOWN', message: 'not a bibliographic file' });
  });
});
