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

const BIGRAM_BASE = 2 ** 24;

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
  const bigramIds = new Map<number, number>();
  const documentFrequency: number[] = [];
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
      id = documentFrequency.length;
      map.set(key, id);
      documentFrequency.push(0);
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
        count(idOf(bigramIds, tokenIds[i - 1]! * BIGRAM_BASE + tokenIds[i]!));
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
  const column = new Int32Array(documentFrequency.length).fill(-1);
  const idf: number[] = [];
  documentFrequency.forEach((df, id) => {
    if (df > options.maxDf * n || df < options.minDf) return;
    column[id] = idf.length;
    idf.push(Math.log((1 + n) / (1 + df)) + 1);
  });
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
