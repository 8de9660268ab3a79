import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BenefitItem } from '../codebook/benefit-item.js';
import type { Framework } from '../codebook/framework.js';
import type { Activity } from './activity.js';
import { businessCase } from './business-case.js';
import type { SidedReport } from './two-way-analysis.js';

const benefits = JSON.parse(
  readFileSync(
    join(import.meta.dirname, '..', '..', '..', 'data', 'frameworks', 'twoway-benefits.json'),
    'utf8',
  ),
) as Framework;

const item = (o: Partial<BenefitItem>): BenefitItem => ({
  description: 'x',
  buildingBlocks: [],
  learningAreas: [],
  sources: [],
  ...o,
});
const compliance = (baseline: number, followUp: number) =>
  item({
    direction: 'to_low_middle_income',
    buildingBlocks: ['service_delivery'],
    indicator: {
      name: 'hand-hygiene compliance',
      unit: '%',
      baseline: { value: baseline },
      followUp: { value: followUp },
    },
  });
const report = (roundId: number, institutionId: number, side: SidedReport['side'], items: BenefitItem[]) => ({
  roundId,
  institutionId,
  institution: `institution ${institutionId}`,
  side,
  report: { benefits: items, costs: [], selfAssessment: [] },
});

describe('the business case', () => {
  const reports: SidedReport[] = [
    report(1, 2, 'low-middle-income', [
      compliance(30, 45),
      item({ direction: 'mutual', buildingBlocks: ['health_workforce'] }),
    ]),
    report(1, 1, 'high-income', [
      item({ direction: 'to_high_income', buildingBlocks: ['health_workforce'] }),
    ]),
    report(2, 2, 'low-middle-income', [item({ direction: 'to_low_middle_income' }), compliance(45, 62)]),
  ];
  const visit: Activity = {
    id: 7,
    partnershipId: 1,
    type: 'exchange_visit',
    title: 'visit',
    startDate: '2012-01-01',
    travel: [{ fromInstitutionId: 2, toInstitutionId: 1, cadre: 'nurse', count: 3 }],
    costs: [
      { description: 'flights', amount: 900, currency: 'GBP' },
      { description: 'per diem', amount: 200, currency: 'UGX' },
      { description: 'staff time' },
    ],
    recordedBy: 'cora',
    at: '2012-01-01T00:00:00Z',
  };
  const bc = businessCase(
    'test',
    {
      reports,
      partnerships: 1,
      rounds: 2,
      activities: [visit],
      sideOf: (_p, i) => (i === 1 ? 'high-income' : 'low-middle-income'),
    },
    benefits,
  );

  it('reads an indicator reported every round as one trajectory: the first baseline to the last follow-up', () => {
    expect(bc.indicators).toEqual([
      {
        institution: 'institution 2',
        indicator: 'hand-hygiene compliance',
        unit: '%',
        baseline: 30,
        followUp: 62,
        change: 32,
        measurements: 2,
        refs: [
          [1, 2, [0]],
          [2, 2, [1]],
        ],
      },
    ]);
  });

  it('counts what each side gained (a mutual benefit for both), every figure with the items it came from', () => {
    const high = bc.gained.find((g) => g.side === 'high-income')!;
    expect(high.items).toBe(2);
    expect(high.refs).toEqual([
      [1, 2, [1]],
      [1, 1, [0]],
    ]);
    expect(high.byBuildingBlock).toEqual([
      expect.objectContaining({ code: 'health_workforce', label: 'Health workforce', items: 2 }),
    ]);
    const low = bc.gained.find((g) => g.side === 'low-middle-income')!;
    expect([low.items, low.refs]).toEqual([
      4,
      [
        [1, 2, [0, 1]],
        [2, 2, [0, 1]],
      ],
    ]);
  });

  it('adds activity costs by currency, never across currencies, and counts who travelled which way', () => {
    expect(bc.costTotals).toEqual({ GBP: 900, UGX: 200 });
    expect(bc.activityCosts).toHaveLength(3);
    expect(bc.mobility).toMatchObject({ toHighIncome: 3, toLowMiddleIncome: 0 });
  });
});
