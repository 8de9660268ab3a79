import {
  benefitRows,
  buildingBlockTable,
  learningAreaTable,
  shownBenefits,
  type DimensionTable,
  type LearningAreaTable,
} from './benefit-tables.js';
import type { SynthesisInput } from './coded-studies.js';
import { evidenceMap, evidenceMapData, mapCells, mapQuery, type MapRequest } from './evidence-map.js';
import { evidenceMapHtml } from './evidence-map-html.js';
import { mapView, renderMapSvg } from './evidence-map-svg.js';
import { htmlPage, sheetHtml } from './html-table.js';
import { svgToPng } from './svg-png.js';
import {
  benefitRowsSheet,
  dimensionSheet,
  learningAreaSheet,
  mapSheet,
  sheetCsv,
  sheetsXlsx,
  synthesisJson,
  type ExportAbout,
  type Sheet,
} from './synthesis-sheets.js';

/**
 * Every synthesis output in every format, in one place: the CLI (`twoway synthesis …`) and the API
 * (`GET …/synthesis/…`) both ask for one here and only write or send it.
 */

export const SYNTHESIS_KINDS = ['table', 'areas', 'items', 'map'] as const;
export type SynthesisKind = (typeof SYNTHESIS_KINDS)[number];

export const SYNTHESIS_FORMATS = {
  table: ['csv', 'xlsx', 'json', 'html'],
  areas: ['csv', 'xlsx', 'json', 'html'],
  items: ['csv', 'xlsx', 'json', 'html'],
  map: ['html', 'svg', 'png', 'csv', 'xlsx', 'json'],
} as const satisfies Record<SynthesisKind, readonly string[]>;

export type SynthesisFormat = (typeof SYNTHESIS_FORMATS)[SynthesisKind][number];

export interface SynthesisOutput {
  body: string | Uint8Array;
  contentType: string;
  extension: string;
}

const CONTENT_TYPES: Record<SynthesisFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  json: 'application/json; charset=utf-8',
  html: 'text/html; charset=utf-8',
  svg: 'image/svg+xml; charset=utf-8',
  png: 'image/png',
};

/**
 * One synthesis output. An unknown axis in the request is a RangeError (the callers turn it into E_USAGE).
 * @example await synthesisOutput('map', 'svg', input, about, { rows: 'building_block', cols: 'evidence_type' })
 */
export interface OutputOptions {
  /** For a page: JSON tables carry at most this many benefits a row (exports carry them all). */
  benefitsPerRow?: number;
  /** Compact JSON (for a page) instead of indented (for a file). */
  compact?: boolean;
}

export async function synthesisOutput(
  kind: SynthesisKind,
  format: SynthesisFormat,
  input: SynthesisInput,
  about: ExportAbout,
  request: MapRequest = {},
  options: OutputOptions = {},
): Promise<SynthesisOutput> {
  const done = (body: string | Uint8Array): SynthesisOutput => ({
    body,
    contentType: CONTENT_TYPES[format],
    extension: format,
  });
  const shown = <T extends DimensionTable | LearningAreaTable>(table: T): T =>
    format === 'json' && options.benefitsPerRow !== undefined
      ? shownBenefits(table, options.benefitsPerRow)
      : table;
  const sheets = async (list: Sheet[], data: unknown, title: string) => {
    if (format === 'json') return done(synthesisJson(about, data, options.compact ? 0 : 2));
    if (format === 'xlsx') return done(await sheetsXlsx(list, about));
    if (format === 'html')
      return done(htmlPage(`${title}: ${about.project}`, list.map(sheetHtml).join('\n')));
    return done(list.map(sheetCsv).join('\n'));
  };
  if (kind === 'map') {
    if (format === 'html') return done(evidenceMapHtml(evidenceMapData(input), request, about.generatedAt));
    if (format === 'svg' || format === 'png') {
      const data = evidenceMapData(input);
      const query = mapQuery(data, request);
      const svg = renderMapSvg(mapView(data, query, mapCells(data, query)));
      return done(format === 'svg' ? svg : svgToPng(svg));
    }
    const map = evidenceMap(input, request);
    return sheets([mapSheet(map)], map, 'Evidence map');
  }
  if (kind === 'table') {
    const table = buildingBlockTable(input, request);
    return sheets([dimensionSheet(table, 'Building blocks')], shown(table), 'Benefits by building block');
  }
  if (kind === 'areas') {
    const table = learningAreaTable(input, request);
    return sheets([learningAreaSheet(table)], shown(table), 'Benefits by learning area');
  }
  const rows = benefitRows(input, request);
  return sheets(
    [benefitRowsSheet(rows)],
    rows.rows.map((r) => Object.fromEntries(rows.columns.map((c, i) => [c, r[i]]))),
    'Benefit items',
  );
}
