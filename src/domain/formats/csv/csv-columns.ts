import { ownValue } from '../../own-keys.js';

/**
 * Column names → BibRecord fields, for CSV/TSV exports (Scopus, Embase, PubMed CSV, Covidence, Rayyan, ASReview,
 * EndNote/Zotero tables). Names are compared after lower-casing and dropping everything but letters and digits.
 */
export const CSV_FIELDS = [
  'sourceId',
  'type',
  'title',
  'abstract',
  'authors',
  'editors',
  'year',
  'date',
  'journal',
  'journalAbbrev',
  'containerTitle',
  'source',
  'volume',
  'issue',
  'pages',
  'startPage',
  'endPage',
  'doi',
  'pmid',
  'pmcid',
  'issn',
  'isbn',
  'language',
  'publisher',
  'place',
  'keywords',
  'mesh',
  'publicationTypes',
  'urls',
  'notes',
  'included',
  'abstractIncluded',
  'ignore',
] as const;
export type CsvField = (typeof CSV_FIELDS)[number];

const NAMES: Record<CsvField, string[]> = {
  sourceId: ['recordid', 'id', 'key', 'eid', 'ut', 'uniqueid', 'covidencenumber', 'refid'],
  type: ['typeofreference', 'type', 'referencetype', 'ty', 'documenttype', 'itemtype', 'pt'],
  title: ['title', 'primarytitle', 'articletitle', 'documenttitle', 'ti', 't1'],
  abstract: ['abstract', 'ab', 'notesabstract', 'n2', 'abstractnote', 'description'],
  authors: [
    'authors',
    'author',
    'authornames',
    'au',
    'firstauthors',
    'authorfullnames',
    'af',
    'authorsfullnames',
    'creators',
  ],
  editors: ['editors', 'editor', 'secondaryauthors', 'ed', 'a2'],
  year: ['year', 'publicationyear', 'py', 'pubyear', 'yearpublished'],
  date: ['date', 'publicationdate', 'pubdate', 'dateofpublication', 'da', 'createdate'],
  journal: [
    'journal',
    'journaltitle',
    'sourcetitle',
    'secondarytitle',
    't2',
    'publicationtitle',
    'jf',
    'journalname',
    'so',
    'journalbook',
  ],
  journalAbbrev: [
    'abbreviatedsourcetitle',
    'journalabbreviation',
    'j2',
    'ja',
    'isoabbreviation',
    'ji',
    'journalabbrev',
  ],
  containerTitle: ['booktitle', 'bookseriestitle', 'conferencename'],
  source: ['source'],
  volume: ['volume', 'vl', 'vol'],
  issue: ['issue', 'number', 'is', 'no'],
  pages: ['pages', 'pg', 'pagerange', 'page', 'pagination'],
  startPage: ['startpage', 'pagestart', 'sp', 'beginningpage', 'bp', 'firstpage'],
  endPage: ['endpage', 'pageend', 'ep', 'lastpage'],
  doi: ['doi', 'do', 'di'],
  pmid: ['pmid', 'pubmedid', 'pubmed', 'pm', 'medlinepmid'],
  pmcid: ['pmcid', 'pmc'],
  issn: ['issn', 'sn', 'eissn'],
  isbn: ['isbn'],
  language: ['language', 'la', 'languageoforiginaldocument'],
  publisher: ['publisher', 'pb', 'pu'],
  place: ['placepublished', 'place', 'cy', 'address', 'publisherlocation', 'pi'],
  keywords: [
    'keywords',
    'authorkeywords',
    'indexkeywords',
    'kw',
    'de',
    'manualtags',
    'automatictags',
    'tags',
  ],
  mesh: ['mesh', 'meshterms', 'meshheadings', 'mh', 'meshheading'],
  publicationTypes: ['publicationtypes', 'publicationtype'],
  urls: ['url', 'urls', 'link', 'ur', 'openurllink', 'fulltexturl', 'links'],
  notes: ['note', 'notes', 'n1'],
  included: ['included', 'labelincluded', 'finalincluded', 'label', 'fulltextincluded', 'includedfinal'],
  abstractIncluded: [
    'labelabstractscreening',
    'abstractincluded',
    'titleabstractincluded',
    'includedabstract',
  ],
  ignore: [],
};

const BY_NAME = new Map<string, CsvField>();
for (const [field, names] of Object.entries(NAMES) as [CsvField, string[]][])
  for (const n of names) BY_NAME.set(n, field);

/** Column name as compared: "Author Names " → "authornames". */
export function normaliseColumnName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** The field a column maps to, with a caller's mapping first. Undefined: unmapped (kept in `extra`). */
export function fieldForColumn(name: string, overrides: Record<string, string> = {}): CsvField | undefined {
  const override =
    ownValue(overrides, name) ??
    ownValue(overrides, name.trim()) ??
    Object.entries(overrides).find(([k]) => normaliseColumnName(k) === normaliseColumnName(name))?.[1];
  if (override)
    return (CSV_FIELDS as readonly string[]).includes(override) ? (override as CsvField) : undefined;
  return BY_NAME.get(normaliseColumnName(name));
}

/** True when a column name is one Twoway knows (used to tell CSV from other text). */
export function isKnownColumn(name: string): boolean {
  return BY_NAME.has(normaliseColumnName(name));
}
