import { describe, expect, it } from 'vitest';
import { dhis2DataValueSet, dhis2MappingTemplate, dhis2Period } from './dhis2.js';
import type { SidedReport } from '../partnerships/two-way-analysis.js';

const report = (institutionId: number, benefits: SidedReport['report']['benefits']): SidedReport => ({
  roundId: 1,
  institutionId,
  institution: `institution ${institutionId}`,
  side: 'unknown',
  report: { benefits, costs: [], selfAssessment: [] },
});
const item = (direction: string, blocks: string[], indicator?: { name: string; followUp: number }) => ({
  description: `${direction} ${blocks.join(' ')}`,
  direction,
  buildingBlocks: blocks,
  learningAreas: [],
  sources: [],
  ...(indicator ? { indicator: { name: indicator.name, followUp: { value: indicator.followUp } } } : {}),
});
const target = (dataElement: string) => ({ dataElement, categoryOptionCombo: 'HllvX50cXC0' });

describe('DHIS2 data value sets', () => {
  it('reads a round’s period as a DHIS2 period id, or none', () => {
    expect(dhis2Period('2012-01-01', '2012-12-31')).toBe('2012');
    expect(dhis2Period('2012-04-01', '2013-03-31')).toBe('2012April');
    expect(dhis2Period('2012-07-01', '2013-06-30')).toBe('2012July');
    expect(dhis2Period('2012-10-01', '2013-09-30')).toBe('2012Oct');
    expect(dhis2Period('2012-07-01', '2012-12-31')).toBe('2012S2');
    expect(dhis2Period('2012-04-01', '2012-06-30')).toBe('2012Q2');
    expect(dhis2Period('2012-02-01', '2012-02-29')).toBe('201202');
    expect(dhis2Period('2012-02-01', '2012-02-28')).toBeUndefined(); // 2012 is a leap year
    expect(dhis2Period('2012-03-01', '2013-02-28')).toBeUndefined();
  });

  const reports = [
    report(1, [
      item('to_high_income', ['health_workforce']),
      item('to_high_income', ['health_workforce', 'service_delivery']),
    ]),
    report(2, [item('to_low_middle_income', ['service_delivery'], { name: 'compliance', followUp: 62 })]),
  ];
  const mapping = {
    dataSet: 'pBOMPrpg1QX',
    orgUnits: { '1': 'DiszpKrYNg8', '2': 'ImspTQPwCqd' },
    counts: {
      'to_high_income|health_workforce': target('fbfJHSPpUQD'),
      'to_high_income|service_delivery': target('cYeuwXTCPkU'),
      'to_low_middle_income|service_delivery': target('Jtf34kNZhzP'),
    },
    indicators: { compliance: target('hfdmMSPBgLG') },
  };

  it('counts each institution’s items by direction and building block (zeros too) and sends indicator values', () => {
    const set = dhis2DataValueSet(reports, { start: '2012-01-01', end: '2012-12-31' }, mapping);
    expect(set.period).toBe('2012');
    expect(set.dataSet).toBe('pBOMPrpg1QX');
    const at = (orgUnit: string, dataElement: string) =>
      set.dataValues.find((v) => v.orgUnit === orgUnit && v.dataElement === dataElement)?.value;
    expect(at('DiszpKrYNg8', 'fbfJHSPpUQD')).toBe('2');
    expect(at('DiszpKrYNg8', 'cYeuwXTCPkU')).toBe('1');
    expect(at('DiszpKrYNg8', 'Jtf34kNZhzP')).toBe('0');
    expect(at('ImspTQPwCqd', 'hfdmMSPBgLG')).toBe('62');
    expect(set.dataValues.every((v) => v.period === '2012' && v.categoryOptionCombo === 'HllvX50cXC0')).toBe(
      true,
    );
    expect(set.dataValues).toHaveLength(7);
    // the shape DHIS2 documents for POST /api/dataValueSets: strings, and only its fields
    const FIELDS = [
      'dataElement',
      'period',
      'orgUnit',
      'categoryOptionCombo',
      'attributeOptionCombo',
      'value',
      'comment',
    ];
    for (const v of set.dataValues) {
      expect(
        Object.keys(v).every((k) => FIELDS.includes(k)),
        JSON.stringify(v),
      ).toBe(true);
      expect(Object.values(v).every((x) => typeof x === 'string')).toBe(true);
    }
    expect(Object.keys(set).sort()).toEqual(['dataSet', 'dataValues', 'period']);
  });

  it('refuses an incomplete mapping, listing everything missing; and a bad one by JSON pointer', () => {
    const { counts: _counts, ...rest } = mapping;
    expect(() =>
      dhis2DataValueSet(
        reports,
        { start: '2012-03-01', end: '2013-02-28' },
        { ...rest, orgUnits: { '1': 'DiszpKrYNg8' }, counts: {} },
      ),
    ).toThrow(
      /lacks what the round's data needs:\n {2}period: the round \(2012-03-01 – 2013-02-28\) is no DHIS2 period; give "period"\n {2}orgUnits\/2\n {2}counts\/to_high_income\|health_workforce\n {2}counts\/to_high_income\|service_delivery\n {2}counts\/to_low_middle_income\|service_delivery$/,
    );
    expect(() =>
      dhis2DataValueSet(
        reports,
        { start: '2012-01-01', end: '2012-12-31' },
        { ...mapping, orgUnits: { '1': 'not a uid' } },
      ),
    ).toThrow(/\/orgUnits\/1: /);
    const template = dhis2MappingTemplate(reports) as {
      counts: object;
      orgUnits: object;
      indicators: object;
    };
    expect(Object.keys(template.counts)).toEqual(Object.keys(mapping.counts).sort());
    expect(Object.keys(template.orgUnits)).toEqual(['1', '2']);
    expect(Object.keys(template.indicators)).toEqual(['compliance']);
  });
});
