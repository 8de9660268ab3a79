import countries from 'i18n-iso-countries';
import {
  dhis2DataValueSet,
  dhis2MappingTemplate,
  type Dhis2DataValueSet,
} from '../../domain/interop/dhis2.js';
import { iatiXml, type IatiIndicator, type IatiOptions } from '../../domain/interop/iati.js';
import type { RegistryActor } from '../../domain/partnerships/reporting-policy.js';
import { reportFaults } from '../../domain/partnerships/benefit-report.js';
import { TwowayError } from '../../domain/errors.js';
import {
  frameworkVersionOf,
  submissionReport,
  xlsformWorkbook,
  type Submission,
} from '../../domain/interop/xlsform.js';
import type { Store } from '../open-store.js';
import { storeTransaction } from '../write-transaction.js';
import { audit } from './audit-log.js';
import { listRounds, reportFrameworks, saveCheckedReport } from './benefit-reports.js';
import { readerCheck, registryGrants } from './registry-grants.js';
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

/** The XLSForm of a partnership's benefit report: its institutions and its rounds not yet closed. */
export async function partnershipXlsform(
  store: Store,
  partnershipId: number,
  actor: RegistryActor,
): Promise<Uint8Array> {
  await readerCheck(store, actor);
  const partnership = await getPartnership(store, partnershipId);
  const rounds = (await listRounds(store, partnershipId)).filter((r) => !r.closed);
  const { benefits, principles } = reportFrameworks();
  return xlsformWorkbook({
    partnership,
    rounds,
    benefits,
    principles,
    revision: new Date().toISOString().replace(/\D/g, '').slice(0, 12),
  });
}

export interface ImportedSubmission {
  instanceId: string;
  roundId: number;
  institutionId: number;
  version: number;
  status: 'draft' | 'submitted';
}

/**
 * Imports ODK Central / KoboToolbox submissions of the benefit-report form as reports, all or nothing: each
 * is matched to its form version (the framework's version must be the registry's), checked against the
 * standard, and refused when its instance id was imported before or two submissions report for the same
 * institution and round. Every fault is listed with its file:row.
 */
export async function importSubmissions(
  store: Store,
  submissions: readonly Submission[],
  who: string,
  options: { submit: boolean },
): Promise<ImportedSubmission[]> {
  const { benefits, principles } = reportFrameworks();
  const faults: string[] = [];
  const reports = submissions.map((s) => {
    const report = submissionReport(s, principles);
    const made = frameworkVersionOf(s.formVersion, benefits);
    if (made === undefined)
      faults.push(`${s.where}: form version "${s.formVersion}" is not one of Twoway's benefit-report forms`);
    else if (made !== benefits.version)
      faults.push(
        `${s.where}: the form was made for ${benefits.id} version ${made}, the registry codes with version ${benefits.version}: make a new form`,
      );
    for (const f of reportFaults(report, benefits, principles))
      faults.push(`${s.where}: ${f.path}: ${f.message}`);
    const roundId = Number(s.fields.get('round'));
    const institutionId = Number(s.fields.get('institution'));
    if (!Number.isInteger(roundId) || roundId < 1) faults.push(`${s.where}: no round`);
    if (!Number.isInteger(institutionId) || institutionId < 1) faults.push(`${s.where}: no institution`);
    return { s, report, roundId, institutionId };
  });
  const byReport = Map.groupBy(reports, (r) => `${r.roundId}:${r.institutionId}`);
  for (const group of byReport.values())
    if (group.length > 1)
      faults.push(
        `${group.map((r) => r.s.where).join(', ')}: two submissions for institution ${group[0]!.institutionId} in round ${group[0]!.roundId}`,
      );
  const ids = Map.groupBy(submissions, (s) => s.instanceId);
  for (const [id, list] of ids)
    if (list.length > 1) faults.push(`${list.map((s) => s.where).join(', ')}: instance ${id} twice`);
  const refuse = () => {
    throw new TwowayError({
      code: 'E_CODING_INVALID',
      message: `the submissions are refused, nothing was imported:\n  ${faults.slice(0, 50).join('\n  ')}${faults.length > 50 ? `\n  … and ${faults.length - 50} more` : ''}`,
    });
  };
  if (faults.length > 0) refuse();
  return storeTransaction(store, async (tx) => {
    const seen = await tx.db
      .selectFrom('submission_import')
      .select('instance_id')
      .where('instance_id', 'in', submissions.length ? submissions.map((s) => s.instanceId) : [''])
      .execute();
    for (const row of seen) {
      const s = submissions.find((x) => x.instanceId === row.instance_id)!;
      faults.push(`${s.where}: instance ${row.instance_id} was imported before`);
    }
    if (faults.length > 0) refuse();
    const out: ImportedSubmission[] = [];
    const grants = await registryGrants(tx);
    for (const r of reports) {
      let saved;
      try {
        saved = await saveCheckedReport(
          tx,
          { roundId: r.roundId, institutionId: r.institutionId, report: r.report, submit: options.submit },
          who,
          grants,
        );
      } catch (error) {
        if (error instanceof TwowayError) faults.push(`${r.s.where}: ${error.message}`);
        else throw error;
        continue;
      }
      await tx.db
        .insertInto('submission_import')
        .values({
          instance_id: r.s.instanceId,
          report_id: saved.rowId,
          form_version: r.s.formVersion,
          imported_by: who,
          at: new Date().toISOString(),
        })
        .execute();
      out.push({
        instanceId: r.s.instanceId,
        roundId: r.roundId,
        institutionId: r.institutionId,
        version: saved.version,
        status: saved.status,
      });
    }
    if (faults.length > 0) refuse();
    await audit(tx, {
      projectId: null,
      actor: who,
      action: 'report.submissions',
      detail: { count: out.length, instances: out.map((o) => o.instanceId).slice(0, 100) },
    });
    return out;
  });
}
