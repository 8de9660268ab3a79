import { escapeXml } from '../text/escape-xml.js';
import type { Sheet } from './synthesis-sheets.js';

/**
 * A sheet as an HTML table (escaped: coded text is shown as text, never run). Line breaks in a cell become
 * <br>, as the cited benefits of a table row are one a line.
 * @example sheetHtml({ name: 'T', columns: ['a'], rows: [['<b>']] }) // '<table>…&lt;b&gt;…</table>'
 */
export function sheetHtml(sheet: Sheet): string {
  const cell = (v: string | number | null) => (v === null ? '' : escapeXml(String(v)).replace(/\n/g, '<br>'));
  return [
    `<table class="synthesis"><caption>${escapeXml(sheet.name)}</caption>`,
    `<thead><tr>${sheet.columns.map((c) => `<th scope="col">${escapeXml(c)}</th>`).join('')}</tr></thead>`,
    '<tbody>',
    ...sheet.rows.map((r) => `<tr>${r.map((v) => `<td>${cell(v)}</td>`).join('')}</tr>`),
    '</tbody></table>',
  ].join('\n');
}

/** A standalone HTML page around some body (for `twoway synthesis … --format html`). */
export function htmlPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeXml(title)}</title>
<style>
body { font-family: Helvetica, Arial, sans-serif; margin: 1.5rem; color: #222; }
table.synthesis { border-collapse: collapse; margin: 1rem 0; font-size: 0.9rem; }
table.synthesis caption { text-align: left; font-weight: bold; padding: 0.3rem 0; }
table.synthesis th, table.synthesis td { border: 1px solid #ccc; padding: 0.3rem 0.5rem; vertical-align: top; text-align: left; }
.badge { background: #fde9c8; border-radius: 0.3rem; padding: 0 0.3rem; font-size: 0.8rem; }
</style></head>
<body>
${body}
</body></html>
`;
}
