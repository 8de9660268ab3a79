import { Option, type Command } from 'commander';
import { TwowayError } from '../domain/errors.js';
import { reviewReportHtml } from '../domain/synthesis/review-report.js';
import { htmlToPdf } from '../server/html-to-pdf.js';
import { resolveProject } from '../store/repositories/projects.js';
import { reviewReportInput } from '../store/repositories/report-store.js';
import { reviewerName } from './init.js';
import { withStore, withStoreOptions, type StoreCliOptions } from './store-option.js';
import { writeOutput } from './output-file.js';

export function registerReport(program: Command): void {
  withStoreOptions(
    program
      .command('report')
      .description(
        'the review report: methods from the stored protocol and searches, PRISMA 2020, agreement, tables, the map',
      )
      .addOption(
        new Option('--format <format>', 'html, or pdf (printed by the system Chromium; env: TWOWAY_CHROMIUM)')
          .choices(['html', 'pdf'])
          .default('html'),
      )
      .option('-o, --output <file>', 'write here instead of standard output (PDF needs a file)')
      .option('--reviewer <name>', 'who reads: a member (env: TWOWAY_REVIEWER; default: your login name)'),
  ).action(
    async (options: StoreCliOptions & { format: 'html' | 'pdf'; output?: string; reviewer?: string }) => {
      if (options.format === 'pdf' && !options.output)
        throw new TwowayError({ code: 'E_USAGE', message: '--format pdf needs -o <file>' });
      await withStore(options, async (store) => {
        const project = await resolveProject(store, options.project);
        const html = reviewReportHtml(
          await reviewReportInput(store, project.id, reviewerName(options.reviewer)),
        );
        const out = options.format === 'pdf' ? await htmlToPdf(html) : html;
        await writeOutput(options.output, out);
      });
    },
  );
}
