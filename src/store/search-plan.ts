import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { DateNode, FacetNode, SearchNode, WordsNode } from '../domain/query/search-node.js';

/** What a full-text engine (FTS5, tsquery) must provide for a query to be compiled to it. */
export interface TextDialect {
  words(node: WordsNode): string;
  facet(node: FacetNode): string;
  and(left: string, right: string): string;
  or(left: string, right: string): string;
  /** left AND NOT right */
  not(left: string, right: string): string;
  /** A SQL condition on `r` (the record row) that holds when the text query matches. */
  condition(text: string): RawBuilder<SqlBool>;
}

/** A compiled query: the text query that drives the search, and SQL conditions on the record row `r`. */
export interface SearchPlan {
  text?: string;
  where: RawBuilder<SqlBool>[];
}

type Part = { text: string } | { sql: RawBuilder<SqlBool> };

function dateCondition(node: DateNode): RawBuilder<SqlBool> {
  return sql<SqlBool>`(r.pub_from <= ${node.to} and r.pub_to >= ${node.from})`;
}

function compilePart(node: SearchNode, dialect: TextDialect): Part {
  switch (node.kind) {
    case 'words':
      return { text: dialect.words(node) };
    case 'facet':
      return { text: dialect.facet(node) };
    case 'date':
      return { sql: dateCondition(node) };
    default: {
      const left = compilePart(node.left, dialect);
      const right = compilePart(node.right, dialect);
      if ('text' in left && 'text' in right) return { text: dialect[node.kind](left.text, right.text) };
      const l = 'sql' in left ? left.sql : dialect.condition(left.text);
      const r = 'sql' in right ? right.sql : dialect.condition(right.text);
      if (node.kind === 'and') return { sql: sql<SqlBool>`(${l} and ${r})` };
      if (node.kind === 'or') return { sql: sql<SqlBool>`(${l} or ${r})` };
      return { sql: sql<SqlBool>`(${l} and not ${r})` };
    }
  }
}

/**
 * Compiles a resolved query so that the text index does the most work: the top-level AND/NOT chain is split
 * into its parts, the text parts are joined into one text query that drives the search, and the rest (date
 * ranges, groups mixing dates and words) become SQL conditions on the record row.
 */
export function planSearch(node: SearchNode, dialect: TextDialect): SearchPlan {
  const positive: Part[] = [];
  const negative: Part[] = [];
  const split = (n: SearchNode) => {
    if (n.kind === 'and') {
      split(n.left);
      split(n.right);
    } else if (n.kind === 'not') {
      split(n.left);
      negative.push(compilePart(n.right, dialect));
    } else positive.push(compilePart(n, dialect));
  };
  split(node);
  const where: RawBuilder<SqlBool>[] = [];
  let text: string | undefined;
  for (const p of positive) {
    if ('sql' in p) where.push(p.sql);
    else text = text === undefined ? p.text : dialect.and(text, p.text);
  }
  for (const n of negative) {
    if ('text' in n && text !== undefined) text = dialect.not(text, n.text);
    else where.push(sql<SqlBool>`not ${'sql' in n ? n.sql : dialect.condition(n.text)}`);
  }
  return text === undefined ? { where } : { text, where };
}
