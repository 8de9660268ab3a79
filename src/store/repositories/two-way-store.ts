import { TwowayError } from '../../domain/errors.js';
import { businessCase, type BusinessCase } from '../../domain/partnerships/business-case.js';
import { roundOpen, type RegistryActor } from '../../domain/partnerships/reporting-policy.js';
import {
  divergence,
  mutuality,
  type Divergence,
  type Mutuality,
  type SidedReport,
} from '../../domain/partnerships/two-way-analysis.js';
import type { Store } from '../open-store.js';
import { getRound, openReports, readRound, reportFrameworks, type StoredReport } from './benefit-reports.js';
import { getPartnership, listPartnerships } from './partnerships.js';
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

/** The divergence of one round, once it is open (refused while it is blind). */
export async function roundDivergence(
  store: Store,
  roundId: number,
  actor: RegistryActor,
): Promise<Divergence> {
  const { round, open, reports } = await readRound(store, roundId, actor);
  if (!open)
    throw new TwowayError({
      code: 'E_FORBIDDEN',
      message: `round ${roundId} is blind until every partner has submitted or a coordinator closes it`,
    });
  const submitted = reports.filter((r) => r.status === 'submitted');
  return divergence(
    await sided(store, round.partnershipId, round.id, submitted),
    reportFrameworks().principles,
  );
}

/** Which partnerships a scope names: one, those of a programme, or all. */
async function scopeOf(
  store: Store,
  scope: { partnershipId?: number; programme?: string },
): Promise<{ ids: number[]; label: string }> {
  if (scope.partnershipId !== undefined) {
    const p = await getPartnership(store, scope.partnershipId);
    return { ids: [p.id], label: p.title };
  }
  const all = await listPartnerships(store);
  if (scope.programme !== undefined) {
    const chosen = all.filter((p) => p.programme === scope.programme);
    return { ids: chosen.map((p) => p.id), label: `programme ${scope.programme.toUpperCase()}` };
  }
  return { ids: all.map((p) => p.id), label: 'the whole registry' };
}

async function scopedReports(
  store: Store,
  actor: RegistryActor,
  ids: number[],
): Promise<{ reports: SidedReport[]; rounds: number }> {
  const open = await openReports(store, actor, ids);
  const reports: SidedReport[] = [];
  for (const { round, reports: list } of open)
    reports.push(...(await sided(store, round.partnershipId, round.id, list)));
  return { reports, rounds: open.length };
}

export async function registryMutuality(
  store: Store,
  actor: RegistryActor,
  scope: { partnershipId?: number; programme?: string } = {},
): Promise<Mutuality> {
  const { ids } = await scopeOf(store, scope);
  return mutuality((await scopedReports(store, actor, ids)).reports, reportFrameworks().benefits);
}

/**
 * The business case of a scope; with `evidenceProjectId`, each benefit code's literature evidence from that
 * review project's coded studies (the actor must be a member of it).
 */
export async function registryBusinessCase(
  store: Store,
  actor: RegistryActor,
  scope: { partnershipId?: number; programme?: string; evidenceProjectId?: number } = {},
): Promise<BusinessCase> {
  const { ids, label } = await scopeOf(store, scope);
  const { reports, rounds } = await scopedReports(store, actor, ids);
  const evidence =
    scope.evidenceProjectId === undefined
      ? undefined
      : (await synthesisInput(store, scope.evidenceProjectId, actor.name)).input;
  return businessCase(
    label,
    { reports, partnerships: ids.length, rounds },
    reportFrameworks().benefits,
    evidence,
  );
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
