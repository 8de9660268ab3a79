import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../open-store.js';
import { freshLocation, testEngines } from '../test-support/engines.js';
import {
  activityMobility,
  correctActivity,
  listActivities,
  recordActivity,
  removeActivity,
} from './activities.js';
import { addInstitution, createPartnership } from './partnerships.js';
import { grantRegistryRole, registryAuditLog } from './registry-grants.js';
import { registryBusinessCase } from './two-way-store.js';

const CORA = { name: 'cora', admin: true };
const as = (name: string) => ({ name, admin: false });

const opened: Store[] = [];
afterEach(async () => {
  while (opened.length) await opened.pop()?.close();
});

describe.each(testEngines())('partnership activities on %s', (engine) => {
  async function setUp() {
    const store = await openStore(await freshLocation(engine));
    opened.push(store);
    const uk = await addInstitution(
      store,
      { name: 'Example Teaching Hospital', type: 'hospital', country: 'GB' },
      CORA,
    );
    const ug = await addInstitution(
      store,
      { name: 'Example District Hospital', type: 'hospital', country: 'UG' },
      CORA,
    );
    const ml = await addInstitution(
      store,
      { name: 'Example Regional Hospital', type: 'hospital', country: 'ML' },
      CORA,
    );
    const p = await createPartnership(
      store,
      { title: 'UK–Uganda', programme: 'apps', startDate: '2012-01-10', institutionIds: [uk.id, ug.id] },
      CORA,
    );
    await grantRegistryRole(store, { who: 'obi', role: 'member', institutionId: ug.id }, CORA);
    await grantRegistryRole(store, { who: 'mo', role: 'member', institutionId: ml.id }, CORA);
    await grantRegistryRole(store, { who: 'fay', role: 'viewer' }, CORA);
    const visit = {
      type: 'exchange_visit',
      title: 'Theatre nurses visit <script>alert(1)</script>',
      startDate: '2012-05-07',
      endDate: '2012-05-18',
      country: 'United Kingdom',
      city: 'London',
      travel: [
        { fromInstitutionId: ug.id, toInstitutionId: uk.id, cadre: 'nurse', count: 4 },
        { fromInstitutionId: ug.id, toInstitutionId: uk.id, cadre: 'doctor', count: 1 },
      ],
      cycleStep: 'needs_assessment',
      costs: [{ description: 'Flights', amount: 5200, currency: 'GBP' }],
    };
    return { store, uk, ug, ml, p, visit };
  }

  it('records activities with who travelled which way, the country as alpha-3, read by every role', async () => {
    const { store, uk, ug, p, visit } = await setUp();
    const a = await recordActivity(store, p.id, visit, as('obi')); // a member of a partner records it
    expect(a).toMatchObject({ partnershipId: p.id, country: 'GBR', recordedBy: 'obi', title: visit.title });
    // the business case is kept until the registry changes: a new activity is counted at once
    expect((await registryBusinessCase(store, as('fay'))).costTotals).toEqual({ GBP: 5200 });
    expect(await registryBusinessCase(store, as('fay'))).toBe(await registryBusinessCase(store, as('obi')));
    await recordActivity(
      store,
      p.id,
      {
        type: 'training',
        title: 'Hand-hygiene course',
        startDate: '2012-09-03',
        travel: [{ fromInstitutionId: uk.id, toInstitutionId: ug.id, cadre: 'nurse', count: 2 }],
        costs: [{ description: 'Flights', amount: 2600, currency: 'GBP' }, { description: 'Staff time' }],
      },
      CORA,
    );
    const list = await listActivities(store, as('fay'), [p.id]);
    expect(list.map((x) => x.type)).toEqual(['exchange_visit', 'training']);
    const m = await activityMobility(store, as('fay'), [p.id]);
    expect([m.toHighIncome, m.toLowMiddleIncome, m.other]).toEqual([5, 2, 0]);
    expect(m.rows[0]).toMatchObject({
      from: 'low-middle-income',
      to: 'high-income',
      cadre: 'nurse',
      people: 4,
    });
    // the business case counts what the activities cost and who travelled
    const bc = await registryBusinessCase(store, as('fay'));
    expect(bc.costTotals).toEqual({ GBP: 7800 });
    expect(bc.activityCosts).toHaveLength(3);
    expect(bc.mobility.toHighIncome).toBe(5);
    await expect(listActivities(store, as('mallory'))).rejects.toMatchObject({ code: 'E_FORBIDDEN' });
  });

  it('refuses an activity with every fault by JSON pointer, and stores nothing', async () => {
    const { store, ml, p, visit } = await setUp();
    const bad = {
      ...visit,
      endDate: '2012-05-01',
      cycleStep: 'dreaming',
      travel: [
        {
          fromInstitutionId: ml.id,
          toInstitutionId: visit.travel[0]!.toInstitutionId,
          cadre: 'nurse',
          count: 1,
        },
        { ...visit.travel[0]!, toInstitutionId: visit.travel[0]!.fromInstitutionId },
      ],
    };
    const error = await recordActivity(store, p.id, bad, CORA).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'E_USAGE' });
    const message = (error as Error).message;
    expect(message).toContain('/endDate: an activity cannot end before it starts');
    expect(message).toContain(`/travel/0/fromInstitutionId: institution ${ml.id} is not a partner`);
    expect(message).toContain('/travel/1/toInstitutionId: people travel from one partner to another');
    expect(message).toContain('/cycleStep: unknown cycle step "dreaming"');
    await expect(
      recordActivity(store, p.id, { ...visit, type: 'party', travel: [{ cadre: 'wizard' }] }, CORA),
    ).rejects.toThrow(/\/type[\s\S]*\/travel\/0/);
    await expect(recordActivity(store, p.id, { ...visit, country: 'Atlantis' }, CORA)).rejects.toThrow(
      /\/country: "Atlantis" is no country/,
    );
    expect(await listActivities(store, CORA)).toEqual([]);
  });

  it('lets only a coordinator or a partner’s member change activities, and audits every change', async () => {
    const { store, p, visit } = await setUp();
    await expect(recordActivity(store, p.id, visit, as('fay'))).rejects.toMatchObject({
      code: 'E_FORBIDDEN',
    });
    await expect(recordActivity(store, p.id, visit, as('mo'))).rejects.toMatchObject({ code: 'E_FORBIDDEN' });
    const a = await recordActivity(store, p.id, visit, CORA);
    const corrected = await correctActivity(
      store,
      a.id,
      { ...visit, title: 'Theatre nurses visit' },
      as('obi'),
    );
    expect(corrected).toMatchObject({ id: a.id, title: 'Theatre nurses visit', recordedBy: 'obi' });
    await expect(removeActivity(store, a.id, as('mo'))).rejects.toMatchObject({ code: 'E_FORBIDDEN' });
    await removeActivity(store, a.id, as('obi'));
    await expect(removeActivity(store, a.id, CORA)).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
    await expect(registryAuditLog(store, as('obi'), { limit: 10 })).rejects.toMatchObject({
      code: 'E_FORBIDDEN',
    });
    const log = (await registryAuditLog(store, as('cora'), { limit: 100 }))
      .filter((e) => e.action.startsWith('activity.'))
      .reverse();
    expect(log.map((e) => [e.action, e.actor])).toEqual([
      ['activity.record', 'cora'],
      ['activity.correct', 'obi'],
      ['activity.remove', 'obi'],
    ]);
    expect((log[1]!.detail.before as { title: string }).title).toBe(visit.title); // what it was before
  });
});
