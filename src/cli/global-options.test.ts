import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { twowayProgram } from './program.js';
import { cli, SEED } from './test-support/run-cli.js';
import { tinyPdf } from '../store/test-support/tiny-pdf.js';

/** Every command and subcommand, by its full name. */
function allCommands(command: Command, prefix: string[] = []): { name: string[]; command: Command }[] {
  return command.commands.flatMap((c) => {
    const name = [...prefix, c.name()];
    return [{ name, command: c }, ...allCommands(c, name)];
  });
}

/** The arguments each command that opens a database is run with here (the rest of its options are left out). */
const ARGUMENTS: Record<string, string[]> = {
  init: ['--title', 'Elsewhere'],
  import: [SEED, '--source', 'pubmed'],
  'imports list': [],
  'imports remove': ['1', '--dry-run'],
  'fulltext attach': ['1', 'a.pdf'],
  'fulltext attach-all': ['a.pdf'],
  'fulltext list': [],
  'fulltext get': ['1', '-o', 'out.pdf'],
  'fulltext remove': ['1'],
  backup: ['-o', 'backup.db'],
  restore: ['backup.db', '--force'],
  protocol: ['--reason', 'not a partnership'],
  member: ['ana'],
  dedupe: [],
  'dedupe merge': ['1', '2'],
  'dedupe not-duplicate': ['1', '2'],
  'dedupe undo': ['1'],
  'screen export': [],
  'screen import': ['sheet.csv'],
  resolve: ['1', 'include'],
  stats: [],
  prisma: [],
  search: ['twinning'],
  export: ['--format', 'ris'],
  migrate: [],
  'codebook list': [],
  'codebook show': [],
  'codebook export': [],
  'codebook import': ['framework.json'],
  'codebook add': ['--dimension', 'level', '--code', 'community', '--label', 'Community'],
  'codebook rename': ['--dimension', 'level', '--code', 'individual', '--label', 'Person'],
  'codebook merge': ['--dimension', 'level', '--code', 'partnership', '--into', 'organisational'],
  'codebook retire': ['--dimension', 'level', '--code', 'health_system'],
  'code list': [],
  'code show': ['--record', '1'],
  'code save': ['--record', '1', '--file', 'coding.json'],
  'code consensus': ['--record', '1', '--file', 'coding.json'],
  'code agreement': [],
  'code export': ['-o', 'out.xlsx'],
  'code import': ['sheet.csv'],
  'synthesis table': [],
  'synthesis areas': [],
  'synthesis items': [],
  'synthesis map': [],
  report: [],
  'institution add': ['--name', 'Example District Hospital', '--country', 'UG'],
  'institution list': [],
  'partnership add': ['--title', 'x', '--start', '2012-01-01', '--institution', '1', '--institution', '2'],
  'partnership list': [],
  'partnership show': ['1'],
  'partnership side': ['1', '--institution', '1', '--side', 'unknown', '--reason', 'test'],
  'partnership cycle': ['1', '--step', 'action', '--date', '2012-02-01'],
  'registry grant': ['fay', '--role', 'viewer'],
  'report-round open': ['--partnership', '1', '--from', '2012-01-01', '--to', '2012-12-31'],
  'report-round close': ['1'],
  'report-round list': ['--partnership', '1'],
  'report-round show': ['1'],
  'report-round divergence': ['1'],
  'benefit-report save': ['coding.json', '--round', '1', '--institution', '1'],
  'benefit-report import': ['coding.json', '--round', '1', '--institution', '1'],
  'benefit-report export': ['--round', '1', '--institution', '1'],
  mutuality: [],
  demo: [],
  'business-case': ['--format', 'json'],
  'benefit-flow': ['--format', 'json'],
  dhis2: ['--round', '1', '--template'],
  'benefit-report xlsform': ['--partnership', '1', '-o', 'form.xlsx'],
  'benefit-report submissions': ['submissions.json'],
  iati: ['--reporting-org-ref', 'XM-DAC-41114', '--reporting-org-name', 'x', '--reporting-org-type', '21'],
  'registry audit': [],
  'activity add': ['--partnership', '1', '--type', 'training', '--title', 'x', '--start', '2012-03-01'],
  'activity correct': ['1', '--type', 'training', '--title', 'y', '--start', '2012-03-01'],
  'activity list': [],
  'activity remove': ['1'],
  'prioritise status': [],
  'prioritise retrain': [],
  'prioritise ranking': [],
  'prioritise provenance': [],
  'prioritise prior': ['1', 'relevant'],
  'prioritise stop': ['--reason', 'enough'],
};
/** Commands that open no database of a project, or run until stopped. */
const NOT_HERE = new Set(['convert', 'serve', 'country']);

describe('global options reach every command', () => {
  const commands = allCommands(twowayProgram()).filter((c) => !NOT_HERE.has(c.name.join(' ')));

  it('knows the arguments of every command that opens a database', () => {
    const withDb = commands.filter((c) => c.command.options.some((o) => o.long === '--db'));
    expect(withDb.map((c) => c.name.join(' ')).sort()).toEqual(Object.keys(ARGUMENTS).sort());
  });

  it('every command uses the database --db names, never the default one in the working folder', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'twoway-cwd-'));
    const db = join(mkdtempSync(join(tmpdir(), 'twoway-elsewhere-')), 'review.db');
    writeFileSync(join(cwd, 'sheet.csv'), 'record_id,decision\n');
    writeFileSync(join(cwd, 'coding.json'), '{ "fields": {}, "items": [] }');
    writeFileSync(join(cwd, 'framework.json'), '{ "id": "x" }');
    writeFileSync(join(cwd, 'submissions.json'), '[]');
    writeFileSync(join(cwd, 'a.pdf'), tinyPdf('a'));
    const { twoway } = cli({ TWOWAY_REVIEWER: 'owner' }, cwd);
    for (const name of Object.keys(ARGUMENTS)) {
      // the option after the arguments (as a user types it), where commander gives it to the parent command
      const run = await twoway(...name.split(' '), ...ARGUMENTS[name]!, '--db', db);
      expect(run.stderr, `twoway ${name}`).not.toMatch(/twoway-data/);
      expect(existsSync(join(cwd, 'twoway-data')), `twoway ${name} opened ./twoway-data`).toBe(false);
    }
    expect(existsSync(db)).toBe(true);
  }, 120_000);
});
