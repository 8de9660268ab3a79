import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ROOT } from './test-support/run-cli.js';

const QUERY_FIXTURES = join(ROOT, 'src/domain/query/fixtures');

describe('twoway search', () => {
  it('searches, explains, counts, saves, lists history and exports, and shows where a query is wrong', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'twoway-search-'));
    const { twoway, ok } = cli({ TWOWAY_DB: join(dir, 'review.db'), TWOWAY_REVIEWER: 'ana' });
    await ok('init', '--title', 'Search');
    await ok('import', join(QUERY_FIXTURES, 'cohen2006-Antihistamines.csv'), '--source', 'pubmed');
    await ok('import', join(QUERY_FIXTURES, 'search-cases.nbib'), '--source', 'pubmed');

    const listed = await ok('search', 'loratadine AND urticaria[mh]', '--limit', '2');
    expect(listed).toMatch(
      /^#1 {2}21 records {2}\("loratadine"\[MeSH Terms\] OR "loratadine"\[All Fields\]\) AND "urticaria"\[MeSH Terms\]/,
    );
    expect(listed).toMatch(/… 19 more/);

    const explained = JSON.parse(
      await ok('search', '--explain', '--json', 'third world countries[mh] OR africa[mh]'),
    ) as { translation: string; mesh: { descriptor: string; searched: string[] }[]; count: number };
    expect(explained.translation).toBe('"developing countries"[MeSH Terms] OR "africa"[MeSH Terms]');
    expect(explained.mesh[1]!.searched).toContain('Kenya');
    expect(explained.count).toBe(5); // the four partnership papers and a Nigerian trial (Nigeria is under Africa)
    expect(await ok('search', '--explain', 'third world countries[mh]')).toMatch(
      /Ran as: {7}SQLite FTS5 \(\{facets\}/,
    );

    expect((await ok('search', '--count', 'cetirizine', '--save', 'cetirizine')).trim()).toBe('134');
    expect(await ok('search', '--saved')).toMatch(/^cetirizine {2}134 records/);
    expect((await ok('search', '--count', '#1 NOT #4')).trim()).toBe('11');
    const history = JSON.parse(await ok('search', '--history', '--json')) as {
      number: number;
      runBy: string;
    }[];
    expect(history.map((h) => h.number)).toEqual([5, 4, 3, 2, 1]);
    expect(history[0]!.runBy).toBe('ana');

    const out = join(dir, 'found.ris');
    const exported = await twoway('search', 'partnership[ti] AND 2010[dp]', '--format', 'ris', '-o', out);
    expect(exported.stderr).toBe('2 records written to ' + out + '\n');
    expect(readFileSync(out, 'utf8').match(/^TY {2}- /gm)).toHaveLength(2);

    const wrong = await twoway('search', 'malaria AND (fever');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toBe(
      'E_QUERY_SYNTAX this parenthesis is never closed (at character 13)\n  malaria AND (fever\n              ^\n',
    );
    const unknown = await twoway('search', 'Twinning Partnerships[mh]', '--count');
    expect(unknown.stderr).toMatch(/warning: "Twinning Partnerships" is not a MeSH heading/);
  }, 120_000);
});
