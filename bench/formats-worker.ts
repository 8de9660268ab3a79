/**
 * One measured run, in its own process so that its peak RSS is its own:
 *   node --import tsx bench/formats-worker.ts <file> <parse|json>
 * Prints one JSON line: records, seconds, maxRssMB.
 */
import { openInput } from '../src/cli/input-file.js';

const [file, mode] = process.argv.slice(2);
if (!file || (mode !== 'parse' && mode !== 'json')) throw new Error('usage: formats-worker.ts <file> <parse|json>');
const started = process.hrtime.bigint();
const input = await openInput(file);
let records = 0;
let jsonBytes = 0;
for await (const r of input.records) {
  records++;
  // the JSON text is made and measured, as `convert --to json` makes it, but not written anywhere
  if (mode === 'json') jsonBytes += JSON.stringify(r).length + 1;
}
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const maxRssMB = process.resourceUsage().maxRSS / 1024;
process.stdout.write(`${JSON.stringify({ records, seconds, maxRssMB, jsonBytes, warnings: input.collector.report.warningsTotal })}\n`);
