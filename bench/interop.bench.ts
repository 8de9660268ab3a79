/**
 * `npm run bench:interop` (issue 17 §5), in this process on a new SQLite database:
 * 1. the XLSForm of the full framework (every dimension's codes, THET's principles): p95 of 20. Target ≤ 1 s.
 * 2. importing 10,000 submissions (KoboToolbox JSON, 20 benefit items each) as reports, all or nothing, each
 *    checked against the standard. Target ≤ 10 s.
 * 3. the IATI activity file of BENCH_PARTNERSHIPS partnerships (default 500; 10 rounds, 2 reports of 20 items,
 *    a fifth of them with an indicator: its results), and its validation against the IATI XSD. Target ≤ 2 s.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchPartnerships } from './bench-data.js';
import { readSubmissions } from '../src/domain/interop/odk-submissions.js';
import { iatiSchemaFaults } from '../src/store/iati-schema.js';
import { openStore } from '../src/store/open-store.js';
import { reportFrameworks } from '../src/store/repositories/benefit-reports.js';
import {
  importSubmissions,
  partnershipXlsform,
  registryIati,
} from '../src/store/repositories/interop-store.js';
import { grantRegistryRole } from '../src/store/repositories/registry-grants.js';

const PARTNERSHIPS = Number(process.env.BENCH_PARTNERSHIPS ?? 500);
const ROUNDS = 10;
const ITEMS = 20;
const p95 = (times: number[]) => [...times].sort((a, b) => a - b)[Math.ceil(times.length * 0.95) - 1]!;
const ms = (x: number) => `${x.toFixed(0)} ms`;
const verdict = (x: number, target: number) => `target ≤ ${target} ms: ${x <= target ? 'met' : 'NOT met'}`;

let state = 17;
const next = () => (state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
const BLOCKS = [
  'service_delivery',
  'health_workforce',
  'health_information',
  'medical_products',
  'financing',
];
const DIRECTIONS = ['to_high_income', 'to_low_middle_income', 'mutual'];

const dir = mkdtempSync(join(tmpdir(), 'twoway-bench-interop-'));
const store = await openStore({ sqlitePath: join(dir, 'bench.db') });
try {
  const cora = { name: 'cora', admin: true };
  let started = performance.now();
  const pairs = await benchPartnerships(store, PARTNERSHIPS, () => 'apps');
  // one collector is a member of every institution (the import checks each report's writer)
  const sqlite = store.sqlite!;
  const at = new Date().toISOString();
  const grant = sqlite.prepare(
    `insert into registry_grant (who, role, institution_id, granted_by, granted_at) values ('collector', 'member', ?, 'cora', ?)`,
  );
  const round = sqlite.prepare(
    `insert into report_round (partnership_id, period_start, period_end, opened_by, opened_at, closed_by, closed_at) values (?, ?, ?, 'cora', ?, null, null)`,
  );
  const rounds: { id: number; partnership: number; institutions: [number, number] }[] = [];
  sqlite.transaction(() => {
    for (const p of pairs) {
      for (const i of p.institutions) grant.run(i, at);
      for (let r = 0; r < ROUNDS; r++) {
        const year = 2012 + r;
        const { lastInsertRowid } = round.run(p.partnership, `${year}-01-01`, `${year}-12-31`, at);
        rounds.push({ id: Number(lastInsertRowid), ...p });
      }
    }
  })();
  await grantRegistryRole(store, { who: 'viewer', role: 'viewer' }, cora);
  console.log(
    `${PARTNERSHIPS} partnerships, ${rounds.length} rounds (set up in ${((performance.now() - started) / 1000).toFixed(1)} s)`,
  );

  // 1. the XLSForm
  const forms: number[] = [];
  for (let i = 0; i < 20; i++) {
    started = performance.now();
    await partnershipXlsform(store, pairs[0]!.partnership, cora);
    forms.push(performance.now() - started);
  }
  console.log(`XLSForm of the full framework: p95 ${ms(p95(forms))} (${verdict(p95(forms), 1000)})`);

  // 2. 10,000 submissions, 20 items each, as KoboToolbox exports them
  const version = `twoway-benefits-${reportFrameworks().benefits.version}-1`;
  const submissions = rounds.flatMap((r) =>
    r.institutions.map((institution) => ({
      'meta/instanceID': `uuid:${r.id}-${institution}`,
      form_version: version,
      institution: String(institution),
      round: String(r.id),
      'self_assessment/principle_strategic': String(1 + Math.floor(next() * 4)),
      benefits: Array.from({ length: ITEMS }, (_, n) => ({
        'benefits/description': `Benefit ${n}: a practice seen in the partner hospital`,
        'benefits/direction': pick(DIRECTIONS),
        'benefits/building_blocks': pick(BLOCKS),
        ...(next() < 0.2
          ? {
              'benefits/has_indicator': 'yes',
              'benefits/indicator_name': 'compliance',
              'benefits/indicator_unit': '%',
              'benefits/baseline_value': '30',
              'benefits/followup_value': String(40 + Math.floor(next() * 50)),
            }
          : {}),
      })),
      costs: [
        { 'costs/cost_description': 'travel', 'costs/cost_amount': '1000', 'costs/cost_currency': 'GBP' },
      ],
    })),
  );
  const text = JSON.stringify(submissions);
  started = performance.now();
  const read = readSubmissions([{ name: 'kobo.json', text }]);
  const parsed = performance.now() - started;
  const done = await importSubmissions(store, read, 'collector', { submit: true });
  const imported = performance.now() - started;
  console.log(
    `importing ${done.length} submissions (${(text.length / 1e6).toFixed(1)} MB of JSON, ${done.length * ITEMS} items): ${ms(imported)}, of which reading ${ms(parsed)} (${verdict(imported, 10_000)})`,
  );

  // 3. the IATI file of every partnership, then its validation against the XSD
  const options = {
    reportingOrg: { ref: 'XM-DAC-41114', name: 'Example programme', type: '21' },
    organisationRefs: new Map<number, string>(),
    generatedAt: new Date().toISOString(),
  };
  const made: number[] = [];
  const checked: number[] = [];
  let size = 0;
  for (let i = 0; i < 5; i++) {
    started = performance.now();
    const xml = await registryIati(store, { name: 'viewer', admin: false }, {}, options);
    made.push(performance.now() - started);
    size = xml.length;
    started = performance.now();
    const faults = await iatiSchemaFaults(xml);
    checked.push(performance.now() - started);
    if (faults.length > 0) throw new Error(`invalid IATI: ${faults[0]}`);
  }
  const total = p95(made) + p95(checked);
  console.log(
    `IATI file of ${PARTNERSHIPS} partnerships (${(size / 1e6).toFixed(1)} MB, ${done.length * ITEMS * 0.2} results expected): made p95 ${ms(p95(made))}, validated against the XSD p95 ${ms(p95(checked))}, together ${ms(total)} (${verdict(total, 2000)})`,
  );
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
