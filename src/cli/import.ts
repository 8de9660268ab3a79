import { SOURCES } from '../domain/synthesis/sources.js';
import type { Command } from 'commander';
import { Option } from 'commander';
import { TwowayError, formatProblem } from '../domain/errors.js';
import { CSV_FIELDS } from '../domain/formats/csv/csv-columns.js';
import { TEXT_ENCODINGS, type TextEncoding } from '../domain/text/decode.js';
import { importSearchRun, RUN_DATE, type ImportResult } from '../store/import/imports.js';
import { ParserThread } from '../store/import/parsed-rows.js';
import { resolveProject } from '../store/repositories/projects.js';
import { createProgress } from './progress.js';
import { idOf, WHO } from './option-values.js';
import { reviewerName } from './init.js';
import { print, withStore, withStoreOptions, type StoreCliOptions } from './store-option.js';
import { counted } from '../domain/text/counted.js';

interface ImportCliOptions extends StoreCliOptions {
  source: string;
  query?: string;
  date?: string;
  rerunOf?: string;
  reviewer?: string;
  force?: boolean;
  strict?: boolean;
  from?: string;
  encoding?: TextEncoding;
  map: string[];
}

/** Parses `--map column=field` pairs, refusing fields BibRecord has not got. */
export function parseColumnMap(pairs: string[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.lastIndexOf('=');
    const column = pair.slice(0, at).trim();
    const field = pair.slice(at + 1).trim();
    if (at <= 0 || !field)
      throw new TwowayError({ code: 'E_USAGE', message: `--map takes column=field, not "${pair}"` });
    if (!(CSV_FIELDS as readonly string[]).includes(field))
      throw new TwowayError({
        code: 'E_USAGE',
        message: `--map ${pair}: unknown field "${field}"; fields: ${CSV_FIELDS.join(', ')}`,
      });
    map[column] = field;
  }
  return map;
}

export function registerImport(program: Command): void {
  withStoreOptions(
    program
      .command('import')
      .description(
        'import bibliographic files into the project, one search per file (all of a file or none of it)',
      )
      .argument('<files...>', 'export files in any format Twoway reads')
      .requiredOption(
        '--source <name>',
        `where the records come from (any case; a database of your own once the protocol plans it): ${SOURCES.map((s) => s.id).join(', ')}`,
      )
      .option('--query <query>', 'the search query as it was run')
      .option('--date <YYYY-MM-DD>', 'the date the search was run')
      .option(
        '--rerun-of <search>',
        'a living review: this file is a newer run of that search (found by itself when source and query match an earlier run on an earlier --date); deduplicated at once, its new records screened first',
      )
      .option('--force', 'import a file this project has imported before')
      .option(...WHO)
      .option('--strict', 'fail a file on its first bad record (default: skip it with a warning)')
      .option('--from <format>', 'input format, instead of detection')
      .addOption(
        new Option('--encoding <name>', 'input encoding, instead of detection').choices([...TEXT_ENCODINGS]),
      )
      .option(
        '--map <column=field>',
        'map a CSV column to a BibRecord field (repeatable), e.g. --map keywords=mesh',
        (v: string, all: string[]) => [...all, v],
        [],
      ),
  ).action(async (files: string[], options: ImportCliOptions) => {
    if (options.date && !RUN_DATE.test(options.date))
      throw new TwowayError({ code: 'E_USAGE', message: `--date takes YYYY-MM-DD, not "${options.date}"` });
    const columnMap = parseColumnMap(options.map);
    const rerunOf = options.rerunOf === undefined ? undefined : idOf('--rerun-of')(options.rerunOf);
    let failed = false;
    // one parse thread reads every file of the run, one after another (starting one costs ~70 ms a file)
    const parser = new ParserThread();
    await withStore(options, async (store) => {
      const project = await resolveProject(store, options.project);
      const results: (ImportResult & { file: string })[] = [];
      for (const [i, file] of files.entries()) {
        const progress = createProgress();
        let started = false;
        try {
          const result = await importSearchRun(
            store,
            {
              projectId: project.id,
              path: file,
              source: options.source,
              columnMap,
              ...(options.query ? { query: options.query } : {}),
              ...(options.date ? { runDate: options.date } : {}),
              ...(rerunOf !== undefined ? { rerunOf } : {}),
              ...(options.force ? { force: true } : {}),
              ...(options.strict ? { strict: true } : {}),
              ...(options.from ? { from: options.from } : {}),
              ...(options.encoding ? { encoding: options.encoding } : {}),
              parser,
              ...(files[i + 1] !== undefined ? { readAhead: files[i + 1] } : {}),
              onBytes: (bytes, total) => {
                if (!started) progress.start(file, total);
                started = true;
                progress.update(file, bytes);
              },
            },
            reviewerName(options.reviewer),
          );
          progress.stop();
          results.push({ file, ...result });
          if (!options.json) {
            const r = result.report;
            process.stdout.write(
              `${file}: ${counted(result.recordsRead, 'record')} (${r.format}, ${r.encoding}) as search ${result.searchId}` +
                `${r.recordsSkipped ? `, ${r.recordsSkipped} skipped` : ''}${r.warningsTotal ? `, ${counted(r.warningsTotal, 'warning')}` : ''}${r.repairs.total ? `, ${counted(r.repairs.total, 'mojibake repair')}` : ''}\n`,
            );
            if (result.rerunOf !== null)
              process.stdout.write(
                `  a re-run of search ${result.rerunOf}: deduplicated at once (${counted(result.deduplicated?.newClusters ?? 0, 'new duplicate cluster')}, ${counted(result.deduplicated?.reviewPairs ?? 0, 'pair')} to review); its new records are screened first\n`,
              );
            for (const w of r.warnings.slice(0, 5))
              process.stderr.write(`warning: ${formatProblem(w, file)}\n`);
          }
        } catch (error) {
          progress.stop();
          if (!(error instanceof TwowayError)) throw error;
          failed = true;
          process.stderr.write(`${formatProblem(error.problem, error.file ?? file)}\n`);
        }
      }
      if (options.json) print(options, results, '');
    }).finally(() => parser.close());
    if (failed) process.exitCode = 2;
  });
}
