import type { Insertable } from 'kysely';
import type { BibRecord } from '../domain/record/bib-record.js';
import { indexText, type IndexText } from '../domain/query/index-text.js';
import type { RecordTable } from './schema.js';

/** A record as the store writes it: the row's columns and the text of its full-text index entry. */
export type RecordRow = Omit<Insertable<RecordTable>, 'id' | 'project_id' | 'search_id' | 'created_at'> & {
  index: IndexText;
};

export function toRecordRow(r: BibRecord, line: number): RecordRow {
  const first = r.authors?.[0];
  return {
    file_line: line,
    source_id: r.sourceId ?? null,
    data: JSON.stringify(r),
    title: r.title ?? null,
    year: r.date?.year ?? null,
    doi: r.doi ?? null,
    pmid: r.pmid ?? null,
    pmcid: r.pmcid ?? null,
    first_author: first ? (first.family ?? first.literal ?? null) : null,
    journal: r.journal?.title ?? r.journal?.abbrev ?? null,
    index: indexText(r),
  };
}
