/**
 * Normalises a page range: dashes of any kind become '-', abbreviated end pages are expanded
 * ("152-60" → "152-160"), "152-152" becomes "152". Non-numeric pages (e0815, S12-S14) keep their letters.
 * @example normalisePages('152–60') // '152-160'
 */
export function normalisePages(text: string | undefined): string | undefined {
  if (!text) return undefined;
  // every dash (and the spaces around it) becomes '-': split at the dashes and trim the parts, which stays linear
  // where a pattern with \s* on both sides backtracked over long runs of spaces
  const s = text
    .trim()
    .split(/--?|[\u2010-\u2015\u2212]/)
    .map((part) => part.trim())
    .join('-')
    .replace(/^pp?\.\s*/i, '');
  if (!s) return undefined;
  const m = /^([A-Za-z]*)(\d+)-([A-Za-z]*)(\d+)$/.exec(s);
  if (!m) return s;
  const [, prefixA = '', first = '', prefixB = '', lastRaw = ''] = m;
  let last = lastRaw;
  if (last.length < first.length && (prefixB === '' || prefixB === prefixA)) {
    last = first.slice(0, first.length - last.length) + last;
  }
  if (Number(last) < Number(first) && lastRaw.length === first.length) return s;
  if (last === first && (prefixB === '' || prefixB === prefixA)) return `${prefixA}${first}`;
  return `${prefixA}${first}-${prefixB || prefixA}${last}`;
}

/** Splits a normalised range into first and last page. */
export function splitPages(pages: string | undefined): { first?: string; last?: string } {
  if (!pages) return {};
  const i = pages.indexOf('-');
  if (i < 0) return { first: pages };
  return { first: pages.slice(0, i), last: pages.slice(i + 1) };
}

/** Joins a start and end page into one normalised range. */
export function joinPages(first: string | undefined, last: string | undefined): string | undefined {
  const a = first?.trim();
  const b = last?.trim();
  if (a && b) return normalisePages(`${a}-${b}`);
  return normalisePages(a || b);
}
