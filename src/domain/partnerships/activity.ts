import { Type, type Static } from 'typebox';
import { schemaFaults, type Fault } from '../codebook/framework.js';
import type { PartnerSide } from '../countries/income-groups.js';
import { CostSchema } from './benefit-report.js';
import type { Partnership } from './partnership.js';

/**
 * What a partnership did: exchange visits, training, joint improvement projects, remote mentoring, research,
 * equipment. Each activity says when and where, who travelled which way (how many of each cadre, from which
 * partner to which), the cycle step it served and what it cost. The mobility summary counts people by the
 * direction they travelled between the two sides.
 */

export const ACTIVITY_TYPES = [
  'exchange_visit',
  'training',
  'joint_improvement_project',
  'remote_mentoring',
  'research',
  'equipment',
  'other',
] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

/** Health-worker cadres as WHO's workforce statistics group them, plus managers and "other". */
export const CADRES = [
  'doctor',
  'nurse',
  'midwife',
  'pharmacist',
  'laboratory',
  'biomedical_engineer',
  'allied_health',
  'manager',
  'community_health_worker',
  'student',
  'other',
] as const;
export type Cadre = (typeof CADRES)[number];

const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });

export const TravelSchema = Type.Object(
  {
    fromInstitutionId: Type.Integer({ minimum: 1 }),
    toInstitutionId: Type.Integer({ minimum: 1 }),
    cadre: Type.Enum(CADRES),
    count: Type.Integer({ minimum: 1, maximum: 10000 }),
  },
  { additionalProperties: false },
);

export const ActivityInputSchema = Type.Object(
  {
    type: Type.Enum(ACTIVITY_TYPES),
    title: Type.String({ minLength: 1, maxLength: 300 }),
    startDate: IsoDate,
    endDate: Type.Optional(IsoDate),
    /** Where it happened: a country (any ISO code or English name; stored as alpha-3) and a city. */
    country: Type.Optional(Type.String({ maxLength: 100 })),
    city: Type.Optional(Type.String({ maxLength: 200 })),
    /** Remote activities (mentoring by video) have no place. */
    remote: Type.Optional(Type.Boolean()),
    travel: Type.Array(TravelSchema, { maxItems: 100 }),
    /** A code of the apps-tpi cycle. */
    cycleStep: Type.Optional(Type.String({ maxLength: 80 })),
    costs: Type.Array(CostSchema, { maxItems: 200 }),
    notes: Type.Optional(Type.String({ maxLength: 8000 })),
  },
  { additionalProperties: false },
);

export type Travel = Static<typeof TravelSchema>;
export type ActivityInput = Static<typeof ActivityInputSchema>;

export interface Activity extends ActivityInput {
  id: number;
  partnershipId: number;
  recordedBy: string;
  at: string;
}

/**
 * Everything wrong with an activity of a partnership, by JSON pointer: the schema's faults, then what a schema
 * cannot say (dates in order and real, travellers between two different partners, a cycle step that exists).
 * @example activityFaults({ …, travel: [{ fromInstitutionId: 9, … }] }, p, steps)[0].path // '/travel/0/fromInstitutionId'
 */
export function activityFaults(
  input: unknown,
  partnership: Pick<Partnership, 'startDate' | 'institutions'>,
  cycleSteps: readonly string[],
): Fault[] {
  const faults = schemaFaults(ActivityInputSchema, input);
  if (faults.length > 0) return faults;
  const a = input as ActivityInput;
  for (const [key, date] of [
    ['startDate', a.startDate],
    ['endDate', a.endDate],
  ] as const)
    if (date !== undefined && Number.isNaN(Date.parse(date)))
      faults.push({ path: `/${key}`, message: `${date} is not a date` });
  if (a.endDate !== undefined && a.endDate < a.startDate)
    faults.push({ path: '/endDate', message: 'an activity cannot end before it starts' });
  if (a.remote && (a.country !== undefined || a.city !== undefined))
    faults.push({ path: '/remote', message: 'a remote activity has no country or city' });
  const partners = new Set(partnership.institutions.map((i) => i.id));
  a.travel.forEach((t, i) => {
    for (const key of ['fromInstitutionId', 'toInstitutionId'] as const)
      if (!partners.has(t[key]))
        faults.push({
          path: `/travel/${i}/${key}`,
          message: `institution ${t[key]} is not a partner (partners: ${[...partners].join(', ')})`,
        });
    if (t.fromInstitutionId === t.toInstitutionId)
      faults.push({
        path: `/travel/${i}/toInstitutionId`,
        message: 'people travel from one partner to another',
      });
  });
  if (a.cycleStep !== undefined && !cycleSteps.includes(a.cycleStep))
    faults.push({
      path: '/cycleStep',
      message: `unknown cycle step "${a.cycleStep}"; steps: ${cycleSteps.join(', ')}`,
    });
  return faults;
}

export interface MobilityRow {
  from: PartnerSide;
  to: PartnerSide;
  cadre: Cadre;
  people: number;
  activities: number[];
}

/** People who travelled, by the sides they travelled between and their cadre: the exchange's two directions. */
export interface Mobility {
  toHighIncome: number;
  toLowMiddleIncome: number;
  /** Between partners on the same side, or a side unknown. */
  other: number;
  rows: MobilityRow[];
}

/**
 * Who travelled which way across a set of activities, each partner's side taken from its partnership.
 * @example mobility([visit], sideOf).toHighIncome // 4: four nurses from Mbale to Manchester
 */
export function mobility(
  activities: readonly Pick<Activity, 'id' | 'partnershipId' | 'travel'>[],
  sideOf: (partnershipId: number, institutionId: number) => PartnerSide,
): Mobility {
  const rows = new Map<string, MobilityRow>();
  const out: Mobility = { toHighIncome: 0, toLowMiddleIncome: 0, other: 0, rows: [] };
  for (const activity of activities)
    for (const t of activity.travel) {
      const from = sideOf(activity.partnershipId, t.fromInstitutionId);
      const to = sideOf(activity.partnershipId, t.toInstitutionId);
      if (from === 'low-middle-income' && to === 'high-income') out.toHighIncome += t.count;
      else if (from === 'high-income' && to === 'low-middle-income') out.toLowMiddleIncome += t.count;
      else out.other += t.count;
      const key = `${from}|${to}|${t.cadre}`;
      let row = rows.get(key);
      if (!row) rows.set(key, (row = { from, to, cadre: t.cadre, people: 0, activities: [] }));
      row.people += t.count;
      if (row.activities.at(-1) !== activity.id) row.activities.push(activity.id);
    }
  out.rows = [...rows.values()].sort((a, b) => b.people - a.people);
  return out;
}
