import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TwowayError } from '../../domain/errors.js';
import type { ReportBody } from '../../domain/partnerships/benefit-report.js';
import type { RegistryActor } from '../../domain/partnerships/reporting-policy.js';
import type { Store } from '../open-store.js';
import { recordActivity } from './activities.js';
import { openRound, saveReport } from './benefit-reports.js';
import { addInstitution, createPartnership, moveCycle } from './partnerships.js';
import { grantRegistryRole } from './registry-grants.js';

/** The clearly labelled example registry (fictional institutions and reports) that `twoway demo` loads. */
export const DEMO_REGISTRY = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  'data',
  'demo',
  'example-registry.json',
);

interface DemoFile {
  label: string;
  institutions: { key: string; name: string; type: string; country: string; city?: string }[];
  partnerships: {
    title: string;
    programme: string;
    startDate: string;
    partners: string[];
    focusAreas: string[];
    objectives: string[];
    cycle: { step: string; date: string }[];
    rounds: { periodStart: string; periodEnd: string; reports: Record<string, ReportBody> }[];
    /** Activities whose travellers name partners by key (`from`, `to`) instead of by id. */
    activities: (Record<string, unknown> & {
      travel: { from: string; to: string; cadre: string; count: number }[];
    })[];
  }[];
}

/**
 * Loads the example registry into an empty one (refused when the registry has partnerships already), through
 * the same functions people use: each institution gets an example member (`example-<key>`) who writes its
 * reports. Returns what it made.
 */
export async function loadDemoRegistry(
  store: Store,
  actor: RegistryActor,
): Promise<{ label: string; institutions: number; partnerships: number; rounds: number; reports: number }> {
  const existing = await store.db.selectFrom('partnership').select('id').limit(1).executeTakeFirst();
  if (existing)
    throw new TwowayError({
      code: 'E_CONFLICT',
      message: 'the registry has partnerships already: the example is loaded into an empty one',
    });
  const demo = JSON.parse(readFileSync(DEMO_REGISTRY, 'utf8')) as DemoFile;
  const ids = new Map<string, number>();
  for (const i of demo.institutions) {
    const added = await addInstitution(
      store,
      { name: i.name, type: i.type, country: i.country, ...(i.city ? { city: i.city } : {}) },
      actor,
    );
    ids.set(i.key, added.id);
    await grantRegistryRole(
      store,
      { who: `example-${i.key}`, role: 'member', institutionId: added.id },
      actor,
    );
  }
  let rounds = 0;
  let reports = 0;
  for (const p of demo.partnerships) {
    const created = await createPartnership(
      store,
      {
        title: p.title,
        programme: p.programme,
        startDate: p.startDate,
        institutionIds: p.partners.map((k) => ids.get(k)!),
        focusAreas: p.focusAreas,
        objectives: p.objectives,
      },
      actor,
    );
    for (const c of p.cycle)
      await moveCycle(store, { partnershipId: created.id, step: c.step, date: c.date }, actor);
    for (const a of p.activities)
      await recordActivity(
        store,
        created.id,
        {
          ...a,
          travel: a.travel.map(({ from, to, ...rest }) => ({
            fromInstitutionId: ids.get(from)!,
            toInstitutionId: ids.get(to)!,
            ...rest,
          })),
        },
        actor,
      );
    for (const r of p.rounds) {
      const round = await openRound(
        store,
        { partnershipId: created.id, periodStart: r.periodStart, periodEnd: r.periodEnd },
        actor,
      );
      rounds += 1;
      for (const [key, body] of Object.entries(r.reports)) {
        await saveReport(
          store,
          { roundId: round.id, institutionId: ids.get(key)!, report: body, submit: true },
          `example-${key}`,
        );
        reports += 1;
      }
    }
  }
  return {
    label: demo.label,
    institutions: demo.institutions.length,
    partnerships: demo.partnerships.length,
    rounds,
    reports,
  };
}
