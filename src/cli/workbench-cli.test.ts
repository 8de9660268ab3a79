import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { cli, ROOT } from './test-support/run-cli.js';
import { tinyPdf } from '../store/test-support/tiny-pdf.js';

const FIXTURES = join(ROOT, 'src/domain/formats/fixtures');

// One review, step by step: each step names what it checks and builds on the steps before it (vitest runs the
// tests of a file in order); a failing step says where the review broke.
describe('a whole review from the command line (SQLite)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'twoway-flow-'));
  const { twoway, ok } = cli({ TWOWAY_DB: join(dir, 'review.db') });
  type Cluster = { id: number; members: { doi: string; recordId: number; file: string; line: number }[] };
  let dedupe: { applied: boolean; clusters: Cluster[]; stored: Cluster[] };
  let removed = 0;
  let sheet: Record<string, string>[] = [];
  let included = 0;

  it('init, protocol and members', async () => {
    await ok('init', '--title', 'Benefits to developed countries', '--reviewer', 'owner');
    await ok(
      'protocol',
      '--reason',
      'not a partnership',
      '--reason',
      'no benefit reported',
      '--reviewers',
      '2',
      '--blind',
    );
    await ok('member', 'ana');
    await ok('member', 'ben');
  });

  it('imports an EndNote XML library, the seed record and a MEDLINE book', async () => {
    await ok(
      'import',
      join(FIXTURES, 'iebh-copper-endnote.xml'),
      '--source',
      'embase',
      '--date',
      '2020-05-01',
    );
    await ok(
      'import',
      join(FIXTURES, 'endnote-one-line-gbk-mojibake.txt'),
      join(FIXTURES, 'medline-book-no-pmid.nbib'),
      '--source',
      'pubmed',
    );
  });

  it('deduplicates automatically, each merged record with its file and line', async () => {
    dedupe = JSON.parse(await ok('dedupe', '--auto', '--json'));
    expect(dedupe.applied).toBe(true);
    const syed = dedupe.clusters.find((c) => c.members.some((m) => m.doi === '10.1186/1744-8603-8-17'))!;
    expect(syed.members.map((m: { file: string; line: number }) => `${m.file}:${m.line}`).sort()).toEqual([
      'endnote-one-line-gbk-mojibake.txt:1',
      'medline-book-no-pmid.nbib:16',
    ]);
    removed = dedupe.clusters.reduce((n: number, c: { members: unknown[] }) => n + c.members.length - 1, 0);
  });

  it('searches a cluster once, or every record with --every-record', async () => {
    // a search finds the Syed cluster once (its canonical record), or both records with --every-record
    expect(await ok('search', '10.1186/1744-8603-8-17[doi]', '--reviewer', 'owner')).toMatch(
      /^#\d+ {2}1 record \(1 duplicate set aside; --every-record counts them too\).*\n.*Developed-developing.* {2}\[\+1 duplicate\]\s*$/,
    );
    expect(
      await ok('search', '10.1186/1744-8603-8-17[doi]', '--every-record', '--reviewer', 'owner'),
    ).toMatch(/^#\d+ {2}2 records {2}/);
  });

  it('screens offline: two reviewers fill a sheet each; bad reasons and outsiders are refused', async () => {
    await ok('screen', 'export', '-o', join(dir, 'sheet.csv'));
    sheet = parse(readFileSync(join(dir, 'sheet.csv'), 'utf8'), { columns: true }) as Record<
      string,
      string
    >[];
    expect(sheet).toHaveLength(28 - removed);
    expect(sheet.every((r) => r.state === 'unscreened')).toBe(true);
    // two reviewers fill their sheets: they agree on all but the first record
    const fill = (reviewer: string) =>
      sheet.map((r, i) => ({
        ...r,
        decision:
          i === 0 ? (reviewer === 'ana' ? 'include' : 'exclude') : i % 3 === 0 ? 'include' : 'exclude',
        reason: i === 0 && reviewer === 'ben' ? 'not a partnership' : '',
      }));
    for (const reviewer of ['ana', 'ben']) {
      const rows = fill(reviewer);
      writeFileSync(join(dir, `${reviewer}.csv`), stringify(rows, { header: true }));
      expect(await ok('screen', 'import', join(dir, `${reviewer}.csv`), '--reviewer', reviewer)).toMatch(
        new RegExp(`^${rows.length} decisions recorded for ${reviewer}`),
      );
    }
    // a bad reason is refused with its line
    writeFileSync(
      join(dir, 'bad.csv'),
      stringify([{ record_id: sheet[1]!.record_id, decision: 'exclude', reason: 'boring' }], {
        header: true,
      }),
    );
    const bad = await twoway('screen', 'import', join(dir, 'bad.csv'), '--reviewer', 'ana');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`(${join(dir, 'bad.csv')}:2)`);
    const outsider = await twoway('screen', 'import', join(dir, 'ana.csv'), '--reviewer', 'mallory');
    expect(outsider.code).toBe(2);
    expect(outsider.stderr).toMatch(/E_FORBIDDEN mallory is not a member/);
  });

  it('reports agreement to owners only while screening is blind', async () => {
    // screening is blind: agreement is for owners, as in the API (the tables tell how the others voted)
    const peek = await twoway('stats', '--reviewer', 'ana');
    expect(peek.code).toBe(2);
    expect(peek.stderr).toMatch(/E_FORBIDDEN .*blind/);
    const stats = JSON.parse(await ok('stats', '--json', '--reviewer', 'owner'));
    expect(stats[0]).toMatchObject({ reviewers: ['ana', 'ben'], n: sheet.length });
    expect(stats[0].percent).toBeCloseTo((sheet.length - 1) / sheet.length, 10);
  });

  it('draws PRISMA 2020 as JSON, SVG, PNG and the template CSV', async () => {
    const prisma = JSON.parse(await ok('prisma', '--format', 'json'));
    included = sheet.filter((_, i) => i !== 0 && i % 3 === 0).length;
    expect(prisma).toMatchObject({
      database_results: 28,
      duplicates: removed,
      records_screened: sheet.length - 1,
      records_excluded: sheet.length - 1 - included,
      dbr_sought_reports: included,
      pending_screening: 1,
    });
    await ok('prisma', '--format', 'svg', '-o', join(dir, 'prisma.svg'));
    expect(readFileSync(join(dir, 'prisma.svg'), 'utf8')).toContain(
      `Records screened (n = ${sheet.length - 1})`,
    );
    await ok('prisma', '--format', 'png', '-o', join(dir, 'prisma.png'));
    expect(readFileSync(join(dir, 'prisma.png')).subarray(1, 4).toString()).toBe('PNG');
    const csv = await ok('prisma', '--format', 'csv');
    expect(csv.split('\n')[0]).toBe('data,node,box,description,boxtext,tooltips,url,n');
  });

  it('exports the included records and every record', async () => {
    const exported = await twoway(
      'export',
      '--format',
      'ris',
      '--stage',
      'title-abstract',
      '-o',
      join(dir, 'included.ris'),
    );
    expect(exported.code).toBe(0);
    expect(readFileSync(join(dir, 'included.ris'), 'utf8').match(/^TY {2}- /gm)).toHaveLength(included);
    const all = await ok('export', '--format', 'json');
    expect(all.trim().split('\n')).toHaveLength(28 - removed);
    // the CSV carries every vote (the command line holds the database); --reviewer exports as one member sees it
    const rows = (csv: string) => parse(csv, { columns: true }) as Record<string, string>[];
    const team = rows(await ok('export', '--format', 'csv')).find(
      (r) => r.title_abstract_state === 'conflict',
    )!;
    expect(team.title_abstract_votes).toMatch(/^(ana|ben): \w+; (ana|ben): \w+$/);
    const hers = rows(await ok('export', '--format', 'csv', '--reviewer', 'ana')).find(
      (r) => r.title === team.title,
    )!;
    expect(hers.title_abstract_votes).toMatch(/^ana: \w+$/);
    expect(hers.title_abstract_state).not.toBe('conflict');
    expect((await twoway('export', '--format', 'csv', '--reviewer', 'zed')).stderr).toMatch(/zed/);
  });

  it('attaches full texts by the DOI in their file names, lists, writes and removes them', async () => {
    const syed = join(dir, '10.1186_1744-8603-8-17.pdf');
    writeFileSync(syed, tinyPdf('Syed et al. 2012'));
    writeFileSync(join(dir, 'notes.pdf'), tinyPdf('notes'));
    writeFileSync(join(dir, 'login.pdf'), '<html>sign in</html>');
    const attached = await twoway(
      'fulltext',
      'attach-all',
      syed,
      join(dir, 'notes.pdf'),
      join(dir, 'login.pdf'),
      '--reviewer',
      'ana',
    );
    expect(attached.code).toBe(0);
    expect(attached.stdout).toMatch(/^1 PDF attached, 2 skipped/);
    expect(attached.stdout).toMatch(/skipped login\.pdf: the file does not start as a PDF does/);
    const [file] = JSON.parse(await ok('fulltext', 'list', '--json')) as {
      recordId: number;
      fileName: string;
    }[];
    expect(file!.fileName).toBe('10.1186_1744-8603-8-17.pdf');
    await ok('fulltext', 'get', String(file!.recordId), '-o', join(dir, 'back.pdf'));
    expect(readFileSync(join(dir, 'back.pdf')).equals(tinyPdf('Syed et al. 2012'))).toBe(true);
    expect(
      (
        await twoway(
          'fulltext',
          'attach',
          String(file!.recordId),
          join(dir, 'login.pdf'),
          '--reviewer',
          'ana',
        )
      ).stderr,
    ).toMatch(/^E_NOT_PDF .*\(login\.pdf\)$/m);
    expect(await ok('fulltext', 'remove', String(file!.recordId), '--reviewer', 'ana')).toMatch(
      /^removed 10\.1186/,
    );
    expect(await ok('fulltext', 'list')).toMatch(/no full texts attached/);
  });

  it('resolves the conflict by the owner, not by one who voted', async () => {
    // the conflict on the first record: its voters may not resolve it, the owner may
    const first = sheet[0]!.record_id!;
    const byVoter = await twoway('resolve', first, 'include', '--reviewer', 'ana');
    expect(byVoter.stderr).toMatch(/E_FORBIDDEN ana voted on record/);
    expect(
      await ok('resolve', first, 'exclude', '--reason', 'not a partnership', '--reviewer', 'owner'),
    ).toMatch(/resolved: exclude/);
    expect(JSON.parse(await ok('prisma'))).toMatchObject({
      records_screened: sheet.length,
      pending_screening: 0,
    });
  });

  it('undoes a merge, marks a pair as not duplicates, merges by hand', async () => {
    // undo the Syed merge, say two records are not duplicates, merge by hand
    const storedSyed = dedupe.stored.find((c) => c.members.some((m) => m.doi === '10.1186/1744-8603-8-17'))!;
    expect(await ok('dedupe', 'undo', String(storedSyed.id), '--reviewer', 'owner')).toMatch(/undone/);
    const again = JSON.parse(await ok('dedupe', '--auto', '--json'));
    expect(again.stored.some((c: { id: number }) => c.id === storedSyed.id)).toBe(false);
    const [a, b] = storedSyed.members.map((m) => String(m.recordId)) as [string, string];
    expect(await ok('dedupe', 'merge', a, b, '--reviewer', 'owner')).toMatch(/^merged records/);
    expect(
      await ok('dedupe', 'not-duplicate', sheet[1]!.record_id!, sheet[2]!.record_id!, '--reviewer', 'owner'),
    ).toMatch(/are not duplicates/);
    const badId = await twoway('dedupe', 'merge', 'x', '1');
    expect(badId.stderr).toMatch(/E_USAGE record ids are numbers/);
  });
});
