import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import type { Framework } from '../codebook/framework.js';
import { spreadsheetCell } from '../formats/csv/spreadsheet-cells.js';
import type { BenefitRows, DimensionTable, LearningAreaTable } from './benefit-tables.js';
import type { EvidenceMap } from './evidence-map.js';

/**
 * The synthesis as sheets (a title, columns, rows) and the files made of them: CSV (cells that a spreadsheet
 * would run as formulas are written as text), XLSX (an "About" sheet first: framework, version, which code
 * lists are reconstructed, when it was made) and JSON.
 */

export type Cell = string | number | null;

export interface Sheet {
  name: string;
  columns: string[];
  rows: Cell[][];
}

function benefitsCell(benefits: DimensionTable['rows'][number]['benefits']): string {
  return benefits.map((b) => `${b.summary} (${b.citation})`).join('\n');
}

/** The building-block table (or any one-axis table) as a sheet: a row a code. */
export function dimensionSheet(table: DimensionTable, name = table.axis.label): Sheet {
  return {
    name,
    columns: ['code', table.axis.label, 'studies', 'benefit_items', 'benefits'],
    rows: table.rows.map((r) => [r.code, r.label, r.studies, r.items, benefitsCell(r.benefits)]),
  };
}

/** The learning-area table as a sheet. */
export function learningAreaSheet(table: LearningAreaTable): Sheet {
  return {
    name: 'Learning areas',
    columns: [
      'code',
      'learning_area',
      'studies',
      'benefit_items',
      'intangible_benefits',
      'transferable_innovations',
      'examples',
    ],
    rows: table.rows.map((r) => [
      r.code,
      r.label,
      r.studies,
      r.items,
      r.intangible,
      r.innovations,
      benefitsCell(r.examples),
    ]),
  };
}

/** The map as a sheet: a row a cell, gaps included, with its studies' citations. */
export function mapSheet(map: EvidenceMap): Sheet {
  const rowLabel = new Map(map.rows.codes.map((c) => [c.id, c.label]));
  const colLabel = new Map(map.cols.codes.map((c) => [c.id, c.label]));
  const citation = new Map(map.studies.map((s) => [s.id, s.citation]));
  const segments = map.segment?.codes ?? [];
  return {
    name: 'Evidence map',
    columns: [
      map.rows.label,
      map.cols.label,
      'studies',
      'benefit_items',
      ...segments.map((s) => `${map.segment!.label}: ${s.label}`),
      'citations',
    ],
    rows: map.cells.map((c) => [
      rowLabel.get(c.row) ?? c.row,
      colLabel.get(c.col) ?? c.col,
      c.studies.length,
      c.items,
      ...c.segments,
      c.studies.map((id) => citation.get(id) ?? String(id)).join('; '),
    ]),
  };
}

/** The benefit items, one a row. */
export function benefitRowsSheet(rows: BenefitRows): Sheet {
  return { name: 'Benefit items', columns: rows.columns, rows: rows.rows };
}

/** A sheet as CSV text (UTF-8, header row first). */
export function sheetCsv(sheet: Sheet): string {
  return stringify([
    sheet.columns,
    ...sheet.rows.map((r) => r.map((v) => (typeof v === 'string' ? spreadsheetCell(v) : v))),
  ]);
}

/** What every export says about where its codes come from. */
export interface ExportAbout {
  framework: Pick<Framework, 'id' | 'version' | 'title' | 'dimensions'>;
  project: string;
  generatedAt: string;
}

function aboutRows(about: ExportAbout): Cell[][] {
  return [
    ['Project', about.project],
    ['Framework', `${about.framework.title} (${about.framework.id} version ${about.framework.version})`],
    ['Generated', about.generatedAt],
    ['Computed from', 'the consensus coding of each study (the single submitted coding with single coding)'],
    ...about.framework.dimensions.map((d): Cell[] => [
      `Code list: ${d.label}`,
      `${d.status}${d.incomplete ? ', incomplete' : ''}${d.statusNote ? ` — ${d.statusNote}` : ''}`,
    ]),
  ];
}

/** A workbook of the sheets, "About" first. */
export async function sheetsXlsx(sheets: readonly Sheet[], about: ExportAbout): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Twoway';
  const used = new Set<string>();
  const add = (name: string, columns: string[], rows: Cell[][]) => {
    // Excel: at most 31 characters, none of []:*?/\, unique
    let title = name.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31);
    for (let i = 2; used.has(title); i++) title = `${name.slice(0, 27)} (${i})`;
    used.add(title);
    const ws = workbook.addWorksheet(title);
    if (columns.length > 0) {
      ws.addRow(columns).font = { bold: true };
      ws.views = [{ state: 'frozen', ySplit: 1 }];
    }
    for (const row of rows) ws.addRow(row);
    ws.columns.forEach((c) => (c.width = 24));
  };
  add('About', [], aboutRows(about));
  for (const sheet of sheets) add(sheet.name, sheet.columns, sheet.rows);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** The JSON export: the about block, then the data itself (indented for a file, compact for a page). */
export function synthesisJson(about: ExportAbout, data: unknown, indent: number = 2): string {
  return `${JSON.stringify(
    {
      about: {
        project: about.project,
        framework: { id: about.framework.id, version: about.framework.version, title: about.framework.title },
        codeLists: about.framework.dimensions.map((d) => ({
          id: d.id,
          label: d.label,
          status: d.status,
          ...(d.incomplete ? { incomplete: true } : {}),
        })),
        generatedAt: about.generatedAt,
      },
      data,
    },
    null,
    indent,
  )}\n`;
}
