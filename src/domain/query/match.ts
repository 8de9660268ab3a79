import type { BibRecord } from '../record/bib-record.js';
import { TEXT_COLUMNS, type TextColumn } from './fields.js';
import { indexText } from './index-text.js';
import type { SearchNode, WordsNode } from './search-node.js';
import { wordTokens } from './tokens.js';

/** A record prepared for matching: the same tokens the full-text indexes hold. */
export interface MatchableRecord {
  columns: Record<TextColumn, string[]>;
  facets: Set<string>;
}

export function toMatchable(record: BibRecord): MatchableRecord {
  const text = indexText(record);
  const columns = {} as Record<TextColumn, string[]>;
  for (const c of TEXT_COLUMNS) columns[c] = wordTokens(text[c]);
  return {
    columns,
    facets: new Set(text.facets.split(' ').filter(Boolean)),
  };
}

function tokenAt(tokens: string[], i: number, wanted: string, prefix: boolean): boolean {
  const t = tokens[i];
  return t !== undefined && (prefix ? t.startsWith(wanted) : t === wanted);
}

function phraseIn(tokens: string[], node: WordsNode): boolean {
  const n = node.tokens.length;
  for (let i = 0; i + n <= tokens.length; i++) {
    let all = true;
    for (let j = 0; j < n && all; j++)
      all = tokenAt(tokens, i + j, node.tokens[j]!, node.prefix && j === n - 1);
    if (all) return true;
  }
  return false;
}

/** FTS5's NEAR: one position per word such that the last is at most `near + 1` after the first. */
function nearIn(tokens: string[], node: WordsNode, near: number): boolean {
  const n = node.tokens.length;
  const positions: number[][] = node.tokens.map(() => []);
  tokens.forEach((t, i) => {
    node.tokens.forEach((w, j) => {
      if (node.prefix && j === n - 1 ? t.startsWith(w) : t === w) positions[j]!.push(i);
    });
  });
  if (positions.some((p) => p.length === 0)) return false;
  for (const start of positions.flat())
    if (positions.every((p) => p.some((q) => q >= start && q - start <= near + 1))) return true;
  return false;
}

/**
 * Whether a record matches a resolved query: the reference the SQL compilers are tested against.
 * @example matches(toMatchable(record), resolveQuery('malaria[ti]').node) // true when the title says malaria
 */
export function matches(record: MatchableRecord, node: SearchNode): boolean {
  switch (node.kind) {
    case 'and':
      return matches(record, node.left) && matches(record, node.right);
    case 'or':
      return matches(record, node.left) || matches(record, node.right);
    case 'not':
      return matches(record, node.left) && !matches(record, node.right);
    case 'facet':
      if (!node.prefix) return node.tokens.some((t) => record.facets.has(t));
      for (const f of record.facets) if (node.tokens.some((t) => f.startsWith(t))) return true;
      return false;
    case 'words':
      return node.columns.some((c) =>
        node.near === undefined
          ? phraseIn(record.columns[c], node)
          : nearIn(record.columns[c], node, node.near),
      );
  }
}
