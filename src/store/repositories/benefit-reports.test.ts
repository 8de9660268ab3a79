import { afterEach, describe, expect, it } from 'vitest';
import type { BenefitItem } from '../../domain/codebook/benefit-item.js';
import type { ReportBody } from '../../domain/partnerships/benefit-report.js';
import { benefitFlowSvg } from '../../domain/partnerships/benefit-flow.js';
import { openStore, type Store } from '../open-store.js';
import { freshLocation, testEngines } from '../test-support/engines.js';
import { closeRound, openReports, openRound, readRound, saveReport } from './benefit-reports.js';
import { addInstitution, createPartnership } from './partnerships.js';
import { grantRegistryRole } from './registry-grants.js';
import { registryBusinessCase, registryFlow, registryMutuality, roundDivergence } from './two-way-store.js';

const CORA = { name: 'cora', admin: true };
const as = (name: string) => ({ name, admin: false });

const opened: Store[] = [];
afterEach(async () => {
  while (opened.length) await opened.pop()?.close();
});

const item = (o: Partial<BenefitItem>): BenefitItem => ({
  description: 'x',
  buildingBlocks: [],
  learningAreas: [],
  sources: [],
  ...o,
});

describe.each(testEngines())('two-way benefit reports on %s', (engine) => {
  async function setUp() {
    const store = await openStore(await freshLocation(engine));
    opened.push(store);
    const uk = await addInstitution(
      store,
      { name: 'Example Teaching Hospital', type: 'hospital', country: 'GB' },
      CORA,
    );
    const ug = await addInstitution(
      store,
      { name: 'Example District Hospital', type: 'hospital', country: 'UG' },
      CORA,
    );
    const p = await createPartnership(
      store,
      { title: 'UK–Uganda', programme: 'apps', startDate: '2012-01-10', institutionIds: [uk.id, ug.id] },
      CORA,
    );
    await grantRegistryRole(store, { who: 'ann', role: 'member', institutionId: uk.id }, CORA);
    await grantRegistryRole(store, { who: 'obi', role: 'member', institutionId: ug.id }, CORA);
    await grantRegistryRole(store, { who: 'fay', role: 'viewer' }, CORA);
    const round = await openRound(
      store,
      { partnershipId: p.id, periodStart: '2012-01-01', periodEnd: '2012-12-31' },
      CORA,
    );
    const ukReport: ReportBody = {
      benefits: [
        item({
          description: 'Nurses learnt task shifting <script>alert(1)</script>',
          direction: 'to_high_income',
          kind: 'transferable_innovation',
          buildingBlocks: ['health_workforce'],
          innovation: { transferStatus: 'piloted' },
        }),
        item({
          description: 'Uganda got a hand-hygiene programme',
          direction: 'to_low_middle_income',
          buildingBlocks: ['service_delivery'],
        }),
        item({
          description: 'Uganda got management training',
          direction: 'to_low_middle_income',
          buildingBlocks: ['leadership_governance'],
        }),
      ],
      costs: [{ description: 'Flights', amount: 4000, currency: 'GBP' }],
      selfAssessment: [
        { principle: 'respectful_reciprocal', score: 4 },
        { principle: 'organised_accountable', score: 3 },
      ],
    };
    const ugReport: ReportBody = {
      benefits: [
        item({
          description: 'Handrub made locally',
          direction: 'to_low_middle_income',
          buildingBlocks: ['service_delivery'],
          indicator: {
            name: 'hand-hygiene compliance',
            unit: '%',
            baseline: { value: 30 },
            followUp: { value: 62 },
          },
        }),
        item({ description: 'Joint audit', direction: 'mutual', buildingBlocks: ['health_information'] }),
      ],
      costs: [{ description: 'Staff time', amount: 300, currency: 'GBP' }],
      selfAssessment: [
        { principle: 'respectful_reciprocal', score: 2, comment: 'decisions taken in London' },
        { principle: 'organised_accountable', score: 3 },
      ],
    };
    return { store, uk, ug, p, round, ukReport, ugReport };
  }

  it('keeps each side blind until both have submitted, on every read: the round, the aggregates, the business case', async () => {
    const { store, uk, ug, round, ukReport, ugReport } = await setUp();
    await saveReport(
      store,
      { roundId: round.id, institutionId: uk.id, report: ukReport, submit: false },
      'ann',
    );
    await saveReport(
      store,
      { roundId: round.id, institutionId: uk.id, report: ukReport, submit: true },
      'ann',
    );
    // obi (the other side) sees nothing of ann's report, nor does the viewer or the coordinator
    for (const who of ['obi', 'fay', 'cora'])
      expect((await readRound(store, round.id, as(who))).reports, who).toEqual([]);
    expect((await readRound(store, round.id, as('obi'))).round.submitted).toEqual([uk.id]); // who has submitted, not what
    expect((await readRound(store, round.id, as('ann'))).reports.map((r) => r.institutionId)).toEqual([
      uk.id,
    ]);
    await expect(roundDivergence(store, round.id, as('cora'))).rejects.toMatchObject({ code: 'E_FORBIDDEN' });
    expect(await openReports(store, as('fay'))).toEqual([]);
    expect((await registryMutuality(store, as('fay'))).counts).toEqual({
      to_high_income: 0,
      to_low_middle_income: 0,
      mutual: 0,
      unspecified: 0,
    });
    expect((await registryBusinessCase(store, as('fay'))).reports).toBe(0);
    expect((await registryFlow(store, as('obi'))).links).toEqual([]);
    // a draft by obi stays his own
    await saveReport(
      store,
      { roundId: round.id, institutionId: ug.id, report: ugReport, submit: false },
      'obi',
    );
    expect((await readRound(store, round.id, as('ann'))).reports.map((r) => r.institutionId)).toEqual([
      uk.id,
    ]);
    await saveReport(
      store,
      { roundId: round.id, institutionId: ug.id, report: ugReport, submit: true },
      'obi',
    );
    const open = await readRound(store, round.id, as('fay'));
    expect(open.open).toBe(true);
    expect(open.reports.map((r) => [r.institutionId, r.status])).toEqual([
      [uk.id, 'submitted'],
      [ug.id, 'submitted'],
    ]);
    // nobody else writes a side's report; a stranger reads nothing
    await expect(
      saveReport(
        store,
        { roundId: round.id, institutionId: ug.id, report: ugReport, submit: true, reason: 'x' },
        'ann',
      ),
    ).rejects.toMatchObject({ code: 'E_FORBIDDEN' });
    await expect(readRound(store, round.id, as('mallory'))).rejects.toMatchObject({ code: 'E_FORBIDDEN' });
  });

  it('a submitted report is immutable: a correction is a new version with a reason', async () => {
    const { store, uk, round, ukReport } = await setUp();
    await saveReport(
      store,
      { roundId: round.id, institutionId: uk.id, report: ukReport, submit: true },
      'ann',
    );
    await expect(
      saveReport(store, { roundId: round.id, institutionId: uk.id, report: ukReport, submit: false }, 'ann'),
    ).rejects.toMatchObject({ code: 'E_CONFLICT' });
    await expect(
      saveReport(store, { roundId: round.id, institutionId: uk.id, report: ukReport, submit: true }, 'ann'),
    ).rejects.toThrow(/needs a reason/);
    const corrected = await saveReport(
      store,
      {
        roundId: round.id,
        institutionId: uk.id,
        report: { ...ukReport, costs: [] },
        submit: true,
        reason: 'the flights were paid by THET',
      },
      'ann',
    );
    expect(corrected).toMatchObject({ version: 2, reason: 'the flights were paid by THET' });
    const rows = await store.db
      .selectFrom('benefit_report')
      .select(['version', 'status', 'body'])
      .orderBy('id')
      .execute();
    expect(rows.map((r) => [r.version, r.status])).toEqual([
      [1, 'submitted'],
      [2, 'submitted'],
    ]);
    expect(JSON.parse(rows[0]!.body).costs).toHaveLength(1); // the first submission is untouched
    const invalid = {
      ...ukReport,
      benefits: [item({ buildingBlocks: ['plumbing'] })],
      selfAssessment: [{ principle: 'charm', score: 7 }],
    };
    await expect(
      saveReport(
        store,
        { roundId: round.id, institutionId: uk.id, report: invalid, submit: true, reason: 'x' },
        'ann',
      ),
    ).rejects.toThrow(/\/selfAssessment\/0\/score/);
    await closeRound(store, round.id, CORA);
    await expect(
      saveReport(
        store,
        { roundId: round.id, institutionId: uk.id, report: ukReport, submit: true, reason: 'late' },
        'ann',
      ),
    ).rejects.toThrow(/closed/);
  });

  it('divergence, mutuality and the business case are computed from the two submitted reports', async () => {
    const { store, uk, ug, round, ukReport, ugReport } = await setUp();
    await saveReport(
      store,
      { roundId: round.id, institutionId: uk.id, report: ukReport, submit: true },
      'ann',
    );
    await saveReport(
      store,
      { roundId: round.id, institutionId: ug.id, report: ugReport, submit: true },
      'obi',
    );
    const d = await roundDivergence(store, round.id, as('cora'));
    // the UK claims two benefits for Uganda: service delivery (Uganda reports it too) and governance (it does not)
    expect(d.confirmed.map((c) => c.description)).toEqual(['Uganda got a hand-hygiene programme']);
    expect(d.claimedNotReported.map((c) => [c.by, c.description])).toEqual([
      ['Example Teaching Hospital', 'Uganda got management training'],
    ]);
    expect(d.widestGaps[0]).toMatchObject({ principle: 'respectful_reciprocal', gap: 2, average: 3 });
    // both average 3: the tie goes to the wider gap
    expect(d.lowestAverages.map((p) => [p.principle, p.average, p.gap])).toEqual([
      ['respectful_reciprocal', 3, 2],
      ['organised_accountable', 3, 0],
    ]);
    expect(d.widestGaps[0]!.comments).toEqual({ 'Example District Hospital': 'decisions taken in London' });
    const m = await registryMutuality(store, as('fay'));
    // to high 1, to low/middle 3, mutual 1: a = 2, b = 4 → 1 − 2/6
    expect(m.counts).toEqual({ to_high_income: 1, to_low_middle_income: 3, mutual: 1, unspecified: 0 });
    expect(m.index).toBeCloseTo(1 - 2 / 6, 10);
    expect(m.formula).toMatch(/1 − \|a − b\| \/ \(a \+ b\)/);
    const bc = await registryBusinessCase(store, as('fay'), {});
    expect(bc.gained.find((g) => g.side === 'high-income')!.items).toBe(2); // the innovation and the mutual audit
    expect(bc.indicators).toEqual([
      expect.objectContaining({
        measurements: 1,
        refs: [[round.id, ug.id, [0]]],
        indicator: 'hand-hygiene compliance',
        baseline: 30,
        followUp: 62,
        change: 32,
      }),
    ]);
    expect(bc.reverseInnovations.map((r) => r.transferStatus)).toEqual(['piloted']);
    expect(bc.costTotals).toEqual({ GBP: 4300 });
    expect(bc.evidence).toBeNull();
    // the flow: origin side → building block → gaining side, a mutual item once each way
    const flow = await registryFlow(store, as('fay'));
    const band = (from: string, to: string) => flow.links.find((l) => l.from === from && l.to === to)?.items;
    expect(band('from:low-middle-income', 'block:health_workforce')).toBe(1); // the task-shifting innovation
    expect(band('block:health_workforce', 'to:high-income')).toBe(1);
    expect(band('from:high-income', 'block:service_delivery')).toBe(2); // hand hygiene, handrub
    expect(band('block:health_information', 'to:high-income')).toBe(1); // the mutual audit, one way …
    expect(band('block:health_information', 'to:low-middle-income')).toBe(1); // … and the other
    expect(flow.links.reduce((n, l) => n + (l.from.startsWith('from:') ? l.items : 0), 0)).toBe(6);
    expect(flow.undirected).toBe(0);
  });

  it('an innovation flows from the side its origin names (a partner or its country), whatever its direction says', async () => {
    const { store, uk, ug, round, ukReport, ugReport } = await setUp();
    const fromUk = {
      ...ugReport,
      benefits: [
        item({
          description: 'a mentoring scheme the UK hospital brought',
          direction: 'to_low_middle_income',
          kind: 'transferable_innovation',
          buildingBlocks: ['health_workforce'],
          innovation: { origin: 'United Kingdom' },
        }),
        item({ description: 'no direction', buildingBlocks: ['financing'] }),
      ],
    };
    await saveReport(
      store,
      { roundId: round.id, institutionId: uk.id, report: ukReport, submit: true },
      'ann',
    );
    await saveReport(store, { roundId: round.id, institutionId: ug.id, report: fromUk, submit: true }, 'obi');
    const flow = await registryFlow(store, as('fay'), { partnershipId: round.partnershipId });
    const mentoring = flow.links.find(
      (l) => l.to === 'block:health_workforce' && l.refs.some(([, institution]) => institution === ug.id),
    );
    expect(mentoring).toMatchObject({ from: 'from:high-income' });
    expect(flow.undirected).toBe(1);
    const svg = benefitFlowSvg(flow, 'Flow <script>');
    expect(svg).toContain('Flow &lt;script&gt;');
    expect(svg).not.toContain('<script>');
    expect(svg).toMatch(/<path d="M[^"]+" fill="none"/);
  });
});
