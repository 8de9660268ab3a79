import type { BibRecord } from '../record/bib-record.js';
import type { TextColumn } from './fields.js';
import { recordFacets } from './record-facets.js';

/** The text of a record's full-text index entry, column by column, and its facet tokens. */
export type IndexText = Record<TextColumn, string> & { facets: string };

/**
 * What the full-text index holds for a record: the words `[ti]`, `[ab]`, `[tw]` and `[all]` search in, and the
 * facet tokens of the structured fields, space separated.
 * @example indexText({ v: 1, type: 'article', title: 'Malaria' }).title // 'Malaria'
 */
export function indexText(r: BibRecord): IndexText {
  return {
    title: r.title ?? '',
    abstract: r.abstract ?? '',
    keywords: [...(r.keywords ?? []), ...(r.mesh ?? []).map((m) => m.descriptor)].join('; '),
    authors: (r.authors ?? [])
      .map((a) => a.literal ?? [a.family, a.given].filter(Boolean).join(' '))
      .join('; '),
    journal: [r.journal?.title, r.journal?.abbrev, r.containerTitle].filter(Boolean).join('; '),
    facets: recordFacets(r).join(' '),
  };
}
