import { TwowayError } from '../../domain/errors.js';
import { benefitFlow, type BenefitFlow } from '../../domain/partnerships/benefit-flow.js';
import { businessCase, type BusinessCase } from '../../domain/partnerships/business-case.js';
import type { PartnerSide } from '../../domain/countries/income-groups.js';
import { roundOpen, type RegistryActor } from '../../domain/partnerships/reporting-policy.js';
import {
  divergence,
  mutuality,
  type Divergence,
  type Mutuality,
  type SidedReport,
} from '../../domain/partnerships/two-way-analysis.js';
import { findCountry } from '../../domain/countries/countries.js';
import { countryData } from '../country-data.js';
import type { Store } from '../open-store.js';
import {
  getRound,
  openReports,
  readRound,
  reportFrameworks,
  type Round,
  type StoredReport,
} from './benefit-reports.js';
import { listActivities } from './activities.js';
import { getPartnership } from './partnerships.js';
import type { SynthesisInput } from '../../domain/synthesis/coded-studies.js';
import { readerCheck } from './registry-grants.js';
import { synthesisInput } from './synthesis-store.js';

/**
 * Divergence, mutuality and the business case, from the submitted reports of open rounds only (a blind
 * round's reports count nowhere until every partner has submitted or the round is closed).
 */

async function sided(
  store: Store,
  partnershipId: number,
  roundId: number,
  reports: readonly StoredReport[],
): Promise<SidedReport[]> {
  const partnership = await getPartnership(store, partnershipId);
  return reports.map((r) => {
    const institution = partnership.institutions.find((i) => i.id === r.institutionId);
    return {
      roundId,
      institutionId: r.institutionId,
      institution: institution?.name ?? String(r.institutionId),
      side: institution?.side ?? 'unknown',
      report: r.report,
    };
  });
}

/** The submitted reports of one round with their sides, once it is open (refused while it is blind). */
export async function openRoundReports(
  store: Store,
  roundId: number,
  actor: RegistryActor,
): Promise<{ round: Round; reports: SidedReport[] }> {
  const { round, open, reports } = await readRound(store, roundId, actor);
  if (!open)
    throw new TwowayError({
      code: 'E_FORBIDDEN',
      message: `round ${roundId} is blind until every partner has submitted or a coordinator closes it`,
    });
  const submitted = reports.filter((r) => r.status === 'submitted');
  return { round, reports: await sided(store, round.partnershipId, round.id, submitted) };
}

/** The divergence of one round, once it is open (refused while it is blind). */
export async function roundDivergence(
  store: Store,
  roundId: number,
  actor: RegistryActor,
): Promise<Divergence> {
  return divergence((await openRoundReports(store, roundId, actor)).reports, reportFrameworks().principles);
}

/** Which partnerships a scope names: one, those of a programme, or all. */
export async function scopeOf(
  store: Store,
  scope: { partnershipId?: number; programme?: string },
): Promise<{ ids: number[]; label: string }> {
  if (scope.partnershipId !== undefined) {
    const p = await getPartnership(store, scope.partnershipId);
    return { ids: [p.id], label: p.title };
  }
  let query = store.db.selectFrom('partnership').select('id').orderBy('id');
  if (scope.programme !== undefined) query = query.where('programme', '=', scope.programme);
  const ids = (await query.execute()).map((r) => r.id);
  return {
    ids,
    label:
      scope.programme === undefined ? 'the whole registry' : `programme ${scope.programme.toUpperCase()}`,
  };
}

export interface ScopedReports {
  reports: SidedReport[];
  rounds: number;
  /** The partnership of an open round. */
  partnershipOf: (roundId: number) => number | undefined;
  /** A round's period (of the open rounds). */
  periodOf: (roundId: number) => { start: string; end: string };
  /** A partner's side in a partnership. */
  sideOf: (partnershipId: number, institutionId: number) => PartnerSide;
  /** The side of the partner of a round an innovation's origin names (by name, case ignored). */
  partnerSide: (roundId: number, name: string) => 'high-income' | 'low-middle-income' | undefined;
}

/** The submitted reports of a scope's open rounds, each with its partner's name and side. */
export async function scopedReports(
  store: Store,
  actor: RegistryActor,
  ids: number[],
): Promise<ScopedReports> {
  const open = await openReports(store, actor, ids);
  // every partner's name and side in one statement (not one partnership at a time)
  const partners =
    ids.length === 0
      ? []
      : await store.db
          .selectFrom('partnership_institution')
          .innerJoin('institution', 'institution.id', 'partnership_institution.institution_id')
          .select([
            'partnership_institution.partnership_id',
            'partnership_institution.institution_id',
            'partnership_institution.side',
            'institution.name',
            'institution.country',
          ])
          .where('partnership_institution.partnership_id', 'in', ids)
          .execute();
  const partner = new Map(partners.map((p) => [`${p.partnership_id}:${p.institution_id}`, p]));
  // an innovation's origin names a partner, or its country
  const known = partners.filter((p) => p.side === 'high-income' || p.side === 'low-middle-income');
  const byName = new Map(
    known.flatMap((p) => [
      [`${p.partnership_id}:${p.name.trim().toLowerCase()}`, p.side as 'high-income'],
      [`${p.partnership_id}:${p.country}`, p.side as 'high-income'],
    ]),
  );
  const { reference } = countryData();
  const partnershipOfRound = new Map(open.map(({ round }) => [round.id, round.partnershipId]));
  const periods = new Map(
    open.map(({ round }) => [round.id, { start: round.periodStart, end: round.periodEnd }]),
  );
  const reports: SidedReport[] = [];
  for (const { round, reports: list } of open)
    for (const r of list) {
      const p = partner.get(`${round.partnershipId}:${r.institutionId}`);
      reports.push({
        roundId: round.id,
        institutionId: r.institutionId,
        institution: p?.name ?? String(r.institutionId),
        side: (p?.side as PartnerSide | undefined) ?? 'unknown',
        report: r.report,
      });
    }
  return {
    reports,
    rounds: open.length,
    partnershipOf: (roundId) => partnershipOfRound.get(roundId),
    periodOf: (roundId) => periods.get(roundId) ?? { start: '', end: '' },
    sideOf: (p, i) => (partner.get(`${p}:${i}`)?.side as PartnerSide | undefined) ?? 'unknown',
    partnerSide: (roundId, name) => {
      const partnership = partnershipOfRound.get(roundId);
      return (
        byName.get(`${partnership}:${name.trim().toLowerCase()}`) ??
        byName.get(`${partnership}:${findCountry(name, reference)?.iso3}`)
      );
    },
  };
}

export async function registryMutuality(
  store: Store,
  actor: RegistryActor,
  scope: { partnershipId?: number; programme?: string } = {},
): Promise<Mutuality> {
  const { ids } = await scopeOf(store, scope);
  return mutuality((await scopedReports(store, actor, ids)).reports, reportFrameworks().benefits);
}

/** The benefit flow of a scope (origin side → building block → gaining side), from open rounds only. */
export async function registryFlow(
  store: Store,
  actor: RegistryActor,
  scope: { partnershipId?: number; programme?: string } = {},
): Promise<BenefitFlow & { scope: string }> {
  const { ids, label } = await scopeOf(store, scope);
  const { reports, partnerSide } = await scopedReports(store, actor, ids);
  return { scope: label, ...benefitFlow(reports, reportFrameworks().benefits, partnerSide) };
}

/**
 * The registry's data stamp: its latest audit event. Every change a business case reads is audited (an
 * institution, a partnership, a side, a round opened or closed, a report submitted or corrected, an activity
 * recorded, corrected or removed), so an unchanged stamp means an unchanged business case.
 */
async function registryStamp(store: Store): Promise<number> {
  const row = await store.db
    .selectFrom('audit_event')
    .select((eb) => eb.fn.max('id').as('latest'))
    .where('project_id', 'is', null)
    .executeTakeFirst();
  return Number(row?.latest ?? 0);
}

/** Business cases kept by store and scope with the stamp (and the evidence input) they were computed at. */
const keptCases = new WeakMap<
  Store,
  Map<string, { stamp: number; evidence: SynthesisInput | undefined; businessCase: BusinessCase }>
>();
const KEPT_CASES = 16;

/**
 * The business case of a scope; with `evidenceProjectId`, each benefit code's literature evidence from that
 * review project's coded studies (the actor must be a member of it). Kept until the registry's stamp or the
 * review's coded studies change: what it counts is the same for every reader (open rounds only), and readers
 * are checked on every call.
 */
export async function registryBusinessCase(
  store: Store,
  actor: RegistryActor,
  scope: { partnershipId?: number; programme?: string; evidenceProjectId?: number } = {},
): Promise<BusinessCase> {
  await readerCheck(store, actor);
  const evidence =
    scope.evidenceProjectId === undefined
      ? undefined
      : (await synthesisInput(store, scope.evidenceProjectId, actor.name)).input;
  const stamp = await registryStamp(store);
  const key = JSON.stringify([
    scope.partnershipId ?? null,
    scope.programme ?? null,
    scope.evidenceProjectId ?? null,
  ]);
  let kept = keptCases.get(store);
  if (!kept) keptCases.set(store, (kept = new Map()));
  const found = kept.get(key);
  if (found?.stamp === stamp && found.evidence === evidence) return found.businessCase;
  const { ids, label } = await scopeOf(store, scope);
  const { reports, rounds, sideOf } = await scopedReports(store, actor, ids);
  const activities = await listActivities(store, actor, ids);
  const computed = businessCase(
    label,
    { reports, partnerships: ids.length, rounds, activities, sideOf },
    reportFrameworks().benefits,
    evidence,
  );
  if (kept.size >= KEPT_CASES) kept.clear();
  kept.set(key, { stamp, evidence, businessCase: computed });
  return computed;
}

/** Whether a round is open to read (for pages that offer the divergence). */
export async function isRoundOpen(store: Store, roundId: number): Promise<boolean> {
  const round = await getRound(store, roundId);
  return roundOpen({
    institutionIds: round.institutionIds,
    submitted: round.submitted,
    closed: round.closed,
  });
}
