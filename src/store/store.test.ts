import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { BibRecord } from '../domain/record/bib-record.js';
import { importFile } from './import/imports.js';
import { engineNamed } from './engine/engines.js';
import { migrations } from './migrations/index.js';
import { openStore, schemaStatus, useMigrationsForTests, type Store } from './open-store.js';
import {
  addMember,
  createProject,
  getProject,
  resolveProject,
  updateProtocol,
} from './repositories/projects.js';
import { loadFeatureFields, loadProjectRecords } from './repositories/stored-records.js';
import { freshLocation, testEngines } from './test-support/engines.js';

const FIXTURES = join(import.meta.dirname, '..', 'domain', 'formats', 'fixtures');
const SEED = join(FIXTURES, 'endnote-one-line-gbk-mojibake.txt');

const opened: Store[] = [];
afterEach(async () => {
  useMigrationsForTests(undefined);
  while (opened.length) await opened.pop()?.close();
});

async function fresh(engine: 'sqlite' | 'postgres'): Promise<Store> {
  const store = await openStore(await freshLocation(engine));
  opened.push(store);
  return store;
}

async function fullTextHits(store: Store, word: string): Promise<number> {
  if (store.engine.name === 'sqlite') {
    const r = await sql<{
      n: number;
    }>`select count(*) as n from record_fts where record_fts match ${word}`.execute(store.db);
    return Number(r.rows[0]?.n);
  }
  const r = await sql<{
    n: number;
  }>`select count(*) as n from record where tsv @@ to_tsquery('simple', ${word})`.execute(store.db);
  return Number(r.rows[0]?.n);
}

function tempFile(name: string, content: string | Buffer): string {
  const path = join(mkdtempSync(join(tmpdir(), 'twoway-in-')), name);
  writeFileSync(path, content);
  return path;
}

describe.each(testEngines())('store on %s', (engine) => {
  it('creates the schema on a new database and records its version', async () => {
    const store = await fresh(engine);
    const status = await schemaStatus(store);
    expect(status).toEqual({
      applied: Object.keys(migrations(engineNamed(engine))),
      pending: [],
      unknown: [],
    });
    const meta = await store.db.selectFrom('twoway_meta').selectAll().execute();
    expect(meta).toEqual([{ key: 'schema_version', value: String(status.applied.length) }]);
  });

  it('refuses a database that needs a migration until `migrate`, and one made by a newer Twoway', async () => {
    const location = await freshLocation(engine);
    const base = migrations(engineNamed(engine));
    useMigrationsForTests(base);
    (await openStore(location)).close();
    const later = {
      ...base,
      '0099-later': {
        up: async (db: Parameters<(typeof base)[string]['up']>[0]) =>
          void (await sql`create table later_table (x integer)`.execute(db)),
      },
    };
    useMigrationsForTests(later);
    await expect(openStore(location)).rejects.toMatchObject({
      code: 'E_SCHEMA_OUTDATED',
      message: expect.stringMatching(/twoway migrate/),
    });
    const migrated = await openStore(location, { migrate: 'always' });
    expect((await schemaStatus(migrated)).pending).toEqual([]);
    await migrated.close();
    useMigrationsForTests(base);
    await expect(openStore(location)).rejects.toMatchObject({
      code: 'E_SCHEMA_NEWER',
      message: expect.stringMatching(/0099-later/),
    });
  });

  it('keeps projects with their protocol and members', async () => {
    const store = await fresh(engine);
    const p = await createProject(store, {
      title: 'Benefits to developed countries',
      question: 'What do partners gain?',
      owner: 'ssyed',
    });
    expect(p).toMatchObject({
      id: expect.any(Number),
      title: 'Benefits to developed countries',
      members: [{ reviewer: 'ssyed', role: 'owner' }],
    });
    const updated = await updateProtocol(store, p.id, {
      exclusionReasons: ['not a partnership', 'no benefit reported'],
      languages: ['eng'],
      dateRange: { from: 1990, to: 2010 },
    });
    expect(updated.protocol).toMatchObject({
      exclusionReasons: ['not a partnership', 'no benefit reported'],
      dateRange: { from: 1990, to: 2010 },
    });
    await addMember(store, p.id, 'vdadwal', 'reviewer');
    expect((await getProject(store, p.id)).members).toEqual([
      { reviewer: 'ssyed', role: 'owner' },
      { reviewer: 'vdadwal', role: 'reviewer' },
    ]);
    expect((await resolveProject(store, undefined)).id).toBe(p.id);
    await createProject(store, { title: 'Second', owner: 'x' });
    await expect(resolveProject(store, undefined)).rejects.toMatchObject({ code: 'E_USAGE' });
    await expect(getProject(store, 9999)).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
  });

  it('imports files as searches, with provenance, the report and the full-text index', async () => {
    const store = await fresh(engine);
    const p = await createProject(store, { title: 'T', owner: 'o' });
    const seed = await importFile(store, {
      projectId: p.id,
      path: SEED,
      source: 'pubmed',
      query: '"international cooperation"[mh]',
      runDate: '2011-06-01',
    });
    expect(seed.recordsRead).toBe(1);
    const scopus = await importFile(store, {
      projectId: p.id,
      path: join(FIXTURES, 'scopus.ris'),
      source: 'scopus',
    });
    expect(scopus.recordsRead).toBe(6);
    const searches = await store.db.selectFrom('search').selectAll().orderBy('id').execute();
    expect(
      searches.map((s) => [s.source, s.file_name, s.format, s.records_read, s.query, s.run_date]),
    ).toEqual([
      [
        'pubmed',
        'endnote-one-line-gbk-mojibake.txt',
        'endnote',
        1,
        '"international cooperation"[mh]',
        '2011-06-01',
      ],
      ['scopus', 'scopus.ris', 'ris', 6, null, null],
    ]);
    expect(searches[0]?.file_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.parse(searches[0]!.report)).toMatchObject({ recordsRead: 1, repairs: { total: 15 } });
    const rows = await store.db
      .selectFrom('record')
      .select(['search_id', 'file_line', 'doi', 'data'])
      .orderBy('id')
      .execute();
    expect(rows).toHaveLength(7);
    expect(rows[0]).toMatchObject({ search_id: seed.searchId, file_line: 1, doi: '10.1186/1744-8603-8-17' });
    expect(rows.slice(1).map((r) => r.file_line)).toEqual(
      [...readFileSync(join(FIXTURES, 'scopus.ris'), 'utf8').split('\n').entries()]
        .filter(([, l]) => l.startsWith('TY  -'))
        .map(([i]) => i + 1),
    );
    expect((JSON.parse(rows[0]!.data) as BibRecord).abstract).toContain('‘global health’');
    expect(await fullTextHits(store, 'partnerships')).toBe(1);
    expect(await fullTextHits(store, 'psychoneuroendocrinology')).toBeGreaterThan(0);
  });

  it('reads what the prioritisation model reads of each record as the whole record gives it; refuses a newer version', async () => {
    const store = await fresh(engine);
    const p = await createProject(store, { title: 'T', owner: 'o' });
    await importFile(store, { projectId: p.id, path: join(FIXTURES, 'scopus.ris'), source: 'scopus' });
    await importFile(store, { projectId: p.id, path: SEED, source: 'pubmed' });
    const whole = await loadProjectRecords(store, p.id);
    const fields = await loadFeatureFields(store, p.id);
    expect(fields.map((f) => f.id)).toEqual(whole.map((w) => w.id));
    fields.forEach((f, i) => {
      const { title, abstract, keywords, mesh, labels } = whole[i]!.record;
      expect(f.record).toEqual(
        Object.fromEntries(
          Object.entries({ title, abstract, keywords, mesh, labels }).filter(([, v]) => v !== undefined),
        ),
      );
    });
    expect(fields.some((f) => f.record.keywords?.length && f.record.abstract)).toBe(true);
    const [first] = fields;
    await store.db
      .updateTable('record')
      .set({ data: JSON.stringify({ v: 99, type: 'article', title: 'From the future' }) })
      .where('id', '=', first!.id)
      .execute();
    await expect(loadFeatureFields(store, p.id)).rejects.toThrow(
      `record ${first!.id} is stored as BibRecord version 99`,
    );
  });

  it('refuses the same file twice unless forced', async () => {
    const store = await fresh(engine);
    const p = await createProject(store, { title: 'T', owner: 'o' });
    await importFile(store, { projectId: p.id, path: SEED, source: 'pubmed' });
    await expect(importFile(store, { projectId: p.id, path: SEED, source: 'pubmed' })).rejects.toMatchObject({
      code: 'E_DUPLICATE_IMPORT',
    });
    await importFile(store, { projectId: p.id, path: SEED, source: 'pubmed', force: true });
    expect((await store.db.selectFrom('record').select('id').execute()).length).toBe(2);
  });

  it('accepts the same file once when two imports of it run at once (two connections)', async () => {
    const first = await fresh(engine);
    const p = await createProject(first, { title: 'T', owner: 'o' });
    // a second connection to the same database, as a second process has
    const second = await openStore(first.location);
    opened.push(second);
    const file = tempFile(
      'same.ris',
      Array.from({ length: 300 }, (_, i) => `TY  - JOUR\nTI  - Twinning study ${i}\nER  - `).join('\n\n'),
    );
    const results = await Promise.allSettled([
      importFile(first, { projectId: p.id, path: file, source: 'pubmed' }),
      importFile(second, { projectId: p.id, path: file, source: 'pubmed' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: 'E_DUPLICATE_IMPORT' });
    expect((await first.db.selectFrom('search').select('id').execute()).length).toBe(1);
    expect((await first.db.selectFrom('record').select('id').execute()).length).toBe(300);
  });

  it('a failed import changes nothing: broken XML midway, strict mode, a bad format', async () => {
    const store = await fresh(engine);
    const p = await createProject(store, { title: 'T', owner: 'o' });
    const records = Array.from(
      { length: 1200 },
      (_, i) =>
        `<PubmedArticle><MedlineCitation><PMID>${i + 1}</PMID><Article><ArticleTitle>Record ${i}</ArticleTitle></Article></MedlineCitation></PubmedArticle>`,
    ).join('\n');
    const broken = tempFile(
      'broken.xml',
      `<?xml version="1.0"?>\n<PubmedArticleSet>\n${records}\n<PubmedArticle><oops></PubmedArticleSet>`,
    );
    await expect(
      importFile(store, { projectId: p.id, path: broken, source: 'pubmed' }),
    ).rejects.toMatchObject({ code: 'E_XML_INVALID' });
    const strict = tempFile(
      'strict.ris',
      'TY  - JOUR\nTI  - fine\nER  - \n\nTY  - JOUR\nAU  - no title\nER  - \n',
    );
    await expect(
      importFile(store, { projectId: p.id, path: strict, source: 'pubmed', strict: true }),
    ).rejects.toMatchObject({ code: 'E_RECORD_MALFORMED', line: 5 });
    const prose = tempFile('letter.txt', 'Dear colleague, here are the records.\n');
    await expect(importFile(store, { projectId: p.id, path: prose, source: 'pubmed' })).rejects.toMatchObject(
      {
        code: 'E_FORMAT_UNKNOWN',
      },
    );
    expect(await store.db.selectFrom('search').select('id').execute()).toEqual([]);
    expect(await store.db.selectFrom('record').select('id').execute()).toEqual([]);
    expect(await fullTextHits(store, 'record')).toBe(0);
    // and the same file, once repaired, imports
    writeFileSync(broken, `<?xml version="1.0"?>\n<PubmedArticleSet>\n${records}\n</PubmedArticleSet>`);
    expect((await importFile(store, { projectId: p.id, path: broken, source: 'pubmed' })).recordsRead).toBe(
      1200,
    );
  });

  it('refuses imports into a project that does not exist', async () => {
    const store = await fresh(engine);
    await expect(importFile(store, { projectId: 42, path: SEED, source: 'pubmed' })).rejects.toMatchObject({
      code: 'E_NOT_FOUND',
    });
  });
});
