import type { TermCounts } from './features.js';

/**
 * What the model reads of a project's records, kept between runs of the product: each record's counted terms
 * (TermCounts), the record it is, and the label imported with it. Records never change once imported, so a
 * snapshot stays true for as long as the project holds the same records; weighing it again (weighTerms) gives
 * the very matrix the text would give, without reading or scanning the text (at 100,000 records: seconds).
 */
export interface FeatureSnapshot {
  /** The record of each row, ascending. */
  recordIds: Int32Array;
  /** By row: the label imported with the record, −1 none. */
  imported: Int8Array;
  counted: TermCounts;
}

/** "TWFS" and the format's version: a snapshot of another version is not read (the features are built again). */
const MAGIC = [0x54, 0x57, 0x46, 0x53] as const;
const VERSION = 1;

/** Bytes an unsigned varint of v takes (7 bits a byte). */
function varintLength(v: number): number {
  let length = 1;
  while (v >= 0x80) {
    v = Math.floor(v / 128);
    length++;
  }
  return length;
}

/**
 * A snapshot as bytes: unsigned varints (7 bits a byte, as Protocol Buffers write them) — record ids as
 * differences, rows as their lengths, then the terms and the counts of every row — so that a term id of a few
 * thousand takes two bytes. Labels are stored one byte a row.
 */
export function encodeFeatureSnapshot(snapshot: FeatureSnapshot): Uint8Array {
  const { recordIds, imported, counted } = snapshot;
  const { rows, rowEnds, termIds, counts, titleWordTerms } = counted;
  if (recordIds.length !== rows || imported.length !== rows)
    throw new Error(
      `a snapshot of ${rows} rows has ${recordIds.length} record ids and ${imported.length} labels`,
    );
  const header = [rows, counted.terms, termIds.length, titleWordTerms.length];
  let size = MAGIC.length + 1 + rows;
  for (const v of header) size += varintLength(v);
  for (let i = 0; i < rows; i++) {
    size += varintLength(recordIds[i]! - (i === 0 ? 0 : recordIds[i - 1]!));
    size += varintLength(rowEnds[i + 1]! - rowEnds[i]!);
  }
  for (let k = 0; k < termIds.length; k++) size += varintLength(termIds[k]!) + varintLength(counts[k]!);
  for (const id of titleWordTerms) size += varintLength(id);
  const bytes = new Uint8Array(size);
  let at = 0;
  const put = (v: number): void => {
    while (v >= 0x80) {
      bytes[at++] = (v & 0x7f) | 0x80;
      v = Math.floor(v / 128);
    }
    bytes[at++] = v;
  };
  bytes.set(MAGIC, 0);
  at = MAGIC.length;
  bytes[at++] = VERSION;
  for (const v of header) put(v);
  for (let i = 0; i < rows; i++) put(recordIds[i]! - (i === 0 ? 0 : recordIds[i - 1]!));
  for (let i = 0; i < rows; i++) bytes[at++] = imported[i]! + 1;
  for (let i = 0; i < rows; i++) put(rowEnds[i + 1]! - rowEnds[i]!);
  for (let k = 0; k < termIds.length; k++) put(termIds[k]!);
  for (let k = 0; k < counts.length; k++) put(counts[k]!);
  for (const id of titleWordTerms) put(id);
  return bytes;
}

/** A snapshot read back; undefined when the bytes are not one this version wrote whole. */
export function decodeFeatureSnapshot(bytes: Uint8Array): FeatureSnapshot | undefined {
  if (
    bytes.length < MAGIC.length + 1 ||
    MAGIC.some((b, i) => bytes[i] !== b) ||
    bytes[MAGIC.length] !== VERSION
  )
    return undefined;
  let at = MAGIC.length + 1;
  let broken = false;
  const get = (): number => {
    let v = 0;
    let scale = 1;
    for (;;) {
      if (at >= bytes.length || scale > 2 ** 35) {
        broken = true;
        return 0;
      }
      const b = bytes[at++]!;
      v += (b & 0x7f) * scale;
      if (b < 0x80) return v;
      scale *= 128;
    }
  };
  const [rows, terms, entries, titleWords] = [get(), get(), get(), get()];
  // each row, entry and term takes a byte at least: a count larger than the bytes is a broken snapshot
  if (broken || rows + 2 * entries + titleWords > bytes.length) return undefined;
  const recordIds = new Int32Array(rows);
  for (let i = 0; i < rows; i++) recordIds[i] = (i === 0 ? 0 : recordIds[i - 1]!) + get();
  const imported = new Int8Array(rows);
  for (let i = 0; i < rows; i++) imported[i] = bytes[at++]! - 1;
  const rowEnds = new Int32Array(rows + 1);
  for (let i = 0; i < rows; i++) rowEnds[i + 1] = rowEnds[i]! + get();
  const termIds = new Int32Array(entries);
  for (let k = 0; k < entries; k++) termIds[k] = get();
  const counts = new Int32Array(entries);
  for (let k = 0; k < entries; k++) counts[k] = get();
  const titleWordTerms = new Int32Array(titleWords);
  for (let k = 0; k < titleWords; k++) titleWordTerms[k] = get();
  if (broken || at !== bytes.length || rowEnds[rows] !== entries) return undefined;
  for (let k = 0; k < entries; k++) if (termIds[k]! >= terms) return undefined;
  return { recordIds, imported, counted: { rows, terms, rowEnds, termIds, counts, titleWordTerms } };
}
