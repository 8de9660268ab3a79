import { isPeriodicalType, personToString, type BibRecord } from '../../record/bib-record.js';
import type { RecordBuilder } from '../../record/record-builder.js';
import { ExtraTags, TagTable, taggedWriter } from '../tag-table.js';
import type { Entry, Format, ReadContext } from '../contract.js';
import { lineBatches } from '../lines.js';
import type { TaggedField } from '../tagged.js';
import { asreviewNotes, builderFor, finishRecord, readAsreviewNote, stripAsreviewLabels } from '../tagged.js';
import { ENDNOTE_TYPES } from './endnote-types.js';

/**
 * EndNote tagged export (Refer, `.enw`): `%0 Journal Article`, `%T …`, one tag a line, records separated by
 * blank lines — or, as some exporters write, a whole record on one line.
 */
type EndnoteEntry = TaggedField[];

const TAG_LINE = /^%([0-9A-Z@!#$&()*+^><[\]=~?]) ?(.*)$/;
/** Tags found inside a line when a record was written on one line; symbols that occur in prose ("(12 %)") are left out. */
const INLINE_TAG = /\s%([0-9A-Z@!#$&+^~]) (?=\S)/g;

/** Tags with no BibRecord field, kept in `extra` under a readable name. */
const ENDNOTE_EXTRA = new ExtraTags({
  F: 'label',
  H: 'translated-author',
  L: 'call-number',
  Q: 'translated-title',
  S: 'tertiary-title',
  W: 'database-provider',
  Y: 'tertiary-author',
  '1': 'custom1',
  '3': 'custom3',
  '4': 'custom4',
  '6': 'number-of-volumes',
  '7': 'edition',
  '9': 'type-of-work',
  '?': 'subsidiary-author',
  '!': 'short-title',
  '#': 'custom5',
  $: 'custom6',
  ']': 'custom7',
  '&': 'section',
  '(': 'original-publication',
  ')': 'reprint-edition',
  '*': 'reviewed-item',
  '^': 'caption',
  '>': 'file-attachments',
  '<': 'research-notes',
  '[': 'access-date',
  '=': 'custom8',
  '~': 'database-name',
});

/** Splits a line that holds several tags ("%0 Journal Article %T Title %A Name …"). */
function splitInline(text: string, lineNo: number): TaggedField[] {
  const positions: number[] = [];
  INLINE_TAG.lastIndex = 0;
  for (let m = INLINE_TAG.exec(text); m; m = INLINE_TAG.exec(text)) positions.push(m.index + 1);
  if (positions.length < 2) return [];
  const out: TaggedField[] = [];
  const starts = [0, ...positions];
  for (let i = 0; i < starts.length; i++) {
    const piece = text.slice(starts[i], starts[i + 1] ?? text.length).trimEnd();
    const m = TAG_LINE.exec(piece);
    if (m) out.push({ tag: m[1] ?? '', value: m[2] ?? '', line: lineNo });
  }
  return out;
}

async function* readEndnote(
  chunks: AsyncIterable<string>,
  ctx: ReadContext,
): AsyncGenerator<Entry<EndnoteEntry>> {
  let fields: TaggedField[] = [];
  let start = 0;
  let junk = 0;
  for await (const batch of lineBatches(chunks, ctx)) {
    for (let i = 0; i < batch.lines.length; i++) {
      let text = batch.lines[i] ?? '';
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      const lineNo = batch.first + i;
      if (text.trim() === '') {
        if (fields.length > 0) yield { line: start, data: fields };
        fields = [];
        continue;
      }
      const m = TAG_LINE.exec(text);
      if (!m) {
        const last = fields[fields.length - 1];
        if (last) last.value = `${last.value}\n${text.trim()}`;
        else if (junk++ === 0)
          ctx.warn({ code: 'E_RECORD_MALFORMED', message: 'text outside any record skipped', line: lineNo });
        continue;
      }
      const inline = text.startsWith('%0 ') ? splitInline(text, lineNo) : [];
      const lineFields = inline.length > 0 ? inline : [{ tag: m[1] ?? '', value: m[2] ?? '', line: lineNo }];
      for (const field of lineFields) {
        if (field.tag === '0' && fields.length > 0) {
          yield { line: start, data: fields };
          fields = [];
        }
        if (fields.length === 0) start = lineNo;
        fields.push(field);
      }
    }
  }
  if (fields.length > 0) yield { line: start, data: fields };
}

/** What a record's tags have given so far; the type and the journal are decided when all tags are read. */
interface EndnoteState {
  b: RecordBuilder;
  typeName: string;
  journal?: string;
  secondary?: string;
}

type EndnoteReader = (state: EndnoteState, value: string, tag: string) => void;

const toText =
  (field: Parameters<RecordBuilder['text']>[0]): EndnoteReader =>
  (s, v, tag) =>
    s.b.text(field, v, `%${tag}`);

/** "2012-06-22" or "2012-06": the EndNote date (%8) of a record with a month. */
function endnoteDate(date: BibRecord['date']): string | undefined {
  if (!date?.year || !date.month) return undefined;
  const mm = String(date.month).padStart(2, '0');
  return date.day ? `${date.year}-${mm}-${String(date.day).padStart(2, '0')}` : `${date.year}-${mm}`;
}

/**
 * The EndNote tagged mapping, both ways: tags → what they fill, and each part of a record → the tags written,
 * in EndNote's order. Tags not here are kept in `extra` (under ENDNOTE_EXTRA's readable names) and are not
 * written back: EndNote's own export tags are the ones written.
 */
const ENDNOTE_TABLE = new TagTable<EndnoteState>(
  [
    {
      tags: ['0'],
      read: (s, v) => void (s.typeName = v.trim()),
      write: (r) => [ENDNOTE_TYPES.write(r.type)],
    },
    {
      tags: ['T'],
      read: (s, v) => void s.b.text('title', v.replace(/\n/g, ' '), '%T'),
      write: (r) => [r.title],
    },
    {
      tags: ['A'],
      read: (s, v) => void s.b.person('authors', v),
      // each author's addresses (%+) follow the author
      write: (r) =>
        (r.authors ?? []).flatMap((a) => [
          personToString(a),
          ...(a.affiliation ?? []).map((aff): [string, string] => ['+', aff]),
        ]),
    },
    // an author address belongs to the author before it, when there is one
    { tags: ['+'], read: (s, v) => void s.b.affiliation(s.b.lastPerson('authors'), v) },
    {
      tags: ['E'],
      read: (s, v) => void s.b.person('editors', v),
      write: (r) => (r.editors ?? []).map(personToString),
    },
    {
      tags: ['J'],
      read: (s, v) => void (s.journal ??= v),
      write: (r) => [r.journal?.title ?? r.journal?.abbrev],
    },
    { tags: ['B'], read: (s, v) => void (s.secondary ??= v), write: (r) => [r.containerTitle] },
    {
      tags: ['D', '8'],
      read: (s, v, tag) => void s.b.date(v, `%${tag}`),
      write: (r) => [r.date?.year ? String(r.date.year) : r.date?.raw, ['8', endnoteDate(r.date)]],
    },
    { tags: ['V'], read: toText('volume'), write: (r) => [r.volume] },
    { tags: ['N'], read: toText('issue'), write: (r) => [r.issue] },
    { tags: ['P'], read: (s, v) => void s.b.pages(v), write: (r) => [r.pages] },
    {
      tags: ['@'],
      read: (s, v) => void s.b.standardNumbers(v, '%@'),
      write: (r) => [...(r.issn ?? []), ...(r.isbn ?? [])],
    },
    { tags: ['R'], read: (s, v) => void s.b.doi(v, '%R'), write: (r) => [r.doi] },
    {
      tags: ['M'],
      read: (s, v) => void (/^\s*\d{1,8}\s*$/.test(v) ? s.b.pmid(v) : s.b.extra('accession-number', v)),
      write: (r) => [r.pmid],
    },
    {
      tags: ['2'],
      read: (s, v) => {
        if (/^PMC\d+/i.test(v.trim())) s.b.pmcid(v);
        else if (/^https?:/i.test(v.trim())) s.b.list('urls', v);
        else s.b.extra('custom2', v);
      },
      write: (r) => [r.pmcid],
    },
    { tags: ['G'], read: toText('language'), write: (r) => [r.language] },
    { tags: ['I'], read: toText('publisher'), write: (r) => [r.publisher] },
    { tags: ['C'], read: toText('place'), write: (r) => [r.place] },
    { tags: ['X'], read: toText('abstract'), write: (r) => [r.abstract] },
    {
      tags: ['K'],
      read: (s, v) => {
        for (const kw of v.split(/\n|;\s*/)) s.b.list('keywords', kw);
      },
      write: (r) => r.keywords ?? [],
    },
    {
      tags: ['U'],
      read: (s, v) => {
        for (const url of v.split(/\s+/)) s.b.list('urls', url);
      },
      write: (r) => r.urls ?? [],
    },
    {
      tags: ['Z'],
      read: (s, v) => {
        readAsreviewNote(s.b, v);
        s.b.list('notes', v.includes('ASReview_') ? stripAsreviewLabels(v) : v);
      },
      write: (r) => [...(r.notes ?? []), ...asreviewNotes(r.labels)],
    },
  ],
  ENDNOTE_EXTRA,
);

function endnoteToRecord(entry: Entry<EndnoteEntry>, ctx: ReadContext): BibRecord | undefined {
  const b = builderFor(ctx, entry.line);
  const state: EndnoteState = { b, typeName: '' };
  for (const { tag, value } of entry.data) ENDNOTE_TABLE.readField(state, tag, value, ctx, `%${tag}`);
  const { typeName, journal, secondary } = state;
  const type = ENDNOTE_TYPES.read(typeName);
  if (!type && typeName) {
    ctx.warn({
      code: 'E_RECORD_MALFORMED',
      message: `unknown EndNote type "${typeName}", read as Generic`,
      line: entry.line,
    });
    b.extra('endnote-type', typeName);
  }
  b.setType(type ?? 'generic');
  if (journal !== undefined) b.journal(journal);
  if (secondary !== undefined) {
    if (journal === undefined && isPeriodicalType(type)) b.journal(secondary);
    else b.text('containerTitle', secondary, '%B');
  }
  return finishRecord(b, ctx, entry.line);
}

/** Lines of one EndNote tagged record, in ENDNOTE_TABLE's order. */
export function endnoteLines(r: BibRecord): string[] {
  return ENDNOTE_TABLE.written(r).map(([tag, value]) => `%${tag} ${value.replace(/\r?\n/g, ' ')}`);
}

export const endnoteTagged: Format<EndnoteEntry> = {
  id: 'endnote',
  label: 'EndNote tagged / Refer (.enw)',
  extensions: ['.enw', '.refer', '.txt'],
  detect(sample) {
    if (/^\ufeff?%0 \S/m.test(sample)) return 0.95;
    return (sample.match(/^%[ATJDX] \S/gm)?.length ?? 0) >= 3 ? 0.6 : 0;
  },
  read: readEndnote,
  toRecord: endnoteToRecord,
  write: taggedWriter(endnoteLines),
};
