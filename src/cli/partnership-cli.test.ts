import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './test-support/run-cli.js';

// A partnership between a UK and a Ugandan hospital, one reporting round, from the command line, step by step.
describe('two-way benefit reporting from the command line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'twoway-partnership-cli-'));
  const { twoway, ok } = cli({ TWOWAY_DB: join(dir, 'registry.db'), TWOWAY_REVIEWER: 'cora' });
  const write = (name: string, value: unknown) => {
    writeFileSync(join(dir, name), JSON.stringify(value));
    return join(dir, name);
  };
  const ukReport = {
    benefits: [
      {
        description: 'Nurses learnt task shifting',
        direction: 'to_high_income',
        kind: 'transferable_innovation',
        buildingBlocks: ['health_workforce'],
        learningAreas: ['skills_substitution'],
        sources: [],
      },
      {
        description: 'Uganda got management training',
        direction: 'to_low_middle_income',
        buildingBlocks: ['leadership_governance'],
        learningAreas: [],
        sources: [],
      },
    ],
    costs: [{ description: 'Flights', amount: 4000, currency: 'GBP' }],
    selfAssessment: [{ principle: 'respectful_reciprocal', score: 4 }],
  };
  const ugReport = {
    benefits: [
      {
        description: 'Handrub made locally',
        direction: 'to_low_middle_income',
        buildingBlocks: ['medical_products'],
        learningAreas: ['local_product_manufacture'],
        sources: [],
      },
    ],
    costs: [],
    selfAssessment: [{ principle: 'respectful_reciprocal', score: 2 }],
  };

  it('sets up the registry: countries classified by year, institutions, a partnership with computed sides', async () => {
    expect(await ok('country', 'China', '--date', '2011-03-01')).toMatch(
      /lower-middle → low-middle-income \(World Bank high income in the year, data year 2009\)/,
    );
    expect(
      await ok('institution', 'add', '--name', 'Example Teaching Hospital', '--country', 'United Kingdom'),
    ).toMatch(/^institution 1/);
    expect(
      await ok('institution', 'add', '--name', 'Example District Hospital, Uganda', '--country', 'UG'),
    ).toMatch(/^institution 2/);
    const p = JSON.parse(
      await ok(
        'partnership',
        'add',
        '--title',
        'UK–Uganda twinning',
        '--start',
        '2012-01-10',
        '--institution',
        '1',
        '--institution',
        '2',
        '--programme',
        'apps',
        '--json',
      ),
    );
    expect(p.institutions.map((i: { side: string }) => i.side)).toEqual(['high-income', 'low-middle-income']);
    await ok('registry', 'grant', 'ann', '--role', 'member', '--institution', '1');
    await ok('registry', 'grant', 'obi', '--role', 'member', '--institution', '2');
    await ok('registry', 'grant', 'fay', '--role', 'viewer');
    // once cora coordinates, nobody else changes the registry
    const refused = await twoway('institution', 'add', '--name', 'X', '--country', 'FR', '--reviewer', 'ann');
    expect(refused.stderr).toMatch(/^E_FORBIDDEN ann is not a programme coordinator/);
    expect(
      await ok('report-round', 'open', '--partnership', '1', '--from', '2012-01-01', '--to', '2012-12-31'),
    ).toMatch(/^round 1/);
  });

  it('each side reports blind; the divergence waits until both have submitted', async () => {
    await ok(
      'benefit-report',
      'save',
      write('uk.json', ukReport),
      '--round',
      '1',
      '--institution',
      '1',
      '--submit',
      '--reviewer',
      'ann',
    );
    const blind = JSON.parse(await ok('report-round', 'show', '1', '--reviewer', 'obi', '--json'));
    expect(blind).toMatchObject({ open: false, reports: [], round: { submitted: [1] } });
    expect((await twoway('report-round', 'divergence', '1')).stderr).toMatch(/^E_FORBIDDEN round 1 is blind/);
    expect(
      (await twoway('benefit-report', 'export', '--round', '1', '--institution', '1', '--reviewer', 'fay'))
        .stderr,
    ).toMatch(/^E_NOT_FOUND/);
    await ok(
      'benefit-report',
      'save',
      write('ug.json', ugReport),
      '--round',
      '1',
      '--institution',
      '2',
      '--submit',
      '--reviewer',
      'obi',
    );
    const d = JSON.parse(await ok('report-round', 'divergence', '1', '--json'));
    expect(d.claimedNotReported.map((c: { description: string }) => c.description)).toEqual([
      'Uganda got management training',
    ]);
    expect(d.widestGaps[0]).toMatchObject({ principle: 'respectful_reciprocal', gap: 2 });
  });

  it('mutuality, the business case and the standard document, out and back in', async () => {
    const m = JSON.parse(await ok('mutuality', '--json', '--reviewer', 'fay'));
    expect(m.counts).toEqual({ to_high_income: 1, to_low_middle_income: 2, mutual: 0, unspecified: 0 });
    expect(m.index).toBeCloseTo(1 - 1 / 3, 10);
    const bc = JSON.parse(await ok('business-case', '--format', 'json', '--reviewer', 'fay'));
    expect(bc).toMatchObject({
      scope: 'the whole registry',
      partnerships: 1,
      rounds: 1,
      reports: 2,
      costTotals: { GBP: 4000 },
      evidence: null,
    });
    expect(await ok('business-case', '--reviewer', 'fay')).toMatch(/No review project is linked/);
    const exported = join(dir, 'uk-document.json');
    await ok(
      'benefit-report',
      'export',
      '--round',
      '1',
      '--institution',
      '1',
      '-o',
      exported,
      '--reviewer',
      'fay',
    );
    const doc = JSON.parse(readFileSync(exported, 'utf8'));
    expect(doc).toMatchObject({
      standard: 'twoway-benefit-report/1',
      reportingInstitution: { name: 'Example Teaching Hospital', side: 'high-income' },
      status: 'submitted',
      version: 1,
    });
    await ok('report-round', 'open', '--partnership', '1', '--from', '2013-01-01', '--to', '2013-12-31');
    const bad = {
      ...doc,
      report: {
        ...doc.report,
        benefits: [{ ...doc.report.benefits[0], direction: 'sideways' }],
        selfAssessment: [{ principle: 'charm', score: 9 }],
      },
    };
    const refused = await twoway(
      'benefit-report',
      'import',
      write('bad.json', bad),
      '--round',
      '2',
      '--institution',
      '1',
      '--reviewer',
      'ann',
    );
    expect(refused.stderr).toMatch(/^E_CODING_INVALID the benefit report is invalid:/);
    expect(refused.stderr).toContain('/report/selfAssessment/0/score');
    expect(JSON.parse(await ok('report-round', 'show', '2', '--reviewer', 'ann', '--json')).reports).toEqual(
      [],
    );
    await ok('benefit-report', 'import', exported, '--round', '2', '--institution', '1', '--reviewer', 'ann');
    const again = JSON.parse(await ok('report-round', 'show', '2', '--reviewer', 'ann', '--json'));
    expect(again.reports[0]).toMatchObject({ status: 'draft', report: doc.report });
  });

  it('activities with who travelled which way; the benefit flow as SVG and PNG; the audit log', async () => {
    const added = await ok(
      'activity',
      'add',
      '--partnership',
      '1',
      '--type',
      'exchange_visit',
      '--title',
      'Ugandan nurses visit',
      '--start',
      '2012-05-07',
      '--country',
      'GB',
      '--travel',
      '2:1:nurse:4',
      '--cost',
      'Flights=5200 GBP',
      '--cost',
      'Staff time',
    );
    expect(added).toMatch(
      /^recorded activity 1\n[\s\S]*travel: 4 nurse 2→1\n\s+costs: Flights 5200 GBP; Staff time/,
    );
    const refused = await twoway(
      'activity',
      'add',
      '--partnership',
      '1',
      '--type',
      'training',
      '--title',
      'x',
      '--start',
      '2012-01-01',
      '--travel',
      '2:9:nurse:1',
    );
    expect(refused.stderr).toMatch(
      /E_USAGE the activity is invalid:\n\s+\/travel\/0\/toInstitutionId: institution 9 is not a partner/,
    );
    expect((await twoway('activity', 'add', '--partnership', '1', '--travel', '2-1')).stderr).toMatch(
      /--type, --title and --start/,
    );
    expect(await ok('activity', 'list', '--reviewer', 'fay')).toMatch(
      /travelled to the high-income side: 4; to the low\/middle-income side: 0/,
    );
    expect(JSON.parse(await ok('business-case', '--format', 'json', '--reviewer', 'fay')).costTotals).toEqual(
      { GBP: 9200 },
    );
    const svg = await ok('benefit-flow', '--reviewer', 'fay');
    expect(svg).toMatch(/^<svg [\s\S]*Health workforce[\s\S]*<\/svg>$/);
    const png = join(dir, 'flow.png');
    await ok('benefit-flow', '--format', 'png', '-o', png, '--reviewer', 'fay');
    expect(readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
    expect((await twoway('benefit-flow', '--format', 'png')).stderr).toMatch(/needs -o <file>/);
    expect(await ok('registry', 'audit')).toMatch(/cora {2}activity\.record/);
    expect((await twoway('registry', 'audit', '--reviewer', 'ann')).stderr).toMatch(/^E_FORBIDDEN/);
  });
});

describe('twoway demo', () => {
  it('loads the labelled example registry into an empty one, once; its blind round counts nowhere', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'twoway-demo-'));
    const { twoway, ok } = cli({ TWOWAY_DB: join(dir, 'demo.db'), TWOWAY_REVIEWER: 'cora' });
    expect(await ok('demo')).toMatch(
      /^EXAMPLE DATA — fictional institutions[\s\S]*4 institutions, 2 partnerships, 3 rounds, 5 reports/,
    );
    const bc = JSON.parse(await ok('business-case', '--format', 'json'));
    // the Swiss–Malian round has one report of two: blind, so 2 open rounds and 4 reports are counted
    expect(bc).toMatchObject({ partnerships: 2, rounds: 2, reports: 4 });
    expect(bc.indicators.map((i: { change: number }) => i.change)).toEqual([33, 75]);
    expect((await twoway('demo')).stderr).toMatch(/^E_CONFLICT the registry has partnerships already/);
    // round 1 as DHIS2 data values: the template lists what the mapping needs
    const template = JSON.parse(await ok('dhis2', '--round', '1', '--template'));
    expect(Object.keys(template.orgUnits)).toEqual(['1', '2']);
    const mappingFile = join(dir, 'mapping.json');
    writeFileSync(mappingFile, JSON.stringify({ ...template, dataSet: undefined }));
    const incomplete = await twoway('dhis2', '--round', '1', '--mapping', mappingFile);
    expect(incomplete.stderr).toMatch(
      /^E_USAGE the DHIS2 mapping is invalid:\n\s+\/orgUnits\/1: [\s\S]*\(.*mapping\.json\)\n$/,
    );
    expect((await twoway('dhis2', '--round', '3', '--template')).stderr).toMatch(
      /^E_FORBIDDEN round 3 is blind/,
    );
    // the XLSForm for offline collection, and a submission back (the blind round 3's other side: Mali)
    const form = join(dir, 'form.xlsx');
    expect(await ok('benefit-report', 'xlsform', '--partnership', '2', '-o', form)).toMatch(
      /^wrote .*form\.xlsx/,
    );
    expect(readFileSync(form).subarray(0, 2).toString()).toBe('PK');
    const submissions = join(dir, 'kobo.json');
    const frameworkVersion = JSON.parse(
      readFileSync(
        join(import.meta.dirname, '..', '..', 'data', 'frameworks', 'twoway-benefits.json'),
        'utf8',
      ),
    ).version;
    writeFileSync(
      submissions,
      JSON.stringify([
        {
          'meta/instanceID': 'uuid:cli-1',
          form_version: `twoway-benefits-${frameworkVersion}-1`,
          institution: '4',
          round: '3',
          benefits: [
            { 'benefits/description': 'Collected on a phone', 'benefits/direction': 'to_high_income' },
          ],
        },
      ]),
    );
    expect(await ok('benefit-report', 'submissions', submissions, '--reviewer', 'example-ml')).toMatch(
      /^imported 1 submission: round 3 institution 4 \(draft v1\)/,
    );
    expect(
      (await twoway('benefit-report', 'submissions', submissions, '--reviewer', 'example-ml')).stderr,
    ).toMatch(/kobo\.json:1: instance uuid:cli-1 was imported before/);
    // the registry as an IATI activity file, checked against the standard's schema before it is written
    const iati = join(dir, 'activities.xml');
    const org = [
      '--reporting-org-ref',
      'XM-DAC-41114',
      '--reporting-org-name',
      'Example',
      '--reporting-org-type',
      '21',
    ];
    await ok('iati', ...org, '--org-ref', '1=GB-NHS-RXX', '-o', iati);
    expect(readFileSync(iati, 'utf8')).toMatch(
      /^<\?xml[\s\S]*<iati-activities version="2.03"[\s\S]*ref="GB-NHS-RXX"/,
    );
    expect((await twoway('iati', ...org, '--org-ref', 'GB-NHS')).stderr).toMatch(/institution=identifier/);
    expect(
      (
        await twoway(
          'iati',
          '--reporting-org-ref',
          'x',
          '--reporting-org-name',
          'y',
          '--reporting-org-type',
          '21',
        )
      ).stderr,
    ).toMatch(/^E_USAGE the reporting organisation's identifier "x" is not of IATI's form/);
  });
});
