import { assertNoFaults } from '../../domain/codebook/framework.js';
import { TwowayError } from '../../domain/errors.js';
import { reportFaults, type ReportBody } from '../../domain/partnerships/benefit-report.js';
import {
  assertMayWriteReport,
  type RegistryGrant,
  assertRegistryReader,
  roundOpen,
  visibleReports,
  type RegistryActor,
  type RoundState,
} from '../../domain/partnerships/reporting-policy.js';
import type { Selectable } from 'kysely';
import type { Store } from '../open-store.js';
import type { Database } from '../schema.js';
import { shippedFramework } from '../shipped-frameworks.js';
import { storeTransaction } from '../write-transaction.js';
import { audit } from './audit-log.js';
import { getPartnership } from './partnerships.js';
import { coordinatorCheck, registryGrants } from './registry-grants.js';

/**
 * Reporting rounds and each partner's benefit report, blind until every partner has submitted or a coordinator
 * closed the round (the reporting policy). Reports are append-only: drafts are rows, a submission is never
 * changed, a correction is a new version with its reason. The audit log records who did what, never a
 * report's content.
 */

/** The frameworks reports are coded with: the shipped benefit framework and THET's principles. */
export function reportFrameworks() {
  return {
    benefits: shippedFramework('twoway-benefits').framework,
    principles: shippedFramework('thet-principles').framework,
  };
}

export interface Round {
  id: number;
  partnershipId: number;
  periodStart: string;
  periodEnd: string;
  closed: boolean;
  institutionIds: number[];
  /** Institutions that have submitted (anyone with a role may know who has, not what). */
  submitted: number[];
}

export interface StoredReport {
  institutionId: number;
  version: number;
  status: 'draft' | 'submitted';
  report: ReportBody;
  frameworkVersion: number;
  reason?: string;
  author: string;
  at: string;
}

function isoDate(text: string, what: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(Date.parse(text)))
    throw new TwowayError({ code: 'E_USAGE', message: `${what} takes a date (YYYY-MM-DD), not "${text}"` });
  return text;
}

/** Opens a reporting round for a partnership (coordinators); audited. */
export async function openRound(
  store: Store,
  input: { partnershipId: number; periodStart: string; periodEnd: string },
  actor: RegistryActor,
): Promise<Round> {
  isoDate(input.periodStart, 'the period start');
  if (isoDate(input.periodEnd, 'the period end') < input.periodStart)
    throw new TwowayError({ code: 'E_USAGE', message: 'a round cannot end before it starts' });
  const id = await storeTransaction(store, async (tx) => {
    await coordinatorCheck(tx, actor);
    await getPartnership(tx, input.partnershipId);
    const row = await tx.db
      .insertInto('report_round')
      .values({
        partnership_id: input.partnershipId,
        period_start: input.periodStart,
        period_end: input.periodEnd,
        opened_by: actor.name,
        opened_at: new Date().toISOString(),
        closed_by: null,
        closed_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(tx, {
      projectId: null,
      actor: actor.name,
      action: 'round.open',
      detail: { round: row.id, partnership: input.partnershipId },
    });
    return row.id;
  });
  return getRound(store, id);
}

/** Closes a round (coordinators): its submitted reports open to every role; no report is written after. */
export async function closeRound(store: Store, roundId: number, actor: RegistryActor): Promise<Round> {
  await storeTransaction(store, async (tx) => {
    await coordinatorCheck(tx, actor);
    const round = await getRound(tx, roundId);
    if (round.closed)
      throw new TwowayError({ code: 'E_CONFLICT', message: `round ${roundId} is closed already` });
    await tx.db
      .updateTable('report_round')
      .set({ closed_by: actor.name, closed_at: new Date().toISOString() })
      .where('id', '=', roundId)
      .execute();
    await audit(tx, {
      projectId: null,
      actor: actor.name,
      action: 'round.close',
      detail: { round: roundId },
    });
  });
  return getRound(store, roundId);
}

export async function getRound(store: Store, roundId: number): Promise<Round> {
  const row = await store.db
    .selectFrom('report_round')
    .selectAll()
    .where('id', '=', roundId)
    .executeTakeFirst();
  if (!row) throw new TwowayError({ code: 'E_NOT_FOUND', message: `there is no reporting round ${roundId}` });
  const partners = await store.db
    .selectFrom('partnership_institution')
    .select('institution_id')
    .where('partnership_id', '=', row.partnership_id)
    .orderBy('institution_id')
    .execute();
  const submitted = await store.db
    .selectFrom('benefit_report')
    .select('institution_id')
    .distinct()
    .where('round_id', '=', roundId)
    .where('status', '=', 'submitted')
    .execute();
  return {
    id: row.id,
    partnershipId: row.partnership_id,
    periodStart: row.period_start,
    periodEnd: row.period_end,
    closed: row.closed_at !== null,
    institutionIds: partners.map((p) => p.institution_id),
    submitted: submitted.map((s) => s.institution_id).sort((a, b) => a - b),
  };
}

export async function listRounds(store: Store, partnershipId: number): Promise<Round[]> {
  const rows = await store.db
    .selectFrom('report_round')
    .select('id')
    .where('partnership_id', '=', partnershipId)
    .orderBy('id')
    .execute();
  return Promise.all(rows.map((r) => getRound(store, r.id)));
}

export interface SaveReportInput {
  roundId: number;
  institutionId: number;
  report: unknown;
  submit: boolean;
  /** Required to correct a submitted report (a new version). */
  reason?: string;
}

/**
 * Saves an institution's report of a round, by one of its members: a draft, a submission, or — once submitted
 * — a correction (a new submitted version with its reason). Refused: anyone else, a closed round, an
 * institution that is not a partner, a report that does not fit the standard (each fault by JSON pointer).
 */
export async function saveReport(store: Store, input: SaveReportInput, who: string): Promise<StoredReport> {
  const { benefits, principles } = reportFrameworks();
  assertNoFaults('E_CODING_INVALID', 'the report', reportFaults(input.report, benefits, principles));
  const { rowId: _rowId, ...stored } = await storeTransaction(store, (tx) =>
    saveCheckedReport(tx, input, who),
  );
  return stored;
}

/**
 * saveReport's work inside a transaction the caller holds, for a report already checked against the standard
 * (an import of many reports, all or nothing).
 */
export async function saveCheckedReport(
  tx: Store,
  input: SaveReportInput,
  who: string,
  /** The registry's grants, read once by a caller saving many reports in the same transaction. */
  grants?: readonly RegistryGrant[],
): Promise<StoredReport & { rowId: number }> {
  const { benefits } = reportFrameworks();
  assertMayWriteReport(grants ?? (await registryGrants(tx)), who, input.institutionId);
  const round = await getRound(tx, input.roundId);
  if (round.closed)
    throw new TwowayError({
      code: 'E_CONFLICT',
      message: `round ${round.id} is closed: no report is written after`,
    });
  if (!round.institutionIds.includes(input.institutionId))
    throw new TwowayError({
      code: 'E_FORBIDDEN',
      message: `institution ${input.institutionId} is not a partner of partnership ${round.partnershipId}`,
    });
  const latest = await tx.db
    .selectFrom('benefit_report')
    .select(['version', 'status'])
    .where('round_id', '=', round.id)
    .where('institution_id', '=', input.institutionId)
    .orderBy('id', 'desc')
    .executeTakeFirst();
  let version = latest?.version ?? 1;
  const reason = input.reason?.trim();
  if (latest?.status === 'submitted') {
    if (!input.submit)
      throw new TwowayError({
        code: 'E_CONFLICT',
        message: 'this report was submitted: it is corrected by submitting a new version with a reason',
      });
    if (!reason)
      throw new TwowayError({ code: 'E_USAGE', message: 'correcting a submitted report needs a reason' });
    version += 1;
  }
  const at = new Date().toISOString();
  const row = await tx.db
    .insertInto('benefit_report')
    .values({
      round_id: round.id,
      institution_id: input.institutionId,
      version,
      status: input.submit ? 'submitted' : 'draft',
      framework_id: benefits.id,
      framework_version: benefits.version,
      body: JSON.stringify(input.report),
      reason: latest?.status === 'submitted' ? reason! : null,
      author: who,
      at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (input.submit)
    await audit(tx, {
      projectId: null,
      actor: who,
      action: version > 1 ? 'report.correct' : 'report.submit',
      detail: { round: round.id, institution: input.institutionId, version },
    });
  return {
    institutionId: input.institutionId,
    version,
    status: input.submit ? 'submitted' : 'draft',
    report: input.report as ReportBody,
    frameworkVersion: benefits.version,
    ...(latest?.status === 'submitted' ? { reason: reason! } : {}),
    author: who,
    at,
    rowId: row.id,
  };
}

function storedReportOf(r: Selectable<Database['benefit_report']>): StoredReport {
  return {
    institutionId: r.institution_id,
    version: r.version,
    status: r.status,
    report: JSON.parse(r.body) as ReportBody,
    frameworkVersion: r.framework_version,
    ...(r.reason ? { reason: r.reason } : {}),
    author: r.author,
    at: r.at,
  };
}

function stateOf(round: Round): RoundState {
  return { institutionIds: round.institutionIds, submitted: round.submitted, closed: round.closed };
}

/**
 * A round as `actor` may read it: who has submitted (always), and the reports the policy lets them see —
 * their own institution's latest (draft or submitted), and once the round is open every partner's latest
 * submitted version.
 */
export async function readRound(
  store: Store,
  roundId: number,
  actor: RegistryActor,
): Promise<{ round: Round; open: boolean; reports: StoredReport[] }> {
  const grants = await registryGrants(store);
  assertRegistryReader(grants, actor);
  const round = await getRound(store, roundId);
  const visible = visibleReports(stateOf(round), grants, actor.name);
  const own = new Set(
    grants.filter((g) => g.who === actor.name && g.role === 'member').map((g) => g.institutionId),
  );
  const rows =
    visible.length === 0
      ? []
      : await store.db
          .selectFrom('benefit_report')
          .selectAll()
          .where('round_id', '=', roundId)
          .where('institution_id', 'in', visible)
          .orderBy('id')
          .execute();
  const latest = new Map<number, (typeof rows)[number]>();
  for (const r of rows)
    if (own.has(r.institution_id) || r.status === 'submitted') latest.set(r.institution_id, r);
  return {
    round,
    open: roundOpen(stateOf(round)),
    reports: [...latest.values()].map(storedReportOf),
  };
}

/**
 * Parsed report bodies by row id, per store: a report row is never changed once written (append-only), so a
 * registry's business case reads each body once, not on every request.
 */
const parsedBodies = new WeakMap<Store, Map<number, ReportBody>>();
const KEPT_BODIES = 100_000;

/**
 * The submitted reports of every open round (for divergence, mutuality and the business case): blind rounds
 * give nothing, so no aggregate tells what a blind report holds. Read in a few set-wise statements.
 */
export async function openReports(
  store: Store,
  actor: RegistryActor,
  partnershipIds?: readonly number[],
): Promise<{ round: Round; reports: StoredReport[] }[]> {
  assertRegistryReader(await registryGrants(store), actor);
  if (partnershipIds?.length === 0) return [];
  let rounds = store.db.selectFrom('report_round').selectAll().orderBy('id');
  let partners = store.db.selectFrom('partnership_institution').select(['partnership_id', 'institution_id']);
  let heads = store.db
    .selectFrom('benefit_report')
    .innerJoin('report_round', 'report_round.id', 'benefit_report.round_id')
    .select([
      'benefit_report.id',
      'benefit_report.round_id',
      'benefit_report.institution_id',
      'benefit_report.version',
      'benefit_report.status',
      'benefit_report.framework_version',
      'benefit_report.reason',
      'benefit_report.author',
      'benefit_report.at',
    ])
    .where('benefit_report.status', '=', 'submitted')
    .orderBy('benefit_report.id');
  if (partnershipIds) {
    rounds = rounds.where('partnership_id', 'in', [...partnershipIds]);
    partners = partners.where('partnership_id', 'in', [...partnershipIds]);
    heads = heads.where('report_round.partnership_id', 'in', [...partnershipIds]);
  }
  const partnersOf = Map.groupBy(await partners.execute(), (p) => p.partnership_id);
  const latest = new Map<number, Map<number, Awaited<ReturnType<typeof heads.execute>>[number]>>();
  for (const h of await heads.execute()) {
    let byInstitution = latest.get(h.round_id);
    if (!byInstitution) latest.set(h.round_id, (byInstitution = new Map()));
    byInstitution.set(h.institution_id, h);
  }
  const open: { round: Round; heads: Awaited<ReturnType<typeof heads.execute>>[number][] }[] = [];
  for (const r of await rounds.execute()) {
    const byInstitution = latest.get(r.id) ?? new Map();
    const round: Round = {
      id: r.id,
      partnershipId: r.partnership_id,
      periodStart: r.period_start,
      periodEnd: r.period_end,
      closed: r.closed_at !== null,
      institutionIds: (partnersOf.get(r.partnership_id) ?? [])
        .map((p) => p.institution_id)
        .sort((a, b) => a - b),
      submitted: [...byInstitution.keys()].sort((a, b) => a - b),
    };
    if (roundOpen(stateOf(round))) open.push({ round, heads: [...byInstitution.values()] });
  }
  let kept = parsedBodies.get(store);
  if (!kept) parsedBodies.set(store, (kept = new Map()));
  if (kept.size > KEPT_BODIES) kept.clear();
  const missing = open.flatMap((o) => o.heads.map((h) => h.id)).filter((rowId) => !kept.has(rowId));
  for (let i = 0; i < missing.length; i += 5000) {
    const rows = await store.db
      .selectFrom('benefit_report')
      .select(['id', 'body'])
      .where('id', 'in', missing.slice(i, i + 5000))
      .execute();
    for (const row of rows) kept.set(row.id, JSON.parse(row.body) as ReportBody);
  }
  return open.map(({ round, heads: list }) => ({
    round,
    reports: list.map((h) => ({
      institutionId: h.institution_id,
      version: h.version,
      status: h.status,
      report: kept.get(h.id)!,
      frameworkVersion: h.framework_version,
      ...(h.reason ? { reason: h.reason } : {}),
      author: h.author,
      at: h.at,
    })),
  }));
}
