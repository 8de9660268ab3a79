import type { TextColumn } from '../../../domain/query/fields.js';
import type { WordsNode } from '../../../domain/query/search-node.js';
import type { TextDialect } from '../compile-text.js';
import { COLUMN_WEIGHTS, pgFacetLexeme } from './tsvector-text.js';

function weights(list: readonly TextColumn[]): string {
  return [...new Set(list.map((c) => COLUMN_WEIGHTS[c]))].sort().join('');
}

function lexeme(node: WordsNode, i: number): string {
  const prefix = node.prefix && i === node.tokens.length - 1 ? '*' : '';
  return `'${node.tokens[i]}':${prefix}${weights(node.columns)}`;
}

/** Every order of the words and every spacing that keeps them within `near` words: FTS5's NEAR, spelt out. */
function nearAlternatives(node: WordsNode, near: number): string[] {
  const out: string[] = [];
  const order = node.tokens.map((_, i) => i);
  const permute = (rest: number[], chosen: number[]) => {
    if (rest.length === 0) {
      const gaps = (left: number, count: number, acc: number[]) => {
        if (count === 0) {
          let text = lexeme(node, chosen[0]!);
          acc.forEach((g, k) => (text += ` <${g}> ${lexeme(node, chosen[k + 1]!)}`));
          out.push(`(${text})`);
          return;
        }
        for (let g = 1; g <= left - (count - 1); g++) gaps(left - g, count - 1, [...acc, g]);
      };
      gaps(near + 1, chosen.length - 1, []);
      return;
    }
    rest.forEach((r, i) => permute([...rest.slice(0, i), ...rest.slice(i + 1)], [...chosen, r]));
  };
  permute(order, []);
  return out;
}

/**
 * PostgreSQL `tsquery` syntax over the lexemes `tsvectorText` writes: weights pick the columns.
 * @example tsquery.words({ columns: ['title'], tokens: ['hospital', 'partner'], prefix: true, … }) // "'hospital':A <-> 'partner':*A"
 */
export const tsquery: TextDialect = {
  words(node) {
    if (node.near === undefined || node.tokens.length === 1)
      return node.tokens.map((_, i) => lexeme(node, i)).join(' <-> ');
    return `(${nearAlternatives(node, node.near).join(' | ')})`;
  },
  facet(node) {
    const star = node.prefix ? ':*' : '';
    return `(${node.tokens.map((t) => `'${pgFacetLexeme(t)}'${star}`).join(' | ')})`;
  },
  and: (parts) => parts.map((p) => `(${p})`).join(' & '),
  or: (parts) => parts.map((p) => `(${p})`).join(' | '),
  not: (l, r) => `(${l}) & !(${r})`,
};
