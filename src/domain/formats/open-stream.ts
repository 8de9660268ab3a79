import { TwowayError, type Problem } from '../errors.js';
import type { BibRecord } from '../record/bib-record.js';
import { decodeChunks, type DecodeReport, type TextEncoding, type TextPlace } from '../text/decode.js';
import type { Format, ReadOptions } from './contract.js';
import { ImportReportCollector } from './import-report.js';
import { detectFormat, formatById, formatList, FORMATS } from './index.js';
import { prepend, readRecords } from './pipeline.js';

export interface OpenOptions extends ReadOptions {
  /** A format id that overrides detection. */
  from?: string;
  /** An encoding that overrides detection. */
  encoding?: TextEncoding;
}

export interface RecordStream {
  format: Format;
  collector: ImportReportCollector;
  records: AsyncGenerator<BibRecord>;
}

/** How much decoded text is looked at to detect the format. */
const FORMAT_SAMPLE_CHARS = 64 * 1024;

/**
 * Opens a bibliographic byte stream: detects its encoding and format (content first, then the name's
 * extension) and returns its records as a stream; the import report fills in while they are read.
 * Throws TwowayError (E_BINARY, E_FORMAT_UNKNOWN, E_USAGE) when the stream cannot be read at all.
 * @example const { records, collector } = await openRecordStream(chunks, 'export.ris');
 */
export async function openRecordStream(
  bytes: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  fileName: string,
  options: OpenOptions = {},
): Promise<RecordStream> {
  const collector = new ImportReportCollector(fileName, options);
  const decodeReport: DecodeReport = { replacements: 0 };
  const text = decodeChunks(bytes, decodeReport, options.encoding);
  let first: IteratorResult<string>;
  try {
    first = await text.next();
  } catch (error) {
    if (error instanceof TwowayError) error.file ??= fileName;
    throw error;
  }
  const sample = first.done ? '' : first.value.slice(0, FORMAT_SAMPLE_CHARS);
  let format: Format | undefined;
  if (options.from) {
    format = formatById(options.from);
    if (!format)
      throw new TwowayError({
        code: 'E_USAGE',
        message: `unknown format "${options.from}"; Twoway reads: ${formatList()}`,
      });
    // a forced format is trusted unless the content plainly is another one
    if (sample.trim() && format.detect(sample) === 0) {
      const looksLike = FORMATS.find((f) => f !== format && f.detect(sample) >= 0.5);
      if (looksLike)
        throw new TwowayError(
          {
            code: 'E_FORMAT_MISMATCH',
            message: `--from ${format.id} was given, but the content is ${looksLike.id}`,
            line: 1,
          },
          fileName,
        );
    }
  } else {
    try {
      format = detectFormat(sample, fileName);
    } catch (error) {
      if (error instanceof TwowayError) error.file ??= fileName;
      throw error;
    }
  }
  const detected = decodeReport.detected;
  collector.report.format = format.id;
  if (detected) {
    collector.report.encoding = detected.encoding;
    collector.report.bom = detected.bom;
    collector.report.encodingReason = detected.reason;
  }
  const decoded: AsyncIterable<string> = first.done ? (async function* () {})() : prepend(first.value, text);
  const chunks = options.strict ? failOnNul(decoded, decodeReport, fileName) : decoded;
  const records = readRecords(format, chunks, collector, () => {
    collector.report.replacementCharacters = decodeReport.replacements;
    if (decodeReport.replacements > 0)
      collector.warn(
        placed(
          `${decodeReport.replacements} byte sequence(s) were invalid in ${detected?.encoding ?? 'the detected encoding'} and replaced with U+FFFD`,
          decodeReport.replacements,
          decodeReport.replacementPlaces,
        ),
      );
    if (decodeReport.nulCharacters) collector.malformed(nulProblem(decodeReport));
  });
  return { format, collector, records };
}

/** An E_ENCODING problem that says where the first of `count` damaged places are. */
function placed(message: string, count: number, places: TextPlace[] = []): Problem {
  const shown = places.map((p) => `line ${p.line} column ${p.column}`).join(', ');
  const more = count > places.length ? ', …' : '';
  return {
    code: 'E_ENCODING',
    message: `${message}${shown ? ` (at ${shown}${more})` : ''}`,
    ...(places[0] ? { line: places[0].line } : {}),
  };
}

function nulProblem(report: DecodeReport): Problem {
  const count = report.nulCharacters ?? 0;
  return placed(
    `${count} NUL character(s) (byte 0, never part of a value) were taken out of the text`,
    count,
    report.nulPlaces,
  );
}

/** Strict mode: the file fails at the first chunk that held a NUL character, before its records are read. */
async function* failOnNul(
  chunks: AsyncIterable<string>,
  report: DecodeReport,
  fileName: string,
): AsyncGenerator<string> {
  for await (const chunk of chunks) {
    if (report.nulCharacters) throw new TwowayError(nulProblem(report), fileName);
    yield chunk;
  }
}

/**
 * Reads a whole in-memory text or byte array (tests, uploads): all records and the import report.
 * @example const { records } = await readAll('TY  - JOUR\nTI  - A\nER  - \n', 'a.ris');
 */
export async function readAll(
  content: string | Uint8Array,
  fileName = 'input',
  options: OpenOptions = {},
): Promise<RecordStream & { list: BibRecord[] }> {
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  const stream = await openRecordStream([bytes], fileName, options);
  const list: BibRecord[] = [];
  for await (const r of stream.records) list.push(r);
  return { ...stream, list };
}
