import type { BibRecord, Person } from '../../record/bib-record.js';
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
const KNOWN_EXTRA = new Set(
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

function medlineToRecord(entry: Entry<MedlineEntry>, ctx: ReadContext): BibRecord | undefined {
  const b = builderFor(ctx, entry.line, 'article');
  let lastTag = '';
  let current: Person | undefined;
  let currentHasAu = false;
  let isBook = false;
  for (const { tag, value } of entry.data) {
    switch (tag) {
      case 'PMID':
        b.pmid(value, 'PMID');
        break;
      case 'TI':
        b.text('title', value, tag);
        break;
      case 'BTI':
        isBook = true;
        if (entry.data.some((f) => f.tag === 'TI')) b.text('containerTitle', value, tag);
        break;
      case 'AB':
        b.text('abstract', value, tag);
        break;
      case 'FAU':
        current = b.person('authors', value);
        currentHasAu = false;
        break;
      case 'AU':
        if (
          lastTag === 'FAU' ||
          (current && !currentHasAu && lastTag === 'AD' && entry.data.some((f) => f.tag === 'FAU'))
        ) {
          currentHasAu = true;
        } else {
          current = b.person('authors', value);
          currentHasAu = true;
        }
        break;
      case 'CN':
        current = b.person('authors', { literal: value });
        break;
      case 'FED':
        current = b.person('editors', value);
        break;
      case 'ED':
        if (lastTag !== 'FED') current = b.person('editors', value);
        break;
      case 'AD':
        if (current) b.affiliation(current, value);
        else b.extra('affiliation', value);
        break;
      case 'AUID': {
        const orcid = /(\d{4}-\d{4}-\d{4}-\d{3}[\dX])/.exec(value)?.[1];
        if (current && orcid) current.orcid = orcid;
        else b.extra('AUID', value);
        break;
      }
      case 'LA':
        b.text('language', value, tag);
        break;
      case 'PT':
        b.list('publicationTypes', value);
        break;
      case 'DP':
        b.date(value, tag);
        break;
      case 'TA':
        b.journal(undefined, value);
        break;
      case 'JT':
        b.journal(value);
        break;
      case 'VI':
        b.text('volume', value, tag);
        break;
      case 'IP':
        b.text('issue', value, tag);
        break;
      case 'PG':
        b.pages(value);
        break;
      case 'LID':
      case 'AID':
        if (/\[doi\]/.test(value)) b.doi(value, tag);
        else if (/\[pmc\]/.test(value)) b.pmcid(value);
        else b.extra(tag, value);
        break;
      case 'PMC':
        b.pmcid(value);
        break;
      case 'IS':
      case 'ISBN':
        b.standardNumbers(value, tag);
        break;
      case 'MH': {
        const heading = parseMeshHeading(value);
        if (heading) b.mesh(heading);
        break;
      }
      case 'OT':
        b.list('keywords', value);
        break;
      case 'PL':
        b.text('place', value, tag);
        break;
      case 'PB':
        b.text('publisher', value, tag);
        break;
      case 'GN':
        b.list('notes', value);
        break;
      default:
        if (!KNOWN_EXTRA.has(tag)) ctx.unmapped(tag);
        b.extra(tag, value);
    }
    lastTag = tag;
  }
  if (isBook) {
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

export function medlineLines(r: BibRecord): string[] {
  const out: string[] = [];
  const put = (tag: string, value: string | undefined): void => {
    if (value === undefined || value === '') return;
    out.push(`${tag.padEnd(4)}- ${value.replace(/\r?\n/g, ' ')}`);
  };
  put('PMID', r.pmid);
  for (const sn of r.issn ?? []) put('IS', sn);
  for (const sn of r.isbn ?? []) put('ISBN', sn);
  put('VI', r.volume);
  put('IP', r.issue);
  put('DP', formatMedlineDate(r.date) ?? r.date?.raw);
  put(r.containerTitle ? 'BTI' : 'TI', r.containerTitle);
  put('TI', r.title);
  put('PG', r.pages);
  put('LID', r.doi ? `${r.doi} [doi]` : undefined);
  put('AB', r.abstract);
  for (const a of r.authors ?? []) {
    if (a.literal) put('CN', a.literal);
    else {
      put('FAU', a.given ? `${a.family ?? ''}, ${a.given}` : a.family);
      put('AU', [a.family, initialsOf(a.given)].filter(Boolean).join(' '));
      if (a.orcid) put('AUID', `ORCID: ${a.orcid}`);
      for (const aff of a.affiliation ?? []) put('AD', aff);
    }
  }
  for (const e of r.editors ?? []) {
    put('FED', e.literal ?? (e.given ? `${e.family ?? ''}, ${e.given}` : e.family));
  }
  put('LA', r.language);
  for (const t of r.publicationTypes ?? []) put('PT', t);
  put('PL', r.place);
  put('PB', r.publisher);
  put('TA', r.journal?.abbrev);
  put('JT', r.journal?.title);
  for (const m of r.mesh ?? []) put('MH', formatMeshHeading(m));
  for (const k of r.keywords ?? []) put('OT', k);
  for (const n of r.notes ?? []) put('GN', n);
  put('PMC', r.pmcid);
  return out;
}

async function* writeMedline(
  records: AsyncIterable<BibRecord> | Iterable<BibRecord>,
): AsyncGenerator<string> {
  for await (const r of records) yield `${medlineLines(r).join('\n')}\n\n`;
}

export const medline: Format<MedlineEntry> = {
  id: 'medline',
  label: 'MEDLINE / PubMed (.nbib, .txt)',
  extensions: ['.nbib', '.medline', '.txt'],
  detect(sample) {
    if (/^PMID- ?\d/m.test(sample)) return 0.95;
    const tags = sample.match(/^(?:TI {2}|AU {2}|FAU |AB {2}|DP {2}|JT {2}|MH {2})- /gm)?.length ?? 0;
    return tags >= 3 ? 0.7 : 0;
  },
  read: readMedline,
  toRecord: medlineToRecord,
  write: writeMedline,
};
