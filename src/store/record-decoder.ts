import { TwowayError } from '../domain/errors.js';
import { BIB_RECORD_VERSION, type BibRecord } from '../domain/record/bib-record.js';

/** A record as the store keeps it: its row id and the BibRecord. */
export interface StoredRecord {
  id: number;
  record: BibRecord;
}

/**
 * The one way a stored record's JSON becomes a BibRecord: the version it was written in is checked, so that a
 * row written by a newer Twoway (or damaged) is refused with its id instead of being read as something else.
 * @example decodeStoredRecord(7, '{"v":1,"type":"article"}').type // 'article'
 */
export function decodeStoredRecord(id: number, data: string): BibRecord {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch (error) {
    throw new TwowayError({
      code: 'E_DB',
      message: `record ${id} is not valid JSON: ${(error as Error).message}`,
    });
  }
  const version = (value as { v?: unknown } | null)?.v;
  if (version !== BIB_RECORD_VERSION)
    throw new TwowayError({
      code: 'E_DB',
      message: `record ${id} is stored as BibRecord version ${JSON.stringify(version)}; this Twoway reads version ${BIB_RECORD_VERSION} (upgrade Twoway, or run twoway migrate)`,
    });
  return value as BibRecord;
}

/**
 * Refuses a record whose stored version (read out of its JSON by the engine, as a number or text) this Twoway
 * does not read, as decodeStoredRecord does: for reads that take single fields instead of the whole record.
 */
export function assertStoredVersion(id: number, version: unknown): void {
  if (Number(version) === BIB_RECORD_VERSION) return;
  // PostgreSQL gives every JSON scalar back as text: a number is reported as the number it is
  const stored = typeof version === 'string' && /^\d+$/.test(version) ? Number(version) : version;
  decodeStoredRecord(id, JSON.stringify({ v: stored }));
}

/** A stored row as a StoredRecord. */
export function storedRecord(row: { id: number; data: string }): StoredRecord {
  return { id: row.id, record: decodeStoredRecord(row.id, row.data) };
}
