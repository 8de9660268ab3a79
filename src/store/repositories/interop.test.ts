import { afterEach, describe, expect, it } from 'vitest';
import { iatiSchemaFaults } from '../iati-schema.js';
import { openStore, type Store } from '../open-store.js';
import { freshLocation, testEngines } from '../test-support/engines.js';
import { recordActivity } from './activities.js';
import { openRound, saveReport } from './benefit-reports.js';
import { loadDemoRegistry } from './demo-registry.js';
import { registryIati } from './interop-store.js';
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
