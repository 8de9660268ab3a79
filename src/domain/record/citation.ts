import type { BibRecord, Person } from './bib-record.js';

function familyName(person: Person): string {
  return person.family ?? person.literal ?? person.given ?? '';
}

/**
 * The short in-text citation of a record, as tables of included studies give it: first author and year.
 * @example shortCitation({ authors: [{ family: 'Syed' }, { family: 'Dadwal' }], date: { year: 2012 } }) // 'Syed et al. 2012'
 */
export function shortCitation(record: Pick<BibRecord, 'authors' | 'date' | 'title'>): string {
  const authors = (record.authors ?? []).map(familyName).filter((n) => n !== '');
  const year = record.date?.year === undefined ? 'n.d.' : String(record.date.year);
  if (authors.length === 0) return `${(record.title ?? 'Untitled').slice(0, 40)} ${year}`;
  if (authors.length === 1) return `${authors[0]} ${year}`;
  if (authors.length === 2) return `${authors[0]} and ${authors[1]} ${year}`;
  return `${authors[0]} et al. ${year}`;
}
