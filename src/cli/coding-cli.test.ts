import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { cli, SEED } from './test-support/run-cli.js';

// The paper as a template, then its own record coded: step by step, each step building on the ones before.
describe('the Syed 2012 template: coding the seed record and finding it in the synthesis (CLI)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'twoway-coding-cli-'));
  const { twoway, ok } = cli({ TWOWAY_DB: join(dir, 'review.db') });
  let recordId = 0;
  const coding = (design: string, direction: string) => ({
    fields: {
      study_design: design,
      partner_countries: ['GB', 'UG'],
      summary: 'Review of partnership benefits <script>alert(1)</script>',
    },
    items: [
      {
        description: 'High-income partners learnt low-technology simulation training',
        direction,
        level: 'individual',
        nature: 'intangible',
        kind: 'transferable_innovation',
        buildingBlocks: ['health_workforce'],
        learningAreas: ['simulation_training'],
        evidenceType: 'review',
        sources: [{ doi: '10.1186/1744-8603-8-17', page: '4' }],
      },
    ],
  });

  it('creates the project from the template: protocol, the reconstructed search, the framework', async () => {
    expect(await ok('init', '--template', 'syed-2012', '--reviewer', 'olive')).toMatch(
      /from template syed-2012/,
    );
    await ok('member', 'ana');
    await ok('member', 'ben');
    const protocol = JSON.parse(await ok('protocol', '--json'));
    expect(protocol.protocol.dateRange).toEqual({ from: 1990, to: 2010 });
    expect(protocol.protocol.languages).toEqual(['eng']);
    expect(await ok('search', '--saved')).toMatch(/Syed 2012 PubMed search \(reconstructed\)/);
    expect(await ok('codebook', 'show', '--reviewer', 'olive')).toMatch(
      /Level of benefit \(level\) \[reconstructed\]/,
    );
  });

  it('imports the seed record and includes it at both stages (two blind reviewers)', async () => {
    await ok('import', SEED, '--source', 'pubmed');
    for (const stage of ['title-abstract', 'full-text']) {
      await ok('screen', 'export', '-o', join(dir, 'sheet.csv'), '--stage', stage);
      const rows = parse(readFileSync(join(dir, 'sheet.csv'), 'utf8'), { columns: true }) as Record<
        string,
        string
      >[];
      recordId = Number(rows[0]!.record_id);
      for (const reviewer of ['ana', 'ben']) {
        writeFileSync(
          join(dir, `${reviewer}.csv`),
          stringify(
            rows.map((r) => ({ ...r, decision: 'include' })),
            { header: true },
          ),
        );
        await ok('screen', 'import', join(dir, `${reviewer}.csv`), '--stage', stage, '--reviewer', reviewer);
      }
    }
    expect(await ok('code', 'list', '--reviewer', 'ana')).toMatch(/none .*Syed et al\. 2012/);
  });

  it('two blind coders code it; the consensus is refused until both are in, then recorded', async () => {
    writeFileSync(join(dir, 'ana.json'), JSON.stringify(coding('review', 'to_high_income')));
    writeFileSync(join(dir, 'ben.json'), JSON.stringify(coding('qualitative', 'mutual')));
    await ok(
      'code',
      'save',
      '--record',
      String(recordId),
      '--file',
      join(dir, 'ana.json'),
      '--submit',
      '--reviewer',
      'ana',
    );
    const hidden = JSON.parse(
      await ok('code', 'show', '--record', String(recordId), '--reviewer', 'ben', '--json'),
    );
    expect(hidden).toMatchObject({ codings: [], hidden: 1, complete: false });
    const early = await twoway(
      'code',
      'consensus',
      '--record',
      String(recordId),
      '--file',
      join(dir, 'ana.json'),
      '--reviewer',
      'olive',
    );
    expect(early.code).not.toBe(0);
    expect(early.stderr).toMatch(/^E_CONFLICT a consensus needs 2 submitted codings/);
    await ok(
      'code',
      'save',
      '--record',
      String(recordId),
      '--file',
      join(dir, 'ben.json'),
      '--submit',
      '--reviewer',
      'ben',
    );
    writeFileSync(join(dir, 'agreed.json'), JSON.stringify(coding('review', 'mutual')));
    expect(
      await ok(
        'code',
        'consensus',
        '--record',
        String(recordId),
        '--file',
        join(dir, 'agreed.json'),
        '--reviewer',
        'olive',
      ),
    ).toMatch(/consensus recorded/);
    const agreement = JSON.parse(await ok('code', 'agreement', '--json', '--reviewer', 'olive'));
    expect(agreement.studies).toBe(1);
    expect(agreement.fields.find((f: { key: string }) => f.key === 'study_design').percent).toBe(0);
    const csv = parse(await ok('code', 'agreement', '--csv', '--reviewer', 'olive'), {
      columns: true,
    }) as Record<string, string>[];
    expect(csv.find((r) => r.field === 'study_design' && r.code === '')).toMatchObject({
      kind: 'one-value',
      studies_or_pairs: '1',
      percent_agreement: '0',
    });
  });

  it('finds the study in the building-block table and in the map, computed from the consensus', async () => {
    const table = JSON.parse(await ok('synthesis', 'table', '--format', 'json', '--reviewer', 'olive'));
    const workforce = table.data.rows.find((r: { code: string }) => r.code === 'health_workforce');
    expect(workforce).toMatchObject({ studies: 1, items: 1 });
    expect(workforce.benefits[0]).toMatchObject({ citation: 'Syed et al. 2012', direction: 'mutual' });
    expect(table.about.codeLists.find((l: { id: string }) => l.id === 'direction').status).toBe(
      'reconstructed',
    );
    const map = JSON.parse(await ok('synthesis', 'map', '--format', 'json', '--reviewer', 'olive'));
    const cell = map.data.cells.find(
      (c: { row: string; col: string }) => c.row === 'health_workforce' && c.col === 'simulation_training',
    );
    expect(cell.studies).toEqual([recordId]);
    await ok('synthesis', 'map', '--format', 'html', '-o', join(dir, 'map.html'), '--reviewer', 'olive');
    expect(readFileSync(join(dir, 'map.html'), 'utf8')).toMatch(/Syed et al\. 2012/);
    await ok('synthesis', 'map', '--format', 'png', '-o', join(dir, 'map.png'), '--reviewer', 'olive');
    expect(readFileSync(join(dir, 'map.png')).subarray(1, 4).toString()).toBe('PNG');
    await ok('synthesis', 'items', '--format', 'xlsx', '-o', join(dir, 'items.xlsx'), '--reviewer', 'olive');
    expect(readFileSync(join(dir, 'items.xlsx')).subarray(0, 2).toString()).toBe('PK');
    const unknown = await twoway('synthesis', 'map', '--rows', 'astrology', '--reviewer', 'olive');
    expect(unknown.stderr).toMatch(/^E_USAGE no axis "astrology"/);
  });

  it('a coding sheet goes out and comes back; a faulty one is refused with file:row and stores nothing', async () => {
    const sheet = join(dir, 'ana-sheet.csv');
    await ok('code', 'export', '--format', 'csv', '-o', sheet, '--reviewer', 'ana');
    const rows = parse(readFileSync(sheet, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(rows[0]).toMatchObject({
      'study:study_design': 'review',
      direction: 'to_high_income',
      building_blocks: 'health_workforce',
    });
    // a faulty sheet: an unknown code on row 2 (labels are fine), a bad number
    const bad = rows.map((r) => ({
      ...r,
      direction: 'sideways',
      level: 'Individual',
      indicator_name: 'staff trained',
      baseline: 'many',
    }));
    writeFileSync(join(dir, 'bad.csv'), stringify(bad, { header: true }));
    const before = await ok('code', 'show', '--record', String(recordId), '--reviewer', 'ana', '--json');
    const refused = await twoway('code', 'import', join(dir, 'bad.csv'), '--submit', '--reviewer', 'ana');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain(
      `E_SHEET_INVALID column direction: "sideways" is not a code of direction`,
    );
    expect(refused.stderr).toContain(`(${join(dir, 'bad.csv')}:2)`);
    expect(refused.stderr).toMatch(/column baseline: "many" is not a number/);
    expect(await ok('code', 'show', '--record', String(recordId), '--reviewer', 'ana', '--json')).toBe(
      before,
    );
    // fixed (a label instead of an id is fine), it is saved
    const good = rows.map((r) => ({ ...r, direction: 'Mutual' }));
    writeFileSync(join(dir, 'good.csv'), stringify(good, { header: true }));
    expect(await ok('code', 'import', join(dir, 'good.csv'), '--submit', '--reviewer', 'ana')).toMatch(
      /^1 coding submitted/,
    );
    const after = JSON.parse(
      await ok('code', 'show', '--record', String(recordId), '--reviewer', 'ana', '--json'),
    );
    expect(after.codings.find((c: { coder: string }) => c.coder === 'ana').coding.items[0].direction).toBe(
      'mutual',
    );
    // XLSX too: out and back unchanged
    await ok('code', 'export', '-o', join(dir, 'ana.xlsx'), '--reviewer', 'ana');
    expect(await ok('code', 'import', join(dir, 'ana.xlsx'), '--submit', '--reviewer', 'ana')).toMatch(
      /^1 coding submitted/,
    );
    const again = JSON.parse(
      await ok('code', 'show', '--record', String(recordId), '--reviewer', 'ana', '--json'),
    );
    expect(again.codings.find((c: { coder: string }) => c.coder === 'ana').coding).toEqual(
      after.codings.find((c: { coder: string }) => c.coder === 'ana').coding,
    );
  });

  it('writes the review report: methods from the stored protocol and searches, numbers from the data, PDF via Chromium', async () => {
    const html = await ok('report', '--reviewer', 'olive');
    expect(html).toMatch(/published 1990–2010, in eng/);
    expect(html).toMatch(/<strong>PubMed<\/strong>: 1 record from endnote-one-line-gbk-mojibake\.txt/);
    expect(html).toMatch(/Syed 2012 PubMed search \(reconstructed\)/);
    expect(html).toContain('PRISMA 2020 flow diagram');
    expect(html).toContain('Benefits by WHO health-system building block');
    expect(html).not.toContain('<script>alert(1)');
    await ok('report', '--format', 'pdf', '-o', join(dir, 'report.pdf'), '--reviewer', 'olive');
    expect(readFileSync(join(dir, 'report.pdf')).subarray(0, 4).toString()).toBe('%PDF');
    const missing = await cli({
      TWOWAY_DB: join(dir, 'review.db'),
      TWOWAY_CHROMIUM: '/nonexistent/chromium',
    }).twoway('report', '--format', 'pdf', '-o', join(dir, 'x.pdf'), '--reviewer', 'olive');
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(
      /^E_UNAVAILABLE TWOWAY_CHROMIUM is \/nonexistent\/chromium, which does not exist/,
    );
  });

  it('refuses an invalid framework file with the JSON path of each fault', async () => {
    writeFileSync(
      join(dir, 'bad-framework.json'),
      JSON.stringify({ id: 'Bad', version: 2, title: 'x', sources: [], dimensions: [] }),
    );
    const r = await twoway('codebook', 'import', join(dir, 'bad-framework.json'), '--reviewer', 'olive');
    expect(r.stderr).toMatch(/^E_FRAMEWORK_INVALID the framework is invalid:/);
    expect(r.stderr).toMatch(/\/id: must match pattern/);
    expect(r.stderr).toMatch(/\/dimensions: must not have fewer than 1 items/);
  });
});
