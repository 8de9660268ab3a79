import { Option, type Command } from 'commander';
import { prismaTemplateCsv } from '../domain/synthesis/prisma.js';
import { svgToPng } from '../domain/synthesis/svg-png.js';
import { renderPrismaSvg } from '../domain/synthesis/prisma-svg.js';
import { computePrisma } from '../store/repositories/prisma-store.js';
import { resolveProject } from '../store/repositories/projects.js';
import { withStore, withStoreOptions, type StoreCliOptions } from './store-option.js';
import { writeOutput } from './output-file.js';

interface PrismaOptions extends StoreCliOptions {
  format: 'json' | 'csv' | 'svg' | 'png';
  output?: string;
}

export function registerPrisma(program: Command): void {
  withStoreOptions(
    program
      .command('prisma')
      .description(
        'PRISMA 2020 flow: counts (JSON, or the PRISMA2020 R template CSV) or the diagram (SVG, PNG)',
      )
      .addOption(
        new Option('--format <format>', 'output format')
          .choices(['json', 'csv', 'svg', 'png'])
          .default('json'),
      )
      .option('-o, --output <file>', 'write here instead of standard output (PNG needs a file)'),
  ).action(async (options: PrismaOptions) => {
    await withStore(options, async (store) => {
      const project = await resolveProject(store, options.project);
      const counts = await computePrisma(store, project.id);
      let out: string | Uint8Array;
      if (options.format === 'json') out = `${JSON.stringify(counts, null, 2)}\n`;
      else if (options.format === 'csv') out = prismaTemplateCsv(counts);
      else {
        const svg = renderPrismaSvg(counts, `PRISMA 2020 flow diagram: ${project.title}`);
        out = options.format === 'svg' ? svg : svgToPng(svg);
      }
      await writeOutput(options.output, out);
    });
  });
}
