import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ROOT, SEED } from './test-support/run-cli.js';

const FIXTURES = join(ROOT, 'src', 'domain', 'formats', 'fixtures');
const { twoway } = cli();

describe('twoway convert', () => {
  it('converts the seed record to JSON Lines, one BibRecord a line', async () => {
    const r = await twoway('convert', SEED, '--to', 'json');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const record = JSON.parse(lines[0]!);
    expect(record).toMatchObject({
      v: 1,
      type: 'article',
      doi: '10.1186/1744-8603-8-17',
      publisher: 'BioMed Central',
    });
  });

  it('joins several files of different formats into one output file, and reports each', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'twoway-cli-'));
    const out = join(dir, 'all.ris');
    const r = await twoway(
      'convert',
      SEED,
      join(FIXTURES, 'biblatex.bib'),
      join(FIXTURES, 'pubmed-book-article.xml'),
      '--to',
      'ris',
      '-o',
      out,
      '--report',
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    const ris = readFileSync(out, 'utf8');
    expect(ris.match(/^TY {2}- /gm)).toHaveLength(4);
    const reports = JSON.parse(r.stderr);
    expect(reports.map((x: { format: string }) => x.format)).toEqual(['endnote', 'bibtex', 'pubmed-xml']);
    expect(reports[0]).toMatchObject({ encoding: 'utf-8', recordsRead: 1, repairs: { total: 15 } });
  });

  it('exits 2 with "E_CODE message (file:line)" on a file in no known format, and goes on with the others', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'twoway-cli-'));
    const letter = join(dir, 'letter.txt');
    writeFileSync(letter, 'Dear colleague,\nplease find the records attached.\n');
    const r = await twoway('convert', letter, SEED, '--to', 'csv');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      new RegExp(
        `^E_FORMAT_UNKNOWN .*Twoway reads: .*\\(${letter.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:1\\)$`,
        'm',
      ),
    );
    expect(r.stdout.split('\n')[0]).toMatch(/^record_id,type,title/);
    expect(r.stdout).toContain('Developed-developing country partnerships');
  });

  it('--strict fails on the first bad record with its line; lenient skips it with a warning', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'twoway-cli-'));
    const file = join(dir, 'bad.ris');
    writeFileSync(file, 'TY  - JOUR\nTI  - Good\nER  - \n\nTY  - JOUR\nAU  - Nobody\nER  - \n');
    const strict = await twoway('convert', file, '--to', 'json', '--strict');
    expect(strict.code).toBe(2);
    expect(strict.stderr).toContain(
      `E_RECORD_MALFORMED record has neither title, abstract nor DOI (${file}:5)`,
    );
    const lenient = await twoway('convert', file, '--to', 'json');
    expect(lenient.code).toBe(0);
    expect(lenient.stdout.trim().split('\n')).toHaveLength(1);
    expect(lenient.stderr).toContain(
      `warning: E_RECORD_MALFORMED record has neither title, abstract nor DOI (${file}:5)`,
    );
  });

  it('refuses a missing file and an unknown output format', async () => {
    const missing = await twoway('convert', '/nonexistent/x.ris', '--to', 'json');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^E_IO cannot read \/nonexistent\/x\.ris/m);
    const badTo = await twoway('convert', SEED, '--to', 'docx');
    expect(badTo.code).toBe(2);
    expect(badTo.stderr).toMatch(/docx/);
  });

  it('--from and --encoding override detection', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'twoway-cli-'));
    const file = join(dir, 'latin.dat');
    writeFileSync(file, Buffer.from('TY  - JOUR\nTI  - Caf\xe9 in Gen\xe8ve\nER  - \n', 'latin1'));
    const r = await twoway('convert', file, '--from', 'ris', '--encoding', 'latin1', '--to', 'json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).title).toBe('Café in Genève');
  });
});
