import type { BibRecord, Person } from '../../record/bib-record.js';
import type { RecordBuilder } from '../../record/record-builder.js';
import { ExtraTags, TagTable, taggedWriter } from '../tag-table.js';
import { formatMedlineDate } from '../../record/dates.js';
import { formatMeshHeading, parseMeshHeading } from '../../record/record-builder.js';
import type { Entry, Format, ReadContext } from '../contract.js';
import { lineBatches } from '../lines.js';
import type { TaggedField } from '../tagged.js';
import { builderFor, finishRecord } from '../tagged.js';

/**
 * MEDLINE / PubMed `.nbib`: four-character tags padded with spaces, "- " at column 5, continuation lines
 * indented by six spaces, records separated by blank lines.
 */
type MedlineEntry = TaggedField[];

/** Tags MEDLINE defines that have no BibRecord field: kept in `extra` and not reported as unmapped. */
const MEDLINE_EXTRA = new ExtraTags(
  'OWN STAT DA DCOM LR PUBM JID SB EDAT MHDA CRDT PHST PST DEP OTO GR RN CIN CON EIN EFR CRI CRF IR FIR IRAD SI OID OAB OABL TT MID COIS SPIN ECI ECF UOF ROF RPF RPI RIN UIN DRIN ORI PS FPS SFM NM RF CI SO CTI VTI EN FED2 LID2 ISBN2 GS'.split(
    ' ',
  ),
);

function tagOf(text: string): string | undefined {
  if (text.length < 5 || text.charCodeAt(4) !== 45 /* - */) return undefined;
  const head = text.slice(0, 4);
  if (!/^[A-Z][A-Z0-9]{0,3} *$/.test(head)) return undefined;
  return head.trimEnd();
}

async function* readMedline(
  chunks: AsyncIterable<string>,
  ctx: ReadContext,
): AsyncGenerator<Entry<MedlineEntry>> {
  let fields: TaggedField[] = [];
  let start = 0;
  let junk = 0;
  for await (const batch of lineBatches(chunks, ctx)) {
    const lines = batch.lines;
    for (let i = 0; i < lines.length; i++) {
      let text = lines[i] ?? '';
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      const lineNo = batch.first + i;
      const tag = tagOf(text);
      if (tag !== undefined) {
        if (tag === 'PMID' && fields.length > 0 && fields.some((f) => f.tag === 'PMID')) {
          yield { line: start, data: fields };
          fields = [];
        }
        if (fields.length === 0) start = lineNo;
        fields.push({ tag, value: text.slice(text.charCodeAt(5) === 32 ? 6 : 5), line: lineNo });
        continue;
      }
      if (text.trim() === '') {
        if (fields.length > 0) yield { line: start, data: fields };
        fields = [];
        continue;
      }
      const last = fields[fields.length - 1];
      if (last && /^\s/.test(text)) {
        last.value = `${last.value} ${text.trim()}`;
      } else {
        junk++;
        if (junk <= 1)
          ctx.warn({
            code: 'E_RECORD_MALFORMED',
            message: 'line is neither a MEDLINE tag nor a continuation; skipped',
            line: lineNo,
          });
      }
    }
  }
  if (fields.length > 0) yield { line: start, data: fields };
  if (junk > 1)
    ctx.warn({
      code: 'E_RECORD_MALFORMED',
      message: `${junk} lines in all were neither tags nor continuations`,
    });
}

/** What a record's tags have given so far: the author being read (for its AU, AD, AUID lines), and more. */
interface MedlineState {
  b: RecordBuilder;
  fields: TaggedField[];
  /** The tag before the one being read. */
  lastTag: string;
  /** The author or editor the following AD and AUID lines belong to. */
  current?: Person;
  /** Whether the current author's AU line was read (its FAU came first). */
  currentHasAu: boolean;
  /** A BTI line was read: the record is a book, or a chapter when it has a TI too. */
  isBook: boolean;
}

type MedlineReader = (state: MedlineState, value: string, tag: string) => void;

const toText =
  (field: Parameters<RecordBuilder['text']>[0]): MedlineReader =>
  (s, v, tag) =>
    s.b.text(field, v, tag);

/** FAU's form of a name: "Family, Given". */
const fullName = (p: Person): string | undefined => (p.given ? `${p.family ?? ''}, ${p.given}` : p.family);

/** An author's lines, as PubMed writes them: FAU, AU, AUID, then each AD; a group author is one CN line. */
function authorLines(a: Person): [string, string | undefined][] {
  if (a.literal) return [['CN', a.literal]];
  return [
    ['FAU', fullName(a)],
    ['AU', [a.family, initialsOf(a.given)].filter(Boolean).join(' ')],
    ['AUID', a.orcid ? `ORCID: ${a.orcid}` : undefined],
    ...(a.affiliation ?? []).map((aff): [string, string] => ['AD', aff]),
  ];
}

/** How an author's lines are read: a FAU starts an author, its AU follows; AD and AUID belong to the last one. */
const readAuthor: MedlineReader = (s, v, tag) => {
  switch (tag) {
    case 'FAU':
      s.current = s.b.person('authors', v);
      s.currentHasAu = false;
      return;
    case 'AU':
      if (
        s.lastTag === 'FAU' ||
        (s.current && !s.currentHasAu && s.lastTag === 'AD' && s.fields.some((f) => f.tag === 'FAU'))
      )
        s.currentHasAu = true;
      else {
        s.current = s.b.person('authors', v);
        s.currentHasAu = true;
      }
      return;
    case 'CN':
      s.current = s.b.person('authors', { literal: v });
      return;
    case 'AD':
      if (s.current) s.b.affiliation(s.current, v);
      else s.b.extra('affiliation', v);
      return;
    case 'AUID': {
      const orcid = /(\d{4}-\d{4}-\d{4}-\d{3}[\dX])/.exec(v)?.[1];
      if (s.current && orcid) s.current.orcid = orcid;
      else s.b.extra('AUID', v);
    }
  }
};

/**
 * The MEDLINE mapping, both ways: tags → what they fill, and each part of a record → the tags written, in
 * PubMed's order. Tags not here are kept in `extra` (MEDLINE_EXTRA's are expected, others counted as unmapped).
 */
const MEDLINE_TABLE = new TagTable<MedlineState>(
  [
    { tags: ['PMID'], read: (s, v) => void s.b.pmid(v, 'PMID'), write: (r) => [r.pmid] },
    {
      tags: ['IS', 'ISBN'],
      read: (s, v, tag) => void s.b.standardNumbers(v, tag),
      write: (r) => [...(r.issn ?? []), ...(r.isbn ?? []).map((sn): [string, string] => ['ISBN', sn])],
    },
    { tags: ['VI'], read: toText('volume'), write: (r) => [r.volume] },
    { tags: ['IP'], read: toText('issue'), write: (r) => [r.issue] },
    {
      tags: ['DP'],
      read: (s, v, tag) => void s.b.date(v, tag),
      write: (r) => [formatMedlineDate(r.date) ?? r.date?.raw],
    },
    {
      tags: ['BTI'],
      read: (s, v, tag) => {
        s.isBook = true;
        if (s.fields.some((f) => f.tag === 'TI')) s.b.text('containerTitle', v, tag);
      },
      write: (r) => [r.containerTitle],
    },
    { tags: ['TI'], read: toText('title'), write: (r) => [r.title] },
    { tags: ['PG'], read: (s, v) => void s.b.pages(v), write: (r) => [r.pages] },
    {
      tags: ['LID', 'AID'],
      read: (s, v, tag) => {
        // "10.1000/x [doi]", or the prefix form "doi:10.1000/x" some exports write
        if (/\[doi\]/.test(v) || /^doi:\s*10\.\d{4,}\//i.test(v.trim()))
          s.b.doi(v.replace(/^\s*doi:\s*/i, ''), tag);
        else if (/\[pmc\]/.test(v)) s.b.pmcid(v);
        else s.b.extra(tag, v);
      },
      write: (r) => [r.doi ? `${r.doi} [doi]` : undefined],
    },
    { tags: ['AB'], read: toText('abstract'), write: (r) => [r.abstract] },
    {
      tags: ['FAU', 'AU', 'CN', 'AUID', 'AD'],
      read: readAuthor,
      write: (r) => (r.authors ?? []).flatMap(authorLines),
    },
    {
      tags: ['FED', 'ED'],
      read: (s, v, tag) => {
        if (tag === 'FED' || s.lastTag !== 'FED') s.current = s.b.person('editors', v);
      },
      write: (r) => (r.editors ?? []).map((e) => e.literal ?? fullName(e)),
    },
    { tags: ['LA'], read: toText('language'), write: (r) => [r.language] },
    {
      tags: ['PT'],
      read: (s, v) => void s.b.list('publicationTypes', v),
      write: (r) => r.publicationTypes ?? [],
    },
    { tags: ['PL'], read: toText('place'), write: (r) => [r.place] },
    { tags: ['PB'], read: toText('publisher'), write: (r) => [r.publisher] },
    { tags: ['TA'], read: (s, v) => void s.b.journal(undefined, v), write: (r) => [r.journal?.abbrev] },
    { tags: ['JT'], read: (s, v) => void s.b.journal(v), write: (r) => [r.journal?.title] },
    {
      tags: ['MH'],
      read: (s, v) => {
        const heading = parseMeshHeading(v);
        if (heading) s.b.mesh(heading);
      },
      write: (r) => (r.mesh ?? []).map(formatMeshHeading),
    },
    { tags: ['OT'], read: (s, v) => void s.b.list('keywords', v), write: (r) => r.keywords ?? [] },
    { tags: ['GN'], read: (s, v) => void s.b.list('notes', v), write: (r) => r.notes ?? [] },
    { tags: ['PMC'], read: (s, v) => void s.b.pmcid(v), write: (r) => [r.pmcid] },
  ],
  MEDLINE_EXTRA,
);

function medlineToRecord(entry: Entry<MedlineEntry>, ctx: ReadContext): BibRecord | undefined {
  const b = builderFor(ctx, entry.line, 'article');
  const state: MedlineState = { b, fields: entry.data, lastTag: '', currentHasAu: false, isBook: false };
  for (const { tag, value } of entry.data) {
    MEDLINE_TABLE.readField(state, tag, value, ctx);
    state.lastTag = tag;
  }
  if (state.isBook) {
    // BTI is the book's title; TI, when present, is the chapter's
    if (b.get('title')) b.setType('chapter');
    else {
      b.setType('book');
      b.text('title', entry.data.find((f) => f.tag === 'BTI')?.value, 'BTI');
    }
  }
  return finishRecord(b, ctx, entry.line, ['pmid', 'title', 'abstract']);
}

/** "Shamsuzzoha B" → "SB", "S. B." → "SB", "Jean-Pierre" → "JP". */
export function initialsOf(given: string | undefined): string {
  if (!given) return '';
  return given
    .split(/[\s.-]+/)
    .filter(Boolean)
    .map((part) => (/^[A-Z]{2,3}$/.test(part) ? part : (part[0]?.toUpperCase() ?? '')))
    .join('');
}

/** Lines of one MEDLINE record, in MEDLINE_TABLE's order (tags padded to four characters). */
export function medlineLines(r: BibRecord): string[] {
  return MEDLINE_TABLE.written(r).map(([tag, value]) => `${tag.padEnd(4)}- ${value.replace(/\r?\n/g, ' ')}`);
}

export const medline: Format<MedlineEntry> = {
  id: 'medline',
  label: 'MEDLINE / PubMed (.nbib, .txt)',
  extensions: ['.nbib', '.medline', '.txt'],
  detect(sample) {
    if (/^PMID- ?\d/m.test(sample)) return 0.95;
    const tags = sample.match(/^(?:TI {2}|AU {2}|FAU |AB {2}|DP {2}|JT {2}|MH {2})- /gm)?.length ?? 0;
    // tags of three or four letters (OWN, STAT, BTI, ISBN, …) are MEDLINE's alone: RIS tags have two
    const long = sample.match(/^[A-Z]{3}[A-Z ]- /gm)?.length ?? 0;
    return tags >= 3 || long >= 2 ? 0.7 : 0;
  },
  read: readMedline,
  toRecord: medlineToRecord,
  write: taggedWriter(medlineLines),
};
