import { describe, expect, it } from 'vitest';
import type { BibRecord } from '../../record/bib-record.js';
import { readAll } from '../open-stream.js';
import { csv } from './csv.js';
import { fromSpreadsheetCell, spreadsheetCell } from './spreadsheet-cells.js';

const HOSTILE = ['=HYPERLINK("http://evil.example","x")', '+1+1', '-2+3', '@SUM(A1)', '\tTab', '\rCR'];

describe('CSV injection', () => {
  it('writes a cell that starts like a formula with an apostrophe, and reads it back as it was', () => {
    for (const value of HOSTILE) {
      expect(spreadsheetCell(value)).toBe(`'${value}`);
      expect(fromSpreadsheetCell(spreadsheetCell(value))).toBe(value);
    }
    expect(spreadsheetCell('Hospital twinning')).toBe('Hospital twinning');
    expect(fromSpreadsheetCell("'quoted, not a formula")).toBe("'quoted, not a formula");
  });

  it('the CSV writer neutralises every such cell, and a round trip keeps the records', async () => {
    const records: BibRecord[] = HOSTILE.map((title, i) => ({
      v: 1,
      type: 'article',
      title,
      sourceId: `r${i}`,
    }));
    let text = '';
    for await (const chunk of csv.write(records)) text += chunk;
    const cells = text.split(/[\n,]/).filter((c) => /^"?[=+\-@]/.test(c));
    expect(cells).toEqual([]);
    const back = await readAll(text, 'export.csv', { from: 'csv' });
    expect(back.list.map((r) => r.title)).toEqual(HOSTILE.map((t) => t.trim()));
  });
});
