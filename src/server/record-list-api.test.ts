import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { openStore } from '../store/open-store.js';
import { freshLocation, testEngines } from '../store/test-support/engines.js';
import { buildApp } from './app.js';
import { ApiClient } from './test-support/api-client.js';
import { closedAfterEachTest } from './test-support/running-apps.js';

const running = closedAfterEachTest();

/** Six records, the fourth and fifth of them about malaria. */
const RIS = Array.from(
  { length: 6 },
  (_, i) =>
    `TY  - JOUR\nTI  - ${i === 3 || i === 4 ? 'Malaria' : 'Surgery'} study ${i + 1}\nAU  - Author${i}, A\nPY  - ${2000 + i}\nER  - \n`,
).join('\n');

describe.each(testEngines())('record list, tags and bulk actions through the API on %s', (engine) => {
  async function start() {
    const store = await openStore(await freshLocation(engine));
    const twoway = await buildApp({ store });
    running.push({ app: twoway, store });
    const owner = new ApiClient(twoway.app);
    expect((await owner.post('/signup', { username: 'olive', password: 'owner-password' })).status).toBe(200);
    const project = (await owner.post('/projects', { title: 'Tagged review' })).body as { id: number };
    const join = async (username: string, role: string) => {
      const client = new ApiClient(twoway.app);
      const invite = await owner.post('/invitations', { projectId: project.id, role });
      await client.post(`/invitations/${invite.body.token}/accept`, {
        username,
        password: `${username}-password`,
      });
      return client;
    };
    const rita = await join('rita', 'reviewer');
    const ben = await join('ben', 'reviewer');
    const vera = await join('vera', 'viewer');
    const upload = await owner.upload(`/projects/${project.id}/imports`, { source: 'pubmed' }, [
      { name: 'six.ris', content: RIS },
    ]);
    expect(upload.status).toBe(200);
    await twoway.jobs.idle();
    const base = `/projects/${project.id}`;
    const ids = ((await owner.get(`${base}/record-list`)).body.records as { id: number }[]).map((r) => r.id);
    expect(ids).toHaveLength(6);
    return { owner, rita, ben, vera, base, ids, project };
  }

  it('a reviewer tags a record, everyone sees it on the screen and in the list; the list filters by tag, source and query', async () => {
    const { owner, rita, ben, vera, base, ids } = await start();
    expect(
      (await rita.post(`${base}/records/${ids[0]}/tags?tag=${encodeURIComponent(' RCT ')}`)).body,
    ).toEqual({
      records: 1,
      changed: 1,
    });
    // the same tag whatever its case: nothing changes
    expect((await ben.post(`${base}/records/${ids[0]}/tags?tag=rct`)).body.changed).toBe(0);
    expect((await vera.post(`${base}/records/${ids[0]}/tags?tag=rct`)).status).toBe(403);
    const screen = (await ben.get(`${base}/records/${ids[0]}/screen?stage=title-abstract`)).body;
    expect(screen.tags).toEqual(['RCT']);
    const listed = (await vera.get(`${base}/record-list?tag=rct`)).body;
    expect(listed.count).toBe(1);
    expect(listed.records[0]).toMatchObject({
      id: ids[0],
      title: 'Surgery study 1',
      tags: ['RCT'],
      year: 2000,
    });
    expect(listed.tags).toEqual([{ name: 'RCT', records: 1 }]);
    const source = listed.searches[0].id as number;
    expect((await vera.get(`${base}/record-list?source=${source}`)).body.count).toBe(6);
    expect((await vera.get(`${base}/record-list?source=${source + 99}`)).body.count).toBe(0);
    const malaria = (await vera.get(`${base}/record-list?query=malaria[ti]`)).body;
    expect(malaria.records.map((r: { id: number }) => r.id)).toEqual([ids[3], ids[4]]);
    // a hostile tag name is refused, and a stray control character too
    expect(
      (await rita.post(`${base}/records/${ids[1]}/tags?tag=${encodeURIComponent('a\u0007b')}`)).status,
    ).toBe(400);
    expect((await rita.post(`${base}/records/999999/tags?tag=x`)).status).toBe(404);
    // taking it off, then an owner deleting a tag
    expect((await rita.request('DELETE', `${base}/records/${ids[0]}/tags?tag=RCT`)).body.changed).toBe(1);
    await rita.post(`${base}/records/${ids[2]}/tags?tag=ask%20Ana`);
    expect((await rita.request('DELETE', `${base}/tags?name=ask%20ana`)).status).toBe(403);
    expect((await owner.request('DELETE', `${base}/tags?name=ask%20ana`)).body).toEqual({
      name: 'ask Ana',
      records: 1,
    });
    expect((await owner.get(`${base}/tags`)).body).toEqual([{ name: 'RCT', records: 0 }]);
    const audit = (await owner.get(`${base}/audit`)).body as { action: string }[];
    expect(audit.map((e) => e.action)).toEqual(
      expect.arrayContaining(['tag.add', 'tag.remove', 'tag.delete']),
    );
  });

  it('in blind screening the list shows a reviewer their own votes alone: "my decisions", never the others’ or the outcome', async () => {
    const { owner, rita, ben, base, ids } = await start();
    const vote = (who: ApiClient, i: number, value: string) =>
      who.post(`${base}/decisions`, { recordId: ids[i], stage: 'title-abstract', value });
    await vote(rita, 0, 'include');
    await vote(rita, 1, 'exclude');
    await vote(ben, 0, 'include');
    await vote(ben, 2, 'maybe');
    const mine = (await rita.get(`${base}/record-list?reviewer=rita`)).body;
    expect(mine.records.map((r: { id: number }) => r.id)).toEqual([ids[0], ids[1]]);
    // record 1 is included by both: rita sees her own vote and the state it alone gives
    expect(mine.records[0].status).toMatchObject({ state: 'awaiting-second', votes: [{ reviewer: 'rita' }] });
    expect((await rita.get(`${base}/record-list?reviewer=rita&vote=exclude`)).body.count).toBe(1);
    expect((await rita.get(`${base}/record-list?reviewer=ben`)).body.count).toBe(0);
    expect((await rita.get(`${base}/record-list?state=included`)).body.count).toBe(0);
    expect((await rita.get(`${base}/record-list?vote=maybe`)).body.count).toBe(0);
    // the owner sees the outcome and the votes
    const included = (await owner.get(`${base}/record-list?state=included`)).body;
    expect(included.records.map((r: { id: number }) => r.id)).toEqual([ids[0]]);
    expect(included.records[0].status.votes.map((v: { reviewer: string }) => v.reviewer)).toEqual([
      'rita',
      'ben',
    ]);
    // …of decided records and conflicts only: ben's maybe awaits a second vote, unseen until then
    expect(
      (await owner.get(`${base}/record-list?reviewer=ben`)).body.records.map((r: { id: number }) => r.id),
    ).toEqual([ids[0]]);
  });

  it('owners act in bulk: exclude with a reason, assign (served first), tag every record a filter keeps; all audited', async () => {
    const { owner, rita, ben, base, ids } = await start();
    expect(
      (await rita.post(`${base}/records/bulk`, { action: 'tag', tag: 'x', recordIds: [ids[0]] })).status,
    ).toBe(403);
    // one of recordIds or filter
    expect((await owner.post(`${base}/records/bulk`, { action: 'tag', tag: 'x' })).status).toBe(400);
    expect(
      (await owner.post(`${base}/records/bulk`, { action: 'exclude', recordIds: [ids[3], ids[4]] })).status,
    ).toBe(400);
    const excluded = await owner.post(`${base}/records/bulk`, {
      action: 'exclude',
      filter: { query: 'malaria[ti]' },
      reason: 'wrong topic',
    });
    expect(excluded.body).toEqual({ records: 2, changed: 2 });
    const list = (await owner.get(`${base}/record-list?state=excluded`)).body;
    expect(
      list.records.map((r: { id: number; status: { reason: string } }) => [r.id, r.status.reason]),
    ).toEqual([
      [ids[3], 'wrong topic'],
      [ids[4], 'wrong topic'],
    ]);
    // PRISMA counts the owner's exclusions
    const prisma = (await owner.get(`${base}/prisma`)).body;
    expect(JSON.stringify(prisma)).toContain('"records_excluded":2');
    // a record of no project: nothing is written
    expect(
      (await owner.post(`${base}/records/bulk`, { action: 'tag', tag: 'x', recordIds: [ids[0], 999999] }))
        .status,
    ).toBe(404);
    expect((await owner.get(`${base}/tags`)).body).toEqual([]);
    // assign the last record to ben: it is the first he is served
    expect(
      (
        await owner.post(`${base}/records/bulk`, {
          action: 'assign',
          reviewer: 'ben',
          recordIds: [ids[5]],
        })
      ).body,
    ).toEqual({ records: 1, changed: 1 });
    expect((await ben.get(`${base}/screening/next?stage=title-abstract`)).body.screen.record.id).toBe(ids[5]);
    expect((await rita.get(`${base}/screening/next?stage=title-abstract`)).body.screen.record.id).toBe(
      ids[0],
    );
    expect((await owner.get(`${base}/record-list?assignedTo=ben`)).body.records[0].assignees).toEqual([
      'ben',
    ]);
    // a viewer cannot be given records to screen
    expect(
      (await owner.post(`${base}/records/bulk`, { action: 'assign', reviewer: 'vera', recordIds: [ids[5]] }))
        .status,
    ).toBe(400);
    await ben.post(`${base}/decisions`, { recordId: ids[5], stage: 'title-abstract', value: 'include' });
    expect((await ben.get(`${base}/screening/next?stage=title-abstract`)).body.screen.record.id).toBe(ids[0]);
    // tag every unscreened record
    const tagged = await owner.post(`${base}/records/bulk`, {
      action: 'tag',
      tag: 'second look',
      filter: { state: 'unscreened' },
    });
    expect(tagged.body).toEqual({ records: 3, changed: 3 });
    const audit = (await owner.get(`${base}/audit`)).body as {
      action: string;
      detail: { records: number };
    }[];
    expect(audit.find((e) => e.action === 'screening.bulk-exclude')?.detail.records).toBe(2);
    expect(audit.find((e) => e.action === 'assignment.add')?.detail.records).toBe(1);
    expect(audit.find((e) => e.action === 'tag.add')?.detail.records).toBe(3);
  });

  it('exports carry the team’s work — per stage the state, each vote with its reason and note, the tags — as the exporter may see it', async () => {
    const { owner, rita, ben, base, ids } = await start();
    const vote = (who: ApiClient, i: number, value: string, extra = {}) =>
      who.post(`${base}/decisions`, { recordId: ids[i], stage: 'title-abstract', value, ...extra });
    await vote(rita, 0, 'include', { note: 'a twinning <script>alert(1)</script>' });
    await vote(ben, 0, 'include');
    await vote(rita, 1, 'exclude', { reason: 'wrong population' });
    await vote(ben, 1, 'include');
    await rita.post(`${base}/records/${ids[0]}/tags?tag=RCT`);
    const csvOf = async (who: ApiClient, query = '') => {
      const answer = await who.get(`${base}/export?format=csv${query}`);
      expect(answer.status).toBe(200);
      return parse(answer.body as string, { columns: true }) as Record<string, string>[];
    };
    const all = await csvOf(owner);
    expect(all).toHaveLength(6);
    expect(all[0]).toMatchObject({
      title: 'Surgery study 1',
      title_abstract_state: 'included',
      title_abstract_votes: 'rita: include; ben: include',
      title_abstract_notes: 'rita: a twinning <script>alert(1)</script>',
      full_text_state: '',
      tags: 'RCT',
      label_abstract_screening: '1',
    });
    expect(all[1]).toMatchObject({
      title_abstract_state: 'conflict',
      title_abstract_votes: 'rita: exclude; ben: include',
      title_abstract_reasons: 'rita: wrong population',
      label_abstract_screening: '',
    });
    // the owner resolves the conflict: the decision and its reason are in the export
    await owner.post(`${base}/resolutions`, {
      recordId: ids[1],
      stage: 'title-abstract',
      value: 'exclude',
      reason: 'wrong population',
    });
    expect((await csvOf(owner))[1]).toMatchObject({
      title_abstract_state: 'excluded',
      title_abstract_votes: 'rita: exclude; ben: include; olive: decided excluded',
      title_abstract_reasons: 'rita: wrong population; olive (decided): wrong population',
      label_abstract_screening: '0',
      label_included: '0',
    });
    // a blind reviewer's export: her own votes, the states they give, no label the team's decision would give
    const hers = await csvOf(rita);
    expect(hers[0]).toMatchObject({
      title_abstract_state: 'awaiting-second',
      title_abstract_votes: 'rita: include',
      label_abstract_screening: '',
      tags: 'RCT',
    });
    expect((await csvOf(rita, '&stage=title-abstract')).length).toBe(0);
    expect((await csvOf(owner, '&stage=title-abstract')).map((r) => r.title)).toEqual(['Surgery study 1']);
    // RIS: the work in N1 notes, beside ASReview's label note
    const ris = (await owner.get(`${base}/export?format=ris`)).body as string;
    expect(ris).toContain(
      'N1  - Twoway title/abstract: included; votes: rita: include; ben: include; notes: rita: a twinning <script>alert(1)</script>',
    );
    expect(ris).toContain('N1  - Twoway tags: RCT');
    // ASReview's label note: the final label (excluded at title/abstract is excluded)
    expect(ris).toContain('N1  - ASReview_irrelevant');
  });
});
