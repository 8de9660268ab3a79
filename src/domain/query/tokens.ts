/**
 * The tokens search works on. Word tokens follow SQLite FTS5's `unicode61 remove_diacritics 2` tokenizer
 * (letters, digits and private-use characters make tokens; everything else separates them; case and
 * diacritics are folded), so that the in-memory matcher, the FTS5 index and the PostgreSQL `tsvector` Twoway
 * builds itself all see the same words.
 */

/** Tokens longer than this are not searchable (PostgreSQL refuses lexemes over 2 KiB). */
export const MAX_TOKEN_LENGTH = 200;

const TOKEN_CHAR = /[\p{L}\p{N}\p{Co}]/u;
const ASCII = /^\p{ASCII}*$/u;

const foldedChars = new Map<string, string>();

/** One token character, lower-cased and without diacritics, as unicode61 folds it. */
function foldChar(c: string): string {
  let f = foldedChars.get(c);
  if (f === undefined) {
    const base = c.normalize('NFD').replace(/\p{M}+/gu, '');
    f = (base || c).toLowerCase();
    if (foldedChars.size < 65536) foldedChars.set(c, f);
  }
  return f;
}

/**
 * Splits text into search tokens.
 * @example wordTokens("Crohn's disease: the Ménière-type") // ['crohn', 's', 'disease', 'the', 'meniere', 'type']
 */
export function wordTokens(text: string): string[] {
  const out: string[] = [];
  if (ASCII.test(text)) {
    for (const m of text.toLowerCase().matchAll(/[a-z0-9]+/g))
      if (m[0].length <= MAX_TOKEN_LENGTH) out.push(m[0]);
    return out;
  }
  let token = '';
  for (const c of text) {
    if (TOKEN_CHAR.test(c)) token += foldChar(c);
    else if (token) {
      if (token.length <= MAX_TOKEN_LENGTH) out.push(token);
      token = '';
    }
  }
  if (token && token.length <= MAX_TOKEN_LENGTH) out.push(token);
  return out;
}

/**
 * A name folded and run together into one token's letters: its tokens joined without a space.
 * @example foldJoined("O'Brien-Smith") // 'obriensmith'
 */
export function foldJoined(text: string): string {
  // the common case without the token array: ASCII names, no word longer than a token may be
  if (text.length <= MAX_TOKEN_LENGTH && ASCII.test(text))
    return text.toLowerCase().replace(/[^a-z0-9]+/g, '');
  return wordTokens(text).join('');
}

/**
 * A value folded for exact comparison (a MeSH heading, an author key, a journal): its tokens joined by one space.
 * @example foldValue('Neoplasms, Second Primary') // 'neoplasms second primary'
 */
export function foldValue(value: string): string {
  return wordTokens(value).join(' ');
}

/** FNV-1a over UTF-16 code units, two seeds: 64 bits, written in base 36. */
export function hash64(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x9e3779b9;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 15);
  }
  return (a >>> 0).toString(36).padStart(7, '0') + (b >>> 0).toString(36).padStart(7, '0');
}

/**
 * The kinds of structured value a record is indexed by, each a two-letter namespace of its facet tokens.
 * `mh` any MeSH descriptor, `mj` a major one, `mq` descriptor/qualifier, `jq` descriptor/qualifier where the
 * qualifier is major, `sh` a qualifier alone, `pt` publication type, `la` language, `au`/`a1`/`al` any/first/last
 * author (readable author keys, see `authorToken`), `ta` journal (title, abbreviation or ISSN), `di` DOI, `pm` PMID, `vi` volume, `ip` issue.
 */
export type FacetKind =
  | 'mh'
  | 'mj'
  | 'mq'
  | 'jq'
  | 'sh'
  | 'pt'
  | 'la'
  | 'au'
  | 'a1'
  | 'al'
  | 'ta'
  | 'di'
  | 'pm'
  | 'vi'
  | 'ip'
  | 'da'
  | 'dy'
  | 'dn'
  | 'dm'
  | 'dd'
  | 'pj';

/**
 * The facet token of a value: its namespace and a 64-bit hash of the folded value — one alphanumeric token that
 * no tokenizer splits, whatever characters the value had.
 * @example facetToken('mh', 'Developing Countries') === facetToken('mh', 'developing countries') // true
 */
export function facetToken(kind: FacetKind, value: string): string {
  return facetTokenIfAny(kind, value) ?? kind + hash64('');
}

/** The kinds whose tokens are an author key (searched by prefix), not a hash. */
export type AuthorKind = 'au' | 'a1' | 'al';

/**
 * The facet token of an author key (see `authorKey`): the namespace and the key itself, so that `[au]` can search
 * a prefix of it.
 * @example authorToken('a1', 'syed\uE000sb') // 'a1syed\uE000sb'
 */
export function authorToken(kind: AuthorKind, key: string): string {
  return kind + key;
}

/** Facet tokens already made: journals, MeSH headings, types and languages repeat from record to record. */
const madeTokens = new Map<FacetKind, Map<string, string | null>>();
const MADE_TOKENS_LIMIT = 100_000;
/** Kinds whose values are one record's own (a DOI, a PMID): remembering them would only fill the memory. */
const UNREPEATED_KINDS: ReadonlySet<FacetKind> = new Set(['di', 'pm']);

function makeToken(kind: FacetKind, value: string): string | null {
  const folded = foldValue(value);
  return folded ? kind + hash64(folded) : null;
}

/**
 * The facet token of a value, or undefined when the value has no letters or digits (nothing to index).
 * Remembers the tokens it made: an import hashes the same heading thousands of times (bench:import).
 * @example facetTokenIfAny('mh', '—') // undefined
 */
export function facetTokenIfAny(kind: FacetKind, value: string): string | undefined {
  if (UNREPEATED_KINDS.has(kind)) return makeToken(kind, value) ?? undefined;
  let made = madeTokens.get(kind);
  if (!made) madeTokens.set(kind, (made = new Map()));
  let token = made.get(value);
  if (token === undefined) {
    token = makeToken(kind, value);
    if (made.size >= MADE_TOKENS_LIMIT) made.clear();
    made.set(value, token);
  }
  return token ?? undefined;
}
