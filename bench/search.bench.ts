/**
 * `npm run bench:search`: PubMed-syntax queries over 100,000 and 1,000,000 generated records with MeSH headings
 * (drawn from the real MeSH 2024 vocabulary, skewed as real indexing is) in SQLite, each query timed through
 * Twoway's search (parse, MeSH explosion, compile, run) and as the same question hand-written in raw FTS5 + SQL.
 * PostgreSQL is measured at 100,000 records (at 1,000,000 too with BENCH_PG_1M=1: its import takes minutes).
 * Targets (issue 4), SQLite: median ≤ 50 ms at 100k and ≤ 500 ms at 1M per query, within 1.5× of raw FTS5.
 * Databases are kept in bench/.cache and reused.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { dateRangeTokens } from '../src/domain/query/date-tokens.js';
import { FAMILY_END } from '../src/domain/query/record-facets.js';
import { authorToken, facetToken, wordTokens } from '../src/domain/query/tokens.js';
import { projectToken } from '../src/store/engine/sqlite/sqlite-engine.js';
import { importFile } from '../src/store/import/imports.js';
import { loadMesh } from '../src/store/mesh-data.js';
import { openStore, type Store } from '../src/store/open-store.js';
import { createProject } from '../src/store/repositories/projects.js';
import { searchProject } from '../src/store/repositories/search-store.js';
import { writeBenchFile } from '../src/store/test-support/generate-records.js';
import { startPostgres } from '../src/store/test-support/postgres-cluster.js';

const ROOT = join(import.meta.dirname, '..');
const CACHE = join(ROOT, 'bench', '.cache');
const SIZES = (process.env.BENCH_SIZES ?? '100000,1000000').split(',').map(Number);
const RUNS = 7;
mkdirSync(CACHE, { recursive: true });

const mesh = await loadMesh();
// The headings records are indexed with: descriptors under the trees a global-health review meets
// (geography, health services, diseases), then the rest of MeSH.
const meshPool = [
  ...[
    'Africa',
    'Developing Countries',
    'Hospitals',
    'Health Services',
    'Neoplasms',
    'Infections',
    'Europe',
  ].flatMap((h) => [...mesh.explode(mesh.resolve(h)!)]),
];
const words = [...new Set(meshPool.flatMap((n) => wordTokens(n)))];
const vocabulary = { words, mesh: meshPool };
console.log(
  `MeSH ${mesh.size} descriptors loaded; record pool ${meshPool.length} headings, ${words.length} words`,
);

/** Realistic review queries, and each hand-written in raw FTS5 (MATCH) + SQL by someone who knows the schema. */
const all = (w: string) => `{title abstract keywords authors journal} : "${w}"`;
const mh = (name: string, explode = true) =>
  `{facets} : (${(explode ? [...mesh.explode(mesh.resolve(name)!)] : [name]).map((n) => `"${facetToken('mh', n)}"`).join(' OR ')})`;
const dp = (from: { year: number; month?: number; day?: number }, to: { year: number }) =>
  `{facets} : (${dateRangeTokens(from, to)
    .map((t) => `"${t}"`)
    .join(' OR ')})`;
const QUERIES: { name: string; query: string; raw: { match: string } }[] = [
  {
    name: 'paper (Syed 2012)',
    query:
      '(Health Care Quality, Access, and Evaluation[mh] OR International Cooperation[mh]) AND (Developing Countries[mh] OR Developed Countries[mh]) AND english[la] AND 1990:2010[dp]',
    raw: {
      match: `((${mh('Health Care Quality, Access, and Evaluation')}) OR (${mh('International Cooperation')})) AND ((${mh('Developing Countries')}) OR (${mh('Developed Countries')})) AND {facets} : "${facetToken('la', 'eng')}" AND ${dp({ year: 1990 }, { year: 2010 })}`,
    },
  },
  {
    name: 'twinning text',
    query: '(twinning[tiab] OR "hospital partnership"[tiab] OR partnership*[ti]) AND africa[mh]',
    raw: {
      match: `(({title abstract} : "twinning") OR ({title abstract} : "hospital partnership") OR ({title} : "partnership" *)) AND (${mh('Africa')})`,
    },
  },
  {
    name: 'ATM words',
    query: 'hand hygiene training nurses',
    raw: {
      match: `((${mh('Hand Hygiene')}) OR ${all('hand hygiene')} OR (${all('hand')} AND ${all('hygiene')})) AND ${all('training')} AND ((${mh('Nurses')}) OR ${all('nurses')})`,
    },
  },
  {
    name: 'truncation + NOT',
    query: 'vaccin* AND malaria NOT tuberculosis',
    raw: {
      match: `({title abstract keywords authors journal} : "vaccin" *) AND ((${mh('Malaria')}) OR ${all('malaria')}) NOT ((${mh('Tuberculosis')}) OR ${all('tuberculosis')})`,
    },
  },
  {
    name: 'author + year',
    query: 'mensah k[au] AND 2015:2020[dp]',
    raw: {
      match: `({facets} : "${authorToken('au', `mensah${FAMILY_END}k`)}" *) AND ${dp({ year: 2015 }, { year: 2020 })}`,
    },
  },
  {
    name: 'proximity',
    query: '"surgical infection"[tiab:~3] AND kenya[mh]',
    raw: { match: `({title abstract} : NEAR("surgical" "infection", 3)) AND (${mh('Kenya')})` },
  },
  {
    name: 'major topic',
    query: 'patient safety[majr] AND hospitals[mh:noexp]',
    raw: {
      match: `({facets} : "${facetToken('mj', 'Patient Safety')}") AND (${mh('Hospitals', false)})`,
    },
  },
  {
    name: 'broad date',
    query: 'quality improvement AND 2010/05/01:3000[dp]',
    raw: {
      match: `((${mh('Quality Improvement')}) OR ${all('quality improvement')} OR (${all('quality')} AND ${all('improvement')})) AND ${dp({ year: 2010, month: 5, day: 1 }, { year: 3000 })}`,
    },
  },
];

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function timed(run: () => Promise<number>): Promise<{ ms: number; count: number }> {
  let count = await run(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    count = await run();
    times.push(performance.now() - t);
  }
  return { ms: median(times), count };
}

async function ensureLoaded(store: Store, size: number, file: string): Promise<number> {
  const existing = await store.db.selectFrom('project').select('id').executeTakeFirst();
  if (existing) return existing.id;
  const project = await createProject(store, { title: `bench ${size}`, owner: 'bench' });
  const t = performance.now();
  const result = await importFile(store, { projectId: project.id, path: file, source: 'pubmed' });
  console.log(`  imported ${result.recordsRead} records in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  return project.id;
}

async function benchStore(label: string, store: Store, projectId: number): Promise<void> {
  const medians: number[] = [];
  for (const q of QUERIES) {
    const ours = await timed(
      async () => (await searchProject(store, projectId, q.query, { mesh, countOnly: true })).count,
    );
    medians.push(ours.ms);
    let rawText = '';
    if (!store.sqlite) {
      // the floor: the very tsquery Twoway compiled, run raw over the GIN index of the same rows
      const compiled = (await searchProject(store, projectId, q.query, { mesh, countOnly: true })).compiled
        .text;
      const raw = await timed(async () => {
        const r = await sql<{
          n: string;
        }>`select count(*) as n from record where project_id = ${projectId} and tsv @@ ${compiled}::tsquery`.execute(
          store.db,
        );
        return Number(r.rows[0]?.n ?? 0);
      });
      if (raw.count !== ours.count)
        throw new Error(`${q.name}: raw tsquery counted ${raw.count}, Twoway ${ours.count}`);
      rawText = `  raw tsquery ${raw.ms.toFixed(1).padStart(7)} ms  ratio ${(ours.ms / raw.ms).toFixed(2)}×  (${compiled.length} characters of tsquery)`;
      if (process.env.BENCH_EXPLAIN === '1') {
        const plan = await sql<{
          'QUERY PLAN': string;
        }>`explain (analyze, buffers) select count(*) from record where project_id = ${projectId} and tsv @@ ${compiled}::tsquery`.execute(
          store.db,
        );
        for (const row of plan.rows) console.log(`      ${row['QUERY PLAN']}`);
      }
    }
    if (store.sqlite) {
      const statement = store.sqlite.prepare('select count(*) as n from record_fts where record_fts match ?');
      const match = `(${q.raw.match}) AND {facets} : "${projectToken(projectId)}"`;
      const raw = await timed(async () => (statement.get(match) as { n: number }).n);
      if (raw.count !== ours.count)
        throw new Error(`${q.name}: raw FTS5 counted ${raw.count}, Twoway ${ours.count}`);
      rawText = `  raw FTS5 ${raw.ms.toFixed(1).padStart(7)} ms  ratio ${(ours.ms / raw.ms).toFixed(2)}×`;
    }
    console.log(
      `  ${label.padEnd(10)} ${q.name.padEnd(20)} ${String(ours.count).padStart(7)} hits  ${ours.ms.toFixed(1).padStart(7)} ms${rawText}`,
    );
  }
  console.log(
    `  ${label.padEnd(10)} median over the queries: ${median(medians).toFixed(1)} ms, slowest ${Math.max(...medians).toFixed(1)} ms`,
  );
}

let cluster: Awaited<ReturnType<typeof startPostgres>> | undefined;
for (const size of SIZES) {
  const file = join(CACHE, `search-${size}.nbib`);
  if (!existsSync(file)) {
    console.log(`writing ${size} records to ${file} …`);
    await writeBenchFile(file, 'medline', Infinity, 4, vocabulary, size);
  }
  console.log(`\n${size.toLocaleString('en')} records`);
  const dbPath = join(CACHE, `search-${size}.db`);
  let sqliteStore: Store;
  try {
    sqliteStore = await openStore({ sqlitePath: dbPath });
  } catch {
    rmSync(dbPath, { force: true });
    sqliteStore = await openStore({ sqlitePath: dbPath });
  }
  const projectId = await ensureLoaded(sqliteStore, size, file);
  await benchStore('SQLite', sqliteStore, projectId);
  await sqliteStore.close();
  if (size <= 100_000 || process.env.BENCH_PG_1M === '1') {
    cluster ??= await startPostgres();
    const pgStore = await openStore({ databaseUrl: cluster.url });
    const pgProject = await ensureLoaded(pgStore, size, file);
    await benchStore('PostgreSQL', pgStore, pgProject);
    await pgStore.db.deleteFrom('project').execute();
    await pgStore.close();
  }
}
cluster?.stop();
