import { Option, type Command } from 'commander';
import { TwowayError } from '../domain/errors.js';
import type { SynthesisFilter } from '../domain/synthesis/coded-studies.js';
import type { MapRequest } from '../domain/synthesis/evidence-map.js';
import {
  SYNTHESIS_FORMATS,
  SYNTHESIS_KINDS,
  synthesisOutput,
  type SynthesisFormat,
  type SynthesisKind,
} from '../domain/synthesis/synthesis-output.js';
import { resolveProject } from '../store/repositories/projects.js';
import { synthesisInput } from '../store/repositories/synthesis-store.js';
import { reviewerName } from './init.js';
import { withStore, withStoreOptions, type StoreCliOptions } from './store-option.js';
import { collect } from './option-values.js';
import { writeOutput } from './output-file.js';

interface SynthesisOptions extends StoreCliOptions {
  format: string;
  output?: string;
  reviewer?: string;
  filter: string[];
  fromYear?: string;
  toYear?: string;
  rows?: string;
  cols?: string;
  segment?: string;
}

/** `--filter direction=mutual --filter field:study_design=survey` → codes per axis. */
export function parseFilters(
  options: Pick<SynthesisOptions, 'filter' | 'fromYear' | 'toYear'>,
): SynthesisFilter {
  const codes: Record<string, string[]> = {};
  for (const f of options.filter) {
    const at = f.lastIndexOf('=');
    if (at <= 0) throw new TwowayError({ code: 'E_USAGE', message: `--filter takes axis=code, not "${f}"` });
    (codes[f.slice(0, at)] ??= []).push(f.slice(at + 1));
  }
  const year = (v: string | undefined, name: string) => {
    if (v === undefined) return undefined;
    if (!/^\d{4}$/.test(v))
      throw new TwowayError({ code: 'E_USAGE', message: `${name} takes a year, not "${v}"` });
    return Number(v);
  };
  const yearFrom = year(options.fromYear, '--from-year');
  const yearTo = year(options.toYear, '--to-year');
  return {
    codes,
    ...(yearFrom === undefined ? {} : { yearFrom }),
    ...(yearTo === undefined ? {} : { yearTo }),
  };
}

export function registerSynthesis(program: Command): void {
  const synthesis = program
    .command('synthesis')
    .description('tables and the evidence map, computed from the consensus codings (never typed in)');
  const what: Record<SynthesisKind, string> = {
    table: 'benefits by WHO health-system building block (the paper’s Table 1)',
    areas: 'benefits by learning area: intangible benefits and transferable innovations',
    items: 'one row per benefit item with its study’s citation and codes',
    map: 'the evidence and gap map (default: building blocks × learning areas, segmented by direction)',
  };
  for (const name of SYNTHESIS_KINDS) {
    const formats = SYNTHESIS_FORMATS[name];
    const command = synthesis
      .command(name)
      .description(what[name])
      .addOption(new Option('--format <format>', 'output format').choices(formats).default(formats[0]!))
      .option('-o, --output <file>', 'write here instead of standard output (PNG and XLSX need a file)')
      .option(
        '--filter <axis=code>',
        'keep items with this code (repeatable; e.g. direction=to_high_income, field:study_design=survey)',
        collect,
        [],
      )
      .option('--from-year <year>', 'studies published from this year')
      .option('--to-year <year>', 'studies published up to this year')
      .option('--reviewer <name>', 'who reads: a member (env: TWOWAY_REVIEWER; default: your login name)');
    if (name === 'map')
      command
        .option('--rows <axis>', 'the rows (default building_block)')
        .option('--cols <axis>', 'the columns (default learning_area)')
        .option('--segment <axis>', 'the segments, or "none" (default direction)');
    withStoreOptions(command).action(async (options: SynthesisOptions) => {
      if ((options.format === 'png' || options.format === 'xlsx') && !options.output)
        throw new TwowayError({ code: 'E_USAGE', message: `--format ${options.format} needs -o <file>` });
      await withStore(options, async (store) => {
        const project = await resolveProject(store, options.project);
        const { input, about } = await synthesisInput(store, project.id, reviewerName(options.reviewer));
        const request: MapRequest = {
          ...parseFilters(options),
          ...(options.rows ? { rows: options.rows } : {}),
          ...(options.cols ? { cols: options.cols } : {}),
          ...(options.segment ? { segment: options.segment === 'none' ? null : options.segment } : {}),
        };
        let output;
        try {
          output = await synthesisOutput(name, options.format as SynthesisFormat, input, about, request);
        } catch (error) {
          if (error instanceof RangeError) throw new TwowayError({ code: 'E_USAGE', message: error.message });
          throw error;
        }
        await writeOutput(options.output, output.body);
      });
    });
  }
}
