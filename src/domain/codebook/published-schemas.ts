import { BenefitItemSchema } from './benefit-item.js';
import { ExtractionFormSchema } from './extraction-form.js';
import { FrameworkSchema } from './framework.js';
import { StudyCodingSchema } from './study-coding.js';
import { BenefitReportDocumentSchema } from '../partnerships/benefit-report.js';
import { ActivityInputSchema } from '../partnerships/activity.js';
import { Dhis2MappingSchema } from '../interop/dhis2.js';

/** A schema as published: with the draft it is written in and its own address. */
function published<T extends object>(name: string, schema: T): T & { $schema: string; $id: string } {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `https://twoway.dev/schemas/${name}.json`,
    ...schema,
  };
}

/**
 * The JSON Schemas Twoway publishes, by name: `twoway codebook schema <name>`, GET /api/schemas/<name>.json,
 * and data/frameworks/<name>.schema.json (a test keeps the files equal to these).
 */
export const PUBLISHED_SCHEMAS = {
  framework: published('framework', FrameworkSchema),
  form: published('form', ExtractionFormSchema),
  'benefit-item': published('benefit-item', BenefitItemSchema),
  coding: published('coding', StudyCodingSchema),
  'benefit-report-v1': published('benefit-report-v1', BenefitReportDocumentSchema),
  activity: published('activity', ActivityInputSchema),
  'dhis2-mapping': published('dhis2-mapping', Dhis2MappingSchema),
} as const;

export type PublishedSchemaName = keyof typeof PUBLISHED_SCHEMAS;
