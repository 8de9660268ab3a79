import type { Random } from '../src/domain/prioritise/random.js';

/**
 * The mutations of Twoway's fuzzer: each takes a fixture's bytes and returns a damaged or hostile copy. Named, so
 * that a crash report says what was done to the input.
 */
export interface Mutation {
  kind: string;
  apply(bytes: Uint8Array, random: Random, size: FuzzSize): Uint8Array;
}

/** How large the generated oddities are: the smoke test keeps them small enough for ~2,000 inputs a minute. */
export interface FuzzSize {
  hugeLineChars: number;
  nesting: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: false });
const text = (bytes: Uint8Array): string => decoder.decode(bytes);
const bytesOf = (s: string): Uint8Array => encoder.encode(s);

function pick<T>(items: readonly T[], random: Random): T {
  return items[random.below(items.length)]!;
}

/** Inserts `insert` at a random place (a line start half of the time). */
function insertAt(source: string, insert: string, random: Random): string {
  let at = random.below(source.length + 1);
  if (random.next() < 0.5) at = source.lastIndexOf('\n', at) + 1;
  return source.slice(0, at) + insert + source.slice(at);
}

function lines(source: string): string[] {
  return source.split('\n');
}

/** XML prologs that declare trouble (entity expansion, an external entity, a lying encoding), and its use. */
const XML_PROLOG_TRICKS = [
  {
    prolog:
      '<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>',
    use: '&d;',
  },
  { prolog: '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>', use: '&x;' },
  { prolog: '<?xml version="1.0" encoding="UTF-16"?>', use: '' },
];
/** XML trouble anywhere in a document: undefined entities, invalid character references, an open CDATA. */
const XML_INLINE_TRICKS = ['&undefinedentity;', '&#0;&#xD800;&#1114112;', '<![CDATA[ unterminated'];

const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'prototype'];

export const MUTATIONS: readonly Mutation[] = [
  {
    kind: 'byte-flip',
    apply(bytes, random) {
      const out = bytes.slice();
      const flips = 1 + random.below(8);
      for (let i = 0; i < flips && out.length > 0; i++)
        out[random.below(out.length)]! ^= 1 + random.below(255);
      return out;
    },
  },
  {
    kind: 'truncate',
    apply: (bytes, random) => bytes.slice(0, random.below(bytes.length + 1)),
  },
  {
    kind: 'line-duplicate',
    apply(bytes, random) {
      const all = lines(text(bytes));
      const from = random.below(all.length);
      const block = all.slice(from, from + 1 + random.below(5));
      const blockChars = block.reduce((n, line) => n + line.length + 1, 0);
      // at most 8 M characters more: the inputs stay files a user could have
      const times = Math.min(1 + random.below(random.next() < 0.1 ? 2000 : 5), Math.ceil(8e6 / blockChars));
      all.splice(from, 0, ...Array.from({ length: times }, () => block).flat());
      return bytesOf(all.join('\n'));
    },
  },
  {
    kind: 'line-remove',
    apply(bytes, random) {
      const all = lines(text(bytes));
      const removals = 1 + random.below(Math.max(1, Math.floor(all.length / 4)));
      for (let i = 0; i < removals && all.length > 0; i++) all.splice(random.below(all.length), 1);
      return bytesOf(all.join('\n'));
    },
  },
  {
    kind: 'huge-line',
    apply(bytes, random, size) {
      const char = pick(['x', ' ', '.', '{', '<', '"', ',', '\\', 'é', '-'], random);
      return bytesOf(insertAt(text(bytes), char.repeat(size.hugeLineChars), random));
    },
  },
  {
    kind: 'deep-nesting',
    apply(bytes, random, size) {
      const n = size.nesting;
      const [open, close] = pick(
        [
          ['{', '}'],
          ['[', ']'],
          ['<i>', '</i>'],
          ['<b><i>', '</i></b>'],
          ['\\textit{', '}'],
          ["\\'{", '}'],
          ['(', ')'],
          ['{"a":', '}'],
        ],
        random,
      );
      const closed = random.next() < 0.7;
      return bytesOf(insertAt(text(bytes), open.repeat(n) + 'x' + (closed ? close.repeat(n) : ''), random));
    },
  },
  {
    kind: 'xml-entities',
    apply(bytes, random) {
      const source = text(bytes);
      if (random.next() < 0.5) return bytesOf(insertAt(source, pick(XML_INLINE_TRICKS, random), random));
      // a prolog of its own in place of the document's declaration, and its entities used in the body
      const { prolog, use } = pick(XML_PROLOG_TRICKS, random);
      return bytesOf(prolog + insertAt(source.replace(/^<\?xml[^>]*\?>/, ''), use, random));
    },
  },
  {
    kind: 'bibtex-macros',
    apply(bytes, random) {
      const levels = ['@string{m0 = "mmmmmmmmmm"}'];
      const depth = 2 + random.below(8);
      for (let i = 1; i <= depth; i++)
        levels.push(`@string{m${i} = ${Array.from({ length: 10 }, () => `m${i - 1}`).join(' # ')}}`);
      const use = `@article{bomb, title = m${depth}, year = 2001}`;
      const cyclic = '@string{loop = loop # loop}\n@article{c, title = loop}';
      return bytesOf(
        insertAt(
          text(bytes),
          `\n${levels.join('\n')}\n${use}\n${random.next() < 0.3 ? cyclic : ''}\n`,
          random,
        ),
      );
    },
  },
  {
    kind: 'encoding',
    apply(bytes, random) {
      const source = text(bytes);
      switch (random.below(5)) {
        case 0: {
          // the text as UTF-16LE without its BOM
          const out = new Uint8Array(source.length * 2);
          for (let i = 0; i < source.length; i++) {
            out[2 * i] = source.charCodeAt(i) & 0xff;
            out[2 * i + 1] = source.charCodeAt(i) >> 8;
          }
          return out;
        }
        case 1:
          // a BOM that lies
          return new Uint8Array([0xfe, 0xff, ...bytes]);
        case 2: {
          // bytes invalid in UTF-8 sprinkled in
          const out = [...bytes];
          for (let i = 0; i < 1 + random.below(20); i++)
            out.splice(random.below(out.length + 1), 0, pick([0xc3, 0xff, 0x80, 0xed, 0xa0], random));
          return new Uint8Array(out);
        }
        case 3:
          // Latin-1 bytes of the text (every character above U+00FF lost)
          return new Uint8Array([...source].map((c) => Math.min(c.charCodeAt(0), 0xff)));
        default:
          // a few NUL bytes
          return bytesOf(insertAt(insertAt(source, '\u0000', random), '\u0000\u0000', random));
      }
    },
  },
  {
    kind: 'prototype-names',
    apply(bytes, random) {
      const source = text(bytes);
      const names = [...source.matchAll(/[A-Za-z_][A-Za-z0-9_-]{1,30}/g)];
      if (names.length === 0) return bytesOf(source + '\n__proto__');
      let out = source;
      for (let i = 0; i < 1 + random.below(4); i++) {
        const m = pick(names, random);
        out = out.slice(0, m.index) + pick(PROTOTYPE_NAMES, random) + out.slice(m.index + m[0].length);
      }
      return bytesOf(out);
    },
  },
];

/** A random mutation, or a stack of two or three. */
export function mutate(
  bytes: Uint8Array,
  random: Random,
  size: FuzzSize,
): { bytes: Uint8Array; kinds: string[] } {
  const kinds: string[] = [];
  let out = bytes;
  const count = random.next() < 0.75 ? 1 : 2 + random.below(2);
  for (let i = 0; i < count; i++) {
    const m = pick(MUTATIONS, random);
    kinds.push(m.kind);
    out = m.apply(out, random, size);
  }
  return { bytes: out, kinds };
}
