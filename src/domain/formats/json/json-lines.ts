import {
  BIB_RECORD_VERSION,
  REFERENCE_TYPES,
  compactRecord,
  type BibRecord,
} from '../../record/bib-record.js';
import type { Entry, Format, ReadContext } from '../contract.js';
import { MAX_JSON_DEPTH, nestsTooDeep } from '../json-depth.js';
import { lineBatches } from '../lines.js';

/** Twoway's own interchange: one BibRecord JSON object per line (JSON Lines). */
async function* readJsonLines(
  chunks: AsyncIterable<string>,
  ctx: ReadContext,
): AsyncGenerator<Entry<string>> {
  for await (const batch of lineBatches(chunks, ctx)) {
    for (let i = 0; i < batch.lines.length; i++) {
      const text = batch.lines[i] ?? '';
      if (text.trim()) yield { line: batch.first + i, data: text };
    }
  }
}

function jsonToRecord(entry: Entry<string>, ctx: ReadContext): BibRecord | undefined {
  if (nestsTooDeep(entry.data)) {
    ctx.malformed({
      code: 'E_RECORD_MALFORMED',
      message: `a value nests more than ${MAX_JSON_DEPTH} arrays or objects deep`,
      line: entry.line,
    });
    return undefined;
  }
  let value: unknown;
  try {
    value = JSON.parse(entry.data);
  } catch (error) {
    ctx.malformed({
      code: 'E_JSON_INVALID',
      message: `not JSON: ${(error as Error).message}`,
      line: entry.line,
    });
    return undefined;
  }
  const v = value as Partial<BibRecord> | null;
  if (!v || typeof v !== 'object' || Array.isArray(v) || v.v !== BIB_RECORD_VERSION) {
    ctx.malformed({
      code: 'E_RECORD_MALFORMED',
      message: `not a BibRecord v${BIB_RECORD_VERSION} object`,
      line: entry.line,
    });
    return undefined;
  }
  if (!REFERENCE_TYPES.includes(v.type as never)) {
    ctx.malformed({
      code: 'E_RECORD_MALFORMED',
      message: `unknown reference type "${String(v.type)}"`,
      line: entry.line,
    });
    return undefined;
  }
  return compactRecord(v as BibRecord);
}

async function* writeJsonLines(
  records: AsyncIterable<BibRecord> | Iterable<BibRecord>,
): AsyncGenerator<string> {
  for await (const r of records) yield `${JSON.stringify(r)}\n`;
}

export const jsonLines: Format<string> = {
  id: 'json',
  label: 'Twoway JSON Lines (one BibRecord per line)',
  extensions: ['.jsonl', '.ndjson'],
  detect: (sample) => (/^\{"v":1,"type":"/.test(sample.trimStart()) ? 0.99 : 0),
  read: readJsonLines,
  toRecord: jsonToRecord,
  write: writeJsonLines,
};
