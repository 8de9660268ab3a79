import type { FacetNode, SearchNode, WordsNode } from '../../domain/query/search-node.js';

/** What a full-text engine (FTS5, tsquery) must provide for a query to be compiled to it. */
export interface TextDialect {
  words(node: WordsNode): string;
  facet(node: FacetNode): string;
  and(left: string, right: string): string;
  or(left: string, right: string): string;
  /** left AND NOT right */
  not(left: string, right: string): string;
}

/**
 * Compiles a resolved query into one text-index query: every leaf (words, MeSH, authors, dates, …) is a term
 * of the index, so the engine answers the whole query from its index.
 */
export function compileText(node: SearchNode, dialect: TextDialect): string {
  switch (node.kind) {
    case 'words':
      return dialect.words(node);
    case 'facet':
      return dialect.facet(node);
    default:
      return dialect[node.kind](compileText(node.left, dialect), compileText(node.right, dialect));
  }
}
