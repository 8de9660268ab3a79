/**
 * `npm run bench:keypress` (issue 11 §5): what one screening key press costs the server. A project of
 * BENCH_RECORDS records (default 20,000) in a new SQLite database, the app in this process (Fastify's inject:
 * no sockets, so the figures are the server's own work). A reviewer screens 300 records in turn, the way the
 * screening page does it:
 *   - "three requests": POST …/decisions, then GET …/screening/next, then GET …/screening/progress (the page
 *     before this issue);
 *   - "one request": POST …/decisions?next=true, which answers with the next record and the progress.
 * Every SQL statement the store prepares is counted (better-sqlite3's prepare, which Kysely calls once a
 * statement), and the wall time of each key press is taken.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../src/server/app.js';
import { ApiClient } from '../src/server/test-support/api-client.js';
import { importFile } from '../src/store/import/imports.js';
import { openStore } from '../src/store/open-store.js';

import { benchRisFile } from './bench-data.js';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 20_000);
const PRESSES = 300;
const file = await benchRisFile('keypress', RECORDS);

const dir = mkdtempSync(join(tmpdir(), 'twoway-bench-keypress-'));
const store = await openStore({ sqlitePath: join(dir, 'bench.db') });
let statements = 0;
const sqlite = store.sqlite!;
const prepare = sqlite.prepare.bind(sqlite);
sqlite.prepare = ((source: string) => {
  statements++;
  return prepare(source);
}) as typeof sqlite.prepare;

const { app } = await buildApp({ store });
try {
  const owner = new ApiClient(app);
  await owner.post('/signup', { username: 'olive', password: 'owner-password' });
  const project = (await owner.post('/projects', { title: 'bench' })).body as { id: number };
  await importFile(store, { projectId: project.id, path: file, source: 'embase' });
  const base = `/projects/${project.id}`;

  const percentile = (values: number[], p: number): number => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
  };

  /** Screens PRESSES records as `reviewer` with one of the two ways; statements and ms per key press. */
  const screenAs = async (reviewer: string, way: 'three requests' | 'one request') => {
    const client = new ApiClient(app);
    const invitation = await owner.post('/invitations', { projectId: project.id, role: 'reviewer' });
    const token = (invitation.body as { token: string }).token;
    await client.post(`/invitations/${token}/accept`, { username: reviewer, password: 'reviewer-password' });
    let screen = (
      (await client.get(`${base}/screening/next?stage=title-abstract`)).body as {
        screen: { record: { id: number } } | null;
      }
    ).screen;
    const perPress: number[] = [];
    const times: number[] = [];
    for (let i = 0; i < PRESSES && screen; i++) {
      const before = statements;
      const started = performance.now();
      const body = {
        recordId: screen.record.id,
        stage: 'title-abstract',
        value: i % 7 ? 'exclude' : 'include',
      };
      if (way === 'one request') {
        const answer = await client.post(`${base}/decisions?next=true`, body);
        if (answer.status !== 200) throw new Error(`decision refused: ${JSON.stringify(answer.body)}`);
        screen = (answer.body as { screen: typeof screen }).screen;
      } else {
        const answer = await client.post(`${base}/decisions`, body);
        if (answer.status !== 200) throw new Error(`decision refused: ${JSON.stringify(answer.body)}`);
        screen = (
          (await client.get(`${base}/screening/next?stage=title-abstract&after=${screen.record.id}`))
            .body as {
            screen: typeof screen;
          }
        ).screen;
        await client.get(`${base}/screening/progress?stage=title-abstract`);
      }
      times.push(performance.now() - started);
      perPress.push(statements - before);
    }
    const mean = perPress.reduce((a, b) => a + b, 0) / perPress.length;
    return { mean, p50: percentile(times, 50), p95: percentile(times, 95) };
  };

  const three = await screenAs('ann', 'three requests');
  const one = await screenAs('ben', 'one request');
  const line = (name: string, r: typeof one) =>
    `${name.padEnd(15)} ${r.mean.toFixed(1).padStart(5)} SQL statements a key press, p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms`;
  console.log(
    `one key press, ${PRESSES} in turn over ${RECORDS.toLocaleString('en')} records (SQLite, in process):`,
  );
  console.log(line('three requests', three));
  console.log(line('one request', one));
  console.log(
    `one request against three: ${(one.mean / three.mean).toFixed(2)}× the statements, ${(one.p50 / three.p50).toFixed(2)}× the p50 time`,
  );
} finally {
  await app.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
