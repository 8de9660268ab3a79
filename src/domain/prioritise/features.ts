import { eng as ENGLISH_STOP_WORDS } from 'stopword';
import type { SparseRows } from './sparse.js';

/** What the feature extractor reads of a record. */
export interface FeatureDocument {
  title?: string | undefined;
  abstract?: string | undefined;
  /** Author keywords and MeSH headings, each one feature when `keywords` is on. */
  keywords?: readonly string[] | undefined;
}

export interface TfidfOptions {
  /** 1: unigrams; 2: unigrams and bigrams of adjacent words. */
  ngrams: 1 | 2;
  /** tf → 1 + ln(tf). */
  sublinearTf: boolean;
  /** Terms in more than this share of the records are dropped (corpus stop words). */
  maxDf: number;
  /** Terms in fewer records than this are dropped. */
  minDf: number;
  /** Each keyword or MeSH heading of a record is one more feature (weighted as a term). */
  keywords: boolean;
  /** Leave out common English words (the stopword package's list) before n-grams are formed. */
  stopWords?: boolean;
  /** The title's words count this many times (titles say most about a record's topic); 1 by default. */
  titleWeight?: number;
}

export const DEFAULT_TFIDF: TfidfOptions = {
  ngrams: 2,
  sublinearTf: true,
  maxDf: 0.95,
  minDf: 1,
  keywords: false,
};

/** Words: runs of two or more letters, digits or underscores, lower-cased (scikit-learn's default pattern). */
const WORD = /[\p{L}\p{M}\p{N}_]{2,}/gu;

/** The words of a text, lower-cased. @example words('The HIV-1 study') // ['the', 'hiv', 'study'] */
export function words(text: string): string[] {
  return text.toLowerCase().match(WORD) ?? [];
}

/** Growable parallel arrays of (row, column, count) entries, before the columns are known. */
class Entries {
  columns = new Int32Array(1024);
  counts = new Float64Array(1024);
  length = 0;
  push(column: number, count: number): void {
    if (this.length === this.columns.length) {
      const columns = new Int32Array(this.length * 2);
      columns.set(this.columns);
      const counts = new Float64Array(this.length * 2);
      counts.set(this.counts);
      this.columns = columns;
      this.counts = counts;
    }
    this.columns[this.length] = column;
    this.counts[this.length++] = count;
  }
}

/**
 * Ids of word pairs (bigrams), in an open-addressing hash table on typed arrays: a Map keyed by a number that
 * combines two word ids holds tens of millions of heap numbers at 100,000 records, and its hashing and the
 * garbage it leaves were a third of the features' time.
 */
class PairIds {
  private first = new Int32Array(1 << 16).fill(-1);
  private second = new Int32Array(1 << 16);
  private ids = new Int32Array(1 << 16);
  private size = 0;

  /** The id of the pair (a, b), made with `next()` when it is new. */
  idOf(a: number, b: number, next: () => number): number {
    const mask = this.first.length - 1;
    let slot = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca77)) & mask;
    for (;;) {
      const at = this.first[slot]!;
      if (at === -1) break;
      if (at === a && this.second[slot] === b) return this.ids[slot]!;
      slot = (slot + 1) & mask;
    }
    const id = next();
    this.first[slot] = a;
    this.second[slot] = b;
    this.ids[slot] = id;
    if (++this.size * 2 > this.first.length) this.grow();
    return id;
  }

  private grow(): void {
    const [first, second, ids] = [this.first, this.second, this.ids];
    this.first = new Int32Array(first.length * 2).fill(-1);
    this.second = new Int32Array(first.length * 2);
    this.ids = new Int32Array(first.length * 2);
    const mask = this.first.length - 1;
    for (let i = 0; i < first.length; i++) {
      const a = first[i]!;
      if (a === -1) continue;
      let slot = (Math.imul(a, 0x9e3779b1) ^ Math.imul(second[i]! + 0x7f4a7c15, 0x85ebca77)) & mask;
      while (this.first[slot] !== -1) slot = (slot + 1) & mask;
      this.first[slot] = a;
      this.second[slot] = second[i]!;
      this.ids[slot] = ids[i]!;
    }
  }
}

const STOP = new Set(ENGLISH_STOP_WORDS);

/**
 * TF-IDF features of title + abstract (+ keywords), as scikit-learn's TfidfVectorizer computes them with
 * smooth idf: idf(t) = ln((1 + n) / (1 + df(t))) + 1, weight = tf (or 1 + ln tf) × idf, each row scaled to
 * unit length. Terms are words of two or more characters and, with `ngrams: 2`, pairs of adjacent words.
 * @example tfidf([{ title: 'a cat' }, { title: 'a dog' }], DEFAULT_TFIDF).columns // 2 ('cat', 'dog'; 'a' is one letter)
 */
export function tfidf(documents: readonly FeatureDocument[], options: TfidfOptions): SparseRows {
  const unigramIds = new Map<string, number>();
  const keywordIds = new Map<string, number>();
  const bigramIds = new PairIds();
  let documentFrequency = new Int32Array(1 << 16);
  let terms = 0;
  const newTerm = (): number => {
    if (terms === documentFrequency.length) {
      const grown = new Int32Array(terms * 2);
      grown.set(documentFrequency);
      documentFrequency = grown;
    }
    return terms++;
  };
  const entries = new Entries();
  const rowEnds = new Int32Array(documents.length + 1);
  // a record's term counts: a dense array by term id, and the ids it touched (reset after each record)
  let counts = new Float64Array(1 << 16);
  const touched: number[] = [];
  const count = (id: number): void => {
    if (id >= counts.length) {
      const grown = new Float64Array(Math.max(counts.length * 2, id + 1));
      grown.set(counts);
      counts = grown;
    }
    if (counts[id] === 0) touched.push(id);
    counts[id]!++;
  };
  const idOf = <K>(map: Map<K, number>, key: K): number => {
    let id = map.get(key);
    if (id === undefined) {
      id = newTerm();
      map.set(key, id);
    }
    return id;
  };
  const tokenIds: number[] = [];
  documents.forEach((doc, row) => {
    tokenIds.length = 0;
    const title = doc.title ?? '';
    const text = `${Array.from({ length: options.titleWeight ?? 1 }, () => title).join(' ')} ${doc.abstract ?? ''}`;
    for (const w of words(text)) if (!options.stopWords || !STOP.has(w)) tokenIds.push(idOf(unigramIds, w));
    for (const id of tokenIds) count(id);
    if (options.ngrams === 2)
      for (let i = 1; i < tokenIds.length; i++)
        count(bigramIds.idOf(tokenIds[i - 1]!, tokenIds[i]!, newTerm));
    if (options.keywords)
      for (const keyword of new Set(
        (doc.keywords ?? []).map((k) => k.trim().toLowerCase()).filter(Boolean),
      )) {
        count(idOf(keywordIds, keyword));
      }
    for (const id of touched) {
      entries.push(id, counts[id]!);
      documentFrequency[id]!++;
      counts[id] = 0;
    }
    touched.length = 0;
    rowEnds[row + 1] = entries.length;
  });
  const n = documents.length;
  const column = new Int32Array(terms).fill(-1);
  const idf: number[] = [];
  for (let id = 0; id < terms; id++) {
    const df = documentFrequency[id]!;
    if (df > options.maxDf * n || df < options.minDf) continue;
    column[id] = idf.length;
    idf.push(Math.log((1 + n) / (1 + df)) + 1);
  }
  const indptr = new Int32Array(n + 1);
  let kept = 0;
  for (let k = 0; k < entries.length; k++) if (column[entries.columns[k]!]! >= 0) kept++;
  const indices = new Int32Array(kept);
  const values = new Float64Array(kept);
  let out = 0;
  for (let row = 0; row < n; row++) {
    const start = out;
    for (let k = rowEnds[row]!; k < rowEnds[row + 1]!; k++) {
      const c = column[entries.columns[k]!]!;
      if (c < 0) continue;
      const tf = entries.counts[k]!;
      indices[out] = c;
      values[out++] = (options.sublinearTf ? 1 + Math.log(tf) : tf) * idf[c]!;
    }
    let norm = 0;
    for (let k = start; k < out; k++) norm += values[k]! * values[k]!;
    norm = Math.sqrt(norm);
    if (norm > 0) for (let k = start; k < out; k++) values[k]! /= norm;
    indptr[row + 1] = out;
  }
  return { rows: n, columns: idf.length, indptr, indices, values };
}
