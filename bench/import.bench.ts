/**
 * `npm run bench:import`: 100,000 generated records (RIS, ~290 MB, made in bench/.cache) imported into a new
 * SQLite database with its FTS5 index, then into a throwaway PostgreSQL cluster with its tsvector/GIN index.
 * Runs the built product (dist/). Target (issue 3): SQLite ≤ 10 s (≥ 10,000 records/s). SQLite runs BENCH_RUNS
 * times (default 3, each into a new database) and prints each run and the median: on this shared 2-core machine
 * the same import varies by a quarter from one minute to the next. BENCH_POSTGRES=0 leaves PostgreSQL out.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { builtStore, ROOT } from './built-product.js';
import { writeBenchFile } from '../src/store/test-support/generate-records.js';
import { startPostgres } from '../src/store/test-support/postgres-cluster.js';

const CACHE = join(ROOT, 'bench', '.cache');
const RECORDS = Number(process.env.BENCH_RECORDS ?? 100_000);
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
let recordsInFile = 0;

const { openStore, createProject, importFile } = await builtStore();

mkdirSync(CACHE, { recursive: true });
const file = join(CACHE, `import-${RECORDS}.ris`);
if (!existsSync(file)) {
  // about 2.9 KB a record: write a little more than needed, the import counts what is there
  await writeBenchFile(file, 'ris', RECORDS * 2890);
}
const mb = statSync(file).size / 1e6;

async function run(label: string, location: { sqlitePath?: string; databaseUrl?: string }): Promise<number> {
  const store = await openStore(location);
  const project = await createProject(store, { title: 'bench', owner: 'bench' });
  const started = process.hrtime.bigint();
  const result = await importFile(store, { projectId: project.id, path: file, source: 'embase' });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await store.close();
  recordsInFile = result.recordsRead;
  console.log(
    `${label.padEnd(10)} ${result.recordsRead} records (${mb.toFixed(0)} MB) in ${seconds.toFixed(2)} s: ${Math.round(result.recordsRead / seconds)} records/s, ${(mb / seconds).toFixed(1)} MB/s`,
  );
  return seconds;
}

const sqliteSeconds: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const dir = mkdtempSync(join(tmpdir(), 'twoway-bench-'));
  try {
    sqliteSeconds.push(await run('SQLite', { sqlitePath: join(dir, 'bench.db') }));
    if (i === 0)
      console.log(`           database file ${(statSync(join(dir, 'bench.db')).size / 1e6).toFixed(0)} MB`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const sorted = [...sqliteSeconds].sort((a, b) => a - b);
const median = sorted[Math.floor(sorted.length / 2)]!;
console.log(
  `SQLite median of ${RUNS}: ${median.toFixed(2)} s (${Math.round(recordsInFile / median)} records/s; fastest ${sorted[0]!.toFixed(2)} s, slowest ${sorted[sorted.length - 1]!.toFixed(2)} s); target ≤ 10 s: ${median <= 10 ? 'met' : `not met (${(median / 10).toFixed(2)} × the target)`}`,
);

if (process.env.BENCH_POSTGRES === '0') process.exit(0);
const cluster = await startPostgres();
try {
  const admin = new pg.Client({ connectionString: cluster.url });
  await admin.connect();
  await admin.query('create database bench');
  await admin.end();
  await run('PostgreSQL', { databaseUrl: cluster.url.replace(/\/postgres$/, '/bench') });
} finally {
  cluster.stop();
}
