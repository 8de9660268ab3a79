import { Type } from 'typebox';

/** Schemas shared by the routes (request parts and answers), which also make the OpenAPI document. */
export const ErrorSchema = Type.Object(
  {
    error: Type.Object({
      code: Type.String(),
      message: Type.String(),
      line: Type.Optional(Type.Integer()),
      file: Type.Optional(Type.String()),
    }),
  },
  { $id: 'Error' },
);

export const ProjectParams = Type.Object({ projectId: Type.Integer({ minimum: 1 }) });
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

export const SessionSchema = Type.Object({
  account: AccountSchema,
  csrfToken: Type.String(),
  expiresAt: Type.String(),
});

/** The error answers every route may give, for the OpenAPI document. */
export const ERRORS = {
  400: ErrorSchema,
  401: ErrorSchema,
  403: ErrorSchema,
  404: ErrorSchema,
  409: ErrorSchema,
} as const;
