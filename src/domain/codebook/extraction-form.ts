import { Type, type Static } from 'typebox';
import { schemaFaults, type Fault } from './framework.js';

/**
 * A project's extraction form: the study-level fields a team wants, then a repeatable group of benefit items.
 * A `codes` field takes its codes from a dimension of the project's framework.
 */

export const FIELD_TYPES = [
  'text',
  'long-text',
  'number',
  'date',
  'choice',
  'multi-choice',
  'country',
  'codes',
  'quote',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export const FormFieldSchema = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,79}$' }),
    label: Type.String({ minLength: 1, maxLength: 300 }),
    type: Type.Union(FIELD_TYPES.map((t) => Type.Literal(t))),
    help: Type.Optional(Type.String({ maxLength: 2000 })),
    required: Type.Optional(Type.Boolean()),
    /** The choices of a choice or multi-choice field. */
    options: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 300 }), { minItems: 1, maxItems: 200 }),
    ),
    /** The framework dimension of a codes field. */
    dimension: Type.Optional(Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,79}$' })),
  },
  { additionalProperties: false },
);

export const ExtractionFormSchema = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 300 }),
    fields: Type.Array(FormFieldSchema, { maxItems: 200 }),
    /** Whether the form has the repeatable benefit-item group, and how many items a study needs at least. */
    benefitItems: Type.Object(
      { enabled: Type.Boolean(), minimum: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })) },
      { additionalProperties: false },
    ),
  },
  {
    additionalProperties: false,
    title: 'Twoway extraction form',
  },
);

export type FormField = Static<typeof FormFieldSchema>;
export type ExtractionForm = Static<typeof ExtractionFormSchema>;

/** A quote with the page it is on. */
export interface Quote {
  text: string;
  page?: string;
}

/** What a study-level field holds, by its type. */
export type FieldValue = string | number | string[] | Quote;

export const FieldValueSchema = Type.Union([
  Type.String({ maxLength: 20_000 }),
  Type.Number(),
  Type.Array(Type.String({ maxLength: 300 }), { maxItems: 300 }),
  Type.Object(
    {
      text: Type.String({ minLength: 1, maxLength: 4000 }),
      page: Type.Optional(Type.String({ maxLength: 50 })),
    },
    { additionalProperties: false },
  ),
]);

/** Whether a field holds several values (multi-choice, country, codes) or one. */
export function isListField(field: Pick<FormField, 'type'>): boolean {
  return field.type === 'multi-choice' || field.type === 'country' || field.type === 'codes';
}

/**
 * Every fault of a would-be form (JSON paths), including codes fields that name no dimension of the framework.
 * @example formFaults({ title: 'x', fields: [], benefitItems: { enabled: true } }, ['level']) // []
 */
export function formFaults(value: unknown, dimensions: readonly string[]): Fault[] {
  const faults = schemaFaults(ExtractionFormSchema, value);
  if (faults.length > 0) return faults;
  const form = value as ExtractionForm;
  const ids = new Set<string>();
  form.fields.forEach((field, i) => {
    if (ids.has(field.id))
      faults.push({ path: `/fields/${i}/id`, message: `field "${field.id}" is defined twice` });
    ids.add(field.id);
    if (field.type === 'codes' && !dimensions.includes(field.dimension ?? ''))
      faults.push({
        path: `/fields/${i}/dimension`,
        message: `a codes field needs a dimension of the framework (${dimensions.join(', ')})`,
      });
    if ((field.type === 'choice' || field.type === 'multi-choice') && !field.options)
      faults.push({ path: `/fields/${i}/options`, message: 'a choice field needs its options' });
  });
  return faults;
}
