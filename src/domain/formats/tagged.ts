import type { ReadContext } from './contract.js';
import type { RepairSink } from '../record/record-builder.js';
import { RecordBuilder } from '../record/record-builder.js';
import type { BibRecord, ReferenceType } from '../record/bib-record.js';

/** One tag and its value from a tagged format (RIS, MEDLINE, Web of Science, EndNote tagged). */
export interface TaggedField {
  tag: string;
  value: string;
  line: number;
}

/** A builder whose repairs are reported to the read context at the record's line. */
export function builderFor(ctx: ReadContext, line: number, type: ReferenceType = 'generic'): RecordBuilder {
  const sink: RepairSink = (repair) => ctx.repaired(repair, line);
  return new RecordBuilder(type, sink);
}

/** Two-way table between a format's type codes and BibRecord reference types. */
export class TypeTable {
  private readonly toType = new Map<string, ReferenceType>();
  private readonly fromType = new Map<ReferenceType, string>();

  /** `pairs`: [code, type] read both ways; the first code given for a type is the one written. */
  constructor(
    pairs: readonly (readonly [string, ReferenceType])[],
    readonly fallbackCode: string,
  ) {
    for (const [code, type] of pairs) {
      this.toType.set(code.toLowerCase(), type);
      if (!this.fromType.has(type)) this.fromType.set(type, code);
    }
  }

  read(code: string | undefined): ReferenceType | undefined {
    return code ? this.toType.get(code.trim().toLowerCase()) : undefined;
  }

  write(type: ReferenceType): string {
    return this.fromType.get(type) ?? this.fallbackCode;
  }
}

/** The ASReview labels that RIS and EndNote notes carry ("ASReview_relevant", "ASReview_prior"). */
export function readAsreviewNote(builder: RecordBuilder, note: string): void {
  if (!note.includes('ASReview_')) return;
  if (/ASReview_relevant/.test(note)) builder.label('included', 1);
  else if (/ASReview_irrelevant/.test(note)) builder.label('included', 0);
  else if (/ASReview_not_seen/.test(note)) builder.label('included', null);
  if (/ASReview_prior/.test(note)) builder.prior();
}

/** Notes to write for a record's labels, as ASReview does. */
export function asreviewNotes(labels: { included?: 0 | 1 | null; prior?: boolean } | undefined): string[] {
  if (!labels || labels.included === undefined) return [];
  const out = [
    labels.included === 1
      ? 'ASReview_relevant'
      : labels.included === 0
        ? 'ASReview_irrelevant'
        : 'ASReview_not_seen',
  ];
  if (labels.prior) out.push('ASReview_prior');
  return out;
}

/** Drops note lines that only carried ASReview labels (they live in `labels`). */
export function stripAsreviewLabels(note: string): string {
  return note
    .replace(/ASReview_(relevant|irrelevant|not_seen|prior)\.?/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

const FIELD_NAMES: Partial<Record<keyof BibRecord, string>> = {
  title: 'title',
  abstract: 'abstract',
  doi: 'DOI',
  pmid: 'PMID',
  authors: 'author',
};

/**
 * Builds the record, or reports it as malformed and returns undefined when it holds none of `anyOf` (a record
 * nobody could identify or screen is not worth keeping).
 * @example finishRecord(b, ctx, 12, ['title', 'abstract', 'doi']) // 'record has neither title, abstract nor DOI (…:12)'
 */
export function finishRecord(
  b: RecordBuilder,
  ctx: ReadContext,
  line: number,
  anyOf: (keyof BibRecord)[] = ['title', 'abstract', 'doi'],
  what = 'record',
): BibRecord | undefined {
  if (
    anyOf.some((field) => {
      const v = b.get(field);
      return Array.isArray(v) ? v.length > 0 : v !== undefined;
    })
  )
    return b.build();
  const names = anyOf.map((f) => FIELD_NAMES[f] ?? f);
  const list =
    names.length > 1 ? `${names.slice(0, -1).join(', ')} nor ${names[names.length - 1]}` : names[0];
  ctx.malformed({ code: 'E_RECORD_MALFORMED', message: `${what} has neither ${list}`, line });
  return undefined;
}
