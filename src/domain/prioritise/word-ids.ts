/**
 * Words of a text by number, found without making a string of each word: a text is lower-cased once, read
 * character by character, and each run of word characters is looked up by its hash in a table over one pool of
 * characters. The words are exactly those of `words()` (features.ts): runs of two or more letters, marks, digits
 * or underscores of the lower-cased text. At 100,000 records (24 million words) a string and a Map lookup a
 * word were half of the features' time and most of the garbage.
 */

import { grownInt32 } from './grown.js';

/** One character of a word (scikit-learn's default token pattern, Unicode-aware). */
const WORD_CHARACTER = /^[\p{L}\p{M}\p{N}_]$/u;

/** Whether each BMP character is a word character: 0 not yet known, 1 yes, 2 no (filled as characters are met). */
const BMP_CLASS = new Uint8Array(0x10000);
for (let c = 0; c < 128; c++)
  BMP_CLASS[c] = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 ? 1 : 2;

function isWordUnit(c: number): boolean {
  let known = BMP_CLASS[c]!;
  if (known === 0) {
    // a lone surrogate is no letter (the pattern reads it as a code point of its own)
    known = WORD_CHARACTER.test(String.fromCharCode(c)) ? 1 : 2;
    BMP_CLASS[c] = known;
  }
  return known === 1;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

const ASTRAL_CLASS = new Map<number, boolean>();

function isWordCodePoint(cp: number): boolean {
  let known = ASTRAL_CLASS.get(cp);
  if (known === undefined) {
    known = WORD_CHARACTER.test(String.fromCodePoint(cp));
    ASTRAL_CLASS.set(cp, known);
  }
  return known;
}

const FNV_PRIME = 0x01000193;
const FNV_OFFSET = 0x811c9dc5 | 0;

export class WordIds {
  /** Table slot → word id, −1 empty. */
  private slots = new Int32Array(1 << 16).fill(-1);
  /** By word id: its hash, where its characters start in the pool, and how many there are. */
  private hashes = new Int32Array(1 << 15);
  private starts = new Int32Array(1 << 15);
  private lengths = new Int32Array(1 << 15);
  private pool = new Uint16Array(1 << 18);
  private poolUsed = 0;
  private readonly list: string[] = [];
  /** The ids of the last text's words, in order (reused: valid until the next `scan`). */
  private found = new Int32Array(1 << 12);

  /** How many different words have been met. */
  get size(): number {
    return this.list.length;
  }

  /** The word with this id. */
  word(id: number): string {
    return this.list[id]!;
  }

  /**
   * The ids of the words of `text` in order, new words given the next ids. The array is valid until the next call.
   * @example new WordIds().scan('The HIV-1 study: the end') // [0, 1, 2, 0, 3] ('the', 'hiv', 'study', 'the', 'end')
   */
  scan(text: string): Int32Array {
    const lower = text.toLowerCase();
    const n = lower.length;
    let count = 0;
    // the word being read: where it starts (−1: none), its hash over the code units, its length in code points
    let start = -1;
    let hash = 0;
    let codePoints = 0;
    for (let i = 0; i <= n; i++) {
      const c = i < n ? lower.charCodeAt(i) : 0x20;
      let word: boolean;
      let astral = false;
      if (c < 0x80) word = BMP_CLASS[c] === 1;
      else if (c >= 0xd800 && c <= 0xdbff && i + 1 < n && isLowSurrogate(lower.charCodeAt(i + 1))) {
        astral = true;
        word = isWordCodePoint(((c - 0xd800) << 10) + (lower.charCodeAt(i + 1) - 0xdc00) + 0x10000);
      } else word = isWordUnit(c);
      if (word) {
        if (start < 0) {
          start = i;
          hash = FNV_OFFSET;
          codePoints = 0;
        }
        hash = Math.imul(hash ^ c, FNV_PRIME);
        if (astral) hash = Math.imul(hash ^ lower.charCodeAt(++i), FNV_PRIME);
        codePoints++;
        continue;
      }
      if (start >= 0 && codePoints >= 2) {
        if (count === this.found.length) this.found = grownInt32(this.found, count + 1);
        this.found[count++] = this.idOf(lower, start, i, hash);
      }
      start = -1;
      if (astral) i++;
    }
    return this.found.subarray(0, count);
  }

  /** The id of the word lower[start, end) with this hash; a new word gets the next id. */
  private idOf(lower: string, start: number, end: number, hash: number): number {
    const length = end - start;
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    for (;;) {
      const id = this.slots[slot]!;
      if (id === -1) break;
      if (this.hashes[id] === hash && this.lengths[id] === length) {
        const at = this.starts[id]!;
        let same = true;
        for (let k = 0; k < length; k++)
          if (this.pool[at + k] !== lower.charCodeAt(start + k)) {
            same = false;
            break;
          }
        if (same) return id;
      }
      slot = (slot + 1) & mask;
    }
    const id = this.list.length;
    if (id === this.hashes.length) {
      this.hashes = grownInt32(this.hashes, id + 1);
      this.starts = grownInt32(this.starts, id + 1);
      this.lengths = grownInt32(this.lengths, id + 1);
    }
    while (this.poolUsed + length > this.pool.length) {
      const pool = new Uint16Array(this.pool.length * 2);
      pool.set(this.pool);
      this.pool = pool;
    }
    for (let k = 0; k < length; k++) this.pool[this.poolUsed + k] = lower.charCodeAt(start + k);
    this.hashes[id] = hash;
    this.starts[id] = this.poolUsed;
    this.lengths[id] = length;
    this.poolUsed += length;
    this.list.push(lower.slice(start, end));
    this.slots[slot] = id;
    if ((id + 1) * 2 > this.slots.length) this.rehash();
    return id;
  }

  private rehash(): void {
    this.slots = new Int32Array(this.slots.length * 2).fill(-1);
    const mask = this.slots.length - 1;
    for (let id = 0; id < this.list.length; id++) {
      let slot = this.hashes[id]! & mask;
      while (this.slots[slot] !== -1) slot = (slot + 1) & mask;
      this.slots[slot] = id;
    }
  }
}
