import type { Problem } from '../errors.js';
import type { BibRecord } from '../record/bib-record.js';
import type { Repair } from '../text/mojibake.js';

export const FORMAT_IDS = [
  'ris',
  'medline',
  'endnote',
  'endnote-xml',
  'pubmed-xml',
  'bibtex',
  'wos',
  'csv',
  'csl-json',
  'json',
] as const;
export type FormatId = (typeof FORMAT_IDS)[number];

/** One raw entry as the file holds it, before mapping; `line` is where it starts (1-based). */
export interface Entry<T = unknown> {
  line: number;
  data: T;
}

/** Options a reader may take from the caller. */
export interface ReadOptions {
  /** Fail the file on the first bad record instead of skipping it. */
  strict?: boolean;
  /** CSV: column name → BibRecord field name, overriding the built-in column mapping. */
  columnMap?: Record<string, string>;
  /**
   * CSV: loads a test for MeSH descriptor names, so that a `keywords` column of MeSH headings (as in the
   * Cohen et al. screening sets) is read as MeSH. Called at most once, only when a keywords column is there.
   */
  meshTerms?: () => Promise<(term: string) => boolean>;
}

/** Where a reader reports what it found; the import report implements it. */
export interface ReadContext {
  readonly options: ReadOptions;
  /** A problem that does not stop the record. */
  warn(problem: Problem): void;
  /**
   * The current record cannot be read whole: in lenient mode a warning, and the reader skips the record or
   * keeps what it could read (a record the file ends inside); in strict mode it throws and the file fails.
   */
  malformed(problem: Problem): void;
  /** A tag or column that has no BibRecord field (its value goes to `extra`). */
  unmapped(tag: string): void;
  /** A mojibake repair made in a record starting at `line`. */
  repaired(repair: Repair, line: number): void;
}

export interface WriteOptions {
  /** CSV: the field separator (default ','). */
  delimiter?: string;
  /** CSV: columns written after the record's own (an export's screening columns), one value each a record. */
  columns?: { names: readonly string[]; values: (record: BibRecord) => readonly string[] };
}

/**
 * The contract every format module fulfils. Readers stream: chunks of text in, entries out, memory bounded
 * by the largest record, whatever the file size.
 */
export interface Format<T = unknown> {
  id: FormatId;
  label: string;
  extensions: readonly string[];
  /** How sure we are (0–1) that a text sample from the start of a file is in this format. */
  detect(sample: string): number;
  read(chunks: AsyncIterable<string>, ctx: ReadContext): AsyncIterable<Entry<T>>;
  /** Undefined when the entry was malformed (and reported through ctx). */
  toRecord(entry: Entry<T>, ctx: ReadContext): BibRecord | undefined;
  write(
    records: AsyncIterable<BibRecord> | Iterable<BibRecord>,
    options?: WriteOptions,
  ): AsyncIterable<string>;
}
