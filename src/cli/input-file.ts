import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { TwowayError } from '../domain/errors.js';
import type { Format, ReadOptions } from '../domain/formats/contract.js';
import { ImportReportCollector } from '../domain/formats/import-report.js';
import { detectFormat, formatById, formatList } from '../domain/formats/index.js';
import { prepend, readRecords } from '../domain/formats/pipeline.js';
import type { BibRecord } from '../domain/record/bib-record.js';
import { decodeChunks, type DecodeReport, type TextEncoding } from '../domain/text/decode.js';

export interface InputOptions extends ReadOptions {
  /** A format id that overrides detection. */
  from?: string;
  encoding?: TextEncoding;
  /** Called with the bytes read so far (for progress bars). */
  onBytes?: (bytes: number) => void;
}

export interface OpenedInput {
  path: string;
  size: number;
  format: Format;
  collector: ImportReportCollector;
  records: AsyncGenerator<BibRecord>;
}

/** How much text is looked at to detect the format. */
const FORMAT_SAMPLE_CHARS = 64 * 1024;

async function* countingBytes(path: string, onBytes?: (n: number) => void): AsyncGenerator<Uint8Array> {
  let total = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) {
    total += chunk.length;
    onBytes?.(total);
    yield chunk;
  }
}

/**
 * Opens one bibliographic file: detects its encoding and format, and returns its records as a stream, with the
 * import report filling in as they are read. Throws TwowayError (E_IO, E_BINARY, E_FORMAT_UNKNOWN).
 */
export async function openInput(path: string, options: InputOptions = {}): Promise<OpenedInput> {
  let size: number;
  try {
    const s = await stat(path);
    if (!s.isFile()) throw new Error('not a regular file');
    size = s.size;
  } catch (error) {
    throw new TwowayError(
      { code: 'E_IO', message: `cannot read ${path}: ${(error as Error).message}` },
      path,
    );
  }
  const collector = new ImportReportCollector(path, options);
  const decodeReport: DecodeReport = { replacements: 0 };
  const text = decodeChunks(countingBytes(path, options.onBytes), decodeReport, options.encoding);
  let first: IteratorResult<string>;
  try {
    first = await text.next();
  } catch (error) {
    if (error instanceof TwowayError) error.file = path;
    throw error;
  }
  let sample = first.done ? '' : first.value;
  // the first decoded chunk is at least the 256 KiB detection sample unless the file is smaller
  if (sample.length > FORMAT_SAMPLE_CHARS) sample = sample.slice(0, FORMAT_SAMPLE_CHARS);
  let format: Format | undefined;
  if (options.from) {
    format = formatById(options.from);
    if (!format)
      throw new TwowayError({
        code: 'E_USAGE',
        message: `unknown format "${options.from}"; Twoway reads: ${formatList()}`,
      });
  } else {
    try {
      format = detectFormat(sample, basename(path));
    } catch (error) {
      if (error instanceof TwowayError) error.file = path;
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
  const chunks = first.done ? (async function* () {})() : prepend(first.value, text);
  const records = (async function* () {
    yield* readRecords(format, chunks, collector);
    collector.report.replacementCharacters = decodeReport.replacements;
    if (decodeReport.replacements > 0)
      collector.warn({
        code: 'E_ENCODING',
        message: `${decodeReport.replacements} byte sequence(s) were invalid in ${detected?.encoding ?? 'the detected encoding'} and replaced with U+FFFD`,
      });
  })();
  return { path, size, format, collector, records };
}
