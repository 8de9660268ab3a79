import { personToString, type BibRecord, type Person } from '../../record/bib-record.js';
import { monthAbbreviation } from '../../record/dates.js';
import { splitPages } from '../../record/pages.js';
import type { Entry, Format, ReadContext } from '../contract.js';
import { lineBatches } from '../lines.js';
import { initialsOf } from '../medline/medline.js';
import type { TaggedField } from '../tagged.js';
import type { RecordBuilder } from '../../record/record-builder.js';
import { ExtraTags, TagTable, taggedWriter } from '../tag-table.js';
import { builderFor, finishRecord } from '../tagged.js';

/**
 * Web of Science "plain text" (tagged) export: `FN`/`VR` header, records from `PT` to `ER`, two-letter tags,
 * continuation lines indented by three spaces (one author, one cited reference, or the rest of a long value).
 */
type WosEntry = TaggedField[];

const TAG_LINE = /^([A-Z][A-Z0-9]) (.*)$/;
const LIST_TAGS = new Set(['AU', 'AF', 'BA', 'BF', 'ED', 'C1', 'CR', 'RI', 'OI', 'EM']);

const WOS_EXTRA = new ExtraTags(
  'FN VR SE BS CT CY CL SP HO RP EM RI OI FU FX CR NR TC Z9 U1 U2 PA J9 PG WC WE SC GA UT OA HC HP DA EA PN SU SI MA GP CA BE BN2 D2 AR EF'.split(
    ' ',
  ),
);

/** A tag of Web of Science's (read, or expected and kept), or one of the file's structure. */
function isWosTag(tag: string): boolean {
  return WOS_TABLE.knows(tag) || tag === 'ER' || tag === 'EF' || tag === 'FN' || tag === 'VR';
}

async function* readWos(chunks: AsyncIterable<string>, ctx: ReadContext): AsyncGenerator<Entry<WosEntry>> {
  let fields: TaggedField[] | undefined;
  let start = 0;
  for await (const batch of lineBatches(chunks, ctx)) {
    for (let i = 0; i < batch.lines.length; i++) {
      let text = batch.lines[i] ?? '';
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      const lineNo = batch.first + i;
      const m = TAG_LINE.exec(text) ?? (/^(ER|EF)\s*$/.exec(text) ? [text, text.trim(), ''] : null);
      // a continuation: three spaces in, or — as some exports write them, the indent lost — any line inside a
      // record that starts with no tag Web of Science has ("HIV and …" as much as "of the hospital")
      const last = fields?.[fields.length - 1];
      if (last && text.trim() && (text.startsWith('   ') || !m || !isWosTag(m[1] ?? ''))) {
        last.value += (LIST_TAGS.has(last.tag) ? '\n' : ' ') + text.trim();
        continue;
      }
      if (!m) {
        if (text.trim())
          ctx.warn({
            code: 'E_RECORD_MALFORMED',
            message: 'line is neither a tag nor a continuation; skipped',
            line: lineNo,
          });
        continue;
      }
      const tag = m[1] ?? '';
      if (tag === 'PT') {
        if (fields) {
          ctx.warn({
            code: 'E_RECORD_MALFORMED',
            message: 'record has no ER line before the next PT',
            line: start,
          });
          yield { line: start, data: fields };
        }
        fields = [];
        start = lineNo;
      }
      if (tag === 'ER') {
        if (fields) yield { line: start, data: fields };
        fields = undefined;
        continue;
      }
      if (!fields) continue; // FN, VR, EF and anything outside a record
      fields.push({ tag, value: m[2] ?? '', line: lineNo });
    }
  }
  if (fields && fields.length > 0) {
    ctx.malformed({
      code: 'E_FILE_TRUNCATED',
      message: 'the file ends inside a record (no ER line); the record was kept',
      line: start,
    });
    yield { line: start, data: fields };
  }
}

const WOS_TYPES: Record<string, BibRecord['type']> = { J: 'article', B: 'book', S: 'book', P: 'patent' };

/** What the per-tag readers need of the record: its builder, its type and document types (read first). */
interface WosState {
  b: RecordBuilder;
  type: BibRecord['type'];
  docTypes: string[];
}

type WosReader = (state: WosState, value: string, tag: string) => void;

const toText =
  (field: Parameters<RecordBuilder['text']>[0]): WosReader =>
  (s, v, tag) =>
    s.b.text(field, v, tag);
/** Tags read with the whole record in view (authors with their addresses and ORCIDs, type, dates, pages). */
const readWithTheRecord: WosReader = () => undefined;

/** A person as AU writes them: "Family, Initials". */
const shortName = (p: Person): string =>
  p.literal ?? [p.family, initialsOf(p.given)].filter(Boolean).join(', ');

/**
 * The Web of Science mapping, both ways: tags → what they fill, and each part of a record → the tags written,
 * in Web of Science's order. Tags not here are kept in `extra` (WOS_EXTRA's are expected, others counted as
 * unmapped).
 */
const WOS_TABLE = new TagTable<WosState>(
  [
    {
      tags: ['PT'],
      read: readWithTheRecord,
      write: (r) => [r.type === 'book' || r.type === 'chapter' ? 'B' : r.type === 'patent' ? 'P' : 'J'],
    },
    { tags: ['AU', 'BA'], read: readWithTheRecord, write: (r) => (r.authors ?? []).map(shortName) },
    { tags: ['AF', 'BF'], read: readWithTheRecord, write: (r) => (r.authors ?? []).map(personToString) },
    { tags: ['ED'], read: readWithTheRecord, write: (r) => (r.editors ?? []).map(personToString) },
    { tags: ['TI'], read: toText('title'), write: (r) => [r.title] },
    {
      tags: ['SO'],
      read: (s, v, tag) => {
        if (s.type === 'article' || s.type === 'generic') s.b.journal(v);
        else s.b.text('containerTitle', v, tag);
      },
      write: (r) => [r.journal?.title ?? r.containerTitle],
    },
    { tags: ['LA'], read: toText('language'), write: (r) => [r.language] },
    {
      tags: ['DT'],
      read: (s) => {
        for (const t of s.docTypes) s.b.list('publicationTypes', t);
      },
      write: (r) => [r.publicationTypes?.join('; ')],
    },
    {
      tags: ['DE', 'ID'],
      read: (s, v) => {
        for (const k of v.split(/;\s*/)) s.b.list('keywords', k);
      },
      write: (r) => [r.keywords?.join('; ')],
    },
    { tags: ['AB'], read: toText('abstract'), write: (r) => [r.abstract] },
    {
      tags: ['C1'],
      read: readWithTheRecord,
      write: (r) =>
        (r.authors ?? []).flatMap((p) =>
          (p.affiliation ?? []).map((a) => `[${p.family ?? p.literal ?? ''}, ${p.given ?? ''}] ${a}`),
        ),
    },
    {
      tags: ['OI'],
      read: readWithTheRecord,
      write: (r) => [
        (r.authors ?? [])
          .filter((p) => p.orcid)
          .map((p) => `${p.family ?? ''}, ${p.given ?? ''}/${p.orcid}`)
          .join('; '),
      ],
    },
    { tags: ['PU'], read: toText('publisher'), write: (r) => [r.publisher] },
    { tags: ['PI'], read: toText('place'), write: (r) => [r.place] },
    {
      tags: ['SN', 'EI', 'BN'],
      read: (s, v, tag) => void s.b.standardNumbers(v, tag),
      write: (r) => [r.issn?.[0], ['EI', r.issn?.[1]], ['BN', r.isbn?.[0]]],
    },
    { tags: ['JI'], read: (s, v) => void s.b.journal(undefined, v), write: (r) => [r.journal?.abbrev] },
    {
      tags: ['PD'],
      read: readWithTheRecord,
      write: (r) => [
        r.date?.month
          ? `${monthAbbreviation(r.date.month).toUpperCase()}${r.date.day ? ` ${r.date.day}` : ''}`
          : undefined,
      ],
    },
    {
      tags: ['PY'],
      read: (s, v, tag) => void s.b.date(v, tag),
      write: (r) => [r.date?.year ? String(r.date.year) : undefined],
    },
    { tags: ['VL'], read: toText('volume'), write: (r) => [r.volume] },
    { tags: ['IS'], read: toText('issue'), write: (r) => [r.issue] },
    { tags: ['BP'], read: readWithTheRecord, write: (r) => [splitPages(r.pages).first] },
    { tags: ['PS'], read: readWithTheRecord },
    { tags: ['EP'], read: readWithTheRecord, write: (r) => [splitPages(r.pages).last] },
    { tags: ['DI'], read: (s, v, tag) => void s.b.doi(v, tag), write: (r) => [r.doi] },
    { tags: ['PM'], read: (s, v, tag) => void s.b.pmid(v, tag), write: (r) => [r.pmid] },
    { tags: ['UT'], read: toText('sourceId'), write: (r) => [r.sourceId] },
  ],
  WOS_EXTRA,
);

function wosToRecord(entry: Entry<WosEntry>, ctx: ReadContext): BibRecord | undefined {
  const b = builderFor(ctx, entry.line);
  const get = (tag: string): string | undefined => entry.data.find((f) => f.tag === tag)?.value;
  const lines = (tag: string): string[] =>
    entry.data.filter((f) => f.tag === tag).flatMap((f) => f.value.split('\n'));
  // names one a line, or several on one line separated by ';' (BIOSIS and some exports)
  const names = (tag: string): string[] =>
    lines(tag)
      .flatMap((l) => l.split(';'))
      .map((n) => n.trim())
      .filter(Boolean);
  const pt = get('PT')?.trim() ?? '';
  const docTypes = (get('DT') ?? '').split(/;\s*/).filter(Boolean);
  let type = WOS_TYPES[pt] ?? 'generic';
  if (docTypes.some((t) => /proceedings paper|meeting/i.test(t))) type = 'conference-paper';
  else if (docTypes.some((t) => /book chapter/i.test(t))) type = 'chapter';
  b.setType(type);
  const full = names('AF');
  const short = names('AU');
  const people: Person[] = [];
  for (const n of full.length > 0 ? full : short) {
    const p = b.person('authors', n);
    if (p) people.push(p);
  }
  for (const n of names('BF').length > 0 ? [] : names('BA')) b.person('authors', n);
  for (const n of names('ED')) b.person('editors', n);
  // C1 "[Syed, Shamsuzzoha B.; Dadwal, Viva] WHO, Geneva, Switzerland." links addresses to authors by name
  for (const c1 of lines('C1')) {
    const m = /^\[(.*?)\]\s*(.*)$/.exec(c1);
    if (!m) {
      b.affiliation(people.length === 1 ? people[0] : undefined, c1);
      continue;
    }
    for (const who of (m[1] ?? '').split(/;\s*/)) {
      const person = people.find((p) => `${p.family}, ${p.given}` === who.trim() || p.family === who.trim());
      b.affiliation(person, m[2]);
    }
  }
  for (const orcidLine of lines('OI').flatMap((l) => l.split(/;\s*/))) {
    const m = /^(.*?)\/(\d{4}-\d{4}-\d{4}-\d{3}[\dX])$/.exec(orcidLine.trim());
    const person = m
      ? people.find((p) => `${p.family}, ${p.given}` === m[1] || p.family === m[1])
      : undefined;
    if (person && m) person.orcid = m[2];
  }
  const state: WosState = { b, type, docTypes };
  for (const { tag, value } of entry.data) WOS_TABLE.readField(state, tag, value, ctx);
  const pd = get('PD');
  const year = get('PY');
  if (pd && year) b.date(`${year} ${pd}`, 'PD');
  const bp = get('BP');
  const ep = get('EP');
  const ar = get('AR');
  const ps = get('PS');
  if (bp || ep) b.pages([bp?.trim(), ep?.trim()].filter(Boolean).join('-'));
  else if (ps)
    b.pages(ps); // BIOSIS's page span: "123-130"
  else if (ar) b.pages(ar);
  return finishRecord(b, ctx, entry.line, ['title', 'doi']);
}

/**
 * Lines of one Web of Science record, in WOS_TABLE's order: a tag's further values go on continuation lines
 * (three spaces in), as Web of Science writes one author or one address a line.
 */
function wosLines(r: BibRecord): string[] {
  let previous = '';
  const out = WOS_TABLE.written(r).map(([tag, value]) => {
    const line = `${tag === previous ? '  ' : tag} ${value.replace(/\r?\n/g, ' ')}`;
    previous = tag;
    return line;
  });
  out.push('ER');
  return out;
}

export const wos: Format<WosEntry> = {
  id: 'wos',
  label: 'Web of Science tagged (plain text)',
  extensions: ['.ciw', '.txt'],
  detect(sample) {
    if (/^\ufeff?FN (Thomson Reuters|Clarivate|ISI)/m.test(sample)) return 0.98;
    if (/^PT [JBSP]\s*$/m.test(sample) && /^(AU|TI|SO) /m.test(sample)) return 0.9;
    return 0;
  },
  read: readWos,
  toRecord: wosToRecord,
  write: taggedWriter(wosLines, {
    header: 'FN Clarivate Analytics Web of Science\nVR 1.0\n',
    footer: 'EF\n',
  }),
};
