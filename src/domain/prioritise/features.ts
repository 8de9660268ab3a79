import { eng as ENGLISH_STOP_WORDS } from 'stopword';
import type { SparseRows } from './sparse.js';
import { grownInt32 } from './grown.js';
import { WordIds } from './word-ids.js';

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
  /**
   * Each word of the title is also a feature of its own (there or not), apart from the same word anywhere in
   * the text: a title word says more about what a record is about than the same word in its abstract.
   */
  titleWords?: boolean;
  /** A title word's weight as a feature of its own (titleWords) against a word's; 1 by default. */
  titleWordWeight?: number;
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

/** Entries a chunk holds: chunks of a fixed size grow without copying, and nothing is allocated twice over. */
const CHUNK_BITS = 20;
const CHUNK = 1 << CHUNK_BITS;

/** The (column, count) entries of every row, in chunks, before the columns are known. */
class Entries {
  private readonly columnChunks: Int32Array[] = [];
  private readonly countChunks: Int32Array[] = [];
  length = 0;
  push(column: number, count: number): void {
    const offset = this.length & (CHUNK - 1);
    if (offset === 0) {
      this.columnChunks.push(new Int32Array(CHUNK));
      this.countChunks.push(new Int32Array(CHUNK));
    }
    this.columnChunks[this.columnChunks.length - 1]![offset] = column;
    this.countChunks[this.countChunks.length - 1]![offset] = count;
    this.length++;
  }
  /** The columns and the counts, each in one array of the exact length. */
  flat(): { columns: Int32Array; counts: Int32Array } {
    const columns = new Int32Array(this.length);
    const counts = new Int32Array(this.length);
    this.columnChunks.forEach((chunk, c) => {
      const used = Math.min(CHUNK, this.length - c * CHUNK);
      columns.set(chunk.subarray(0, used), c * CHUNK);
      counts.set(this.countChunks[c]!.subarray(0, used), c * CHUNK);
    });
    return { columns, counts };
  }
}

/** The term id of each vocabulary word, made when the word is first met; a stop word left out (stopWords) has none. */
class WordTerms {
  /** By word id: −1 not met yet, −2 a stop word left out. */
  private ids = new Int32Array(1 << 12).fill(-1);
  /** The terms made, in order. */
  readonly made: number[] = [];
  constructor(
    private readonly vocabulary: WordIds,
    private readonly stopWords: boolean,
    private readonly newTerm: () => number,
  ) {}
  /** The word's term id; negative when it has none. */
  of(word: number): number {
    if (word >= this.ids.length) this.ids = grownInt32(this.ids, word + 1, -1);
    let term = this.ids[word]!;
    if (term === -1) {
      term = this.stopWords && STOP.has(this.vocabulary.word(word)) ? -2 : this.newTerm();
      this.ids[word] = term;
      if (term >= 0) this.made.push(term);
    }
    return term;
  }
}

/** One record's term counts: a dense array by term id, and the ids it touched, emptied into the entries. */
class RecordTermCounts {
  private counts = new Int32Array(1 << 16);
  private touched = new Int32Array(1 << 12);
  private size = 0;
  add(id: number): void {
    if (id >= this.counts.length) this.counts = grownInt32(this.counts, id + 1);
    if (this.counts[id]!++ === 0) {
      if (this.size === this.touched.length) this.touched = grownInt32(this.touched, this.size + 1);
      this.touched[this.size++] = id;
    }
  }
  /** Counts a term once however often it is added (a feature that is there or not). */
  addOnce(id: number): void {
    if (id >= this.counts.length || this.counts[id] === 0) this.add(id);
  }
  /** Appends the record's (term, count) entries in the order the terms were met. */
  flush(entries: Entries): void {
    for (let k = 0; k < this.size; k++) {
      const id = this.touched[k]!;
      entries.push(id, this.counts[id]!);
      this.counts[id] = 0;
    }
    this.size = 0;
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
 * What TF-IDF is computed from: each record's terms and how often they occur in it, term ids numbered as terms
 * were met. It depends on the records' text alone, so it can be stored and weighed again (`weighTerms`).
 */
export interface TermCounts {
  readonly rows: number;
  /** How many terms were met (term ids are 0 … terms − 1). */
  readonly terms: number;
  /** Row i's entries are terms/counts[rowEnds[i] .. rowEnds[i + 1]). */
  readonly rowEnds: Int32Array;
  readonly termIds: Int32Array;
  readonly counts: Int32Array;
  /** The terms that are title words as features of their own (titleWords): weighed by titleWordWeight. */
  readonly titleWordTerms: Int32Array;
}

/**
 * TF-IDF features of title + abstract (+ keywords), as scikit-learn's TfidfVectorizer computes them with
 * smooth idf: idf(t) = ln((1 + n) / (1 + df(t))) + 1, weight = tf (or 1 + ln tf) × idf, each row scaled to
 * unit length. Terms are words of two or more characters and, with `ngrams: 2`, pairs of adjacent words.
 * @example tfidf([{ title: 'a cat' }, { title: 'a dog' }], DEFAULT_TFIDF).columns // 2 ('cat', 'dog'; 'a' is one letter)
 */
export function tfidf(documents: readonly FeatureDocument[], options: TfidfOptions): SparseRows {
  return weighTerms(countTerms(documents, options), options);
}

/** Each record's terms and their counts (the first half of `tfidf`). */
export function countTerms(documents: readonly FeatureDocument[], options: TfidfOptions): TermCounts {
  return new TermCounter(options).count(documents);
}

/**
 * Counts records' terms, keeping its vocabulary between calls: records counted later get the ids of the terms
 * met before, so that their rows join the earlier ones (`joinTermCounts`) as if all had been counted at once —
 * the same matrix up to the order of its columns (an import counts only its own records).
 */
export class TermCounter {
  private readonly vocabulary = new WordIds();
  private readonly keywordIds = new Map<string, number>();
  private readonly bigramIds = new PairIds();
  private terms = 0;
  private readonly newTerm = (): number => this.terms++;
  private readonly wordTerms: WordTerms;
  // a word as a title word (titleWords) is a term of its own
  private readonly titleWordTerms: WordTerms;
  private readonly counts = new RecordTermCounts();
  private tokenIds = new Int32Array(1 << 12);

  constructor(private readonly options: TfidfOptions) {
    this.wordTerms = new WordTerms(this.vocabulary, options.stopWords ?? false, this.newTerm);
    this.titleWordTerms = new WordTerms(this.vocabulary, options.stopWords ?? false, this.newTerm);
  }

  /** The rows of these records; `terms` and `titleWordTerms` count every term met so far. */
  count(documents: readonly FeatureDocument[]): TermCounts {
    const { options, vocabulary, counts } = this;
    const entries = new Entries();
    const rowEnds = new Int32Array(documents.length + 1);
    documents.forEach((doc, row) => {
      const text = `${`${doc.title ?? ''} `.repeat(options.titleWeight ?? 1)}${doc.abstract ?? ''}`;
      const found = vocabulary.scan(text);
      if (found.length > this.tokenIds.length) this.tokenIds = new Int32Array(found.length * 2);
      const tokenIds = this.tokenIds;
      let tokens = 0;
      for (const word of found) {
        const term = this.wordTerms.of(word);
        if (term >= 0) tokenIds[tokens++] = term;
      }
      for (let t = 0; t < tokens; t++) counts.add(tokenIds[t]!);
      if (options.ngrams === 2)
        for (let t = 1; t < tokens; t++)
          counts.add(this.bigramIds.idOf(tokenIds[t - 1]!, tokenIds[t]!, this.newTerm));
      if (options.keywords)
        for (const keyword of new Set(
          (doc.keywords ?? []).map((k) => k.trim().toLowerCase()).filter(Boolean),
        )) {
          let id = this.keywordIds.get(keyword);
          if (id === undefined) {
            id = this.newTerm();
            this.keywordIds.set(keyword, id);
          }
          counts.add(id);
        }
      if (options.titleWords)
        for (const word of vocabulary.scan(doc.title ?? '')) {
          const term = this.titleWordTerms.of(word);
          if (term >= 0) counts.addOnce(term);
        }
      counts.flush(entries);
      rowEnds[row + 1] = entries.length;
    });
    const { columns: termIds, counts: termCounts } = entries.flat();
    return {
      rows: documents.length,
      terms: this.terms,
      rowEnds,
      termIds,
      counts: termCounts,
      titleWordTerms: Int32Array.from(this.titleWordTerms.made),
    };
  }
}

/**
 * The rows of `earlier` that `keep` keeps, then every row of `later`, counted by the same TermCounter after
 * `earlier` (its term ids and title-word terms include `earlier`'s).
 */
export function joinTermCounts(
  earlier: TermCounts,
  keep: (row: number) => boolean,
  later: TermCounts,
): TermCounts {
  const kept: number[] = [];
  let entries = later.termIds.length;
  for (let row = 0; row < earlier.rows; row++)
    if (keep(row)) {
      kept.push(row);
      entries += earlier.rowEnds[row + 1]! - earlier.rowEnds[row]!;
    }
  const rows = kept.length + later.rows;
  const rowEnds = new Int32Array(rows + 1);
  const termIds = new Int32Array(entries);
  const counts = new Int32Array(entries);
  let at = 0;
  kept.forEach((row, i) => {
    const [from, to] = [earlier.rowEnds[row]!, earlier.rowEnds[row + 1]!];
    termIds.set(earlier.termIds.subarray(from, to), at);
    counts.set(earlier.counts.subarray(from, to), at);
    at += to - from;
    rowEnds[i + 1] = at;
  });
  termIds.set(later.termIds, at);
  counts.set(later.counts, at);
  for (let row = 0; row < later.rows; row++) rowEnds[kept.length + row + 1] = at + later.rowEnds[row + 1]!;
  return { rows, terms: later.terms, rowEnds, termIds, counts, titleWordTerms: later.titleWordTerms };
}

/** The TF-IDF matrix of counted terms (the second half of `tfidf`): the terms kept, their idf, each row scaled. */
export function weighTerms(counted: TermCounts, options: TfidfOptions): SparseRows {
  const { rows: n, terms, rowEnds, termIds, counts } = counted;
  // a term is in as many entries as records
  const documentFrequency = new Int32Array(terms);
  for (let k = 0; k < termIds.length; k++) documentFrequency[termIds[k]!]!++;
  const column = new Int32Array(terms).fill(-1);
  const idf: number[] = [];
  // the entries kept are the kept terms' frequencies
  let kept = 0;
  for (let id = 0; id < terms; id++) {
    const df = documentFrequency[id]!;
    if (df > options.maxDf * n || df < options.minDf) continue;
    column[id] = idf.length;
    idf.push(Math.log((1 + n) / (1 + df)) + 1);
    kept += df;
  }
  // a title word's weight against a word's, as its idf scaled
  const titleWordWeight = options.titleWordWeight ?? 1;
  if (titleWordWeight !== 1)
    for (const id of counted.titleWordTerms) if (column[id]! >= 0) idf[column[id]!]! *= titleWordWeight;
  // the weight of a count, looked up for the usual small counts
  const tfWeight = (tf: number) => (options.sublinearTf ? 1 + Math.log(tf) : tf);
  const weightOf = Float64Array.from({ length: 256 }, (_, tf) => tfWeight(tf));
  const indptr = new Int32Array(n + 1);
  const indices = new Int32Array(kept);
  const values = new Float64Array(kept);
  let out = 0;
  for (let row = 0; row < n; row++) {
    const start = out;
    for (let k = rowEnds[row]!; k < rowEnds[row + 1]!; k++) {
      const c = column[termIds[k]!]!;
      if (c < 0) continue;
      const tf = counts[k]!;
      indices[out] = c;
      values[out++] = (tf < 256 ? weightOf[tf]! : tfWeight(tf)) * idf[c]!;
    }
    let norm = 0;
    for (let k = start; k < out; k++) norm += values[k]! * values[k]!;
    norm = Math.sqrt(norm);
    if (norm > 0) for (let k = start; k < out; k++) values[k]! /= norm;
    indptr[row + 1] = out;
  }
  return { rows: n, columns: idf.length, indptr, indices, values };
}
