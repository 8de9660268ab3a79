import { writeFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { TwowayError } from '../domain/errors.js';
import { benefitRows, buildingBlockTable, learningAreaTable } from '../domain/synthesis/benefit-tables.js';
import type { SynthesisFilter } from '../domain/synthesis/coded-studies.js';
import {
  evidenceMap,
  evidenceMapData,
  mapCells,
  mapQuery,
  type MapRequest,
} from '../domain/synthesis/evidence-map.js';
import { evidenceMapHtml } from '../domain/synthesis/evidence-map-html.js';
import { mapView, renderMapSvg } from '../domain/synthesis/evidence-map-svg.js';
import { htmlPage, sheetHtml } from '../domain/synthesis/html-table.js';
import { svgToPng } from '../domain/synthesis/svg-png.js';
import {
  benefitRowsSheet,
  dimensionSheet,
  learningAreaSheet,
  mapSheet,
  sheetCsv,
  sheetsXlsx,
  synthesisJson,
  type Sheet,
} from '../domain/synthesis/synthesis-sheets.js';
import { resolveProject } from '../store/repositories/projects.js';
import { synthesisInput } from '../store/repositories/synthesis-store.js';
import { reviewerName } from './init.js';
import { withStore, withStoreOptions, type StoreCliOptions } from './store-option.js';

const collect = (value: string, all: string[]): string[] => [...all, value];

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

/** Runs a synthesis computation, turning an unknown axis into a usage error. */
function usage<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof RangeError) throw new TwowayError({ code: 'E_USAGE', message: error.message });
    throw error;
  }
}

const FORMATS = {
  table: ['csv', 'xlsx', 'json', 'html'],
  areas: ['csv', 'xlsx', 'json', 'html'],
  items: ['csv', 'xlsx', 'json', 'html'],
  map: ['html', 'svg', 'png', 'csv', 'xlsx', 'json'],
} as const;

export function registerSynthesis(program: Command): void {
  const synthesis = program
    .command('synthesis')
    .description('tables and the evidence map, computed from the consensus codings (never typed in)');
  const what = {
    table: 'benefits by WHO health-system building block (the paper’s Table 1)',
    areas: 'benefits by learning area: intangible benefits and transferable innovations',
    items: 'one row per benefit item with its study’s citation and codes',
    map: 'the evidence and gap map (default: building blocks × learning areas, segmented by direction)',
  } as const;
  for (const name of Object.keys(what) as (keyof typeof what)[]) {
    const command = synthesis
      .command(name)
      .description(what[name])
      .addOption(
        new Option('--format <format>', 'output format').choices(FORMATS[name]).default(FORMATS[name][0]),
      )
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
        const filter = parseFilters(options);
        let out: string | Uint8Array;
        if (name === 'map') {
          const request: MapRequest = {
            ...filter,
            ...(options.rows ? { rows: options.rows } : {}),
            ...(options.cols ? { cols: options.cols } : {}),
            ...(options.segment ? { segment: options.segment === 'none' ? null : options.segment } : {}),
          };
          const map = usage(() => evidenceMap(input, request));
          if (options.format === 'html') out = usage(() => evidenceMapHtml(evidenceMapData(input), request));
          else if (options.format === 'svg' || options.format === 'png') {
            const data = evidenceMapData(input);
            const query = usage(() => mapQuery(data, request));
            const svg = renderMapSvg(mapView(data, query, mapCells(data, query)));
            out = options.format === 'svg' ? svg : svgToPng(svg);
          } else if (options.format === 'json') out = synthesisJson(about, map);
          else out = await sheetOutput(options.format, [mapSheet(map)], about);
        } else {
          let sheet: Sheet;
          let data: unknown;
          if (name === 'table') {
            const table = usage(() => buildingBlockTable(input, filter));
            sheet = dimensionSheet(table, 'Building blocks');
            data = table;
          } else if (name === 'areas') {
            const table = usage(() => learningAreaTable(input, filter));
            sheet = learningAreaSheet(table);
            data = table;
          } else {
            const rows = usage(() => benefitRows(input, filter));
            sheet = benefitRowsSheet(rows);
            data = rows.rows.map((r) => Object.fromEntries(rows.columns.map((c, i) => [c, r[i]])));
          }
          if (options.format === 'json') out = synthesisJson(about, data);
          else if (options.format === 'html')
            out = htmlPage(`${sheet.name}: ${project.title}`, sheetHtml(sheet));
          else out = await sheetOutput(options.format, [sheet], about);
        }
        if (options.output) await writeFile(options.output, out);
        else process.stdout.write(out);
      });
    });
  }
}

async function sheetOutput(
  format: string,
  sheets: Sheet[],
  about: Parameters<typeof sheetsXlsx>[1],
): Promise<string | Uint8Array> {
  if (format === 'xlsx') return sheetsXlsx(sheets, about);
  return sheets.map(sheetCsv).join('\n');
}
