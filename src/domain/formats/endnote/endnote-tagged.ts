import { personToString, type BibRecord } from '../../record/bib-record.js';
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
const KNOWN_EXTRA: Record<string, string> = {
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
};

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

function endnoteToRecord(entry: Entry<EndnoteEntry>, ctx: ReadContext): BibRecord | undefined {
  const b = builderFor(ctx, entry.line);
  let typeName = '';
  let journal: string | undefined;
  let secondary: string | undefined;
  for (const { tag, value } of entry.data) {
    switch (tag) {
      case '0':
        typeName = value.trim();
        break;
      case 'T':
        b.text('title', value.replace(/\n/g, ' '), '%T');
        break;
      case 'A':
        b.person('authors', value);
        break;
      case 'E':
        b.person('editors', value);
        break;
      case '+':
        // an author address belongs to the author before it, when there is one
        b.affiliation(b.lastPerson('authors'), value);
        break;
      case 'J':
        journal ??= value;
        break;
      case 'B':
        secondary ??= value;
        break;
      case 'D':
      case '8':
        b.date(value, `%${tag}`);
        break;
      case 'V':
        b.text('volume', value, '%V');
        break;
      case 'N':
        b.text('issue', value, '%N');
        break;
      case 'P':
        b.pages(value);
        break;
      case 'I':
        b.text('publisher', value, '%I');
        break;
      case 'C':
        b.text('place', value, '%C');
        break;
      case 'G':
        b.text('language', value, '%G');
        break;
      case '@':
        b.standardNumbers(value, '%@');
        break;
      case 'R':
        b.doi(value, '%R');
        break;
      case 'M':
        if (/^\s*\d{1,8}\s*$/.test(value)) b.pmid(value);
        else b.extra('accession-number', value);
        break;
      case '2':
        if (/^PMC\d+/i.test(value.trim())) b.pmcid(value);
        else if (/^https?:/i.test(value.trim())) b.list('urls', value);
        else b.extra('custom2', value);
        break;
      case 'X':
        b.text('abstract', value, '%X');
        break;
      case 'K':
        for (const kw of value.split(/\n|;\s*/)) b.list('keywords', kw);
        break;
      case 'U':
        for (const url of value.split(/\s+/)) b.list('urls', url);
        break;
      case 'Z':
        readAsreviewNote(b, value);
        b.list('notes', value.includes('ASReview_') ? stripAsreviewLabels(value) : value);
        break;
      default: {
        const known = KNOWN_EXTRA[tag];
        if (!known) ctx.unmapped(`%${tag}`);
        b.extra(known ?? `%${tag}`, value);
      }
    }
  }
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
    if (
      journal === undefined &&
      (type === 'article' || type === 'magazine-article' || type === 'newspaper-article')
    )
      b.journal(secondary);
    else b.text('containerTitle', secondary, '%B');
  }
  return finishRecord(b, ctx, entry.line);
}

export function endnoteLines(r: BibRecord): string[] {
  const out: string[] = [];
  const put = (tag: string, value: string | undefined): void => {
    if (value === undefined || value === '') return;
    out.push(`%${tag} ${value.replace(/\r?\n/g, ' ')}`);
  };
  put('0', ENDNOTE_TYPES.write(r.type));
  put('T', r.title);
  for (const a of r.authors ?? []) {
    put('A', personToString(a));
    for (const aff of a.affiliation ?? []) put('+', aff);
  }
  for (const e of r.editors ?? []) put('E', personToString(e));
  put('J', r.journal?.title ?? r.journal?.abbrev);
  put('B', r.containerTitle);
  put('D', r.date?.year ? String(r.date.year) : r.date?.raw);
  if (r.date?.year && r.date.month) {
    const mm = String(r.date.month).padStart(2, '0');
    put(
      '8',
      r.date.day ? `${r.date.year}-${mm}-${String(r.date.day).padStart(2, '0')}` : `${r.date.year}-${mm}`,
    );
  }
  put('V', r.volume);
  put('N', r.issue);
  put('P', r.pages);
  for (const sn of [...(r.issn ?? []), ...(r.isbn ?? [])]) put('@', sn);
  put('R', r.doi);
  put('M', r.pmid);
  put('2', r.pmcid);
  put('G', r.language);
  put('I', r.publisher);
  put('C', r.place);
  put('X', r.abstract);
  for (const k of r.keywords ?? []) put('K', k);
  for (const u of r.urls ?? []) put('U', u);
  for (const n of r.notes ?? []) put('Z', n);
  for (const n of asreviewNotes(r.labels)) put('Z', n);
  return out;
}

async function* writeEndnote(
  records: AsyncIterable<BibRecord> | Iterable<BibRecord>,
): AsyncGenerator<string> {
  for await (const r of records) yield `${endnoteLines(r).join('\n')}\n\n`;
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
  write: writeEndnote,
};
