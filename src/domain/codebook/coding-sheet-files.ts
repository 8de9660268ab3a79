import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { TwowayError } from '../errors.js';
import { fromSpreadsheetCell, spreadsheetCell } from '../formats/csv/spreadsheet-cells.js';
import type { SheetRow } from './coding-sheet.js';
import type { Framework } from './framework.js';

/**
 * Coding sheets as files: CSV (UTF-8; formula-like cells written as text and read back as they were) and XLSX
 * (a "Coding" sheet, a "Codes" sheet listing every code a cell may hold, and "About").
 */

/** Sheets larger than this are refused rather than read into memory. */
export const SHEET_LIMIT_BYTES = 50 * 1024 * 1024;

export function codingSheetCsv(columns: readonly string[], rows: readonly Record<string, string>[]): string {
  return stringify([columns, ...rows.map((r) => columns.map((c) => spreadsheetCell(r[c] ?? '')))]);
}

export async function codingSheetXlsx(
  columns: readonly string[],
  rows: readonly Record<string, string>[],
  framework: Framework,
  about: string,
): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Twoway';
  const sheet = workbook.addWorksheet('Coding');
  sheet.addRow([...columns]).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  for (const r of rows) sheet.addRow(columns.map((c) => r[c] ?? ''));
  sheet.columns.forEach((c) => (c.width = 20));
  const codes = workbook.addWorksheet('Codes');
  codes.addRow(['dimension', 'status', 'code', 'label', 'retired']).font = { bold: true };
  for (const d of framework.dimensions)
    for (const c of d.codes) codes.addRow([d.id, d.status, c.id, c.label, c.retired ? 'yes' : '']);
  const info = workbook.addWorksheet('About');
  info.addRow([about]);
  info.addRow([
    `${framework.title} (${framework.id} version ${framework.version}). Lists: ";" between values, " | " between an item's sources. Codes as ids, labels or aliases.`,
  ]);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

function refuse(message: string, line?: number): never {
  throw new TwowayError({ code: 'E_SHEET_INVALID', message, ...(line === undefined ? {} : { line }) });
}

function checkHeader(header: readonly string[], columns: readonly string[]): void {
  if (!header.includes('record_id'))
    refuse('the sheet has no record_id column (is it a Twoway coding sheet?)', 1);
  const known = new Set(columns);
  const unknown = header.filter((h) => h !== '' && !known.has(h));
  if (unknown.length > 0)
    refuse(
      `unknown column(s) ${unknown.map((u) => `"${u}"`).join(', ')}; this form's columns: ${columns.join(', ')}`,
      1,
    );
  const seen = new Set<string>();
  for (const h of header) {
    if (h !== '' && seen.has(h)) refuse(`column "${h}" appears twice`, 1);
    seen.add(h);
  }
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') {
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value) return String(value.text);
    if ('result' in value) return value.result === undefined ? '' : String(value.result);
    return '';
  }
  return String(value);
}

/**
 * Reads a coding sheet (CSV or XLSX, told apart by their bytes) into rows with their line numbers; refused
 * with E_SHEET_INVALID (and the line) when it is not a sheet of this form.
 */
export async function readCodingSheetFile(
  bytes: Uint8Array,
  columns: readonly string[],
): Promise<SheetRow[]> {
  if (bytes.byteLength > SHEET_LIMIT_BYTES)
    refuse(`the sheet is ${bytes.byteLength} bytes; sheets up to ${SHEET_LIMIT_BYTES} are read`);
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
  if (isZip) {
    const workbook = new ExcelJS.Workbook();
    try {
      await workbook.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
    } catch (error) {
      refuse(`not a readable XLSX workbook: ${(error as Error).message}`);
    }
    const sheet = workbook.getWorksheet('Coding') ?? workbook.worksheets[0];
    if (!sheet) refuse('the workbook has no sheet');
    const header: string[] = [];
    sheet
      .getRow(1)
      .eachCell({ includeEmpty: true }, (cell, col) => (header[col - 1] = cellText(cell.value).trim()));
    checkHeader(header, columns);
    const rows: SheetRow[] = [];
    sheet.eachRow((row, line) => {
      if (line === 1) return;
      const cells: Record<string, string> = {};
      row.eachCell({ includeEmpty: false }, (cell, col) => {
        const name = header[col - 1];
        if (name) cells[name] = cellText(cell.value);
      });
      if (Object.values(cells).some((v) => v.trim() !== '')) rows.push({ line, cells });
    });
    return rows;
  }
  if (bytes.includes(0)) refuse('the file holds binary data: a coding sheet is CSV (UTF-8) or XLSX');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    refuse('the CSV is not UTF-8 text (save it from the spreadsheet as "CSV UTF-8")');
  }
  let records: string[][];
  try {
    records = parse(text, { relax_column_count: false, skip_empty_lines: false }) as string[][];
  } catch (error) {
    const e = error as Error & { lines?: number };
    refuse(`the CSV is not well formed: ${e.message}`, e.lines);
  }
  const header = (records[0] ?? []).map((h) => h.trim());
  checkHeader(header, columns);
  const rows: SheetRow[] = [];
  records.slice(1).forEach((record, i) => {
    if (record.every((v) => v.trim() === '')) return;
    const cells: Record<string, string> = {};
    record.forEach((v, c) => {
      const name = header[c];
      if (name) cells[name] = fromSpreadsheetCell(v);
    });
    rows.push({ line: i + 2, cells });
  });
  return rows;
}
