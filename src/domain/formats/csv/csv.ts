import { parse, type Parser } from 'csv-parse';
import { fromSpreadsheetCell, spreadsheetCell } from './spreadsheet-cells.js';
import { ownValue } from '../../own-keys.js';
import { stringify } from 'csv-stringify/sync';
import { TwowayError } from '../../errors.js';
import {
  personToString,
  REFERENCE_TYPES,
  type BibRecord,
  type ReferenceType,
} from '../../record/bib-record.js';
import { formatMeshHeading, parseMeshHeading } from '../../record/record-builder.js';
import { splitAuthorList, splitPythonList } from '../../record/names.js';
import { joinPages } from '../../record/pages.js';
import type { Entry, Format, ReadContext, WriteOptions } from '../contract.js';
import { ENDNOTE_TYPES } from '../endnote/endnote-types.js';
import { RIS_TYPES } from '../ris/ris-types.js';
import { builderFor, finishRecord } from '../tagged.js';
import { fieldForColumn, isKnownColumn, type CsvField } from './csv-columns.js';

/**
 * CSV, TSV and semicolon-separated tables, with a header row. Columns are mapped by name (see csv-columns.ts);
 * ASReview label columns become screening labels; unknown columns are kept in `extra` and reported.
 */
export interface CsvRow {
  header: string[];
  values: string[];
  /** Tells MeSH descriptor names, when the file has a keywords column and a vocabulary was given. */
  isMesh?: (term: string) => boolean;
}

/** A keywords cell is read as MeSH headings when at least this share of its terms are descriptor names. */
export const MESH_KEYWORDS_SHARE = 0.8;

/** The delimiter of a table: the one of `,` `;` `\t` that splits the header line into the most known columns. */
export function detectDelimiter(sample: string): string {
  const firstLine = sample.replace(/^\ufeff/, '').split(/\r?\n/, 1)[0] ?? '';
  let best = ',';
  let bestScore = -1;
  for (const d of [',', ';', '\t', '|']) {
    const cells = firstLine.split(d);
    if (cells.length < 2) continue;
    const score = cells.filter(isKnownColumn).length * 100 + cells.length;
    if (score > bestScore) {
      best = d;
      bestScore = score;
    }
  }
  return best;
}

type ParsedRow = { record: string[]; info: { lines: number } };

async function* readCsv(chunks: AsyncIterable<string>, ctx: ReadContext): AsyncGenerator<Entry<CsvRow>> {
  let parser: Parser | undefined;
  let failure: (Error & { lines?: number }) | undefined;
  let ended = false;
  let header: string[] | undefined;
  let nextLine = 1;
  let isMesh: ((term: string) => boolean) | undefined;
  let meshWanted = false;
  // rows parsed so far are handed out before an error is raised, so nothing before a broken row is lost
  function* drain(): Generator<Entry<CsvRow>> {
    for (let item = parser?.read() as ParsedRow | null; item; item = parser?.read() as ParsedRow | null) {
      const line = nextLine;
      nextLine = item.info.lines + 1;
      if (!header) {
        header = item.record.map((h) => h.replace(/^\ufeff/, '').trim());
        meshWanted =
          Boolean(ctx.options.meshTerms) &&
          header.some((h) => fieldForColumn(h, ctx.options.columnMap) === 'keywords');
        // the vocabulary is loaded (asynchronously) before the first row is handed out
        if (meshWanted) return;
        continue;
      }
      if (item.record.length !== header.length && !(item.record.length === 1 && item.record[0] === ''))
        ctx.warn({
          code: 'E_CSV_INVALID',
          message: `row has ${item.record.length} cells, the header has ${header.length}`,
          line,
        });
      yield { line, data: { header, values: item.record, ...(isMesh ? { isMesh } : {}) } };
    }
    if (failure)
      throw new TwowayError({
        code: 'E_CSV_INVALID',
        message: failure.message.replace(/^Invalid\s+/i, '').slice(0, 300),
        line: failure.lines ?? nextLine,
      });
  }
  for await (const chunk of chunks) {
    if (!parser) {
      parser = parse({
        delimiter: detectDelimiter(chunk.slice(0, 64 * 1024)),
        bom: true,
        info: true,
        relax_quotes: true,
        relax_column_count: true,
        skip_empty_lines: true,
        max_record_size: 16 * 1024 * 1024,
      });
      parser.on('error', (error: Error) => {
        failure ??= error;
      });
      parser.on('end', () => {
        ended = true;
      });
    }
    parser.write(chunk);
    yield* drain();
    if (meshWanted && !isMesh) {
      isMesh = await ctx.options.meshTerms!();
      yield* drain();
    }
  }
  if (!parser) return;
  parser.end();
  while (!ended && !failure) {
    await new Promise((resolve) => setImmediate(resolve));
    yield* drain();
  }
  yield* drain();
}

const WORD_TYPES: Record<string, ReferenceType> = {
  article: 'article',
  review: 'article',
  'journal article': 'article',
  letter: 'article',
  editorial: 'article',
  note: 'article',
  'conference paper': 'conference-paper',
  'conference review': 'conference-proceedings',
  'book chapter': 'chapter',
  book: 'book',
  'article in press': 'article',
  erratum: 'article',
  'short survey': 'article',
  thesis: 'thesis',
  report: 'report',
  'web page': 'webpage',
  preprint: 'preprint',
  dataset: 'dataset',
  patent: 'patent',
};

function readType(value: string): ReferenceType | undefined {
  const v = value.trim();
  if ((REFERENCE_TYPES as readonly string[]).includes(v)) return v as ReferenceType;
  return RIS_TYPES.read(v) ?? ENDNOTE_TYPES.read(v) ?? ownValue(WORD_TYPES, v.toLowerCase());
}

/** A label cell: 1/0 and their spellings; an empty cell is "not labelled" and sets nothing. */
function readLabel(value: string): 0 | 1 | undefined | 'invalid' {
  const v = value.trim().toLowerCase();
  if (v === '') return undefined;
  if (['1', '1.0', 'yes', 'true', 'included', 'include', 'relevant', 'y'].includes(v)) return 1;
  if (['0', '0.0', 'no', 'false', 'excluded', 'exclude', 'irrelevant', 'n', '-1'].includes(v)) return 0;
  return 'invalid';
}

/** A list cell: a Python list literal, or values separated by ';' (or by newlines). */
function splitList(value: string): string[] {
  const v = value.trim();
  if (/^\[.*\]$/s.test(v)) return splitPythonList(v);
  // split, then trimmed: a pattern with \s* on both sides backtracks quadratically over a long run of spaces
  return v
    .split(/[;\n]/)
    .map((part) => part.trim())
    .filter(Boolean);
}

/** A value longer than this is no Embase source line: EMBASE_SOURCE is not tried on it. */
const SOURCE_LINE_CHARS = 2000;

/** Embase "Source": "Endoscopic Ultrasound (2014) 3:3 (152-160). Date of Publication: 2014". */
const EMBASE_SOURCE =
  /^(.+?)\s+\((\d{4})\)\s+(\w+)(?::(\w+))?\s+\(([^)]*)\)(?:\.\s*Date of Publication:\s*(.+))?/;

function csvToRecord(entry: Entry<CsvRow>, ctx: ReadContext): BibRecord | undefined {
  const b = builderFor(ctx, entry.line);
  const { header, values } = entry.data;
  const overrides = ctx.options.columnMap ?? {};
  let startPage: string | undefined;
  let endPage: string | undefined;
  let typeSet = false;
  for (let i = 0; i < header.length; i++) {
    const column = header[i] ?? '';
    const value = fromSpreadsheetCell(values[i] ?? '');
    const field: CsvField | undefined = fieldForColumn(column, overrides);
    if (field === 'included' || field === 'abstractIncluded') {
      const label = readLabel(value);
      if (label === 'invalid')
        ctx.warn({
          code: 'E_RECORD_MALFORMED',
          message: `label "${value}" in column ${column} is not 0/1/empty`,
          line: entry.line,
        });
      else if (label !== undefined) b.label(field, label);
      continue;
    }
    if (!value.trim()) continue;
    switch (field) {
      case 'ignore':
        break;
      case 'sourceId':
        b.text('sourceId', value, column);
        break;
      case 'type': {
        const t = readType(value);
        if (t && !typeSet) {
          b.setType(t);
          typeSet = true;
        }
        b.list(
          'publicationTypes',
          t && (REFERENCE_TYPES as readonly string[]).includes(value.trim()) ? '' : value,
        );
        break;
      }
      case 'title':
      case 'abstract':
      case 'containerTitle':
      case 'volume':
      case 'issue':
      case 'language':
      case 'publisher':
      case 'place':
        b.text(field, value, column);
        break;
      case 'authors':
      case 'editors':
        for (const n of splitAuthorList(value)) b.person(field, n);
        break;
      case 'year':
      case 'date':
        b.date(value, column);
        break;
      case 'journal':
        b.journal(value);
        break;
      case 'journalAbbrev':
        b.journal(undefined, value);
        break;
      case 'source': {
        // the pattern's lazy journal and spaces backtrack quadratically: only a source line's length is tried
        const m = value.length <= SOURCE_LINE_CHARS ? EMBASE_SOURCE.exec(value) : null;
        if (m) {
          b.journal(m[1]);
          b.date(m[6] ?? m[2], column);
          b.text('volume', m[3], column);
          b.text('issue', m[4], column);
          b.pages(m[5]);
        } else {
          b.journal(value);
        }
        break;
      }
      case 'pages':
        b.pages(value);
        break;
      case 'startPage':
        startPage = value;
        break;
      case 'endPage':
        endPage = value;
        break;
      case 'doi':
        b.doi(value, column);
        break;
      case 'pmid':
        b.pmid(value, column);
        break;
      case 'pmcid':
        b.pmcid(value);
        break;
      case 'issn':
      case 'isbn':
        b.standardNumbers(value, column);
        break;
      case 'keywords': {
        const terms = splitList(value);
        const isMesh = entry.data.isMesh;
        const heads = terms.map((t) => parseMeshHeading(t)).filter((h) => h !== undefined);
        if (
          isMesh &&
          terms.length >= 2 &&
          heads.filter((h) => isMesh(h.descriptor)).length >= MESH_KEYWORDS_SHARE * terms.length
        )
          for (const h of heads) b.mesh(h);
        else for (const k of terms) b.list('keywords', k);
        break;
      }
      case 'mesh':
        for (const h of splitList(value)) {
          const heading = parseMeshHeading(h);
          if (heading) b.mesh(heading);
        }
        break;
      case 'publicationTypes':
        for (const t of splitList(value)) b.list('publicationTypes', t);
        break;
      case 'urls':
        for (const u of value.split(/[\s;]+/)) b.list('urls', u);
        break;
      case 'notes':
        b.list('notes', value);
        break;
      case undefined:
        ctx.unmapped(column);
        b.extra(column, value);
        break;
    }
  }
  if (startPage || endPage) b.pages(joinPages(startPage, endPage));
  return finishRecord(b, ctx, entry.line, ['title', 'abstract', 'doi', 'pmid'], 'row');
}

/** Columns written, in order; the names are the ones `csv-columns.ts` reads back. */
const COLUMNS: [string, (r: BibRecord) => string][] = [
  ['record_id', (r) => r.sourceId ?? ''],
  ['type', (r) => r.type],
  ['title', (r) => r.title ?? ''],
  ['authors', (r) => (r.authors ?? []).map(personToString).join('; ')],
  ['editors', (r) => (r.editors ?? []).map(personToString).join('; ')],
  [
    'date',
    (r) =>
      r.date?.year
        ? [r.date.year, r.date.month, r.date.month ? r.date.day : undefined]
            .filter(Boolean)
            .map((n, i) => (i === 0 ? String(n) : String(n).padStart(2, '0')))
            .join('-')
        : (r.date?.raw ?? ''),
  ],
  ['journal', (r) => r.journal?.title ?? ''],
  ['journal_abbreviation', (r) => r.journal?.abbrev ?? ''],
  ['book_title', (r) => r.containerTitle ?? ''],
  ['volume', (r) => r.volume ?? ''],
  ['issue', (r) => r.issue ?? ''],
  ['pages', (r) => r.pages ?? ''],
  ['doi', (r) => r.doi ?? ''],
  ['pmid', (r) => r.pmid ?? ''],
  ['pmcid', (r) => r.pmcid ?? ''],
  ['issn', (r) => (r.issn ?? []).join('; ')],
  ['isbn', (r) => (r.isbn ?? []).join('; ')],
  ['language', (r) => r.language ?? ''],
  ['publisher', (r) => r.publisher ?? ''],
  ['place', (r) => r.place ?? ''],
  ['abstract', (r) => r.abstract ?? ''],
  ['keywords', (r) => (r.keywords ?? []).join('; ')],
  ['mesh', (r) => (r.mesh ?? []).map(formatMeshHeading).join('; ')],
  ['publication_types', (r) => (r.publicationTypes ?? []).join('; ')],
  ['url', (r) => (r.urls ?? []).join(' ')],
  ['notes', (r) => (r.notes ?? []).join('\n')],
  ['label_included', (r) => labelText(r.labels?.included)],
  ['label_abstract_screening', (r) => labelText(r.labels?.abstractIncluded)],
];

function labelText(v: 0 | 1 | null | undefined): string {
  return v === undefined || v === null ? '' : String(v);
}

async function* writeCsv(
  records: AsyncIterable<BibRecord> | Iterable<BibRecord>,
  options: WriteOptions = {},
): AsyncGenerator<string> {
  const delimiter = options.delimiter ?? ',';
  const more = options.columns;
  yield stringify([[...COLUMNS.map(([name]) => name), ...(more?.names ?? [])]], { delimiter });
  let batch: string[][] = [];
  for await (const r of records) {
    const row = COLUMNS.map(([, get]) => spreadsheetCell(get(r)));
    if (more) row.push(...more.values(r).map(spreadsheetCell));
    batch.push(row);
    if (batch.length >= 500) {
      yield stringify(batch, { delimiter });
      batch = [];
    }
  }
  if (batch.length > 0) yield stringify(batch, { delimiter });
}

export const csv: Format<CsvRow> = {
  id: 'csv',
  label: 'CSV / TSV / semicolon tables with a header row',
  extensions: ['.csv', '.tsv', '.tab'],
  detect(sample) {
    const delimiter = detectDelimiter(sample);
    const header = (sample.replace(/^\ufeff/, '').split(/\r?\n/, 1)[0] ?? '')
      .split(delimiter)
      .map((c) => c.replace(/^"|"$/g, ''));
    const known = header.filter(isKnownColumn).length;
    if (header.length >= 2 && known >= 2) return 0.75;
    if (header.length >= 2 && known >= 1) return 0.55;
    return 0;
  },
  read: readCsv,
  toRecord: csvToRecord,
  write: writeCsv,
};
