import { WRITABLE_FORMATS } from '../domain/formats/index.js';
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import { Option } from 'commander';
import { TwowayError, formatProblem } from '../domain/errors.js';
import type { ImportReport } from '../domain/formats/import-report.js';
import { formatById } from '../domain/formats/index.js';
import type { BibRecord } from '../domain/record/bib-record.js';
import { TEXT_ENCODINGS, type TextEncoding } from '../domain/text/decode.js';
import { openInput } from '../store/import/input-file.js';
import { createProgress } from './progress.js';

interface ConvertOptions {
  to: string;
  from?: string;
  output?: string;
  report?: boolean;
  strict?: boolean;
  encoding?: TextEncoding;
}

/** Exit codes: 0 success, 2 bad input (some file could not be read, or strict mode met a bad record). */
export function registerConvert(program: Command): void {
  program
    .command('convert')
    .description('convert bibliographic files from any format Twoway reads to another')
    .argument('<files...>', 'input files (format and encoding are detected)')
    .addOption(
      new Option('--to <format>', 'output format').choices([...WRITABLE_FORMATS]).makeOptionMandatory(),
    )
    .option('--from <format>', 'input format, instead of detection')
    .addOption(
      new Option('--encoding <name>', 'input encoding, instead of detection').choices([...TEXT_ENCODINGS]),
    )
    .option('-o, --output <file>', 'write here instead of standard output')
    .option('--report', 'write the import report of every file as JSON to standard error')
    .option('--strict', 'fail a file on its first bad record (default: skip it with a warning)')
    .action(async (files: string[], options: ConvertOptions) => {
      process.exitCode = await convert(files, options);
    });
}

async function convert(files: string[], options: ConvertOptions): Promise<number> {
  const writer = formatById(options.to);
  if (!writer) throw new TwowayError({ code: 'E_USAGE', message: `unknown output format ${options.to}` });
  const reports: ImportReport[] = [];
  let failed = false;
  const progress = createProgress();
  async function* allRecords(): AsyncGenerator<BibRecord> {
    for (const file of files) {
      let opened;
      try {
        opened = await openInput(file, {
          ...(options.from ? { from: options.from } : {}),
          ...(options.encoding ? { encoding: options.encoding } : {}),
          strict: Boolean(options.strict),
          onBytes: (n) => progress.update(file, n),
        });
      } catch (error) {
        if (!(error instanceof TwowayError)) throw error;
        failed = true;
        process.stderr.write(`${formatProblem(error.problem, error.file ?? file)}\n`);
        continue;
      }
      progress.start(file, opened.size);
      try {
        yield* opened.records;
      } catch (error) {
        if (!(error instanceof TwowayError)) throw error;
        failed = true;
        process.stderr.write(`${formatProblem(error.problem, error.file ?? file)}\n`);
      } finally {
        progress.stop();
        reports.push(opened.collector.report);
        if (!options.report) printWarningsSummary(opened.collector.report);
      }
    }
  }
  const out = options.output ? createWriteStream(options.output) : process.stdout;
  await pipeline(Readable.from(writer.write(allRecords())), out, { end: Boolean(options.output) });
  if (options.report) process.stderr.write(`${JSON.stringify(reports, null, 2)}\n`);
  return failed ? 2 : 0;
}

/** The first warnings of a file read, on standard error, and how many more there were. */
export function printWarningsSummary(report: ImportReport): void {
  if (report.warningsTotal === 0) return;
  const first = report.warnings.slice(0, 5);
  for (const w of first) process.stderr.write(`warning: ${formatProblem(w, report.file)}\n`);
  if (report.warningsTotal > first.length)
    process.stderr.write(
      `warning: … ${report.warningsTotal - first.length} more in ${report.file} (use --report)\n`,
    );
}

export { WRITABLE_FORMATS };
