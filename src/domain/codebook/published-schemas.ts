import { BenefitItemSchema } from './benefit-item.js';
import { ExtractionFormSchema } from './extraction-form.js';
import { FrameworkSchema } from './framework.js';
import { StudyCodingSchema } from './study-coding.js';

/**
 * The JSON Schemas Twoway publishes, by name: `twoway codebook schema <name>`, GET /api/schemas/<name>.json,
 * and data/frameworks/<name>.schema.json (a test keeps the files equal to these).
 */
export const PUBLISHED_SCHEMAS = {
  framework: FrameworkSchema,
  form: ExtractionFormSchema,
  'benefit-item': BenefitItemSchema,
  coding: StudyCodingSchema,
} as const;

export type PublishedSchemaName = keyof typeof PUBLISHED_SCHEMAS;
