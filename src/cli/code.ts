import { writeFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { agreementRows } from '../domain/codebook/coding-agreement.js';
import { codingSheetColumns, codingSheetRows, readCodingSheet } from '../domain/codebook/coding-sheet.js';
import { sheetCsv } from '../domain/synthesis/synthesis-sheets.js';
import {
  codingSheetCsv,
  codingSheetXlsx,
  readCodingSheetFile,
} from '../domain/codebook/coding-sheet-files.js';
import { TwowayError, formatProblem } from '../domain/errors.js';
import { counted } from '../domain/text/counted.js';
import { projectCodebook } from '../store/repositories/codebook-store.js';
import {
  codingAgreementFor,
  codingQueue,
  codingsOf,
  recordConsensus,
  saveCoding,
  saveCodings,
  studyCodings,
} from '../store/repositories/coding-store.js';
import { resolveProject } from '../store/repositories/projects.js';
import { reviewerName } from './init.js';
import { print, withStore, withStoreOptions, type StoreCliOptions } from './store-option.js';
import { readBytes, readJsonFile } from './input-files.js';

interface CodeOptions extends StoreCliOptions {
  reviewer?: string;
}

const REVIEWER = ['--reviewer <name>', 'the coder (env: TWOWAY_REVIEWER; default: your login name)'] as const;

const recordId = (v: string) => {
  if (!/^\d+$/.test(v))
    throw new TwowayError({ code: 'E_USAGE', message: `--record takes a record id, not "${v}"` });
  return Number(v);
};

export function registerCode(program: Command): void {
  const code = program
    .command('code')
    .description('code included studies against the framework: one by one, or offline in a sheet');
  withStoreOptions(
    code
      .command('list')
      .description('the studies to code (included at full text) and where each stands')
      .option(...REVIEWER),
  ).action(async (options: CodeOptions) => {
    await withStore(options, async (store) => {
      const project = await resolveProject(store, options.project);
      const queue = await codingQueue(store, project.id, reviewerName(options.reviewer));
      const lines = queue.map(
        (q) =>
          `${String(q.recordId).padStart(6)}  ${q.mine.padEnd(9)} ${q.submittedCoders} submitted${q.consensus ? ' · consensus' : q.complete ? ' · ready for consensus' : ''}  ${q.citation}: ${q.title}`,
      );
      print(options, queue, queue.length ? lines.join('\n') : 'no study is included at full text yet');
    });
  });
  withStoreOptions(
    code
      .command('show')
      .description("a study's codings, as the coding policy lets you see them")
      .requiredOption('--record <id>', 'the study', recordId)
      .option(...REVIEWER),
  ).action(async (options: CodeOptions & { record: number }) => {
    await withStore(options, async (store) => {
      const project = await resolveProject(store, options.project);
      const study = await studyCodings(store, project.id, options.record, reviewerName(options.reviewer));
      print(options, study, JSON.stringify(study, null, 2));
    });
  });
  for (const [name, description] of [
    [
      'save',
      'save your coding of a study from a JSON file (the coding schema: twoway codebook schema coding)',
    ],
    ['consensus', 'record the consensus coding of a study (once the independent codings are in)'],
  ] as const) {
    const command = code
      .command(name)
      .description(description)
      .requiredOption('--record <id>', 'the study', recordId)
      .requiredOption('--file <coding.json>', 'the coding: { "fields": {…}, "items": [benefit items] }')
      .option(...REVIEWER);
    if (name === 'save')
      command.option('--submit', 'submit it (in blind mode the others see it once all are in)');
    withStoreOptions(command).action(
      async (options: CodeOptions & { record: number; file: string; submit?: boolean }) => {
        const coding = await readJsonFile(options.file);
        await withStore(options, async (store) => {
          const project = await resolveProject(store, options.project);
          const { framework } = await projectCodebook(store, project);
          const input = {
            projectId: project.id,
            recordId: options.record,
            coder: reviewerName(options.reviewer),
            coding,
            frameworkVersion: framework.version,
          };
          try {
            const saved =
              name === 'save'
                ? await saveCoding(store, { ...input, submit: Boolean(options.submit) })
                : await recordConsensus(store, input);
            const what =
              name === 'save' ? (options.submit ? 'submitted' : 'draft saved') : 'consensus recorded';
            print(options, saved, `record ${saved.recordId}: ${what}`);
          } catch (error) {
            if (error instanceof TwowayError) error.file ??= options.file;
            throw error;
          }
        });
      },
    );
  }
  withStoreOptions(
    code
      .command('agreement')
      .description('agreement of the independent coders per field and per code (percent, kappa, alpha)')
      .option('--csv', 'as CSV: a row a field, then a row a code of each many-value field')
      .option(...REVIEWER),
  ).action(async (options: CodeOptions & { csv?: boolean }) => {
    await withStore(options, async (store) => {
      const project = await resolveProject(store, options.project);
      const result = await codingAgreementFor(store, project.id, reviewerName(options.reviewer));
      if (options.csv) {
        process.stdout.write(sheetCsv({ name: 'Coding agreement', ...agreementRows(result.fields) }));
        return;
      }
      const f = (x: number) => (Number.isNaN(x) ? '—' : x.toFixed(2));
      const lines = result.fields.map(
        (a) =>
          `${a.label.padEnd(48)} studies ${String(a.studies).padStart(4)}  agreement ${f(a.percent)}  kappa ${f(a.kappa)}  alpha ${f(a.alpha)}`,
      );
      print(
        options,
        result,
        [`${counted(result.studies, 'study', 'studies')} coded by all their coders`, ...lines].join('\n'),
      );
    });
  });
  withStoreOptions(
    code
      .command('export')
      .description('a coding sheet of the studies to code, with your own codings filled in, to code offline')
      .addOption(new Option('--format <format>', 'sheet format').choices(['csv', 'xlsx']).default('xlsx'))
      .requiredOption('-o, --output <file>', 'the sheet to write')
      .option(...REVIEWER),
  ).action(async (options: CodeOptions & { format: 'csv' | 'xlsx'; output: string }) => {
    await withStore(options, async (store) => {
      const project = await resolveProject(store, options.project);
      const coder = reviewerName(options.reviewer);
      const { codebook, studies } = await codingsOf(store, project.id, coder);
      const columns = codingSheetColumns(codebook.form);
      const rows = codingSheetRows(codebook.form, studies);
      const bytes =
        options.format === 'csv'
          ? codingSheetCsv(columns, rows)
          : await codingSheetXlsx(
              columns,
              rows,
              codebook.framework,
              `Coding sheet of ${coder} for "${project.title}", made ${new Date().toISOString()}`,
            );
      await writeFile(options.output, bytes);
      print(
        options,
        { studies: studies.length, rows: rows.length },
        `${counted(studies.length, 'study', 'studies')} written to ${options.output}`,
      );
    });
  });
  withStoreOptions(
    code
      .command('import <sheet>')
      .description('bring a coding sheet back (CSV or XLSX): every row checked, all saved or none')
      .option('--submit', 'submit the codings (else they are saved as drafts)')
      .option(...REVIEWER),
  ).action(async (sheet: string, options: CodeOptions & { submit?: boolean }) => {
    const bytes = await readBytes(sheet);
    await withStore(options, async (store) => {
      const project = await resolveProject(store, options.project);
      const coder = reviewerName(options.reviewer);
      const codebook = await projectCodebook(store, project);
      let rows;
      try {
        rows = await readCodingSheetFile(bytes, codingSheetColumns(codebook.form));
      } catch (error) {
        if (error instanceof TwowayError) error.file ??= sheet;
        throw error;
      }
      const { codings, faults } = readCodingSheet(rows, codebook.form, codebook.framework);
      if (faults.length > 0) {
        for (const fault of faults.slice(0, 50))
          process.stderr.write(
            `${formatProblem({ code: 'E_SHEET_INVALID', message: fault.message, line: fault.line }, sheet)}\n`,
          );
        throw new TwowayError(
          {
            code: 'E_SHEET_INVALID',
            message: `${counted(faults.length, 'fault')} in the sheet; nothing was saved`,
          },
          sheet,
        );
      }
      try {
        await saveCodings(
          store,
          project.id,
          [...codings].map(([recordId, coding]) => ({
            recordId,
            coder,
            coding,
            frameworkVersion: codebook.framework.version,
            submit: Boolean(options.submit),
          })),
        );
      } catch (error) {
        if (error instanceof TwowayError) error.file ??= sheet;
        throw error;
      }
      print(
        options,
        { saved: codings.size },
        `${counted(codings.size, 'coding')} ${options.submit ? 'submitted' : 'saved as drafts'} from ${sheet}`,
      );
    });
  });
}
