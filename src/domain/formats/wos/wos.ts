import { personToString, type BibRecord, type Person } from '../../record/bib-record.js';
import { monthAbbreviation } from '../../record/dates.js';
import { splitPages } from '../../record/pages.js';
import type { Entry, Format, ReadContext } from '../contract.js';
import { lineBatches } from '../lines.js';
import { initialsOf } from '../medline/medline.js';
import type { TaggedField } from '../tagged.js';
import { builderFor, finishRecord } from '../tagged.js';

/**
 * Web of Science "plain text" (tagged) export: `FN`/`VR` header, records from `PT` to `ER`, two-letter tags,
 * continuation lines indented by three spaces (one author, one cited reference, or the rest of a long value).
 */
type WosEntry = TaggedField[];

const TAG_LINE = /^([A-Z][A-Z0-9]) (.*)$/;
const LIST_TAGS = new Set(['AU', 'AF', 'BA', 'BF', 'ED', 'C1', 'CR', 'RI', 'OI', 'EM']);

const KNOWN_EXTRA = new Set(
  'FN VR SE BS CT CY CL SP HO RP EM RI OI FU FX CR NR TC Z9 U1 U2 PA J9 PG WC WE SC GA UT OA HC HP DA EA PN SU SI MA GP CA BE BN2 D2 AR EF'.split(
    ' ',
  ),
);

async function* readWos(chunks: AsyncIterable<string>, ctx: ReadContext): AsyncGenerator<Entry<WosEntry>> {
  let fields: TaggedField[] | undefined;
  let start = 0;
  for await (const batch of lineBatches(chunks, ctx)) {
    for (let i = 0; i < batch.lines.length; i++) {
      let text = batch.lines[i] ?? '';
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      const lineNo = batch.first + i;
      if (text.startsWith('   ') && fields) {
        const last = fields[fields.length - 1];
        if (last) last.value += (LIST_TAGS.has(last.tag) ? '\n' : ' ') + text.trim();
        continue;
      }
      const m = TAG_LINE.exec(text) ?? (/^(ER|EF)\s*$/.exec(text) ? [text, text.trim(), ''] : null);
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
    ctx.warn({
      code: 'E_FILE_TRUNCATED',
      message: 'the file ends inside a record (no ER line); the record was kept',
      line: start,
    });
    yield { line: start, data: fields };
  }
}

const WOS_TYPES: Record<string, BibRecord['type']> = { J: 'article', B: 'book', S: 'book', P: 'patent' };

function wosToRecord(entry: Entry<WosEntry>, ctx: ReadContext): BibRecord | undefined {
  const b = builderFor(ctx, entry.line);
  const get = (tag: string): string | undefined => entry.data.find((f) => f.tag === tag)?.value;
  const lines = (tag: string): string[] =>
    entry.data.filter((f) => f.tag === tag).flatMap((f) => f.value.split('\n'));
  const pt = get('PT')?.trim() ?? '';
  const docTypes = (get('DT') ?? '').split(/;\s*/).filter(Boolean);
  let type = WOS_TYPES[pt] ?? 'generic';
  if (docTypes.some((t) => /proceedings paper|meeting/i.test(t))) type = 'conference-paper';
  else if (docTypes.some((t) => /book chapter/i.test(t))) type = 'chapter';
  b.setType(type);
  const full = lines('AF');
  const short = lines('AU');
  const names = full.length > 0 ? full : short;
  const people: Person[] = [];
  for (const n of names) {
    const p = b.person('authors', n);
    if (p) people.push(p);
  }
  for (const n of lines('BF').length > 0 ? [] : lines('BA')) b.person('authors', n);
  for (const n of lines('ED')) b.person('editors', n);
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
  for (const { tag, value } of entry.data) {
    switch (tag) {
      case 'PT':
      case 'AU':
      case 'AF':
      case 'BA':
      case 'BF':
      case 'ED':
      case 'C1':
      case 'OI':
        break;
      case 'TI':
        b.text('title', value, tag);
        break;
      case 'SO':
        if (type === 'article' || type === 'generic') b.journal(value);
        else b.text('containerTitle', value, tag);
        break;
      case 'JI':
        b.journal(undefined, value);
        break;
      case 'LA':
        b.text('language', value, tag);
        break;
      case 'DT':
        for (const t of docTypes) b.list('publicationTypes', t);
        break;
      case 'DE':
      case 'ID':
        for (const k of value.split(/;\s*/)) b.list('keywords', k);
        break;
      case 'AB':
        b.text('abstract', value, tag);
        break;
      case 'PU':
        b.text('publisher', value, tag);
        break;
      case 'PI':
        b.text('place', value, tag);
        break;
      case 'SN':
      case 'EI':
      case 'BN':
        b.standardNumbers(value, tag);
        break;
      case 'PY':
        b.date(value, tag);
        break;
      case 'PD':
        break;
      case 'VL':
        b.text('volume', value, tag);
        break;
      case 'IS':
        b.text('issue', value, tag);
        break;
      case 'BP':
      case 'EP':
        break;
      case 'DI':
        b.doi(value, tag);
        break;
      case 'PM':
        b.pmid(value, tag);
        break;
      case 'UT':
        b.text('sourceId', value, tag);
        break;
      default:
        if (!KNOWN_EXTRA.has(tag)) ctx.unmapped(tag);
        b.extra(tag, value);
    }
  }
  const pd = get('PD');
  const year = get('PY');
  if (pd && year) b.date(`${year} ${pd}`, 'PD');
  const bp = get('BP');
  const ep = get('EP');
  const ar = get('AR');
  if (bp || ep) b.pages([bp?.trim(), ep?.trim()].filter(Boolean).join('-'));
  else if (ar) b.pages(ar);
  return finishRecord(b, ctx, entry.line, ['title', 'doi']);
}

function wosLines(r: BibRecord): string[] {
  const out: string[] = [];
  const put = (tag: string, values: string | string[] | undefined): void => {
    const list = (Array.isArray(values) ? values : values === undefined ? [] : [values]).filter(
      (v) => v !== '',
    );
    list.forEach((v, i) => out.push(`${i === 0 ? tag : '  '} ${v.replace(/\r?\n/g, ' ')}`));
  };
  const pt = r.type === 'book' || r.type === 'chapter' ? 'B' : r.type === 'patent' ? 'P' : 'J';
  put('PT', pt);
  const people = r.authors ?? [];
  put(
    'AU',
    people.map((p) => p.literal ?? [p.family, initialsOf(p.given)].filter(Boolean).join(', ')),
  );
  put('AF', people.map(personToString));
  put('ED', (r.editors ?? []).map(personToString));
  put('TI', r.title);
  put('SO', r.journal?.title ?? r.containerTitle);
  put('LA', r.language);
  put('DT', r.publicationTypes?.join('; '));
  put('DE', r.keywords?.join('; '));
  put('AB', r.abstract);
  put(
    'C1',
    people.flatMap((p) =>
      (p.affiliation ?? []).map((a) => `[${p.family ?? p.literal ?? ''}, ${p.given ?? ''}] ${a}`),
    ),
  );
  put(
    'OI',
    people
      .filter((p) => p.orcid)
      .map((p) => `${p.family ?? ''}, ${p.given ?? ''}/${p.orcid}`)
      .join('; ') || undefined,
  );
  put('PU', r.publisher);
  put('PI', r.place);
  put('SN', r.issn?.[0]);
  put('EI', r.issn?.[1]);
  put('BN', r.isbn?.[0]);
  put('JI', r.journal?.abbrev);
  if (r.date?.month)
    put('PD', `${monthAbbreviation(r.date.month).toUpperCase()}${r.date.day ? ` ${r.date.day}` : ''}`);
  put('PY', r.date?.year ? String(r.date.year) : undefined);
  put('VL', r.volume);
  put('IS', r.issue);
  const { first, last } = splitPages(r.pages);
  put('BP', first);
  put('EP', last);
  put('DI', r.doi);
  put('PM', r.pmid);
  put('UT', r.sourceId);
  out.push('ER');
  return out;
}

async function* writeWos(records: AsyncIterable<BibRecord> | Iterable<BibRecord>): AsyncGenerator<string> {
  yield 'FN Clarivate Analytics Web of Science\nVR 1.0\n';
  for await (const r of records) yield `${wosLines(r).join('\n')}\n\n`;
  yield 'EF\n';
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
  write: writeWos,
};
