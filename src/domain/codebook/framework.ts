import { Type, type Static, type TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { TwowayError } from '../errors.js';

/**
 * A benefit framework as versioned data: dimensions of codes, each dimension with its source and whether its
 * codes were taken from that source (verified) or are Twoway's best reading of it (reconstructed). The schema
 * below is the one published (`twoway codebook schema`, data/frameworks/framework.schema.json); every shipped
 * or imported framework passes it before it is used.
 */

const ID = '^[a-z0-9][a-z0-9_-]{0,79}$';
const Id = (description: string) => Type.String({ pattern: ID, description });

export const SourceSchema = Type.Object(
  {
    citation: Type.String({ minLength: 1, maxLength: 1000 }),
    url: Type.Optional(Type.String({ maxLength: 2000 })),
    taken: Type.Optional(
      Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'when the list was taken' }),
    ),
  },
  { additionalProperties: false },
);

export const CodeSchema = Type.Object(
  {
    id: Id('stable id, kept across versions unless a rename gives a new one'),
    label: Type.String({ minLength: 1, maxLength: 300 }),
    definition: Type.Optional(Type.String({ maxLength: 4000 })),
    aliases: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 300 }), { maxItems: 50 })),
    parent: Type.Optional(Id('id of a code of the same dimension this one sits under')),
    retired: Type.Optional(
      Type.Boolean({ description: 'kept for codings made before; not offered for new ones' }),
    ),
  },
  { additionalProperties: false },
);

export const DIMENSION_STATUSES = ['verified', 'reconstructed'] as const;

export const DimensionSchema = Type.Object(
  {
    id: Id('dimension id, e.g. building_block'),
    label: Type.String({ minLength: 1, maxLength: 300 }),
    definition: Type.Optional(Type.String({ maxLength: 4000 })),
    status: Type.Union(
      DIMENSION_STATUSES.map((s) => Type.Literal(s)),
      {
        description:
          'verified: taken from the source; reconstructed: our best reading where it was not retrieved',
      },
    ),
    statusNote: Type.Optional(Type.String({ maxLength: 2000 })),
    incomplete: Type.Optional(Type.Boolean({ description: 'the source has more codes than were retrieved' })),
    multiple: Type.Boolean({ description: 'whether one benefit item may carry several codes of it' }),
    source: Type.Optional(SourceSchema),
    codes: Type.Array(CodeSchema, { minItems: 1, maxItems: 500 }),
  },
  { additionalProperties: false },
);

export const MappingSchema = Type.Object(
  {
    from: Id('dimension whose codes are mapped'),
    to: Id('dimension they map to'),
    status: Type.Union([Type.Literal('verified'), Type.Literal('reconstructed'), Type.Literal('assumption')]),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
    pairs: Type.Record(
      Type.String({ pattern: ID }),
      Type.Array(Type.String({ pattern: ID }), { maxItems: 50 }),
    ),
  },
  { additionalProperties: false },
);

export const ChangeSchema = Type.Union([
  Type.Object(
    { op: Type.Literal('add'), dimension: Type.String(), code: Type.String(), version: Type.Integer() },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      op: Type.Literal('rename'),
      dimension: Type.String(),
      code: Type.String(),
      into: Type.String(),
      label: Type.String(),
      version: Type.Integer(),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      op: Type.Literal('merge'),
      dimension: Type.String(),
      code: Type.String(),
      into: Type.String(),
      version: Type.Integer(),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    { op: Type.Literal('retire'), dimension: Type.String(), code: Type.String(), version: Type.Integer() },
    { additionalProperties: false },
  ),
]);

export const FrameworkSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    id: Id('framework id, e.g. twoway-benefits'),
    version: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
    title: Type.String({ minLength: 1, maxLength: 500 }),
    description: Type.Optional(Type.String({ maxLength: 8000 })),
    sources: Type.Array(SourceSchema, { maxItems: 50 }),
    dimensions: Type.Array(DimensionSchema, { minItems: 1, maxItems: 60 }),
    mappings: Type.Optional(Type.Array(MappingSchema, { maxItems: 20 })),
    /** Every edit since version 1, each with the version it made: how old codes map forward. */
    changes: Type.Optional(Type.Array(ChangeSchema, { maxItems: 10_000 })),
  },
  {
    additionalProperties: false,
    title: 'Twoway benefit framework',
  },
);

export type FrameworkSource = Static<typeof SourceSchema>;
export type Code = Static<typeof CodeSchema>;
export type Dimension = Static<typeof DimensionSchema>;
export type DimensionStatus = (typeof DIMENSION_STATUSES)[number];
export type Mapping = Static<typeof MappingSchema>;
export type FrameworkChange = Static<typeof ChangeSchema>;
export type Framework = Static<typeof FrameworkSchema>;

/** One fault of a framework file: the JSON path (RFC 6901 pointer) of the value and what is wrong with it. */
export interface Fault {
  path: string;
  message: string;
}

/**
 * A value's faults against a JSON Schema, by JSON pointer (the first 100), worded for a person: the faults a
 * fault of its own already explains (a union's "matches none", `additionalProperties: false`'s "boolean") are
 * left out. `prefix` places the value inside a larger document.
 * @example schemaFaults(FrameworkSchema, { id: 'x' })[0] // { path: '', message: 'missing field(s): version, …' }
 */
export function schemaFaults(schema: TSchema, value: unknown, prefix = ''): Fault[] {
  const faults: Fault[] = [];
  for (const e of Value.Errors(schema, value)) {
    if (e.keyword === 'boolean' || e.keyword === 'anyOf') continue;
    faults.push({ path: `${prefix}${e.instancePath}`, message: describeSchemaError(e) });
    if (faults.length >= 100) break;
  }
  return faults;
}

/**
 * Every fault of a would-be framework: the schema's first, then what a schema cannot say (unique ids, parents
 * and mappings that name codes the framework has).
 * @example frameworkFaults({ id: 'x' })[0] // { path: '', message: 'must have required properties version, …' }
 */
export function frameworkFaults(value: unknown): Fault[] {
  const faults = schemaFaults(FrameworkSchema, value);
  if (faults.length > 0) return faults;
  const framework = value as Framework;
  const dimensions = new Map<string, Set<string>>();
  framework.dimensions.forEach((dimension, d) => {
    if (dimensions.has(dimension.id))
      faults.push({ path: `/dimensions/${d}/id`, message: `dimension "${dimension.id}" is defined twice` });
    const ids = new Set<string>();
    dimension.codes.forEach((code, c) => {
      if (ids.has(code.id))
        faults.push({
          path: `/dimensions/${d}/codes/${c}/id`,
          message: `code "${code.id}" is defined twice`,
        });
      ids.add(code.id);
    });
    dimension.codes.forEach((code, c) => {
      if (code.parent !== undefined && (!ids.has(code.parent) || code.parent === code.id))
        faults.push({
          path: `/dimensions/${d}/codes/${c}/parent`,
          message: `parent "${code.parent}" is not another code of dimension "${dimension.id}"`,
        });
    });
    dimensions.set(dimension.id, ids);
  });
  (framework.mappings ?? []).forEach((mapping, m) => {
    const from = dimensions.get(mapping.from);
    const to = dimensions.get(mapping.to);
    if (!from) faults.push({ path: `/mappings/${m}/from`, message: `no dimension "${mapping.from}"` });
    if (!to) faults.push({ path: `/mappings/${m}/to`, message: `no dimension "${mapping.to}"` });
    if (!from || !to) return;
    for (const [code, targets] of Object.entries(mapping.pairs)) {
      const at = `/mappings/${m}/pairs/${pointerToken(code)}`;
      if (!from.has(code))
        faults.push({ path: at, message: `no code "${code}" in dimension "${mapping.from}"` });
      targets.forEach((target, t) => {
        if (!to.has(target))
          faults.push({ path: `${at}/${t}`, message: `no code "${target}" in dimension "${mapping.to}"` });
      });
    }
  });
  return faults;
}

function describeSchemaError(e: {
  keyword: string;
  message: string;
  params: Record<string, unknown>;
}): string {
  if (e.keyword === 'additionalProperties')
    return `unknown field(s): ${(e.params.additionalProperties as string[]).join(', ')}`;
  if (e.keyword === 'required')
    return `missing field(s): ${(e.params.requiredProperties as string[]).join(', ')}`;
  return e.message;
}

function pointerToken(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * Refuses invalid input with one error listing each fault's JSON path (at most 20, then how many more).
 * @example assertNoFaults('E_FRAMEWORK_INVALID', 'the framework', [{ path: '/id', message: 'must match' }]) // throws
 */
export function assertNoFaults(
  code: 'E_FRAMEWORK_INVALID' | 'E_CODING_INVALID' | 'E_USAGE',
  what: string,
  faults: readonly Fault[],
): void {
  if (faults.length === 0) return;
  const shown = faults.slice(0, 20).map((f) => `  ${f.path || '/'}: ${f.message}`);
  if (faults.length > 20) shown.push(`  … and ${faults.length - 20} more`);
  throw new TwowayError({ code, message: `${what} is invalid:\n${shown.join('\n')}` });
}

/** A dimension of the framework, or undefined. */
export function dimensionOf(framework: Framework, dimensionId: string): Dimension | undefined {
  return framework.dimensions.find((d) => d.id === dimensionId);
}

/** The label of a code (its id when the framework does not know it). */
export function codeLabel(framework: Framework, dimensionId: string, codeId: string): string {
  return dimensionOf(framework, dimensionId)?.codes.find((c) => c.id === codeId)?.label ?? codeId;
}

/** The codes a new coding may use: those not retired. */
export function activeCodes(dimension: Dimension): Code[] {
  return dimension.codes.filter((c) => !c.retired);
}
