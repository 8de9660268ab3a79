import { findCountry } from '../../domain/countries/countries.js';
import { assertNoFaults } from '../../domain/codebook/framework.js';
import type { PartnerSide } from '../../domain/countries/income-groups.js';
import { TwowayError } from '../../domain/errors.js';
import {
  activityFaults,
  mobility,
  type Activity,
  type ActivityInput,
  type Mobility,
} from '../../domain/partnerships/activity.js';
import type { Partnership } from '../../domain/partnerships/partnership.js';
import {
  assertMayRecordActivity,
  assertRegistryReader,
  type RegistryActor,
} from '../../domain/partnerships/reporting-policy.js';
import { countryData } from '../country-data.js';
import type { Store } from '../open-store.js';
import { storeTransaction } from '../write-transaction.js';
import { audit } from './audit-log.js';
import { appsCodes, getPartnership } from './partnerships.js';
import { registryGrants } from './registry-grants.js';

/**
 * A partnership's activities: recorded, corrected and removed by a coordinator or a member of a partner
 * institution (every change audited with what it was before), read by anyone with a role in the registry.
 */

/** The input checked against the schema and the partnership, its country stored as alpha-3. */
function checked(partnership: Partnership, input: unknown): ActivityInput {
  assertNoFaults('E_USAGE', 'the activity', activityFaults(input, partnership, appsCodes('cycle_step')));
  const activity = input as ActivityInput;
  if (activity.country === undefined) return activity;
  const country = findCountry(activity.country, countryData().reference);
  if (!country)
    throw new TwowayError({
      code: 'E_USAGE',
      message: `the activity is invalid:\n  /country: "${activity.country}" is no country Twoway knows`,
    });
  return { ...activity, country: country.iso3 };
}

/** The partnership, once the actor may record its activities (its partners are what the rule asks). */
async function mayRecord(store: Store, partnershipId: number, actor: RegistryActor): Promise<Partnership> {
  const partnership = await getPartnership(store, partnershipId);
  assertMayRecordActivity(
    await registryGrants(store),
    actor,
    partnership.institutions.map((i) => i.id),
  );
  return partnership;
}

function activityOf(row: {
  id: number;
  partnership_id: number;
  body: string;
  recorded_by: string;
  at: string;
}): Activity {
  return {
    id: row.id,
    partnershipId: row.partnership_id,
    ...(JSON.parse(row.body) as ActivityInput),
    recordedBy: row.recorded_by,
    at: row.at,
  };
}

async function storedActivity(store: Store, id: number): Promise<Activity> {
  const row = await store.db.selectFrom('activity').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new TwowayError({ code: 'E_NOT_FOUND', message: `there is no activity ${id}` });
  return activityOf(row);
}

/** Records an activity of a partnership; audited. */
export async function recordActivity(
  store: Store,
  partnershipId: number,
  input: unknown,
  actor: RegistryActor,
): Promise<Activity> {
  const id = await storeTransaction(store, async (tx) => {
    const activity = checked(await mayRecord(tx, partnershipId, actor), input);
    const row = await tx.db
      .insertInto('activity')
      .values({
        partnership_id: partnershipId,
        type: activity.type,
        start_date: activity.startDate,
        body: JSON.stringify(activity),
        recorded_by: actor.name,
        at: new Date().toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(tx, {
      projectId: null,
      actor: actor.name,
      action: 'activity.record',
      detail: { id: row.id, partnership: partnershipId, type: activity.type, title: activity.title },
    });
    return row.id;
  });
  return storedActivity(store, id);
}

/** Replaces an activity's record (a correction); the audit log keeps what it was. */
export async function correctActivity(
  store: Store,
  id: number,
  input: unknown,
  actor: RegistryActor,
): Promise<Activity> {
  await storeTransaction(store, async (tx) => {
    const before = await storedActivity(tx, id);
    const activity = checked(await mayRecord(tx, before.partnershipId, actor), input);
    await tx.db
      .updateTable('activity')
      .set({
        type: activity.type,
        start_date: activity.startDate,
        body: JSON.stringify(activity),
        recorded_by: actor.name,
        at: new Date().toISOString(),
      })
      .where('id', '=', id)
      .execute();
    await audit(tx, {
      projectId: null,
      actor: actor.name,
      action: 'activity.correct',
      detail: { id, before },
    });
  });
  return storedActivity(store, id);
}

/** Removes an activity; the audit log keeps it whole. */
export async function removeActivity(store: Store, id: number, actor: RegistryActor): Promise<void> {
  await storeTransaction(store, async (tx) => {
    const before = await storedActivity(tx, id);
    await mayRecord(tx, before.partnershipId, actor);
    await tx.db.deleteFrom('activity').where('id', '=', id).execute();
    await audit(tx, {
      projectId: null,
      actor: actor.name,
      action: 'activity.remove',
      detail: { id, before },
    });
  });
}

/** The activities of some partnerships (all when none are named), oldest first. */
export async function listActivities(
  store: Store,
  actor: RegistryActor,
  partnershipIds?: readonly number[],
): Promise<Activity[]> {
  assertRegistryReader(await registryGrants(store), actor);
  if (partnershipIds?.length === 0) return [];
  let query = store.db.selectFrom('activity').selectAll().orderBy('start_date').orderBy('id');
  if (partnershipIds) query = query.where('partnership_id', 'in', [...partnershipIds]);
  return (await query.execute()).map(activityOf);
}

/** Who travelled which way in some partnerships' activities, each traveller's side from their partnership. */
export async function activityMobility(
  store: Store,
  actor: RegistryActor,
  partnershipIds?: readonly number[],
): Promise<Mobility> {
  const activities = await listActivities(store, actor, partnershipIds);
  const ids = [...new Set(activities.map((a) => a.partnershipId))];
  const sides =
    ids.length === 0
      ? []
      : await store.db
          .selectFrom('partnership_institution')
          .select(['partnership_id', 'institution_id', 'side'])
          .where('partnership_id', 'in', ids)
          .execute();
  const side = new Map(sides.map((s) => [`${s.partnership_id}:${s.institution_id}`, s.side as PartnerSide]));
  return mobility(activities, (p, i) => side.get(`${p}:${i}`) ?? 'unknown');
}
