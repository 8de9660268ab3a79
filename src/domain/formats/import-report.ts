import { TwowayError, type Problem } from '../errors.js';
import { emptyDictionary, ownValue } from '../own-keys.js';
import type { Repair, RepairKind } from '../text/mojibake.js';
import type { ReadContext, ReadOptions } from './contract.js';

/** What an import of one file found: stored with the import and printed by `--report`. */
export interface ImportReport {
  file: string;
  format?: string;
  encoding?: string;
  bom?: boolean;
  encodingReason?: string;
  recordsRead: number;
  recordsSkipped: number;
  recordsWithWarnings: number;
  unmappedTags: Record<string, number>;
  repairs: {
    total: number;
    byKind: Partial<Record<RepairKind, number>>;
    examples: (Repair & { line: number })[];
  };
  /** Bytes the decoder could not read and replaced with U+FFFD. */
  replacementCharacters: number;
  warnings: Problem[];
  warningsTotal: number;
  errors: Problem[];
}

/** At most this many warnings and repair examples are kept in a report; the totals still count all. */
export const REPORT_LIST_LIMIT = 200;

/** Collects an ImportReport while a file is read; it is the ReadContext the readers see. */
export class ImportReportCollector implements ReadContext {
  readonly report: ImportReport;
  readonly options: ReadOptions;
  private currentHasWarning = false;
  /** The line where the record last handed out starts: read it right after receiving a record (provenance). */
  currentLine = 0;

  constructor(file: string, options: ReadOptions = {}) {
    this.options = options;
    this.report = {
      file,
      recordsRead: 0,
      recordsSkipped: 0,
      recordsWithWarnings: 0,
      unmappedTags: emptyDictionary(),
      repairs: { total: 0, byKind: {}, examples: [] },
      replacementCharacters: 0,
      warnings: [],
      warningsTotal: 0,
      errors: [],
    };
  }

  warn(problem: Problem): void {
    this.currentHasWarning = true;
    this.report.warningsTotal++;
    if (this.report.warnings.length < REPORT_LIST_LIMIT) this.report.warnings.push(problem);
  }

  malformed(problem: Problem): void {
    if (this.options.strict) throw new TwowayError(problem, this.report.file);
    this.warn(problem);
  }

  unmapped(tag: string): void {
    this.report.unmappedTags[tag] = (ownValue(this.report.unmappedTags, tag) ?? 0) + 1;
  }

  repaired(repair: Repair, line: number): void {
    const r = this.report.repairs;
    r.total++;
    r.byKind[repair.kind] = (r.byKind[repair.kind] ?? 0) + 1;
    if (r.examples.length < REPORT_LIST_LIMIT) r.examples.push({ ...repair, line });
  }

  /** Marks the start of a record, so warnings can be counted per record and its line known. */
  beginRecord(line: number): void {
    this.currentHasWarning = false;
    this.currentLine = line;
  }

  endRecord(accepted: boolean): void {
    if (accepted) {
      this.report.recordsRead++;
      if (this.currentHasWarning) this.report.recordsWithWarnings++;
    } else {
      this.report.recordsSkipped++;
    }
    this.currentHasWarning = false;
  }

  error(problem: Problem): void {
    this.report.errors.push(problem);
  }
}
