/**
 * BibRecord v1: the one shape every format is read into and written from.
 * Optional fields are absent when unknown; list fields are absent when empty (see `compactRecord`).
 */
export const BIB_RECORD_VERSION = 1 as const;

export const REFERENCE_TYPES = [
  'article',
  'book',
  'chapter',
  'conference-paper',
  'conference-proceedings',
  'thesis',
  'report',
  'webpage',
  'dataset',
  'preprint',
  'patent',
  'newspaper-article',
  'magazine-article',
  'manuscript',
  'software',
  'legal',
  'generic',
] as const;
export type ReferenceType = (typeof REFERENCE_TYPES)[number];

export interface Person {
  family?: string;
  given?: string;
  /** A name that is not split into parts: an organisation, or a name we could not split safely. */
  literal?: string;
  affiliation?: string[];
  orcid?: string;
}

/** A date as precise as the source gave it; `raw` keeps the source text when it said more than y/m/d. */
export interface PartialDate {
  year?: number;
  month?: number;
  day?: number;
  raw?: string;
}

export interface MeshQualifier {
  name: string;
  major: boolean;
}

export interface MeshHeading {
  descriptor: string;
  /** True when the descriptor itself (or any of its qualifiers) is a major topic, as PubMed's `[majr]`. */
  major: boolean;
  qualifiers: MeshQualifier[];
}

/** Screening labels as ASReview writes them: 1 relevant, 0 irrelevant, null not seen. */
export interface ScreeningLabels {
  included?: 0 | 1 | null;
  abstractIncluded?: 0 | 1 | null;
  prior?: boolean;
}

export interface Journal {
  title?: string;
  abbrev?: string;
}

export interface BibRecord {
  v: typeof BIB_RECORD_VERSION;
  type: ReferenceType;
  /** The identifier the source gave the record (RIS `ID`, CSV `record_id`, BibTeX key, EndNote rec-number). */
  sourceId?: string;
  title?: string;
  /** Book title for a chapter, conference name for a paper, when not a journal. */
  containerTitle?: string;
  abstract?: string;
  authors?: Person[];
  editors?: Person[];
  date?: PartialDate;
  journal?: Journal;
  volume?: string;
  issue?: string;
  pages?: string;
  doi?: string;
  pmid?: string;
  pmcid?: string;
  isbn?: string[];
  issn?: string[];
  language?: string;
  publisher?: string;
  place?: string;
  keywords?: string[];
  mesh?: MeshHeading[];
  publicationTypes?: string[];
  urls?: string[];
  notes?: string[];
  labels?: ScreeningLabels;
  /** Vendor-specific values with no BibRecord field, by the source's own tag, never dropped. */
  extra?: Record<string, string[]>;
}

/** The order fields are written in JSON, so that output is stable and easy to read. */
export const FIELD_ORDER: readonly (keyof BibRecord)[] = [
  'v',
  'type',
  'sourceId',
  'title',
  'containerTitle',
  'authors',
  'editors',
  'date',
  'journal',
  'volume',
  'issue',
  'pages',
  'doi',
  'pmid',
  'pmcid',
  'isbn',
  'issn',
  'language',
  'publisher',
  'place',
  'abstract',
  'keywords',
  'mesh',
  'publicationTypes',
  'urls',
  'notes',
  'labels',
  'extra',
];

const LIST_FIELDS = [
  'authors',
  'editors',
  'isbn',
  'issn',
  'keywords',
  'mesh',
  'publicationTypes',
  'urls',
  'notes',
] as const satisfies readonly (keyof BibRecord)[];

/**
 * Drops empty strings, empty lists and empty objects, so that two records with the same content compare equal
 * whatever format they came from.
 * @example compactRecord({ v: 1, type: 'article', title: '', keywords: [] }) // { v: 1, type: 'article' }
 */
export function compactRecord(record: BibRecord): BibRecord {
  const out: Record<string, unknown> = {};
  const source = record as unknown as Record<string, unknown>;
  const keys = [
    ...FIELD_ORDER,
    ...Object.keys(source).filter((k) => !FIELD_ORDER.includes(k as keyof BibRecord)),
  ];
  for (const key of keys) {
    const value = source[key];
    if (value === undefined || value === '') continue;
    if (Array.isArray(value) && value.length === 0) continue;
    if (
      value !== null &&
      typeof value === 'object' &&
      !Array.isArray(value) &&
      Object.keys(value).length === 0
    )
      continue;
    out[key] = value;
  }
  const journal = out.journal as Journal | undefined;
  if (journal)
    out.journal =
      journal.title && journal.abbrev ? { title: journal.title, abbrev: journal.abbrev } : journal;
  for (const key of LIST_FIELDS)
    if (Array.isArray(out[key]) && (out[key] as unknown[]).length === 0) delete out[key];
  return out as unknown as BibRecord;
}

/**
 * Whether a reference type is published in a periodical (journal, magazine, newspaper): a tagged format's
 * second title is then the periodical's name rather than a book's or proceedings' title.
 * @example isPeriodicalType('magazine-article') // true
 */
export function isPeriodicalType(type: ReferenceType | undefined): boolean {
  return type === 'article' || type === 'magazine-article' || type === 'newspaper-article';
}

/** A display name for a person: "Family, Given", or the literal. */
export function personToString(person: Person): string {
  if (person.literal) return person.literal;
  if (person.family && person.given) return `${person.family}, ${person.given}`;
  return person.family ?? person.given ?? '';
}
