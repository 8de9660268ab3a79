/**
 * CSV files Twoway writes are opened in spreadsheets, where a cell beginning with `=`, `+`, `-`, `@`, a tab or
 * a carriage return is run as a formula (CSV injection: a record titled `=HYPERLINK(…)` would act in the
 * reviewer's spreadsheet). As OWASP advises, such a cell is written with a leading apostrophe, which spreadsheets
 * show as text and hide; Twoway's CSV reader takes the apostrophe off again, so a round trip keeps the value.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A cell as Twoway writes it to a CSV file.
 * @example spreadsheetCell('=HYPERLINK("http://x")') // "'=HYPERLINK(\"http://x\")"
 */
export function spreadsheetCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/**
 * A cell as read back: the apostrophe spreadsheetCell put before a formula-like value is removed.
 * @example fromSpreadsheetCell("'=1+1") // '=1+1'
 */
export function fromSpreadsheetCell(value: string): string {
  return value.startsWith("'") && FORMULA_START.test(value.slice(1)) ? value.slice(1) : value;
}
