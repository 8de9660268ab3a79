// One measured run of the built product (dist/), in its own process so that its peak RSS is its own:
//   node bench/formats-worker.mjs <file> <entries|records|json>
// entries: the streaming reader only (decode, split, tag/value entries per record) — "parse-only";
// records: entries mapped to BibRecords (normalised names, dates, identifiers, mojibake check);
// json:    records serialised as `twoway convert --to json` does (text made, not written).
// Prints one JSON line.
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { openInput, READ_CHUNK_BYTES } from '../dist/store/import/input-file.js';
import { ImportReportCollector } from '../dist/domain/formats/import-report.js';
import { detectFormat } from '../dist/domain/formats/index.js';
import { decodeChunks } from '../dist/domain/text/decode.js';

const [file, mode] = process.argv.slice(2);
if (!file || !['entries', 'records', 'json'].includes(mode))
  throw new Error('usage: formats-worker.mjs <file> <entries|records|json>');
const bytes = () => createReadStream(file, { highWaterMark: READ_CHUNK_BYTES });
const started = process.hrtime.bigint();
let records = 0;
let jsonBytes = 0;
if (mode === 'entries') {
  const ctx = new ImportReportCollector(file);
  let format;
  for await (const head of createReadStream(file, { start: 0, end: 65535 })) {
    format = detectFormat(head.toString('utf8'), basename(file));
    break;
  }
  for await (const _entry of format.read(decodeChunks(bytes(), { replacements: 0 }), ctx)) records++;
} else {
  const input = await openInput(file);
  for await (const r of input.records) {
    records++;
    if (mode === 'json') jsonBytes += JSON.stringify(r).length + 1;
  }
}
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const maxRssMB = process.resourceUsage().maxRSS / 1024;
process.stdout.write(`${JSON.stringify({ records, seconds, maxRssMB, jsonBytes })}\n`);
