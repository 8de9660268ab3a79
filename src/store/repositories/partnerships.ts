import { findCountry } from '../../domain/countries/countries.js';
import {
  classify,
  DEFAULT_RULE,
  type Classification,
  type ClassificationRule,
  type PartnerSide,
} from '../../domain/countries/income-groups.js';
import { dimensionOf } from '../../domain/codebook/framework.js';
import { TwowayError } from '../../domain/errors.js';
import {
  INSTITUTION_TYPES,
  normalRorId,
  PARTNER_SIDES,
  PROGRAMMES,
  type CycleTransition,
  type Institution,
  type InstitutionType,
  type Partnership,
  type Programme,
} from '../../domain/partnerships/partnership.js';
import { countryData } from '../country-data.js';
import type { Store } from '../open-store.js';
import { shippedFramework } from '../shipped-frameworks.js';
import { storeTransaction } from '../write-transaction.js';
import { audit } from './audit-log.js';
import { coordinatorCheck } from './registry-grants.js';
import type { RegistryActor } from '../../domain/partnerships/reporting-policy.js';

/**
 * The partnership registry: institutions, partnerships between them with each partner's side, and the cycle.
 * Sides are computed from the World Bank group of each partner's country when the partnership started (the
 * classification is stored with its rule and data year); a coordinator may override one with a reason.
 */

function usage(message: string): never {
  throw new TwowayError({ code: 'E_USAGE', message });
}

function nameKey(name: string): string {
  return name.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}

/** The codes of an apps-tpi dimension (the one home of the cycle, objectives and action areas). */
export function appsCodes(dimension: string): string[] {
  return dimensionOf(shippedFramework('apps-tpi').framework, dimension)!
    .codes.filter((c) => !c.retired)
    .map((c) => c.id);
}

function assertCodes(kind: string, dimension: string, codes: readonly string[]): void {
  const known = appsCodes(dimension);
  const unknown = codes.filter((c) => !known.includes(c));
  if (unknown.length > 0)
    usage(`unknown ${kind} ${unknown.map((c) => `"${c}"`).join(', ')}; ${kind}s: ${known.join(', ')}`);
}

function assertDate(text: string, what: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(Date.parse(text)))
    usage(`${what} takes a date (YYYY-MM-DD), not "${text}"`);
  return text;
}

export interface InstitutionInput {
  name: string;
  type: string;
  country: string;
  city?: string;
  rorId?: string;
}

/** Adds an institution; its country is any code or English name (stored as alpha-3); refused twice. */
export async function addInstitution(
  store: Store,
  input: InstitutionInput,
  actor: RegistryActor,
): Promise<Institution> {
  const name = input.name.trim();
  if (!name) usage('an institution needs a name');
  if (!(INSTITUTION_TYPES as readonly string[]).includes(input.type))
    usage(`unknown institution type "${input.type}"; types: ${INSTITUTION_TYPES.join(', ')}`);
  const country = findCountry(input.country, countryData().reference);
  if (!country) usage(`"${input.country}" is no country Twoway knows (give an ISO code or an English name)`);
  const rorId = input.rorId === undefined ? undefined : normalRorId(input.rorId);
  if (input.rorId !== undefined && !rorId)
    usage(`"${input.rorId}" is not a ROR id (https://ror.org/0xxxxxx00)`);
  return storeTransaction(store, async (tx) => {
    await coordinatorCheck(tx, actor);
    const key = nameKey(name);
    const existing = await tx.db
      .selectFrom('institution')
      .select('id')
      .where('name_key', '=', key)
      .where('country', '=', country.iso3)
      .executeTakeFirst();
    if (existing)
      throw new TwowayError({
        code: 'E_CONFLICT',
        message: `${name} (${country.name}) is institution ${existing.id} already`,
      });
    const row = await tx.db
      .insertInto('institution')
      .values({
        name,
        type: input.type,
        country: country.iso3,
        city: input.city?.trim() || null,
        ror_id: rorId ?? null,
        name_key: key,
        created_by: actor.name,
        created_at: new Date().toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(tx, {
      projectId: null,
      actor: actor.name,
      action: 'institution.add',
      detail: { id: row.id, name, country: country.iso3 },
    });
    return {
      id: row.id,
      name,
      type: input.type as InstitutionType,
      country: country.iso3,
      ...(input.city?.trim() ? { city: input.city.trim() } : {}),
      ...(rorId ? { rorId } : {}),
    };
  });
}

function institutionOf(row: {
  id: number;
  name: string;
  type: string;
  country: string;
  city: string | null;
  ror_id: string | null;
}): Institution {
  return {
    id: row.id,
    name: row.name,
    type: row.type as InstitutionType,
    country: row.country,
    ...(row.city ? { city: row.city } : {}),
    ...(row.ror_id ? { rorId: row.ror_id } : {}),
  };
}

export async function listInstitutions(store: Store): Promise<Institution[]> {
  return (await store.db.selectFrom('institution').selectAll().orderBy('id').execute()).map(institutionOf);
}

export interface PartnershipInput {
  title: string;
  programme: string;
  startDate: string;
  endDate?: string;
  institutionIds: number[];
  focusAreas?: string[];
  objectives?: string[];
  /** How sides are computed (default: World Bank high income in the start year). */
  rule?: ClassificationRule;
}

/** A rule as given, its custom list of "developed" countries read as any code or English name (stored alpha-3). */
function ruleOf(rule: ClassificationRule | undefined): ClassificationRule {
  if (!rule || rule.kind !== 'custom') return DEFAULT_RULE;
  if (!rule.label.trim()) usage('a custom classification rule needs a label (say where its list comes from)');
  if (rule.developed.length === 0)
    usage('a custom classification rule lists the countries it calls developed');
  const developed = rule.developed.map((text) => {
    const country = findCountry(text, countryData().reference);
    if (!country) usage(`"${text}" in the custom rule is no country Twoway knows`);
    return country.iso3;
  });
  return { kind: 'custom', label: rule.label.trim(), developed };
}

/** Creates a partnership of two or more institutions, each side computed at the start date; audited. */
export async function createPartnership(
  store: Store,
  input: PartnershipInput,
  actor: RegistryActor,
): Promise<Partnership> {
  const title = input.title.trim();
  if (!title) usage('a partnership needs a title');
  if (!(PROGRAMMES as readonly string[]).includes(input.programme))
    usage(`unknown programme "${input.programme}"; programmes: ${PROGRAMMES.join(', ')}`);
  assertDate(input.startDate, 'the start');
  if (input.endDate !== undefined && assertDate(input.endDate, 'the end') < input.startDate)
    usage('a partnership cannot end before it starts');
  const ids = [...new Set(input.institutionIds)];
  if (ids.length < 2) usage('a partnership needs two or more institutions');
  assertCodes('focus area', 'action_area', input.focusAreas ?? []);
  assertCodes('objective', 'objective', input.objectives ?? []);
  const rule = ruleOf(input.rule);
  const id = await storeTransaction(store, async (tx) => {
    await coordinatorCheck(tx, actor);
    const institutions = await tx.db.selectFrom('institution').selectAll().where('id', 'in', ids).execute();
    const missing = ids.filter((i) => !institutions.some((r) => r.id === i));
    if (missing.length > 0)
      throw new TwowayError({ code: 'E_NOT_FOUND', message: `no institution ${missing.join(', ')}` });
    const row = await tx.db
      .insertInto('partnership')
      .values({
        title,
        programme: input.programme,
        start_date: input.startDate,
        end_date: input.endDate ?? null,
        focus_areas: JSON.stringify(input.focusAreas ?? []),
        objectives: JSON.stringify(input.objectives ?? []),
        created_by: actor.name,
        created_at: new Date().toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const { history, reference } = countryData();
    for (const institution of institutions) {
      const country = findCountry(institution.country, reference) ?? {
        iso3: institution.country,
        name: institution.country,
      };
      const classification = classify(history, country, input.startDate, rule);
      await tx.db
        .insertInto('partnership_institution')
        .values({
          partnership_id: row.id,
          institution_id: institution.id,
          side: classification.side,
          classification: JSON.stringify(classification),
          override_reason: null,
        })
        .execute();
    }
    await audit(tx, {
      projectId: null,
      actor: actor.name,
      action: 'partnership.create',
      detail: { id: row.id, title, institutions: ids },
    });
    return row.id;
  });
  return getPartnership(store, id);
}

export async function getPartnership(store: Store, id: number): Promise<Partnership> {
  const row = await store.db.selectFrom('partnership').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new TwowayError({ code: 'E_NOT_FOUND', message: `there is no partnership ${id}` });
  const members = await store.db
    .selectFrom('partnership_institution')
    .innerJoin('institution', 'institution.id', 'partnership_institution.institution_id')
    .selectAll('institution')
    .select([
      'partnership_institution.side',
      'partnership_institution.classification',
      'partnership_institution.override_reason',
    ])
    .where('partnership_institution.partnership_id', '=', id)
    .orderBy('institution.id')
    .execute();
  const cycle = await store.db
    .selectFrom('cycle_transition')
    .selectAll()
    .where('partnership_id', '=', id)
    .orderBy('date')
    .orderBy('id')
    .execute();
  return {
    id: row.id,
    title: row.title,
    programme: row.programme as Programme,
    startDate: row.start_date,
    ...(row.end_date ? { endDate: row.end_date } : {}),
    focusAreas: JSON.parse(row.focus_areas) as string[],
    objectives: JSON.parse(row.objectives) as string[],
    institutions: members.map((m) => ({
      ...institutionOf(m),
      side: m.side as PartnerSide,
      classification: JSON.parse(m.classification) as Classification,
      ...(m.override_reason ? { overrideReason: m.override_reason } : {}),
    })),
    cycle: cycle.map((c): CycleTransition => ({
      step: c.step,
      date: c.date,
      by: c.recorded_by,
      ...(c.note ? { note: c.note } : {}),
    })),
  };
}

export async function listPartnerships(store: Store): Promise<Partnership[]> {
  const ids = (await store.db.selectFrom('partnership').select('id').orderBy('id').execute()).map(
    (r) => r.id,
  );
  return Promise.all(ids.map((id) => getPartnership(store, id)));
}

/** Overrides a partner's computed side, with a reason (the computed classification stays beside it); audited. */
export async function overrideSide(
  store: Store,
  input: { partnershipId: number; institutionId: number; side: string; reason: string },
  actor: RegistryActor,
): Promise<Partnership> {
  if (!(PARTNER_SIDES as readonly string[]).includes(input.side))
    usage(`unknown side "${input.side}"; sides: ${PARTNER_SIDES.join(', ')}`);
  if (!input.reason.trim()) usage('overriding a side needs a reason');
  await storeTransaction(store, async (tx) => {
    await coordinatorCheck(tx, actor);
    const result = await tx.db
      .updateTable('partnership_institution')
      .set({ side: input.side, override_reason: input.reason.trim() })
      .where('partnership_id', '=', input.partnershipId)
      .where('institution_id', '=', input.institutionId)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0)
      throw new TwowayError({
        code: 'E_NOT_FOUND',
        message: `institution ${input.institutionId} is not a partner of partnership ${input.partnershipId}`,
      });
    await audit(tx, { projectId: null, actor: actor.name, action: 'partnership.side', detail: { ...input } });
  });
  return getPartnership(store, input.partnershipId);
}

/** Records that a partnership entered a step of the 6-step cycle on a date (the history is kept); audited. */
export async function moveCycle(
  store: Store,
  input: { partnershipId: number; step: string; date: string; note?: string },
  actor: RegistryActor,
): Promise<Partnership> {
  assertCodes('cycle step', 'cycle_step', [input.step]);
  assertDate(input.date, 'the step');
  const partnership = await getPartnership(store, input.partnershipId);
  if (input.date < partnership.startDate)
    usage(`the partnership started on ${partnership.startDate}; a step cannot come before`);
  await storeTransaction(store, async (tx) => {
    await coordinatorCheck(tx, actor);
    await tx.db
      .insertInto('cycle_transition')
      .values({
        partnership_id: input.partnershipId,
        step: input.step,
        date: input.date,
        recorded_by: actor.name,
        note: input.note?.trim() || null,
        at: new Date().toISOString(),
      })
      .execute();
    await audit(tx, {
      projectId: null,
      actor: actor.name,
      action: 'partnership.cycle',
      detail: { ...input },
    });
  });
  return getPartnership(store, input.partnershipId);
}
