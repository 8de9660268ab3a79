import countries from 'i18n-iso-countries';
import {
  dhis2DataValueSet,
  dhis2MappingTemplate,
  type Dhis2DataValueSet,
} from '../../domain/interop/dhis2.js';
import { iatiXml, type IatiIndicator, type IatiOptions } from '../../domain/interop/iati.js';
import type { RegistryActor } from '../../domain/partnerships/reporting-policy.js';
import type { Store } from '../open-store.js';
import { listActivities } from './activities.js';
import { getPartnership } from './partnerships.js';
import { openRoundReports, scopedReports, scopeOf } from './two-way-store.js';

/**
 * Twoway's registry in other systems' formats: IATI activity XML for funders, DHIS2 data value sets for
 * ministries. Like every aggregate, it reads
 * the submitted reports of open rounds only.
 */

/** A round's reports as a DHIS2 data value set under a mapping (the round must be open). */
export async function roundDhis2(
  store: Store,
  roundId: number,
  actor: RegistryActor,
  mapping: unknown,
): Promise<Dhis2DataValueSet> {
  const { round, reports } = await openRoundReports(store, roundId, actor);
  return dhis2DataValueSet(reports, { start: round.periodStart, end: round.periodEnd }, mapping);
}

/** A mapping to fill in: every org unit, count key and indicator a round's data needs. */
export async function roundDhis2Template(
  store: Store,
  roundId: number,
  actor: RegistryActor,
): Promise<Record<string, unknown>> {
  return dhis2MappingTemplate((await openRoundReports(store, roundId, actor)).reports);
}

/** The IATI activity file (2.03) of a scope's partnerships, with the indicators reported in open rounds. */
export async function registryIati(
  store: Store,
  actor: RegistryActor,
  scope: { partnershipId?: number; programme?: string },
  options: IatiOptions,
): Promise<string> {
  const { ids } = await scopeOf(store, scope);
  const { reports, periodOf, partnershipOf } = await scopedReports(store, actor, ids);
  const activities = Map.groupBy(await listActivities(store, actor, ids), (a) => a.partnershipId);
  const partnerships = await Promise.all(ids.map((id) => getPartnership(store, id)));
  const indicators = new Map<number, IatiIndicator[]>();
  const byId = new Map(partnerships.map((p) => [p.id, p]));
  for (const r of reports) {
    const partnership = byId.get(partnershipOf(r.roundId) ?? 0);
    const institution = partnership?.institutions.find((i) => i.id === r.institutionId);
    if (!partnership || !institution) continue;
    for (const item of r.report.benefits) {
      if (!item.indicator?.baseline || !item.indicator.followUp) continue;
      let list = indicators.get(partnership.id);
      if (!list) indicators.set(partnership.id, (list = []));
      list.push({ institution, period: periodOf(r.roundId), item });
    }
  }
  return iatiXml(
    partnerships.map((partnership) => ({
      partnership,
      activities: activities.get(partnership.id) ?? [],
      indicators: indicators.get(partnership.id) ?? [],
      alpha2: (iso3) => countries.alpha3ToAlpha2(iso3),
    })),
    options,
  );
}
