import { iso6392 } from 'iso-639-2';
import type { BibRecord, Person } from '../record/bib-record.js';
import { dateTokens } from './date-tokens.js';
import {
  authorToken,
  facetTokenIfAny,
  foldJoined,
  foldValue,
  MAX_TOKEN_LENGTH,
  wordTokens,
  type FacetKind,
} from './tokens.js';

const languageCodes = new Map<string, string>();
for (const l of iso6392) {
  const code = l.iso6392B;
  languageCodes.set(code, code);
  if (l.iso6392T) languageCodes.set(l.iso6392T, code);
  if (l.iso6391) languageCodes.set(l.iso6391, code);
  for (const name of l.name.split(';')) languageCodes.set(foldValue(name), code);
}

/**
 * A language as PubMed's `[la]` knows it: the ISO 639-2/B code, from a code (639-1, 639-2/B or /T) or an
 * English name; anything else folded as it is.
 * @example languageCode('English') // 'eng'
 * @example languageCode('de') // 'ger'
 */
export function languageCode(value: string): string {
  const folded = foldValue(value);
  return languageCodes.get(folded) ?? folded;
}

/**
 * The initials of a given name, lower case: "John Andrew" → "ja", "SB" → "sb", "J.-P." → "jp".
 */
export function initials(given: string): string {
  const trimmed = given.trim();
  if (/^\p{Lu}{1,4}$/u.test(trimmed)) return foldValue(trimmed);
  return wordTokens(trimmed)
    .map((w) => w[0])
    .join('');
}

/**
 * What ends the family name in an author token: a private-use character, which FTS5's tokenizer, PostgreSQL's
 * lexemes and Twoway's own tokens all keep inside a token, and which no name has.
 */
export const FAMILY_END = '\uE000';

/** A name run together, at most as long as a token may be (PostgreSQL refuses lexemes over 2 KiB). */
function nameKey(text: string): string {
  return foldJoined(text).slice(0, MAX_TOKEN_LENGTH);
}

/**
 * The key an author is indexed by for `[au]`, `[1au]` and `[lastau]`: the family name folded with its words run
 * together, FAMILY_END, then the initials; a name that could not be split, the whole name and FAMILY_END. One
 * readable token per author (not one hashed token per initials prefix): PubMed's "smith j" is a prefix search
 * for "smith" + FAMILY_END + "j", which finds Smith J, Smith JA and Smith JB but not Smithson J.
 * @example authorKey({ family: 'Syed', given: 'Shamsuzzoha B' }) // 'syed\uE000sb'
 */
export function authorKey(person: Person): string | undefined {
  if (!person.family) {
    const whole = person.literal ? nameKey(person.literal) : '';
    return whole ? whole + FAMILY_END : undefined;
  }
  const family = nameKey(person.family);
  if (!family) return undefined;
  return family + FAMILY_END + (person.given ? initials(person.given) : '');
}

/**
 * The author-key prefixes an `[au]` query value finds: read as a family name and initials ("Smith JA" → smith,
 * ja; "smith john" → smith, j: a last word longer than three letters is a given name, reduced to its initial;
 * one word is a family name alone) and, for names that were not split (organisations), as a whole name.
 * @example authorKeyPrefixes('smith ja') // ['smith\uE000ja', 'smithja\uE000']
 */
export function authorKeyPrefixes(value: string): string[] {
  const words = wordTokens(value);
  if (words.length === 0) return [];
  const whole = words.join('').slice(0, MAX_TOKEN_LENGTH) + FAMILY_END;
  if (words.length === 1) return [whole];
  const last = words[words.length - 1]!;
  const family = words.slice(0, -1).join('').slice(0, MAX_TOKEN_LENGTH);
  return [family + FAMILY_END + (last.length <= 3 ? last : last[0]), whole];
}

/** The value a descriptor/qualifier pair is indexed and searched by (`[mh]` with `/qualifier`). */
export function meshQualifierKey(descriptor: string, qualifier: string): string {
  return `${descriptor} / ${qualifier}`;
}

/**
 * Every facet token of a record: what `[mh]`, `[majr]`, `[sh]`, `[pt]`, `[la]`, `[au]`, `[1au]`, `[lastau]`,
 * `[ta]`, `[doi]`, `[pmid]`, `[vi]`, `[ip]` and `[dp]` search in.
 */
export function recordFacets(record: BibRecord): string[] {
  const out = new Set<string>();
  const add = (kind: FacetKind, value: string | undefined) => {
    const token = value ? facetTokenIfAny(kind, value) : undefined;
    if (token) out.add(token);
  };
  for (const m of record.mesh ?? []) {
    add('mh', m.descriptor);
    if (m.major) add('mj', m.descriptor);
    for (const q of m.qualifiers) {
      add('sh', q.name);
      add('mq', meshQualifierKey(m.descriptor, q.name));
      if (q.major) add('jq', meshQualifierKey(m.descriptor, q.name));
    }
  }
  for (const t of record.publicationTypes ?? []) add('pt', t);
  if (record.language) for (const l of record.language.split(/[;,]/)) add('la', languageCode(l));
  const authors = record.authors ?? [];
  authors.forEach((a, i) => {
    const key = authorKey(a);
    if (!key) return;
    out.add(authorToken('au', key));
    if (i === 0) out.add(authorToken('a1', key));
    if (i === authors.length - 1) out.add(authorToken('al', key));
  });
  add('ta', record.journal?.title);
  add('ta', record.journal?.abbrev);
  for (const issn of record.issn ?? []) add('ta', issn);
  add('di', record.doi?.toLowerCase());
  add('pm', record.pmid);
  add('vi', record.volume);
  add('ip', record.issue);
  for (const t of dateTokens(record.date)) out.add(t);
  return [...out];
}
