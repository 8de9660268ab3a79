/**
 * `npm run bench:prisma` (issue 11 §6): the PRISMA 2020 counts of a project of BENCH_RECORDS records (default
 * 100,000) with BENCH_CLUSTERS duplicate clusters of two records each (default 20,000) and a fifth of the records
 * screened, computed in this process on SQLite: the median of 5 runs. The issue measured 10.3 s before members
 * were grouped once by cluster.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importFile } from '../src/store/import/imports.js';
import { openStore } from '../src/store/open-store.js';
import { computePrisma } from '../src/store/repositories/prisma-store.js';
import { addMember, createProject, updateProtocol } from '../src/store/repositories/projects.js';
import { benchRisFile, insertTwoRecordClusters } from './bench-data.js';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 100_000);
const CLUSTERS = Number(process.env.BENCH_CLUSTERS ?? 20_000);
const file = await benchRisFile('prisma', RECORDS);

const dir = mkdtempSync(join(tmpdir(), 'twoway-bench-prisma-'));
const store = await openStore({ sqlitePath: join(dir, 'bench.db') });
try {
  const project = await createProject(store, { title: 'bench', owner: 'olive' });
  await addMember(store, project.id, 'ann', 'reviewer');
  await updateProtocol(store, project.id, { screening: { reviewersRequired: 1, blind: false } });
  await importFile(store, { projectId: project.id, path: file, source: 'embase' });
  const ids = (await store.db.selectFrom('record').select('id').orderBy('id').execute()).map((r) => r.id);
  const pairs = Array.from(
    { length: Math.min(CLUSTERS, Math.floor(ids.length / 2)) },
    (_, i) => [ids[2 * i]!, ids[2 * i + 1]!] as const,
  );
  insertTwoRecordClusters(store.sqlite!, project.id, pairs);
  // a fifth of the records screened by one reviewer (single screening), one in seven of them included
  const at = new Date().toISOString();
  const decision = store.sqlite!.prepare(
    `insert into decision (project_id, record_id, stage, reviewer, value, reason, note, at)
     values (?, ?, 'title-abstract', 'ann', ?, null, null, ?)`,
  );
  store.sqlite!.transaction(() => {
    for (let i = 0; i < ids.length; i += 5)
      decision.run(project.id, ids[i]!, i % 35 ? 'exclude' : 'include', at);
  })();
  const times: number[] = [];
  let counts: Awaited<ReturnType<typeof computePrisma>> | undefined;
  for (let run = 0; run < 5; run++) {
    const started = performance.now();
    counts = await computePrisma(store, project.id);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  console.log(
    `PRISMA counts, ${ids.length.toLocaleString('en')} records, ${counts!.duplicates.toLocaleString('en')} duplicates in clusters, ${counts!.records_screened.toLocaleString('en')} screened: median of 5 ${times[2]!.toFixed(0)} ms (fastest ${times[0]!.toFixed(0)}, slowest ${times[4]!.toFixed(0)})`,
  );
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
