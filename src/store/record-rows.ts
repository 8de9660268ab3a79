import type { Insertable } from 'kysely';
import type { BibRecord } from '../domain/record/bib-record.js';
import type { RecordTable } from './schema.js';

/** A record as the store writes it: the row's columns and the text of its full-text index entry. */
export type RecordRow = Omit<Insertable<RecordTable>, 'id' | 'project_id' | 'search_id' | 'created_at'> & {
  index: IndexText;
};

export interface IndexText {
  title: string;
  abstract: string;
  keywords: string;
  authors: string;
  journal: string;
}

/** The text the full-text index holds for a record: what `[tw]`-style searches look in. */
export function indexText(r: BibRecord): IndexText {
  return {
    title: r.title ?? '',
    abstract: r.abstract ?? '',
    keywords: [...(r.keywords ?? []), ...(r.mesh ?? []).map((m) => m.descriptor)].join('; '),
    authors: (r.authors ?? [])
      .map((a) => a.literal ?? [a.family, a.given].filter(Boolean).join(' '))
      .join('; '),
    journal: [r.journal?.title, r.journal?.abbrev, r.containerTitle].filter(Boolean).join('; '),
  };
}

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
