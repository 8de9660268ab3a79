import type { BooleanNode, FacetNode, SearchNode, WordsNode } from '../../domain/query/search-node.js';

/** What a full-text engine (FTS5, tsquery) must provide for a query to be compiled to it. */
export interface TextDialect {
  words(node: WordsNode): string;
  facet(node: FacetNode): string;
  /** All of the parts (two or more). */
  and(parts: readonly string[]): string;
  /** Any of the parts (two or more). */
  or(parts: readonly string[]): string;
  /** left AND NOT right */
  not(left: string, right: string): string;
}

/**
 * Compiles a resolved query into one text-index query: every leaf (words, MeSH, authors, dates, …) is a term
 * of the index, so the engine answers the whole query from its index. A chain of one operator (`a OR b OR c …`,
 * which the parser builds left-deep) is written flat, as one list: nested, a 100-term OR list overflowed FTS5's
 * parser stack (about 80 levels), and long OR lists of synonyms are what review searches are made of.
 */
export function compileText(node: SearchNode, dialect: TextDialect): string {
  switch (node.kind) {
    case 'words':
      return dialect.words(node);
    case 'facet':
      return dialect.facet(node);
    case 'not':
      return dialect.not(compileText(node.left, dialect), compileText(node.right, dialect));
    case 'and':
    case 'or':
      return dialect[node.kind](chainOf(node).map((part) => compileText(part, dialect)));
  }
}

/** The operands of a chain of one operator, in order (walked without recursion: chains can be long). */
function chainOf(node: BooleanNode): SearchNode[] {
  const parts: SearchNode[] = [];
  const pending: SearchNode[] = [node];
  while (pending.length > 0) {
    const next = pending.pop()!;
    if (next.kind === node.kind && 'left' in next) pending.push(next.right, next.left);
    else parts.push(next);
  }
  return parts;
}
