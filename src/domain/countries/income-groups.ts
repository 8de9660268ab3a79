import { TwowayError } from '../errors.js';
import type { Country } from './countries.js';

/**
 * World Bank income groups by year, and the rule that calls a partner "high-income" (the paper's "developed").
 * The Bank reassigns groups every 1 July from the previous calendar year's GNI per capita; the shipped history
 * gives each economy's group for data years 1987–2023 (World Bank OGHIST, CC BY 4.0).
 */

export const INCOME_GROUPS = ['low', 'lower-middle', 'upper-middle', 'high'] as const;
export type IncomeGroup = (typeof INCOME_GROUPS)[number];

const CODES: Record<string, IncomeGroup> = {
  L: 'low',
  LM: 'lower-middle',
  'LM*': 'lower-middle',
  UM: 'upper-middle',
  H: 'high',
};

export interface IncomeHistory {
  firstDataYear: number;
  lastDataYear: number;
  /** By alpha-3 (or World Bank code): the group of each data year from the first, undefined where unclassified. */
  groups: ReadonlyMap<string, readonly (IncomeGroup | undefined)[]>;
  /** The economies' names as the Bank writes them. */
  names: ReadonlyMap<string, string>;
}

/**
 * Reads the OGHIST sheet as CSV rows: a header of years, then `code,name,group…` rows; `..` and blanks are
 * "not classified" (kept as undefined, never guessed); notes and blank lines are skipped.
 */
export function incomeHistoryOf(rows: readonly (readonly string[])[]): IncomeHistory {
  const header = rows[0] ?? [];
  const years = header.slice(2).map(Number);
  const first = years[0];
  if (first === undefined || !years.every((y, i) => y === first + i))
    throw new TwowayError({
      code: 'E_CSV_INVALID',
      message: 'the income history has no row of consecutive years',
      line: 1,
    });
  const groups = new Map<string, (IncomeGroup | undefined)[]>();
  const names = new Map<string, string>();
  for (const row of rows.slice(1)) {
    const [code, name] = row;
    if (!code || !/^[A-Z]{3}[a-z]?$/.test(code)) continue;
    groups.set(
      code,
      years.map((_, i) => CODES[(row[i + 2] ?? '').trim()]),
    );
    names.set(code, name ?? code);
  }
  return { firstDataYear: first, lastDataYear: first + years.length - 1, groups, names };
}

/** Who counts as "developed": World Bank high income in the year (default), or a list of one's own. */
export type ClassificationRule =
  { kind: 'world-bank-high-income' } | { kind: 'custom'; label: string; developed: readonly string[] };

export const DEFAULT_RULE: ClassificationRule = { kind: 'world-bank-high-income' };

export function ruleName(rule: ClassificationRule): string {
  return rule.kind === 'custom' ? `custom: ${rule.label}` : 'World Bank high income in the year';
}

export type PartnerSide = 'high-income' | 'low-middle-income' | 'unknown';

/** A classification as it is stored: the answer with the rule and the data year it came from. */
export interface Classification {
  country: string;
  side: PartnerSide;
  group?: IncomeGroup;
  rule: string;
  /** The World Bank data year whose group was used (absent with a custom rule). */
  dataYear?: number;
  /** Why the answer may surprise: a year outside the data, an unclassified economy. */
  note?: string;
}

/**
 * Where a classification came from, in words: the group and the World Bank data year, or the custom rule.
 * @example classificationText({ country: 'UGA', side: 'low-middle-income', group: 'low', rule: '…', dataYear: 2009 }) // 'low in World Bank data year 2009'
 */
export function classificationText(c: Classification): string {
  if (c.dataYear === undefined) return c.rule;
  return `${c.group ?? 'unclassified'} in World Bank data year ${c.dataYear}${c.note ? ` (${c.note})` : ''}`;
}

/**
 * The data year whose group was in force on a date: groups set on 1 July of year Y come from data year Y−1, so
 * a date before 1 July of Y reads Y−2. A bare year reads the group published that year (Y−1).
 * @example dataYearInForce('2010-03-15') // 2008
 * @example dataYearInForce('2010') // 2009
 */
export function dataYearInForce(date: string): number {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(date.trim());
  if (!match)
    throw new TwowayError({
      code: 'E_USAGE',
      message: `"${date}" is not a date (YYYY, YYYY-MM or YYYY-MM-DD)`,
    });
  const year = Number(match[1]);
  if (match[2] === undefined) return year - 1;
  return Number(match[2]) >= 7 ? year - 1 : year - 2;
}

/**
 * Classifies a country on a date under a rule; the answer keeps the rule and the data year used. A year
 * outside the data uses the nearest year and says so; an economy the Bank did not classify that year is
 * "unknown", never guessed.
 * @example classify(history, uganda, '2012-05-01').side // 'low-middle-income'
 */
export function classify(
  history: IncomeHistory,
  country: Pick<Country, 'iso3' | 'name'>,
  date: string,
  rule: ClassificationRule = DEFAULT_RULE,
): Classification {
  const name = ruleName(rule);
  if (rule.kind === 'custom') {
    const developed = rule.developed.map((c) => c.toUpperCase()).includes(country.iso3);
    return { country: country.iso3, side: developed ? 'high-income' : 'low-middle-income', rule: name };
  }
  const wanted = dataYearInForce(date);
  const dataYear = Math.min(history.lastDataYear, Math.max(history.firstDataYear, wanted));
  const notes: string[] = [];
  if (dataYear !== wanted)
    notes.push(
      `data year ${wanted} is outside the World Bank history (${history.firstDataYear}–${history.lastDataYear}); the nearest, ${dataYear}, was used`,
    );
  const group = history.groups.get(country.iso3)?.[dataYear - history.firstDataYear];
  if (!group) {
    notes.push(`the World Bank did not classify ${country.name} for data year ${dataYear}`);
    return { country: country.iso3, side: 'unknown', rule: name, dataYear, note: notes.join('; ') };
  }
  return {
    country: country.iso3,
    side: group === 'high' ? 'high-income' : 'low-middle-income',
    group,
    rule: name,
    dataYear,
    ...(notes.length ? { note: notes.join('; ') } : {}),
  };
}
