import type { BibRecord } from '../record/bib-record.js';
import type { RecordBuilder } from '../record/record-builder.js';
import type { ReadContext } from './contract.js';

/**
 * A tagged format's mapping as data, read in both directions (citation-js's `spec` + translator is the model):
 * each rule names the tags that fill one part of a BibRecord, how a tag's value is read into the record being
 * built, and how that part is written back. The rules' order is the order a record's tags are written in, so
 * a reader of the table sees at one place what is read and what is written for each field.
 */

/** A value a rule writes under its first tag, or a [tag, value] pair for another tag (a group of tags). */
export type Written = string | undefined | readonly [tag: string, value: string | undefined];

export interface TagRule<S> {
  /** The tags read into this part of the record; the first is the one written. */
  tags: readonly string[];
  /** Reads one tag's value into the record being built (`state` holds the builder and what is decided last). */
  read?: (state: S, value: string, tag: string) => void;
  /** What a record writes for this part, in order. */
  write?: (record: BibRecord) => Iterable<Written>;
}

export class TagTable<S extends { b: RecordBuilder }> {
  private readonly readers = new Map<string, NonNullable<TagRule<S>['read']>>();

  /** `extras`: the format's tags that have no field and are expected (kept in `extra`, not reported). */
  constructor(
    readonly rules: readonly TagRule<S>[],
    readonly extras?: ExtraTags,
  ) {
    for (const rule of rules)
      for (const tag of rule.tags) {
        if (!rule.read) continue;
        if (this.readers.has(tag)) throw new Error(`the tag table reads ${tag} in two rules`);
        this.readers.set(tag, rule.read);
      }
  }

  /** Whether the format knows the tag: the table reads it, or it is an expected extra tag. */
  knows(tag: string): boolean {
    return this.readers.has(tag) || this.extras?.nameOf(tag) !== undefined;
  }

  /** How a tag is read, if the table reads it. */
  reader(tag: string): TagRule<S>['read'] {
    return this.readers.get(tag);
  }

  /**
   * Reads one tag of a record (an empty one is skipped): by its rule, or else into `extra` — under the readable name of an expected extra
   * tag, or under the tag itself (as `shownAs`), counted as unmapped in the import report.
   */
  readField(state: S, tag: string, value: string, ctx: ReadContext, shownAs = tag): void {
    // an empty tag ("T2  - ") says nothing: it must not erase what another tag gave (JO's journal)
    if (value.trim() === '') return;
    const read = this.readers.get(tag);
    if (read) return read(state, value, tag);
    const known = this.extras?.nameOf(tag);
    if (!known) ctx.unmapped(shownAs);
    state.b.extra(known ?? shownAs, value);
  }

  /**
   * Every tag and value a record writes, in the table's order; empty values are left out.
   * @example new TagTable([{ tags: ['TI'], write: (r) => [r.title] }]).written({ v: 1, type: 'article', title: 'T' }) // [['TI', 'T']]
   */
  written(record: BibRecord): [string, string][] {
    const out: [string, string][] = [];
    for (const rule of this.rules) {
      if (!rule.write) continue;
      for (const item of rule.write(record)) {
        const [tag, value] = typeof item === 'string' || item === undefined ? [rule.tags[0]!, item] : item;
        if (value !== undefined && value !== '') out.push([tag, value]);
      }
    }
    return out;
  }
}

/**
 * Tags with no BibRecord field of their own, kept in `extra` under a readable name: read as that name, and
 * written back under their tag.
 */
export class ExtraTags {
  private readonly nameOfTag: Readonly<Record<string, string>>;
  private readonly tagOfName = new Map<string, string>();

  /** Tag → readable name; or a list of tags kept under their own name. */
  constructor(names: Readonly<Record<string, string>> | readonly string[]) {
    this.nameOfTag = Array.isArray(names)
      ? Object.fromEntries(names.map((tag) => [tag, tag]))
      : (names as Readonly<Record<string, string>>);
    for (const [tag, name] of Object.entries(this.nameOfTag)) this.tagOfName.set(name, tag);
  }

  /** The readable name of a known tag. */
  nameOf(tag: string): string | undefined {
    return Object.hasOwn(this.nameOfTag, tag) ? this.nameOfTag[tag] : undefined;
  }

  /** The tag an `extra` key is written under: a known name's tag, or the key itself when it has the tags' shape. */
  tagOf(key: string, tagShape: RegExp): string | undefined {
    return this.tagOfName.get(key) ?? (tagShape.test(key) ? key : undefined);
  }

  /** The [tag, value] pairs of a record's `extra` that this format can write, leaving out `skip` tags. */
  *written(record: BibRecord, tagShape: RegExp, skip: readonly string[] = []): Generator<[string, string]> {
    for (const [key, values] of Object.entries(record.extra ?? {})) {
      const tag = this.tagOf(key, tagShape);
      if (tag && !skip.includes(tag)) for (const v of values) yield [tag, v];
    }
  }
}

/**
 * A writer of a tagged format: one record's lines after another, a blank line between records.
 * @example taggedWriter(risLines) // the RIS writer
 */
export function taggedWriter(
  linesOf: (record: BibRecord) => string[],
  frame: { header?: string; footer?: string } = {},
): (records: AsyncIterable<BibRecord> | Iterable<BibRecord>) => AsyncGenerator<string> {
  return async function* write(records) {
    if (frame.header) yield frame.header;
    for await (const r of records) yield `${linesOf(r).join('\n')}\n\n`;
    if (frame.footer) yield frame.footer;
  };
}
