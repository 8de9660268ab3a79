import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MeshVocabulary } from '../../domain/mesh/vocabulary.js';
import { matches, toMatchable, type MatchableRecord } from '../../domain/query/match.js';
import { resolveQuery } from '../../domain/query/resolve.js';
import type { BibRecord } from '../../domain/record/bib-record.js';
import { loadProjectRecords } from './stored-records.js';
import { importFile } from '../import/imports.js';
import { loadMesh } from '../mesh-data.js';
import type { EngineName } from '../engine/engine.js';
import { engineNamed } from '../engine/engines.js';
import { migrations } from '../migrations/index.js';
import { openStore, useMigrationsForTests, type Store } from '../open-store.js';
import { createProject } from './projects.js';
import { projectToken } from '../engine/sqlite/sqlite-engine.js';
import { savedSearches, saveSearch, savedSearchQuery, searchHistory, searchProject } from './search-store.js';
import { freshLocation, testEngines } from '../test-support/engines.js';

const FORMATS = join(import.meta.dirname, '..', '..', 'domain', 'formats', 'fixtures');
const QUERY = join(import.meta.dirname, '..', '..', 'domain', 'query', 'fixtures');

/** Real exports with MeSH, authors, dates, languages and types, and hand-made edge cases. */
const CORPUS = [
  join(QUERY, 'cohen2006-Antihistamines.csv'),
  join(QUERY, 'search-cases.nbib'),
  join(FORMATS, 'medline-pubmed-result1.txt'),
  join(FORMATS, 'medline-pubmed-result2.txt'),
  join(FORMATS, 'medline-pubmed-result3.txt'),
  join(FORMATS, 'pubmed-xml-italics.xml'),
  join(FORMATS, 'pubmed-book-article.xml'),
  join(FORMATS, 'embase.ris'),
  join(FORMATS, 'scopus.ris'),
  join(FORMATS, 'wos-tagged.txt'),
  join(FORMATS, 'hostile.ris'),
  join(FORMATS, 'citationjs-non-ascii-authors.bib'),
  join(FORMATS, 'iebh-copper-endnote.xml'),
];

/** Test queries; `hits` marks those that must find something in the corpus (so that agreement means something). */
const QUERIES: { q: string; hits?: boolean }[] = [
  // terms, phrases, truncation, automatic term mapping
  { q: 'loratadine', hits: true },
  { q: 'cetirizine OR loratadine', hits: true },
  { q: 'cetirizine AND loratadine', hits: true },
  { q: 'cetirizine NOT loratadine', hits: true },
  { q: '"allergic rhinitis"', hits: true },
  { q: 'allergic rhinitis', hits: true },
  { q: 'antihist*', hits: true },
  { q: '"hospital partner*"[tiab]', hits: true },
  { q: 'vaccin*[ti]', hits: true },
  { q: 'hip pain', hits: true },
  { q: 'third world', hits: true },
  { q: 'developing countries', hits: true },
  { q: 'COVID-19', hits: true },
  { q: 'meniere', hits: true },
  { q: 'script alert', hits: true },
  // precedence (left to right) and nesting
  { q: 'cetirizine OR loratadine AND urticaria', hits: true },
  { q: 'cetirizine OR (loratadine AND urticaria)', hits: true },
  { q: 'urticaria AND cetirizine OR loratadine', hits: true },
  { q: 'loratadine NOT cetirizine OR terfenadine', hits: true },
  { q: 'loratadine NOT (cetirizine OR terfenadine)', hits: true },
  { q: '((asthma OR urticaria) AND (child OR adolescent)) NOT placebo', hits: true },
  { q: 'asthma urticaria', hits: true },
  // text fields
  { q: 'partnership[ti]', hits: true },
  { q: 'partnership[ab]', hits: true },
  { q: 'partnership[tiab] NOT partnership[ti]', hits: true },
  { q: 'histamine[tw]', hits: true },
  { q: 'histamine[tw] NOT histamine[tiab]', hits: true },
  { q: 'bioinform*[all]', hits: true },
  { q: '"hospital partnership"[ti]', hits: true },
  { q: '"partnership hospital"[ti]', hits: true },
  { q: '"hospital partnership"[tiab:~0]', hits: true },
  { q: '"hip pain"[tiab:~0]', hits: true },
  { q: '"hip pain"[tiab:~2]', hits: true },
  { q: '"pain hip"[tiab:~1]', hits: true },
  { q: '"kenya scotland benefits"[tiab:~5]', hits: true },
  { q: '"hospital partner*"[tiab:~3]', hits: true },
  // proximity never reaches across fields: "benefits" is in the title, "patient" in the abstract
  { q: '"benefits patient"[tiab:~40]', hits: false },
  { q: '"partnership safety"[tiab:~11]', hits: true },
  // authors
  { q: 'smith j[au]', hits: true },
  { q: 'smith ja[au]', hits: true },
  { q: 'smith[au]', hits: true },
  { q: 'smith john[au]', hits: true },
  { q: 'okello g[1au]', hits: true },
  { q: 'okello g[lastau]', hits: true },
  { q: 'bousquet j[au]', hits: true },
  { q: 'muller j[au]', hits: true },
  { q: 'world health organization[au]', hits: true },
  // a group name longer than a token may be: its key is cut at 200 letters, on every engine alike
  {
    q: 'International Collaborative Group for the Evaluation of Hospital Partnerships between Teaching Hospitals in Sub-Saharan Africa and the United Kingdom on behalf of the Tropical Health and Education Trust Partnership Programme Steering and Writing Committees[au]',
    hits: true,
  },
  // a family name is not a prefix of a longer one, nor a word of another author's name
  { q: 'smit j[au]', hits: false },
  { q: 'andrew[au]', hits: false },
  { q: 'bousquet[lastau] OR okello[1au]' },
  // MeSH
  { q: 'developing countries[mh]', hits: true },
  { q: 'third world countries[mh]', hits: true },
  { q: 'africa[mh]', hits: true },
  { q: 'africa[mh:noexp]', hits: false },
  { q: 'kenya[mh]', hits: true },
  { q: 'developing countries[majr]', hits: true },
  { q: 'developed countries[majr]', hits: false },
  { q: 'hospitals[mh]', hits: true },
  { q: 'hospitals[mh:noexp]', hits: true },
  { q: 'hospitals/standards[mh]', hits: true },
  { q: 'hospitals/standards[majr]', hits: true },
  { q: 'international cooperation/organization & administration[mh]', hits: true },
  { q: 'organization & administration[sh]', hits: true },
  { q: 'histamine h1 antagonists[mh]', hits: true },
  { q: 'histamine h1 antagonists[mh:noexp]', hits: true },
  { q: 'rhinitis[mh]', hits: true },
  { q: 'software[majr]', hits: true },
  { q: 'no such heading at all[mh]', hits: false },
  // other fields
  { q: 'review[pt]', hits: true },
  { q: 'randomized controlled trial[pt]', hits: true },
  { q: 'english[la]', hits: true },
  { q: 'eng[la]', hits: true },
  { q: 'german[la]', hits: true },
  { q: 'french[la] OR fre[la]', hits: true },
  { q: 'bmj[ta]', hits: true },
  { q: 'globalization and health[ta]', hits: true },
  { q: '1744-8603[ta]', hits: true },
  { q: '10.1186/1744-8603-8-17[doi]', hits: true },
  { q: '90000004[pmid]', hits: true },
  { q: '90000004[uid]', hits: true },
  { q: '8[vi] AND 17[ip]', hits: true },
  // dates
  { q: '2010[dp]', hits: true },
  { q: '1990:2010[dp]', hits: true },
  { q: '2010/05/01:3000[dp]', hits: true },
  { q: '2010/05/04:2010/12/31[dp]', hits: true },
  { q: '2010/06:2010/12[dp]', hits: true },
  { q: '1989/12/31:1989/12/31[dp]', hits: true },
  { q: 'partnership AND 2010[dp]', hits: true },
  { q: 'partnership OR 1989[dp]', hits: true },
  { q: 'partnership NOT 2011[dp]', hits: true },
  { q: '2010[dp] NOT partnership', hits: true },
  { q: '(partnership OR 1989[dp]) AND eng[la]', hits: true },
  // long-form tags, as PubMed writes its search details
  {
    q: '"stem cells"[MeSH Terms] OR ("stem"[All Fields] AND "cells"[All Fields]) OR "stem cells"[All Fields]',
  },
  { q: '"histamine"[Title/Abstract] AND "loratadine"[Text Word]', hits: true },
  // the paper's search (Syed et al. 2012), PubMed form
  {
    q: '(Health Care Quality, Access, and Evaluation[mh] OR International Cooperation[mh]) AND (Developing Countries[mh] OR Developed Countries[mh]) AND english[la] AND 1990:2010[dp]',
    hits: true,
  },
];

/**
 * A database at an older schema (the migrations before `firstNew`) holding one record, indexed as that schema
 * did when `oldIndex` is given (facet tokens of the time), or not at all.
 */
async function storeBefore(
  engine: EngineName,
  firstNew: string,
  record: BibRecord,
  oldIndex?: { facets: string },
): Promise<{ location: Awaited<ReturnType<typeof freshLocation>>; projectId: number }> {
  const location = await freshLocation(engine);
  const all = migrations(engineNamed(engine));
  const names = Object.keys(all).sort();
  useMigrationsForTests(Object.fromEntries(names.filter((n) => n < firstNew).map((n) => [n, all[n]!])));
  const old = await openStore(location);
  const project = await createProject(old, { title: 'Old', owner: 'ann' });
  const now = new Date().toISOString();
  const search = await old.db
    .insertInto('search')
    .values({
      project_id: project.id,
      source: 'pubmed',
      query: null,
      run_date: null,
      file_name: 'old.nbib',
      file_sha256: 'x',
      file_bytes: 1,
      format: 'medline',
      records_read: 1,
      report: '{}',
      imported_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const { id } = await old.db
    .insertInto('record')
    .values({
      project_id: project.id,
      search_id: search.id,
      file_line: 1,
      source_id: null,
      data: JSON.stringify(record),
      title: record.title!,
      year: record.date?.year ?? null,
      doi: null,
      pmid: null,
      pmcid: null,
      first_author: record.authors?.[0]?.family ?? null,
      journal: null,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (oldIndex) {
    const facets = `${oldIndex.facets} ${projectToken(project.id)}`;
    if (engine === 'sqlite')
      await sql`insert into record_fts (rowid, title, facets) values (${id}, ${record.title!}, ${facets})`.execute(
        old.db,
      );
    else
      await sql`update record set tsv = ${facets
        .split(' ')
        .map((f) => `'=${f}'`)
        .join(' ')}::tsvector where id = ${id}`.execute(old.db);
  }
  await old.close();
  useMigrationsForTests(undefined);
  return { location, projectId: project.id };
}

for (const engine of testEngines()) {
  describe(`migrations on ${engine}`, () => {
    afterAll(() => useMigrationsForTests(undefined));
    const record: BibRecord = {
      v: 1,
      type: 'article',
      title: 'Twinning in Kenya',
      authors: [{ family: 'Smith', given: 'John Andrew' }],
      date: { year: 2009, month: 4 },
      mesh: [{ descriptor: 'Kenya', major: true, qualifiers: [] }],
    };

    it.each([
      // 0003: records stored before search existed have no facet tokens
      ['0003-search', undefined],
      // 0005: records indexed with the hashed author tokens of 0003 (one per initials prefix)
      ['0005-author-keys', { facets: 'au0a1b2c3d4e5f6g a10a1b2c3d4e5f6g mh1x2y3z4w5v6u7t' }],
    ])('%s indexes the records stored before it', async (firstNew, oldIndex) => {
      const { location, projectId } = await storeBefore(engine, firstNew, record, oldIndex);
      await expect(openStore(location)).rejects.toMatchObject({ code: 'E_SCHEMA_OUTDATED' });
      const store = await openStore(location, { migrate: 'always' });
      try {
        const mesh = await loadMesh();
        const query = 'africa[mh] AND 2009/04[dp] AND twinning[ti] AND smith j[au] AND smith ja[1au]';
        expect((await searchProject(store, projectId, query, { mesh })).count).toBe(1);
      } finally {
        await store.close();
      }
    });
  });

  describe(`search on ${engine}`, () => {
    let store: Store;
    let mesh: MeshVocabulary;
    let projectId: number;
    let records: { id: number; record: MatchableRecord }[];

    beforeAll(async () => {
      mesh = await loadMesh();
      store = await openStore(await freshLocation(engine));
      projectId = (await createProject(store, { title: 'Search', owner: 'ann' })).id;
      for (const path of CORPUS) await importFile(store, { projectId, path, source: 'pubmed' });
      // a second project holding copies: its records must never show up in the first one's results
      const other = await createProject(store, { title: 'Other', owner: 'ann' });
      await importFile(store, { projectId: other.id, path: CORPUS[1]!, source: 'pubmed' });
      records = (await loadProjectRecords(store, projectId)).map((r) => ({
        id: r.id,
        record: toMatchable(r.record),
      }));
    }, 120_000);
    afterAll(async () => store?.close());

    it('imported a corpus with MeSH headings', () => {
      expect(records.length).toBeGreaterThan(330);
    });

    it.each(QUERIES)('agrees with the in-memory matcher: $q', async ({ q, hits }) => {
      const resolved = resolveQuery(q, { mesh });
      const expected = records.filter((r) => matches(r.record, resolved.node)).map((r) => r.id);
      const result = await searchProject(store, projectId, q, { mesh });
      expect(result.ids).toEqual(expected);
      if (hits === true) expect(expected.length).toBeGreaterThan(0);
      if (hits === false) expect(expected.length).toBe(0);
      const counted = await searchProject(store, projectId, q, { mesh, countOnly: true });
      expect(counted.count).toBe(expected.length);
    });

    it('keeps a numbered history that #n refers to, and saved searches', async () => {
      const a = await searchProject(store, projectId, 'loratadine', { mesh, recordAs: 'ann' });
      const b = await searchProject(store, projectId, 'urticaria[mh]', { mesh, recordAs: 'ann' });
      const both = await searchProject(store, projectId, `#${a.historyNumber} AND #${b.historyNumber}`, {
        mesh,
        recordAs: 'bob',
      });
      const direct = await searchProject(store, projectId, 'loratadine AND urticaria[mh]', { mesh });
      expect(both.ids).toEqual(direct.ids);
      expect(both.count).toBeGreaterThan(0);
      const history = await searchHistory(store, projectId);
      expect(history.map((h) => h.number)).toEqual([3, 2, 1]);
      expect(history[0]).toMatchObject({ runBy: 'bob', resultCount: both.count });
      await saveSearch(store, projectId, 'paper', both, 'ann');
      const saved = await savedSearches(store, projectId);
      expect(saved).toMatchObject([{ name: 'paper', resultCount: both.count, savedBy: 'ann' }]);
      expect(await savedSearchQuery(store, projectId, 'paper')).toBe(both.resolved.query);
      await expect(savedSearchQuery(store, projectId, 'nope')).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
      await expect(searchProject(store, projectId, '#99', { mesh })).rejects.toMatchObject({
        code: 'E_QUERY_SYNTAX',
      });
    });
  });
}
