import { Type, type Static } from 'typebox';

/**
 * A benefit, in one shape wherever it is recorded: coded from a study in a literature review, or reported by a
 * partner institution of a health partnership (frameworks.md §4). Codes are ids of the framework's dimensions
 * named in BENEFIT_ITEM_DIMENSIONS; the framework version they belong to is kept by whatever holds the item
 * (a coding, a report).
 */

const CodeRef = Type.String({
  pattern: '^[a-z0-9][a-z0-9_-]{0,79}$',
  description: 'a code id of the framework',
});
const ShortText = (maxLength: number) => Type.String({ maxLength });
const Measure = Type.Object(
  {
    value: Type.Number(),
    date: Type.Optional(Type.String({ pattern: '^\\d{4}(-\\d{2}(-\\d{2})?)?$' })),
  },
  { additionalProperties: false },
);

export const BenefitSourceSchema = Type.Object(
  {
    doi: Type.Optional(ShortText(300)),
    pmid: Type.Optional(Type.String({ pattern: '^\\d{1,9}$' })),
    url: Type.Optional(ShortText(2000)),
    page: Type.Optional(ShortText(50)),
    quote: Type.Optional(ShortText(4000)),
  },
  { additionalProperties: false },
);

export const BenefitItemSchema = Type.Object(
  {
    description: Type.String({ minLength: 1, maxLength: 10_000 }),
    /** Which partner (or group) benefited. */
    beneficiary: Type.Optional(ShortText(300)),
    /** Which partner reported it (a partnership report), or the study's authors' side. */
    reportedBy: Type.Optional(ShortText(300)),
    level: Type.Optional(CodeRef),
    nature: Type.Optional(CodeRef),
    direction: Type.Optional(CodeRef),
    kind: Type.Optional(CodeRef),
    buildingBlocks: Type.Array(CodeRef, { maxItems: 20 }),
    learningAreas: Type.Array(CodeRef, { maxItems: 20 }),
    jonesDomain: Type.Optional(CodeRef),
    indicator: Type.Optional(
      Type.Object(
        {
          name: Type.String({ minLength: 1, maxLength: 500 }),
          unit: Type.Optional(ShortText(100)),
          baseline: Type.Optional(Measure),
          followUp: Type.Optional(Measure),
          method: Type.Optional(ShortText(2000)),
        },
        { additionalProperties: false },
      ),
    ),
    evidenceType: Type.Optional(CodeRef),
    costs: Type.Optional(ShortText(4000)),
    innovation: Type.Optional(
      Type.Object(
        {
          origin: Type.Optional(ShortText(300)),
          adopter: Type.Optional(ShortText(300)),
          transferStatus: Type.Optional(CodeRef),
          /** Bhattacharyya et al. 2017 criteria, each scored 1 (weak) to 5 (strong). */
          scores: Type.Optional(Type.Record(CodeRef, Type.Integer({ minimum: 1, maximum: 5 }))),
        },
        { additionalProperties: false },
      ),
    ),
    sources: Type.Array(BenefitSourceSchema, { maxItems: 50 }),
  },
  {
    additionalProperties: false,
    title: 'Twoway benefit item',
  },
);

export type BenefitItem = Static<typeof BenefitItemSchema>;
export type BenefitSource = Static<typeof BenefitSourceSchema>;

/** The coded slots of a benefit item and the framework dimension each takes its codes from. */
export const BENEFIT_ITEM_DIMENSIONS = {
  level: 'level',
  nature: 'nature',
  direction: 'direction',
  kind: 'kind',
  buildingBlocks: 'building_block',
  learningAreas: 'learning_area',
  jonesDomain: 'jones_domain',
  evidenceType: 'evidence_type',
} as const satisfies Partial<Record<keyof BenefitItem, string>>;

/** The dimension of an innovation's transfer status and of the criteria its scores are keyed by. */
export const INNOVATION_DIMENSIONS = {
  transferStatus: 'transfer_status',
  scores: 'bhattacharyya_criterion',
} as const;

export type CodedSlot = keyof typeof BENEFIT_ITEM_DIMENSIONS;

/** Every code an item carries, as [slot path, dimension, code] (for validation, forwarding and agreement). */
export function itemCodes(item: BenefitItem): { path: string; dimension: string; code: string }[] {
  const out: { path: string; dimension: string; code: string }[] = [];
  for (const [slot, dimension] of Object.entries(BENEFIT_ITEM_DIMENSIONS) as [CodedSlot, string][]) {
    const value = item[slot];
    if (typeof value === 'string') out.push({ path: `/${slot}`, dimension, code: value });
    else if (Array.isArray(value))
      value.forEach((code, i) => out.push({ path: `/${slot}/${i}`, dimension, code }));
  }
  const innovation = item.innovation;
  if (innovation?.transferStatus)
    out.push({
      path: '/innovation/transferStatus',
      dimension: INNOVATION_DIMENSIONS.transferStatus,
      code: innovation.transferStatus,
    });
  for (const criterion of Object.keys(innovation?.scores ?? {}))
    out.push({
      path: `/innovation/scores/${criterion}`,
      dimension: INNOVATION_DIMENSIONS.scores,
      code: criterion,
    });
  return out;
}

const SLOTS = Object.entries(BENEFIT_ITEM_DIMENSIONS) as [CodedSlot, string][];

/**
 * An item's codes grouped by dimension (what a synthesis reads: no JSON paths, made once an item).
 * @example itemCodesByDimension({ …, buildingBlocks: ['financing'] }).get('building_block') // ['financing']
 */
export function itemCodesByDimension(item: BenefitItem): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [slot, dimension] of SLOTS) {
    const value = item[slot];
    if (typeof value === 'string') out.set(dimension, [value]);
    else if (Array.isArray(value) && value.length > 0) out.set(dimension, value);
  }
  const innovation = item.innovation;
  if (innovation?.transferStatus) out.set(INNOVATION_DIMENSIONS.transferStatus, [innovation.transferStatus]);
  if (innovation?.scores) {
    const criteria = Object.keys(innovation.scores);
    if (criteria.length > 0) out.set(INNOVATION_DIMENSIONS.scores, criteria);
  }
  return out;
}

/** The same item with every code replaced by `map(dimension, code)` (forwarding to a newer framework version). */
export function mapItemCodes(
  item: BenefitItem,
  map: (dimension: string, code: string) => string,
): BenefitItem {
  const out: BenefitItem = structuredClone(item);
  for (const [slot, dimension] of Object.entries(BENEFIT_ITEM_DIMENSIONS) as [CodedSlot, string][]) {
    const value = out[slot];
    if (typeof value === 'string') (out as Record<string, unknown>)[slot] = map(dimension, value);
    else if (Array.isArray(value))
      (out as Record<string, unknown>)[slot] = [...new Set(value.map((c) => map(dimension, c)))];
  }
  if (out.innovation?.transferStatus)
    out.innovation.transferStatus = map(INNOVATION_DIMENSIONS.transferStatus, out.innovation.transferStatus);
  if (out.innovation?.scores)
    out.innovation.scores = Object.fromEntries(
      Object.entries(out.innovation.scores).map(([k, v]) => [map(INNOVATION_DIMENSIONS.scores, k), v]),
    );
  return out;
}
