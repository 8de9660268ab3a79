import type { TextColumn } from '../../../domain/query/fields.js';
import type { IndexText } from '../../../domain/query/index-text.js';
import { MAX_NEAR } from '../../../domain/query/resolve.js';
import { wordTokens } from '../../../domain/query/tokens.js';

/**
 * PostgreSQL's index is built from Twoway's own tokens, not `to_tsvector`, so that it holds exactly the words
 * FTS5 and the in-memory matcher see. Each column gets a weight (title A, abstract B, keywords C, authors and
 * journal D) and its own run of positions, further apart than any proximity search reaches, so that a phrase
 * never spans two columns. Facet tokens carry a leading "=" that no word has. (PostgreSQL caps positions at
 * 16,383: phrases past that point of a very long record are not found.)
 */
export const COLUMN_WEIGHTS: Record<TextColumn, string> = {
  title: 'A',
  abstract: 'B',
  keywords: 'C',
  authors: 'D',
  journal: 'D',
};
const COLUMN_ORDER: readonly TextColumn[] = ['title', 'journal', 'keywords', 'abstract', 'authors'];
const COLUMN_GAP = MAX_NEAR + 28;
const MAX_POSITION = 16383;

/** The facet lexeme of a facet token in PostgreSQL. */
export function pgFacetLexeme(token: string): string {
  return `=${token}`;
}

/**
 * The `tsvector` input text of a record's index entry: `'malaria':1A,7A 'kenya':3A '=mh…'`.
 * @example tsvectorText({ title: 'Malaria', abstract: '', keywords: '', authors: '', journal: '', facets: '' }) // "'malaria':1A"
 */
export function tsvectorText(index: IndexText): string {
  const positions = new Map<string, string[]>();
  let next = 1;
  for (const column of COLUMN_ORDER) {
    const tokens = wordTokens(index[column]);
    if (tokens.length === 0) continue;
    const weight = COLUMN_WEIGHTS[column];
    for (const t of tokens) {
      const at = `${Math.min(next, MAX_POSITION)}${weight}`;
      const list = positions.get(t);
      if (list) list.push(at);
      else positions.set(t, [at]);
      next++;
    }
    next += COLUMN_GAP;
  }
  const parts: string[] = [];
  for (const [token, at] of positions) parts.push(`'${token}':${at.join(',')}`);
  for (const f of index.facets.split(' ')) if (f) parts.push(`'${pgFacetLexeme(f)}'`);
  return parts.join(' ');
}
