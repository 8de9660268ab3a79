import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Option, type Command } from 'commander';
import { formatById } from '../domain/formats/index.js';
import { exportableRecords, type ExportStage } from '../store/repositories/export-records.js';
import { resolveProject } from '../store/repositories/projects.js';
import { WRITABLE_FORMATS } from './convert.js';
import { withStore, withStoreOptions, type StoreCliOptions } from './store-option.js';
import { counted } from '../domain/text/counted.js';
import { withReview } from '../domain/screening/review-export.js';

interface ExportOptions extends StoreCliOptions {
  format: string;
  stage?: ExportStage;
  output?: string;
  reviewer?: string;
}

export function registerExport(program: Command): void {
  withStoreOptions(
    program
      .command('export')
      .description("export the project's records, duplicates merged into their canonical record")
      .addOption(
        new Option('--format <format>', 'output format').choices([...WRITABLE_FORMATS]).makeOptionMandatory(),
      )
      .addOption(
        new Option('--stage <which>', 'only the records included at a stage').choices([
          'title-abstract',
          'full-text',
          'included',
        ]),
      )
      .option('-o, --output <file>', 'write here instead of standard output')
      .option(
        '--reviewer <name>',
        'export as this member may see it (in blind screening, their own votes); without it, every vote',
      ),
  ).action(async (options: ExportOptions) => {
    await withStore(options, async (store) => {
      const project = await resolveProject(store, options.project);
      const exported = await exportableRecords(store, project.id, {
        ...(options.stage ? { stage: options.stage } : {}),
        ...(options.reviewer ? { viewer: options.reviewer } : {}),
      });
      const writer = formatById(options.format)!;
      const { records: out, options: writeOptions } = withReview(exported, writer.id);
      const target = options.output ? createWriteStream(options.output) : process.stdout;
      await pipeline(Readable.from(writer.write(out, writeOptions)), target, {
        end: Boolean(options.output),
      });
      if (options.output)
        process.stderr.write(`${counted(out.length, 'record')} written to ${options.output}\n`);
    });
  });
}
