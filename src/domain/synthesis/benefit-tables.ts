import type { BenefitItem } from '../codebook/benefit-item.js';
import {
  axisValues,
  filteredItems,
  synthesisAxes,
  type Axis,
  type SynthesisFilter,
  type SynthesisInput,
} from './coded-studies.js';

/**
 * The synthesis tables, computed from the final codings: the benefits per building block (Syed et al. 2012,
 * Table 1), per learning area, and one row per benefit item for export.
 */

export interface CitedBenefit {
  recordId: number;
  citation: string;
  /** The item's description, shortened to a table's length. */
  summary: string;
  direction?: string;
  level?: string;
  nature?: string;
  kind?: string;
}

export interface DimensionRow {
  code: string;
  label: string;
  studies: number;
  items: number;
  benefits: CitedBenefit[];
  /** Benefits of the row left out of `benefits` by shownBenefits (0 when all are there). */
  moreBenefits?: number;
}

export interface DimensionTable {
  axis: Axis;
  rows: DimensionRow[];
  /** Studies and items with at least one code of the axis. */
  totals: { studies: number; items: number };
}

const SUMMARY_LENGTH = 200;

function summary(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= SUMMARY_LENGTH ? flat : `${flat.slice(0, SUMMARY_LENGTH - 1).trimEnd()}…`;
}

function cited(recordId: number, citation: string, item: BenefitItem): CitedBenefit {
  return {
    recordId,
    citation,
    summary: summary(item.description),
    ...(item.direction ? { direction: item.direction } : {}),
    ...(item.level ? { level: item.level } : {}),
    ...(item.nature ? { nature: item.nature } : {}),
    ...(item.kind ? { kind: item.kind } : {}),
  };
}

/**
 * Per code of one axis: the studies and items coded with it and their benefits cited by first author and year.
 * Codes nobody used stay in the table with zeros: the gaps are findings too.
 * @example dimensionTable(input, 'building_block').rows[0] // { code: 'service_delivery', studies: 3, items: 5, … }
 */
export function dimensionTable(
  input: SynthesisInput,
  axisId: string,
  filter: SynthesisFilter = {},
): DimensionTable {
  // an input never changes once made: a table asked for again (another page view) is not counted again
  let tables = tablesOf.get(input);
  if (!tables) tablesOf.set(input, (tables = new Map()));
  const key = JSON.stringify([axisId, filter]);
  let table = tables.get(key);
  if (!table) {
    table = countTable(input, axisId, filter);
    if (tables.size >= KEPT_TABLES) tables.delete(tables.keys().next().value!);
    tables.set(key, table);
  }
  return table;
}

const tablesOf = new WeakMap<SynthesisInput, Map<string, DimensionTable>>();
const KEPT_TABLES = 32;

function countTable(input: SynthesisInput, axisId: string, filter: SynthesisFilter): DimensionTable {
  const axes = synthesisAxes(input);
  const axis = axes.find((a) => a.id === axisId);
  if (!axis) throw new RangeError(`no axis "${axisId}" in this codebook`);
  const rows = new Map(
    axis.codes.map((c) => [
      c.id,
      { code: c.id, label: c.label, studies: 0, items: 0, benefits: [] as CitedBenefit[] },
    ]),
  );
  const studiesWithAny = new Set<number>();
  let itemsWithAny = 0;
  for (const { study, items } of filteredItems(input, axes, filter)) {
    const studyCodes = new Set<string>();
    for (const item of items) {
      const codes = new Set(axisValues(axis, study, item));
      if (codes.size > 0) itemsWithAny += 1;
      for (const code of codes) {
        const row = rows.get(code)!;
        row.items += 1;
        row.benefits.push(cited(study.recordId, study.citation, item));
        studyCodes.add(code);
      }
    }
    for (const code of studyCodes) rows.get(code)!.studies += 1;
    if (studyCodes.size > 0) studiesWithAny.add(study.recordId);
  }
  return { axis, rows: [...rows.values()], totals: { studies: studiesWithAny.size, items: itemsWithAny } };
}

/** The paper's Table 1: benefits by WHO health-system building block. */
export function buildingBlockTable(input: SynthesisInput, filter: SynthesisFilter = {}): DimensionTable {
  return dimensionTable(input, 'building_block', filter);
}

export interface LearningAreaRow extends DimensionRow {
  /** Items of the area whose benefit is intangible (knowledge, attitude, relationships). */
  intangible: number;
  /** Items of the area that are transferable innovations (reverse innovations when they flow to the high-income side). */
  innovations: number;
  /** The first few benefits, as examples. */
  examples: CitedBenefit[];
}

const EXAMPLES = 3;

export interface LearningAreaTable extends Omit<DimensionTable, 'rows'> {
  rows: LearningAreaRow[];
}

/** The ten learning areas: counts, intangible benefits against transferable innovations, examples with citations. */
export function learningAreaTable(input: SynthesisInput, filter: SynthesisFilter = {}): LearningAreaTable {
  const table = dimensionTable(input, 'learning_area', filter);
  return {
    ...table,
    rows: table.rows.map((row) => ({
      ...row,
      intangible: row.benefits.filter((b) => b.nature === 'intangible').length,
      innovations: row.benefits.filter((b) => b.kind === 'transferable_innovation').length,
      examples: row.benefits.slice(0, EXAMPLES),
    })),
  };
}

/**
 * A table with at most `perRow` benefits (and examples) a row, the rest counted in `moreBenefits`: what a page
 * shows of 25,000 benefits. Exports keep them all.
 */
export function shownBenefits<T extends DimensionTable | LearningAreaTable>(table: T, perRow: number): T {
  return {
    ...table,
    rows: table.rows.map((row) => ({
      ...row,
      benefits: row.benefits.slice(0, perRow),
      moreBenefits: Math.max(0, row.benefits.length - perRow),
    })),
  };
}

/** One benefit item a row, with its study's citation and every code as labels: for CSV, XLSX and JSON. */
export interface BenefitRows {
  columns: string[];
  rows: (string | number | null)[][];
}

function statusSuffix(axis: Axis): string {
  return axis.status === 'reconstructed' ? ' (reconstructed)' : '';
}

/**
 * The item-level table: study columns, then the item's description and codes. A reconstructed dimension says
 * so in its column name, so every export carries the status of its codes.
 */
export function benefitRows(input: SynthesisInput, filter: SynthesisFilter = {}): BenefitRows {
  const axes = synthesisAxes(input);
  const labels = new Map(axes.map((a) => [a.id, new Map(a.codes.map((c) => [c.id, c.label]))]));
  const labelled = (axis: Axis, codes: readonly string[]) =>
    codes.map((c) => labels.get(axis.id)?.get(c) ?? c).join('; ');
  const studyFields = input.form.fields;
  const itemAxes = axes.filter((a) => a.level === 'item');
  const columns = [
    'record_id',
    'citation',
    'year',
    'title',
    ...studyFields.map((f) => f.label),
    'item',
    'description',
    'beneficiary',
    ...itemAxes.map((a) => `${a.label}${statusSuffix(a)}`),
    'indicator',
    'unit',
    'baseline',
    'follow_up',
    'costs_or_drawbacks',
    'innovation_origin',
    'innovation_adopter',
    'sources',
  ];
  const rows: BenefitRows['rows'] = [];
  for (const { study, items } of filteredItems(input, axes, filter)) {
    const fieldValues = studyFields.map((f) => {
      const value = study.coding.fields[f.id];
      if (value === undefined) return null;
      if (Array.isArray(value)) return value.join('; ');
      if (typeof value === 'object') return value.page ? `${value.text} (p. ${value.page})` : value.text;
      return value;
    });
    items.forEach((item, i) => {
      rows.push([
        study.recordId,
        study.citation,
        study.year ?? null,
        study.title,
        ...fieldValues,
        i + 1,
        item.description,
        item.beneficiary ?? null,
        ...itemAxes.map((a) => labelled(a, axisValues(a, study, item))),
        item.indicator?.name ?? null,
        item.indicator?.unit ?? null,
        item.indicator?.baseline?.value ?? null,
        item.indicator?.followUp?.value ?? null,
        item.costs ?? null,
        item.innovation?.origin ?? null,
        item.innovation?.adopter ?? null,
        item.sources
          .map((s) =>
            [s.doi, s.pmid ? `PMID ${s.pmid}` : undefined, s.url, s.page ? `p. ${s.page}` : undefined]
              .filter(Boolean)
              .join(' '),
          )
          .join('; '),
      ]);
    });
  }
  return { columns, rows };
}
