import type { TextColumn } from './fields.js';

/**
 * A query ready to run: MeSH headings exploded, automatic term mapping applied, dates turned into date tokens;
 * every leaf one of two kinds that the in-memory matcher, the FTS5 compiler and the tsquery compiler all implement.
 */
export type SearchNode = BooleanNode | WordsNode | FacetNode;

export interface BooleanNode {
  kind: 'and' | 'or' | 'not';
  left: SearchNode;
  right: SearchNode;
}

/**
 * Words in some text columns: without `near`, a phrase (the tokens one after the other in one column); with
 * `near`, the tokens in any order with at most `near` other tokens between the first and the last. `prefix`
 * truncates the last token.
 */
export interface WordsNode {
  kind: 'words';
  columns: readonly TextColumn[];
  tokens: string[];
  prefix: boolean;
  near?: number;
  /** How the search details print it, e.g. `"stem cells"[All Fields]`. */
  label: string;
}

/** Any of these facet tokens (see `recordFacets`); with `prefix`, any facet token that starts with one of them. */
export interface FacetNode {
  kind: 'facet';
  tokens: string[];
  prefix?: true;
  label: string;
}

export function isBoolean(node: SearchNode): node is BooleanNode {
  return node.kind === 'and' || node.kind === 'or' || node.kind === 'not';
}

/**
 * The search details of a node, PubMed style: left-to-right groups keep their parentheses only where the
 * operator changes or the group is on the right.
 * @example describe(node) // '"stem cells"[MeSH Terms] OR ("stem"[All Fields] AND "cells"[All Fields])'
 */
export function describe(node: SearchNode): string {
  if (!isBoolean(node)) return node.label;
  const op = node.kind.toUpperCase();
  const side = (child: SearchNode, right: boolean) => {
    const text = describe(child);
    return isBoolean(child) && (right || child.kind !== node.kind) ? `(${text})` : text;
  };
  return `${side(node.left, false)} ${op} ${side(node.right, true)}`;
}

/** Joins nodes with one operator, grouping from the left. */
export function combine(kind: BooleanNode['kind'], nodes: SearchNode[]): SearchNode {
  return nodes.reduce((left, right) => ({ kind, left, right }));
}
