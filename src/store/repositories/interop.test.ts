import { afterEach, describe, expect, it } from 'vitest';
import { iatiSchemaFaults } from '../iati-schema.js';
import { openStore, type Store } from '../open-store.js';
import { freshLocation, testEngines } from '../test-support/engines.js';
import { recordActivity } from './activities.js';
import { openRound, readRound, saveReport } from './benefit-reports.js';
import { loadDemoRegistry } from './demo-registry.js';
import { registryIati, roundDhis2, roundDhis2Template } from './interop-store.js';
import { addInstitution, createPartnership } from './partnerships.js';
import { grantRegistryRole } from './registry-grants.js';

const CORA = { name: 'cora', admin: true };
const OPTIONS = {
  reportingOrg: { ref: 'XM-DAC-41114', name: 'Example programme <script>', type: '21' },
  organisationRefs: new Map([[1, 'GB-NHS-RXX']]),
  generatedAt: '2026-12-02T10:00:00Z',
};

const opened: Store[] = [];
afterEach(async () => {
  while (opened.length) await opened.pop()?.close();
});

describe.each(testEngines())('IATI activity files on %s', (engine) => {
  async function demo() {
    const store = await openStore(await freshLocation(engine));
    opened.push(store);
    await loadDemoRegistry(store, CORA);
    return store;
  }

  it('writes the registry as IATI 2.03 that passes the standard’s own schema, indicators of open rounds as results', async () => {
    const store = await demo();
    const xml = await registryIati(store, CORA, {}, OPTIONS);
    expect(await iatiSchemaFaults(xml)).toEqual([]);
    expect(xml.match(/<iati-activity /g)).toHaveLength(2);
    expect(xml).toContain(
      '<reporting-org ref="XM-DAC-41114" type="21"><narrative>Example programme &lt;script&gt;</narrative>',
    );
    expect(xml).toContain('<participating-org role="4" ref="GB-NHS-RXX">');
    expect(xml).toContain('<recipient-country code="UG"/>');
    expect(xml).toContain('<recipient-country code="ML"/>');
    // the UK–Uganda partnership's two indicators, each a result with its baseline and its round's actual
    expect(xml.match(/<result type="2">/g)).toHaveLength(2);
    expect(xml).toMatch(
      /<title><narrative>hand-hygiene compliance<\/narrative><\/title>[\s\S]*?<baseline year="2010" value="28"\/>[\s\S]*?<period-start iso-date="2010-03-01"\/>[\s\S]*?<actual value="61"\/>/,
    );
    // the validator is real: a misplaced element fails it, with its line
    const broken = xml.replace('<activity-status code="2"/>', '');
    expect((await iatiSchemaFaults(broken))[0]).toMatch(/^\d+: .*activity-date.*not expected/);
    // one partnership, by scope
    const one = await registryIati(store, CORA, { programme: 'esther' }, OPTIONS);
    expect(one.match(/<iati-activity /g)).toHaveLength(1);
    expect(one).not.toContain('<result');
  });

  it('a round as DHIS2 data values: a template to fill in, then the values; a blind round is refused', async () => {
    const store = await demo();
    await expect(roundDhis2Template(store, 3, CORA)).rejects.toMatchObject({ code: 'E_FORBIDDEN' }); // 1 of 2 in
    const template = (await roundDhis2Template(store, 1, CORA)) as {
      orgUnits: Record<string, string>;
      counts: Record<string, { dataElement: string }>;
      indicators: Record<string, { dataElement: string }>;
    };
    expect(Object.keys(template.orgUnits)).toEqual(['1', '2']);
    expect(Object.keys(template.indicators)).toEqual(['hand-hygiene compliance']);
    // a coordinator fills it in with the DHIS2 instance's ids
    let n = 0;
    const uid = () => `a${String(n++).padStart(10, '0')}`;
    const mapping = {
      period: '2010April',
      orgUnits: { '1': uid(), '2': uid() },
      counts: Object.fromEntries(Object.keys(template.counts).map((k) => [k, { dataElement: uid() }])),
      indicators: { 'hand-hygiene compliance': { dataElement: uid() } },
    };
    const set = await roundDhis2(store, 1, CORA, mapping);
    expect(set.period).toBe('2010April');
    expect(
      set.dataValues.find((v) => v.dataElement === mapping.indicators['hand-hygiene compliance'].dataElement),
    ).toMatchObject({
      orgUnit: mapping.orgUnits['2'],
      value: '61',
    });
    const counted = set.dataValues.filter(
      (v) => v.dataElement !== mapping.indicators['hand-hygiene compliance'].dataElement,
    );
    const items = (await readRound(store, 1, CORA)).reports.reduce(
      (sum, r) => sum + r.report.benefits.reduce((s, b) => s + Math.max(1, b.buildingBlocks.length), 0),
      0,
    );
    expect(counted.reduce((sum, v) => sum + Number(v.value), 0)).toBe(items); // every item counted once a block
    const { period: _period, ...noPeriod } = mapping;
    await expect(roundDhis2(store, 1, CORA, noPeriod)).rejects.toThrow(/is no DHIS2 period; give "period"/);
  });

  it('keeps a blind round’s indicators out; hostile text stays text and the file stays valid', async () => {
    const store = await openStore(await freshLocation(engine));
    opened.push(store);
    const uk = await addInstitution(
      store,
      { name: 'UK <b>hospital</b> & co', type: 'university', country: 'GB' },
      CORA,
    );
    const ug = await addInstitution(
      store,
      { name: 'Uganda hospital', type: 'ministry', country: 'UG' },
      CORA,
    );
    const ke = await addInstitution(store, { name: 'Kenya hospital', type: 'ngo', country: 'KE' }, CORA);
    const p = await createPartnership(
      store,
      {
        title: '<script>alert(1)</script>',
        programme: 'thet',
        startDate: '2012-01-01',
        endDate: '2014-12-31',
        institutionIds: [uk.id, ug.id, ke.id],
      },
      CORA,
    );
    await grantRegistryRole(store, { who: 'obi', role: 'member', institutionId: ug.id }, CORA);
    await recordActivity(
      store,
      p.id,
      { type: 'training', title: 'course', startDate: '2012-03-01', travel: [], costs: [] },
      CORA,
    );
    const round = await openRound(
      store,
      { partnershipId: p.id, periodStart: '2012-01-01', periodEnd: '2012-12-31' },
      CORA,
    );
    await saveReport(
      store,
      {
        roundId: round.id,
        institutionId: ug.id,
        report: {
          benefits: [
            {
              description: 'blind <i>still</i>',
              buildingBlocks: [],
              learningAreas: [],
              sources: [],
              indicator: { name: 'secret', baseline: { value: 1 }, followUp: { value: 2 } },
            },
          ],
          costs: [],
          selfAssessment: [],
        },
        submit: true,
      },
      'obi',
    );
    const xml = await registryIati(store, CORA, { partnershipId: p.id }, OPTIONS);
    expect(await iatiSchemaFaults(xml)).toEqual([]);
    expect(xml).not.toContain('secret');
    expect(xml).toContain('<title><narrative>&lt;script&gt;alert(1)&lt;/script&gt;</narrative></title>');
    expect(xml).toContain('<activity-status code="4"/>'); // ended in 2014
    expect(xml).toContain('<activity-date type="4" iso-date="2014-12-31"/>');
    // two recipient countries share 100 %; a training activity adds medical training as a sector
    expect(xml).toContain('<recipient-country code="UG" percentage="50"/>');
    expect(xml).toContain('<sector vocabulary="1" code="12181" percentage="50"/>');
    expect(xml).toContain('type="80"'); // a university
    await expect(
      registryIati(store, CORA, {}, { ...OPTIONS, reportingOrg: { ref: 'nope', name: ' ', type: 'x' } }),
    ).rejects.toThrow(/not of IATI's form.*needs a name.*not an OrganisationType code/);
  });
});
