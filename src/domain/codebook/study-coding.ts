import { Type, type Static } from 'typebox';
import { BenefitItemSchema, itemCodes, mapItemCodes } from './benefit-item.js';
import {
  FieldValueSchema,
  isListField,
  type ExtractionForm,
  type FieldValue,
  type FormField,
} from './extraction-form.js';
import { dimensionOf, schemaFaults, type Fault, type Framework } from './framework.js';
import { forwardCode } from './framework-versions.js';

/** What one coder (or the consensus) recorded of one study: the form's fields and the benefit items. */
export const StudyCodingSchema = Type.Object(
  {
    fields: Type.Record(Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,79}$' }), FieldValueSchema),
    items: Type.Array(BenefitItemSchema, { maxItems: 500 }),
  },
  {
    additionalProperties: false,
    title: 'Twoway study coding',
  },
);

export type StudyCoding = Static<typeof StudyCodingSchema>;

export const EMPTY_CODING: StudyCoding = { fields: {}, items: [] };

const ISO_ALPHA2 = /^[A-Z]{2}$/;
const ISO_DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;

/**
 * Every fault of a coding against the form and the framework version it is made with, as JSON paths: values
 * of the wrong shape or size, unknown or retired codes, missing required fields, fields the form lacks.
 * @example codingFaults({ fields: {}, items: [{ …, level: 'nope' }] }, form, framework) // [{ path: '/items/0/level', … }]
 */
export function codingFaults(value: unknown, form: ExtractionForm, framework: Framework): Fault[] {
  const faults = schemaFaults(StudyCodingSchema, value);
  if (faults.length > 0) return faults;
  const coding = value as StudyCoding;
  const byId = new Map(form.fields.map((f) => [f.id, f]));
  for (const [id, fieldValue] of Object.entries(coding.fields)) {
    const field = byId.get(id);
    if (!field) faults.push({ path: `/fields/${id}`, message: `the form has no field "${id}"` });
    else faults.push(...fieldFaults(field, fieldValue, framework, `/fields/${id}`));
  }
  for (const field of form.fields)
    if (field.required && isEmpty(coding.fields[field.id]))
      faults.push({ path: `/fields/${field.id}`, message: `"${field.label}" is required` });
  if (!form.benefitItems.enabled && coding.items.length > 0)
    faults.push({ path: '/items', message: 'this form has no benefit items' });
  coding.items.forEach((item, i) => {
    for (const { path, dimension, code } of itemCodes(item))
      faults.push(...codeFaults(framework, dimension, code, `/items/${i}${path}`));
  });
  return faults;
}

function isEmpty(value: FieldValue | undefined): boolean {
  return value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}

function fieldFaults(field: FormField, value: FieldValue, framework: Framework, path: string): Fault[] {
  const wrong = (message: string): Fault[] => [{ path, message: `${field.label}: ${message}` }];
  const list = Array.isArray(value) ? value : undefined;
  if (isListField(field) !== (list !== undefined))
    return wrong(isListField(field) ? 'expected a list of values' : 'expected one value, not a list');
  switch (field.type) {
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? [] : wrong('expected a number');
    case 'date':
      return typeof value === 'string' && ISO_DATE.test(value)
        ? []
        : wrong('expected a date (YYYY, YYYY-MM or YYYY-MM-DD)');
    case 'text':
      return typeof value === 'string' && value.length <= 2000
        ? []
        : wrong('expected a text of at most 2,000 characters');
    case 'long-text':
      return typeof value === 'string' ? [] : wrong('expected a text');
    case 'quote':
      return typeof value === 'object' && !Array.isArray(value)
        ? []
        : wrong('expected a quote ({ text, page })');
    case 'choice':
      return typeof value === 'string' && (field.options ?? []).includes(value)
        ? []
        : wrong(`"${String(value)}" is not one of: ${(field.options ?? []).join(', ')}`);
    case 'multi-choice':
      return list!.flatMap((v, i) =>
        (field.options ?? []).includes(v)
          ? []
          : [
              {
                path: `${path}/${i}`,
                message: `${field.label}: "${v}" is not one of: ${(field.options ?? []).join(', ')}`,
              },
            ],
      );
    case 'country':
      return list!.flatMap((v, i) =>
        ISO_ALPHA2.test(v)
          ? []
          : [{ path: `${path}/${i}`, message: `${field.label}: "${v}" is not an ISO 3166 alpha-2 code` }],
      );
    case 'codes':
      return list!.flatMap((v, i) => codeFaults(framework, field.dimension ?? '', v, `${path}/${i}`));
  }
  return wrong(`unknown field type "${String(field.type)}"`);
}

function codeFaults(framework: Framework, dimensionId: string, code: string, path: string): Fault[] {
  const dimension = dimensionOf(framework, dimensionId);
  const where = `${framework.id} v${framework.version}`;
  if (!dimension) return [{ path, message: `${where} has no dimension "${dimensionId}"` }];
  const known = dimension.codes.find((c) => c.id === code);
  if (!known) return [{ path, message: `"${code}" is not a code of ${dimension.id} in ${where}` }];
  if (known.retired) return [{ path, message: `"${code}" is retired in ${where} (${dimension.id})` }];
  return [];
}

/**
 * A coding made with an older version of the framework, its codes moved to the current version (renames and
 * merges followed). The study-level codes fields are forwarded too.
 */
export function forwardCoding(
  coding: StudyCoding,
  form: ExtractionForm,
  framework: Framework,
  fromVersion: number,
): StudyCoding {
  if (fromVersion === framework.version) return coding;
  const map = (dimension: string, code: string) => forwardCode(framework, dimension, code, fromVersion);
  const fields: StudyCoding['fields'] = { ...coding.fields };
  for (const field of form.fields) {
    const value = fields[field.id];
    if (field.type === 'codes' && Array.isArray(value))
      fields[field.id] = [...new Set(value.map((c) => map(field.dimension ?? '', c)))];
  }
  return { fields, items: coding.items.map((item) => mapItemCodes(item, map)) };
}
