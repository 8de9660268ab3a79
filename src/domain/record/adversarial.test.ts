import { describe, expect, it } from 'vitest';
import { parseDate, parseMonth } from './dates.js';
import { normaliseDoi, normalisePmcid, normalisePmid, splitStandardNumbers } from './identifiers.js';
import { parsePersonName, splitAuthorList, splitPythonList } from './names.js';
import { normalisePages } from './pages.js';
import { parseMeshHeading } from './record-builder.js';

/**
 * Every normaliser runs on every value an import reads, on the one import queue of the server: each must stay
 * linear on long hostile values (a DOI of 320,000 dots took 45 s before, a page value with a long run of spaces
 * 30 s). The bound below is a hundred times what linear code needs here; quadratic code misses it by far.
 */
const NORMALISERS: Record<string, (text: string) => unknown> = {
  normaliseDoi,
  normalisePmid,
  normalisePmcid,
  splitStandardNumbers,
  parseDate,
  parseMonth,
  parsePersonName,
  splitAuthorList,
  splitPythonList,
  normalisePages,
  parseMeshHeading,
};

const N = 320_000;
const HOSTILE: Record<string, string> = {
  'a DOI ending in dots': `10.1186/${'.'.repeat(N)}x`,
  'a run of spaces': `a${' '.repeat(N)}x`,
  'commas and spaces': `Smith,${', '.repeat(N / 2)}x`,
  digits: `${'1'.repeat(N)}x`,
  dashes: `1${'-'.repeat(N)}x`,
  'and, and, and': `${'A and '.repeat(N / 6)};`,
  slashes: `Heading/${'/'.repeat(N)}x`,
  semicolons: `${'Smith J;'.repeat(N / 8)} ;x`,
  'a Python list': `['${"', '".repeat(N / 4)}x`,
  'month names': `2010 ${'May '.repeat(N / 4)}x`,
};

describe('normalisers on long hostile values', () => {
  for (const [name, normalise] of Object.entries(NORMALISERS))
    it(`${name} stays linear`, () => {
      for (const [what, value] of Object.entries(HOSTILE)) {
        const started = performance.now();
        normalise(value);
        expect(performance.now() - started, `${name} on ${what}`).toBeLessThan(1000);
      }
    });

  it('still reads what it read before', () => {
    expect(normaliseDoi('https://doi.org/10.1186/1744-8603-8-17.).')).toBe('10.1186/1744-8603-8-17');
    expect(normaliseDoi(`10.1186/abc${'.'.repeat(1000)}`)).toBe('10.1186/abc');
    expect(normalisePages('152 – 60')).toBe('152-160');
    expect(normalisePages(`12${' '.repeat(1000)}-${' '.repeat(1000)}19`)).toBe('12-19');
    expect(normalisePages('1 --- 2')).toBe('1--2');
  });
});
