import { describe, expect, it } from 'vitest';
import { parseDate } from './dates.js';
import { normaliseDoi, normalisePmcid, normalisePmid, splitStandardNumbers } from './identifiers.js';
import { parsePersonName, splitAuthorList, splitPythonList } from './names.js';
import { normalisePages } from './pages.js';
import { formatMeshHeading, parseMeshHeading } from './record-builder.js';

describe('normaliseDoi', () => {
  it.each([
    ['10.1186/1744-8603-8-17', '10.1186/1744-8603-8-17'],
    ['https://doi.org/10.1186/1744-8603-8-17', '10.1186/1744-8603-8-17'],
    ['http://dx.doi.org/10.1002/CPP.2398', '10.1002/cpp.2398'],
    ['doi:10.1007/s00268-009-0333-1.', '10.1007/s00268-009-0333-1'],
    ['DOI: 10.1000/XYZ123 [doi]', '10.1000/xyz123'],
    ['https://doi.org/10.1002%2F%28SICI%291097', '10.1002/(sici)1097'],
    ['  10.1016/j.imr.2018.01.008  ', '10.1016/j.imr.2018.01.008'],
  ])('%s → %s', (input, expected) => {
    expect(normaliseDoi(input)).toBe(expected);
  });
  it.each(['', 'not a doi', '10.12/short', 'https://example.org'])('rejects %j', (input) => {
    expect(normaliseDoi(input)).toBeUndefined();
  });
});

describe('PubMed identifiers', () => {
  it('reads PMIDs in their usual dresses', () => {
    expect(normalisePmid('22849664')).toBe('22849664');
    expect(normalisePmid('PMID: 22849664')).toBe('22849664');
    expect(normalisePmid('https://pubmed.ncbi.nlm.nih.gov/pubmed/22849664')).toBe('22849664');
    expect(normalisePmid('0022849664')).toBe('22849664');
    expect(normalisePmid('abc')).toBeUndefined();
  });
  it('reads PMCIDs', () => {
    expect(normalisePmcid('PMC3459648')).toBe('PMC3459648');
    expect(normalisePmcid('pmc 3459648')).toBe('PMC3459648');
    expect(normalisePmcid('3459648')).toBeUndefined();
  });
  it('splits ISSN and ISBN fields', () => {
    expect(splitStandardNumbers('1744-8603 (Electronic)\n1744-8603 (Linking)')).toEqual({
      issn: ['1744-8603'],
      isbn: [],
    });
    expect(splitStandardNumbers('03064530 (ISSN)')).toEqual({ issn: ['0306-4530'], isbn: [] });
    expect(splitStandardNumbers('1895-5770 2213-4239')).toEqual({
      issn: ['1895-5770', '2213-4239'],
      isbn: [],
    });
    expect(splitStandardNumbers('978-3-540-00000-7')).toEqual({ issn: [], isbn: ['9783540000007'] });
    expect(splitStandardNumbers('0-19-852663-6')).toEqual({ issn: [], isbn: ['0198526636'] });
  });
});

describe('parsePersonName', () => {
  it.each([
    ['Syed, S. B.', { family: 'Syed', given: 'S. B.' }],
    ['Shamsuzzoha B Syed', { family: 'Syed', given: 'Shamsuzzoha B' }],
    ['Syed, Shamsuzzoha B', { family: 'Syed', given: 'Shamsuzzoha B' }],
    ['Syed SB', { family: 'Syed', given: 'SB' }],
    ['Liu R.', { family: 'Liu', given: 'R.' }],
    ['Adler D.G.', { family: 'Adler', given: 'D.G.' }],
    ['van der Berg, J', { family: 'van der Berg', given: 'J' }],
    ['Ludwig van Beethoven', { family: 'van Beethoven', given: 'Ludwig' }],
    ['Smith, Jr., John', { family: 'Smith', given: 'John Jr.' }],
    ['Osmanovic Thunström, Almira', { family: 'Osmanovic Thunström', given: 'Almira' }],
    ['Madonna', { family: 'Madonna' }],
    ['张三', { family: '张', given: '三' }],
    ['欧阳修', { family: '欧阳', given: '修' }],
    ['김철수', { family: '김', given: '철수' }],
    ['山田 太郎', { family: '山田', given: '太郎' }],
    ['World Health Organization', { literal: 'World Health Organization' }],
    ['APPS Writing Group', { literal: 'APPS Writing Group' }],
  ])('%s', (input, expected) => {
    expect(parsePersonName(input)).toEqual(expected);
  });
  it('returns nothing for an empty name', () => {
    expect(parsePersonName('  ')).toBeUndefined();
  });
  it('splits author lists as vendors write them', () => {
    expect(splitAuthorList('Liu R., Adler D.G.')).toEqual(['Liu R.', 'Adler D.G.']);
    expect(splitAuthorList('Reimer, E J; Dunn, G L')).toEqual(['Reimer, E J', 'Dunn, G L']);
    expect(splitAuthorList("['Marx, Karl', 'Lindgren, Astrid']")).toEqual(['Marx, Karl', 'Lindgren, Astrid']);
    expect(splitAuthorList('Syed, Shamsuzzoha')).toEqual(['Syed, Shamsuzzoha']);
    // BibTeX's form, as bib-dedupe's and CoLRev's CSV exports write it
    expect(splitAuthorList('Zhai, Q. J. and Yue, X. Y. and van Kessel, Ch.')).toEqual([
      'Zhai, Q. J.',
      'Yue, X. Y.',
      'van Kessel, Ch.',
    ]);
    expect(splitPythonList(`["O'Brien, S", 'x\\'y']`)).toEqual(["O'Brien, S", "x'y"]);
  });
});

describe('parseDate', () => {
  it.each([
    ['2012', { year: 2012 }],
    ['2012//', { year: 2012 }],
    ['2019/05/03/', { year: 2019, month: 5, day: 3 }],
    ['2019///', { year: 2019 }],
    ['2012-06-22', { year: 2012, month: 6, day: 22 }],
    ['2012-06-22T10:00:00Z', { year: 2012, month: 6, day: 22 }],
    ['2004 Aug 25', { year: 2004, month: 8, day: 25 }],
    ['25 Aug 2004', { year: 2004, month: 8, day: 25 }],
    ['Date of Publication: 25 Aug 2004', { year: 2004, month: 8, day: 25 }],
    ['May 2010', { year: 2010, month: 5 }],
    ['2002 Sep', { year: 2002, month: 9 }],
    ['2004 Spring', { year: 2004, raw: '2004 Spring' }],
    ['2004 Aug-Sep', { year: 2004, month: 8, raw: '2004 Aug-Sep' }],
    ['2019/10//undefined', { year: 2019, month: 10, raw: '2019/10//undefined' }],
    ['2010/02/30/', { year: 2010, month: 2 }],
    ['in press', { raw: 'in press' }],
  ])('%s', (input, expected) => {
    expect(parseDate(input)).toEqual(expected);
  });
});

describe('normalisePages', () => {
  it.each([
    ['152-60', '152-160'],
    ['152–160', '152-160'],
    ['152--160', '152-160'],
    ['1234-9', '1234-1239'],
    ['17', '17'],
    ['e0815', 'e0815'],
    ['S12-4', 'S12-S14'],
    ['S12-S14', 'S12-S14'],
    ['pp. 5-7', '5-7'],
    ['223-30', '223-230'],
    ['12-12', '12'],
  ])('%s → %s', (input, expected) => {
    expect(normalisePages(input)).toBe(expected);
  });
});

describe('MeSH headings', () => {
  it('reads majors on descriptors and qualifiers, and writes them back', () => {
    const h = parseMeshHeading('Developing Countries/economics/*statistics & numerical data');
    expect(h).toEqual({
      descriptor: 'Developing Countries',
      major: true,
      qualifiers: [
        { name: 'economics', major: false },
        { name: 'statistics & numerical data', major: true },
      ],
    });
    expect(formatMeshHeading(h!)).toBe('Developing Countries/economics/*statistics & numerical data');
    expect(formatMeshHeading(parseMeshHeading('*Developed Countries')!)).toBe('*Developed Countries');
  });
});
