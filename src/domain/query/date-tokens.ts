import type { PartialDate } from '../record/bib-record.js';
import { facetToken } from './tokens.js';

/**
 * Publication dates as facet tokens, so that `[dp]` ranges run inside the text index like every other term.
 * A record is found by a range when its date, as precise as it is known, overlaps the range: "2010" is found by
 * 2010/05/01:2010/12/31, "2010 Apr" is not. Tokens: `da` every record of a year, `dy` records known only to the
 * year, `dn` every record of a month, `dm` records known only to the month, `dd` records known to the day.
 * Ranges are read within the years 1000–2100 (PubMed's "3000" for "until now" included).
 */
export const FIRST_YEAR = 1000;
export const LAST_YEAR = 2100;

const pad = (n: number) => String(n).padStart(2, '0');

/** The date tokens of a record. */
export function dateTokens(date: PartialDate | undefined): string[] {
  const year = date?.year;
  if (!year) return [];
  const out = [facetToken('da', String(year))];
  if (!date.month) return [...out, facetToken('dy', String(year))];
  const month = `${year}${pad(date.month)}`;
  out.push(facetToken('dn', month));
  if (!date.day) return [...out, facetToken('dm', month)];
  return [...out, facetToken('dd', `${month}${pad(date.day)}`)];
}

export interface DateBound {
  year: number;
  month?: number;
  day?: number;
}

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/**
 * The tokens a range is found by: whole years, then, in a year the range cuts, year-only records, whole months,
 * and, in a month it cuts, month-only records and single days.
 * @example dateRangeTokens({ year: 1990 }, { year: 2010 }).length // 21
 */
export function dateRangeTokens(from: DateBound, to: DateBound): string[] {
  const out: string[] = [];
  const first = Math.max(from.year, FIRST_YEAR);
  const last = Math.min(to.year, LAST_YEAR);
  for (let y = first; y <= last; y++) {
    const startMonth = y === from.year ? from.month : undefined;
    const endMonth = y === to.year ? to.month : undefined;
    if (startMonth === undefined && endMonth === undefined) {
      out.push(facetToken('da', String(y)));
      continue;
    }
    out.push(facetToken('dy', String(y)));
    for (let m = startMonth ?? 1; m <= (endMonth ?? 12); m++) {
      const month = `${y}${pad(m)}`;
      const startDay = y === from.year && m === from.month ? from.day : undefined;
      const endDay = y === to.year && m === to.month ? to.day : undefined;
      if (startDay === undefined && endDay === undefined) {
        out.push(facetToken('dn', month));
        continue;
      }
      out.push(facetToken('dm', month));
      for (let d = startDay ?? 1; d <= (endDay ?? daysIn(y, m)); d++)
        out.push(facetToken('dd', `${month}${pad(d)}`));
    }
  }
  return out;
}
