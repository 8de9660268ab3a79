import { afterEach, describe, expect, it } from 'vitest';
import { currentStep } from '../../domain/partnerships/partnership.js';
import { openStore, type Store } from '../open-store.js';
import { freshLocation, testEngines } from '../test-support/engines.js';
import {
  addInstitution,
  createPartnership,
  getPartnership,
  listInstitutions,
  moveCycle,
  overrideSide,
} from './partnerships.js';

/** The local coordinator (the CLI's user is trusted to set a registry up). */
const CORA = { name: 'cora', admin: true };

const opened: Store[] = [];
afterEach(async () => {
  while (opened.length) await opened.pop()?.close();
});

describe.each(testEngines())('the partnership registry on %s', (engine) => {
  async function setUp() {
    const store = await openStore(await freshLocation(engine));
    opened.push(store);
    const london = await addInstitution(
      store,
      { name: 'Example Teaching Hospital', type: 'hospital', country: 'United Kingdom', city: 'London' },
      CORA,
    );
    const mbarara = await addInstitution(
      store,
      { name: 'Example District Hospital', type: 'hospital', country: 'UG', rorId: '03dmz0111' },
      CORA,
    );
    const beijing = await addInstitution(
      store,
      { name: 'Example City Hospital', type: 'hospital', country: 'CHN' },
      CORA,
    );
    return { store, london, mbarara, beijing };
  }

  it('computes each side from the country’s group when the partnership started, with the rule and data year', async () => {
    const { store, london, mbarara, beijing } = await setUp();
    expect(mbarara).toMatchObject({ country: 'UGA', rorId: 'https://ror.org/03dmz0111' });
    const p = await createPartnership(
      store,
      {
        title: 'London–Mbarara',
        programme: 'apps',
        startDate: '2011-03-01',
        institutionIds: [london.id, mbarara.id],
        focusAreas: ['hand_hygiene_hai'],
        objectives: ['partnership', 'improvement'],
      },
      CORA,
    );
    expect(p.institutions.map((i) => [i.name, i.side])).toEqual([
      ['Example Teaching Hospital', 'high-income'],
      ['Example District Hospital', 'low-middle-income'],
    ]);
    expect(p.institutions[1]!.classification).toMatchObject({
      group: 'low',
      dataYear: 2009,
      rule: 'World Bank high income in the year',
    });
    // China: lower-middle for a partnership started in March 2011, upper-middle from August 2011 — never high
    const early = await createPartnership(
      store,
      { title: 'early', programme: 'tpi', startDate: '2011-03-01', institutionIds: [london.id, beijing.id] },
      CORA,
    );
    const late = await createPartnership(
      store,
      { title: 'late', programme: 'tpi', startDate: '2011-08-01', institutionIds: [london.id, beijing.id] },
      CORA,
    );
    expect(early.institutions[1]!.classification.group).toBe('lower-middle');
    expect(late.institutions[1]!.classification.group).toBe('upper-middle');
  });

  it('classifies by a custom list instead, kept with its label; an unknown country in the list is refused', async () => {
    const { store, london, beijing } = await setUp();
    const p = await createPartnership(
      store,
      {
        title: 'custom',
        programme: 'other',
        startDate: '2015-01-01',
        institutionIds: [london.id, beijing.id],
        rule: { kind: 'custom', label: 'our funder’s list', developed: ['china', 'GB'] },
      },
      CORA,
    );
    expect(p.institutions.map((i) => [i.country, i.side, i.classification.rule])).toEqual([
      ['GBR', 'high-income', 'custom: our funder’s list'],
      ['CHN', 'high-income', 'custom: our funder’s list'],
    ]);
    await expect(
      createPartnership(
        store,
        {
          title: 'x',
          programme: 'other',
          startDate: '2015-01-01',
          institutionIds: [london.id, beijing.id],
          rule: { kind: 'custom', label: 'x', developed: ['Atlantis'] },
        },
        CORA,
      ),
    ).rejects.toThrow(/"Atlantis" in the custom rule is no country/);
  });

  it('overrides a side with a reason, keeps the cycle history, audits, and refuses bad input', async () => {
    const { store, london, mbarara } = await setUp();
    const p = await createPartnership(
      store,
      {
        title: 'London–Mbarara',
        programme: 'thet',
        startDate: '2012-01-10',
        institutionIds: [london.id, mbarara.id],
      },
      CORA,
    );
    await expect(
      overrideSide(
        store,
        { partnershipId: p.id, institutionId: mbarara.id, side: 'high-income', reason: ' ' },
        CORA,
      ),
    ).rejects.toThrow(/needs a reason/);
    const overridden = await overrideSide(
      store,
      {
        partnershipId: p.id,
        institutionId: mbarara.id,
        side: 'unknown',
        reason: 'a private wing counted apart',
      },
      CORA,
    );
    expect(overridden.institutions[1]).toMatchObject({
      side: 'unknown',
      overrideReason: 'a private wing counted apart',
      classification: { side: 'low-middle-income' },
    });
    await moveCycle(
      store,
      { partnershipId: p.id, step: 'partnership_development', date: '2012-01-10' },
      CORA,
    );
    await moveCycle(store, { partnershipId: p.id, step: 'gap_analysis', date: '2012-06-01' }, CORA);
    await moveCycle(
      store,
      { partnershipId: p.id, step: 'needs_assessment', date: '2012-03-01', note: 'recorded late' },
      CORA,
    );
    const now = await getPartnership(store, p.id);
    expect(now.cycle.map((c) => c.step)).toEqual([
      'partnership_development',
      'needs_assessment',
      'gap_analysis',
    ]);
    expect(currentStep(now)).toBe('gap_analysis');
    await expect(
      moveCycle(store, { partnershipId: p.id, step: 'dancing', date: '2012-07-01' }, CORA),
    ).rejects.toThrow(/unknown cycle step "dancing"/);
    await expect(
      moveCycle(store, { partnershipId: p.id, step: 'action', date: '2011-01-01' }, CORA),
    ).rejects.toThrow(/cannot come before/);
    await expect(
      createPartnership(
        store,
        { title: 'solo', programme: 'apps', startDate: '2012-01-01', institutionIds: [london.id] },
        CORA,
      ),
    ).rejects.toThrow(/two or more institutions/);
    await expect(
      createPartnership(
        store,
        { title: 'x', programme: 'apps', startDate: '2012-01-01', institutionIds: [london.id, 999] },
        CORA,
      ),
    ).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
    await expect(
      createPartnership(
        store,
        {
          title: 'x',
          programme: 'apps',
          startDate: '2012-01-01',
          institutionIds: [london.id, mbarara.id],
          focusAreas: ['knitting'],
        },
        CORA,
      ),
    ).rejects.toThrow(/unknown focus area "knitting"/);
    await expect(
      addInstitution(
        store,
        { name: '  example district HOSPITAL ', type: 'hospital', country: 'Uganda' },
        CORA,
      ),
    ).rejects.toMatchObject({ code: 'E_CONFLICT' });
    await expect(
      addInstitution(store, { name: 'Somewhere', type: 'hospital', country: 'Atlantis' }, CORA),
    ).rejects.toThrow(/no country Twoway knows/);
    expect(await listInstitutions(store)).toHaveLength(3);
    const actions = (await store.db.selectFrom('audit_event').select('action').execute()).map(
      (r) => r.action,
    );
    expect(actions).toEqual(
      expect.arrayContaining([
        'institution.add',
        'partnership.create',
        'partnership.side',
        'partnership.cycle',
      ]),
    );
  });
});
