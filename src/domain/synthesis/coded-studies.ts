import {
  BENEFIT_ITEM_DIMENSIONS,
  INNOVATION_DIMENSIONS,
  itemCodesByDimension,
  type BenefitItem,
} from '../codebook/benefit-item.js';
import type { ExtractionForm, FormField } from '../codebook/extraction-form.js';
import { codeLabel, dimensionOf, type Framework } from '../codebook/framework.js';
import type { StudyCoding } from '../codebook/study-coding.js';

/**
 * The input of every synthesis: the final coding of each coded study (its consensus, or the single submitted
 * coding), with what it is cited by, and the codebook it is read with. Computed from stored codings, never
 * typed in.
 */
export interface CodedStudy {
  recordId: number;
  /** First author and year: "Syed et al. 2012". */
  citation: string;
  title: string;
  year?: number;
  coding: StudyCoding;
}

export interface SynthesisInput {
  framework: Framework;
  form: ExtractionForm;
  studies: readonly CodedStudy[];
}

/**
 * What a synthesis may be cut by: a dimension of the benefit items (`building_block`), or a study-level field
 * of the form with a fixed list of values (`field:study_design`).
 */
export type AxisId = string;

export interface Axis {
  id: AxisId;
  label: string;
  /** Item axes come from each benefit item; study axes from the study's form fields (every item inherits them). */
  level: 'item' | 'study';
  /** verified / reconstructed for framework dimensions; absent for the form's own fields. */
  status?: string;
  codes: { id: string; label: string }[];
}

const ITEM_DIMENSIONS: readonly string[] = [
  ...Object.values(BENEFIT_ITEM_DIMENSIONS),
  ...Object.values(INNOVATION_DIMENSIONS),
];

function fieldAxis(field: FormField, framework: Framework): Axis | undefined {
  const id = `field:${field.id}`;
  if (field.type === 'choice' || field.type === 'multi-choice')
    return {
      id,
      label: field.label,
      level: 'study',
      codes: (field.options ?? []).map((o) => ({ id: o, label: o })),
    };
  if (field.type === 'codes') {
    const dimension = dimensionOf(framework, field.dimension ?? '');
    if (!dimension) return undefined;
    return {
      id,
      label: field.label,
      level: 'study',
      status: dimension.status,
      codes: dimension.codes.filter((c) => !c.retired).map((c) => ({ id: c.id, label: c.label })),
    };
  }
  if (field.type === 'country') return { id, label: field.label, level: 'study', codes: [] };
  return undefined;
}

/**
 * Every axis a synthesis can use with this codebook: the item dimensions the framework has, then the study
 * fields with listed values. Codes in use that are not listed (countries; codes retired since) are added
 * after the listed ones, so nothing coded is left out of a table.
 */
export function synthesisAxes(input: SynthesisInput): Axis[] {
  let axes = axesOf.get(input);
  if (!axes) axesOf.set(input, (axes = computeAxes(input)));
  return axes;
}

/** The axes of an input, worked out once (an input is never changed once made). */
const axesOf = new WeakMap<SynthesisInput, Axis[]>();

function computeAxes(input: SynthesisInput): Axis[] {
  const axes: Axis[] = [];
  for (const dimension of input.framework.dimensions) {
    if (!ITEM_DIMENSIONS.includes(dimension.id)) continue;
    axes.push({
      id: dimension.id,
      label: dimension.label,
      level: 'item',
      status: dimension.status,
      codes: dimension.codes.filter((c) => !c.retired).map((c) => ({ id: c.id, label: c.label })),
    });
  }
  for (const field of input.form.fields) {
    const axis = fieldAxis(field, input.framework);
    if (axis) axes.push(axis);
  }
  // one pass over the codings: the codes each axis takes, then those not listed are added in the order seen
  const used = new Map<string, Set<string>>(axes.map((a) => [a.id, new Set<string>()]));
  for (const study of input.studies) {
    for (const axis of axes)
      if (axis.level === 'study')
        for (const code of axisValues(axis, study, undefined)) used.get(axis.id)!.add(code);
    for (const item of study.coding.items)
      for (const [dimension, codes] of itemDimensionCodes(item)) {
        const set = used.get(dimension);
        if (set) for (const code of codes) set.add(code);
      }
  }
  for (const axis of axes) {
    const listed = new Set(axis.codes.map((c) => c.id));
    for (const code of used.get(axis.id)!)
      if (!listed.has(code))
        axis.codes.push({
          id: code,
          label: axis.level === 'item' ? codeLabel(input.framework, axis.id, code) : code,
        });
  }
  return axes;
}

/** Each item's codes by dimension, worked out once an item (a synthesis asks for every axis of every item). */
const codesOfItem = new WeakMap<BenefitItem, Map<string, string[]>>();
const NONE: readonly string[] = Object.freeze([]);

/** The values an axis takes for one item of a study (study axes: the study's field value, for every item). */
export function axisValues(
  axis: Pick<Axis, 'id' | 'level'>,
  study: CodedStudy,
  item: BenefitItem | undefined,
): readonly string[] {
  if (axis.level === 'study') {
    const value = study.coding.fields[axis.id.slice('field:'.length)];
    if (Array.isArray(value)) return value;
    return typeof value === 'string' && value !== '' ? [value] : NONE;
  }
  if (!item) return NONE;
  return itemDimensionCodes(item).get(axis.id) ?? NONE;
}

/** An item's codes by dimension (worked out once an item, then remembered). */
export function itemDimensionCodes(item: BenefitItem): Map<string, string[]> {
  let codes = codesOfItem.get(item);
  if (!codes) codesOfItem.set(item, (codes = itemCodesByDimension(item)));
  return codes;
}

/** A cut of the synthesis: codes an axis must take (any of them), and a range of publication years. */
export interface SynthesisFilter {
  /** Per axis id, the codes kept; an item passes when it has one of them on every filtered axis. */
  codes?: Record<AxisId, readonly string[]>;
  yearFrom?: number;
  yearTo?: number;
}

/** The studies in the year range, each with the items that pass the code filters. */
export function filteredItems(
  input: SynthesisInput,
  axes: readonly Axis[],
  filter: SynthesisFilter = {},
): { study: CodedStudy; items: BenefitItem[] }[] {
  const byId = new Map(axes.map((a) => [a.id, a]));
  const wanted = Object.entries(filter.codes ?? {})
    .filter(([, codes]) => codes.length > 0)
    .map(([id, codes]) => ({ axis: byId.get(id), codes: new Set(codes) }))
    .filter((w): w is { axis: Axis; codes: Set<string> } => w.axis !== undefined);
  const out: { study: CodedStudy; items: BenefitItem[] }[] = [];
  for (const study of input.studies) {
    if (filter.yearFrom !== undefined && (study.year === undefined || study.year < filter.yearFrom)) continue;
    if (filter.yearTo !== undefined && (study.year === undefined || study.year > filter.yearTo)) continue;
    const items = study.coding.items.filter((item) =>
      wanted.every(({ axis, codes }) => axisValues(axis, study, item).some((v) => codes.has(v))),
    );
    out.push({ study, items });
  }
  return out;
}
