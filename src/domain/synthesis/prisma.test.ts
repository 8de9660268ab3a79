import { describe, expect, it } from 'vitest';
import { prismaCounts, prismaTemplateCsv, type PrismaRecord } from './prisma.js';
import { prismaColumn, resolveSource, sourceKind, SOURCES } from './sources.js';
import { renderPrismaSvg } from './prisma-svg.js';

const many = (count: number, record: PrismaRecord): PrismaRecord[] =>
  Array.from({ length: count }, () => ({ ...record }));

/** A review shaped like Syed et al. 2012: PubMed plus grey literature, 227 kept after first screening, 65 included. */
const input = {
  searches: [
    { source: 'pubmed', records: 2400 },
    { source: 'embase', records: 600 },
    { source: 'grey-literature', records: 90 },
    { source: 'citation-chasing', records: 10 },
  ],
  duplicates: 300,
  records: [
    ...many(2513, { origin: 'dbr', titleAbstract: 'excluded' }),
    ...many(120, {
      origin: 'dbr',
      titleAbstract: 'included',
      fullText: 'excluded',
      fullTextReason: 'no benefit to the developed partner reported',
    }),
    ...many(40, {
      origin: 'dbr',
      titleAbstract: 'included',
      fullText: 'excluded',
      fullTextReason: 'not a partnership',
    }),
    ...many(5, { origin: 'dbr', titleAbstract: 'included', notRetrieved: true }),
    ...many(57, { origin: 'dbr', titleAbstract: 'included', fullText: 'included' }),
    ...many(12, { origin: 'dbr', titleAbstract: 'maybe' }),
    ...many(45, { origin: 'other', titleAbstract: 'excluded' }),
    ...many(8, { origin: 'other', titleAbstract: 'unscreened', fullText: 'included' }),
    ...many(2, {
      origin: 'other',
      titleAbstract: 'unscreened',
      fullText: 'excluded',
      fullTextReason: 'not a partnership',
    }),
  ] as PrismaRecord[],
};

describe('PRISMA 2020 counts', () => {
  it('files sources as PRISMA does', () => {
    expect(
      ['pubmed', 'Embase', 'grey-literature', 'citation-chasing', 'ClinicalTrials.gov', 'organisation'].map(
        sourceKind,
      ),
    ).toEqual(['database', 'database', 'website', 'citation', 'register', 'organisation']);
  });

  it('counts "other" among the other methods, never as a database', () => {
    expect(sourceKind('other')).toBe('other');
    expect(prismaColumn(sourceKind('other'))).toBe('other-methods');
    const c = prismaCounts({ searches: [{ source: 'other', records: 4 }], duplicates: 0, records: [] });
    expect(c).toMatchObject({ database_results: 0, database_specific_results: [], other_methods_results: 4 });
    expect(renderPrismaSvg(c)).toContain('Other methods (n = 4)');
  });

  it('takes known sources in any case and refuses unknown ones with the nearest name', () => {
    expect(resolveSource('PubMed')).toBe('pubmed');
    expect(resolveSource(' Web of Science ')).toBe('web-of-science');
    expect(resolveSource('ClinicalTrials.gov')).toBe('clinicaltrials-gov');
    expect(() => resolveSource('pubmedd')).toThrow(
      /"pubmedd" is not a source Twoway knows; did you mean "pubmed"\?/,
    );
    expect(() => resolveSource('embse')).toThrow(/did you mean "embase"/);
    expect(() => resolveSource('Zyxwvut Index')).toThrow(
      /not a source Twoway knows \(a database of your own/,
    );
    expect(() => resolveSource('  ')).toThrow(/say which source/);
    // a database the protocol plans is taken as the protocol spells it, and counts as a database
    expect(resolveSource('bioline international', ['Bioline International'])).toBe('Bioline International');
    expect(sourceKind('Bioline International')).toBe('database');
    expect(() => resolveSource('Bioline Internatonal', ['Bioline International'])).toThrow(
      /did you mean "Bioline International"/,
    );
  });

  it('keeps one vocabulary: ids and aliases are unique, ids are lower-case', () => {
    const names = SOURCES.flatMap((s) => [s.id, ...s.aliases].map((n) => n.toLowerCase()));
    expect(new Set(names).size).toBe(names.length);
    for (const s of SOURCES) expect(s.id).toBe(s.id.toLowerCase());
  });

  it('computes every box from the records', () => {
    const c = prismaCounts(input);
    expect(c).toMatchObject({
      database_results: 3000,
      database_specific_results: [
        { source: 'pubmed', n: 2400 },
        { source: 'embase', n: 600 },
      ],
      register_results: 0,
      website_results: 90,
      citations_results: 10,
      duplicates: 300,
      records_screened: 2513 + 120 + 40 + 5 + 57,
      records_excluded: 2513,
      dbr_sought_reports: 222,
      dbr_notretrieved_reports: 5,
      dbr_assessed: 217,
      dbr_excluded: [
        { reason: 'no benefit to the developed partner reported', n: 120 },
        { reason: 'not a partnership', n: 40 },
      ],
      other_sought_reports: 10,
      other_assessed: 10,
      other_excluded: [{ reason: 'not a partnership', n: 2 }],
      new_studies: 65,
      total_studies: 65,
      pending_screening: 12,
      pending_full_text: 0,
    });
  });

  it('writes the PRISMA2020 template CSV with the counts in its n column', () => {
    const csv = prismaTemplateCsv(prismaCounts(input));
    const rows = csv.trim().split('\n');
    expect(rows[0]).toBe('data,node,box,description,boxtext,tooltips,url,n');
    expect(rows).toContain(
      'database_results,NA,box2,Records identified from databases,Records identified from databases,Records identified from databases,NA,3000',
    );
    expect(rows.find((r) => r.startsWith('dbr_excluded,'))).toMatch(
      /,"no benefit to the developed partner reported, 120; not a partnership, 40"$/,
    );
    expect(rows.find((r) => r.startsWith('new_studies,'))).toMatch(/,65$/);
  });

  it('draws the diagram with the numbers, escaping text', () => {
    const c = prismaCounts({
      ...input,
      searches: [...input.searches, { source: '<script>alert(1)</script>', records: 1 }],
    });
    const svg = renderPrismaSvg(c);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    for (const text of [
      'Records screened (n = 2735)',
      'Records excluded (n = 2513)',
      'Studies included in review (n = 65)',
      'Duplicate records (n = 300)',
      'Identification of new studies via other methods',
    ])
      expect(svg).toContain(text);
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;');
    const noOther = renderPrismaSvg(
      prismaCounts({ searches: [{ source: 'pubmed', records: 3 }], duplicates: 0, records: [] }),
    );
    expect(noOther).not.toContain('other methods');
  });
});
