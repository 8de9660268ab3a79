import { describe, expect, it } from 'vitest';
import { openStore } from '../store/open-store.js';
import { freshLocation, testEngines } from '../store/test-support/engines.js';
import { labelledRis } from '../store/test-support/labelled-records.js';
import { buildApp } from './app.js';
import { ApiClient } from './test-support/api-client.js';
import { closedAfterEachTest } from './test-support/running-apps.js';

const running = closedAfterEachTest();

/** A labelled CSV as ASReview exports one: every fourth record relevant. */
function labelledCsv(rows = 60): string {
  const lines = ['title,abstract,label_included'];
  for (let i = 0; i < rows; i++)
    lines.push(
      i % 4 === 0
        ? `Hospital partnership ${i},nurses trained in surgical safety through twinning,1`
        : `Wheat yields ${i},irrigation and soil nitrogen in dry regions,0`,
    );
  return `${lines.join('\n')}\n`;
}

describe.each(testEngines())('prioritisation through the API on %s', (engine) => {
  async function start() {
    const store = await openStore(await freshLocation(engine));
    const twoway = await buildApp({ store, retrainDebounceMs: 10 });
    running.push({ app: twoway, store });
    const owner = new ApiClient(twoway.app);
    expect((await owner.post('/signup', { username: 'olive', password: 'owner-password' })).status).toBe(200);
    const project = (await owner.post('/projects', { title: 'Ranked review' })).body as { id: number };
    const reviewer = new ApiClient(twoway.app);
    const invite = await owner.post('/invitations', { projectId: project.id, role: 'reviewer' });
    await reviewer.post(`/invitations/${invite.body.token}/accept`, {
      username: 'rita',
      password: 'reviewer-password',
    });
    const upload = await owner.upload(`/projects/${project.id}/imports`, { source: 'pubmed' }, [
      { name: 'labelled.ris', content: labelledRis().content },
    ]);
    expect(upload.status).toBe(200);
    await twoway.jobs.idle();
    const base = `/projects/${project.id}`;
    return { twoway, owner, reviewer, project, base };
  }

  it('decisions retrain the model off the request path; the next record comes ranked, with its score, and the decision keeps its provenance', async () => {
    const { twoway, owner, reviewer, base } = await start();
    // single, open screening so that one reviewer's votes teach the model at once
    const current = (await owner.get(base)).body;
    expect(current.protocol.prioritisation).toMatchObject({ mode: 'auto', preset: 'twoway' });
    expect(
      (
        await owner.put(`${base}/protocol`, {
          protocol: { ...current.protocol, screening: { reviewersRequired: 1, blind: false } },
        })
      ).status,
    ).toBe(200);
    let next = (await reviewer.get(`${base}/screening/next?stage=title-abstract`)).body.screen;
    expect(next.priority).toBeNull(); // no model yet: import order
    const first = next.record.id as number;
    await reviewer.post(`${base}/decisions`, { recordId: first, stage: 'title-abstract', value: 'include' });
    await reviewer.post(`${base}/decisions`, {
      recordId: first + 1,
      stage: 'title-abstract',
      value: 'exclude',
    });
    await twoway.retrainer.idle();
    const state = (await reviewer.get(`${base}/prioritisation`)).body;
    expect(state).toMatchObject({
      active: true,
      model: { labelled: 2, relevant: 1, records: 120 },
    });
    const version = state.model.version as number;
    next = (await reviewer.get(`${base}/screening/next?stage=title-abstract`)).body.screen;
    expect(next.priority).toMatchObject({ rank: expect.any(Number), modelVersion: version });
    expect(next.record.title).toMatch(/^Hospital twinning/);
    const answer = await reviewer.post(`${base}/decisions?next=true`, {
      recordId: next.record.id,
      stage: 'title-abstract',
      value: 'include',
      shown: { modelVersion: version, rank: next.priority.rank },
    });
    expect(answer.status).toBe(200);
    const provenance = (await owner.get(`${base}/prioritisation/provenance`)).body as {
      recordId: number;
      modelVersion: number | null;
      shownRank: number | null;
    }[];
    expect(provenance.find((d) => d.recordId === next.record.id)).toMatchObject({
      modelVersion: version,
      shownRank: next.priority.rank,
    });
    const csv = await owner.get(`${base}/prioritisation/provenance?format=csv`);
    expect(csv.raw.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\n')[0]).toBe(
      'decision_id,record_id,stage,reviewer,value,at,model_version,shown_rank',
    );
    const ranking = await owner.get(`${base}/prioritisation/ranking?format=csv`);
    expect(ranking.body.split('\n')).toHaveLength(122); // header, 120 records, final newline
    const svg = await owner.get(`${base}/prioritisation/curve`);
    expect(svg.raw.headers['content-type']).toContain('image/svg+xml');
    expect(
      (await owner.get(`${base}/prioritisation/curve?format=png`)).raw.rawPayload.subarray(1, 4).toString(),
    ).toBe('PNG');
    // an owner retrains at once; a reviewer may not
    expect((await reviewer.post(`${base}/prioritisation/retrain`, {})).status).toBe(403);
    const retrained = await owner.post(`${base}/prioritisation/retrain`, {});
    expect(retrained.body).toMatchObject({ trained: true, model: { version: expect.any(Number) } });
  });

  it('prior marks, the stopping estimate and the record of when the team stopped', async () => {
    const { twoway, owner, reviewer, base } = await start();
    const first = (await reviewer.get(`${base}/screening/next?stage=title-abstract`)).body.screen.record
      .id as number;
    expect((await reviewer.put(`${base}/records/${first}/prior`, { relevant: true })).status).toBe(204);
    expect((await reviewer.put(`${base}/records/${first + 1}/prior`, { relevant: false })).status).toBe(204);
    expect((await reviewer.put(`${base}/records/${first}/prior`, { relevant: 'yes' })).status).toBe(400);
    await twoway.retrainer.idle();
    const state = (await owner.get(`${base}/prioritisation`)).body;
    expect(state.priorMarks).toHaveLength(2);
    expect(state.model).toMatchObject({ labelled: 2, relevant: 1 });
    expect(state.estimate).toMatchObject({
      records: 120,
      screened: 0,
      heuristic: { stopAfter: 100, reached: false },
    });
    expect(state.estimate.statistical.randomSampleNeeded).toBeGreaterThan(0);
    expect(state.estimate.assumptions.length).toBeGreaterThan(2);
    expect((await reviewer.post(`${base}/prioritisation/stop`, { reason: 'tired' })).status).toBe(403);
    const stop = await owner.post(`${base}/prioritisation/stop`, { reason: 'the sample found no more' });
    expect(stop.body).toMatchObject({ stoppedBy: 'olive', reason: 'the sample found no more' });
    expect((await reviewer.get(`${base}/prioritisation`)).body.stops).toHaveLength(1);
  });

  it('simulates a labelled upload as a job; a file without labels fails with a clear error', async () => {
    const { twoway, reviewer, base } = await start();
    const started = await reviewer.upload(`${base}/simulations`, { preset: 'elas-u4', seeds: '2' }, [
      { name: 'asreview.csv', content: labelledCsv() },
    ]);
    expect(started.status).toBe(200);
    await twoway.jobs.idle();
    const job = (await reviewer.get(`/jobs/${started.body.id}`)).body;
    expect(job).toMatchObject({ state: 'done', kind: 'simulate', label: 'asreview.csv' });
    expect(job.simulation).toMatchObject({ records: 60, relevant: 15, preset: { name: 'elas-u4' } });
    expect(job.simulation.runs).toHaveLength(2);
    expect(job.simulation.mean.wss95).toBeGreaterThan(0.3);
    const bad = await reviewer.upload(`${base}/simulations`, {}, [
      { name: 'plain.csv', content: 'title,abstract\nA,x\nB,y\n' },
    ]);
    await twoway.jobs.idle();
    const failed = (await reviewer.get(`/jobs/${bad.body.id}`)).body;
    expect(failed.state).toBe('failed');
    expect(failed.error.message).toMatch(/plain.csv: 2 record\(s\) read, none with final inclusion labels/);
    const unknown = await reviewer.upload(`${base}/simulations`, { preset: 'gpt' }, [
      { name: 'a.csv', content: labelledCsv() },
    ]);
    expect(unknown.status).toBe(400);
  });
});
