import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFile } from '../store/import/imports.js';
import { openStore } from '../store/open-store.js';
import { recordDecision } from '../store/repositories/screening-store.js';
import { freshLocation, testEngines } from '../store/test-support/engines.js';
import { buildApp } from './app.js';
import { ApiClient } from './test-support/api-client.js';
import { closedAfterEachTest } from './test-support/running-apps.js';

// closing cancels a retrain still waiting: these tests never wait for one
const running = closedAfterEachTest({ runWaitingRetrains: false });

const RIS = `TY  - JOUR
TI  - <script>alert(1)</script> Hospital twinning in Africa
AU  - Storr, J.
PY  - 2010
ER  - 
`;

const coding = (direction: string, description = 'Learnt task shifting <img src=x onerror=alert(1)>') => ({
  fields: { study_design: 'qualitative' },
  items: [
    {
      description,
      direction,
      buildingBlocks: ['health_workforce'],
      learningAreas: ['skills_substitution'],
      sources: [],
    },
  ],
});

describe.each(testEngines())('coding and synthesis through the API on %s', (engine) => {
  /** Twoway with an owner, two reviewers and a viewer, a project from the syed-2012 template, one included study. */
  async function team() {
    const store = await openStore(await freshLocation(engine));
    const twoway = await buildApp({ store });
    running.push({ app: twoway, store });
    const owner = new ApiClient(twoway.app);
    await owner.post('/signup', { username: 'olive', password: 'owner-password' });
    const project = (await owner.post('/projects', { title: 'Benefits', template: 'syed-2012' })).body;
    const member = async (username: string, role: string) => {
      const client = new ApiClient(twoway.app);
      const invite = await owner.post('/invitations', { projectId: project.id, role });
      expect(
        (
          await client.post(`/invitations/${invite.body.token}/accept`, {
            username,
            password: `${username}-password`,
          })
        ).status,
      ).toBe(200);
      return client;
    };
    const ana = await member('ana', 'reviewer');
    const ben = await member('ben', 'reviewer');
    const vic = await member('vic', 'viewer');
    const path = join(mkdtempSync(join(tmpdir(), 'twoway-coding-api-')), 'one.ris');
    writeFileSync(path, RIS);
    await importFile(store, { projectId: project.id, path, source: 'pubmed' });
    const recordId = (await store.db.selectFrom('record').select('id').executeTakeFirstOrThrow()).id;
    for (const stage of ['title-abstract', 'full-text'])
      for (const reviewer of ['ana', 'ben'])
        await recordDecision(store, { projectId: project.id, recordId, stage, reviewer, value: 'include' });
    return {
      store,
      owner,
      ana,
      ben,
      vic,
      project,
      recordId,
      url: `/projects/${project.id}/coding/${recordId}`,
    };
  }

  it('codes blind through the API: hidden until both submit, consensus, then the synthesis and the report', async () => {
    const { owner, ana, ben, vic, project, recordId, url } = await team();
    const book = (await vic.get(`/projects/${project.id}/codebook`)).body;
    expect(book.framework.id).toBe('twoway-benefits');
    expect(book.framework.dimensions.find((d: { id: string }) => d.id === 'direction').status).toBe(
      'reconstructed',
    );
    expect((await vic.put(url, { coding: coding('mutual'), frameworkVersion: 1, submit: true })).status).toBe(
      403,
    );
    expect(
      (await ana.put(url, { coding: coding('to_high_income'), frameworkVersion: 1, submit: true })).status,
    ).toBe(200);
    const bensView = (await ben.get(url)).body;
    expect(bensView).toMatchObject({ codings: [], hidden: 1, complete: false });
    expect((await owner.get(url)).body.codings).toEqual([]);
    expect(
      (await ben.post(`${url}/consensus`, { coding: coding('mutual'), frameworkVersion: 1 })).status,
    ).toBe(409);
    expect((await ben.put(url, { coding: coding('mutual'), frameworkVersion: 1, submit: true })).status).toBe(
      200,
    );
    expect((await ben.get(url)).body.codings).toHaveLength(2);
    expect(
      (await owner.post(`${url}/consensus`, { coding: coding('mutual'), frameworkVersion: 1 })).status,
    ).toBe(200);
    expect((await vic.get(`/projects/${project.id}/coding`)).body).toEqual([
      expect.objectContaining({
        recordId,
        citation: 'Storr 2010',
        submittedCoders: 2,
        complete: true,
        consensus: true,
      }),
    ]);
    const table = (await vic.get(`/projects/${project.id}/synthesis/table`)).body;
    expect(table.data.rows.find((r: { code: string }) => r.code === 'health_workforce')).toMatchObject({
      studies: 1,
      items: 1,
    });
    const map = (
      await vic.get(`/projects/${project.id}/synthesis/map?rows=building_block&cols=direction&segment=none`)
    ).body;
    expect(
      map.data.cells.find(
        (c: { row: string; col: string }) => c.row === 'health_workforce' && c.col === 'mutual',
      ).studies,
    ).toEqual([recordId]);
    const csv = await vic.get(`/projects/${project.id}/synthesis/items?format=csv&download=true`);
    expect(csv.raw.headers['content-disposition']).toMatch(/attachment; filename="Benefits-items\.csv"/);
    expect(csv.body).toContain('Storr 2010');
    const agreement = (await vic.get(`/projects/${project.id}/coding-agreement`)).body;
    // direction: to_high_income and mutual disagree, to_low_middle_income is absent for both: 1 of 3 codes agree
    expect(agreement.fields.find((f: { key: string }) => f.key === 'items.direction').percent).toBeCloseTo(
      1 / 3,
      10,
    );
    const report = (await vic.get(`/projects/${project.id}/report`)).body as string;
    expect(report).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(report).not.toContain('<img src=x');
    expect(report).toMatch(/coded by two coders independently, blind to each other until both had submitted/);
    expect(report).toContain('Screening agreement is shown to owners only while screening is blind');
    expect((await owner.get(`/projects/${project.id}/report`)).body).toContain(
      '<caption>Screening agreement</caption>',
    );
  });

  it('refuses bad codings with their JSON path, a stale framework version, and bad synthesis requests', async () => {
    const { ana, owner, project, url } = await team();
    const bad = await ana.put(url, {
      coding: {
        fields: {},
        items: [{ description: 'x', buildingBlocks: ['plumbing'], learningAreas: [], sources: [] }],
      },
      frameworkVersion: 1,
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error).toMatchObject({ code: 'E_CODING_INVALID' });
    expect(bad.body.error.message).toContain(
      '/items/0/buildingBlocks/0: "plumbing" is not a code of building_block',
    );
    expect(
      (
        await owner.post(`/projects/${project.id}/codebook/edits`, {
          op: 'retire',
          dimension: 'level',
          code: 'partnership',
        })
      ).status,
    ).toBe(200);
    const stale = await ana.put(url, { coding: coding('mutual'), frameworkVersion: 1 });
    expect(stale.status).toBe(409);
    expect(
      (
        await ana.post(`/projects/${project.id}/codebook/edits`, {
          op: 'retire',
          dimension: 'level',
          code: 'individual',
        })
      ).status,
    ).toBe(403);
    expect((await ana.get(`/projects/${project.id}/synthesis/map?rows=astrology`)).status).toBe(400);
    expect((await ana.get(`/projects/${project.id}/synthesis/table?format=png`)).status).toBe(400);
    const schema = await new ApiClient(running.at(-1)!.app.app).get('/schemas/benefit-item.json');
    expect(schema.status).toBe(200);
    expect(JSON.parse(schema.raw.body)).toMatchObject({
      $id: 'https://twoway.dev/schemas/benefit-item.json',
      title: 'Twoway benefit item',
    });
  });
});
