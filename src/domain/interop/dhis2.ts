import { Type, type Static } from 'typebox';
import { schemaFaults } from '../codebook/framework.js';
import { TwowayError } from '../errors.js';
import type { SidedReport } from '../partnerships/two-way-analysis.js';

/**
 * A round's reports as DHIS2 aggregate data (`dataValueSets` JSON): for each reporting institution (an org
 * unit), the count of its benefit items by direction and building block, and the follow-up value of each
 * indicator it reported. A mapping file says which DHIS2 data element (and category option combo) each of
 * Twoway's codes is and which org unit each institution is; whatever the data needs that the mapping lacks is
 * an error that lists it all.
 */

const Uid = Type.String({ pattern: '^[A-Za-z][A-Za-z0-9]{10}$', description: 'a DHIS2 uid (11 characters)' });
const Target = Type.Object(
  {
    dataElement: Uid,
    categoryOptionCombo: Type.Optional(Uid),
    attributeOptionCombo: Type.Optional(Uid),
  },
  { additionalProperties: false },
);

export const Dhis2MappingSchema = Type.Object(
  {
    dataSet: Type.Optional(Uid),
    /** A DHIS2 period id (2012, 2012Q1, 201201, 2012April …); by default the round's period read as one. */
    period: Type.Optional(Type.String({ pattern: '^\\d{4}(\\d{2}|Q[1-4]|S[12]|April|July|Oct)?$' })),
    /** Org unit uid by institution id. */
    orgUnits: Type.Record(Type.String({ pattern: '^\\d+$' }), Uid),
    /** Item counts: by `direction|building_block` (e.g. `to_high_income|health_workforce`). */
    counts: Type.Record(Type.String({ pattern: '^[a-z_]+\\|[a-z_]+$' }), Target),
    /** Indicator follow-up values: by the indicator's name as reported. */
    indicators: Type.Record(Type.String({ minLength: 1, maxLength: 500 }), Target),
  },
  { additionalProperties: false, title: 'Twoway DHIS2 mapping' },
);
export type Dhis2Mapping = Static<typeof Dhis2MappingSchema>;

export interface Dhis2DataValue {
  dataElement: string;
  period: string;
  orgUnit: string;
  categoryOptionCombo?: string;
  attributeOptionCombo?: string;
  value: string;
  comment?: string;
}

export interface Dhis2DataValueSet {
  dataSet?: string;
  period: string;
  dataValues: Dhis2DataValue[];
}

const MONTHS = ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'];

function lastDay(year: number, month: number): string {
  return String(new Date(Date.UTC(year, month, 0)).getUTCDate()).padStart(2, '0');
}

/**
 * The DHIS2 period id a round's period is: a calendar year, a half, a quarter, a month, or a financial year
 * starting April, July or October; undefined when it is none of them.
 * @example dhis2Period('2012-01-01', '2012-12-31') // '2012'
 * @example dhis2Period('2012-04-01', '2013-03-31') // '2012April'
 */
export function dhis2Period(start: string, end: string): string | undefined {
  const s = /^(\d{4})-(\d{2})-01$/.exec(start);
  const t = /^(\d{4})-(\d{2})-(\d{2})$/.exec(end);
  if (!s || !t) return undefined;
  const [year, month] = [Number(s[1]), Number(s[2])];
  const [endYear, endMonth] = [Number(t[1]), Number(t[2])];
  if (t[3] !== lastDay(endYear, endMonth)) return undefined;
  const months = (endYear - year) * 12 + endMonth - month + 1;
  if (months === 12 && month === 1) return String(year);
  if (months === 12 && month === 4) return `${year}April`;
  if (months === 12 && month === 7) return `${year}July`;
  if (months === 12 && month === 10) return `${year}Oct`;
  if (months === 6 && (month === 1 || month === 7)) return `${year}S${month === 1 ? 1 : 2}`;
  if (months === 3 && month % 3 === 1) return `${year}Q${(month + 2) / 3}`;
  if (months === 1) return `${year}${MONTHS[month - 1]}`;
  return undefined;
}

/** Everything a round's data needs from a mapping: the org units, count keys and indicator names. */
export interface Dhis2Needs {
  orgUnits: number[];
  counts: string[];
  indicators: string[];
}

type Tally = {
  report: SidedReport;
  counts: Map<string, number>;
  indicators: { name: string; value: number; description: string }[];
};

/** Counts of each reporting institution's items by `direction|building_block`, and their indicators. */
function tally(reports: readonly SidedReport[]): Tally[] {
  return reports.map((r) => {
    const counts = new Map<string, number>();
    const indicators: { name: string; value: number; description: string }[] = [];
    for (const item of r.report.benefits) {
      const direction = item.direction ?? 'unspecified';
      for (const block of item.buildingBlocks.length ? item.buildingBlocks : ['no_building_block']) {
        const key = `${direction}|${block}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      if (item.indicator?.followUp)
        indicators.push({
          name: item.indicator.name,
          value: item.indicator.followUp.value,
          description: item.description,
        });
    }
    return { report: r, counts, indicators };
  });
}

/** What a mapping for these reports must hold (for an error, and for `--template`). */
export function dhis2Needs(reports: readonly SidedReport[]): Dhis2Needs {
  return needsOf(tally(reports));
}

function needsOf(tallies: readonly Tally[]): Dhis2Needs {
  return {
    orgUnits: tallies.map((t) => t.report.institutionId),
    counts: [...new Set(tallies.flatMap((t) => [...t.counts.keys()]))].sort(),
    indicators: [...new Set(tallies.flatMap((t) => t.indicators.map((i) => i.name)))].sort(),
  };
}

/** A mapping with every key the reports need and nothing filled in, for a coordinator to complete. */
export function dhis2MappingTemplate(reports: readonly SidedReport[]): Record<string, unknown> {
  const needs = dhis2Needs(reports);
  const blank = { dataElement: '', categoryOptionCombo: '' };
  return {
    dataSet: '',
    orgUnits: Object.fromEntries(needs.orgUnits.map((id) => [String(id), ''])),
    counts: Object.fromEntries(needs.counts.map((k) => [k, blank])),
    indicators: Object.fromEntries(needs.indicators.map((k) => [k, blank])),
  };
}

/**
 * The data value set of a round's submitted reports under a mapping. A mapping that fails its schema, or
 * lacks an org unit, a count key or an indicator the data has, is refused with all that is wrong.
 * @example dhis2DataValueSet(reports, { start: '2012-01-01', end: '2012-12-31' }, mapping).period // '2012'
 */
export function dhis2DataValueSet(
  reports: readonly SidedReport[],
  round: { start: string; end: string },
  mapping: unknown,
): Dhis2DataValueSet {
  const faults = schemaFaults(Dhis2MappingSchema, mapping).map((f) => `${f.path || '/'}: ${f.message}`);
  if (faults.length > 0)
    throw new TwowayError({
      code: 'E_USAGE',
      message: `the DHIS2 mapping is invalid:\n  ${faults.join('\n  ')}`,
    });
  const m = mapping as Dhis2Mapping;
  const period = m.period ?? dhis2Period(round.start, round.end);
  const tallies = tally(reports);
  const needs = needsOf(tallies);
  const missing = [
    ...(period
      ? []
      : [`period: the round (${round.start} – ${round.end}) is no DHIS2 period; give "period"`]),
    ...needs.orgUnits.filter((id) => !m.orgUnits[String(id)]).map((id) => `orgUnits/${id}`),
    ...needs.counts.filter((k) => !m.counts[k]).map((k) => `counts/${k}`),
    ...needs.indicators.filter((k) => !m.indicators[k]).map((k) => `indicators/${k}`),
  ];
  if (missing.length > 0)
    throw new TwowayError({
      code: 'E_USAGE',
      message: `the DHIS2 mapping lacks what the round's data needs:\n  ${missing.join('\n  ')}`,
    });
  const dataValues: Dhis2DataValue[] = [];
  const value = (
    target: Dhis2Mapping['counts'][string],
    orgUnit: string,
    v: number,
    comment?: string,
  ): Dhis2DataValue => ({
    dataElement: target.dataElement,
    period: period!,
    orgUnit,
    ...(target.categoryOptionCombo ? { categoryOptionCombo: target.categoryOptionCombo } : {}),
    ...(target.attributeOptionCombo ? { attributeOptionCombo: target.attributeOptionCombo } : {}),
    value: String(v),
    ...(comment ? { comment: comment.slice(0, 360) } : {}),
  });
  for (const { report, counts, indicators } of tallies) {
    const orgUnit = m.orgUnits[String(report.institutionId)]!;
    // every mapped count, a zero included: "reported none" is data too
    for (const [key, target] of Object.entries(m.counts))
      dataValues.push(value(target, orgUnit, counts.get(key) ?? 0));
    const seen = new Set<string>();
    for (const i of indicators) {
      if (seen.has(i.name))
        throw new TwowayError({
          code: 'E_USAGE',
          message: `${report.institution} reports "${i.name}" twice in round ${report.roundId}: DHIS2 keeps one value a period`,
        });
      seen.add(i.name);
      dataValues.push(value(m.indicators[i.name]!, orgUnit, i.value, i.description));
    }
  }
  return { ...(m.dataSet ? { dataSet: m.dataSet } : {}), period: period!, dataValues };
}
