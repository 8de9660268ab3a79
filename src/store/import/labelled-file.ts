import type { ImportReport } from '../../domain/formats/import-report.js';
import { labelledSet, type LabelColumn, type LabelledSet } from '../../domain/prioritise/labelled-set.js';
import type { BibRecord } from '../../domain/record/bib-record.js';
import { openInput } from './input-file.js';

/**
 * A labelled file (any format Twoway reads) as a simulation's input, with the reader's report (rows it could
 * not read are warnings there). Refused with E_USAGE when it holds no labels or one class only.
 */
export async function readLabelledFile(
  path: string,
  column: LabelColumn,
  shownAs = path,
): Promise<{ set: LabelledSet; report: ImportReport }> {
  const opened = await openInput(path);
  const records: BibRecord[] = [];
  for await (const record of opened.records) records.push(record);
  return { set: labelledSet(records, column, shownAs), report: opened.collector.report };
}
