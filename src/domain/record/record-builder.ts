import type { Repair } from '../text/mojibake.js';
import { emptyDictionary } from '../own-keys.js';
import { repairMojibake } from '../text/mojibake.js';
import type { BibRecord, MeshHeading, PartialDate, Person, ReferenceType } from './bib-record.js';
import { compactRecord } from './bib-record.js';
import { parseDate } from './dates.js';
import { normaliseDoi, normalisePmcid, normalisePmid, splitStandardNumbers } from './identifiers.js';
import { parsePersonName } from './names.js';
import { normalisePages } from './pages.js';

type ListField = 'keywords' | 'publicationTypes' | 'urls' | 'notes';
type TextField =
  | 'title'
  | 'containerTitle'
  | 'abstract'
  | 'volume'
  | 'issue'
  | 'language'
  | 'publisher'
  | 'place'
  | 'sourceId';

/** Receives every mojibake repair the builder makes. */
export type RepairSink = (repair: Repair) => void;

/** What sources write in an author list in place of the authors they left out. */
const NOT_A_NAME = /^(?:et\.?\s*al\.?|and others|others|\[?et al\.?\]?)$/i;

/**
 * Builds one BibRecord from raw values: cleans and repairs every text value, normalises identifiers, keeps
 * the first value of single fields (later ones go to `extra` under the given tag), never drops a value.
 */
export class RecordBuilder {
  private readonly record: BibRecord;
  private readonly onRepair: RepairSink | undefined;
  private readonly repairs: Repair[] = [];

  constructor(type: ReferenceType = 'generic', onRepair?: RepairSink) {
    this.record = { v: 1, type };
    this.onRepair = onRepair;
  }

  /** Trims, folds inner whitespace runs of a single-line value, and repairs mojibake. */
  clean(value: string | undefined): string {
    if (!value) return '';
    let s = value.trim();
    if (!s) return '';
    s = repairMojibake(s, this.repairs);
    if (this.repairs.length > 0) {
      for (const r of this.repairs) this.onRepair?.(r);
      this.repairs.length = 0;
    }
    return s;
  }

  setType(type: ReferenceType): this {
    this.record.type = type;
    return this;
  }

  get type(): ReferenceType {
    return this.record.type;
  }

  /** Peeks at a field already set (readers use it to decide where a second value goes). */
  get<K extends keyof BibRecord>(key: K): BibRecord[K] {
    return this.record[key];
  }

  /** Sets a single-valued text field; a second, different value is kept in `extra[tag]`. */
  text(field: TextField, value: string | undefined, tag: string = field): this {
    const v = this.clean(value);
    if (!v) return this;
    const current = this.record[field];
    if (current === undefined) this.record[field] = v;
    else if (current !== v) this.extra(tag, v);
    return this;
  }

  /** Appends to a text value (multi-line fields that arrive in pieces). */
  appendText(field: 'abstract' | 'title', value: string | undefined, separator = '\n'): this {
    const v = this.clean(value);
    if (!v) return this;
    const current = this.record[field];
    this.record[field] = current ? `${current}${separator}${v}` : v;
    return this;
  }

  list(field: ListField, value: string | undefined): this {
    const v = this.clean(value);
    if (!v) return this;
    const list = (this.record[field] ??= []);
    if (!list.includes(v)) list.push(v);
    return this;
  }

  journal(title: string | undefined, abbrev?: string | undefined): this {
    const t = this.clean(title);
    const a = this.clean(abbrev);
    if (!t && !a) return this;
    const j = (this.record.journal ??= {});
    if (t) {
      if (!j.title) j.title = t;
      else if (j.title !== t) this.extra('journal', t);
    }
    if (a) {
      if (!j.abbrev) j.abbrev = a;
      else if (j.abbrev !== a) this.extra('journal-abbrev', a);
    }
    return this;
  }

  /** Adds a person from text ("Syed, S. B.") or from parts; returns the person for affiliations. */
  person(role: 'authors' | 'editors', value: string | Person | undefined): Person | undefined {
    let person: Person | undefined;
    if (typeof value === 'string') {
      const v = this.clean(value);
      // "et al." and "and others" stand for the authors a source left out: no person, kept as a note
      if (v && NOT_A_NAME.test(v)) {
        this.extra(`${role}-omitted`, v);
        return undefined;
      }
      person = v ? parsePersonName(v) : undefined;
    } else if (value) {
      person = {};
      const family = this.clean(value.family);
      const given = this.clean(value.given);
      const literal = this.clean(value.literal);
      if (family) person.family = family;
      if (given) person.given = given;
      if (literal && !family) person.literal = literal;
      if (value.orcid) person.orcid = value.orcid;
      for (const a of value.affiliation ?? []) this.affiliation(person, a);
      if (!person.family && !person.given && !person.literal) person = undefined;
    }
    if (person) (this.record[role] ??= []).push(person);
    return person;
  }

  affiliation(person: Person | undefined, value: string | undefined): this {
    const v = this.clean(value);
    if (!v) return this;
    if (!person) return this.extra('affiliation', v);
    const list = (person.affiliation ??= []);
    if (!list.includes(v)) list.push(v);
    return this;
  }

  lastPerson(role: 'authors' | 'editors'): Person | undefined {
    const list = this.record[role];
    return list?.[list.length - 1];
  }

  date(value: string | PartialDate | undefined, tag = 'date'): this {
    const parsed = typeof value === 'string' ? parseDate(this.clean(value)) : value;
    if (!parsed) return this;
    const current = this.record.date;
    if (!current) this.record.date = parsed;
    else if (!current.year && parsed.year) this.record.date = { ...parsed, ...current, year: parsed.year };
    else if (current.year === parsed.year && (parsed.month ?? 0) > 0 && !current.month)
      this.record.date = { ...current, ...parsed };
    else if (typeof value === 'string' && parsed.year !== current.year) this.extra(tag, value);
    return this;
  }

  pages(value: string | undefined): this {
    const v = normalisePages(this.clean(value));
    if (v && !this.record.pages) this.record.pages = v;
    return this;
  }

  doi(value: string | undefined, tag = 'doi'): this {
    const v = normaliseDoi(value);
    if (!v) {
      if (value?.trim()) this.extra(tag, value.trim());
      return this;
    }
    if (!this.record.doi) this.record.doi = v;
    else if (this.record.doi !== v) this.extra(tag, v);
    return this;
  }

  pmid(value: string | undefined, tag = 'pmid'): this {
    const v = normalisePmid(value);
    if (!v) {
      if (value?.trim()) this.extra(tag, value.trim());
      return this;
    }
    if (!this.record.pmid) this.record.pmid = v;
    else if (this.record.pmid !== v) this.extra(tag, v);
    return this;
  }

  pmcid(value: string | undefined): this {
    const v = normalisePmcid(value);
    if (v && !this.record.pmcid) this.record.pmcid = v;
    return this;
  }

  /** ISSN or ISBN text, possibly several with vendor notes ("(Print)", "(ISSN)"). */
  standardNumbers(value: string | undefined, tag = 'issn-isbn'): this {
    if (!value) return this;
    const { issn, isbn } = splitStandardNumbers(value);
    for (const v of issn) if (!(this.record.issn ??= []).includes(v)) this.record.issn.push(v);
    for (const v of isbn) if (!(this.record.isbn ??= []).includes(v)) this.record.isbn.push(v);
    if (issn.length === 0 && isbn.length === 0 && value.trim()) this.extra(tag, value.trim());
    return this;
  }

  mesh(heading: MeshHeading): this {
    const descriptor = this.clean(heading.descriptor);
    if (!descriptor) return this;
    (this.record.mesh ??= []).push({
      descriptor,
      major: heading.major || heading.qualifiers.some((q) => q.major),
      qualifiers: heading.qualifiers
        .map((q) => ({ name: this.clean(q.name), major: q.major }))
        .filter((q) => q.name),
    });
    return this;
  }

  label(which: 'included' | 'abstractIncluded', value: 0 | 1 | null): this {
    (this.record.labels ??= {})[which] = value;
    return this;
  }

  prior(): this {
    (this.record.labels ??= {}).prior = true;
    return this;
  }

  extra(tag: string, value: string | undefined): this {
    const v = this.clean(value);
    if (!v) return this;
    ((this.record.extra ??= emptyDictionary())[tag] ??= []).push(v);
    return this;
  }

  build(): BibRecord {
    return compactRecord(this.record);
  }
}

/**
 * Parses a MEDLINE/PubMed MeSH heading: "Hypertension/*drug therapy/prevention & control", "*Adult".
 * @example parseMeshHeading('*Hypertension/drug therapy') // { descriptor: 'Hypertension', major: true, qualifiers: [{ name: 'drug therapy', major: false }] }
 */
export function parseMeshHeading(text: string): MeshHeading | undefined {
  const [head = '', ...quals] = text.split('/');
  const descriptor = head.replace(/^\*/, '').trim();
  if (!descriptor) return undefined;
  const qualifiers = quals
    .map((q) => q.trim())
    .filter(Boolean)
    .map((q) => ({ name: q.replace(/^\*/, '').trim(), major: q.startsWith('*') }));
  return { descriptor, major: head.trim().startsWith('*') || qualifiers.some((q) => q.major), qualifiers };
}

/** The inverse of parseMeshHeading, as MEDLINE writes it. */
export function formatMeshHeading(heading: MeshHeading): string {
  const qualifiersMajor = heading.qualifiers.some((q) => q.major);
  const head = heading.major && !qualifiersMajor ? `*${heading.descriptor}` : heading.descriptor;
  return [head, ...heading.qualifiers.map((q) => (q.major ? `*${q.name}` : q.name))].join('/');
}
