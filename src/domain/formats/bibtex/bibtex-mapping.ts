import type { BibRecord, Person, ReferenceType } from '../../record/bib-record.js';
import { monthAbbreviation, parseMonth } from '../../record/dates.js';
import { parsePersonName } from '../../record/names.js';
import type { RecordBuilder } from '../../record/record-builder.js';
import type { Entry, ReadContext } from '../contract.js';
import { TagTable } from '../tag-table.js';
import { builderFor, finishRecord, TypeTable } from '../tagged.js';
import type { BibtexEntry } from './bibtex-lexer.js';
import { escapeLatex, latexToUnicode } from './latex.js';

/** The mapping between BibTeX/BibLaTeX entries and BibRecord: entry types, and fields both ways. */
export const BIBTEX_TYPES = new TypeTable(
  [
    ['article', 'article'],
    ['book', 'book'],
    ['mvbook', 'book'],
    ['booklet', 'book'],
    ['incollection', 'chapter'],
    ['inbook', 'chapter'],
    ['bookinbook', 'chapter'],
    ['inproceedings', 'conference-paper'],
    ['conference', 'conference-paper'],
    ['proceedings', 'conference-proceedings'],
    ['phdthesis', 'thesis'],
    ['mastersthesis', 'thesis'],
    ['thesis', 'thesis'],
    ['techreport', 'report'],
    ['report', 'report'],
    ['manual', 'report'],
    ['online', 'webpage'],
    ['electronic', 'webpage'],
    ['www', 'webpage'],
    ['dataset', 'dataset'],
    ['patent', 'patent'],
    ['unpublished', 'manuscript'],
    ['software', 'software'],
    ['misc', 'generic'],
  ],
  'misc',
);

/** Splits "A and B and {C and D}" at top-level " and ". */
export function splitBibtexNames(value: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (depth === 0 && /\s/.test(c ?? '') && /^\s+and\s/i.test(value.slice(i, i + 6))) {
      out.push(value.slice(start, i));
      const m = /^\s+and\s+/i.exec(value.slice(i)) ?? [' and '];
      i += m[0].length - 1;
      start = i + 1;
    }
  }
  out.push(value.slice(start));
  return out.map((s) => s.trim()).filter(Boolean);
}

function bibtexPerson(raw: string): Person | undefined {
  const trimmed = raw.trim();
  if (/^\{.*\}$/s.test(trimmed) && !trimmed.slice(1, -1).includes('{'))
    return { literal: latexToUnicode(trimmed) };
  if (trimmed === 'others') return { literal: 'others' };
  return parsePersonName(latexToUnicode(trimmed));
}

/** A person as BibTeX writes them: "Family, Given", or a {protected} literal. */
function bibName(p: Person): string {
  if (p.literal) return `{${escapeLatex(p.literal)}}`;
  return escapeLatex(p.given ? `${p.family ?? ''}, ${p.given}` : (p.family ?? ''));
}

/** What an entry's fields have given so far; the date is put together when all fields are read. */
interface BibtexState {
  b: RecordBuilder;
  /** The field's value as written (names are split before LaTeX is converted). */
  raw: string;
  year?: string;
  month?: string;
  day?: string;
  /** BibLaTeX's eprinttype: `pubmed` makes the eprint a PMID. */
  eprintType?: string;
}

type BibtexReader = (state: BibtexState, value: string, name: string) => void;

const toText =
  (field: Parameters<RecordBuilder['text']>[0]): BibtexReader =>
  (s, v, name) =>
    s.b.text(field, v, name);
const toExtra: BibtexReader = (s, v, name) => void s.b.extra(name, v);

/**
 * The BibTeX field mapping, both ways: field names → what they fill, and each part of a record → the fields
 * written, in this order. Fields not here are kept in `extra` and counted as unmapped.
 */
export const BIBTEX_FIELDS = new TagTable<BibtexState>([
  {
    tags: ['author'],
    read: (s) => {
      for (const n of splitBibtexNames(s.raw)) s.b.person('authors', bibtexPerson(n));
    },
    write: (r) => [r.authors?.map(bibName).join(' and ')],
  },
  {
    tags: ['editor'],
    read: (s) => {
      for (const n of splitBibtexNames(s.raw)) s.b.person('editors', bibtexPerson(n));
    },
    write: (r) => [r.editors?.map(bibName).join(' and ')],
  },
  { tags: ['title'], read: toText('title'), write: (r) => [r.title] },
  {
    tags: ['journal', 'journaltitle'],
    read: (s, v) => void s.b.journal(v),
    write: (r) => [r.journal?.title],
  },
  {
    tags: ['shortjournal', 'journal-abbrev'],
    read: (s, v) => void s.b.journal(undefined, v),
    write: (r) => [r.journal?.abbrev],
  },
  { tags: ['booktitle', 'maintitle'], read: toText('containerTitle'), write: (r) => [r.containerTitle] },
  {
    tags: ['year'],
    read: (s, v) => void (s.year = v),
    write: (r) => [r.date?.year ? String(r.date.year) : undefined],
  },
  {
    tags: ['month'],
    read: (s, v) => void (s.month = v),
    write: (r) => [r.date?.month ? monthAbbreviation(r.date.month).toLowerCase() : undefined],
  },
  {
    tags: ['day'],
    read: (s, v) => void (s.day = v),
    write: (r) => [r.date?.month && r.date.day ? String(r.date.day) : undefined],
  },
  { tags: ['volume'], read: toText('volume'), write: (r) => [r.volume] },
  { tags: ['number', 'issue'], read: toText('issue'), write: (r) => [r.issue] },
  { tags: ['pages'], read: (s, v) => void s.b.pages(v), write: (r) => [r.pages?.replace('-', '--')] },
  { tags: ['doi'], read: (s, v, name) => void s.b.doi(v, name), write: (r) => [r.doi] },
  { tags: ['pmid'], read: (s, v, name) => void s.b.pmid(v, name), write: (r) => [r.pmid] },
  { tags: ['pmcid'], read: (s, v) => void s.b.pmcid(v), write: (r) => [r.pmcid] },
  {
    tags: ['issn'],
    read: (s, v, name) => void s.b.standardNumbers(v, name),
    write: (r) => [r.issn?.join(', ')],
  },
  {
    tags: ['isbn'],
    read: (s, v, name) => void s.b.standardNumbers(v, name),
    write: (r) => [r.isbn?.join(', ')],
  },
  { tags: ['language', 'langid'], read: toText('language'), write: (r) => [r.language] },
  {
    tags: ['publisher', 'institution', 'school', 'organization'],
    read: toText('publisher'),
    write: (r) => [r.publisher],
  },
  { tags: ['address', 'location'], read: toText('place'), write: (r) => [r.place] },
  { tags: ['abstract'], read: toText('abstract'), write: (r) => [r.abstract] },
  {
    tags: ['keywords', 'keyword'],
    // BibLaTeX separates keywords with commas; tools that write ';' use it because keywords hold commas
    read: (s, v) => {
      for (const k of v.split(v.includes(';') ? /;\s*/ : /,\s*/)) s.b.list('keywords', k);
    },
    write: (r) => [r.keywords?.join('; ')],
  },
  {
    tags: ['url'],
    read: (s, v) => {
      for (const u of v.split(/\s+/)) s.b.list('urls', u);
    },
    write: (r) => [r.urls?.join(' ')],
  },
  {
    tags: ['note', 'annote', 'annotation'],
    read: (s, v) => void s.b.list('notes', v),
    write: (r) => [r.notes?.join('; ')],
  },
  // read only: a date range, an eprint that is a PMID, and fields kept as they are in extra
  {
    tags: ['date'],
    read: (s, v, name) => {
      s.b.date(v.split('/')[0], name);
      if (v.includes('/')) s.b.extra('date-range', v);
    },
  },
  {
    tags: ['eprint'],
    read: (s, v, name) => void (s.eprintType === 'pubmed' ? s.b.pmid(v, name) : s.b.extra('eprint', v)),
  },
  { tags: ['eprinttype'], read: () => undefined },
  {
    tags: [
      'series',
      'edition',
      'howpublished',
      'file',
      'chapter',
      'type',
      'crossref',
      'subtitle',
      'titleaddon',
      'orcid',
      'urldate',
      'eid',
      'pagetotal',
      'shorttitle',
      'archiveprefix',
      'primaryclass',
      'key',
      'timestamp',
      'owner',
      'mendeley-tags',
    ],
    read: toExtra,
  },
]);

export function bibtexToRecord(entry: Entry<BibtexEntry>, ctx: ReadContext): BibRecord | undefined {
  const { type: rawType, key, fields } = entry.data;
  const type: ReferenceType | undefined = BIBTEX_TYPES.read(rawType);
  const b = builderFor(ctx, entry.line, type ?? 'generic');
  if (!type) {
    ctx.warn({
      code: 'E_RECORD_MALFORMED',
      message: `unknown entry type @${rawType}, read as misc`,
      line: entry.line,
    });
    b.extra('bibtex-type', rawType);
  }
  if (key) b.text('sourceId', key);
  const state: BibtexState = { b, raw: '' };
  for (const [name, raw] of fields) if (name === 'eprinttype') state.eprintType = raw.toLowerCase();
  for (const [name, raw] of fields) {
    const value = name === 'url' || name === 'doi' ? raw.trim() : latexToUnicode(raw).replace(/\s+/g, ' ');
    state.raw = raw;
    BIBTEX_FIELDS.readField(state, name, value, ctx);
  }
  const { year, month, day } = state;
  if (year) {
    const m = month ? parseMonth(month) : undefined;
    b.date([year, m ? String(m) : '', m && day ? day : ''].filter(Boolean).join('-'), 'year');
  }
  return finishRecord(b, ctx, entry.line, ['title', 'doi', 'authors'], `@${rawType}{${key}}`);
}
