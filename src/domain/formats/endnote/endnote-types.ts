import { TypeTable } from '../tagged.js';

/** EndNote reference type names, shared by the tagged (`%0`) and XML (`ref-type name=…`) formats. */
export const ENDNOTE_TYPES = new TypeTable(
  [
    ['Journal Article', 'article'],
    ['Electronic Article', 'article'],
    ['Book', 'book'],
    ['Edited Book', 'book'],
    ['Electronic Book', 'book'],
    ['Book Section', 'chapter'],
    ['Electronic Book Section', 'chapter'],
    ['Conference Paper', 'conference-paper'],
    ['Conference Proceedings', 'conference-proceedings'],
    ['Thesis', 'thesis'],
    ['Report', 'report'],
    ['Government Document', 'report'],
    ['Web Page', 'webpage'],
    ['Dataset', 'dataset'],
    ['Patent', 'patent'],
    ['Newspaper Article', 'newspaper-article'],
    ['Magazine Article', 'magazine-article'],
    ['Manuscript', 'manuscript'],
    ['Unpublished Work', 'manuscript'],
    ['Computer Program', 'software'],
    ['Case', 'legal'],
    ['Statute', 'legal'],
    ['Bill', 'legal'],
    ['Generic', 'generic'],
  ],
  'Generic',
);
