import { lineSeparatorOf } from '../text/line-separator.js';
import type { ReadContext } from './contract.js';

/** Lines longer than this are skipped with E_LINE_TOO_LONG (lenient) or fail the file (strict). */
export const MAX_LINE_CHARS = 16 * 1024 * 1024;

/** A batch of consecutive lines; `first` is the 1-based number of `lines[0]`. */
export interface LineBatch {
  first: number;
  lines: string[];
}

/**
 * Splits a stream of text chunks into lines (LF, CRLF or CR-only), in batches, without ever holding more
 * than one chunk plus one line. A line over `maxChars` is reported and skipped, never buffered whole.
 */
export async function* lineBatches(
  chunks: AsyncIterable<string>,
  ctx: ReadContext,
  maxChars = MAX_LINE_CHARS,
): AsyncGenerator<LineBatch> {
  let carry: string[] = [];
  let carryLength = 0;
  let overlong = false;
  let lineNo = 1;
  let separator: '\n' | '\r' | undefined;

  for await (const chunk of chunks) {
    if (!chunk) continue;
    separator ??= lineSeparatorOf(chunk);
    const sep = separator ?? '\n';
    const batch: string[] = [];
    const first = lineNo;
    let start = 0;
    for (let nl = chunk.indexOf(sep); nl >= 0; nl = chunk.indexOf(sep, start)) {
      let piece = chunk.slice(start, nl);
      start = nl + 1;
      if (carryLength > 0 || overlong) {
        if (!overlong && carryLength + piece.length <= maxChars) {
          carry.push(piece);
          piece = carry.join('');
        } else {
          overlong = true;
        }
        carry = [];
        carryLength = 0;
      }
      if (overlong || piece.length > maxChars) {
        ctx.malformed({
          code: 'E_LINE_TOO_LONG',
          message: `line is longer than ${maxChars} characters and was skipped`,
          line: first + batch.length,
        });
        overlong = false;
        piece = '';
      }
      if (sep === '\n' && piece.charCodeAt(piece.length - 1) === 13) piece = piece.slice(0, -1);
      batch.push(piece);
    }
    if (start < chunk.length) {
      const rest = chunk.slice(start);
      if (!overlong) {
        if (carryLength + rest.length > maxChars) {
          overlong = true;
          carry = [];
          carryLength = 0;
        } else {
          carry.push(rest);
          carryLength += rest.length;
        }
      }
    }
    lineNo = first + batch.length;
    if (batch.length > 0) yield { first, lines: batch };
  }
  if (overlong) {
    ctx.malformed({
      code: 'E_LINE_TOO_LONG',
      message: `line is longer than ${maxChars} characters and was skipped`,
      line: lineNo,
    });
  } else if (carryLength > 0) {
    let last = carry.join('');
    if (last.charCodeAt(last.length - 1) === 13) last = last.slice(0, -1);
    yield { first: lineNo, lines: [last] };
  }
}
