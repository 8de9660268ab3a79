import { isPeriodicalType, personToString, type BibRecord } from '../../record/bib-record.js';
import { formatRisDate } from '../../record/dates.js';
import { splitPages } from '../../record/pages.js';
import { formatMeshHeading, parseMeshHeading, type RecordBuilder } from '../../record/record-builder.js';
import type { Entry, Format, ReadContext } from '../contract.js';
import { lineBatches } from '../lines.js';
import type { TaggedField } from '../tagged.js';
import { ExtraTags, TagTable, taggedWriter } from '../tag-table.js';
import { asreviewNotes, builderFor, finishRecord, readAsreviewNote, stripAsreviewLabels } from '../tagged.js';
import { ENDNOTE_TYPES } from '../endnote/endnote-types.js';
import { RIS_GENERIC_TYPES, RIS_TYPES } from './ris-types.js';

/**
 * RIS and its vendor dialects: EndNote, Zotero, Mendeley, Scopus, Embase, ProQuest, Web of Science RIS,
 * Ovid numbered records ("1." before TY, or "1. TY  - "), single-space "TY - ", BOM, CRLF, junk between records.
 */
const TAG_LINE = /^(?:\d+\.\s+)?([A-Z][A-Z0-9]) {1,3}-(?: (.*))?\s*$/;
const OVID_NUMBER = /^\s*(?:\d+\.|<\d+>)\s*$/;

/** Tags whose continuation lines keep their line breaks. */
const MULTILINE_KEEP_BREAKS = new Set(['N1']);

/** Tags that are known and kept in `extra` under a readable name, so they are not reported as unmapped. */
const RIS_EXTRA = new ExtraTags({
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
});

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
  /** The open record began without a TY line; its lines, counted as a stray run's would be. */
  let untyped = false;
  let untypedLines = 0;
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
  /** The open record had no TY and no ER ended it (Ovid's NL line after ER): its lines were stray lines. */
  const dropUntyped = (): void => {
    if (junk === 0) junkLine = start;
    junk += untypedLines;
    fields = undefined;
    untyped = false;
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
          if (fields && untyped) dropUntyped();
          else if (fields) {
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
          untyped = false;
        } else if (tag === 'ER') {
          if (fields && untyped)
            ctx.warn({
              code: 'E_RECORD_MALFORMED',
              message: `record starts with ${fields[0]!.tag}, not TY: read with the generic type`,
              line: start,
            });
          if (fields) yield { line: start, data: fields };
          else ctx.warn({ code: 'E_RECORD_MALFORMED', message: 'ER line without a record', line: lineNo });
          fields = undefined;
          untyped = false;
        } else if (fields) {
          fields.push({ tag, value, line: lineNo });
          if (untyped) untypedLines++;
        } else {
          // a tagged line outside a record: a record without its TY line (some tools write none), if an ER ends it
          fields = [{ tag, value, line: lineNo }];
          start = lineNo;
          untyped = true;
          untypedLines = 1;
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
      if (untyped && !OVID_NUMBER.test(text)) untypedLines++;
      const last = fields[fields.length - 1];
      if (last)
        last.value = last.value
          ? `${last.value}${MULTILINE_KEEP_BREAKS.has(last.tag) ? '\n' : ' '}${cont}`
          : cont;
    }
  }
  if (fields && untyped) dropUntyped();
  flushJunk();
  if (fields) {
    ctx.malformed({
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
 * The RIS mapping, both ways: tags → what they fill, and each part of a record → the tags written, in the
 * order EndNote and Zotero write them. Tags not here are kept in `extra`, under a readable name when
 * RIS_EXTRA knows them (and written back under their tag), else counted as unmapped.
 */
const RIS_TABLE = new TagTable<RisState>(
  [
    {
      tags: ['TY'],
      read: (s, v) => void (s.typeCode = v.trim()),
      // a generic record written back under the specification's code it came with (MAP, PCOMM, …)
      write: (r) => {
        const kept = r.extra?.['ris-type']?.[0]?.toUpperCase();
        return [r.type === 'generic' && kept && RIS_GENERIC_TYPES.has(kept) ? kept : RIS_TYPES.write(r.type)];
      },
    },
    { tags: ['ID'], read: toText('sourceId'), write: (r) => [r.sourceId] },
    { tags: ['TI', 'T1', 'CT'], read: toText('title'), write: (r) => [r.title] },
    {
      tags: ['AU', 'A1'],
      read: (s, v) => void s.b.person('authors', v),
      write: (r) => (r.authors ?? []).map(personToString),
    },
    {
      tags: ['A2', 'ED'],
      read: (s, v) => void s.b.person('editors', v),
      write: (r) => (r.editors ?? []).map(personToString),
    },
    {
      tags: ['PY', 'Y1', 'DA'],
      read: (s, v, tag) => void s.b.date(v, tag),
      write: (r) => [r.date?.year ? String(r.date.year) : undefined, ['DA', formatRisDate(r.date)]],
    },
    // T2 is the journal of an article and the container (book, proceedings) of anything else
    { tags: ['T2'], read: (s, v) => void (s.t2 = v), write: (r) => [r.journal?.title ?? r.containerTitle] },
    {
      tags: ['BT'],
      read: toText('containerTitle'),
      write: (r) => [r.journal?.title && r.containerTitle ? r.containerTitle : undefined],
    },
    { tags: ['J2', 'JF', 'JO', 'JA', 'J1', 'JI'], read: toJournal, write: (r) => [r.journal?.abbrev] },
    { tags: ['VL'], read: toText('volume'), write: (r) => [r.volume] },
    { tags: ['IS', 'CP'], read: toText('issue'), write: (r) => [r.issue] },
    { tags: ['SP'], read: (s, v) => void (s.startPage = v), write: (r) => [splitPages(r.pages).first] },
    { tags: ['EP'], read: (s, v) => void (s.endPage = v), write: (r) => [splitPages(r.pages).last] },
    {
      tags: ['SN'],
      read: (s, v, tag) => void s.b.standardNumbers(v, tag),
      write: (r) => [...(r.issn ?? []), ...(r.isbn ?? [])],
    },
    { tags: ['DO'], read: (s, v, tag) => void s.b.doi(v, tag), write: (r) => [r.doi] },
    {
      tags: ['AN'],
      // EndNote writes the PMID as the accession number of records from PubMed (and says so in DB)
      read: (s, v) =>
        void (/^\d{1,8}$/.test(v.trim()) && hasPubmedSource(s.fields)
          ? s.b.pmid(v)
          : s.b.extra('accession-number', v)),
      write: (r) => [r.pmid, ['DB', r.pmid ? 'PubMed' : undefined]],
    },
    { tags: ['PM'], read: (s, v, tag) => void s.b.pmid(v, tag) },
    {
      tags: ['C2'],
      read: (s, v) => void (/PMC/i.test(v) ? s.b.pmcid(v) : s.b.extra('custom2', v)),
      write: (r) => [r.pmcid],
    },
    { tags: ['LA'], read: toText('language'), write: (r) => [r.language] },
    { tags: ['PB', 'PU'], read: toText('publisher'), write: (r) => [r.publisher] },
    { tags: ['CY', 'PP', 'PI'], read: toText('place'), write: (r) => [r.place] },
    { tags: ['AB', 'N2'], read: toText('abstract'), write: (r) => [r.abstract] },
    {
      tags: ['KW'],
      // one keyword a line is the rule; Citavi and some Ovid exports put several on one, split by ';'
      read: (s, v) => {
        for (const kw of v.split(/\n|;\s*/)) s.b.list('keywords', kw);
      },
      write: (r) => r.keywords ?? [],
    },
    {
      tags: ['MH'],
      read: (s, v) => {
        for (const line of v.split('\n')) {
          const heading = parseMeshHeading(line);
          if (heading) s.b.mesh(heading);
        }
      },
      write: (r) => (r.mesh ?? []).map(formatMeshHeading),
    },
    {
      tags: ['PT'],
      read: (s, v) => void s.b.list('publicationTypes', v),
      write: (r) => r.publicationTypes ?? [],
    },
    { tags: ['UR', 'L1', 'L2', 'L3', 'L4', 'LK'], read: toUrls, write: (r) => r.urls ?? [] },
    {
      tags: ['N1'],
      read: (s, v) => {
        readAsreviewNote(s.b, v);
        s.b.list('notes', v.includes('ASReview_') ? stripAsreviewLabels(v) : v);
      },
      write: (r) => [...(r.notes ?? []), ...asreviewNotes(r.labels)],
    },
    // the tags kept in extra, written back under their tag (AN and DB are written with the PMID above)
    { tags: [], write: (r) => RIS_EXTRA.written(r, RIS_TAG_SHAPE, ['AN', 'DB']) },
  ],
  RIS_EXTRA,
);

const RIS_TAG_SHAPE = /^[A-Z][A-Z0-9]$/;

function risToRecord(entry: Entry<RisEntry>, ctx: ReadContext): BibRecord | undefined {
  const b = builderFor(ctx, entry.line);
  const state: RisState = { b, fields: entry.data, typeCode: '', journals: {} };
  for (const { tag, value } of entry.data) RIS_TABLE.readField(state, tag, value, ctx);
  const { typeCode, startPage, endPage, t2, journals: journalTitles } = state;
  // some exporters write EndNote's type names ("Journal Article") in TY
  const type = RIS_TYPES.read(typeCode) ?? ENDNOTE_TYPES.read(typeCode);
  if (!type) {
    if (typeCode && !RIS_GENERIC_TYPES.has(typeCode.trim().toUpperCase()))
      ctx.warn({
        code: 'E_RECORD_MALFORMED',
        message: `unknown RIS type "${typeCode}", read as GEN`,
        line: entry.line,
      });
    b.extra('ris-type', typeCode);
  }
  b.setType(type ?? 'generic');
  // an unknown type is read as a journal article's tags would be
  const journalLike = type === undefined || isPeriodicalType(type);
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

/** Lines of one RIS record, in the tag order EndNote and Zotero write (RIS_TABLE's order). */
export function risLines(r: BibRecord): string[] {
  return [
    ...RIS_TABLE.written(r).map(([tag, value]) => `${tag}  - ${value.replace(/\r?\n/g, ' ')}`),
    'ER  - ',
  ];
}

export const ris: Format<RisEntry> = {
  id: 'ris',
  label: 'RIS (EndNote, Zotero, Mendeley, Scopus, Embase, Ovid, ProQuest, Web of Science)',
  extensions: ['.ris', '.txt'],
  detect(sample) {
    if (/^\ufeff?(?:\d+\.\s+)?TY {1,3}- ?\S/m.test(sample)) {
      return /^ER {1,3}-/m.test(sample) || sample.length < 4096 ? 0.95 : 0.8;
    }
    // records without TY lines, ended by `ER  -` (no other format writes that): RIS, ahead of MEDLINE's look-alike tags
    const tagged = sample.match(/^[A-Z][A-Z0-9] {2}- /gm)?.length ?? 0;
    return /^ER {2}-/m.test(sample) && tagged >= 2 ? 0.85 : 0;
  },
  read: readRis,
  toRecord: risToRecord,
  write: taggedWriter(risLines),
};
