import { createWriteStream } from 'node:fs';
import { fromSpreadsheetCell, spreadsheetCell } from '../domain/formats/csv/spreadsheet-cells.js';
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { Command } from 'commander';
import { TwowayError, formatProblem } from '../domain/errors.js';
import { personToString } from '../domain/record/bib-record.js';
import { loadProjectRecords } from '../store/repositories/stored-records.js';
import { resolveProject } from '../store/repositories/projects.js';
import {
  agreementByPair,
  recordDecision,
  resolveConflict,
  screeningStatuses,
} from '../store/repositories/screening-store.js';
import { reviewerName } from './init.js';
import { print, withStore, withStoreOptions, type StoreCliOptions } from './store-option.js';
import { counted } from '../domain/text/counted.js';

interface ScreenOptions extends StoreCliOptions {
  stage: string;
  output?: string;
  reviewer?: string;
}

/** Columns of the offline screening sheet; `decision`, `reason` and `note` are the ones to fill in. */
export const SCREEN_COLUMNS = [
  'record_id',
  'state',
  'title',
  'authors',
  'year',
  'journal',
  'doi',
  'pmid',
  'abstract',
  'decision',
  'reason',
  'note',
];

export function registerScreen(program: Command): void {
  const screen = program
    .command('screen')
    .description('screen offline: export a sheet of records, fill in decisions, import it back');
  withStoreOptions(
    screen
      .command('export')
      .description('write the records of a stage with their current state as CSV')
      .option('--stage <stage>', 'title-abstract or full-text', 'title-abstract')
      .option('-o, --output <file>', 'write here instead of standard output'),
  ).action(async (options: ScreenOptions) => {
    await withStore(options, async (store) => {
      const project = await resolveProject(store, options.project);
      const statuses = await screeningStatuses(store, project.id, options.stage);
      const data = new Map((await loadProjectRecords(store, project.id)).map((r) => [r.id, r.record]));
      const rows = statuses.map((s) => {
        const r = data.get(s.recordId)!;
        const authors = (r.authors ?? []).map(personToString).join('; ');
        return [
          s.recordId,
          s.state,
          r.title ?? '',
          authors,
          r.date?.year ?? '',
          r.journal?.title ?? r.journal?.abbrev ?? '',
          r.doi ?? '',
          r.pmid ?? '',
          r.abstract ?? '',
          '',
          '',
          '',
        ];
      });
      // a title or abstract that looks like a formula is written as text (spreadsheets would run it)
      const csv = stringify([SCREEN_COLUMNS, ...rows], { cast: { string: spreadsheetCell } });
      if (options.output)
        await new Promise<void>((resolve, reject) =>
          createWriteStream(options.output!)
            .end(csv, () => resolve())
            .on('error', reject),
        );
      else process.stdout.write(csv);
    });
  });
  withStoreOptions(
    screen
      .command('import')
      .description(
        'record the decisions filled in a screening sheet (decision: include, exclude, maybe, retract)',
      )
      .argument('<file>', 'a sheet written by `screen export`')
      .option('--stage <stage>', 'title-abstract or full-text', 'title-abstract')
      .option(
        '--reviewer <name>',
        'whose decisions these are (env: TWOWAY_REVIEWER; default: your login name)',
      ),
  ).action(async (file: string, options: ScreenOptions) => {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new TwowayError(
        { code: 'E_IO', message: `cannot read ${file}: ${(error as Error).message}` },
        file,
      );
    }
    let rows: Record<string, string>[];
    try {
      rows = parse(text, {
        columns: true,
        bom: true,
        skip_empty_lines: true,
        relax_column_count: true,
        cast: (value) => fromSpreadsheetCell(value),
      }) as Record<string, string>[];
    } catch (error) {
      throw new TwowayError({ code: 'E_CSV_INVALID', message: (error as Error).message }, file);
    }
    const reviewer = reviewerName(options.reviewer);
    let recorded = 0;
    let failed = 0;
    await withStore(options, async (store) => {
      const project = await resolveProject(store, options.project);
      for (const [i, row] of rows.entries()) {
        const value = (row.decision ?? '').trim().toLowerCase();
        if (!value) continue;
        const line = i + 2;
        try {
          await recordDecision(store, {
            projectId: project.id,
            recordId: Number(row.record_id),
            stage: options.stage,
            reviewer,
            value,
            ...(row.reason?.trim() ? { reason: row.reason.trim() } : {}),
            ...(row.note?.trim() ? { note: row.note.trim() } : {}),
          });
          recorded++;
        } catch (error) {
          if (!(error instanceof TwowayError)) throw error;
          failed++;
          process.stderr.write(`${formatProblem({ ...error.problem, line }, file)}\n`);
        }
      }
      print(
        options,
        { recorded, failed },
        `${counted(recorded, 'decision')} recorded for ${reviewer}${failed ? `, ${failed} refused (see above)` : ''}`,
      );
    });
    if (failed > 0) process.exitCode = 2;
  });
}

export function registerResolve(program: Command): void {
  withStoreOptions(
    program
      .command('resolve')
      .description('resolve a screening conflict (an owner, or a reviewer who did not vote on the record)')
      .argument('<record>', 'record id')
      .argument('<decision>', 'include or exclude')
      .option('--stage <stage>', 'title-abstract or full-text', 'title-abstract')
      .option('--reason <reason>', 'exclusion reason from the protocol')
      .option('--note <note>', 'a note kept with the resolution')
      .option('--reviewer <name>', 'who resolves (env: TWOWAY_REVIEWER; default: your login name)'),
  ).action(
    async (record: string, decision: string, options: ScreenOptions & { reason?: string; note?: string }) => {
      await withStore(options, async (store) => {
        const project = await resolveProject(store, options.project);
        const id = await resolveConflict(store, {
          projectId: project.id,
          recordId: Number(record),
          stage: options.stage,
          reviewer: reviewerName(options.reviewer),
          value: decision,
          ...(options.reason ? { reason: options.reason } : {}),
          ...(options.note ? { note: options.note } : {}),
        });
        print(options, { resolution: id }, `record ${record} resolved: ${decision}`);
      });
    },
  );
}

export function registerStats(program: Command): void {
  withStoreOptions(
    program
      .command('stats')
      .description(
        "agreement between reviewers: percent agreement, Cohen's kappa, Gwet's AC1 (while screening is blind, for owners only)",
      )
      .option('--stage <stage>', 'title-abstract or full-text', 'title-abstract')
      .option('--reviewer <name>', 'who asks (env: TWOWAY_REVIEWER; default: your login name)'),
  ).action(async (options: ScreenOptions) => {
    await withStore(options, async (store) => {
      const project = await resolveProject(store, options.project);
      const pairs = await agreementByPair(store, project.id, options.stage, reviewerName(options.reviewer));
      const fmt = (x: number): string => (Number.isNaN(x) ? 'n/a' : x.toFixed(3));
      const lines = pairs.length
        ? pairs.map(
            (p) =>
              `${p.reviewers.join(' × ')}: ${counted(p.n, 'record')}, agreement ${fmt(p.percent)}, kappa ${fmt(p.kappa)}, AC1 ${fmt(p.ac1)}`,
          )
        : ['no record has been decided by two reviewers yet'];
      print(options, pairs, lines.join('\n'));
    });
  });
}
