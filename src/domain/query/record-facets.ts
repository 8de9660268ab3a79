import { iso6392 } from 'iso-639-2';
import type { BibRecord, Person } from '../record/bib-record.js';
import { dateTokens } from './date-tokens.js';
import { facetTokenIfAny, foldValue, hash64, wordTokens, type FacetKind } from './tokens.js';

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
 * The keys an author is found by with `[au]`: the family name alone and with each prefix of the initials, as
 * PubMed's "smith j" finds Smith J, Smith JA and Smith JB; a name that could not be split is one key.
 * @example authorKeys({ family: 'Syed', given: 'Shamsuzzoha B' }) // ['syed', 'syed s', 'syed sb']
 */
export function authorKeys(person: Person): string[] {
  if (!person.family) return person.literal ? [foldValue(person.literal)] : [];
  const family = foldValue(person.family);
  if (!family) return [];
  const letters = person.given ? initials(person.given) : '';
  const keys = [family];
  for (let i = 1; i <= letters.length; i++) keys.push(`${family} ${letters.slice(0, i)}`);
  return keys;
}

/**
 * The key an `[au]` query value is looked up by: "Smith JA" → "smith ja"; "smith john" → "smith j" (a last word
 * longer than three letters is a given name, reduced to its initial).
 */
export function authorQueryKey(value: string): string {
  const words = wordTokens(value);
  if (words.length < 2) return words.join(' ');
  const last = words[words.length - 1]!;
  const family = words.slice(0, -1).join(' ');
  return last.length <= 3 ? `${family} ${last}` : `${family} ${last[0]}`;
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
    // author keys are folded already and mostly unique: hashed once each, not looked up
    for (const key of authorKeys(a)) {
      const hash = hash64(key);
      out.add(`au${hash}`);
      if (i === 0) out.add(`a1${hash}`);
      if (i === authors.length - 1) out.add(`al${hash}`);
    }
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
