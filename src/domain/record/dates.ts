import type { PartialDate } from './bib-record.js';

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
  january: 1,
  february: 2,
  march: 3,
  april: 4,
  june: 6,
  july: 7,
  august: 8,
  september: 9,
  october: 10,
  november: 11,
  december: 12,
};

/** Month number from a name or number ("Aug", "august", "08"), else undefined. */
export function parseMonth(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const t = text.trim().toLowerCase().replace(/\.$/, '');
  const n = MONTHS[t];
  if (n) return n;
  if (/^\d{1,2}$/.test(t)) {
    const v = Number(t);
    return v >= 1 && v <= 12 ? v : undefined;
  }
  return undefined;
}

function validDay(year: number | undefined, month: number, day: number): boolean {
  if (day < 1 || day > 31) return false;
  const days = new Date(Date.UTC(year ?? 2000, month, 0)).getUTCDate();
  return day <= days;
}

/**
 * Reads the dates vendors write: "2012", "2012//", "2019/05/03/", "2004 Aug 25", "25 Aug 2004",
 * "2004 Aug-Sep", "2004 Spring", "2012-03-05", "Date of Publication: 25 Aug 2004", "May 2010".
 * Keeps `raw` when the text said something y/m/d cannot hold (a season, a range, free text).
 * @example parseDate('2004 Aug 25') // { year: 2004, month: 8, day: 25 }
 */
export function parseDate(text: string | undefined): PartialDate | undefined {
  if (!text) return undefined;
  const raw = text.trim();
  if (!raw) return undefined;
  // ISO and RIS slashes: 2012, 2012//, 2012/05, 2012/05/03/, 2012-05-03, 2012-05-03T00:00:00Z
  const iso = /^(\d{4})(?:[-/](\d{1,2})?)?(?:[-/](\d{1,2})?)?(?:\/(.*)|T.*)?$/.exec(raw);
  if (iso) {
    const date: PartialDate = { year: Number(iso[1]) };
    const month = iso[2] ? Number(iso[2]) : undefined;
    if (month && month >= 1 && month <= 12) {
      date.month = month;
      const day = iso[3] ? Number(iso[3]) : undefined;
      if (day && validDay(date.year, month, day)) date.day = day;
    }
    // the fourth part of a RIS date is free text ("2012/05/03/Spring issue")
    if (iso[4]) date.raw = raw;
    return date;
  }
  const cleaned = raw.replace(/^(date of publication|published|epub)\s*:?\s*/i, '');
  const yearMatch = /\b(1[5-9]\d\d|20\d\d|21\d\d)\b/.exec(cleaned);
  if (!yearMatch) return { raw };
  const date: PartialDate = { year: Number(yearMatch[1]) };
  const words = cleaned.split(/[\s,./-]+/).filter(Boolean);
  let month: number | undefined;
  let monthIndex = -1;
  for (let i = 0; i < words.length; i++) {
    const w = words[i] ?? '';
    if (/^[A-Za-z]+$/.test(w) && parseMonth(w)) {
      month = parseMonth(w);
      monthIndex = i;
      break;
    }
  }
  let exact = true;
  if (month) {
    date.month = month;
    const before = words[monthIndex - 1];
    const after = words[monthIndex + 1];
    const dayText =
      after && /^\d{1,2}$/.test(after) ? after : before && /^\d{1,2}$/.test(before) ? before : undefined;
    if (dayText && validDay(date.year, month, Number(dayText))) date.day = Number(dayText);
    const monthWords = words.filter((w) => /^[A-Za-z]+$/.test(w) && parseMonth(w));
    if (monthWords.length > 1) exact = false;
  }
  const leftover = words.filter((w) => !/^\d+$/.test(w) && !parseMonth(w));
  if (leftover.length > 0 || !exact) date.raw = raw;
  return date;
}

/** Formats a partial date as RIS does: `YYYY/MM/DD/` with empty parts. */
export function formatRisDate(date: PartialDate | undefined): string | undefined {
  if (!date?.year) return undefined;
  const mm = date.month ? String(date.month).padStart(2, '0') : '';
  const dd = date.day ? String(date.day).padStart(2, '0') : '';
  return `${date.year}/${mm}/${dd}/`;
}

const MONTH_ABBR = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Formats a partial date as MEDLINE's DP does: `2004 Aug 25`. */
export function formatMedlineDate(date: PartialDate | undefined): string | undefined {
  if (!date?.year) return undefined;
  const parts = [String(date.year)];
  if (date.month) parts.push(MONTH_ABBR[date.month - 1] ?? '');
  if (date.month && date.day) parts.push(String(date.day));
  return parts.join(' ');
}

/** The short English month name, for writers. */
export function monthAbbreviation(month: number): string {
  return MONTH_ABBR[month - 1] ?? '';
}
