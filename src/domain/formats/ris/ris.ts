import { personToString, type BibRecord } from '../../record/bib-record.js';
import { formatRisDate } from '../../record/dates.js';
import { splitPages } from '../../record/pages.js';
import { formatMeshHeading, parseMeshHeading, type RecordBuilder } from '../../record/record-builder.js';
import type { Entry, Format, ReadContext } from '../contract.js';
import { lineBatches } from '../lines.js';
import type { TaggedField } from '../tagged.js';
import { asreviewNotes, builderFor, finishRecord, readAsreviewNote, stripAsreviewLabels } from '../tagged.js';
import { ENDNOTE_TYPES } from '../endnote/endnote-types.js';
import { RIS_TYPES } from './ris-types.js';

/**
 * RIS and its vendor dialects: EndNote, Zotero, Mendeley, Scopus, Embase, ProQuest, Web of Science RIS,
 * Ovid numbered records ("1." before TY, or "1. TY  - "), single-space "TY - ", BOM, CRLF, junk between records.
 */
const TAG_LINE = /^(?:\d+\.\s+)?([A-Z][A-Z0-9]) {1,3}-(?: (.*))?\s*$/;
const OVID_NUMBER = /^\s*(?:\d+\.|<\d+>)\s*$/;

/** Tags whose continuation lines keep their line breaks. */
const MULTILINE_KEEP_BREAKS = new Set(['N1']);

/** Tags that are known and kept in `extra` under a readable name, so they are not reported as unmapped. */
const KNOWN_EXTRA: Record<string, string> = {
  T3: 'series',
  A3: 'tertiary-authors',
  A4: 'subsidiary-authors',
  AD: 'affiliation',
  AN: 'accession-number',
  C1: 'custom1',
  C3: 'custom3',
  C4: 'custom4',
  C5: 'custom5',
  C6: 'custom6',
  C7: 'custom7',
  C8: 'custom8',
  M1: 'misc1',
  M2: 'misc2',
  M3: 'type-of-work',
  DB: 'database',
  DP: 'database-provider',
  ET: 'edition',
  ST: 'short-title',
  TT: 'translated-title',
  OP: 'original-publication',
  RP: 'reprint',
  LB: 'label',
  U1: 'user1',
  U2: 'user2',
  U3: 'user3',
  U4: 'user4',
  U5: 'user5',
  CN: 'call-number',
  CA: 'caption',
  Y2: 'access-date',
  RN: 'research-notes',
  NV: 'number-of-volumes',
  SE: 'section',
  RI: 'reviewed-item',
  TA: 'translated-author',
  VO: 'published-standard-number',
  // Web of Science tags that its RIS export carries over
  PA: 'publisher-address',
  J9: 'journal-abbrev-29',
  WE: 'wos-edition',
  FU: 'funding',
  FX: 'funding-text',
  WC: 'wos-categories',
  SC: 'research-areas',
  NR: 'cited-reference-count',
  TC: 'times-cited',
  Z9: 'times-cited-all',
  UT: 'accession-number-wos',
  GA: 'document-delivery-number',
  OA: 'open-access',
};

type RisEntry = TaggedField[];

function isTagChar(c: number, first: boolean): boolean {
  return (c >= 65 && c <= 90) || (!first && c >= 48 && c <= 57);
}

/**
 * Splits a RIS tag line into tag and value. The standard shape "XX  - value" is checked by character codes
 * (this runs once a line on files of hundreds of megabytes); every other spelling goes through TAG_LINE.
 */
function splitTagLine(text: string): [string, string] | undefined {
  if (
    text.length >= 5 &&
    isTagChar(text.charCodeAt(0), true) &&
    isTagChar(text.charCodeAt(1), false) &&
    text.charCodeAt(2) === 32 &&
    text.charCodeAt(3) === 32 &&
    text.charCodeAt(4) === 45
  ) {
    if (text.length === 5) return [text.slice(0, 2), ''];
    if (text.charCodeAt(5) === 32) {
      const last = text.charCodeAt(text.length - 1);
      return [text.slice(0, 2), last === 32 || last === 9 ? text.slice(6).trimEnd() : text.slice(6)];
    }
  }
  const m = TAG_LINE.exec(text);
  return m ? [m[1] ?? '', m[2] ?? ''] : undefined;
}

async function* readRis(chunks: AsyncIterable<string>, ctx: ReadContext): AsyncGenerator<Entry<RisEntry>> {
  let fields: TaggedField[] | undefined;
  let start = 0;
  let junk = 0;
  let junkLine = 0;
  const flushJunk = (): void => {
    if (junk > 0)
      ctx.warn({
        code: 'E_RECORD_MALFORMED',
        message: `${junk} line(s) outside any record were skipped`,
        line: junkLine,
      });
    junk = 0;
  };
  for await (const batch of lineBatches(chunks, ctx)) {
    const lines = batch.lines;
    for (let i = 0; i < lines.length; i++) {
      let text = lines[i] ?? '';
      const lineNo = batch.first + i;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      const m = splitTagLine(text);
      if (m) {
        const [tag, value] = m;
        if (tag === 'TY') {
          if (fields) {
            ctx.warn({
              code: 'E_RECORD_MALFORMED',
              message: 'record has no ER line before the next TY',
              line: start,
            });
            yield { line: start, data: fields };
          }
          flushJunk();
          fields = [{ tag, value, line: lineNo }];
          start = lineNo;
        } else if (tag === 'ER') {
          if (fields) yield { line: start, data: fields };
          else ctx.warn({ code: 'E_RECORD_MALFORMED', message: 'ER line without a record', line: lineNo });
          fields = undefined;
        } else if (fields) {
          fields.push({ tag, value, line: lineNo });
        } else {
          // a tagged line before any TY: the file lost its TY line, or this is junk
          if (junk === 0) junkLine = lineNo;
          junk++;
        }
        continue;
      }
      if (!fields) {
        if (text.trim() && !OVID_NUMBER.test(text)) {
          if (junk === 0) junkLine = lineNo;
          junk++;
        }
        continue;
      }
      const cont = text.trim();
      if (!cont) continue;
      const last = fields[fields.length - 1];
      if (last)
        last.value = last.value
          ? `${last.value}${MULTILINE_KEEP_BREAKS.has(last.tag) ? '\n' : ' '}${cont}`
          : cont;
    }
  }
  flushJunk();
  if (fields) {
    ctx.warn({
      code: 'E_FILE_TRUNCATED',
      message: 'the file ends inside a record (no ER line); the record was kept',
      line: start,
    });
    yield { line: start, data: fields };
  }
}

/** What a record's tags have given so far; some fields are decided only when all tags are read. */
interface RisState {
  b: RecordBuilder;
  fields: TaggedField[];
  typeCode: string;
  startPage?: string;
  endPage?: string;
  t2?: string;
  journals: Record<string, string>;
}

type RisReader = (state: RisState, value: string, tag: string) => void;

const toText =
  (field: Parameters<RecordBuilder['text']>[0]): RisReader =>
  (s, v, tag) =>
    s.b.text(field, v, tag);
const toJournal: RisReader = (s, v, tag) => {
  if (s.journals[tag] === undefined) s.journals[tag] = v;
  else s.b.extra(tag, v);
};
const toUrls: RisReader = (s, v) => {
  for (const url of v.split(/[\s;]+/)) s.b.list('urls', url);
};

/**
 * The reading half of the RIS tag table (risLines is the writing half): tag → what it fills. Tags not here
 * are kept in `extra`, under a readable name when KNOWN_EXTRA knows them, else counted as unmapped.
 */
const RIS_READERS = new Map<string, RisReader>([
  ['TY', (s, v) => void (s.typeCode = v.trim())],
  ['ID', toText('sourceId')],
  ['TI', toText('title')],
  ['T1', toText('title')],
  ['CT', toText('title')],
  ['BT', toText('containerTitle')],
  ['T2', (s, v) => void (s.t2 = v)],
  ...['JF', 'JO', 'JA', 'J1', 'J2', 'JI'].map((tag): [string, RisReader] => [tag, toJournal]),
  ['AU', (s, v) => void s.b.person('authors', v)],
  ['A1', (s, v) => void s.b.person('authors', v)],
  ['A2', (s, v) => void s.b.person('editors', v)],
  ['ED', (s, v) => void s.b.person('editors', v)],
  ['AB', toText('abstract')],
  ['N2', toText('abstract')],
  [
    'N1',
    (s, v) => {
      readAsreviewNote(s.b, v);
      s.b.list('notes', v.includes('ASReview_') ? stripAsreviewLabels(v) : v);
    },
  ],
  [
    'KW',
    // one keyword a line is the rule; Citavi and some Ovid exports put several on one, split by ';'
    (s, v) => {
      for (const kw of v.split(/\n|;\s*/)) s.b.list('keywords', kw);
    },
  ],
  [
    'MH',
    (s, v) => {
      for (const line of v.split('\n')) {
        const heading = parseMeshHeading(line);
        if (heading) s.b.mesh(heading);
      }
    },
  ],
  ...['PY', 'Y1', 'DA'].map((tag): [string, RisReader] => [tag, (s, v) => void s.b.date(v, tag)]),
  ['VL', toText('volume')],
  ['IS', toText('issue')],
  ['CP', toText('issue')],
  ['SP', (s, v) => void (s.startPage = v)],
  ['EP', (s, v) => void (s.endPage = v)],
  ['SN', (s, v, tag) => void s.b.standardNumbers(v, tag)],
  ['DO', (s, v, tag) => void s.b.doi(v, tag)],
  ['C2', (s, v) => void (/PMC/i.test(v) ? s.b.pmcid(v) : s.b.extra('custom2', v))],
  ...['UR', 'L1', 'L2', 'L3', 'L4', 'LK'].map((tag): [string, RisReader] => [tag, toUrls]),
  ['LA', toText('language')],
  ['PB', toText('publisher')],
  ['PU', toText('publisher')],
  ['CY', toText('place')],
  ['PP', toText('place')],
  ['PI', toText('place')],
  ['PM', (s, v, tag) => void s.b.pmid(v, tag)],
  ['PT', (s, v) => void s.b.list('publicationTypes', v)],
  [
    'AN',
    // EndNote writes the PMID as the accession number of records from PubMed
    (s, v) =>
      void (/^\d{1,8}$/.test(v.trim()) && hasPubmedSource(s.fields)
        ? s.b.pmid(v)
        : s.b.extra('accession-number', v)),
  ],
]);

function risToRecord(entry: Entry<RisEntry>, ctx: ReadContext): BibRecord | undefined {
  const b = builderFor(ctx, entry.line);
  const state: RisState = { b, fields: entry.data, typeCode: '', journals: {} };
  for (const { tag, value } of entry.data) {
    const read = RIS_READERS.get(tag);
    if (read) read(state, value, tag);
    else {
      const known = KNOWN_EXTRA[tag];
      if (!known) ctx.unmapped(tag);
      b.extra(known ?? tag, value);
    }
  }
  const { typeCode, startPage, endPage, t2, journals: journalTitles } = state;
  // some exporters write EndNote's type names ("Journal Article") in TY
  const type = RIS_TYPES.read(typeCode) ?? ENDNOTE_TYPES.read(typeCode);
  if (!type) {
    if (typeCode)
      ctx.warn({
        code: 'E_RECORD_MALFORMED',
        message: `unknown RIS type "${typeCode}", read as GEN`,
        line: entry.line,
      });
    b.extra('ris-type', typeCode);
  }
  b.setType(type ?? 'generic');
  const journalLike =
    type === 'article' || type === 'magazine-article' || type === 'newspaper-article' || type === undefined;
  const fullTitle = journalTitles.JF ?? (journalLike ? t2 : undefined) ?? journalTitles.JO;
  const abbrev =
    journalTitles.JA ??
    journalTitles.JI ??
    journalTitles.J2 ??
    journalTitles.J1 ??
    (journalTitles.JF && journalTitles.JO !== journalTitles.JF ? journalTitles.JO : undefined);
  b.journal(fullTitle, abbrev);
  if (t2 !== undefined && t2 !== fullTitle) b.text('containerTitle', t2, 'T2');
  if (startPage?.includes('-') && !endPage) b.pages(startPage);
  else if (startPage || endPage) b.pages([startPage?.trim(), endPage?.trim()].filter(Boolean).join('-'));
  return finishRecord(b, ctx, entry.line);
}

function hasPubmedSource(fields: TaggedField[]): boolean {
  return fields.some((f) => (f.tag === 'DB' || f.tag === 'DP') && /pubmed|medline|nlm/i.test(f.value));
}

/** Lines of one RIS record, in the tag order EndNote and Zotero write. */
export function risLines(r: BibRecord): string[] {
  const out: string[] = [];
  const put = (tag: string, value: string | undefined): void => {
    if (value === undefined || value === '') return;
    out.push(`${tag}  - ${value.replace(/\r?\n/g, ' ')}`);
  };
  put('TY', RIS_TYPES.write(r.type));
  put('ID', r.sourceId);
  put('TI', r.title);
  for (const a of r.authors ?? []) put('AU', personToString(a));
  for (const e of r.editors ?? []) put('A2', personToString(e));
  put('PY', r.date?.year ? String(r.date.year) : undefined);
  put('DA', formatRisDate(r.date));
  const journal = r.journal?.title ?? r.containerTitle;
  put('T2', journal);
  if (r.journal?.title && r.containerTitle) put('BT', r.containerTitle);
  put('J2', r.journal?.abbrev);
  put('VL', r.volume);
  put('IS', r.issue);
  const { first, last } = splitPages(r.pages);
  put('SP', first);
  put('EP', last);
  for (const sn of [...(r.issn ?? []), ...(r.isbn ?? [])]) put('SN', sn);
  put('DO', r.doi);
  if (r.pmid) {
    put('AN', r.pmid);
    put('DB', 'PubMed');
  }
  put('C2', r.pmcid);
  put('LA', r.language);
  put('PB', r.publisher);
  put('CY', r.place);
  put('AB', r.abstract);
  for (const k of r.keywords ?? []) put('KW', k);
  for (const m of r.mesh ?? []) put('MH', formatMeshHeading(m));
  for (const t of r.publicationTypes ?? []) put('PT', t);
  for (const u of r.urls ?? []) put('UR', u);
  for (const n of r.notes ?? []) put('N1', n);
  for (const n of asreviewNotes(r.labels)) put('N1', n);
  for (const [key, values] of Object.entries(r.extra ?? {})) {
    const tag =
      Object.entries(KNOWN_EXTRA).find(([, name]) => name === key)?.[0] ??
      (/^[A-Z][A-Z0-9]$/.test(key) ? key : undefined);
    if (tag && tag !== 'AN' && tag !== 'DB') for (const v of values) put(tag, v);
  }
  out.push('ER  - ');
  return out;
}

async function* writeRis(records: AsyncIterable<BibRecord> | Iterable<BibRecord>): AsyncGenerator<string> {
  for await (const r of records) yield `${risLines(r).join('\n')}\n\n`;
}

export const ris: Format<RisEntry> = {
  id: 'ris',
  label: 'RIS (EndNote, Zotero, Mendeley, Scopus, Embase, Ovid, ProQuest, Web of Science)',
  extensions: ['.ris', '.txt'],
  detect(sample) {
    if (/^\ufeff?(?:\d+\.\s+)?TY {1,3}- ?\S/m.test(sample)) {
      return /^ER {1,3}-/m.test(sample) || sample.length < 4096 ? 0.95 : 0.8;
    }
    return 0;
  },
  read: readRis,
  toRecord: risToRecord,
  write: writeRis,
};
