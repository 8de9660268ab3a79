import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_QUERY_DEPTH, MAX_QUERY_TERMS } from '../../domain/query/parse.js';
import { importFile } from '../import/imports.js';
import { openStore, type Store } from '../open-store.js';
import { createProject } from './projects.js';
import { searchProject } from './search-store.js';
import { freshLocation, testEngines } from '../test-support/engines.js';

const RIS = [
  'TY  - JOUR\nTI  - Hospital twinning between Malawi and Scotland\nPY  - 2011\nER  - ',
  'TY  - JOUR\nTI  - A malaria vaccine trial in Kenya\nPY  - 2015\nER  - ',
].join('\n\n');

const opened: Store[] = [];
afterEach(async () => {
  while (opened.length) await opened.pop()?.close();
});

/** `depth` parentheses, each holding an OR of a word and the next level, alternating with AND. */
function nested(depth: number): string {
  let q = 'twinning';
  for (let i = 0; i < depth; i++) q = `(${q} ${i % 2 ? 'AND' : 'OR'} w${i})`;
  return q;
}

describe.each(testEngines())('query limits (%s)', (engine) => {
  async function project() {
    const store = await openStore(await freshLocation(engine));
    opened.push(store);
    const { id } = await createProject(store, { title: 'T', owner: 'o' });
    const file = join(mkdtempSync(join(tmpdir(), 'twoway-limits-')), 'two.ris');
    writeFileSync(file, RIS);
    await importFile(store, { projectId: id, path: file, source: 'pubmed' });
    return { store, id };
  }

  it(`runs an OR list of ${MAX_QUERY_TERMS} terms (a 100-term list overflowed FTS5's parser) and refuses one more`, async () => {
    const { store, id } = await project();
    const words = Array.from({ length: MAX_QUERY_TERMS - 1 }, (_, i) => `synonym${i}[tiab]`);
    const result = await searchProject(store, id, [...words, 'malaria[ti]'].join(' OR '));
    expect(result.count).toBe(1);
    await expect(
      searchProject(store, id, [...words, 'malaria[ti]', 'kenya[ti]'].join(' OR ')),
    ).rejects.toMatchObject({ code: 'E_QUERY_TOO_COMPLEX' });
  });

  it(`runs parentheses nested ${MAX_QUERY_DEPTH} deep and refuses deeper ones (5,000 answered 500)`, async () => {
    const { store, id } = await project();
    expect((await searchProject(store, id, nested(MAX_QUERY_DEPTH))).count).toBeGreaterThanOrEqual(0);
    await expect(searchProject(store, id, nested(MAX_QUERY_DEPTH + 1))).rejects.toMatchObject({
      code: 'E_QUERY_TOO_COMPLEX',
    });
    await expect(searchProject(store, id, `${'('.repeat(5000)}x${')'.repeat(5000)}`)).rejects.toMatchObject({
      code: 'E_QUERY_TOO_COMPLEX',
    });
  });

  it('expands each history entry once and refuses what doubles past the limit, at once', async () => {
    const { store, id } = await project();
    const run = (query: string) => searchProject(store, id, query, { recordAs: 'o' });
    await run('twinning OR malaria');
    // #k = #k-1 OR #k-1: each step doubles the expanded query (the fifteenth blocked the server for 13 s)
    let refused: unknown;
    const started = performance.now();
    for (let k = 2; k <= 20 && !refused; k++) await run(`#${k - 1} OR #${k - 1}`).catch((e) => (refused = e));
    expect(refused).toMatchObject({ code: 'E_QUERY_TOO_COMPLEX' });
    expect(performance.now() - started).toBeLessThan(5000);
    // a small query of shared references still runs, and counts like the query it stands for
    expect((await run('#1 OR #1 OR #1')).count).toBe(2);
  });
});
