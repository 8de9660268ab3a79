import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../store/open-store.js';
import { freshLocation, testEngines } from '../store/test-support/engines.js';
import { writeBenchFile } from '../store/test-support/generate-records.js';
import { buildApp, type TwowayApp } from './app.js';
import { ApiClient, type ApiResponse } from './test-support/api-client.js';
import { closedAfterEachTest } from './test-support/running-apps.js';

// the project's seed record, kept once among the format fixtures
const SEED = join(
  import.meta.dirname,
  '..',
  'domain',
  'formats',
  'fixtures',
  'endnote-one-line-gbk-mojibake.txt',
);

const RIS = `TY  - JOUR
ID  - R1
TI  - Developed-developing country partnerships: benefits to developed countries?
AU  - Syed, S. B.
AU  - Dadwal, V.
JO  - Globalization and Health
PY  - 2012
VL  - 8
SP  - 17
DO  - 10.1186/1744-8603-8-17
ER  - 

TY  - JOUR
ID  - R2
TI  - <script>alert(1)</script> Hospital twinning in Africa
AU  - Storr, J.
PY  - 2010
ER  - 

TY  - JOUR
ID  - R3
TI  - Mobile phones for community health workers in rural Kenya
AU  - Otieno, J.
PY  - 2009
ER  - 
`;

// closing cancels a retrain still waiting: these tests never wait for one
const running = closedAfterEachTest({ runWaitingRetrains: false });

describe.each(testEngines())('the API on %s', (engine) => {
  async function start(
    options: {
      loginAttemptsPerMinute?: number;
      loginAttemptsPerAddressPerMinute?: number;
      bodyLimit?: number;
    } = {},
  ) {
    const store = await openStore(await freshLocation(engine));
    const twoway = await buildApp({ store, ...options });
    running.push({ app: twoway, store });
    const client = () => new ApiClient(twoway.app);
    return { store, twoway, client };
  }

  /** A new Twoway with its administrator signed in, a project, and a reviewer who joined by invitation. */
  async function team() {
    const env = await start();
    const owner = env.client();
    expect((await owner.post('/signup', { username: 'olive', password: 'owner-password' })).status).toBe(200);
    const project = (
      await owner.post('/projects', { title: 'APPS partnerships', question: 'What do partners gain?' })
    ).body;
    const reviewer = env.client();
    const invite = await owner.post('/invitations', { projectId: project.id, role: 'reviewer' });
    expect(invite.status).toBe(200);
    expect(
      (
        await reviewer.post(`/invitations/${invite.body.token}/accept`, {
          username: 'rita',
          password: 'reviewer-password',
        })
      ).status,
    ).toBe(200);
    return { ...env, owner, reviewer, project };
  }

  async function importRis(client: ApiClient, projectId: number, content = RIS, name = 'pubmed.ris') {
    const upload = await client.upload(
      `/projects/${projectId}/imports`,
      { source: 'pubmed', query: 'twinning' },
      [{ name, content }],
    );
    expect(upload.status).toBe(200);
    return upload.body as { id: number }[];
  }

  async function finished(client: ApiClient, app: TwowayApp, jobId: number) {
    await app.jobs.idle();
    const job = await client.get(`/jobs/${jobId}`);
    expect(job.status).toBe(200);
    return job.body;
  }

  it('first run: the first account is the administrator, a second sign-up is refused, sessions end here or everywhere', async () => {
    const { client } = await start();
    const alice = client();
    expect((await alice.get('/setup')).body).toEqual({ needsFirstAccount: true });
    const signup = await alice.post('/signup', { username: 'Alice', password: 'long enough' });
    expect(signup.status).toBe(200);
    expect(signup.body.account).toMatchObject({ username: 'alice', isAdmin: true });
    expect(signup.raw.cookies[0]).toMatchObject({ name: 'twoway_session', httpOnly: true, sameSite: 'Lax' });
    expect((await alice.get('/setup')).body).toEqual({ needsFirstAccount: false });
    const mallory = client();
    const second = await mallory.post('/signup', { username: 'mallory', password: 'long enough' });
    expect(second.status).toBe(403);
    expect(second.body.error.code).toBe('E_FORBIDDEN');
    // short passwords and bad names are refused with the API's error shape
    expect((await client().post('/signup', { username: 'x', password: 'short' })).body.error.code).toBe(
      'E_INVALID_REQUEST',
    );

    // a second browser signs in; "sign out everywhere" ends both sessions
    const laptop = client();
    expect((await laptop.post('/login', { username: 'alice', password: 'long enough' })).status).toBe(200);
    expect((await laptop.get('/session')).status).toBe(200);
    const everywhere = await alice.post('/logout-everywhere');
    expect(everywhere.body).toEqual({ sessionsEnded: 2 });
    expect((await laptop.get('/session')).status).toBe(401);
    expect((await laptop.get('/projects')).body.error.code).toBe('E_UNAUTHENTICATED');
  });

  it('an expired session is refused, and the next sign-in clears expired sessions away', async () => {
    const { client, store } = await start();
    const alice = client();
    await alice.post('/signup', { username: 'alice', password: 'long enough' });
    await store.db.updateTable('auth_session').set({ expires_at: '2000-01-01T00:00:00.000Z' }).execute();
    expect((await alice.get('/session')).body.error.code).toBe('E_UNAUTHENTICATED');
    expect((await alice.post('/login', { username: 'alice', password: 'long enough' })).status).toBe(200);
    const left = await store.db.selectFrom('auth_session').select('expires_at').execute();
    expect(left).toHaveLength(1);
    expect(left[0]!.expires_at > new Date().toISOString()).toBe(true);
  });

  it('refuses a change without the session’s CSRF token, and a wrong password; rate-limits sign-in', async () => {
    const { client } = await start({ loginAttemptsPerMinute: 3 });
    const alice = client();
    await alice.post('/signup', { username: 'alice', password: 'long enough' });
    const forged = await alice.request('POST', '/projects', { title: 'x' }, { 'x-csrf-token': 'guess' });
    expect(forged.status).toBe(403);
    expect(forged.body.error.code).toBe('E_CSRF');
    const stranger = client();
    const wrong = await stranger.post('/login', { username: 'alice', password: 'wrong one!' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('E_BAD_CREDENTIALS');
    expect(
      (await stranger.post('/login', { username: 'nobody', password: 'wrong one!' })).body.error.code,
    ).toBe('E_BAD_CREDENTIALS');
    await stranger.post('/login', { username: 'alice', password: 'wrong two!' });
    await stranger.post('/login', { username: 'alice', password: 'wrong three' });
    const limited = await stranger.post('/login', { username: 'alice', password: 'long enough' });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('E_RATE_LIMITED');
    // the limit is per address and username: the other name still had one try left
    expect((await stranger.post('/login', { username: 'nobody', password: 'wrong one!' })).status).toBe(401);
    // … and the name is the one sign-in compares: spaces, tabs, no-break spaces, case and width do not make a
    // new name with ten tries of its own
    for (const spelling of [' alice', 'alice\t', '\u00a0alice', 'ALICE', 'ａｌｉｃｅ'])
      expect(
        (await stranger.post('/login', { username: spelling, password: 'long enough' })).status,
        JSON.stringify(spelling),
      ).toBe(429);
  });

  it('limits sign-in per address too, whatever usernames are tried', async () => {
    const { client } = await start({ loginAttemptsPerAddressPerMinute: 5 });
    const alice = client();
    await alice.post('/signup', { username: 'alice', password: 'long enough' });
    const flood = client();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await flood.post('/login', { username: `guess${i}`, password: 'wrong one!' })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    const limited = await flood.post('/login', { username: 'alice', password: 'long enough' });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('E_RATE_LIMITED');
  });

  it('invitations: a link is used once; the new member has the role it named', async () => {
    const { owner, reviewer, project, client } = await team();
    const me = await reviewer.get('/projects');
    expect(me.body).toEqual([expect.objectContaining({ id: project.id, role: 'reviewer' })]);
    const invite = await owner.post('/invitations', { projectId: project.id, role: 'viewer' });
    const guest = client();
    expect((await guest.get(`/invitations/${invite.body.token}`)).body).toMatchObject({
      projectTitle: 'APPS partnerships',
      role: 'viewer',
      createdBy: 'olive',
    });
    expect(
      (
        await guest.post(`/invitations/${invite.body.token}/accept`, {
          username: 'rita',
          password: 'another-pass',
        })
      ).body.error.code,
    ).toBe('E_CONFLICT');
    // the sign-up rules hold at accept too: no one-letter password, no huge name, no password of another type
    for (const bad of [
      { username: 'vera', password: 'x' },
      { username: 'vera', password: 'viewer-pass', displayName: 'v'.repeat(900_000) },
      { username: 'vera', password: { toString: 'viewer-pass' } },
      { username: 'vera', password: 'viewer-pass', role: 'owner' },
    ]) {
      const refused = await guest.post(`/invitations/${invite.body.token}/accept`, bad);
      expect([400, 413], JSON.stringify(bad).slice(0, 80)).toContain(refused.status);
    }
    expect(
      (
        await guest.post(`/invitations/${invite.body.token}/accept`, {
          username: 'vera',
          password: 'viewer-pass',
        })
      ).status,
    ).toBe(200);
    const again = await client().post(`/invitations/${invite.body.token}/accept`, {
      username: 'vlad',
      password: 'viewer-pass',
    });
    expect(again.status).toBe(404);
    // a reviewer cannot invite, and only an administrator invites without a project
    expect((await reviewer.post('/invitations', { projectId: project.id, role: 'owner' })).status).toBe(403);
    expect((await reviewer.post('/invitations', {})).status).toBe(403);
    // an owner who opens a viewer's link of their own project stays owner
    const own = await owner.post('/invitations', { projectId: project.id, role: 'viewer' });
    expect((await owner.post(`/invitations/${own.body.token}/accept`)).status).toBe(200);
    const projectView = await owner.get(`/projects/${project.id}`);
    expect(projectView.body.members).toEqual([
      { reviewer: 'olive', role: 'owner' },
      { reviewer: 'rita', role: 'reviewer' },
      { reviewer: 'vera', role: 'viewer' },
    ]);
  });

  it('membership is consent: no one is added without accepting, no answer tells which accounts exist', async () => {
    const { owner, reviewer, project, client, twoway } = await team();
    // rita's own project: olive may not put herself (or anyone) into it, and is not told who has an account
    const ritas = (await reviewer.post('/projects', { title: 'Rita’s own review' })).body;
    const existing = await reviewer.put(`/projects/${ritas.id}/members/olive`, { role: 'owner' });
    const nobody = await reviewer.put(`/projects/${ritas.id}/members/no-such-person`, { role: 'owner' });
    expect([existing.status, nobody.status]).toEqual([404, 404]);
    expect(existing.body.error.message.replace('olive', 'X')).toBe(
      nobody.body.error.message.replace('no-such-person', 'X'),
    );
    expect(existing.body.error.message).toMatch(
      /is not a member of this project: send them an invitation link/,
    );
    expect((await reviewer.get(`/projects/${ritas.id}`)).body.members).toEqual([
      { reviewer: 'rita', role: 'owner' },
    ]);
    // a member's role still changes
    expect((await owner.put(`/projects/${project.id}/members/rita`, { role: 'viewer' })).status).toBe(204);
    // a link wears out after a few taken usernames: it cannot probe which usernames exist
    const invite = await owner.post('/invitations', { projectId: project.id, role: 'viewer' });
    const prober = client();
    const answers: string[] = [];
    for (const username of ['olive', 'rita', 'olive', 'rita', 'olive'])
      answers.push(
        (
          await prober.post(`/invitations/${invite.body.token}/accept`, {
            username,
            password: 'probe-pass-1',
          })
        ).body.error.message,
      );
    expect(answers[0]).toMatch(
      /the username olive is taken: choose another \(this link takes 4 more tries\)/,
    );
    expect(answers[4]).toMatch(/this link is now used up: ask for a new one/);
    expect((await prober.get(`/invitations/${invite.body.token}`)).status).toBe(404);
    const late = await prober.post(`/invitations/${invite.body.token}/accept`, {
      username: 'fresh-name',
      password: 'probe-pass-1',
    });
    expect(late.status).toBe(404);
    // a job of another project is no job to an outsider (the refusal named the project), and job ids are not a count
    const upload = await owner.upload(`/projects/${project.id}/imports`, { source: 'pubmed' }, [
      { name: 'a.ris', content: RIS },
      { name: 'b.ris', content: `${RIS}\n` },
    ]);
    const [a, b] = upload.body as { id: number }[];
    await twoway.jobs.idle();
    const stranger = await reviewer.post('/projects', { title: 'Elsewhere' });
    expect(stranger.status).toBe(200);
    const lonely = client();
    const lonelyInvite = await reviewer.post('/invitations', { projectId: stranger.body.id, role: 'owner' });
    await lonely.post(`/invitations/${lonelyInvite.body.token}/accept`, {
      username: 'lena',
      password: 'lena-pass-1',
    });
    const refused = await lonely.get(`/jobs/${a!.id}`);
    expect(refused.status).toBe(404);
    expect(refused.body.error.message).toBe(`there is no job ${a!.id}`);
    expect(Math.abs(a!.id - b!.id)).not.toBe(1);
  });

  it('a member of one project can neither read nor change another (every project route of the OpenAPI document)', async () => {
    const { owner, reviewer, project, twoway } = await team();
    const [job] = await importRis(owner, project.id);
    await finished(owner, twoway, job!.id);
    const other = (await reviewer.post('/projects', { title: 'Rita’s own review' })).body;
    expect(other.myRole).toBe('owner');
    const spec = (await owner.get('/api/openapi.json')).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    const routes = Object.entries(spec.paths).filter(([path]) => path.includes('{projectId}'));
    expect(routes.length).toBeGreaterThanOrEqual(20);
    const outsider = new ApiClient(twoway.app);
    await outsider.post('/login', { username: 'rita', password: 'reviewer-password' });
    // rita leaves olive's project: olive demotes her to nothing by re-inviting is not possible, so use a third account
    const invite = await owner.post('/invitations', { role: 'reviewer' });
    const stranger = new ApiClient(twoway.app);
    await stranger.post(`/invitations/${invite.body.token}/accept`, {
      username: 'sam',
      password: 'stranger-pass',
    });
    const record = (await owner.get(`/projects/${project.id}/records`)).body.records[0].id as number;
    const before = JSON.stringify((await owner.get(`/projects/${project.id}/dashboard`)).body);
    let checked = 0;
    for (const [path, methods] of routes) {
      for (const method of Object.keys(methods)) {
        const url = path
          .replace('/api/v1', '')
          .replace('{projectId}', String(project.id))
          .replace('{recordId}', String(record))
          .replace('{clusterId}', '1')
          .replace('{searchId}', '1')
          .replace('{username}', 'sam');
        const query = url.includes('?') ? '' : '?stage=title-abstract&format=json';
        const bodies: Record<string, unknown> = {
          '/decisions': { recordId: record, stage: 'title-abstract', value: 'include' },
          '/resolutions': { recordId: record, stage: 'title-abstract', value: 'include' },
          '/protocol': {
            protocol: {
              inclusionCriteria: [],
              exclusionCriteria: [],
              exclusionReasons: [],
              languages: [],
              plannedSources: [],
              screening: { reviewersRequired: 1, blind: false },
            },
          },
          '/saved-searches': { name: 'x', query: 'twinning' },
          '/records/search': { query: 'twinning' },
          '/dedupe': { auto: true },
          '/merge': { recordIds: [record, record + 1] },
          '/not-duplicate': { a: record, b: record + 1 },
          '/members/sam': { role: 'owner' },
          '/retrieval': { status: 'retrieved' },
          '/codebook/edits': { op: 'retire', dimension: 'level', code: 'partnership' },
          '/codebook/form': { form: {} },
          '/codebook/import': { framework: {} },
          [`/coding/${record}`]: { coding: { fields: {}, items: [] }, frameworkVersion: 1 },
          '/consensus': { coding: { fields: {}, items: [] }, frameworkVersion: 1 },
          '/prior': { relevant: true },
          '/records/bulk': { action: 'tag', tag: 'x', recordIds: [record] },
          '/prioritisation/stop': { reason: 'enough' },
        };
        const body = Object.entries(bodies).find(([suffix]) => url.endsWith(suffix))?.[1] ?? {};
        // the query strings a change needs to pass its schema (what is missing is a 400 before any access check)
        const changeQueries: Record<string, string> = { '/tags': '?name=x&tag=x' };
        const changeQuery = Object.entries(changeQueries).find(([suffix]) => url.endsWith(suffix))?.[1] ?? '';
        const response =
          method === 'get'
            ? await stranger.get(`${url}${query}`)
            : await stranger.request(method.toUpperCase() as 'POST', `${url}${changeQuery}`, body);
        expect({ method, path, status: response.status }).toEqual({ method, path, status: 404 });
        expect(response.body.error.code).toBe('E_NOT_FOUND');
        checked++;
      }
    }
    expect(checked).toBe(routes.reduce((n, [, m]) => n + Object.keys(m).length, 0));
    expect(JSON.stringify((await owner.get(`/projects/${project.id}/dashboard`)).body)).toBe(before);
  });

  it('roles: a viewer reads but does not screen; a reviewer screens but does not edit the protocol or read the audit log', async () => {
    const { owner, reviewer, project, twoway, client } = await team();
    const [job] = await importRis(owner, project.id);
    expect((await finished(owner, twoway, job!.id)).state).toBe('done');
    const invite = await owner.post('/invitations', { projectId: project.id, role: 'viewer' });
    const viewer = client();
    await viewer.post(`/invitations/${invite.body.token}/accept`, {
      username: 'vera',
      password: 'viewer-pass',
    });
    const records = (await viewer.get(`/projects/${project.id}/records`)).body;
    expect(records.count).toBe(3);
    const decide = await viewer.post(`/projects/${project.id}/decisions`, {
      recordId: records.records[0].id,
      stage: 'title-abstract',
      value: 'include',
    });
    expect(decide.status).toBe(403);
    const protocol = await reviewer.put(`/projects/${project.id}/protocol`, {
      protocol: {
        inclusionCriteria: ['x'],
        exclusionCriteria: [],
        exclusionReasons: [],
        languages: [],
        plannedSources: [],
        screening: { reviewersRequired: 1, blind: false },
      },
    });
    expect(protocol.status).toBe(403);
    expect((await reviewer.get(`/projects/${project.id}/audit`)).status).toBe(403);
    const log = await owner.get(`/projects/${project.id}/audit`);
    expect(log.body.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['project.create', 'invitation.create', 'invitation.accept', 'import']),
    );
  });

  it('imports uploads as jobs with their report, refuses the same file twice, and names a bad file in the error', async () => {
    const { owner, project, twoway } = await team();
    const upload = await owner.upload(
      `/projects/${project.id}/imports`,
      { source: 'pubmed', runDate: '2010-12-31' },
      [
        { name: 'pubmed.ris', content: RIS },
        { name: 'syed-2012-endnote-record.txt', content: readFileSync(SEED) },
      ],
    );
    expect(upload.status).toBe(200);
    expect(upload.body).toHaveLength(2);
    for (const job of upload.body) {
      const done = await finished(owner, twoway, job.id);
      expect(done.state).toBe('done');
    }
    const first = await finished(owner, twoway, upload.body[0].id);
    expect(first.result).toMatchObject({ recordsRead: 3, report: { format: 'ris' } });
    const searches = (await owner.get(`/projects/${project.id}/searches`)).body;
    expect(
      searches.map((s: { fileName: string; recordsRead: number; format: string }) => [
        s.fileName,
        s.recordsRead,
        s.format,
      ]),
    ).toEqual([
      ['pubmed.ris', 3, 'ris'],
      ['syed-2012-endnote-record.txt', 1, 'endnote'],
    ]);
    const [again] = await importRis(owner, project.id);
    const refused = await finished(owner, twoway, again!.id);
    expect(refused).toMatchObject({
      state: 'failed',
      error: { code: 'E_DUPLICATE_IMPORT', file: 'pubmed.ris' },
    });
    const [bad] = await importRis(owner, project.id, '\u0000\u0001binary\u0000', 'broken.ris');
    expect(await finished(owner, twoway, bad!.id)).toMatchObject({
      state: 'failed',
      error: { file: 'broken.ris' },
    });
    expect(
      (await owner.upload(`/projects/${project.id}/imports`, {}, [{ name: 'a.ris', content: RIS }])).body
        .error.code,
    ).toBe('E_INVALID_REQUEST');
    expect((await owner.get(`/projects/${project.id}/records`)).body.count).toBe(4);
  });

  it('an owner removes a wrong import after seeing what it does; a reviewer may not', async () => {
    const { owner, reviewer, project, twoway } = await team();
    const [json] = await importRis(
      owner,
      project.id,
      '{"name": "twoway", "version": "1.0.0"}',
      'package.json',
    );
    expect(await finished(owner, twoway, json!.id)).toMatchObject({
      state: 'failed',
      error: { code: 'E_NO_RECORDS', file: 'package.json' },
    });
    const [good] = await importRis(owner, project.id);
    await finished(owner, twoway, good!.id);
    const [search] = (await owner.get(`/projects/${project.id}/searches`)).body;
    const record = (await owner.get(`/projects/${project.id}/records`)).body.records[0].id as number;
    expect(
      (
        await reviewer.post(`/projects/${project.id}/decisions`, {
          recordId: record,
          stage: 'title-abstract',
          value: 'include',
        })
      ).status,
    ).toBe(200);
    const removal = `/projects/${project.id}/searches/${search.id}`;
    expect((await reviewer.get(`${removal}/removal`)).status).toBe(403);
    expect((await reviewer.request('DELETE', removal)).status).toBe(403);
    const preview = await owner.get(`${removal}/removal`);
    expect(preview.body).toMatchObject({ records: 3, keptThroughDuplicates: 0, discarded: { decisions: 1 } });
    const refused = await owner.request('DELETE', removal);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/would remove 1 decision/);
    const removed = await owner.request('DELETE', `${removal}?discardWork=true`);
    expect(removed.status).toBe(200);
    expect(removed.body).toEqual(preview.body);
    expect((await owner.get(`/projects/${project.id}/searches`)).body).toEqual([]);
    expect((await owner.get(`/projects/${project.id}/records`)).body.count).toBe(0);
    const prisma = (await owner.get(`/projects/${project.id}/dashboard`)).body.prisma;
    expect(prisma.database_results).toBe(0);
    const log = (await owner.get(`/projects/${project.id}/audit`)).body as {
      action: string;
      actor: string;
    }[];
    expect(log.find((e) => e.action === 'import.remove')).toMatchObject({ actor: 'olive' });
  });

  it.runIf(engine === 'sqlite')('a full disk answers 507 E_DISK_FULL and writes nothing', async () => {
    const { owner, project, twoway, store } = await team();
    const [job] = await importRis(owner, project.id);
    await finished(owner, twoway, job!.id);
    const record = (await owner.get(`/projects/${project.id}/records`)).body.records[0].id as number;
    store.sqlite!.pragma(`max_page_count = ${Number(store.sqlite!.pragma('page_count', { simple: true }))}`);
    // the file may not grow: decisions with long notes fill the pages it has, then one finds none left
    let stored = 0;
    let full: ApiResponse | undefined;
    for (let i = 0; i < 40 && !full; i++) {
      const answer = await owner.post(`/projects/${project.id}/decisions`, {
        recordId: record,
        stage: 'title-abstract',
        value: i % 2 ? 'include' : 'maybe',
        note: 'n'.repeat(5000),
      });
      if (answer.status === 200) stored++;
      else full = answer;
    }
    expect(full?.status).toBe(507);
    expect(full?.body.error).toMatchObject({
      code: 'E_DISK_FULL',
      message: expect.stringMatching(/nothing of this change was written/),
    });
    store.sqlite!.pragma('max_page_count = 1073741823');
    expect((await store.db.selectFrom('decision').selectAll().execute()).length).toBe(stored);
  });

  it('a long import runs beside the API: reads answer while it runs, a decision made meanwhile is kept', async () => {
    const { owner, reviewer, project, twoway } = await team();
    const [small] = await importRis(owner, project.id);
    await finished(owner, twoway, small!.id);
    const recordId = (await owner.get(`/projects/${project.id}/records?limit=1`)).body.records[0]
      .id as number;
    const big = join(mkdtempSync(join(tmpdir(), 'twoway-big-')), 'big.ris');
    await writeBenchFile(big, 'ris', 8000 * 2890);
    const upload = await owner.upload(`/projects/${project.id}/imports`, { source: 'embase' }, [
      { name: 'big.ris', content: readFileSync(big) },
    ]);
    const jobId = upload.body[0].id as number;
    while ((await owner.get(`/jobs/${jobId}`)).body.state !== 'running')
      await new Promise((r) => setTimeout(r, 10));
    // a read while the import's transaction is open: answered at once, the import still running
    const read = await reviewer.get(
      `/projects/${project.id}/records/${recordId}/screen?stage=title-abstract`,
    );
    expect(read.status).toBe(200);
    expect((await owner.get(`/jobs/${jobId}`)).body.state).toBe('running');
    // a write waits for the import's transaction, then is stored
    const decided = await reviewer.post(`/projects/${project.id}/decisions`, {
      recordId,
      stage: 'title-abstract',
      value: 'include',
    });
    expect(decided.status).toBe(200);
    const done = await finished(owner, twoway, jobId);
    expect(done.state).toBe('done');
    expect(done.result.recordsRead).toBeGreaterThan(7000);
    const after = await reviewer.get(
      `/projects/${project.id}/records/${recordId}/screen?stage=title-abstract`,
    );
    expect(after.body.status.votes).toEqual([{ reviewer: 'rita', value: 'include' }]);
    expect((await owner.get(`/projects/${project.id}/records?limit=1`)).body.count).toBe(
      3 + done.result.recordsRead,
    );
  });

  it('blind dual screening: neither reviewer sees the other’s vote; a conflict is resolved by the owner', async () => {
    const { owner, reviewer, project, twoway } = await team();
    const [job] = await importRis(owner, project.id);
    await finished(owner, twoway, job!.id);
    const next = await owner.get(`/projects/${project.id}/screening/next?stage=title-abstract`);
    const recordId = next.body.screen.record.id as number;
    expect(next.body.screen.record.title).toMatch(/^Developed-developing/);
    expect(
      (
        await owner.post(`/projects/${project.id}/decisions`, {
          recordId,
          stage: 'title-abstract',
          value: 'include',
        })
      ).status,
    ).toBe(200);
    const progress = (who: typeof owner) =>
      who.get(`/projects/${project.id}/screening/progress?stage=title-abstract`);
    expect((await progress(owner)).body).toEqual({ decidedByMe: 1, records: 3 });
    expect((await progress(reviewer)).body).toEqual({ decidedByMe: 0, records: 3 });
    const ritaNext = await reviewer.get(`/projects/${project.id}/screening/next?stage=title-abstract`);
    expect(ritaNext.body.screen.record.id).toBe(recordId);
    expect(ritaNext.body.screen.status.votes).toEqual([]); // olive's vote is hidden
    // one request a key press: the decision's answer brings the next record and the progress
    const pressed = await reviewer.post(`/projects/${project.id}/decisions?next=true`, {
      recordId,
      stage: 'title-abstract',
      value: 'exclude',
    });
    expect(pressed.status).toBe(200);
    expect(pressed.body.progress).toEqual({ decidedByMe: 1, records: 3 });
    expect(pressed.body.screen.record.id).toBeGreaterThan(recordId);
    expect(pressed.body.screen.record.id).toBe(
      (await reviewer.get(`/projects/${project.id}/screening/next?stage=title-abstract&after=${recordId}`))
        .body.screen.record.id,
    );
    expect(pressed.body.screen.status.votes).toEqual([]);
    const ritaView = await reviewer.get(
      `/projects/${project.id}/records/${recordId}/screen?stage=title-abstract`,
    );
    // rita sees her own vote and the state it alone gives: not that the record is now in conflict
    expect(ritaView.body.status).toEqual({
      recordId,
      stage: 'title-abstract',
      state: 'awaiting-second',
      votes: [{ reviewer: 'rita', value: 'exclude' }],
    });
    expect((await reviewer.get(`/projects/${project.id}/conflicts?stage=title-abstract`)).body).toEqual([]);
    expect((await reviewer.get(`/projects/${project.id}/agreement?stage=title-abstract`)).status).toBe(403);
    const conflicts = await owner.get(`/projects/${project.id}/conflicts?stage=title-abstract`);
    expect(conflicts.body).toHaveLength(1);
    expect(conflicts.body[0].status.votes).toHaveLength(2); // the owner resolving sees both
    expect(
      (
        await reviewer.post(`/projects/${project.id}/resolutions`, {
          recordId,
          stage: 'title-abstract',
          value: 'exclude',
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await owner.post(`/projects/${project.id}/resolutions`, {
          recordId,
          stage: 'title-abstract',
          value: 'include',
        })
      ).status,
    ).toBe(200);
    const resolved = await reviewer.get(
      `/projects/${project.id}/records/${recordId}/screen?stage=title-abstract`,
    );
    expect(resolved.body.status).toEqual({
      recordId,
      stage: 'title-abstract',
      state: 'awaiting-second',
      votes: [{ reviewer: 'rita', value: 'exclude' }],
    });
    const ownerView = await owner.get(
      `/projects/${project.id}/records/${recordId}/screen?stage=title-abstract`,
    );
    expect(ownerView.body.status).toMatchObject({ state: 'included', resolvedBy: 'olive' });
    expect(ownerView.body.status.votes).toHaveLength(2);
    // a vote taken back on a settled record is on the owners' record, with the state it was in
    for (const value of ['retract', 'exclude'])
      await reviewer.post(`/projects/${project.id}/decisions`, { recordId, stage: 'title-abstract', value });
    const changes = ((await owner.get(`/projects/${project.id}/audit`)).body as { action: string }[]).filter(
      (e) => e.action === 'decision.change-after-settled',
    );
    expect(changes).toMatchObject([
      {
        actor: 'rita',
        detail: { recordId, stage: 'title-abstract', state: 'included', from: 'exclude', to: 'retract' },
      },
    ]);
    const agreement = await owner.get(`/projects/${project.id}/agreement?stage=title-abstract`);
    expect(agreement.body[0]).toMatchObject({ reviewers: ['olive', 'rita'], n: 1, percent: 0 });
    // the full text could not be obtained: PRISMA's "reports not retrieved"
    expect(
      (
        await reviewer.put(`/projects/${project.id}/records/${recordId}/retrieval`, {
          status: 'not-retrieved',
          location: 'asked the library',
        })
      ).status,
    ).toBe(204);
    const fullText = await owner.get(`/projects/${project.id}/records/${recordId}/screen?stage=full-text`);
    expect(fullText.body.retrieval).toMatchObject({
      status: 'not-retrieved',
      location: 'asked the library',
      reviewer: 'rita',
    });
    expect((await owner.get(`/projects/${project.id}/prisma`)).body).toMatchObject({
      dbr_sought_reports: 1,
      dbr_notretrieved_reports: 1,
    });
    const dashboard = (await owner.get(`/projects/${project.id}/dashboard`)).body;
    expect(dashboard.stages[0]).toMatchObject({
      stage: 'title-abstract',
      records: 3,
      states: { included: 1, unscreened: 2 },
    });
    expect(dashboard.stages[1]).toMatchObject({ stage: 'full-text', records: 1, states: { unscreened: 1 } });
    expect(dashboard.reviewers).toEqual(
      expect.arrayContaining([{ reviewer: 'olive', stage: 'title-abstract', decided: 1 }]),
    );
    // an exclusion reason must come from the protocol's list
    await owner.put(`/projects/${project.id}/protocol`, {
      protocol: {
        inclusionCriteria: [],
        exclusionCriteria: [],
        exclusionReasons: ['wrong population'],
        languages: [],
        plannedSources: [],
        screening: { reviewersRequired: 2, blind: true },
      },
    });
    const other = (await owner.get(`/projects/${project.id}/screening/next?stage=title-abstract`)).body.screen
      .record.id;
    const badReason = await owner.post(`/projects/${project.id}/decisions`, {
      recordId: other,
      stage: 'title-abstract',
      value: 'exclude',
      reason: 'too long',
    });
    expect(badReason.body.error.code).toBe('E_USAGE');
  });

  it('deduplication runs as a job; pairs are merged, kept apart, and merges undone', async () => {
    const { owner, project, twoway } = await team();
    const [a] = await importRis(owner, project.id);
    await finished(owner, twoway, a!.id);
    const seed = await owner.upload(`/projects/${project.id}/imports`, { source: 'grey-literature' }, [
      { name: 'seed.txt', content: readFileSync(SEED) },
    ]);
    await finished(owner, twoway, seed.body[0].id);
    const job = await owner.post(`/projects/${project.id}/dedupe`, { auto: true });
    const done = await finished(owner, twoway, job.body.id);
    expect(done).toMatchObject({ state: 'done', result: { clusters: 1, applied: true } });
    const duplicates = (await owner.get(`/projects/${project.id}/duplicates`)).body;
    expect(duplicates.clusters).toHaveLength(1);
    expect((await owner.get(`/projects/${project.id}/prisma`)).body).toMatchObject({ duplicates: 1 });
    // the record list counts the cluster once, as its canonical record, unless every record is asked for
    const listed = (await owner.get(`/projects/${project.id}/records`)).body;
    const everyListed = (await owner.get(`/projects/${project.id}/records?everyRecord=true`)).body;
    expect(listed).toMatchObject({ count: everyListed.count - 1, duplicatesSetAside: 1 });
    expect(Object.values(listed.duplicatesBeside)).toEqual([1]);
    expect(everyListed).toMatchObject({ duplicatesSetAside: 0, duplicatesBeside: {} });
    const clusterId = duplicates.clusters[0].id as number;
    expect((await owner.post(`/projects/${project.id}/duplicates/${clusterId}/undo`)).status).toBe(204);
    expect((await owner.post(`/projects/${project.id}/duplicates/${clusterId}/undo`)).body.error.code).toBe(
      'E_CONFLICT',
    );
    const ids = (await owner.get(`/projects/${project.id}/records`)).body.records.map(
      (r: { id: number }) => r.id,
    ) as number[];
    const merged = await owner.post(`/projects/${project.id}/duplicates/merge`, {
      recordIds: [ids[1], ids[2]],
    });
    expect(merged.status).toBe(200);
    expect(
      (await owner.post(`/projects/${project.id}/duplicates/not-duplicate`, { a: ids[0], b: ids[3] })).status,
    ).toBe(204);
  });

  it('search, PRISMA and export: hostile text stays data', async () => {
    const { owner, project, twoway } = await team();
    const [job] = await importRis(owner, project.id);
    await finished(owner, twoway, job!.id);
    // a GET (a link anyone can send) never writes the search history; an explicit search does
    const looked = await owner.get(
      `/projects/${project.id}/records?query=${encodeURIComponent('twinning[ti] OR kenya')}`,
    );
    expect(looked.body.count).toBe(2);
    expect(looked.body.historyNumber).toBeUndefined();
    expect((await owner.get(`/projects/${project.id}/search-history`)).body).toEqual([]);
    const search = await owner.post(`/projects/${project.id}/records/search`, {
      query: 'twinning[ti] OR kenya',
    });
    expect(search.body).toMatchObject({ count: 2, historyNumber: 1 });
    expect((await owner.get(`/projects/${project.id}/search-history`)).body).toHaveLength(1);
    expect(search.body.translation).toContain('"twinning"[Title]');
    expect(search.body.records[0].title).toBe('<script>alert(1)</script> Hospital twinning in Africa');
    const badQuery = await owner.get(
      `/projects/${project.id}/records?query=${encodeURIComponent('(twinning')}`,
    );
    expect(badQuery.status).toBe(400);
    expect(badQuery.body.error.code).toBe('E_QUERY_SYNTAX');
    const saved = await owner.post(`/projects/${project.id}/saved-searches`, {
      name: 'twinning',
      query: 'twinning',
    });
    expect(saved.body).toMatchObject({ name: 'twinning', resultCount: 1 });
    const prisma = await owner.get(`/projects/${project.id}/prisma`);
    expect(prisma.body).toMatchObject({ database_results: 3, duplicates: 0 });
    const svg = await owner.get(`/projects/${project.id}/prisma?format=svg`);
    expect(svg.raw.headers['content-type']).toContain('image/svg+xml');
    expect(svg.body).toContain('<svg');
    const png = await owner.get(`/projects/${project.id}/prisma?format=png`);
    expect(png.raw.rawPayload.subarray(1, 4).toString()).toBe('PNG');
    const ris = await owner.get(`/projects/${project.id}/export?format=ris`);
    expect(ris.raw.headers['content-disposition']).toBe(
      `attachment; filename="APPS-partnerships.ris"; filename*=UTF-8''APPS-partnerships.ris`,
    );
    // a title outside Latin-1 (a header may not hold it raw): the download answered 500
    const cyrillic = (await owner.post('/projects', { title: 'Партнёрства больниц: Ελλάδα 医院' })).body;
    const named = await owner.get(`/projects/${cyrillic.id}/export?format=ris`);
    expect(named.status).toBe(200);
    expect(named.raw.headers['content-disposition']).toBe(
      `attachment; filename="twoway.ris"; filename*=UTF-8''${encodeURIComponent('Партнёрства-больниц-Ελλάδα-医院.ris')}`,
    );
    const flow = await owner.get(`/projects/${cyrillic.id}/prisma?format=svg&download=true`);
    expect(flow.status).toBe(200);
    expect(flow.raw.headers['content-disposition']).toMatch(/filename\*=UTF-8''%D0%9F/);
    expect(ris.body).toContain('TI  - <script>alert(1)</script> Hospital twinning in Africa');
    expect((await owner.get(`/projects/${project.id}/export?format=docx`)).status).toBe(400);
  });

  it('answers errors in one shape: unknown routes, invalid and oversized bodies', async () => {
    const { client } = await start({ bodyLimit: 2048 });
    const c = client();
    const missing = await c.get('/nothing-here');
    expect(missing).toMatchObject({ status: 404, body: { error: { code: 'E_NOT_FOUND' } } });
    // a stranger is refused before the body is validated: 401, and nothing of the route's schema
    const stranger = await c.post('/projects', { title: 42, extra: 'x' });
    expect(stranger).toMatchObject({ status: 401, body: { error: { code: 'E_UNAUTHENTICATED' } } });
    expect(JSON.stringify(stranger.body)).not.toMatch(/title|must be/);
    const screening = await c.post('/projects/1/decisions', {});
    expect(screening.status).toBe(401);
    const invalid = await c.post('/login', { username: 42 });
    expect(invalid).toMatchObject({ status: 400, body: { error: { code: 'E_INVALID_REQUEST' } } });
    const huge = await c.post('/login', { username: 'a', password: 'x'.repeat(5000) });
    expect(huge).toMatchObject({ status: 413, body: { error: { code: 'E_TOO_LARGE' } } });
    const spec = await c.get('/api/openapi.json');
    expect(spec.body.openapi).toBe('3.1.0');
    // served over plain HTTP (no --secure-cookies), the pages must not be sent to https
    const csp = String(spec.raw.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('upgrade-insecure-requests');
  });
});
