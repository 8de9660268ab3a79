import { FIELDS, fieldByTag, PROXIMITY_TAGS, type FieldTag } from './fields.js';
import { QueryError } from './query-error.js';

/**
 * The syntax tree of a PubMed query as written, before MeSH and automatic term mapping are applied.
 * Boolean operators have one precedence and group from the left, as PubMed evaluates them.
 */
export type QueryNode = OperatorNode | TermNode | HistoryNode;

export type Operator = 'AND' | 'OR' | 'NOT';

export interface OperatorNode {
  kind: 'op';
  op: Operator;
  left: QueryNode;
  right: QueryNode;
}

export interface TermNode {
  kind: 'term';
  /** The words as written, one space between them; a trailing `*` marks truncation. */
  text: string;
  /** True for a quoted phrase. */
  quoted: boolean;
  field?: FieldTag;
  /** `[mh:noexp]`: no explosion. */
  noexp?: boolean;
  /** `[tiab:~3]`: the words within this many words of each other, in any order. */
  near?: number;
  /** Where the term starts and ends in the query (0-based, end exclusive), for error carets. */
  start: number;
  end: number;
}

/** `#3`: the third search of the project's history. */
export interface HistoryNode {
  kind: 'history';
  ref: number;
  start: number;
  end: number;
}

type Token =
  | { type: '(' | ')'; at: number }
  | { type: 'op'; op: Operator; at: number }
  | { type: 'word'; text: string; at: number; end: number }
  | { type: 'phrase'; text: string; at: number; end: number }
  | { type: 'tag'; text: string; at: number; end: number }
  | { type: 'history'; ref: number; at: number; end: number };

const OPERATORS = new Set<string>(['AND', 'OR', 'NOT']);

function lex(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < query.length) {
    const c = query[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')') {
      tokens.push({ type: c, at: i });
      i++;
    } else if (c === '"') {
      const close = query.indexOf('"', i + 1);
      if (close < 0) throw new QueryError('E_QUERY_SYNTAX', 'this quote is never closed', query, i);
      tokens.push({ type: 'phrase', text: query.slice(i + 1, close), at: i, end: close + 1 });
      i = close + 1;
    } else if (c === '[') {
      const close = query.indexOf(']', i + 1);
      if (close < 0) throw new QueryError('E_QUERY_SYNTAX', 'this field tag is never closed', query, i);
      tokens.push({ type: 'tag', text: query.slice(i + 1, close), at: i, end: close + 1 });
      i = close + 1;
    } else if (c === ']') {
      throw new QueryError('E_QUERY_SYNTAX', 'a ] with no [ before it', query, i);
    } else {
      const start = i;
      while (i < query.length && !/[\s()"[\]]/.test(query[i]!)) i++;
      const text = query.slice(start, i);
      if (OPERATORS.has(text)) tokens.push({ type: 'op', op: text as Operator, at: start });
      else if (/^#\d+$/.test(text))
        tokens.push({ type: 'history', ref: Number(text.slice(1)), at: start, end: i });
      else tokens.push({ type: 'word', text, at: start, end: i });
    }
  }
  return tokens;
}

const KNOWN_TAGS = FIELDS.map((f) => f.tag).join(', ');

/** Reads `[tiab]`, `[mh:noexp]`, `[tiab:~3]`, `[MeSH Terms]`. */
function readTag(
  tag: Extract<Token, { type: 'tag' }>,
  query: string,
): Pick<TermNode, 'field' | 'noexp' | 'near'> {
  const [name = '', option] = tag.text.split(':', 2);
  const field = fieldByTag(name);
  if (!field)
    throw new QueryError(
      'E_QUERY_FIELD',
      `unknown field tag [${tag.text}]; known tags: ${KNOWN_TAGS}`,
      query,
      tag.at,
    );
  if (option === undefined) return { field: field.tag };
  const opt = option.trim().toLowerCase();
  if (opt === 'noexp' && field.explodes) return { field: field.tag, noexp: true };
  const near = /^~(\d{1,3})$/.exec(opt);
  if (near && PROXIMITY_TAGS.includes(field.tag)) return { field: field.tag, near: Number(near[1]) };
  throw new QueryError(
    'E_QUERY_FIELD',
    `[${field.tag}] does not take ":${option}" (noexp goes with [mh] and [majr]; ~N with ${PROXIMITY_TAGS.join(', ')})`,
    query,
    tag.at,
  );
}

/** Parentheses may nest this deep (a query is run as one full-text expression; FTS5's parser nests ~80 levels). */
export const MAX_QUERY_DEPTH = 16;
/** A query may hold this many terms, history references expanded (QueryError E_QUERY_TOO_COMPLEX beyond). */
export const MAX_QUERY_TERMS = 2000;

/**
 * Parses a PubMed query. Untagged words next to each other form one term (as PubMed reads "smith j[au]" or
 * "developing countries"); operators are upper-case AND, OR, NOT; terms side by side are ANDed.
 * @example parseQuery('malaria[ti] OR fever') // { kind: 'op', op: 'OR', left: {…malaria…}, right: {…fever…} }
 */
export function parseQuery(query: string): QueryNode {
  const tokens = lex(query);
  if (tokens.length === 0) throw new QueryError('E_QUERY_SYNTAX', 'the query is empty', query, 0);
  let pos = 0;
  let depth = 0;
  let terms = 0;

  const peek = () => tokens[pos];
  const startOf = (t: Token | undefined) => (t ? t.at : query.length);

  function parseTerm(): QueryNode {
    const first = tokens[pos]!;
    if (++terms > MAX_QUERY_TERMS)
      throw new QueryError(
        'E_QUERY_TOO_COMPLEX',
        `the query has more than ${MAX_QUERY_TERMS} terms; split it into searches of the history (#1 OR #2)`,
        query,
        first.at,
      );
    if (first.type === 'history') {
      pos++;
      return { kind: 'history', ref: first.ref, start: first.at, end: first.end };
    }
    let text: string;
    let quoted = false;
    let end: number;
    if (first.type === 'phrase') {
      pos++;
      text = first.text.trim().replace(/\s+/g, ' ');
      quoted = true;
      end = first.end;
      if (!text) throw new QueryError('E_QUERY_SYNTAX', 'an empty phrase', query, first.at);
    } else {
      const words: string[] = [];
      end = first.at;
      while (peek()?.type === 'word') {
        const w = tokens[pos++] as Extract<Token, { type: 'word' }>;
        words.push(w.text);
        end = w.end;
      }
      text = words.join(' ');
    }
    const node: TermNode = { kind: 'term', text, quoted, start: first.at, end };
    const tag = peek();
    if (tag?.type === 'tag') {
      pos++;
      Object.assign(node, readTag(tag, query));
      node.end = tag.end;
    }
    return node;
  }

  function parseUnit(): QueryNode {
    const t = peek();
    if (!t)
      throw new QueryError('E_QUERY_SYNTAX', 'the query ends where a term was expected', query, query.length);
    if (t.type === '(') {
      pos++;
      if (++depth > MAX_QUERY_DEPTH)
        throw new QueryError(
          'E_QUERY_TOO_COMPLEX',
          `parentheses nest more than ${MAX_QUERY_DEPTH} deep here`,
          query,
          t.at,
        );
      const inner = parseExpression(t.at);
      depth--;
      const close = peek();
      if (close?.type !== ')')
        throw new QueryError('E_QUERY_SYNTAX', 'this parenthesis is never closed', query, t.at);
      pos++;
      return inner;
    }
    if (t.type === ')')
      throw new QueryError('E_QUERY_SYNTAX', 'a term was expected before this )', query, t.at);
    if (t.type === 'op')
      throw new QueryError('E_QUERY_SYNTAX', `${t.op} needs a term before it`, query, t.at);
    if (t.type === 'tag')
      throw new QueryError('E_QUERY_SYNTAX', 'a field tag must follow a term', query, t.at);
    return parseTerm();
  }

  function parseExpression(openedAt: number | undefined): QueryNode {
    let left = parseUnit();
    for (;;) {
      const t = peek();
      if (!t) break;
      if (t.type === ')') {
        if (openedAt === undefined)
          throw new QueryError('E_QUERY_SYNTAX', 'a ) with no ( before it', query, t.at);
        break;
      }
      let op: Operator = 'AND';
      if (t.type === 'op') {
        op = t.op;
        pos++;
        const next = peek();
        if (!next || next.type === ')' || next.type === 'op')
          throw new QueryError('E_QUERY_SYNTAX', `${op} needs a term after it`, query, startOf(next));
      }
      left = { kind: 'op', op, left, right: parseUnit() };
    }
    return left;
  }

  return parseExpression(undefined);
}
