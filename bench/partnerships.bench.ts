/**
 * `npm run bench:partnerships` (issue 15 §8): BENCH_PARTNERSHIPS partnerships (default 500) × 10 rounds × 2
 * reports × 20 benefit items (200,000 items) in a new SQLite database, read through the API in this process
 * (Fastify's inject: the server's own time).
 * 5 activities a partnership (2,500, each with travellers and costs).
 * 1. the business case of the whole registry: p95 of 20 requests right after a report was submitted (cold: the
 *    new body is read and the whole case computed again) and with nothing changed (warm: the case kept at the
 *    registry's stamp, checked on every request). Target p95 ≤ 300 ms. The floor: the raw engine reading and
 *    parsing every submitted report body.
 * 2. submitting a report (20 items): p95 of 200 submissions. Target p95 ≤ 50 ms.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenefitItem } from '../src/domain/codebook/benefit-item.js';
import type { ReportBody } from '../src/domain/partnerships/benefit-report.js';
import { benchPartnerships } from './bench-data.js';
import { buildApp } from '../src/server/app.js';
import { openStore } from '../src/store/open-store.js';
import { createSession, getAccount } from '../src/store/repositories/accounts.js';
import { grantRegistryRole } from '../src/store/repositories/registry-grants.js';

const PARTNERSHIPS = Number(process.env.BENCH_PARTNERSHIPS ?? 500);
const ROUNDS = 10;
const ITEMS = 20;
const p95 = (times: number[]) => [...times].sort((a, b) => a - b)[Math.ceil(times.length * 0.95) - 1]!;
const ms = (x: number) => `${x.toFixed(1)} ms`;

let state = 2013;
const next = () => (state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
const BLOCKS = [
  'service_delivery',
  'health_workforce',
  'health_information',
  'medical_products',
  'financing',
  'leadership_governance',
];
const AREAS = [
  'rural_service_delivery',
  'skills_substitution',
  'decentralisation',
  'simulation_training',
  'local_product_manufacture',
];
const DIRECTIONS = ['to_high_income', 'to_low_middle_income', 'mutual'];
const body = (): ReportBody => ({
  benefits: Array.from({ length: ITEMS }, (): BenefitItem => ({
    description: `Benefit ${Math.floor(next() * 1e6)}: a practice seen in the partner hospital`,
    direction: pick(DIRECTIONS),
    kind: pick(['direct_benefit', 'transferable_innovation']),
    buildingBlocks: [pick(BLOCKS)],
    learningAreas: [pick(AREAS)],
    ...(next() < 0.2
      ? { indicator: { name: 'compliance', unit: '%', baseline: { value: 30 }, followUp: { value: 60 } } }
      : {}),
    sources: [],
  })),
  costs: [{ description: 'travel', amount: 1000, currency: 'GBP' }],
  selfAssessment: [{ principle: 'respectful_reciprocal', score: 1 + Math.floor(next() * 4) }],
});

const dir = mkdtempSync(join(tmpdir(), 'twoway-bench-partnerships-'));
const store = await openStore({ sqlitePath: join(dir, 'bench.db') });
try {
  const cora = { name: 'cora', admin: true };
  let started = performance.now();
  const made = await benchPartnerships(store, PARTNERSHIPS, () => pick(['apps', 'thet', 'esther']));
  for (const {
    institutions: [hic],
  } of made)
    await grantRegistryRole(store, { who: `member-${hic}`, role: 'member', institutionId: hic }, cora);
  const pairs = made.map((m) => m.institutions);
  const sqlite = store.sqlite!;
  const at = new Date().toISOString();
  const round = sqlite.prepare(
    `insert into report_round (partnership_id, period_start, period_end, opened_by, opened_at, closed_by, closed_at) values (?, '2012-01-01', '2012-12-31', 'cora', ?, null, null)`,
  );
  const report = sqlite.prepare(
    `insert into benefit_report (round_id, institution_id, version, status, framework_id, framework_version, body, reason, author, at) values (?, ?, 1, 'submitted', 'twoway-benefits', 1, ?, null, 'bench', ?)`,
  );
  sqlite.transaction(() => {
    pairs.forEach(([hic, lmic], p) => {
      for (let r = 0; r < ROUNDS; r++) {
        const { lastInsertRowid } = round.run(p + 1, at);
        for (const institution of [hic, lmic])
          report.run(lastInsertRowid, institution, JSON.stringify(body()), at);
      }
    });
  })();
  const activity = sqlite.prepare(
    `insert into activity (partnership_id, type, start_date, body, recorded_by, at) values (?, 'exchange_visit', '2012-05-01', ?, 'bench', ?)`,
  );
  sqlite.transaction(() => {
    pairs.forEach(([hic, lmic], p) => {
      for (let a = 0; a < 5; a++)
        activity.run(
          p + 1,
          JSON.stringify({
            type: 'exchange_visit',
            title: `Visit ${a}`,
            startDate: '2012-05-01',
            travel: [
              { fromInstitutionId: lmic, toInstitutionId: hic, cadre: 'nurse', count: 3 },
              { fromInstitutionId: hic, toInstitutionId: lmic, cadre: 'doctor', count: 1 },
            ],
            costs: [{ description: 'flights', amount: 2400, currency: 'GBP' }],
          }),
          at,
        );
    });
  })();
  console.log(
    `${PARTNERSHIPS} partnerships, ${PARTNERSHIPS * 5} activities, ${PARTNERSHIPS * ROUNDS} rounds, ${PARTNERSHIPS * ROUNDS * 2} reports, ${PARTNERSHIPS * ROUNDS * 2 * ITEMS} benefit items (set up in ${((performance.now() - started) / 1000).toFixed(1)} s)`,
  );

  const { app } = await buildApp({ store });
  const account = await store.db
    .insertInto('account')
    .values({ username: 'cora', display_name: 'cora', password_hash: 'none', is_admin: 1, created_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  const { token, session } = await createSession(store, await getAccount(store, account.id));
  const headers = { cookie: `twoway_session=${token}`, 'x-csrf-token': session.csrfToken };
  const timed = async (method: 'GET' | 'PUT', url: string, payload?: object, cookie = headers) => {
    started = performance.now();
    const answer = await app.inject({
      method,
      url: `/api/v1${url}`,
      headers: cookie,
      ...(payload ? { payload } : {}),
    });
    const took = performance.now() - started;
    if (answer.statusCode !== 200)
      throw new Error(`${url}: ${answer.statusCode} ${answer.body.slice(0, 300)}`);
    return took;
  };

  const floor: number[] = [];
  for (let run = 0; run < 10; run++) {
    started = performance.now();
    for (const r of sqlite.prepare("select body from benefit_report where status = 'submitted'").all() as {
      body: string;
    }[])
      JSON.parse(r.body);
    floor.push(performance.now() - started);
  }
  console.log(
    `floor (raw SQLite: read and parse the ${PARTNERSHIPS * ROUNDS * 2} submitted report bodies): p95 ${ms(p95(floor))}`,
  );

  // a member of the first high-income partner submits into a new round, each time (what makes a request cold)
  const member = await store.db
    .insertInto('account')
    .values({
      username: `member-${pairs[0]![0]}`,
      display_name: 'm',
      password_hash: 'none',
      is_admin: 0,
      created_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const memberSession = await createSession(store, await getAccount(store, member.id));
  const memberHeaders = {
    cookie: `twoway_session=${memberSession.token}`,
    'x-csrf-token': memberSession.session.csrfToken,
  };
  const newRound = () => Number(round.run(1, at).lastInsertRowid);
  const cold: number[] = [];
  const warm: number[] = [];
  for (let run = 0; run < 20; run++) {
    // the new round opens once its other partner submits too: written straight, then the member's submission
    const id = newRound();
    report.run(id, pairs[0]![1], JSON.stringify(body()), at);
    await timed(
      'PUT',
      `/rounds/${id}/reports/${pairs[0]![0]}`,
      { report: body(), submit: true },
      memberHeaders,
    );
    cold.push(await timed('GET', '/business-case'));
    warm.push(await timed('GET', '/business-case'));
  }
  const [c, w] = [p95(cold), p95(warm)];
  console.log(
    `business case of the whole registry: p95 ${ms(w)} when nothing changed, ${ms(c)} right after a submission (target ≤ 300 ms: ${w <= 300 ? 'met' : 'NOT met'} warm, ${c <= 300 ? 'met' : 'NOT met'} cold; cold is ${(c / p95(floor)).toFixed(1)}× the floor)`,
  );

  const submits: number[] = [];
  for (let i = 0; i < 200; i++)
    submits.push(
      await timed(
        'PUT',
        `/rounds/${newRound()}/reports/${pairs[0]![0]}`,
        { report: body(), submit: true },
        memberHeaders,
      ),
    );
  const s = p95(submits);
  console.log(
    `submitting a report of ${ITEMS} items: p95 ${ms(s)} over 200 (target ≤ 50 ms: ${s <= 50 ? 'met' : 'NOT met'})`,
  );
  await app.close();
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
