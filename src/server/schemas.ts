import { Type, type Static } from 'typebox';

/**
 * Schemas shared by the routes (request parts and answers), which also make the OpenAPI document; the web pages
 * take their types from here. This module imports nothing but TypeBox.
 */
/** What went wrong: an error code, its message, and where in a file when a file was at fault. */
export const ProblemSchema = Type.Object({
  code: Type.String(),
  message: Type.String(),
  line: Type.Optional(Type.Integer()),
  file: Type.Optional(Type.String()),
});
export type ProblemBody = Static<typeof ProblemSchema>;

export const ErrorSchema = Type.Object({ error: ProblemSchema }, { $id: 'Error' });

/** A row id in a path or a query: a whole number from 1. */
export const Id = Type.Integer({ minimum: 1 });
export const ProjectParams = Type.Object({ projectId: Id });
/** A record of a project in the path: /projects/:projectId/records/:recordId/… */
export const RecordParams = Type.Object({
  projectId: Type.Integer({ minimum: 1 }),
  recordId: Type.Integer({ minimum: 1 }),
});
export const RoleSchema = Type.Union([
  Type.Literal('owner'),
  Type.Literal('reviewer'),
  Type.Literal('viewer'),
]);
export const StageSchema = Type.Union([Type.Literal('title-abstract'), Type.Literal('full-text')]);

export const AccountSchema = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  isAdmin: Type.Boolean(),
  createdAt: Type.String(),
});

export type Account = Static<typeof AccountSchema>;

export const SessionSchema = Type.Object({
  account: AccountSchema,
  csrfToken: Type.String(),
  expiresAt: Type.String(),
});
export type Session = Static<typeof SessionSchema>;
export type Role = Static<typeof RoleSchema>;
export type Stage = Static<typeof StageSchema>;

/** The error answers every route may give, for the OpenAPI document. */
export const ERRORS = {
  400: ErrorSchema,
  401: ErrorSchema,
  403: ErrorSchema,
  404: ErrorSchema,
  409: ErrorSchema,
} as const;

/** A project's protocol as the API takes and gives it. */
export const ProtocolSchema = Type.Object({
  inclusionCriteria: Type.Array(Type.String({ maxLength: 2000 }), { maxItems: 200 }),
  exclusionCriteria: Type.Array(Type.String({ maxLength: 2000 }), { maxItems: 200 }),
  exclusionReasons: Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 100 }),
  dateRange: Type.Optional(
    Type.Object({
      from: Type.Optional(Type.Integer({ minimum: 1000, maximum: 2100 })),
      to: Type.Optional(Type.Integer({ minimum: 1000, maximum: 2100 })),
    }),
  ),
  languages: Type.Array(Type.String({ maxLength: 100 }), { maxItems: 100 }),
  plannedSources: Type.Array(Type.String({ maxLength: 200 }), { maxItems: 100 }),
  screening: Type.Object({
    reviewersRequired: Type.Union([Type.Literal(1), Type.Literal(2)]),
    blind: Type.Boolean(),
  }),
  coding: Type.Optional(
    Type.Object({
      framework: Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,79}$' }),
      codersRequired: Type.Union([Type.Literal(1), Type.Literal(2)]),
      blind: Type.Boolean(),
    }),
  ),
  highlights: Type.Optional(
    Type.Object({
      include: Type.Array(Type.String({ maxLength: 100 }), { maxItems: 200 }),
      exclude: Type.Array(Type.String({ maxLength: 100 }), { maxItems: 200 }),
    }),
  ),
  prioritisation: Type.Optional(
    Type.Object(
      {
        mode: Type.Union([Type.Literal('auto'), Type.Literal('on'), Type.Literal('off')]),
        preset: Type.String({ minLength: 1, maxLength: 40 }),
        stopAfter: Type.Integer({ minimum: 1, maximum: 100000 }),
        targetRecall: Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1 }),
        confidence: Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1 }),
      },
      { additionalProperties: false },
    ),
  ),
});
export type Protocol = Static<typeof ProtocolSchema>;

/** A record as the screening pages show it: plain strings, rendered as text. */
export const RecordViewSchema = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  abstract: Type.String(),
  authors: Type.Array(Type.String()),
  year: Type.Union([Type.Integer(), Type.Null()]),
  journal: Type.String(),
  volume: Type.String(),
  issue: Type.String(),
  pages: Type.String(),
  doi: Type.String(),
  pmid: Type.String(),
  keywords: Type.Array(Type.String()),
  mesh: Type.Array(Type.Object({ descriptor: Type.String(), major: Type.Boolean() })),
  language: Type.String(),
  publicationTypes: Type.Array(Type.String()),
  url: Type.String(),
});
export type RecordView = Static<typeof RecordViewSchema>;
