/**
 * The line separator a text uses, read from its first chunk that holds one: LF (also for CRLF), or CR alone
 * (classic Mac OS files); undefined while no separator was seen.
 * @example lineSeparatorOf('TY  - JOUR\r\nTI  - A') // '\n'
 */
export function lineSeparatorOf(chunk: string): '\n' | '\r' | undefined {
  if (chunk.includes('\n')) return '\n';
  if (chunk.includes('\r')) return '\r';
  return undefined;
}

/** How many times `char` occurs in `text` from `from` up to (not including) `to`. */
export function occurrences(text: string, char: string, from = 0, to = text.length): number {
  let n = 0;
  for (let i = text.indexOf(char, from); i >= 0 && i < to; i = text.indexOf(char, i + 1)) n++;
  return n;
}
