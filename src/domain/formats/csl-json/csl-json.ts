import { JSONParser } from '@streamparser/json';
import { TwowayError } from '../../errors.js';
import { isPeriodicalType, type BibRecord, type PartialDate, type Person } from '../../record/bib-record.js';
import type { Entry, Format, ReadContext } from '../contract.js';
import { JsonDepthGuard, MAX_JSON_DEPTH } from '../json-depth.js';
import { builderFor, finishRecord, TypeTable } from '../tagged.js';

/**
 * CSL-JSON (Citation Style Language: Zotero, Mendeley, citation-js, pandoc): an array of items, or one item.
 * Streamed item by item; `line` is the line on which the item ended.
 */
type CslItem = Record<string, unknown>;

export const CSL_TYPES = new TypeTable(
  [
    ['article-journal', 'article'],
    ['article', 'preprint'],
    ['book', 'book'],
    ['chapter', 'chapter'],
    ['paper-conference', 'conference-paper'],
    ['thesis', 'thesis'],
    ['report', 'report'],
    ['webpage', 'webpage'],
    ['post-weblog', 'webpage'],
    ['dataset', 'dataset'],
    ['patent', 'patent'],
    ['article-newspaper', 'newspaper-article'],
    ['article-magazine', 'magazine-article'],
    ['manuscript', 'manuscript'],
    ['software', 'software'],
    ['legal_case', 'legal'],
    ['legislation', 'legal'],
    ['document', 'generic'],
  ],
  'document',
);

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

async function* readCslJson(
  chunks: AsyncIterable<string>,
  _ctx: ReadContext,
): AsyncGenerator<Entry<CslItem>> {
  let parser: JSONParser | undefined;
  const ready: Entry<CslItem>[] = [];
  let line = 1;
  let failure: Error | undefined;
  const depth = new JsonDepthGuard();
  for await (const chunk of chunks) {
    // checked before the parser builds anything of the chunk: the whole file fails, as for broken JSON
    const tooDeep = depth.feed(chunk);
    if (tooDeep >= 0)
      throw new TwowayError({
        code: 'E_JSON_INVALID',
        message: `a value nests more than ${MAX_JSON_DEPTH} arrays or objects deep`,
        line: line + countNewlines(chunk.slice(0, tooDeep)),
      });
    if (!parser) {
      const first = chunk.replace(/^\ufeff/, '').trimStart()[0];
      parser = new JSONParser({ paths: [first === '{' ? '$' : '$.*'], keepStack: false });
      parser.onValue = ({ value }) => {
        if (value && typeof value === 'object' && !Array.isArray(value))
          ready.push({ line, data: value as CslItem });
        else ready.push({ line, data: { __invalid: true } });
      };
      parser.onError = (error) => {
        failure = error;
      };
    }
    try {
      parser.write(chunk.replace(/^\ufeff/, ''));
    } catch (error) {
      failure ??= error as Error;
    }
    line += countNewlines(chunk);
    yield* ready.splice(0);
    if (failure)
      throw new TwowayError({ code: 'E_JSON_INVALID', message: `not valid JSON: ${failure.message}`, line });
  }
  if (parser && !parser.isEnded) {
    try {
      parser.end();
    } catch (error) {
      failure ??= error as Error;
    }
  }
  yield* ready.splice(0);
  if (failure)
    throw new TwowayError({ code: 'E_JSON_INVALID', message: `not valid JSON: ${failure.message}`, line });
}

function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  return undefined;
}

function cslDate(v: unknown): PartialDate | string | undefined {
  if (!v || typeof v !== 'object') return str(v);
  const d = v as { 'date-parts'?: unknown[][]; raw?: string; literal?: string; season?: unknown };
  const parts = d['date-parts']?.[0];
  if (Array.isArray(parts) && parts.length > 0 && Number(parts[0])) {
    const date: PartialDate = { year: Number(parts[0]) };
    if (Number(parts[1])) date.month = Number(parts[1]);
    if (Number(parts[1]) && Number(parts[2])) date.day = Number(parts[2]);
    return date;
  }
  return d.raw ?? d.literal;
}

function cslToRecord(entry: Entry<CslItem>, ctx: ReadContext): BibRecord | undefined {
  const item = entry.data;
  if (item.__invalid) {
    ctx.malformed({
      code: 'E_RECORD_MALFORMED',
      message: 'CSL-JSON item is not an object',
      line: entry.line,
    });
    return undefined;
  }
  const b = builderFor(ctx, entry.line, CSL_TYPES.read(str(item.type)) ?? 'generic');
  for (const [key, value] of Object.entries(item)) {
    const s = str(value);
    switch (key) {
      case 'type':
        if (!CSL_TYPES.read(s)) b.extra('csl-type', s);
        break;
      case 'id':
      case 'citation-key':
        b.text('sourceId', s, key);
        break;
      case 'title':
        b.text('title', s, key);
        break;
      case 'abstract':
        b.text('abstract', s, key);
        break;
      case 'author':
      case 'editor':
        for (const p of Array.isArray(value) ? (value as Person[]) : [])
          b.person(key === 'author' ? 'authors' : 'editors', {
            family: p.family,
            given: p.given,
            literal: p.literal ?? (p as { name?: string }).name,
          });
        break;
      case 'issued':
        b.date(cslDate(value), key);
        break;
      case 'container-title':
        if (isPeriodicalType(b.type)) b.journal(s);
        else b.text('containerTitle', s, key);
        break;
      case 'container-title-short':
      case 'journalAbbreviation':
        b.journal(undefined, s);
        break;
      case 'volume':
        b.text('volume', s, key);
        break;
      case 'issue':
        b.text('issue', s, key);
        break;
      case 'page':
        b.pages(s);
        break;
      case 'DOI':
        b.doi(s, key);
        break;
      case 'PMID':
        b.pmid(s, key);
        break;
      case 'PMCID':
        b.pmcid(s);
        break;
      case 'ISSN':
      case 'ISBN':
        for (const v of Array.isArray(value) ? value.map(String) : [s]) b.standardNumbers(v, key);
        break;
      case 'language':
        b.text('language', s, key);
        break;
      case 'publisher':
        b.text('publisher', s, key);
        break;
      case 'publisher-place':
        b.text('place', s, key);
        break;
      case 'keyword':
        for (const k of (s ?? '').split(/[,;]\s*/)) b.list('keywords', k);
        break;
      case 'URL':
        b.list('urls', s);
        break;
      case 'note':
        b.list('notes', s);
        break;
      case 'accessed':
      case 'number-of-pages':
      case 'source':
      case 'collection-title':
      case 'edition':
      case 'genre':
      case 'event':
      case 'event-place':
      case 'medium':
      case 'archive':
      case 'call-number':
      case 'dimensions':
      case 'version':
      case 'title-short':
      case 'shortTitle':
      case 'number':
      case 'status':
      case 'references':
      case 'annote':
        b.extra(key, s ?? JSON.stringify(value));
        break;
      default:
        ctx.unmapped(key);
        b.extra(key, s ?? JSON.stringify(value));
    }
  }
  return finishRecord(b, ctx, entry.line, ['title', 'doi'], 'CSL-JSON item');
}

/** One BibRecord as a CSL-JSON item. */
export function toCsl(r: BibRecord, index: number): CslItem {
  const person = (p: Person): Record<string, string> =>
    p.literal
      ? { literal: p.literal }
      : { ...(p.family ? { family: p.family } : {}), ...(p.given ? { given: p.given } : {}) };
  const item: CslItem = { id: r.sourceId ?? `item-${index + 1}`, type: CSL_TYPES.write(r.type) };
  const set = (key: string, value: unknown): void => {
    if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) return;
    item[key] = value;
  };
  set('title', r.title);
  set('author', r.authors?.map(person));
  set('editor', r.editors?.map(person));
  if (r.date?.year)
    set('issued', {
      'date-parts': [
        [r.date.year, ...(r.date.month ? [r.date.month, ...(r.date.day ? [r.date.day] : [])] : [])],
      ],
    });
  else if (r.date?.raw) set('issued', { raw: r.date.raw });
  set('container-title', r.journal?.title ?? r.containerTitle);
  set('container-title-short', r.journal?.abbrev);
  set('volume', r.volume);
  set('issue', r.issue);
  set('page', r.pages);
  set('DOI', r.doi);
  set('PMID', r.pmid);
  set('PMCID', r.pmcid);
  set('ISSN', r.issn?.join(', '));
  set('ISBN', r.isbn?.join(', '));
  set('language', r.language);
  set('publisher', r.publisher);
  set('publisher-place', r.place);
  set('abstract', r.abstract);
  set('keyword', r.keywords?.join(', '));
  set('URL', r.urls?.[0]);
  set('note', r.notes?.join('\n'));
  return item;
}

async function* writeCslJson(
  records: AsyncIterable<BibRecord> | Iterable<BibRecord>,
): AsyncGenerator<string> {
  let n = 0;
  yield '[';
  for await (const r of records) {
    yield `${n === 0 ? '\n' : ',\n'}${JSON.stringify(toCsl(r, n))}`;
    n++;
  }
  yield '\n]\n';
}

export const cslJson: Format<CslItem> = {
  id: 'csl-json',
  label: 'CSL-JSON (Zotero, Mendeley, citation-js, pandoc)',
  extensions: ['.json', '.csl.json', '.csljson'],
  detect(sample) {
    const s = sample.replace(/^\ufeff/, '').trimStart();
    if (!/^[[{]/.test(s)) return 0;
    if (/^\{"v":1,/.test(s)) return 0;
    return /"(type|title|author|issued|container-title|DOI)"\s*:/.test(s) ? 0.85 : 0.3;
  },
  read: readCslJson,
  toRecord: cslToRecord,
  write: writeCslJson,
};
