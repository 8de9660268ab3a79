import { distance } from 'fastest-levenshtein';
import type { BibRecord } from '../record/bib-record.js';
import { dedupeKeys, type DedupeKeys } from './keys.js';
import { UnionFind } from './union-find.js';

/**
 * Duplicate detection, precision first: a pair is merged automatically only on strong evidence (the same
 * PMID, PMCID or DOI with matching titles, or a near-identical title with matching year and first author and
 * no conflicting identifier, volume or page); weaker evidence puts the pair in a review queue; errata,
 * conference abstracts and same-title-other-year records are never merged automatically.
 */
export type DedupeRule =
  | 'pmid'
  | 'pmcid'
  | 'doi'
  | 'title-year-author'
  | 'title-bibliographic'
  | 'title-prefix-bibliographic'
  | 'journal-pages'
  | 'title-authors';

export interface PairVerdict {
  a: number;
  b: number;
  /** `auto`: merge; `review`: a person should decide. */
  verdict: 'auto' | 'review';
  rule: DedupeRule | 'similar-title';
  /** Title similarity, 0–1. */
  score: number;
  /** Why a pair went to review rather than being merged. */
  reasons: string[];
}

export interface Cluster {
  /** Indices of the records, canonical first. */
  members: number[];
  canonical: number;
  /** The pairs that joined the cluster. */
  pairs: PairVerdict[];
}

export interface DedupeResult {
  clusters: Cluster[];
  review: PairVerdict[];
}

export interface DedupeOptions {
  /** Pairs the team said are not duplicates (indices, either order): never merged, never queued again. */
  notDuplicates?: readonly (readonly [number, number])[];
  /** Blocks larger than this are skipped for fuzzy comparison (a title prefix shared by thousands). */
  maxBlock?: number;
}

/** Title similarity: 1 − Levenshtein distance / longer length, on folded titles. */
export function titleSimilarity(a: string, b: string): number {
  if (!a || !b) return 0;
  if (a === b) return 1;
  return 1 - distance(a, b) / Math.max(a.length, b.length);
}

/** An upper bound of titleSimilarity that costs nothing: lengths alone. */
function similarityBound(a: string, b: string): number {
  const longer = Math.max(a.length, b.length);
  return longer === 0 ? 0 : 1 - Math.abs(a.length - b.length) / longer;
}

const AUTO_TITLE = 0.95;
const REVIEW_TITLE = 0.85;

/** Records sharing one title from this many on make it a generic title. */
const GENERIC_TITLE = 5;
/** Conflicts that tell two records of a generic title apart. */
const TELLS_APART = [
  'different years',
  'different volumes',
  'different issues',
  'different pages',
  'different DOIs',
];

/**
 * Whether two first authors can be one person: the same family name; or one's family name among the other's
 * name words (an inverted "Ching-yi, Wu" / "Wu, Ching-yi", a placeholder "Si Hyun Kang, null"); or the first
 * two authors given in the other order; or family names one letter apart from five letters on (a damaged
 * transliteration). A missing author conflicts with nothing.
 */
function sameFirstAuthor(x: DedupeKeys, y: DedupeKeys): boolean {
  if (!x.firstAuthor || !y.firstAuthor || x.firstAuthor === y.firstAuthor) return true;
  if (y.firstAuthorWords?.includes(x.firstAuthor) || x.firstAuthorWords?.includes(y.firstAuthor)) return true;
  // the first two authors in the other order ("Hong, Zheng" / "Zheng, Hong")
  if (x.secondAuthor && x.secondAuthor === y.firstAuthor && y.secondAuthor === x.firstAuthor) return true;
  return (
    Math.min(x.firstAuthor.length, y.firstAuthor.length) >= 5 && distance(x.firstAuthor, y.firstAuthor) <= 1
  );
}

/**
 * Whether two records give the same author list: two or more authors each, and the first three (or as many as
 * the shorter list has) with the same family names in the same order.
 */
function sameLeadAuthors(x: DedupeKeys, y: DedupeKeys, atLeast = 2): boolean {
  const [a, b] = [x.leadAuthors ?? [], y.leadAuthors ?? []];
  const n = Math.min(a.length, b.length);
  return n >= atLeast && a.slice(0, n).every((name, i) => name === b[i]);
}

/** The most pages one article's range spans here: a supplement's whole range given to every abstract is not one. */
const ARTICLE_PAGES = 100;

/**
 * Whether two records sit at the same place of one journal: journal, volume, year and the whole page range (of one
 * article's length) equal, and the issue when both give one. Two papers cannot: a translated title, or a title
 * each source words differently, is still the one paper there.
 */
function samePlace(x: DedupeKeys, y: DedupeKeys): boolean {
  if (!x.pageRange || x.pageRange !== y.pageRange) return false;
  const [first, last] = x.pageRange.split('-').map(Number) as [number, number];
  return Boolean(
    last - first < ARTICLE_PAGES &&
    x.journal &&
    x.journal === y.journal &&
    x.volume &&
    x.volume === y.volume &&
    x.year &&
    x.year === y.year &&
    (!x.issue || !y.issue || x.issue === y.issue),
  );
}

/** The titles a record is known by: its own, a bracketed (translated) one, and the title a notice concerns. */
function titlesOf(k: DedupeKeys): string[] {
  const titles = [k.title];
  if (k.otherTitle) titles.push(k.otherTitle);
  if (k.noticeSubject) titles.push(k.noticeSubject);
  return titles;
}

/** The best similarity of any of two records' titles. */
function bestSimilarity(x: DedupeKeys, y: DedupeKeys): number {
  let best = 0;
  for (const a of titlesOf(x))
    for (const b of titlesOf(y)) {
      // the length bound caps the similarity: a pair that cannot beat the best so far is not compared
      if (similarityBound(a, b) <= best) continue;
      best = Math.max(best, titleSimilarity(a, b));
    }
  return best;
}

/**
 * Whether one title is the other's beginning or end, whole words, of four words or more: the same paper with
 * its subtitle lost or cut ("Diminished control in crowdsourcing" / "… : an investigation of …"), or a leading
 * acronym dropped.
 */
function prefixTitle(x: DedupeKeys, y: DedupeKeys): boolean {
  for (const a of titlesOf(x))
    for (const b of titlesOf(y)) {
      const [short, long] = a.length <= b.length ? [a, b] : [b, a];
      if (short.length < 20 || short.split(' ').length < 4) continue;
      // its subtitle lost, or a leading acronym or label lost ("Hyred: hybrid job recommendation system")
      if (long.startsWith(`${short} `) || long.endsWith(` ${short}`)) return true;
    }
  return false;
}

function conflicts(x: DedupeKeys, y: DedupeKeys): string[] {
  const out: string[] = [];
  if (x.doi && y.doi && x.doi !== y.doi) out.push('different DOIs');
  if (x.pmid && y.pmid && x.pmid !== y.pmid) out.push('different PMIDs');
  if (x.year && y.year && x.year !== y.year) out.push(`different years (${x.year}, ${y.year})`);
  if (x.volume && y.volume && x.volume !== y.volume) out.push('different volumes');
  // a differing issue tells columns apart; with the whole page range equal it is a slip in one record
  if (x.issue && y.issue && x.issue !== y.issue && !(x.pageRange && x.pageRange === y.pageRange))
    out.push('different issues');
  if (x.firstPage && y.firstPage && x.firstPage !== y.firstPage) out.push('different pages');
  if (x.notice !== y.notice) out.push('one is an erratum, retraction or comment');
  if (x.conference !== y.conference) out.push('conference abstract and journal paper');
  if (x.language && y.language && x.language !== y.language) out.push('different languages');
  return out;
}

/** Judges one candidate pair; undefined when it is not a duplicate at all. */
export function judgePair(a: number, b: number, x: DedupeKeys, y: DedupeKeys): PairVerdict | undefined {
  const sameIdentifier = Boolean(
    (x.pmid && x.pmid === y.pmid) || (x.pmcid && x.pmcid === y.pmcid) || (x.doi && x.doi === y.doi),
  );
  const prefix = prefixTitle(x, y);
  const place = samePlace(x, y);
  // titles too different in length to reach the review threshold are not compared letter by letter
  if (
    !sameIdentifier &&
    !prefix &&
    !place &&
    titlesOf(x).length === 1 &&
    titlesOf(y).length === 1 &&
    similarityBound(x.title, y.title) < REVIEW_TITLE
  )
    return undefined;
  const score = bestSimilarity(x, y);
  const against = conflicts(x, y);
  const sameAuthor = sameFirstAuthor(x, y);
  const verdict = (rule: PairVerdict['rule'], auto: boolean, reasons: string[]): PairVerdict => ({
    a,
    b,
    verdict: auto ? 'auto' : 'review',
    rule,
    score,
    reasons,
  });
  // identifiers: strong, unless the titles say otherwise
  for (const [rule, same] of [
    ['pmid', x.pmid && x.pmid === y.pmid],
    ['pmcid', x.pmcid && x.pmcid === y.pmcid],
    ['doi', x.doi && x.doi === y.doi],
  ] as const) {
    if (!same) continue;
    // a shared identifier outweighs an issue or a year (e-pub and print) or a language
    const reasons = against.filter(
      (r) => !r.startsWith('different years') && r !== 'different languages' && r !== 'different issues',
    );
    if (score < REVIEW_TITLE && !prefix && x.title && y.title) reasons.push('titles differ');
    // one record's "page" is the article number the other gives as pages: equal titles and a shared
    // identifier outweigh it
    const settled = score >= AUTO_TITLE ? reasons.filter((r) => r !== 'different pages') : reasons;
    return verdict(rule, settled.length === 0, settled);
  }
  // one place in one journal (journal, volume, issue, the whole page range, year) and one first author: one
  // paper, whatever its title says there (a translation, a review's other wording)
  if (place && sameAuthor && against.length === 0 && !x.conference) return verdict('journal-pages', true, []);
  // a title cut short, where the bibliography agrees: journal, volume and first page, or the whole page range
  // (a proceedings paper has no volume), with year and first author
  if (
    prefix &&
    against.length === 0 &&
    sameAuthor &&
    x.year &&
    y.year &&
    ((x.volume && y.volume && x.firstPage && y.firstPage) || (x.pageRange && x.pageRange === y.pageRange)) &&
    (!x.journal || !y.journal || x.journal === y.journal)
  )
    return verdict('title-prefix-bibliographic', true, []);
  // a title cut short in one journal, where only one record gives the bibliography (a magazine's kicker "How did
  // it …" before the headline): journal, year and first author agree, and the shorter title says much (8 words)
  if (
    prefix &&
    against.length === 0 &&
    sameAuthor &&
    x.year &&
    x.year === y.year &&
    x.journal &&
    x.journal === y.journal &&
    Math.min(x.title.split(' ').length, y.title.split(' ').length) >= 8
  )
    return verdict('title-prefix-bibliographic', true, []);
  // titles worded a little apart ("IT-enabled" / "Enhanced") in the same year on the same whole page range, by
  // the same authors
  if (
    score >= REVIEW_TITLE &&
    x.year &&
    x.year === y.year &&
    x.pageRange &&
    x.pageRange === y.pageRange &&
    sameLeadAuthors(x, y) &&
    against.length === 0
  )
    return verdict('title-bibliographic', true, []);
  // one issue of one journal, the same title and the same three authors: the page one record gives is the other's
  // slip (an abstract's "e8" and "e3")
  if (
    score >= AUTO_TITLE &&
    x.journal &&
    x.journal === y.journal &&
    x.volume &&
    x.volume === y.volume &&
    x.issue &&
    x.issue === y.issue &&
    x.year === y.year &&
    sameLeadAuthors(x, y, 3) &&
    against.length > 0 &&
    against.every((r) => r === 'different pages')
  )
    return verdict('title-bibliographic', true, []);
  // the working paper and the proceedings of one paper, a year apart: the same title and the same authors, and
  // nothing else on either side that could tell them apart
  if (
    score >= AUTO_TITLE &&
    x.year &&
    y.year &&
    Math.abs(x.year - y.year) === 1 &&
    sameLeadAuthors(x, y) &&
    x.title.split(' ').length >= 6 &&
    against.every((r) => r.startsWith('different years'))
  )
    return verdict('title-authors', true, []);
  // the e-pub and the print year of one paper: a year apart, with volume and the whole page range agreeing
  if (
    score >= AUTO_TITLE &&
    sameAuthor &&
    x.year &&
    y.year &&
    Math.abs(x.year - y.year) === 1 &&
    x.volume &&
    x.volume === y.volume &&
    x.pageRange &&
    x.pageRange === y.pageRange &&
    against.every((r) => r.startsWith('different years'))
  )
    return verdict('title-bibliographic', true, []);
  if (score < REVIEW_TITLE || x.title.length < 20) return undefined;
  const hard = against.filter((r) => r.startsWith('different DOIs') || r.startsWith('different PMIDs'));
  // two identifiers and two years: two editions (an annual introduction, a journal version), not a question —
  // unless the same authors give the same title in the same journal (a paper printed twice): a person decides
  if (hard.length > 0 && against.some((r) => r.startsWith('different years')))
    return score >= AUTO_TITLE && x.journal && x.journal === y.journal && sameLeadAuthors(x, y)
      ? verdict('similar-title', false, against)
      : undefined;
  if (against.some((r) => r.startsWith('different years'))) {
    // the same title in another year is most often a series or an update: a person decides
    return score >= AUTO_TITLE ? verdict('similar-title', false, against) : undefined;
  }
  if (score >= AUTO_TITLE && sameAuthor && against.length === 0) {
    const bibliographic = Boolean(x.volume && y.volume && x.firstPage && y.firstPage);
    if (x.year && y.year)
      return verdict(bibliographic ? 'title-bibliographic' : 'title-year-author', true, []);
  }
  const reasons = [
    ...against,
    ...(sameAuthor ? [] : ['different first authors']),
    ...(score < AUTO_TITLE ? ['titles similar, not equal'] : []),
    ...(!x.year || !y.year ? ['a year is missing'] : []),
  ];
  if (hard.length > 0 && score < AUTO_TITLE) return undefined;
  return verdict('similar-title', false, reasons);
}

/** How complete a record is: the canonical record of a cluster is the most complete one. */
export function completeness(r: BibRecord): number {
  let score = 0;
  for (const v of Object.values(r))
    if (v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0)) score += 1;
  score += r.abstract ? 5 + Math.min(r.abstract.length / 500, 3) : 0;
  score += (r.doi ? 2 : 0) + (r.pmid ? 2 : 0);
  return score;
}

/**
 * Finds duplicates among records: blocking (same identifier, same title beginning or end, same year + author +
 * page, same year + volume + page),
 * then pair judgement, then clusters from the automatic pairs. Nothing is deleted: the result says which
 * records belong together and which pairs need a person.
 * @example findDuplicates([a, b]).clusters[0]?.members // [0, 1] when a and b are the same paper
 */
export function findDuplicates(records: readonly BibRecord[], options: DedupeOptions = {}): DedupeResult {
  const keys = records.map(dedupeKeys);
  const maxBlock = options.maxBlock ?? 200;
  const refused = new Set((options.notDuplicates ?? []).map(([a, b]) => (a < b ? `${a}:${b}` : `${b}:${a}`)));
  const blocks = new Map<string, number[]>();
  const add = (key: string | undefined, i: number): void => {
    if (!key) return;
    const list = blocks.get(key);
    if (list) list.push(i);
    else blocks.set(key, [i]);
  };
  keys.forEach((k, i) => {
    add(k.doi && `doi:${k.doi}`, i);
    add(k.pmid && `pmid:${k.pmid}`, i);
    add(k.pmcid && `pmcid:${k.pmcid}`, i);
    if (k.titlePrefix.length >= 20) add(`title:${k.titlePrefix}`, i);
    // and its end, for a title that lost (or gained) its first words ("How did it … Upwork's CEO on …")
    if (k.title.length >= 40) add(`title:…${k.title.slice(-40)}`, i);
    if (k.otherTitle && k.otherTitle.length >= 20) add(`title:${k.otherTitle.slice(0, 40)}`, i);
    if (k.noticeSubject) add(`title:${k.noticeSubject.slice(0, 40)}`, i);
    if (k.year && k.volume && k.firstPage) add(`yvp:${k.year}:${k.volume}:${k.firstPage}`, i);
    if (k.year && k.firstAuthor && k.firstPage) add(`yap:${k.year}:${k.firstAuthor}:${k.firstPage}`, i);
  });
  // a title many records share ("Editorial", "Editor's comments") says nothing by itself: such pairs are put
  // to a person only when nothing bibliographic tells them apart
  const titleCount = new Map<string, number>();
  for (const k of keys) titleCount.set(k.title, (titleCount.get(k.title) ?? 0) + 1);
  const generic = (k: DedupeKeys) => (titleCount.get(k.title) ?? 0) >= GENERIC_TITLE;
  const seen = new Set<string>();
  const verdicts: PairVerdict[] = [];
  for (const [key, members] of blocks) {
    if (members.length < 2) continue;
    const identifierBlock = !key.startsWith('title:') && !key.startsWith('yap:') && !key.startsWith('yvp:');
    if (!identifierBlock && members.length > maxBlock) continue;
    for (let i = 0; i < members.length; i++)
      for (let j = i + 1; j < members.length; j++) {
        const a = Math.min(members[i]!, members[j]!);
        const b = Math.max(members[i]!, members[j]!);
        const id = `${a}:${b}`;
        if (seen.has(id) || refused.has(id)) continue;
        seen.add(id);
        const v = judgePair(a, b, keys[a]!, keys[b]!);
        if (!v) continue;
        if (
          v.verdict === 'review' &&
          generic(keys[a]!) &&
          v.reasons.some((r) => TELLS_APART.some((prefix) => r.startsWith(prefix)))
        )
          continue;
        verdicts.push(v);
      }
  }
  const uf = new UnionFind(records.length);
  for (const v of verdicts) if (v.verdict === 'auto') uf.union(v.a, v.b);
  const clusters: Cluster[] = [];
  const clusterOf = new Map<number, number>();
  for (const members of uf.groups()) {
    const canonical = [...members].sort(
      (x, y) => completeness(records[y]!) - completeness(records[x]!) || x - y,
    )[0]!;
    clusters.push({ canonical, members: [canonical, ...members.filter((m) => m !== canonical)], pairs: [] });
    for (const m of members) clusterOf.set(m, clusters.length - 1);
  }
  for (const v of verdicts) if (v.verdict === 'auto') clusters[clusterOf.get(v.a)!]!.pairs.push(v);
  // a review pair whose two records ended up in one cluster anyway needs no review
  const review = verdicts.filter(
    (v) =>
      v.verdict === 'review' &&
      (clusterOf.get(v.a) === undefined || clusterOf.get(v.a) !== clusterOf.get(v.b)),
  );
  return { clusters, review };
}

/**
 * The merged record of a cluster: the canonical record, with each missing field taken from the next most
 * complete member (duplicates are data; the members stay as they were).
 */
export function mergeCluster(records: readonly BibRecord[], cluster: Cluster): BibRecord {
  const ordered = [...cluster.members].sort((x, y) => completeness(records[y]!) - completeness(records[x]!));
  const merged: Record<string, unknown> = { ...records[cluster.canonical] };
  for (const i of ordered) {
    for (const [key, value] of Object.entries(records[i]!)) {
      const current = merged[key];
      if (current === undefined || current === '' || (Array.isArray(current) && current.length === 0))
        merged[key] = value;
    }
  }
  return merged as unknown as BibRecord;
}
