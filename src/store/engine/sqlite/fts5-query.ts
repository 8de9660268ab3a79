import type { TextColumn } from '../../../domain/query/fields.js';
import type { TextDialect } from '../compile-text.js';

const quote = (token: string) => `"${token}"`;
const columns = (list: readonly TextColumn[]) => `{${list.join(' ')}}`;

/**
 * SQLite FTS5 query syntax. Every operand is parenthesised, because FTS5 gives NOT, AND and OR different
 * precedences where PubMed reads left to right.
 * @example fts5.words({ columns: ['title'], tokens: ['hospital', 'partner'], prefix: true, … }) // '{title} : "hospital partner" *'
 */
export const fts5: TextDialect = {
  words(node) {
    if (node.near === undefined)
      return `${columns(node.columns)} : ${quote(node.tokens.join(' '))}${node.prefix ? ' *' : ''}`;
    const last = node.tokens.length - 1;
    const phrases = node.tokens.map((t, i) => `${quote(t)}${node.prefix && i === last ? '*' : ''}`);
    return `${columns(node.columns)} : NEAR(${phrases.join(' ')}, ${node.near})`;
  },
  facet(node) {
    const star = node.prefix ? ' *' : '';
    return `{facets} : (${node.tokens.map((t) => quote(t) + star).join(' OR ')})`;
  },
  and: (parts) => parts.map((p) => `(${p})`).join(' AND '),
  or: (parts) => parts.map((p) => `(${p})`).join(' OR '),
  not: (l, r) => `(${l}) NOT (${r})`,
};
