import type { MeshDescriptor, MeshVocabulary } from '../mesh/vocabulary.js';
import { fieldInfo, TEXT_COLUMNS, type FieldTag } from './fields.js';
import { dateRangeTokens, type DateBound } from './date-tokens.js';
import { MAX_QUERY_DEPTH, MAX_QUERY_TERMS, parseQuery, type QueryNode, type TermNode } from './parse.js';
import { QueryError } from './query-error.js';
import { authorKeyPrefixes, languageCode, meshQualifierKey } from './record-facets.js';
import {
  combine,
  describe as describeNode,
  type FacetNode,
  type SearchNode,
  type WordsNode,
} from './search-node.js';
import { authorToken, facetToken, foldValue, wordTokens, type AuthorKind, type FacetKind } from './tokens.js';

export interface ResolveOptions {
  /** The MeSH vocabulary for `[mh]` explosion, entry terms and automatic term mapping. */
  mesh?: MeshVocabulary;
  /** The query text of search `#n` of the project's history, for `#1 AND #2`. */
  history?: (ref: number) => string | undefined;
}

/** How one MeSH heading of the query was understood, for the search details. */
export interface MeshExpansion {
  /** The heading as written. */
  term: string;
  /** The descriptor it named (by name or entry term), when the vocabulary knows it. */
  descriptor?: string;
  /** The descriptors searched: the descriptor and, exploded, everything below it in the trees. */
  searched: string[];
  exploded: boolean;
}

export interface ResolvedQuery {
  query: string;
  node: SearchNode;
  /** The search details, PubMed style. */
  translation: string;
  mesh: MeshExpansion[];
  /** Untagged words that automatic term mapping turned into MeSH, e.g. "cancer" → "Neoplasms". */
  mapped: { term: string; descriptor: string }[];
  warnings: string[];
}

/** How deep a resolved query's operators may nest (a chain of one operator is one level). */
export const MAX_QUERY_NESTING = MAX_QUERY_DEPTH + 8;

/**
 * The terms a resolved query runs (leaves, counted each time a shared history tree occurs) and how deep its
 * operators nest (a chain of one operator, `a OR b OR c`, is one level, as the engines are sent it). Each node
 * is measured once.
 */
function measure(root: SearchNode): { terms: number; nesting: number } {
  const known = new Map<SearchNode, { terms: number; nesting: number }>();
  const of = (node: SearchNode): { terms: number; nesting: number } => {
    if (node.kind === 'words' || node.kind === 'facet') return { terms: 1, nesting: 0 };
    const cached = known.get(node);
    if (cached) return cached;
    const level = (child: SearchNode): number =>
      of(child).nesting + (child.kind === node.kind && node.kind !== 'not' ? 0 : 1);
    const result = {
      terms: of(node.left).terms + of(node.right).terms,
      nesting: Math.max(level(node.left), level(node.right)),
    };
    known.set(node, result);
    return result;
  };
  return of(root);
}

/** The most alternatives a proximity search may expand into (PostgreSQL runs them one by one). */
export const MAX_NEAR_ALTERNATIVES = 2000;
const MAX_MAPPED_WORDS = 8;
/** The largest `:~N`: the PostgreSQL index keeps fields further apart than this (see tsvector-text.ts). */
export const MAX_NEAR = 100;

function binomial(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return Math.round(r);
}

/** How many ordered placements a proximity group of `words` words within `near` has. */
export function nearAlternatives(words: number, near: number): number {
  let f = 1;
  for (let i = 2; i <= words; i++) f *= i;
  return f * binomial(near + 1, words - 1);
}

const DATE_BOUND = /^(\d{4})(?:[/-](\d{1,2})(?:[/-](\d{1,2}))?)?$/;

/**
 * Resolves a parsed query against the MeSH vocabulary: the tree every engine runs, and its search details.
 * @example resolveQuery('cancer AND 1990:2010[dp]', { mesh }).translation
 *   // '("neoplasms"[MeSH Terms] OR "neoplasms"[All Fields] OR "cancer"[All Fields]) AND 1990:2010[Date - Publication]'
 */
export function resolveQuery(query: string, options: ResolveOptions = {}): ResolvedQuery {
  const mesh: MeshExpansion[] = [];
  const mapped: ResolvedQuery['mapped'] = [];
  const warnings: string[] = [];

  function fail(reason: string, term: { start: number }): never {
    throw new QueryError('E_QUERY_SYNTAX', reason, query, term.start);
  }

  function words(text: string, tag: FieldTag, term: TermNode, near?: number, forcePhrase = false): WordsNode {
    const truncated = text.endsWith('*');
    const body = truncated ? text.slice(0, -1) : text;
    if (body.includes('*')) fail('only the last word of a term may be truncated with *', term);
    const tokens = wordTokens(body);
    if (tokens.length === 0) fail(`"${text}" has no letters or digits to search for`, term);
    if (truncated && tokens[tokens.length - 1]!.length < 4)
      fail('a truncated word needs at least 4 letters before the * (as in PubMed)', term);
    const info = fieldInfo(tag);
    const shown = truncated ? `${tokens.join(' ')}*` : tokens.join(' ');
    const label = `${truncated && tokens.length === 1 ? shown : `"${shown}"`}[${info.label}${near === undefined ? '' : `:~${near}`}]`;
    const node: WordsNode = {
      kind: 'words',
      columns: info.columns ?? TEXT_COLUMNS,
      tokens,
      prefix: truncated,
      label,
    };
    if (near !== undefined && !forcePhrase) {
      // one position per distinct word, as FTS5's NEAR counts them
      node.tokens = [...new Set(tokens)];
      if (node.tokens.length > 6) fail('a proximity search takes at most 6 words', term);
      if (near > MAX_NEAR) fail(`a proximity distance is at most ${MAX_NEAR} words`, term);
      if (nearAlternatives(node.tokens.length, near) > MAX_NEAR_ALTERNATIVES)
        throw new QueryError(
          'E_QUERY_TOO_COMPLEX',
          `${tokens.length} words within ${near} is more combinations than Twoway runs; use fewer words or a smaller distance`,
          query,
          term.start,
        );
      node.near = near;
    }
    return node;
  }

  function facet(kind: FacetKind, values: string[], label: string): FacetNode {
    return { kind: 'facet', tokens: [...new Set(values.map((v) => facetToken(kind, v)))], label };
  }

  function noTruncation(term: TermNode): void {
    if (term.text.includes('*'))
      fail(`truncation (*) works with text fields only, not with [${term.field}]`, term);
  }

  /** The descriptors a found heading searches (exploded or not), noted for the search details. */
  function searchedDescriptors(term: string, descriptor: MeshDescriptor, explode: boolean): string[] {
    const names = explode ? [...options.mesh!.explode(descriptor)] : [descriptor.name];
    mesh.push({ term, descriptor: descriptor.name, searched: names, exploded: explode });
    return names;
  }

  function meshTerm(term: TermNode, major: boolean): SearchNode {
    noTruncation(term);
    const [heading = '', qualifier] = term.text.split('/', 2).map((s) => s.trim());
    const explode = !term.noexp;
    const found = options.mesh?.resolve(heading);
    let names: string[];
    if (found) {
      names = searchedDescriptors(heading, found, explode);
    } else {
      names = [heading];
      mesh.push({ term: heading, searched: names, exploded: false });
      warnings.push(
        options.mesh
          ? `"${heading}" is not a MeSH heading in the loaded vocabulary; searched as written`
          : `no MeSH vocabulary is loaded; "${heading}" is searched as written, not exploded`,
      );
    }
    const shownName = (found?.name ?? heading).toLowerCase();
    const label = `"${qualifier ? `${shownName}/${qualifier.toLowerCase()}` : shownName}"[${fieldInfo(major ? 'majr' : 'mh').label}${explode ? '' : ':noexp'}]`;
    if (qualifier) {
      const kind: FacetKind = major ? 'jq' : 'mq';
      return facet(
        kind,
        names.map((n) => meshQualifierKey(n, qualifier)),
        label,
      );
    }
    return facet(major ? 'mj' : 'mh', names, label);
  }

  function dateBound(text: string, term: TermNode): DateBound {
    const m = DATE_BOUND.exec(text.trim());
    if (!m) fail(`"${text}" is not a date (write YYYY, YYYY/MM or YYYY/MM/DD)`, term);
    const month = m[2] ? Number(m[2]) : undefined;
    const day = m[3] ? Number(m[3]) : undefined;
    if (month !== undefined && (month < 1 || month > 12)) fail(`month ${month} does not exist`, term);
    if (day !== undefined && (day < 1 || day > 31)) fail(`day ${day} does not exist`, term);
    if (day !== undefined && day > new Date(Date.UTC(Number(m[1]), month!, 0)).getUTCDate())
      fail(`${m[1]}/${month} has no day ${day}`, term);
    return {
      year: Number(m[1]),
      ...(month === undefined ? {} : { month }),
      ...(day === undefined ? {} : { day }),
    };
  }

  function dateTerm(term: TermNode): FacetNode {
    const parts = term.text.split(':');
    if (parts.length > 2) fail(`"${term.text}" is not a date range (write FROM:TO)`, term);
    const from = dateBound(parts[0]!, term);
    const to = dateBound(parts[1] ?? parts[0]!, term);
    const key = (b: DateBound, end: boolean) =>
      b.year * 10000 + (b.month ?? (end ? 99 : 0)) * 100 + (b.day ?? (end ? 99 : 0));
    if (key(from, false) > key(to, true)) fail(`the range ${term.text} ends before it starts`, term);
    return {
      kind: 'facet',
      tokens: dateRangeTokens(from, to),
      label: `${term.text.replace(/-/g, '/')}[${fieldInfo('dp').label}]`,
    };
  }

  /** PubMed's "All Fields" translation of a phrase that names a MeSH descriptor. */
  function mappedToMesh(phrase: string, descriptor: MeshDescriptor, term: TermNode): SearchNode {
    const names = searchedDescriptors(phrase, descriptor, true);
    mapped.push({ term: phrase, descriptor: descriptor.name });
    const parts: SearchNode[] = [
      facet('mh', names, `"${descriptor.name.toLowerCase()}"[${fieldInfo('mh').label}]`),
    ];
    const spellings = [descriptor.name, phrase].filter(
      (s, i, all) => all.findIndex((o) => foldValue(o) === foldValue(s)) === i,
    );
    for (const spelling of spellings) {
      const tokens = wordTokens(spelling);
      if (tokens.length > 1)
        parts.push(
          combine(
            'and',
            tokens.map((t) => words(t, 'all', term)),
          ),
        );
      parts.push(words(spelling, 'all', term, undefined, true));
    }
    return combine('or', parts);
  }

  /**
   * Automatic term mapping of untagged words: the longest run of words that is a MeSH descriptor or entry term
   * becomes `"descriptor"[MeSH Terms] OR …[All Fields]`; other words are searched in all fields; truncated
   * words are never mapped. The pieces are ANDed.
   */
  function untagged(term: TermNode): SearchNode {
    if (term.quoted) return words(term.text, 'all', term);
    const list = term.text.split(' ');
    const parts: SearchNode[] = [];
    let i = 0;
    while (i < list.length) {
      const word = list[i]!;
      if (word.endsWith('*') || !options.mesh) {
        parts.push(words(word, 'all', term));
        i++;
        continue;
      }
      let hit: { descriptor: MeshDescriptor; until: number } | undefined;
      for (let j = Math.min(list.length, i + MAX_MAPPED_WORDS); j > i && !hit; j--) {
        const run = list.slice(i, j);
        if (run.some((w) => w.endsWith('*'))) continue;
        const descriptor = options.mesh.resolve(run.join(' '));
        if (descriptor) hit = { descriptor, until: j };
      }
      if (hit) {
        parts.push(mappedToMesh(list.slice(i, hit.until).join(' '), hit.descriptor, term));
        i = hit.until;
      } else {
        parts.push(words(word, 'all', term));
        i++;
      }
    }
    return combine('and', parts);
  }

  function single(term: TermNode, kind: FacetKind, ...values: string[]): FacetNode {
    noTruncation(term);
    if (!foldValue(values[0]!)) fail(`"${term.text}" has no letters or digits to search for`, term);
    return facet(kind, values, `"${term.text.toLowerCase()}"[${fieldInfo(term.field!).label}]`);
  }

  /** `[au]`, `[1au]`, `[lastau]`: a prefix search over the author tokens (see `authorKey`). */
  function author(term: TermNode, kind: AuthorKind): FacetNode {
    noTruncation(term);
    const prefixes = authorKeyPrefixes(term.text);
    if (prefixes.length === 0) fail(`"${term.text}" has no letters or digits to search for`, term);
    return {
      kind: 'facet',
      tokens: prefixes.map((p) => authorToken(kind, p)),
      prefix: true,
      label: `"${term.text.toLowerCase()}"[${fieldInfo(term.field!).label}]`,
    };
  }

  function resolveTerm(term: TermNode): SearchNode {
    const field = term.field;
    switch (field) {
      case undefined:
        return untagged(term);
      case 'ti':
      case 'ab':
      case 'tiab':
      case 'tw':
      case 'all':
        if (term.quoted || term.near !== undefined) return words(term.text, field, term, term.near);
        return combine(
          'and',
          term.text.split(' ').map((w) => words(w, field, term)),
        );
      case 'mh':
        return meshTerm(term, false);
      case 'majr':
        return meshTerm(term, true);
      case 'sh':
        return single(term, 'sh', term.text);
      case 'pt':
        return single(term, 'pt', term.text);
      case 'la':
        return single(term, 'la', languageCode(term.text));
      case 'au':
        return author(term, 'au');
      case '1au':
        return author(term, 'a1');
      case 'lastau':
        return author(term, 'al');
      case 'ta':
        return single(term, 'ta', term.text);
      case 'doi':
        return single(term, 'di', term.text.toLowerCase());
      case 'pmid':
        if (!/^\d+$/.test(term.text)) fail(`"${term.text}" is not a PMID (digits only)`, term);
        return single(term, 'pm', term.text);
      case 'vi':
        return single(term, 'vi', term.text);
      case 'ip':
        return single(term, 'ip', term.text);
      case 'dp':
        return dateTerm(term);
    }
  }

  const expanding = new Set<number>();
  // each history entry is parsed and resolved once and its tree shared: `#k OR #k` re-parsed #k at every step,
  // doubling the work with each level (a fifteenth step blocked the server for 13 s)
  const resolvedHistory = new Map<number, SearchNode>();
  function resolveNode(node: QueryNode): SearchNode {
    if (node.kind === 'op')
      return {
        kind: node.op === 'AND' ? 'and' : node.op === 'OR' ? 'or' : 'not',
        left: resolveNode(node.left),
        right: resolveNode(node.right),
      };
    if (node.kind === 'history') {
      const text = options.history?.(node.ref);
      if (text === undefined)
        throw new QueryError(
          'E_QUERY_SYNTAX',
          `there is no search #${node.ref} in this project's history`,
          query,
          node.start,
        );
      if (expanding.has(node.ref))
        throw new QueryError('E_QUERY_SYNTAX', `search #${node.ref} refers to itself`, query, node.start);
      const known = resolvedHistory.get(node.ref);
      if (known) return known;
      expanding.add(node.ref);
      const inner = resolveNode(parseQuery(text));
      expanding.delete(node.ref);
      resolvedHistory.set(node.ref, inner);
      return inner;
    }
    return resolveTerm(node);
  }

  const node = resolveNode(parseQuery(query));
  // the size and nesting of the query as it runs, history references expanded (shared trees counted as often
  // as they occur): bounded before anything is written out or sent to an engine
  const { terms, nesting } = measure(node);
  if (terms > MAX_QUERY_TERMS)
    throw new QueryError(
      'E_QUERY_TOO_COMPLEX',
      `the query expands to ${terms > 1e15 ? 'more than 10^15' : terms.toLocaleString('en')} terms with its history references; at most ${MAX_QUERY_TERMS} are run`,
      query,
      0,
    );
  if (nesting > MAX_QUERY_NESTING)
    throw new QueryError(
      'E_QUERY_TOO_COMPLEX',
      `the query nests its operators ${nesting} deep with its history references; at most ${MAX_QUERY_NESTING}`,
      query,
      0,
    );
  return { query, node, translation: describeNode(node), mesh, mapped, warnings };
}
