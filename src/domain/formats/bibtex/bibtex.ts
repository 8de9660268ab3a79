import type { BibRecord, Person, ReferenceType } from '../../record/bib-record.js';
import { monthAbbreviation, parseMonth } from '../../record/dates.js';
import { parsePersonName } from '../../record/names.js';
import type { Entry, Format, ReadContext } from '../contract.js';
import { builderFor, finishRecord, TypeTable } from '../tagged.js';
import { escapeLatex, latexToUnicode } from './latex.js';

/**
 * BibTeX and BibLaTeX: `@type{key, field = {…} | "…" | 123 | macro # …}`, `@string`, `@preamble`, `@comment`,
 * entries delimited by braces or parentheses. Streaming: memory holds at most one entry.
 */
export interface BibtexEntry {
  type: string;
  key: string;
  fields: [string, string][];
}

/** An entry larger than this is taken as an unterminated brace and skipped. */
export const MAX_BIBTEX_ENTRY_CHARS = 1024 * 1024;

const PREDEFINED_MACROS: Record<string, string> = Object.fromEntries(
  ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'].map((m, i) => [
    m,
    String(i + 1),
  ]),
);

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

/** Finds the end of an entry body opened at `open` ('{' or '('); -1 when the text ends first. */
function findEntryEnd(text: string, open: number): number {
  const closer = text[open] === '(' ? ')' : '}';
  let depth = 0;
  let inQuote = false;
  for (let i = open + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 92 /* \ */) {
      i++;
      continue;
    }
    if (c === 123 /* { */) depth++;
    else if (c === 125 /* } */) {
      if (depth === 0 && closer === '}') return i;
      depth--;
    } else if (c === 34 /* " */ && depth === 0) inQuote = !inQuote;
    else if (closer === ')' && c === 41 && depth === 0 && !inQuote) return i;
  }
  return -1;
}

function countLines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

class BodyParser {
  i = 0;
  constructor(
    readonly s: string,
    readonly macros: Record<string, string>,
  ) {}

  ws(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i] ?? '')) this.i++;
  }

  ident(): string {
    this.ws();
    const m = /^[^\s"#%'(),={}]+/.exec(this.s.slice(this.i, this.i + 200));
    if (!m) return '';
    this.i += m[0].length;
    return m[0];
  }

  /** value = part (# part)* */
  value(): string | undefined {
    let out = '';
    for (;;) {
      this.ws();
      const c = this.s[this.i];
      if (c === '{') {
        const end = this.matching(this.i);
        if (end < 0) return undefined;
        out += this.s.slice(this.i + 1, end);
        this.i = end + 1;
      } else if (c === '"') {
        let depth = 0;
        let j = this.i + 1;
        for (; j < this.s.length; j++) {
          const d = this.s[j];
          if (d === '\\') j++;
          else if (d === '{') depth++;
          else if (d === '}') depth--;
          else if (d === '"' && depth === 0) break;
        }
        if (j >= this.s.length) return undefined;
        out += this.s.slice(this.i + 1, j);
        this.i = j + 1;
      } else {
        const word = this.ident();
        if (!word) return undefined;
        out += /^\d+$/.test(word) ? word : (this.macros[word.toLowerCase()] ?? word);
      }
      this.ws();
      if (this.s[this.i] === '#') {
        this.i++;
        continue;
      }
      return out;
    }
  }

  matching(open: number): number {
    let depth = 0;
    for (let j = open; j < this.s.length; j++) {
      const c = this.s[j];
      if (c === '\\') j++;
      else if (c === '{') depth++;
      else if (c === '}' && --depth === 0) return j;
    }
    return -1;
  }
}

async function* readBibtex(
  chunks: AsyncIterable<string>,
  ctx: ReadContext,
): AsyncGenerator<Entry<BibtexEntry>> {
  const macros: Record<string, string> = { ...PREDEFINED_MACROS };
  let buf = '';
  let line = 1;
  let ended = false;
  const it = chunks[Symbol.asyncIterator]();
  const more = async (): Promise<boolean> => {
    if (ended) return false;
    const next = await it.next();
    if (next.done) {
      ended = true;
      return false;
    }
    buf += next.value;
    return true;
  };
  await more();
  for (;;) {
    const at = buf.indexOf('@');
    if (at < 0) {
      line += countLines(buf, 0, buf.length);
      buf = '';
      if (!(await more())) break;
      continue;
    }
    const head = /^@\s*([a-zA-Z]+)\s*([{(])/.exec(buf.slice(at, at + 100));
    if (!head) {
      if (buf.length - at < 100 && (await more())) continue;
      line += countLines(buf, 0, at + 1);
      buf = buf.slice(at + 1);
      continue;
    }
    line += countLines(buf, 0, at);
    buf = buf.slice(at);
    const open = head[0].length - 1;
    let end = findEntryEnd(buf, open);
    while (end < 0 && buf.length <= MAX_BIBTEX_ENTRY_CHARS && (await more())) end = findEntryEnd(buf, open);
    const type = (head[1] ?? '').toLowerCase();
    if (end < 0) {
      ctx.malformed({
        code: buf.length > MAX_BIBTEX_ENTRY_CHARS ? 'E_ENTRY_TOO_LARGE' : 'E_FILE_TRUNCATED',
        message: `@${type} entry is never closed (unbalanced braces); skipped to the next entry`,
        line,
      });
      // resynchronise at the next entry that starts a line
      let next = buf.indexOf('\n@', 1);
      while (next < 0 && (await more())) next = buf.indexOf('\n@', 1);
      if (next < 0) break;
      line += countLines(buf, 0, next + 1);
      buf = buf.slice(next + 1);
      continue;
    }
    const body = buf.slice(open + 1, end);
    const startLine = line;
    line += countLines(buf, 0, end + 1);
    buf = buf.slice(end + 1);
    if (type === 'comment' || type === 'preamble') continue;
    const p = new BodyParser(body, macros);
    if (type === 'string') {
      const name = p.ident().toLowerCase();
      p.ws();
      if (p.s[p.i] === '=') {
        p.i++;
        const v = p.value();
        if (name && v !== undefined) macros[name] = v;
      }
      continue;
    }
    const keyMatch = /^\s*([^,\s]*)\s*,/.exec(body);
    const key = keyMatch?.[1] ?? '';
    p.i = keyMatch ? keyMatch[0].length : 0;
    const fields: [string, string][] = [];
    let broken = false;
    for (;;) {
      p.ws();
      if (p.i >= body.length) break;
      const name = p.ident().toLowerCase();
      p.ws();
      if (!name || p.s[p.i] !== '=') {
        broken = true;
        break;
      }
      p.i++;
      const v = p.value();
      if (v === undefined) {
        broken = true;
        break;
      }
      fields.push([name, v]);
      p.ws();
      if (p.s[p.i] === ',') p.i++;
    }
    if (broken)
      ctx.warn({
        code: 'E_RECORD_MALFORMED',
        message: `@${type}{${key}: a field could not be read; the fields before it were kept`,
        line: startLine,
      });
    yield { line: startLine, data: { type, key, fields } };
  }
}

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

function bibtexToRecord(entry: Entry<BibtexEntry>, ctx: ReadContext): BibRecord | undefined {
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
  let year: string | undefined;
  let month: string | undefined;
  let day: string | undefined;
  let eprintType: string | undefined;
  for (const [name, raw] of fields) if (name === 'eprinttype') eprintType = raw.toLowerCase();
  for (const [name, raw] of fields) {
    const value = name === 'url' || name === 'doi' ? raw.trim() : latexToUnicode(raw).replace(/\s+/g, ' ');
    switch (name) {
      case 'author':
      case 'editor':
        for (const n of splitBibtexNames(raw))
          b.person(name === 'author' ? 'authors' : 'editors', bibtexPerson(n));
        break;
      case 'title':
        b.text('title', value, name);
        break;
      case 'booktitle':
      case 'maintitle':
        b.text('containerTitle', value, name);
        break;
      case 'journal':
      case 'journaltitle':
        b.journal(value);
        break;
      case 'shortjournal':
      case 'journal-abbrev':
        b.journal(undefined, value);
        break;
      case 'year':
        year = value;
        break;
      case 'month':
        month = value;
        break;
      case 'day':
        day = value;
        break;
      case 'date':
        b.date(value.split('/')[0], name);
        if (value.includes('/')) b.extra('date-range', value);
        break;
      case 'volume':
        b.text('volume', value, name);
        break;
      case 'number':
      case 'issue':
        b.text('issue', value, name);
        break;
      case 'pages':
        b.pages(value);
        break;
      case 'doi':
        b.doi(value, name);
        break;
      case 'pmid':
        b.pmid(value, name);
        break;
      case 'pmcid':
        b.pmcid(value);
        break;
      case 'eprint':
        if (eprintType === 'pubmed') b.pmid(value, name);
        else b.extra('eprint', value);
        break;
      case 'isbn':
      case 'issn':
        b.standardNumbers(value, name);
        break;
      case 'language':
      case 'langid':
        b.text('language', value, name);
        break;
      case 'publisher':
      case 'institution':
      case 'school':
      case 'organization':
        b.text('publisher', value, name);
        break;
      case 'address':
      case 'location':
        b.text('place', value, name);
        break;
      case 'abstract':
        b.text('abstract', value, name);
        break;
      case 'keywords':
      case 'keyword':
        // BibLaTeX separates keywords with commas; tools that write ';' use it because keywords hold commas
        for (const k of value.split(value.includes(';') ? /;\s*/ : /,\s*/)) b.list('keywords', k);
        break;
      case 'url':
        for (const u of value.split(/\s+/)) b.list('urls', u);
        break;
      case 'note':
      case 'annote':
      case 'annotation':
        b.list('notes', value);
        break;
      case 'eprinttype':
        break;
      case 'series':
      case 'edition':
      case 'howpublished':
      case 'file':
      case 'chapter':
      case 'type':
      case 'crossref':
      case 'subtitle':
      case 'titleaddon':
      case 'orcid':
      case 'urldate':
      case 'eid':
      case 'pagetotal':
      case 'shorttitle':
      case 'archiveprefix':
      case 'primaryclass':
      case 'key':
      case 'timestamp':
      case 'owner':
      case 'mendeley-tags':
        b.extra(name, value);
        break;
      default:
        ctx.unmapped(name);
        b.extra(name, value);
    }
  }
  if (year) {
    const m = month ? parseMonth(month) : undefined;
    b.date([year, m ? String(m) : '', m && day ? day : ''].filter(Boolean).join('-'), 'year');
  }
  return finishRecord(b, ctx, entry.line, ['title', 'doi', 'authors'], `@${rawType}{${key}}`);
}

function bibName(p: Person): string {
  if (p.literal) return `{${escapeLatex(p.literal)}}`;
  return escapeLatex(p.given ? `${p.family ?? ''}, ${p.given}` : (p.family ?? ''));
}

/** A citation key: the source's own when it is usable, else first author + year + a counter. */
function citationKey(r: BibRecord, used: Set<string>): string {
  let key = r.sourceId && /^[^\s,{}"#%'()=\\]+$/.test(r.sourceId) ? r.sourceId : '';
  if (!key) {
    const who =
      (r.authors?.[0]?.family ?? r.authors?.[0]?.literal ?? 'anon')
        .normalize('NFD')
        .replace(/[^A-Za-z]/g, '')
        .toLowerCase() || 'anon';
    key = `${who}${r.date?.year ?? ''}`;
  }
  let candidate = key;
  for (let n = 2; used.has(candidate); n++) candidate = `${key}-${n}`;
  used.add(candidate);
  return candidate;
}

async function* writeBibtex(records: AsyncIterable<BibRecord> | Iterable<BibRecord>): AsyncGenerator<string> {
  const used = new Set<string>();
  for await (const r of records) {
    const fields: [string, string | undefined][] = [
      ['author', r.authors?.map(bibName).join(' and ')],
      ['editor', r.editors?.map(bibName).join(' and ')],
      ['title', r.title],
      ['journal', r.journal?.title],
      ['shortjournal', r.journal?.abbrev],
      ['booktitle', r.containerTitle],
      ['year', r.date?.year ? String(r.date.year) : undefined],
      ['month', r.date?.month ? monthAbbreviation(r.date.month).toLowerCase() : undefined],
      ['day', r.date?.month && r.date.day ? String(r.date.day) : undefined],
      ['volume', r.volume],
      ['number', r.issue],
      ['pages', r.pages?.replace('-', '--')],
      ['doi', r.doi],
      ['pmid', r.pmid],
      ['pmcid', r.pmcid],
      ['issn', r.issn?.join(', ')],
      ['isbn', r.isbn?.join(', ')],
      ['language', r.language],
      ['publisher', r.publisher],
      ['address', r.place],
      ['abstract', r.abstract],
      ['keywords', r.keywords?.join('; ')],
      ['url', r.urls?.join(' ')],
      ['note', r.notes?.join('; ')],
    ];
    const body = fields
      .filter((f): f is [string, string] => f[1] !== undefined && f[1] !== '')
      .map(([name, value]) => {
        if (name === 'month') return `  ${name} = ${value}`;
        const text =
          name === 'author' || name === 'editor' || name === 'url' || name === 'doi'
            ? value
            : escapeLatex(value);
        return `  ${name} = {${text}}`;
      })
      .join(',\n');
    yield `@${BIBTEX_TYPES.write(r.type)}{${citationKey(r, used)},\n${body}\n}\n\n`;
  }
}

export const bibtex: Format<BibtexEntry> = {
  id: 'bibtex',
  label: 'BibTeX / BibLaTeX (.bib)',
  extensions: ['.bib', '.bibtex', '.biblatex'],
  detect(sample) {
    if (
      /^\s*@\s*(article|book|inproceedings|incollection|misc|techreport|phdthesis|mastersthesis|online|report|thesis|inbook|proceedings|unpublished|string|preamble|comment|conference|manual|booklet|dataset|software)\s*[{(]/im.test(
        sample,
      )
    )
      return 0.9;
    return /^\s*@\s*[a-z]+\s*\{\s*[^,\s]+\s*,/im.test(sample) ? 0.6 : 0;
  },
  read: readBibtex,
  toRecord: bibtexToRecord,
  write: writeBibtex,
};
