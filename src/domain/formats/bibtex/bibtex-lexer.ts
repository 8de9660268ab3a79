import type { Entry, ReadContext } from '../contract.js';
import { emptyDictionary, ownValue } from '../../own-keys.js';

/**
 * The BibTeX lexer: splits a stream of text into entries (`@type{key, field = value, …}`) with their fields'
 * raw values, expanding `@string` macros and `#` concatenation; `@comment` and `@preamble` are skipped.
 * Streaming: memory holds at most one entry.
 */
export interface BibtexEntry {
  type: string;
  key: string;
  fields: [string, string][];
}

/** An entry larger than this is taken as an unterminated brace and skipped. */
export const MAX_BIBTEX_ENTRY_CHARS = 1024 * 1024;

const PREDEFINED_MACROS: Record<string, string> = Object.fromEntries(
  ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'].map((m, i) => [
    m,
    String(i + 1),
  ]),
);

/** Finds the end of an entry body opened at `open` ('{' or '('); -1 when the text ends first. */
function findEntryEnd(text: string, open: number): number {
  const closer = text[open] === '(' ? ')' : '}';
  let depth = 0;
  let inQuote = false;
  for (let i = open + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 92 /* \ */) {
      i++;
      continue;
    }
    if (c === 123 /* { */) depth++;
    else if (c === 125 /* } */) {
      if (depth === 0 && closer === '}') return i;
      depth--;
    } else if (c === 34 /* " */ && depth === 0) inQuote = !inQuote;
    else if (closer === ')' && c === 41 && depth === 0 && !inQuote) return i;
  }
  return -1;
}

function countLines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

class BodyParser {
  i = 0;
  /** Characters the entry's values have produced so far, macros expanded. */
  private produced = 0;
  /** A value grew past MAX_BIBTEX_ENTRY_CHARS (macros of macros: ten levels of ten-fold macros are 10^10). */
  overflow = false;
  constructor(
    readonly s: string,
    readonly macros: Record<string, string>,
  ) {}

  ws(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i] ?? '')) this.i++;
  }

  ident(): string {
    this.ws();
    const m = /^[^\s"#%'(),={}]+/.exec(this.s.slice(this.i, this.i + 200));
    if (!m) return '';
    this.i += m[0].length;
    return m[0];
  }

  /** value = part (# part)*; undefined when it cannot be read, or when it grows too large (`overflow`). */
  value(): string | undefined {
    let out = '';
    const add = (part: string): boolean => {
      this.produced += part.length;
      if (this.produced > MAX_BIBTEX_ENTRY_CHARS) {
        this.overflow = true;
        return false;
      }
      out += part;
      return true;
    };
    for (;;) {
      this.ws();
      const c = this.s[this.i];
      if (c === '{') {
        const end = this.matching(this.i);
        if (end < 0 || !add(this.s.slice(this.i + 1, end))) return undefined;
        this.i = end + 1;
      } else if (c === '"') {
        let depth = 0;
        let j = this.i + 1;
        for (; j < this.s.length; j++) {
          const d = this.s[j];
          if (d === '\\') j++;
          else if (d === '{') depth++;
          else if (d === '}') depth--;
          else if (d === '"' && depth === 0) break;
        }
        if (j >= this.s.length || !add(this.s.slice(this.i + 1, j))) return undefined;
        this.i = j + 1;
      } else {
        const word = this.ident();
        if (!word || !add(/^\d+$/.test(word) ? word : (ownValue(this.macros, word.toLowerCase()) ?? word)))
          return undefined;
      }
      this.ws();
      if (this.s[this.i] === '#') {
        this.i++;
        continue;
      }
      return out;
    }
  }

  matching(open: number): number {
    let depth = 0;
    for (let j = open; j < this.s.length; j++) {
      const c = this.s[j];
      if (c === '\\') j++;
      else if (c === '{') depth++;
      else if (c === '}' && --depth === 0) return j;
    }
    return -1;
  }
}

export async function* readBibtex(
  chunks: AsyncIterable<string>,
  ctx: ReadContext,
): AsyncGenerator<Entry<BibtexEntry>> {
  const macros = emptyDictionary(PREDEFINED_MACROS);
  let buf = '';
  let line = 1;
  let ended = false;
  const it = chunks[Symbol.asyncIterator]();
  const more = async (): Promise<boolean> => {
    if (ended) return false;
    const next = await it.next();
    if (next.done) {
      ended = true;
      return false;
    }
    buf += next.value;
    return true;
  };
  await more();
  for (;;) {
    const at = buf.indexOf('@');
    if (at < 0) {
      line += countLines(buf, 0, buf.length);
      buf = '';
      if (!(await more())) break;
      continue;
    }
    const head = /^@\s*([a-zA-Z]+)\s*([{(])/.exec(buf.slice(at, at + 100));
    if (!head) {
      if (buf.length - at < 100 && (await more())) continue;
      line += countLines(buf, 0, at + 1);
      buf = buf.slice(at + 1);
      continue;
    }
    line += countLines(buf, 0, at);
    buf = buf.slice(at);
    const open = head[0].length - 1;
    let end = findEntryEnd(buf, open);
    while (end < 0 && buf.length <= MAX_BIBTEX_ENTRY_CHARS && (await more())) end = findEntryEnd(buf, open);
    const type = (head[1] ?? '').toLowerCase();
    if (end < 0) {
      ctx.malformed({
        code: buf.length > MAX_BIBTEX_ENTRY_CHARS ? 'E_ENTRY_TOO_LARGE' : 'E_FILE_TRUNCATED',
        message: `@${type} entry is never closed (unbalanced braces); skipped to the next entry`,
        line,
      });
      // resynchronise at the next entry that starts a line
      let next = buf.indexOf('\n@', 1);
      while (next < 0 && (await more())) next = buf.indexOf('\n@', 1);
      if (next < 0) break;
      line += countLines(buf, 0, next + 1);
      buf = buf.slice(next + 1);
      continue;
    }
    const body = buf.slice(open + 1, end);
    const startLine = line;
    line += countLines(buf, 0, end + 1);
    buf = buf.slice(end + 1);
    if (type === 'comment' || type === 'preamble') continue;
    const p = new BodyParser(body, macros);
    if (type === 'string') {
      const name = p.ident().toLowerCase();
      p.ws();
      if (p.s[p.i] === '=') {
        p.i++;
        const v = p.value();
        if (p.overflow)
          ctx.malformed({
            code: 'E_ENTRY_TOO_LARGE',
            message: `@string{${name}} expands to more than ${MAX_BIBTEX_ENTRY_CHARS} characters (macros within macros); it is not defined`,
            line: startLine,
          });
        else if (name && v !== undefined) macros[name] = v;
      }
      continue;
    }
    const keyMatch = citationKey(body);
    const key = keyMatch?.key ?? '';
    p.i = keyMatch?.end ?? 0;
    const fields: [string, string][] = [];
    let broken = false;
    for (;;) {
      p.ws();
      if (p.i >= body.length) break;
      const name = p.ident().toLowerCase();
      p.ws();
      if (!name || p.s[p.i] !== '=') {
        broken = true;
        break;
      }
      p.i++;
      const v = p.value();
      if (v === undefined) {
        broken = true;
        break;
      }
      fields.push([name, v]);
      p.ws();
      if (p.s[p.i] === ',') p.i++;
    }
    if (p.overflow) {
      ctx.malformed({
        code: 'E_ENTRY_TOO_LARGE',
        message: `@${type}{${key}} expands to more than ${MAX_BIBTEX_ENTRY_CHARS} characters (its macros); skipped`,
        line: startLine,
      });
      continue;
    }
    if (broken)
      ctx.warn({
        code: 'E_RECORD_MALFORMED',
        message: `@${type}{${key}: a field could not be read; the fields before it were kept`,
        line: startLine,
      });
    yield { line: startLine, data: { type, key, fields } };
  }
}

const SPACES = /\s*/y;
const KEY = /[^,\s]*/y;

/**
 * An entry's citation key (`key,` after optional spaces) and where its fields start; undefined when the body does
 * not start with one. Read step by step: one pattern for all of it backtracked quadratically over a long run of
 * spaces before a key-less body.
 */
function citationKey(body: string): { key: string; end: number } | undefined {
  SPACES.lastIndex = 0;
  SPACES.exec(body);
  const start = SPACES.lastIndex;
  KEY.lastIndex = start;
  KEY.exec(body);
  const key = body.slice(start, KEY.lastIndex);
  SPACES.lastIndex = KEY.lastIndex;
  SPACES.exec(body);
  return body[SPACES.lastIndex] === ',' ? { key, end: SPACES.lastIndex + 1 } : undefined;
}
