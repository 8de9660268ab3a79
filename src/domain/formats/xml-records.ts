import { SaxesParser } from 'saxes';
import { TwowayError } from '../errors.js';
import type { Entry, ReadContext } from './contract.js';

/** Thrown from the parser's error handler to stop it at the first error. */
const STOP = new Error('stop at the first XML error');

/** A small element tree for one record; memory holds one record at a time. */
export interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  children: (XmlNode | string)[];
}

/** HTML entities that exporters put in XML without declaring them. */
const EXTRA_ENTITIES: Record<string, string> = {
  nbsp: '\u00a0',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  copy: '©',
  reg: '®',
  trade: '™',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  deg: '°',
  plusmn: '±',
  times: '×',
  micro: 'µ',
  middot: '·',
  laquo: '«',
  raquo: '»',
  alpha: 'α',
  beta: 'β',
  gamma: 'γ',
  delta: 'δ',
  mu: 'μ',
  le: '≤',
  ge: '≥',
};

/**
 * Elements nested deeper than this inside a record are read as text of the element at this depth (no record
 * format nests more than a dozen; `<i>` nested 100,000 deep overflowed every recursive walk of the tree).
 */
export const MAX_XML_DEPTH = 64;

/** Records larger than this many characters of text are refused (a broken or hostile file). */
export const MAX_XML_RECORD_CHARS = 32 * 1024 * 1024;

function notWellFormed(failure: { message: string; line: number }): TwowayError {
  return new TwowayError({
    code: 'E_XML_INVALID',
    message: `the XML is not well formed: ${failure.message}`,
    line: failure.line,
  });
}

/**
 * Streams the elements named in `recordNames` out of an XML document as small trees, with the line they start
 * on. A document that is not well formed ends the stream with E_XML_INVALID at the line where it broke.
 */
export async function* xmlRecords(
  chunks: AsyncIterable<string>,
  recordNames: ReadonlySet<string>,
  ctx: ReadContext,
): AsyncGenerator<Entry<XmlNode>> {
  const parser = new SaxesParser({ position: true });
  Object.assign(parser.ENTITIES, EXTRA_ENTITIES);
  const ready: Entry<XmlNode>[] = [];
  const stack: XmlNode[] = [];
  let recordLine = 0;
  let recordChars = 0;
  let failure: { message: string; line: number } | undefined;
  let sawRoot = false;
  /** Elements open below MAX_XML_DEPTH, read as text; and whether this record was told so. */
  let flattened = 0;
  let flattenedSaid = false;
  parser.on('opentag', (tag) => {
    sawRoot = true;
    const name = tag.name;
    if (stack.length === 0 && !recordNames.has(name)) return;
    if (stack.length >= MAX_XML_DEPTH) {
      flattened++;
      if (!flattenedSaid)
        ctx.malformed({
          code: 'E_RECORD_MALFORMED',
          message: `elements nest more than ${MAX_XML_DEPTH} deep inside <${stack[0]?.name}>; the deeper ones were read as text`,
          line: parser.line,
        });
      flattenedSaid = true;
      return;
    }
    const node: XmlNode = { name, attrs: tag.attributes as Record<string, string>, children: [] };
    if (stack.length === 0) {
      recordLine = parser.line;
      recordChars = 0;
      flattenedSaid = false;
    } else stack[stack.length - 1]?.children.push(node);
    stack.push(node);
  });
  const onText = (text: string): void => {
    const top = stack[stack.length - 1];
    if (!top) return;
    recordChars += text.length;
    top.children.push(text);
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', () => {
    if (flattened > 0) {
      flattened--;
      return;
    }
    const node = stack.pop();
    if (node && stack.length === 0) ready.push({ line: recordLine, data: node });
  });
  parser.on('error', (error) => {
    failure ??= { message: error.message.replace(/^[^:]*:\d+:\d+: /, ''), line: parser.line };
    // saxes would go on and report every later character of a broken line as an error of its own (a 2 MB
    // line: 2 million errors, seconds): the first one ends the reading
    throw STOP;
  });
  /** Feeds the parser; the first error stops it (the records before it stay in `ready`). */
  const feed = (work: () => void): void => {
    try {
      work();
    } catch (error) {
      if (error !== STOP) throw error;
    }
  };
  for await (const chunk of chunks) {
    feed(() => parser.write(chunk.charCodeAt(0) === 0xfeff && !sawRoot ? chunk.slice(1) : chunk));
    yield* ready.splice(0);
    if (failure) throw notWellFormed(failure);
    if (recordChars > MAX_XML_RECORD_CHARS)
      throw new TwowayError({
        code: 'E_ENTRY_TOO_LARGE',
        message: `a <${stack[0]?.name}> element holds more than ${MAX_XML_RECORD_CHARS} characters`,
        line: recordLine,
      });
  }
  feed(() => parser.close());
  yield* ready.splice(0);
  if (failure) throw notWellFormed(failure);
  if (stack.length > 0)
    throw new TwowayError({
      code: 'E_FILE_TRUNCATED',
      message: `the file ends inside <${stack[0]?.name}>`,
      line: recordLine,
    });
}

/** The text of a node and all its descendants, whitespace folded. */
export function textOf(node: XmlNode | string | undefined): string {
  if (node === undefined) return '';
  if (typeof node === 'string') return node;
  let out = '';
  for (const c of node.children) out += typeof c === 'string' ? c : textOf(c);
  return out;
}

/** Folded text: runs of whitespace become one space, ends trimmed. */
export function cleanText(node: XmlNode | string | undefined): string {
  return textOf(node).replace(/\s+/g, ' ').trim();
}

export function child(node: XmlNode | undefined, name: string): XmlNode | undefined {
  if (!node) return undefined;
  for (const c of node.children) if (typeof c !== 'string' && c.name === name) return c;
  return undefined;
}

export function children(node: XmlNode | undefined, name: string): XmlNode[] {
  if (!node) return [];
  return node.children.filter((c): c is XmlNode => typeof c !== 'string' && c.name === name);
}

/** Follows a path of child names: path(node, 'Article', 'Journal', 'Title'). */
export function path(node: XmlNode | undefined, ...names: string[]): XmlNode | undefined {
  let n = node;
  for (const name of names) n = child(n, name);
  return n;
}
