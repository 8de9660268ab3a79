import { personToString, type BibRecord } from '../domain/record/bib-record.js';
import type { RecordView } from './schemas.js';

/**
 * A record as the screening pages show it: plain strings (the page renders them as text, never as HTML).
 * @example recordView(7, { v: 1, type: 'article', title: 'Twinning' }).title // 'Twinning'
 */
export function recordView(id: number, r: BibRecord): RecordView {
  return {
    id,
    title: r.title ?? '',
    abstract: r.abstract ?? '',
    authors: (r.authors ?? []).map(personToString),
    year: r.date?.year ?? null,
    journal: r.journal?.title ?? r.journal?.abbrev ?? r.containerTitle ?? '',
    volume: r.volume ?? '',
    issue: r.issue ?? '',
    pages: r.pages ?? '',
    doi: r.doi ?? '',
    pmid: r.pmid ?? '',
    keywords: r.keywords ?? [],
    mesh: (r.mesh ?? []).map((m) => ({ descriptor: m.descriptor, major: m.major })),
    language: r.language ?? '',
    publicationTypes: r.publicationTypes ?? [],
    url: r.urls?.[0] ?? '',
  };
}
