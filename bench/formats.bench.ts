/**
 * `npm run bench:formats`: throughput and peak memory of the format engine on generated RIS and MEDLINE
 * files (made deterministically in bench/.cache, never committed), against bibutils' `ris2xml` when Debian's
 * bibutils is installed. Runs the built product (dist/), as an installed `twoway` would run.
 *
 * Targets (issue 2): RIS ≥ 150 MB/s and MEDLINE ≥ 100 MB/s parse-only, peak RSS ≤ 250 MB whatever the input
 * size, ≥ 20× the throughput of ris2xml.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeBenchFile } from '../src/store/test-support/generate-records.js';

const ROOT = join(import.meta.dirname, '..');
const CACHE = join(ROOT, 'bench', '.cache');
const MB = 1_000_000;
const SIZES = (process.env.BENCH_SIZES_MB ?? '50,200').split(',').map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

interface Run {
  records: number;
  seconds: number;
  maxRssMB: number;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

function measure(file: string, mode: string): Run {
  const runs: Run[] = [];
  for (let i = 0; i < RUNS; i++) {
    const out = execFileSync(
      process.execPath,
      ['--max-semi-space-size=16', join(ROOT, 'bench', 'formats-worker.mjs'), file, mode],
      { encoding: 'utf8' },
    );
    runs.push(JSON.parse(out) as Run);
  }
  return {
    records: runs[0]!.records,
    seconds: median(runs.map((r) => r.seconds)),
    maxRssMB: Math.max(...runs.map((r) => r.maxRssMB)),
  };
}

function hasCommand(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
}

/** ris2xml's wall time and peak RSS, through GNU time when present. */
function measureRis2xml(file: string): { seconds: number; maxRssMB?: number } {
  const times: number[] = [];
  let maxRssMB: number | undefined;
  for (let i = 0; i < RUNS; i++) {
    const started = process.hrtime.bigint();
    const useTime = existsSync('/usr/bin/time');
    const r = useTime
      ? spawnSync('/usr/bin/time', ['-f', '%M', 'ris2xml', file], {
          stdio: ['ignore', 'ignore', 'pipe'],
          encoding: 'utf8',
        })
      : spawnSync('ris2xml', [file], { stdio: ['ignore', 'ignore', 'ignore'] });
    times.push(Number(process.hrtime.bigint() - started) / 1e9);
    if (useTime) {
      const kb = Number(
        String(r.stderr ?? '')
          .trim()
          .split('\n')
          .pop(),
      );
      if (kb) maxRssMB = Math.max(maxRssMB ?? 0, kb / 1024);
    }
  }
  return { seconds: median(times), ...(maxRssMB ? { maxRssMB } : {}) };
}

function row(cells: (string | number)[]): string {
  return cells.map((c, i) => String(c).padStart(i === 0 ? 26 : 12)).join(' ');
}

console.log('building dist/ …');
execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
mkdirSync(CACHE, { recursive: true });

const targets: Record<string, number> = { ris: 150, medline: 100 };
const summary: string[] = [];
console.log(`\nnode ${process.version}, ${RUNS} runs each (median time, highest peak RSS)\n`);
console.log(row(['file', 'mode', 'MB', 'seconds', 'MB/s', 'records/s', 'peak RSS MB']));
for (const format of ['ris', 'medline'] as const) {
  for (const size of SIZES) {
    const file = join(CACHE, `bench-${size}MB.${format === 'ris' ? 'ris' : 'nbib'}`);
    if (!existsSync(file) || statSync(file).size < size * MB) await writeBenchFile(file, format, size * MB);
    const mb = statSync(file).size / MB;
    const results: Record<string, Run> = {};
    for (const mode of ['entries', 'records', 'json']) {
      const r = measure(file, mode);
      results[mode] = r;
      console.log(
        row([
          `${format} ${size} MB`,
          mode === 'entries' ? 'parse-only' : mode === 'json' ? 'to JSON' : 'to records',
          mb.toFixed(0),
          r.seconds.toFixed(2),
          (mb / r.seconds).toFixed(1),
          Math.round(r.records / r.seconds),
          r.maxRssMB.toFixed(0),
        ]),
      );
    }
    const parse = mb / results.entries!.seconds;
    summary.push(
      `${format} ${size} MB: parse-only ${parse.toFixed(0)} MB/s (target ≥ ${targets[format]}: ${parse >= targets[format]! ? 'met' : 'NOT met'}), to records ${(mb / results.records!.seconds).toFixed(0)} MB/s, to JSON ${(mb / results.json!.seconds).toFixed(0)} MB/s, peak RSS ${Math.max(...Object.values(results).map((r) => r.maxRssMB)).toFixed(0)} MB (target ≤ 250)`,
    );
    if (format === 'ris') {
      if (hasCommand('ris2xml')) {
        const peer = measureRis2xml(file);
        const peerMBs = mb / peer.seconds;
        console.log(
          row([
            `ris2xml ${size} MB`,
            'RIS→MODS',
            mb.toFixed(0),
            peer.seconds.toFixed(2),
            peerMBs.toFixed(1),
            '',
            peer.maxRssMB?.toFixed(0) ?? '?',
          ]),
        );
        summary.push(
          `ris2xml ${size} MB: ${peerMBs.toFixed(1)} MB/s; Twoway/ris2xml = ${(parse / peerMBs).toFixed(1)}× parse-only, ${(mb / results.records!.seconds / peerMBs).toFixed(1)}× to records, ${(mb / results.json!.seconds / peerMBs).toFixed(1)}× to JSON (target ≥ 20×)`,
        );
      } else summary.push('ris2xml not installed (apt-get install bibutils): no peer ratio');
    }
  }
}
console.log(`\n${summary.join('\n')}`);
