import { TwowayError } from '../errors.js';
import type { BibRecord } from '../record/bib-record.js';
import type { Format } from './contract.js';
import type { ImportReportCollector } from './import-report.js';

/**
 * Reads records of one file: entries from the format's streaming reader, mapped to BibRecords, counted in the
 * report; `onEnd` runs once the stream is read to its end. A structural error (broken XML, strict mode) ends the stream with a TwowayError.
 */
export async function* readRecords(
  format: Format,
  text: AsyncIterable<string>,
  collector: ImportReportCollector,
  onEnd?: () => void,
): AsyncGenerator<BibRecord> {
  collector.report.format = format.id;
  try {
    for await (const entry of format.read(text, collector)) {
      collector.beginRecord(entry.line);
      const record = format.toRecord(entry, collector);
      collector.endRecord(record !== undefined);
      if (record) yield record;
    }
    onEnd?.();
  } catch (error) {
    if (error instanceof TwowayError) {
      error.file ??= collector.report.file;
      collector.error(error.problem);
    }
    throw error;
  }
}

/** Prepends an already-read first chunk to the rest of a stream (used after sniffing a sample). */
export async function* prepend<T>(first: T, rest: AsyncIterator<T>): AsyncGenerator<T> {
  yield first;
  for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
}
