import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CRASHES, fixtureCorpus, regressionInputs, runFuzz } from './fuzzer.js';

/**
 * `npm run fuzz -- [--seed 1] [--inputs 20000] [--save]`: mutation-based fuzzing of every reader over the format
 * fixtures and the kept regression inputs; prints the counts, and with --save keeps each new finding's input in
 * fuzz/crashes/ (commit it: the tests read every file there again).
 */
const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: String(Date.now() % 100_000) },
    inputs: { type: 'string', default: '20000' },
    'timeout-ms': { type: 'string', default: '10000' },
    'memory-mb': { type: 'string', default: '512' },
    'huge-line': { type: 'string', default: '2000000' },
    nesting: { type: 'string', default: '50000' },
    'loss-cuts': { type: 'string', default: '5' },
    save: { type: 'boolean', default: false },
  },
});
const corpus = [...fixtureCorpus(), ...regressionInputs()];
const seed = Number(values.seed);
const inputs = Number(values.inputs);
process.stdout.write(`fuzzing ${inputs} inputs from ${corpus.length} files, seed ${seed}\n`);
const report = await runFuzz({
  seed,
  inputs,
  corpus,
  timeoutMs: Number(values['timeout-ms']),
  memoryMb: Number(values['memory-mb']),
  size: { hugeLineChars: Number(values['huge-line']), nesting: Number(values.nesting) },
  lossCuts: Number(values['loss-cuts']),
  onProgress: (done) => {
    if (done % 1000 === 0) process.stdout.write(`  ${done} inputs\n`);
  },
});
for (const f of report.findings) {
  process.stdout.write(`${f.kind} on ${f.input} after ${f.mutations.join(' + ')}: ${f.message}\n`);
  if (values.save && f.bytes) {
    const hash = createHash('sha256').update(f.bytes).digest('hex').slice(0, 12);
    const file = join(CRASHES, `${f.kind}-${hash}-${f.input}`);
    writeFileSync(file, f.bytes);
    process.stdout.write(`  kept as ${file}\n`);
  }
}
const { findings: _findings, ...counts } = report;
process.stdout.write(`${JSON.stringify(counts)}\n`);
process.stdout.write(
  `inputs ${report.inputs} (read ${report.read}, refused with a clear error ${report.refused}); crashes ${report.crashes}, hangs ${report.hangs}, over-memory ${report.overMemory}; loss checks ${report.lossChecks}, losses ${report.losses}; ${(report.milliseconds / 1000).toFixed(1)} s\n`,
);
process.exitCode = report.findings.length > 0 ? 1 : 0;
