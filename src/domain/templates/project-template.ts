import { Type, type Static } from 'typebox';
import { schemaFaults, type Fault } from '../codebook/framework.js';

/**
 * A project template: a review set up as a published one was (its question, protocol, searches and
 * framework), to start from. Shipped as data (data/templates), validated against this schema.
 */
export const ProjectTemplateSchema = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,79}$' }),
    title: Type.String({ minLength: 1, maxLength: 500 }),
    description: Type.String({ maxLength: 4000 }),
    source: Type.String({ maxLength: 1000 }),
    question: Type.String({ maxLength: 4000 }),
    /** A partial protocol: what it leaves out takes Twoway's defaults. */
    protocol: Type.Record(Type.String(), Type.Unknown()),
    savedSearches: Type.Array(
      Type.Object(
        {
          name: Type.String({ minLength: 1, maxLength: 200 }),
          query: Type.String({ minLength: 1 }),
          note: Type.Optional(Type.String()),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export type ProjectTemplate = Static<typeof ProjectTemplateSchema>;

/** The faults of a would-be template, by JSON path. */
export function templateFaults(value: unknown): Fault[] {
  return schemaFaults(ProjectTemplateSchema, value);
}
