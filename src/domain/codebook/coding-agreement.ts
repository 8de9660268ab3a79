import { agreement, krippendorffAlpha } from '../statistics/agreement.js';
import { itemCodes } from './benefit-item.js';
import { isListField, type ExtractionForm, type FieldValue } from './extraction-form.js';
import { codeLabel, dimensionOf, type Framework } from './framework.js';
import type { StudyCoding } from './study-coding.js';

/**
 * How far independent coders agreed, field by field and code by code.
 * - A one-value field (choice, text, number, date, quote): percent agreement and Cohen's kappa over every pair
 *   of coders of each study where both gave a value (texts compared trimmed, case and spacing ignored), and
 *   Krippendorff's alpha (nominal) over the studies.
 * - A many-value field (multi-choice, country, codes) and each dimension of the benefit items: every code is
 *   judged present or absent per study, so each code has its own percent agreement and kappa, and the field's
 *   alpha treats each (study, code) as a unit. Benefit items are compared at the study level (the codes used
 *   across a study's items), because two coders' item lists do not line up one to one.
 */

export interface CodeAgreement {
  code: string;
  label: string;
  /** Study pairs compared. */
  n: number;
  percent: number;
  kappa: number;
}

export interface FieldAgreement {
  /** The form field id, or `items.<dimension>` for the codes of the benefit items. */
  key: string;
  label: string;
  kind: 'one-value' | 'many-values';
  /** Studies with at least two codings that count for this field. */
  studies: number;
  percent: number;
  /** Cohen's kappa (one-value fields); NaN for many-value fields, whose kappas are per code. */
  kappa: number;
  alpha: number;
  codes: CodeAgreement[];
}

export interface CodedStudy {
  recordId: number;
  /** The submitted codings of the study, on the framework's current version. */
  codings: { coder: string; coding: StudyCoding }[];
}

function oneValue(value: FieldValue | undefined): string | undefined {
  if (value === undefined || Array.isArray(value)) return undefined;
  const text = typeof value === 'object' ? value.text : String(value);
  const normal = text.trim().replace(/\s+/g, ' ').toLowerCase();
  return normal === '' ? undefined : normal;
}

function pairsOf<T>(values: readonly T[]): [T, T][] {
  const out: [T, T][] = [];
  for (let i = 0; i < values.length; i++)
    for (let j = i + 1; j < values.length; j++) out.push([values[i]!, values[j]!]);
  return out;
}

function oneValueAgreement(key: string, label: string, perStudy: (string | undefined)[][]): FieldAgreement {
  const given = perStudy
    .map((values) => values.filter((v): v is string => v !== undefined))
    .filter((v) => v.length >= 2);
  const stats = agreement(given.flatMap((values) => pairsOf(values)));
  return {
    key,
    label,
    kind: 'one-value',
    studies: given.length,
    percent: stats.percent,
    kappa: stats.kappa,
    alpha: krippendorffAlpha(given),
    codes: [],
  };
}

function manyValueAgreement(
  key: string,
  label: string,
  perStudy: Set<string>[][],
  universe: readonly string[],
  labelOf: (code: string) => string,
): FieldAgreement {
  const studies = perStudy.filter((sets) => sets.length >= 2);
  const seen = new Set(universe);
  for (const sets of studies) for (const set of sets) for (const code of set) seen.add(code);
  const codes: CodeAgreement[] = [];
  const units: string[][] = [];
  const allPairs: [string, string][] = [];
  for (const code of seen) {
    const pairs: [string, string][] = [];
    for (const sets of studies) {
      const marks = sets.map((set) => (set.has(code) ? 'present' : 'absent'));
      units.push(marks);
      pairs.push(...pairsOf(marks));
    }
    allPairs.push(...pairs);
    const stats = agreement(pairs);
    codes.push({ code, label: labelOf(code), n: pairs.length, percent: stats.percent, kappa: stats.kappa });
  }
  return {
    key,
    label,
    kind: 'many-values',
    studies: studies.length,
    percent: agreement(allPairs).percent,
    kappa: NaN,
    alpha: krippendorffAlpha(units),
    codes,
  };
}

/**
 * Agreement of the coders of each study, for every field of the form and every coded dimension of the items.
 * @example codingAgreement(studies, form, framework).find((f) => f.key === 'study_design')!.kappa
 */
export function codingAgreement(
  studies: readonly CodedStudy[],
  form: ExtractionForm,
  framework: Framework,
): FieldAgreement[] {
  const out: FieldAgreement[] = [];
  for (const field of form.fields) {
    if (isListField(field)) {
      const universe =
        field.type === 'codes'
          ? (dimensionOf(framework, field.dimension ?? '')
              ?.codes.filter((c) => !c.retired)
              .map((c) => c.id) ?? [])
          : (field.options ?? []);
      const perStudy = studies.map((s) =>
        s.codings.map(({ coding }) => {
          const value = coding.fields[field.id];
          return new Set(Array.isArray(value) ? value : []);
        }),
      );
      const labelOf = (code: string) =>
        field.type === 'codes' ? codeLabel(framework, field.dimension ?? '', code) : code;
      out.push(manyValueAgreement(field.id, field.label, perStudy, universe, labelOf));
    } else {
      out.push(
        oneValueAgreement(
          field.id,
          field.label,
          studies.map((s) => s.codings.map(({ coding }) => oneValue(coding.fields[field.id]))),
        ),
      );
    }
  }
  if (form.benefitItems.enabled) {
    for (const dimension of framework.dimensions) {
      const perStudy = studies.map((s) =>
        s.codings.map(({ coding }) => {
          const set = new Set<string>();
          for (const item of coding.items)
            for (const c of itemCodes(item)) if (c.dimension === dimension.id) set.add(c.code);
          return set;
        }),
      );
      if (!perStudy.some((sets) => sets.some((set) => set.size > 0))) continue;
      out.push(
        manyValueAgreement(
          `items.${dimension.id}`,
          `Benefit items: ${dimension.label}`,
          perStudy,
          dimension.codes.filter((c) => !c.retired).map((c) => c.id),
          (code) => codeLabel(framework, dimension.id, code),
        ),
      );
    }
  }
  return out;
}

/**
 * Agreement as rows for a CSV or a workbook: a row a field, then a row a code of each many-value field.
 * Undefined statistics are left empty.
 */
export function agreementRows(fields: readonly FieldAgreement[]): {
  columns: string[];
  rows: (string | number | null)[][];
} {
  const value = (x: number) => (Number.isFinite(x) ? Number(x.toFixed(4)) : null);
  const rows: (string | number | null)[][] = [];
  for (const f of fields) {
    rows.push([f.key, f.label, '', f.kind, f.studies, value(f.percent), value(f.kappa), value(f.alpha)]);
    for (const c of f.codes)
      rows.push([f.key, f.label, c.label, 'code', c.n, value(c.percent), value(c.kappa), null]);
  }
  return {
    columns: [
      'field',
      'label',
      'code',
      'kind',
      'studies_or_pairs',
      'percent_agreement',
      'cohens_kappa',
      'krippendorffs_alpha',
    ],
    rows,
  };
}
