import { describe, expect, it } from 'vitest';
import { MeshVocabulary } from '../mesh/vocabulary.js';
import type { BibRecord } from '../record/bib-record.js';
import { matches, toMatchable } from './match.js';
import { parseQuery, type QueryNode } from './parse.js';
import { QueryError } from './query-error.js';
import { dateRangeTokens, dateTokens } from './date-tokens.js';
import { authorKey, authorKeyPrefixes, languageCode } from './record-facets.js';
import { nearAlternatives, resolveQuery } from './resolve.js';
import { facetToken, foldJoined, wordTokens } from './tokens.js';

/** A small vocabulary in the shape of MeSH: Africa > Africa South of the Sahara > Africa, Eastern > Kenya. */
const mesh = new MeshVocabulary([
  { ui: 'D000349', name: 'Africa', treeNumbers: ['Z01.058'], entryTerms: [] },
  {
    ui: 'D017954',
    name: 'Africa South of the Sahara',
    treeNumbers: ['Z01.058.290'],
    entryTerms: ['Sub-Saharan Africa'],
  },
  { ui: 'D000351', name: 'Africa, Eastern', treeNumbers: ['Z01.058.290.175'], entryTerms: ['East Africa'] },
  { ui: 'D007630', name: 'Kenya', treeNumbers: ['Z01.058.290.175.500'], entryTerms: [] },
  {
    ui: 'D003906',
    name: 'Developing Countries',
    treeNumbers: ['Z01.600'],
    entryTerms: ['Third World Countries', 'Third-World Nations', 'LMICs'],
  },
  { ui: 'D009369', name: 'Neoplasms', treeNumbers: ['C04'], entryTerms: ['Cancer', 'Tumors'] },
  { ui: 'D013234', name: 'Stem Cells', treeNumbers: ['A11.872'], entryTerms: ['Progenitor Cells'] },
]);

/** The tree as a compact string: (left OP right), terms as text[field]. */
function shape(node: QueryNode): string {
  if (node.kind === 'op') return `(${shape(node.left)} ${node.op} ${shape(node.right)})`;
  if (node.kind === 'history') return `#${node.ref}`;
  return `${node.quoted ? `"${node.text}"` : node.text}${node.field ? `[${node.field}${node.noexp ? ':noexp' : ''}${node.near === undefined ? '' : `:~${node.near}`}]` : ''}`;
}

function error(query: string): QueryError {
  try {
    resolveQuery(query, { mesh });
  } catch (e) {
    if (e instanceof QueryError) return e;
    throw e;
  }
  throw new Error(`no error for ${query}`);
}

describe('parseQuery', () => {
  it('evaluates AND, OR and NOT left to right with one precedence, as PubMed does', () => {
    expect(shape(parseQuery('a OR b AND c'))).toBe('((a OR b) AND c)');
    expect(shape(parseQuery('a AND b OR c NOT d'))).toBe('(((a AND b) OR c) NOT d)');
    expect(shape(parseQuery('a OR (b AND c)'))).toBe('(a OR (b AND c))');
    expect(shape(parseQuery('((a OR b) AND (c OR (d NOT e)))'))).toBe('((a OR b) AND (c OR (d NOT e)))');
  });

  it('reads adjacent words as one term, a tag as belonging to the words before it, and ANDs adjacent terms', () => {
    expect(shape(parseQuery('smith j[au] developing countries'))).toBe(
      '(smith j[au] AND developing countries)',
    );
    expect(shape(parseQuery('"hip pain"[tiab:~2] vaccin*[ti]'))).toBe(
      '("hip pain"[tiab:~2] AND vaccin*[ti])',
    );
    expect(shape(parseQuery('africa[mh:noexp] OR #3'))).toBe('(africa[mh:noexp] OR #3)');
  });

  it('takes lower-case and/or/not as words, as PubMed does', () => {
    expect(shape(parseQuery('salt and pepper'))).toBe('salt and pepper');
  });

  it('accepts every tag, their long names and spacing/case variants', () => {
    const tags: [string, string][] = [
      ['ti', 'ti'],
      ['Title', 'ti'],
      ['ab', 'ab'],
      ['tiab', 'tiab'],
      ['Title/Abstract', 'tiab'],
      ['tw', 'tw'],
      ['Text Word', 'tw'],
      ['all', 'all'],
      ['All Fields', 'all'],
      ['au', 'au'],
      ['1au', '1au'],
      ['lastau', 'lastau'],
      ['mh', 'mh'],
      ['mesh', 'mh'],
      ['MeSH Terms', 'mh'],
      ['majr', 'majr'],
      ['MeSH Major Topic', 'majr'],
      ['sh', 'sh'],
      ['pt', 'pt'],
      ['Publication Type', 'pt'],
      ['la', 'la'],
      ['dp', 'dp'],
      ['pdat', 'dp'],
      ['ta', 'ta'],
      ['journal', 'ta'],
      ['doi', 'doi'],
      ['pmid', 'pmid'],
      ['uid', 'pmid'],
      ['vi', 'vi'],
      ['ip', 'ip'],
    ];
    for (const [written, tag] of tags) {
      const node = parseQuery(`x[${written}]`);
      expect(node.kind === 'term' && node.field, written).toBe(tag);
    }
  });

  it('names the place of a syntax error with a caret under the query', () => {
    const e = error('malaria AND (fever OR');
    expect(e.code).toBe('E_QUERY_SYNTAX');
    expect(e.position).toBe(21);
    expect(e.message).toBe(
      'OR needs a term after it (at character 22)\n  malaria AND (fever OR\n                       ^',
    );
    expect(error('(a OR b').position).toBe(0);
    expect(error('a) OR b').position).toBe(1);
    expect(error('"open phrase').position).toBe(0);
    expect(error('a[ti').reason).toMatch(/never closed/);
    expect(error('NOT a').reason).toBe('NOT needs a term before it');
    expect(error('[ti]').reason).toBe('a field tag must follow a term');
    expect(error('a AND ()').reason).toBe('a term was expected before this )');
    expect(error('').reason).toBe('the query is empty');
    expect(error('a ] b').reason).toMatch(/\]/);
  });

  it('refuses an unknown field tag and lists the known ones', () => {
    const e = error('cancer[Date - Entry]');
    expect(e.code).toBe('E_QUERY_FIELD');
    expect(e.position).toBe(6);
    expect(e.reason).toMatch(/unknown field tag \[Date - Entry\]; known tags: ti, ab, tiab, tw, all, au/);
    expect(error('a[mh:~2]').reason).toMatch(/does not take/);
    expect(error('a[ti:noexp]').reason).toMatch(/does not take/);
  });
});

describe('resolveQuery', () => {
  it('explodes [mh] through the tree; [mh:noexp] does not; entry terms name their descriptor', () => {
    const exploded = resolveQuery('africa[mh]', { mesh });
    expect(exploded.mesh[0]!.searched.sort()).toEqual([
      'Africa',
      'Africa South of the Sahara',
      'Africa, Eastern',
      'Kenya',
    ]);
    expect(resolveQuery('africa[mh:noexp]', { mesh }).mesh[0]!.searched).toEqual(['Africa']);
    const entry = resolveQuery('East Africa[mh]', { mesh });
    expect(entry.mesh[0]).toMatchObject({
      descriptor: 'Africa, Eastern',
      searched: ['Africa, Eastern', 'Kenya'],
    });
    expect(entry.translation).toBe('"africa, eastern"[MeSH Terms]');
  });

  it('warns about an unknown heading and still searches it as written', () => {
    const r = resolveQuery('Twinning Partnerships[mh]', { mesh });
    expect(r.warnings).toEqual([
      '"Twinning Partnerships" is not a MeSH heading in the loaded vocabulary; searched as written',
    ]);
    expect(r.node.kind).toBe('facet');
  });

  it('maps untagged words to MeSH as PubMed does, longest run of words first', () => {
    expect(resolveQuery('stem cells', { mesh }).translation).toBe(
      '"stem cells"[MeSH Terms] OR ("stem"[All Fields] AND "cells"[All Fields]) OR "stem cells"[All Fields]',
    );
    expect(resolveQuery('cancer', { mesh }).translation).toBe(
      '"neoplasms"[MeSH Terms] OR "neoplasms"[All Fields] OR "cancer"[All Fields]',
    );
    const mixed = resolveQuery('twinning third world countries kenya', { mesh });
    expect(mixed.mapped).toEqual([
      { term: 'third world countries', descriptor: 'Developing Countries' },
      { term: 'kenya', descriptor: 'Kenya' },
    ]);
    expect(
      mixed.translation.startsWith('"twinning"[All Fields] AND ("developing countries"[MeSH Terms]'),
    ).toBe(true);
  });

  it('never maps quoted phrases, truncated words or tagged terms', () => {
    expect(resolveQuery('"cancer"', { mesh }).translation).toBe('"cancer"[All Fields]');
    expect(resolveQuery('cancer*', { mesh }).translation).toBe('cancer*[All Fields]');
    expect(resolveQuery('cancer[tiab]', { mesh }).translation).toBe('"cancer"[Title/Abstract]');
    expect(resolveQuery('cancer', {}).translation).toBe('"cancer"[All Fields]');
  });

  it('splits unquoted words under a text tag and keeps quoted ones a phrase', () => {
    expect(resolveQuery('hospital twinning[ti]').translation).toBe('"hospital"[Title] AND "twinning"[Title]');
    expect(resolveQuery('"hospital twinning"[ti]').translation).toBe('"hospital twinning"[Title]');
  });

  it('reads date ranges at year, month and day precision, as overlaps with what a record knows', () => {
    const found = (q: string, date: { year: number; month?: number; day?: number }) => {
      const node = resolveQuery(q).node;
      return node.kind === 'facet' && dateTokens(date).some((t) => node.tokens.includes(t));
    };
    expect(found('1990:2010[dp]', { year: 1990, month: 1, day: 1 })).toBe(true);
    expect(found('1990:2010[dp]', { year: 2010 })).toBe(true);
    expect(found('1990:2010[dp]', { year: 2011, month: 1 })).toBe(false);
    expect(found('2010/05/01:3000[dp]', { year: 2010 })).toBe(true); // 2010 overlaps May–December 2010
    expect(found('2010/05/01:3000[dp]', { year: 2010, month: 4 })).toBe(false);
    expect(found('2010/05/01:3000[dp]', { year: 2010, month: 5 })).toBe(true);
    expect(found('2010/05/01:3000[dp]', { year: 2010, month: 4, day: 30 })).toBe(false);
    expect(found('2010/05/01:3000[dp]', { year: 2026, month: 11, day: 25 })).toBe(true);
    expect(found('2010/05[dp]', { year: 2010, month: 5, day: 31 })).toBe(true);
    expect(found('2010-05-03[dp]', { year: 2010, month: 5, day: 4 })).toBe(false);
    expect(found('2010/02/27:2010/03/02[dp]', { year: 2010, month: 2, day: 28 })).toBe(true);
    expect(dateRangeTokens({ year: 1990 }, { year: 2010 })).toHaveLength(21);
    expect(dateRangeTokens({ year: 2010, month: 12, day: 30 }, { year: 2011 })).toEqual([
      facetToken('dy', '2010'),
      facetToken('dm', '201012'),
      facetToken('dd', '20101230'),
      facetToken('dd', '20101231'),
      facetToken('da', '2011'),
    ]);
    expect(error('2010/13[dp]').reason).toBe('month 13 does not exist');
    expect(error('2010/02/30[dp]').reason).toBe('2010/2 has no day 30');
    expect(error('2011:2010[dp]').reason).toBe('the range 2011:2010 ends before it starts');
    expect(error('last year[dp]').reason).toMatch(/is not a date/);
  });

  it('checks truncation, PMIDs, proximity size and empty terms', () => {
    expect(error('vac*').reason).toMatch(/at least 4 letters/);
    expect(error('"va*c hip"').reason).toMatch(/only the last word/);
    expect(error('neoplasm*[mh]').reason).toMatch(/truncation/);
    expect(error('abc[pmid]').reason).toMatch(/not a PMID/);
    expect(error('"--"').reason).toMatch(/no letters or digits/);
    expect(error('"a b c d e f g"[tiab:~3]').reason).toMatch(/at most 6 words/);
    expect(error('"a b"[tiab:~101]').reason).toMatch(/at most 100/);
    expect(error('"a b c d e f"[tiab:~30]').code).toBe('E_QUERY_TOO_COMPLEX');
    expect(nearAlternatives(2, 3)).toBe(8);
    expect(nearAlternatives(3, 2)).toBe(18);
  });

  it('expands #n from the history, and refuses a missing or circular reference', () => {
    const history = new Map([
      [1, 'malaria'],
      [2, '#1 AND kenya[ti]'],
      [3, '#3'],
    ]);
    const r = resolveQuery('#2 NOT fever', { history: (n) => history.get(n) });
    expect(r.translation).toBe('("malaria"[All Fields] AND "kenya"[Title]) NOT "fever"[All Fields]');
    expect(() => resolveQuery('#9', { history: (n) => history.get(n) })).toThrow(/no search #9/);
    expect(() => resolveQuery('#3', { history: (n) => history.get(n) })).toThrow(/refers to itself/);
  });
});

describe('tokens and facets', () => {
  it('tokenises as FTS5 unicode61 with diacritics removed', () => {
    expect(wordTokens("Crohn's disease: the Ménière-type ÆSIR façade 3.5mg")).toEqual([
      'crohn',
      's',
      'disease',
      'the',
      'meniere',
      'type',
      'æsir',
      'facade',
      '3',
      '5mg',
    ]);
  });

  it('runs a name together as its tokens joined, on the ASCII fast path and off it', () => {
    const names = [
      "O'Brien-Smith",
      'van der Berg',
      'MÜLLER',
      'Nguyễn Thị',
      '李 明',
      'x'.repeat(201),
      '  ',
      'A.B.',
    ];
    for (const name of names) expect(foldJoined(name)).toBe(wordTokens(name).join(''));
    expect(foldJoined("O'Brien-Smith")).toBe('obriensmith');
  });

  it('finds authors by family name and initials, languages by name or code', () => {
    expect(authorKey({ family: 'Syed', given: 'Shamsuzzoha B' })).toBe('syed\uE000sb');
    expect(authorKey({ family: 'Müller', given: 'J.-P.' })).toBe('muller\uE000jp');
    expect(authorKey({ family: 'van der Berg' })).toBe('vanderberg\uE000');
    expect(authorKey({ literal: 'World Health Organization' })).toBe('worldhealthorganization\uE000');
    expect(authorKey({ family: '—' })).toBeUndefined();
    // a very long group name stays one token of at most 200 letters, and its query finds it
    const group = Array.from({ length: 40 }, (_, i) => `Collaborators${i}`).join(' ');
    expect(authorKey({ literal: group })!.length).toBe(201);
    expect(authorKeyPrefixes(group)[1]).toBe(authorKey({ literal: group }));
    expect(authorKeyPrefixes('Smith JA')).toEqual(['smith\uE000ja', 'smithja\uE000']);
    expect(authorKeyPrefixes('smith john')).toEqual(['smith\uE000j', 'smithjohn\uE000']);
    expect(authorKeyPrefixes('Smith')).toEqual(['smith\uE000']);
    expect(authorKeyPrefixes('World Health Organization')).toEqual([
      'worldhealth\uE000o',
      'worldhealthorganization\uE000',
    ]);
    expect(languageCode('English')).toBe('eng');
    expect(languageCode('fr')).toBe('fre');
    expect(languageCode('deu')).toBe('ger');
    expect(languageCode('Elvish')).toBe('elvish');
    expect(dateTokens(undefined)).toEqual([]);
  });
});

describe('matches', () => {
  const record: BibRecord = {
    v: 1,
    type: 'article',
    title: 'Hospital partnership between Kenya and Scotland',
    abstract: 'Both partners gained: patient safety improved in the partner hospital.',
    authors: [
      { family: 'Smith', given: 'John Andrew' },
      { family: 'Okello', given: 'Grace' },
    ],
    date: { year: 2010, month: 5 },
    language: 'eng',
    publicationTypes: ['Journal Article'],
    mesh: [
      { descriptor: 'Kenya', major: true, qualifiers: [{ name: 'epidemiology', major: false }] },
      { descriptor: 'Developing Countries', major: false, qualifiers: [] },
    ],
    journal: { title: 'Globalization and health', abbrev: 'Global Health' },
  };
  const m = toMatchable(record);
  const hit = (q: string) => matches(m, resolveQuery(q, { mesh }).node);

  it('answers each kind of term', () => {
    expect(hit('partnership[ti]')).toBe(true);
    expect(hit('partnership[ab]')).toBe(false);
    expect(hit('partner*[ab]')).toBe(true);
    expect(hit('"partnership between"[ti]')).toBe(true);
    expect(hit('"between partnership"[ti]')).toBe(false);
    expect(hit('"kenya hospital"[ti:~2]')).toBe(true);
    expect(hit('"kenya hospital"[ti:~1]')).toBe(false);
    expect(hit('"scotland safety"[tiab:~50]')).toBe(false);
    expect(hit('africa[mh]')).toBe(true);
    expect(hit('africa[mh:noexp]')).toBe(false);
    expect(hit('kenya[majr] AND developing countries[mh] NOT developing countries[majr]')).toBe(true);
    expect(hit('kenya/epidemiology[mh] AND epidemiology[sh]')).toBe(true);
    expect(hit('kenya/epidemiology[majr]')).toBe(false);
    expect(hit('smith j[au] AND smith ja[1au] AND okello[lastau] AND smith[au]')).toBe(true);
    expect(hit('smith jb[au] OR okello g[1au]')).toBe(false);
    expect(hit('smit[au] OR smith jaa[au] OR andrew[au] OR smith[lastau]')).toBe(false);
    expect(hit('english[la] AND journal article[pt] AND global health[ta]')).toBe(true);
    expect(hit('2010/05/31[dp] AND 2010[dp] AND 2009:2011[dp]')).toBe(true);
    expect(hit('2010/06:2011[dp] OR 2009[dp]')).toBe(false);
    expect(hit('third world countries')).toBe(true);
    expect(hit('Scotland OR Wales NOT Kenya')).toBe(false);
  });
});
