import { describe, expect, it } from 'vitest';
import { openStore } from '../store/open-store.js';
import { freshLocation, testEngines } from '../store/test-support/engines.js';
import { buildApp } from './app.js';
import { ApiClient } from './test-support/api-client.js';
import { closedAfterEachTest } from './test-support/running-apps.js';

// closing cancels a retrain still waiting: these tests never wait for one
const running = closedAfterEachTest({ runWaitingRetrains: false });

const report = (direction: string, description: string) => ({
  benefits: [
    {
      description,
      direction,
      kind: 'transferable_innovation',
      buildingBlocks: ['health_workforce'],
      learningAreas: [],
      sources: [],
    },
  ],
  costs: [],
  selfAssessment: [{ principle: 'strategic', score: 3 }],
});

describe.each(testEngines())('two-way reporting through the API on %s', (engine) => {
  it('the administrator sets the registry up; each side reports blind on every route until both have submitted', async () => {
    const store = await openStore(await freshLocation(engine));
    const twoway = await buildApp({ store });
    running.push({ app: twoway, store });
    const admin = new ApiClient(twoway.app);
    await admin.post('/signup', { username: 'cora', password: 'coordinator-pw' });
    const people: Record<string, ApiClient> = {};
    for (const name of ['ann', 'obi', 'fay', 'mal']) {
      const invite = await admin.post('/invitations', {});
      people[name] = new ApiClient(twoway.app);
      expect(
        (
          await people[name].post(`/invitations/${invite.body.token}/accept`, {
            username: name,
            password: `${name}-password`,
          })
        ).status,
      ).toBe(200);
    }
    const uk = (
      await admin.post('/institutions', {
        name: 'Example Teaching Hospital',
        type: 'hospital',
        country: 'GB',
      })
    ).body;
    const ug = (
      await admin.post('/institutions', {
        name: 'Example District Hospital',
        type: 'hospital',
        country: 'Uganda',
      })
    ).body;
    const p = (
      await admin.post('/partnerships', {
        title: 'UK–Uganda',
        programme: 'apps',
        startDate: '2012-01-10',
        institutionIds: [uk.id, ug.id],
      })
    ).body;
    expect(p.institutions.map((i: { side: string }) => i.side)).toEqual(['high-income', 'low-middle-income']);
    for (const [who, role, institutionId] of [
      ['ann', 'member', uk.id],
      ['obi', 'member', ug.id],
      ['fay', 'viewer', undefined],
    ] as const)
      expect(
        (await admin.post('/registry/grants', { who, role, ...(institutionId ? { institutionId } : {}) }))
          .status,
      ).toBe(200);
    expect(
      (await people.ann!.post('/institutions', { name: 'X', type: 'hospital', country: 'FR' })).status,
    ).toBe(403);
    const round = (
      await admin.post(`/partnerships/${p.id}/rounds`, { periodStart: '2012-01-01', periodEnd: '2012-12-31' })
    ).body;
    expect(
      (
        await people.ann!.put(`/rounds/${round.id}/reports/${uk.id}`, {
          report: report('to_high_income', 'Nurses learnt <script>alert(1)</script>'),
          submit: true,
        })
      ).status,
    ).toBe(200);
    // every route that could tell obi, fay or cora what ann reported tells nothing yet
    for (const client of [people.obi!, people.fay!, admin]) {
      expect((await client.get(`/rounds/${round.id}`)).body.reports).toEqual([]);
      expect((await client.get(`/rounds/${round.id}/divergence`)).status).toBe(403);
      expect((await client.get('/mutuality')).body.counts.to_high_income).toBe(0);
      expect((await client.get('/business-case')).body.reports).toBe(0);
      expect((await client.get('/business-case?format=html')).body).not.toContain('Nurses learnt');
      expect((await client.get('/benefit-flow')).body.links).toEqual([]);
      expect((await client.get('/benefit-flow?format=svg')).raw.body).not.toContain('Health workforce');
    }
    // the audit log says who submitted which version, never what the report says
    const audit = (await admin.get('/registry/audit')).body as { action: string; detail: object }[];
    expect(audit.find((e) => e.action === 'report.submit')?.detail).toEqual({
      round: round.id,
      institution: uk.id,
      version: 1,
    });
    expect(JSON.stringify(audit)).not.toContain('Nurses learnt');
    expect((await people.obi!.get('/registry/audit')).status).toBe(403);
    expect((await people.mal!.get(`/rounds/${round.id}`)).status).toBe(403);
    expect(
      (
        await people.obi!.put(`/rounds/${round.id}/reports/${uk.id}`, {
          report: report('mutual', 'x'),
          submit: true,
        })
      ).status,
    ).toBe(403);
    const bad = await people.obi!.put(`/rounds/${round.id}/reports/${ug.id}`, {
      report: {
        benefits: [
          { description: 'x', direction: 'sideways', buildingBlocks: [], learningAreas: [], sources: [] },
        ],
        costs: [],
        selfAssessment: [],
      },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error.message).toContain('/benefits/0/direction');
    expect(
      (
        await people.obi!.put(`/rounds/${round.id}/reports/${ug.id}`, {
          report: report('to_low_middle_income', 'Handrub'),
          submit: true,
        })
      ).status,
    ).toBe(200);
    const open = (await people.fay!.get(`/rounds/${round.id}`)).body;
    expect(open.reports.map((r: { institutionId: number }) => r.institutionId)).toEqual([uk.id, ug.id]);
    expect((await people.fay!.get('/mutuality')).body.index).toBe(1);
    const html = (await people.fay!.get('/business-case?format=html')).body as string;
    expect(html).toContain('Nurses learnt &lt;script&gt;alert(1)&lt;/script&gt;');
    expect((await people.fay!.get(`/countries/CN?date=2011-08-01`)).body.classification).toMatchObject({
      group: 'upper-middle',
      dataYear: 2010,
    });
    const flow = (await people.fay!.get(`/benefit-flow?partnership=${p.id}`)).body;
    expect(flow.links).toContainEqual(
      expect.objectContaining({ from: 'from:low-middle-income', to: 'block:health_workforce', items: 1 }),
    );
    const svg = await people.fay!.get('/benefit-flow?format=svg');
    expect(svg.raw.headers['content-type']).toContain('image/svg+xml');
    expect(svg.raw.body).toContain('Health workforce');
    const png = await people.fay!.get('/benefit-flow?format=png');
    expect(png.raw.rawPayload.subarray(1, 4).toString()).toBe('PNG');
    expect((await people.fay!.get('/benefit-flow?format=pdf')).status).toBe(400);

    // activities: a partner's member records one; a viewer reads, never writes
    const visit = {
      type: 'exchange_visit',
      title: 'Theatre nurses <script>visit</script>',
      startDate: '2012-05-07',
      country: 'GB',
      travel: [{ fromInstitutionId: ug.id, toInstitutionId: uk.id, cadre: 'nurse', count: 4 }],
      costs: [{ description: 'Flights', amount: 5200, currency: 'GBP' }],
    };
    expect((await people.fay!.post(`/partnerships/${p.id}/activities`, visit)).status).toBe(403);
    const badActivity = await people.obi!.post(`/partnerships/${p.id}/activities`, {
      ...visit,
      endDate: '2011-01-01',
    });
    expect([badActivity.status, badActivity.body.error.message]).toEqual([
      400,
      expect.stringContaining('/endDate'),
    ]);
    const activity = (await people.obi!.post(`/partnerships/${p.id}/activities`, visit)).body;
    expect(activity).toMatchObject({ country: 'GBR', recordedBy: 'obi' });
    const listed = (await people.fay!.get(`/partnerships/${p.id}/activities`)).body;
    expect([listed.activities.length, listed.mobility.toHighIncome]).toEqual([1, 4]);
    expect(
      (await people.obi!.put(`/activities/${activity.id}`, { ...visit, title: 'Visit' })).body.title,
    ).toBe('Visit');
    expect((await people.fay!.get('/business-case')).body.costTotals).toEqual({ GBP: 5200 });
    expect((await people.obi!.request('DELETE', `/activities/${activity.id}`)).status).toBe(204);
    expect((await people.fay!.get(`/partnerships/${p.id}/activities`)).body.activities).toEqual([]);

    const dhis2 = await people.fay!.post(`/rounds/${round.id}/dhis2`, {
      mapping: {
        period: '2012',
        orgUnits: { [uk.id]: 'DiszpKrYNg8', [ug.id]: 'ImspTQPwCqd' },
        counts: {
          'to_high_income|health_workforce': { dataElement: 'fbfJHSPpUQD' },
          'to_low_middle_income|health_workforce': { dataElement: 'cYeuwXTCPkU' },
        },
        indicators: {},
      },
    });
    expect(dhis2.status, JSON.stringify(dhis2.body)).toBe(200);
    expect(dhis2.body.dataValues).toHaveLength(4);
    const iati = await people.fay!.get(
      `/iati?reportingOrgRef=XM-DAC-41114&reportingOrgName=Example&reportingOrgType=21&orgRefs=${uk.id}=GB-NHS-RXX`,
    );
    expect(iati.raw.headers['content-type']).toContain('application/xml');
    expect(iati.raw.body).toContain('<participating-org role="4" ref="GB-NHS-RXX">');
    expect(
      (await people.fay!.get('/iati?reportingOrgRef=x&reportingOrgName=y&reportingOrgType=21')).status,
    ).toBe(400);
    // the XLSForm, and its submissions back: a member imports a KoboToolbox JSON export as a draft
    const xlsform = await people.obi!.get(`/partnerships/${p.id}/xlsform`);
    expect(xlsform.raw.headers['content-type']).toContain('spreadsheetml');
    expect(xlsform.raw.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const next = (
      await admin.post(`/partnerships/${p.id}/rounds`, { periodStart: '2013-01-01', periodEnd: '2013-12-31' })
    ).body;
    const framework = (await people.obi!.get('/frameworks/twoway-benefits')).body as { version: number };
    const kobo = [
      {
        'meta/instanceID': 'uuid:api-1',
        form_version: `twoway-benefits-${framework.version}-1`,
        institution: String(ug.id),
        round: String(next.id),
        benefits: [{ 'benefits/description': 'Collected offline', 'benefits/direction': 'mutual' }],
      },
    ];
    const imported = await people.obi!.post('/submissions', {
      files: [{ name: 'kobo.json', text: JSON.stringify(kobo) }],
    });
    expect([imported.status, imported.body[0]?.status]).toEqual([200, 'draft']);
    const again = await people.obi!.post('/submissions', {
      files: [{ name: 'kobo.json', text: JSON.stringify(kobo) }],
    });
    expect([again.status, again.body.error.message]).toEqual([
      422,
      expect.stringContaining('imported before'),
    ]);
    // every export is described in the OpenAPI document
    const paths = Object.keys(((await admin.get('/api/openapi.json')).body as { paths: object }).paths);
    for (const path of [
      '/api/v1/iati',
      '/api/v1/rounds/{id}/dhis2',
      '/api/v1/partnerships/{id}/xlsform',
      '/api/v1/submissions',
      '/api/v1/benefit-flow',
      '/api/v1/business-case',
    ])
      expect(paths, path).toContain(path);
    const schema = await new ApiClient(twoway.app).get('/schemas/benefit-report-v1.json');
    expect(JSON.parse(schema.raw.body)).toMatchObject({ title: 'Twoway benefit report v1' });
  });
});
