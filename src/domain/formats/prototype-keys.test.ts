import { describe, expect, it } from 'vitest';
import { readAll } from './open-stream.js';

/**
 * Names from a file are data: a CSV column, a CSL-JSON key, a BibTeX field or macro, or a LaTeX command named
 * like a member of Object.prototype (`constructor`, `toString`, `valueOf`, `__proto__`) is read as any other
 * name. The 22-byte CSV `title,constructor\nx,y` crashed the record builder.
 */
const NAMES = ['constructor', 'toString', 'valueOf', 'hasOwnProperty', '__proto__'];

describe('prototype-named keys in input', () => {
  it('CSV columns with those names are kept in extra and reported as unmapped', async () => {
    const csv = `title,${NAMES.join(',')}\nTwinning,${NAMES.map((_, i) => `v${i}`).join(',')}\n`;
    const { list, collector } = await readAll(csv, 'hostile.csv');
    expect(list).toHaveLength(1);
    expect(list[0]!.title).toBe('Twinning');
    expect(NAMES.map((n) => Object.hasOwn(list[0]!.extra ?? {}, n) && list[0]!.extra![n])).toEqual(
      NAMES.map((_, i) => [`v${i}`]),
    );
    expect(Object.keys(collector.report.unmappedTags).sort()).toEqual([...NAMES].sort());
    expect(Object.values(collector.report.unmappedTags)).toEqual(NAMES.map(() => 1));
    // a --map of a column with such a name still maps it
    const mapped = await readAll('title,constructor\nx,Kenya\n', 'mapped.csv', {
      columnMap: { constructor: 'keywords' },
    });
    expect(mapped.list[0]!.keywords).toEqual(['Kenya']);
  });

  it('a CSV type column holding such a word is an unknown type, not a crash', async () => {
    const { list } = await readAll('title,type\nx,constructor\n', 'type.csv');
    expect(list[0]!.type).toBe('generic');
  });

  it('CSL-JSON keys with those names are kept in extra', async () => {
    const item = `{"title":"Twinning","type":"article-journal","constructor":"a","toString":"b","__proto__":"c"}`;
    const { list } = await readAll(`[${item}]`, 'hostile.json');
    expect(list[0]!.title).toBe('Twinning');
    expect(list[0]!.extra?.constructor).toEqual(['a']);
    expect(Object.hasOwn(list[0]!.extra ?? {}, '__proto__')).toBe(true);
  });

  it('BibTeX fields, macros and LaTeX commands with those names are text', async () => {
    const bib = `@string{constructor = "Made"}
@string{__proto__ = "Polluted"}
@article{k, title = constructor # { by } # toString, valueOf = {v}, note = {\\constructor{x} \\toString \\valueOf}}`;
    const { list } = await readAll(bib, 'hostile.bib');
    expect(list).toHaveLength(1);
    expect(list[0]!.title).toBe('Made by toString');
    expect(list[0]!.extra?.valueof).toEqual(['v']); // BibTeX field names are case-insensitive: kept lower-cased
    expect(list[0]!.notes?.[0]).not.toMatch(/function|native code/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });
});
