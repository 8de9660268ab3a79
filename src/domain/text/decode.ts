import chardet from 'chardet';
import iconv from 'iconv-lite';
import { TwowayError } from '../errors.js';
import { lineSeparatorOf, occurrences } from './line-separator.js';

/** The encodings Twoway reads. Legacy code pages are chosen only when the bytes are not valid UTF-8. */
export type TextEncoding =
  'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252' | 'latin1' | 'gb18030' | 'big5' | 'shift_jis';

export const TEXT_ENCODINGS: readonly TextEncoding[] = [
  'utf-8',
  'utf-16le',
  'utf-16be',
  'windows-1252',
  'latin1',
  'gb18030',
  'big5',
  'shift_jis',
];

export interface DetectedEncoding {
  encoding: TextEncoding;
  bom: boolean;
  /** Why this encoding was chosen, for the import report. */
  reason: string;
}

/** How many bytes of a file are looked at to choose its encoding. */
export const DETECTION_SAMPLE_BYTES = 256 * 1024;

function isValidUtf8(sample: Uint8Array, complete: boolean): boolean {
  let bytes = sample;
  if (!complete) {
    // a multi-byte sequence may be cut at the end of the sample: drop at most 3 trailing bytes of it
    let cut = bytes.length;
    for (let i = 1; i <= 3 && bytes.length - i >= 0; i++) {
      const b = bytes[bytes.length - i] ?? 0;
      if ((b & 0xc0) === 0xc0) {
        cut = bytes.length - i;
        break;
      }
      if ((b & 0x80) === 0) break;
    }
    bytes = bytes.subarray(0, cut);
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function looksLikeUtf16(sample: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const n = Math.min(sample.length, 4096) & ~1;
  if (n < 4) return undefined;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (sample[i] === 0) evenZeros++;
    if (sample[i + 1] === 0) oddZeros++;
  }
  const pairs = n / 2;
  if (oddZeros > pairs * 0.4 && evenZeros < pairs * 0.05) return 'utf-16le';
  if (evenZeros > pairs * 0.4 && oddZeros < pairs * 0.05) return 'utf-16be';
  return undefined;
}

/** Control bytes that never occur in text files (NUL and friends; tab, LF, CR, FF, ESC and SUB are allowed). */
function binaryByteShare(sample: Uint8Array): number {
  const n = Math.min(sample.length, 8192);
  if (n === 0) return 0;
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const b = sample[i] ?? 0;
    if (b < 0x09 || (b > 0x0d && b < 0x1a) || (b > 0x1b && b < 0x20)) bad++;
  }
  return bad / n;
}

const LEGACY_FROM_CHARDET: Record<string, TextEncoding> = {
  'ISO-8859-1': 'windows-1252',
  'windows-1252': 'windows-1252',
  GB18030: 'gb18030',
  Big5: 'big5',
  Shift_JIS: 'shift_jis',
};

/** Bytes 0x80–0x9F that Windows-1252 leaves undefined: where they occur, the text is Latin-1. */
const CP1252_UNDEFINED = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

function chooseLegacy(sample: Uint8Array): DetectedEncoding {
  const ranked = chardet.analyse(sample).filter((m) => LEGACY_FROM_CHARDET[m.name]);
  const best = ranked[0];
  let encoding: TextEncoding = best ? (LEGACY_FROM_CHARDET[best.name] ?? 'windows-1252') : 'windows-1252';
  if (encoding === 'windows-1252' && sample.some((b) => CP1252_UNDEFINED.has(b))) encoding = 'latin1';
  const reason = best
    ? `not valid UTF-8; legacy code page ${best.name} (confidence ${best.confidence})`
    : 'not valid UTF-8; no legacy code page recognised, read as Windows-1252';
  return { encoding, bom: false, reason };
}

/**
 * Chooses the encoding of a file from its first bytes: a BOM, then UTF-16 without BOM, then UTF-8 when the
 * bytes are valid UTF-8, else the most likely legacy code page (Windows-1252, Latin-1, GB18030, Big5, Shift_JIS).
 * Throws E_BINARY when the bytes are not text at all.
 * @example detectEncoding(new Uint8Array([0xef, 0xbb, 0xbf, 0x54])) // { encoding: 'utf-8', bom: true, … }
 */
export function detectEncoding(sample: Uint8Array, complete = false): DetectedEncoding {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf)
    return { encoding: 'utf-8', bom: true, reason: 'UTF-8 byte order mark' };
  if (sample[0] === 0xff && sample[1] === 0xfe)
    return { encoding: 'utf-16le', bom: true, reason: 'UTF-16LE byte order mark' };
  if (sample[0] === 0xfe && sample[1] === 0xff)
    return { encoding: 'utf-16be', bom: true, reason: 'UTF-16BE byte order mark' };
  const utf16 = looksLikeUtf16(sample);
  if (utf16)
    return { encoding: utf16, bom: false, reason: 'UTF-16 without byte order mark (NUL byte pattern)' };
  if (binaryByteShare(sample) > 0.01)
    throw new TwowayError({
      code: 'E_BINARY',
      message: 'the file holds binary data (control bytes), not text',
      line: 1,
    });
  if (isValidUtf8(sample, complete)) return { encoding: 'utf-8', bom: false, reason: 'valid UTF-8' };
  return chooseLegacy(sample);
}

/** Places of replaced byte sequences (and of NUL characters) a decoder keeps (the counts go on). */
export const REPLACEMENT_PLACES_KEPT = 5;

/** A place in the decoded text: line (1-based, as the format readers number them) and column. */
export interface TextPlace {
  line: number;
  column: number;
}

// eslint-disable-next-line no-control-regex -- NUL is what this looks for
const DAMAGE = /[\ufffd\u0000]/g;

/**
 * Streaming decoder for one file; counts the bytes it had to replace, and where. NUL characters (U+0000, never
 * part of a bibliographic value, refused by PostgreSQL) are taken out of the text, counted and placed the same
 * way, so the caller can say so (and strict mode can fail the file).
 */
export class TextStreamDecoder {
  readonly detected: DetectedEncoding;
  /** U+FFFD characters produced by bytes that were invalid in the chosen encoding. */
  replacements = 0;
  /** Where the first replacements are. */
  readonly replacementPlaces: TextPlace[] = [];
  /** NUL characters taken out of the text. */
  nulCharacters = 0;
  /** Where the first NUL characters were. */
  readonly nulPlaces: TextPlace[] = [];
  private line = 1;
  /** Characters of the current line before the next text. */
  private column = 0;
  private separator: '\n' | '\r' | undefined;
  private readonly utf: InstanceType<typeof TextDecoder> | undefined;
  private readonly legacy: ReturnType<typeof iconv.getDecoder> | undefined;
  private first = true;

  constructor(detected: DetectedEncoding) {
    this.detected = detected;
    if (
      detected.encoding === 'utf-8' ||
      detected.encoding === 'utf-16le' ||
      detected.encoding === 'utf-16be'
    ) {
      this.utf = new TextDecoder(detected.encoding, { ignoreBOM: false });
    } else {
      this.legacy = iconv.getDecoder(detected.encoding === 'shift_jis' ? 'shiftjis' : detected.encoding);
    }
  }

  decode(chunk: Uint8Array): string {
    let text = this.utf
      ? this.utf.decode(chunk, { stream: true })
      : (this.legacy?.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)) ?? '');
    if (this.first && this.legacy && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    this.first = false;
    return this.count(text);
  }

  end(): string {
    return this.count(this.utf ? this.utf.decode() : (this.legacy?.end() ?? ''));
  }

  /** Counts the replacement and NUL characters of the text, keeps where the first ones are, drops the NULs. */
  private count(text: string): string {
    const hasNul = text.includes('\u0000');
    if (
      this.replacementPlaces.length >= REPLACEMENT_PLACES_KEPT &&
      (!hasNul || this.nulPlaces.length >= REPLACEMENT_PLACES_KEPT)
    ) {
      // every place wanted is kept: only the counts go on, lines and columns are no longer needed
      this.replacements += occurrences(text, '\ufffd');
      if (!hasNul) return text;
      this.nulCharacters += occurrences(text, '\u0000');
      return text.replaceAll('\u0000', '');
    }
    this.separator ??= lineSeparatorOf(text);
    const separator = this.separator ?? '\n';
    let counted = 0;
    for (const m of text.matchAll(DAMAGE)) {
      const at = m.index;
      const nul = m[0] === '\u0000';
      if (nul) this.nulCharacters++;
      else this.replacements++;
      const places = nul ? this.nulPlaces : this.replacementPlaces;
      if (places.length >= REPLACEMENT_PLACES_KEPT) continue;
      this.line += occurrences(text, separator, counted, at);
      counted = at;
      const lineStart = text.lastIndexOf(separator, at);
      const column = lineStart >= 0 ? at - lineStart : this.column + at + 1;
      places.push({ line: this.line, column });
    }
    this.line += occurrences(text, separator, counted);
    const lastSeparator = text.lastIndexOf(separator);
    this.column = lastSeparator >= 0 ? text.length - lastSeparator - 1 : this.column + text.length;
    return hasNul ? text.replaceAll('\u0000', '') : text;
  }
}

/** A place to tell the caller which encoding was detected and how the decoding went. */
export interface DecodeReport {
  detected?: DetectedEncoding;
  replacements: number;
  /** Where the first replacements are (see TextStreamDecoder.replacementPlaces). */
  replacementPlaces?: TextPlace[];
  /** NUL characters taken out of the text, and where the first were. */
  nulCharacters?: number;
  nulPlaces?: TextPlace[];
}

/**
 * Decodes a byte stream into text chunks, choosing the encoding from the first bytes (or the one given).
 * @example for await (const text of decodeChunks(bytes, report)) …
 */
export async function* decodeChunks(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  report: DecodeReport,
  forced?: TextEncoding,
): AsyncGenerator<string> {
  const pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let decoder: TextStreamDecoder | undefined;
  const start = (complete: boolean): TextStreamDecoder => {
    const sample = Buffer.concat(pending, pendingBytes);
    const detected: DetectedEncoding = forced
      ? { encoding: forced, bom: false, reason: 'given by the caller' }
      : detectEncoding(
          sample.subarray(0, DETECTION_SAMPLE_BYTES),
          complete && sample.length <= DETECTION_SAMPLE_BYTES,
        );
    report.detected = detected;
    const made = new TextStreamDecoder(detected);
    report.replacementPlaces = made.replacementPlaces;
    report.nulPlaces = made.nulPlaces;
    return made;
  };
  /** The counts so far, so that a caller can act on damage while the stream is read. */
  const counted = (text: string, from: TextStreamDecoder): string => {
    report.replacements = from.replacements;
    report.nulCharacters = from.nulCharacters;
    return text;
  };
  for await (const chunk of chunks) {
    if (!decoder) {
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes < DETECTION_SAMPLE_BYTES) continue;
      decoder = start(false);
      const text = counted(decoder.decode(Buffer.concat(pending, pendingBytes)), decoder);
      pending.length = 0;
      if (text) yield text;
      continue;
    }
    const text = counted(decoder.decode(chunk), decoder);
    if (text) yield text;
  }
  if (!decoder) {
    decoder = start(true);
    const text = counted(decoder.decode(Buffer.concat(pending, pendingBytes)), decoder);
    if (text) yield text;
  }
  const tail = counted(decoder.end(), decoder);
  if (tail) yield tail;
}
