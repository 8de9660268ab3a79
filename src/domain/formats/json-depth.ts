/**
 * How deep JSON text nests its arrays and objects, read as the text streams by (strings and their escapes
 * skipped), so that a hostile value is refused before anything builds it: `JSON.parse` takes a value nested
 * 50,000 deep, and every later `JSON.stringify` of the record overflowed the stack.
 */

/** No bibliographic JSON nests deeper than this (a CSL-JSON file: array, item, author list, name, date parts). */
export const MAX_JSON_DEPTH = 32;

const SPECIAL = /["\\[\]{}]/g;

export class JsonDepthGuard {
  private depth = 0;
  private inString = false;
  /** The previous chunk ended on a backslash inside a string: the first character of the next is escaped. */
  private escaped = false;

  /** Reads the next piece of text; returns where the nesting first exceeds `limit` in it, or -1. */
  feed(text: string, limit = MAX_JSON_DEPTH): number {
    SPECIAL.lastIndex = this.escaped ? 1 : 0;
    this.escaped = false;
    for (let m = SPECIAL.exec(text); m; m = SPECIAL.exec(text)) {
      const c = m[0];
      if (this.inString) {
        if (c === '"') this.inString = false;
        else if (c === '\\') {
          if (m.index + 1 >= text.length) this.escaped = true;
          SPECIAL.lastIndex = m.index + 2;
        }
        continue;
      }
      if (c === '"') this.inString = true;
      else if (c === '[' || c === '{') {
        if (++this.depth > limit) return m.index;
      } else if (c === ']' || c === '}') this.depth--;
    }
    return -1;
  }
}

/**
 * Whether one JSON text nests deeper than `limit`.
 * @example nestsTooDeep('[[[1]]]', 2) // true
 */
export function nestsTooDeep(text: string, limit = MAX_JSON_DEPTH): boolean {
  return new JsonDepthGuard().feed(text, limit) >= 0;
}
