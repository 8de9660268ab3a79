/**
 * `npm run bench:import-files` (issue 12 §8.11): many small files against one large file of the same records.
 * 63 RIS files of 600 generated records each (BENCH_FILES, BENCH_FILE_RECORDS) are imported into a new SQLite
 * database one after another as `twoway import *.ris` does — each file with a parse thread of its own (before)
 * and with one parse thread for the whole run that reads the next file while the database writes this one (now) — and, as the floor, the same records concatenated into one
 * file and imported at once. Prints records/s and the ratio of each to the one-file floor; runs the built
 * product (dist/), BENCH_RUNS times each (default 3), the median.
 */
import {
  appendFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
  existsSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtStore, ROOT } from './built-product.js';
import { writeBenchFile } from '../src/store/test-support/generate-records.js';

const FILES = Number(process.env.BENCH_FILES ?? 63);
const PER_FILE = Number(process.env.BENCH_FILE_RECORDS ?? 600);
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const { openStore, createProject, importFile, ParserThread } = await builtStore();

const dir = join(ROOT, 'bench', '.cache', `files-${FILES}x${PER_FILE}`);
const files = Array.from({ length: FILES }, (_, i) =>
  join(dir, `part-${String(i + 1).padStart(3, '0')}.ris`),
);
const whole = join(dir, 'whole.ris');
if (!existsSync(whole)) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(whole, '');
  for (const [i, file] of files.entries()) {
    await writeBenchFile(file, 'ris', Infinity, 2012 + i, undefined, PER_FILE);
    appendFileSync(whole, readFileSync(file));
  }
}

type Way = 'one file' | 'a thread a file' | 'one thread';
async function run(way: Way): Promise<{ seconds: number; records: number }> {
  const tmp = mkdtempSync(join(tmpdir(), 'twoway-bench-files-'));
  const store = await openStore({ sqlitePath: join(tmp, 'bench.db') });
  const project = await createProject(store, { title: 'bench', owner: 'bench' });
  const parser = way === 'one thread' ? new ParserThread() : undefined;
  let records = 0;
  const started = process.hrtime.bigint();
  try {
    const paths = way === 'one file' ? [whole] : files;
    for (const [i, path] of paths.entries())
      records += (
        await importFile(store, {
          projectId: project.id,
          path,
          source: 'embase',
          ...(parser ? { parser, ...(paths[i + 1] ? { readAhead: paths[i + 1] } : {}) } : {}),
        })
      ).recordsRead;
  } finally {
    await parser?.close();
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await store.close();
  rmSync(tmp, { recursive: true, force: true });
  return { seconds, records };
}

const medians = new Map<Way, { seconds: number; records: number }>();
for (const way of ['one file', 'a thread a file', 'one thread'] as Way[]) {
  const runs: { seconds: number; records: number }[] = [];
  // interleaving would be fairer on a noisy machine, but each way's first run warms the same caches
  for (let i = 0; i < RUNS; i++) runs.push(await run(way));
  const median = [...runs].sort((a, b) => a.seconds - b.seconds)[Math.floor(runs.length / 2)]!;
  medians.set(way, median);
  console.log(
    `${way.padEnd(16)} ${median.records} records in ${way === 'one file' ? 1 : FILES} file(s): median ${median.seconds.toFixed(2)} s (${Math.round(median.records / median.seconds)} records/s; runs ${runs.map((r) => r.seconds.toFixed(2)).join(', ')} s)`,
  );
}
const floor = medians.get('one file')!.seconds;
for (const way of ['a thread a file', 'one thread'] as Way[]) {
  const { seconds } = medians.get(way)!;
  console.log(
    `${way.padEnd(16)} ${(seconds / floor).toFixed(2)} × the one-file floor; ${(((seconds - floor) / FILES) * 1000).toFixed(0)} ms a file of overhead`,
  );
}
