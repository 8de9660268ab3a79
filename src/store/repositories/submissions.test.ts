import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify/sync';
import { afterEach, describe, expect, it } from 'vitest';
import type { BenefitItem } from '../../domain/codebook/benefit-item.js';
import { readSubmissions } from '../../domain/interop/odk-submissions.js';
import { xlsformFaults } from '../../domain/interop/xlsform.js';
import type { ReportBody } from '../../domain/partnerships/benefit-report.js';
import { openStore, type Store } from '../open-store.js';
import { freshLocation, testEngines } from '../test-support/engines.js';
import { openRound, readRound, reportFrameworks } from './benefit-reports.js';
import { importSubmissions, partnershipXlsform } from './interop-store.js';
import { addInstitution, createPartnership } from './partnerships.js';
import { grantRegistryRole } from './registry-grants.js';

const CORA = { name: 'cora', admin: true };
const opened: Store[] = [];
afterEach(async () => {
  while (opened.length) await opened.pop()?.close();
});

const source: ReportBody = {
  benefits: [
    {
      description: 'Nurses learnt task shifting, "with" commas <script>',
      beneficiary: 'theatre nurses',
      direction: 'to_high_income',
      level: 'individual',
      kind: 'transferable_innovation',
      buildingBlocks: ['health_workforce', 'service_delivery'],
      learningAreas: ['skills_substitution'],
      indicator: {
        name: 'checklist use',
        unit: '%',
        baseline: { value: 10, date: '2012-01-15' },
        followUp: { value: 85.5, date: '2012-11-30' },
      },
      innovation: { origin: 'Uganda', adopter: 'United Kingdom', transferStatus: 'piloted' },
      sources: [],
    },
    {
      description: 'Handrub made locally',
      direction: 'mutual',
      buildingBlocks: [],
      learningAreas: [],
      sources: [],
    },
  ],
  costs: [
    { description: 'Flights', amount: 2400, currency: 'GBP', kind: 'travel' },
    { description: 'Staff time' },
  ],
  selfAssessment: [
    { principle: 'strategic', score: 3 },
    { principle: 'respectful_reciprocal', score: 2, comment: 'decided in London' },
  ],
};

/** The report as ODK Central's CSV export lays a submission out: the main table and one table a repeat. */
function centralExport(
  body: ReportBody,
  keys: { instance: string; institution: number; round: number; version: string },
) {
  const key = keys.instance;
  const main: Record<string, string> = {
    SubmissionDate: '2012-12-01T10:00:00.000Z',
    start: '2012-12-01T09:00:00.000Z',
    end: '2012-12-01T09:40:00.000Z',
    form_version: keys.version,
    institution: String(keys.institution),
    round: String(keys.round),
  };
  for (const a of body.selfAssessment) {
    main[`self_assessment-principle_${a.principle}`] = String(a.score);
    main[`self_assessment-principle_${a.principle}_comment`] = a.comment ?? '';
  }
  main['meta-instanceID'] = key;
  main.KEY = key;
  const item = (b: BenefitItem, i: number) => ({
    description: b.description,
    beneficiary: b.beneficiary ?? '',
    direction: b.direction ?? '',
    level: b.level ?? '',
    kind: b.kind ?? '',
    building_blocks: b.buildingBlocks.join(' '),
    learning_areas: b.learningAreas.join(' '),
    has_indicator: b.indicator ? 'yes' : 'no',
    indicator_name: b.indicator?.name ?? '',
    indicator_unit: b.indicator?.unit ?? '',
    baseline_value: String(b.indicator?.baseline?.value ?? ''),
    baseline_date: b.indicator?.baseline?.date ?? '',
    followup_value: String(b.indicator?.followUp?.value ?? ''),
    followup_date: b.indicator?.followUp?.date ?? '',
    innovation_origin: b.innovation?.origin ?? '',
    innovation_adopter: b.innovation?.adopter ?? '',
    transfer_status: b.innovation?.transferStatus ?? '',
    PARENT_KEY: key,
    KEY: `${key}/benefits[${i + 1}]`,
  });
  const cost = (c: ReportBody['costs'][number], i: number) => ({
    cost_description: c.description,
    cost_amount: c.amount === undefined ? '' : String(c.amount),
    cost_currency: c.currency ?? '',
    cost_kind: c.kind ?? '',
    PARENT_KEY: key,
    KEY: `${key}/costs[${i + 1}]`,
  });
  const csv = (rows: Record<string, string>[]) => stringify(rows, { header: true });
  return [
    { name: 'twoway_benefit_report.csv', text: csv([main]) },
    { name: 'twoway_benefit_report-benefits.csv', text: csv(body.benefits.map(item)) },
    { name: 'twoway_benefit_report-costs.csv', text: csv(body.costs.map(cost)) },
  ];
}

describe.each(testEngines())('XLSForm out, submissions in, on %s', (engine) => {
  async function setUp() {
    const store = await openStore(await freshLocation(engine));
    opened.push(store);
    const uk = await addInstitution(store, { name: 'UK hospital', type: 'hospital', country: 'GB' }, CORA);
    const ug = await addInstitution(
      store,
      { name: 'Uganda hospital', type: 'hospital', country: 'UG' },
      CORA,
    );
    const p = await createPartnership(
      store,
      { title: 'UK–Uganda', programme: 'apps', startDate: '2012-01-01', institutionIds: [uk.id, ug.id] },
      CORA,
    );
    await grantRegistryRole(store, { who: 'obi', role: 'member', institutionId: ug.id }, CORA);
    const round = await openRound(
      store,
      { partnershipId: p.id, periodStart: '2012-01-01', periodEnd: '2012-12-31' },
      CORA,
    );
    return { store, uk, ug, p, round };
  }

  it('writes an XLSForm whose sheets read back with the framework’s codes, the partners and the open rounds', async () => {
    const { store, p, round } = await setUp();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await partnershipXlsform(store, p.id, CORA)) as unknown as ArrayBuffer);
    const rows = (name: string) => {
      const sheet = workbook.getWorksheet(name)!;
      const header = (sheet.getRow(1).values as string[]).slice(1);
      const out: Record<string, string>[] = [];
      sheet.eachRow((row, n) => {
        if (n === 1) return;
        const values = (row.values as string[]).slice(1);
        out.push(Object.fromEntries(header.map((h, i) => [h, String(values[i] ?? '')])));
      });
      return out;
    };
    const sheets = { survey: rows('survey'), choices: rows('choices'), settings: rows('settings') };
    expect(xlsformFaults(sheets)).toEqual([]);
    const { benefits } = reportFrameworks();
    expect(sheets.settings[0]).toMatchObject({ form_id: 'twoway_benefit_report' });
    expect(sheets.settings[0]!.version).toMatch(new RegExp(`^twoway-benefits-${benefits.version}-\\d{12}$`));
    expect(sheets.survey.map((r) => r.type)).toEqual(
      expect.arrayContaining(['begin_repeat', 'end_repeat', 'select_multiple building_block']),
    );
    expect(sheets.survey.find((r) => r.name === 'description')).toMatchObject({ required: 'yes' });
    expect(sheets.survey.find((r) => r.name === 'indicator_name')).toMatchObject({
      relevant: "${has_indicator} = 'yes'",
    });
    const list = (name: string) => sheets.choices.filter((c) => c.list_name === name).map((c) => c.name);
    expect(list('building_block')).toContain('health_workforce');
    expect(list('round')).toEqual([String(round.id)]);
    expect(list('institution')).toHaveLength(2);
  });

  it('reads ODK Central’s CSV export and KoboToolbox’s JSON back as the same reports, once, all or nothing', async () => {
    const { store, ug, round } = await setUp();
    const version = `twoway-benefits-${reportFrameworks().benefits.version}-202612020000`;
    const files = centralExport(source, {
      instance: 'uuid:0001',
      institution: ug.id,
      round: round.id,
      version,
    });
    const done = await importSubmissions(store, readSubmissions(files), 'obi', { submit: true });
    expect(done).toEqual([
      { instanceId: 'uuid:0001', roundId: round.id, institutionId: ug.id, version: 1, status: 'submitted' },
    ]);
    const stored = (await readRound(store, round.id, { name: 'obi', admin: false })).reports[0]!.report;
    expect(stored).toEqual(source);
    // the same instance again is refused, and nothing changes
    await expect(importSubmissions(store, readSubmissions(files), 'obi', { submit: true })).rejects.toThrow(
      /twoway_benefit_report\.csv:2: instance uuid:0001 was imported before/,
    );
    // Kobo's JSON: "/"-joined paths, repeats as arrays; a bad row is refused with its place, nothing stored
    const kobo = [
      {
        'meta/instanceID': 'uuid:0002',
        form_version: version,
        institution: String(ug.id),
        round: String(round.id),
        'self_assessment/principle_strategic': '4',
        benefits: [{ 'benefits/description': 'x', 'benefits/direction': 'sideways' }],
      },
    ];
    const refused = importSubmissions(
      store,
      readSubmissions([{ name: 'kobo.json', text: JSON.stringify(kobo) }]),
      'obi',
      {
        submit: false,
      },
    );
    await expect(refused).rejects.toThrow(/kobo\.json:1: \/benefits\/0\/direction/);
    kobo[0]!.benefits[0]!['benefits/direction'] = 'mutual';
    await expect(
      importSubmissions(store, readSubmissions([{ name: 'kobo.json', text: JSON.stringify(kobo) }]), 'obi', {
        submit: true,
      }),
    ).rejects.toThrow(/kobo\.json:1: correcting a submitted report needs a reason/);
    const own = (await readRound(store, round.id, { name: 'obi', admin: false })).reports;
    expect(own.map((r) => [r.version, r.status])).toEqual([[1, 'submitted']]); // the refused imports left nothing
  });

  it('refuses a form made for another framework version, a stranger, and two submissions for one report', async () => {
    const { store, ug, round } = await setUp();
    const current = reportFrameworks().benefits.version;
    const old = centralExport(source, {
      instance: 'uuid:1',
      institution: ug.id,
      round: round.id,
      version: `twoway-benefits-${current + 7}-1`,
    });
    await expect(importSubmissions(store, readSubmissions(old), 'obi', { submit: false })).rejects.toThrow(
      /made for twoway-benefits version \d+, the registry codes with version/,
    );
    const good = centralExport(source, {
      instance: 'uuid:2',
      institution: ug.id,
      round: round.id,
      version: `twoway-benefits-${current}-1`,
    });
    await expect(
      importSubmissions(store, readSubmissions(good), 'mallory', { submit: false }),
    ).rejects.toThrow(/mallory is not a member of institution/);
    const twice = [
      ...readSubmissions(good),
      { ...readSubmissions(good)[0]!, instanceId: 'uuid:3', where: 'other.csv:2' },
    ];
    await expect(importSubmissions(store, twice, 'obi', { submit: false })).rejects.toThrow(
      /two submissions for institution/,
    );
    expect(() => readSubmissions([{ name: 'x.json', text: '{"nope": 1}' }])).toThrow(
      /x\.json: expected an array/,
    );
    // a ";"-separated table (KoboToolbox's CSV) reads the same
    const semicolons = readSubmissions([
      { name: 'kobo.csv', text: 'meta/instanceID;institution;round;form_version\nuuid:9;2;1;v\n' },
    ]);
    expect(semicolons[0]).toMatchObject({ instanceId: 'uuid:9', formVersion: 'v', where: 'kobo.csv:2' });
  });
});
