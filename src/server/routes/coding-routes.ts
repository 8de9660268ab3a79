import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { CODERS, FRAMEWORK_EDITORS } from '../../domain/codebook/coding-policy.js';
import { PUBLISHED_SCHEMAS } from '../../domain/codebook/published-schemas.js';
import {
  codebookVersions,
  editCodebook,
  importCodebook,
  projectCodebook,
  updateForm,
} from '../../store/repositories/codebook-store.js';
import {
  codingAgreementFor,
  codingHistory,
  codingQueue,
  recordConsensus,
  saveCoding,
  studyCodings,
} from '../../store/repositories/coding-store.js';
import { getProject, type Project } from '../../store/repositories/projects.js';
import { retrievalOf } from '../../store/repositories/screening-store.js';
import { fullTextOf } from '../../store/repositories/full-text-store.js';
import { loadRecordsById } from '../../store/repositories/stored-records.js';
import { shippedFramework, shippedFrameworks } from '../../store/shipped-frameworks.js';
import { FrameworkSchema } from '../../domain/codebook/framework.js';
import { shippedTemplates } from '../../store/shipped-templates.js';
import { ANY_MEMBER, projectAccess } from '../access.js';
import {
  CodebookSchema,
  CodingAgreementSchema,
  CodingQueueSchema,
  finiteOrNull,
  SavedCodingSchema,
  ShippedFrameworksSchema,
  StudyCodingPageSchema,
} from '../answers.js';
import { fail } from '../http-error.js';
import { recordView } from '../record-view.js';
import { ERRORS, ProjectParams, RecordParams } from '../schemas.js';
import type { RouteContext } from './route-context.js';

/** A coding is up to 500 benefit items of up to 10,000 characters: more than the API's default 1 MiB. */
const CODING_BODY_LIMIT = 8 * 1024 * 1024;

const EditBody = Type.Union([
  Type.Object({
    op: Type.Literal('add'),
    dimension: Type.String(),
    code: Type.Object({ id: Type.String(), label: Type.String(), definition: Type.Optional(Type.String()) }),
  }),
  Type.Object({
    op: Type.Literal('rename'),
    dimension: Type.String(),
    code: Type.String(),
    label: Type.String({ minLength: 1 }),
    into: Type.Optional(Type.String()),
  }),
  Type.Object({
    op: Type.Literal('merge'),
    dimension: Type.String(),
    code: Type.String(),
    into: Type.String(),
  }),
  Type.Object({ op: Type.Literal('retire'), dimension: Type.String(), code: Type.String() }),
]);

/** The coding body: checked by the store against the form and framework, so faults come back by JSON path. */
const CodingBody = Type.Object({
  coding: Type.Unknown({ description: 'a study coding (schema: /api/schemas/coding.json)' }),
  frameworkVersion: Type.Integer({ minimum: 1 }),
  submit: Type.Optional(Type.Boolean()),
});

/** Frameworks, the project's codebook, coding studies, consensus and agreement. */
export function codingRoutes({ store }: RouteContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/schemas/:name',
      {
        config: { public: true },
        schema: {
          summary: 'A published JSON Schema: framework.json, form.json, benefit-item.json, coding.json',
          params: Type.Object({ name: Type.String({ maxLength: 40 }) }),
          response: { 200: Type.Unknown(), ...ERRORS },
        },
      },
      async (request, reply) => {
        const name = request.params.name.replace(/\.json$/, '') as keyof typeof PUBLISHED_SCHEMAS;
        const schema = Object.hasOwn(PUBLISHED_SCHEMAS, name) ? PUBLISHED_SCHEMAS[name] : undefined;
        if (!schema)
          fail(
            'E_NOT_FOUND',
            `no schema "${request.params.name}"; schemas: ${Object.keys(PUBLISHED_SCHEMAS)
              .map((n) => `${n}.json`)
              .join(', ')}`,
          );
        return reply.type('application/schema+json').send(JSON.stringify(schema));
      },
    );

    app.get(
      '/frameworks',
      {
        schema: {
          summary: 'The frameworks Twoway ships (reconstructed code lists named)',
          response: { 200: ShippedFrameworksSchema, ...ERRORS },
        },
      },
      async () =>
        shippedFrameworks().map(({ framework: f }) => ({
          id: f.id,
          version: f.version,
          title: f.title,
          reconstructed: f.dimensions.filter((d) => d.status === 'reconstructed').map((d) => d.id),
        })),
    );

    app.get(
      '/frameworks/:id',
      {
        schema: {
          summary: 'One shipped framework, whole (its code lists with their status)',
          params: Type.Object({ id: Type.String({ maxLength: 80 }) }),
          response: { 200: FrameworkSchema, ...ERRORS },
        },
      },
      async (request) => shippedFramework(request.params.id).framework,
    );

    app.get(
      '/templates',
      {
        schema: {
          summary: 'The project templates Twoway ships (a published review set up as its authors did)',
          response: {
            200: Type.Array(
              Type.Object({ id: Type.String(), title: Type.String(), description: Type.String() }),
            ),
            ...ERRORS,
          },
        },
      },
      async () => shippedTemplates().map((t) => ({ id: t.id, title: t.title, description: t.description })),
    );

    app.get(
      '/projects/:projectId/codebook',
      {
        schema: {
          summary: "The project's framework and extraction form, at its current version or an older one",
          params: ProjectParams,
          querystring: Type.Object({ version: Type.Optional(Type.Integer({ minimum: 1 })) }),
          response: { 200: CodebookSchema, ...ERRORS },
        },
      },
      async (request) => {
        const { project } = await projectAccess(store, request, request.params.projectId, ANY_MEMBER);
        const book = await projectCodebook(store, project, request.query.version);
        return { ...book, versions: await codebookVersions(store, project) };
      },
    );

    app.post(
      '/projects/:projectId/codebook/edits',
      {
        schema: {
          summary: 'Add, rename, merge or retire a code (owners): a new version; old codings map forward',
          params: ProjectParams,
          body: EditBody,
          response: { 200: CodebookSchema, ...ERRORS },
        },
      },
      async (request) => {
        const { account, project } = await projectAccess(
          store,
          request,
          request.params.projectId,
          FRAMEWORK_EDITORS,
        );
        const book = await editCodebook(store, project.id, account.username, request.body);
        return { ...book, versions: await codebookVersions(store, project) };
      },
    );

    app.put(
      '/projects/:projectId/codebook/form',
      {
        bodyLimit: CODING_BODY_LIMIT,
        schema: {
          summary: 'Replace the extraction form (owners): a new version',
          params: ProjectParams,
          body: Type.Object({ form: Type.Unknown() }),
          response: { 200: CodebookSchema, ...ERRORS },
        },
      },
      async (request) => {
        const { account, project } = await projectAccess(
          store,
          request,
          request.params.projectId,
          FRAMEWORK_EDITORS,
        );
        const book = await updateForm(store, project.id, account.username, request.body.form);
        return { ...book, versions: await codebookVersions(store, project) };
      },
    );

    app.post(
      '/projects/:projectId/codebook/import',
      {
        bodyLimit: CODING_BODY_LIMIT,
        schema: {
          summary: "Make a framework file the project's (owners); refused with the JSON path of each fault",
          params: ProjectParams,
          body: Type.Object({ framework: Type.Unknown(), form: Type.Optional(Type.Unknown()) }),
          response: { 200: CodebookSchema, ...ERRORS },
        },
      },
      async (request) => {
        const { account, project } = await projectAccess(
          store,
          request,
          request.params.projectId,
          FRAMEWORK_EDITORS,
        );
        const book = await importCodebook(store, project.id, account.username, request.body);
        return { ...book, versions: await codebookVersions(store, await getProject(store, project.id)) };
      },
    );

    app.get(
      '/projects/:projectId/coding',
      {
        schema: {
          summary:
            'The studies to code (included at full text), with the signed-in member’s progress and each study’s',
          params: ProjectParams,
          response: { 200: CodingQueueSchema, ...ERRORS },
        },
      },
      async (request) => {
        const { account, project } = await projectAccess(
          store,
          request,
          request.params.projectId,
          ANY_MEMBER,
        );
        return codingQueue(store, project.id, account.username);
      },
    );

    const studyPage = async (project: Project, recordId: number, viewer: string) => {
      const projectId = project.id;
      const [loaded] = await loadRecordsById(store, projectId, [recordId]);
      if (!loaded) fail('E_NOT_FOUND', `no record ${recordId} in project ${projectId}`);
      const study = await studyCodings(store, projectId, recordId, viewer);
      const history = await codingHistory(store, projectId, recordId, viewer);
      const { framework } = await projectCodebook(store, project);
      const retrieval = await retrievalOf(store, projectId, study.recordId);
      const fullText = (await fullTextOf(store, project, viewer, study.recordId)) ?? null;
      return {
        record: recordView(loaded.id, loaded.record),
        retrieval,
        fullText,
        frameworkVersion: framework.version,
        ...study,
        history,
      };
    };

    app.get(
      '/projects/:projectId/coding/:recordId',
      {
        schema: {
          summary:
            'One study: the record, the codings the member may see (blind coding hides the others’ until all are in), the consensus, the history',
          params: RecordParams,
          response: { 200: StudyCodingPageSchema, ...ERRORS },
        },
      },
      async (request) => {
        const { account, project } = await projectAccess(
          store,
          request,
          request.params.projectId,
          ANY_MEMBER,
        );
        return studyPage(project, request.params.recordId, account.username);
      },
    );

    app.put(
      '/projects/:projectId/coding/:recordId',
      {
        bodyLimit: CODING_BODY_LIMIT,
        schema: {
          summary: 'Save the signed-in coder’s coding of a study, as a draft or submitted',
          params: RecordParams,
          body: CodingBody,
          response: { 200: SavedCodingSchema, ...ERRORS },
        },
      },
      async (request) => {
        const { account, project } = await projectAccess(store, request, request.params.projectId, CODERS);
        const { coding, frameworkVersion, submit } = request.body;
        return saveCoding(store, {
          projectId: project.id,
          recordId: request.params.recordId,
          coder: account.username,
          coding,
          frameworkVersion,
          submit: Boolean(submit),
        });
      },
    );

    app.post(
      '/projects/:projectId/coding/:recordId/consensus',
      {
        bodyLimit: CODING_BODY_LIMIT,
        schema: {
          summary:
            'Record the consensus coding of a study (once its independent codings are in); the synthesis reads it',
          params: RecordParams,
          body: CodingBody,
          response: { 200: SavedCodingSchema, ...ERRORS },
        },
      },
      async (request) => {
        const { account, project } = await projectAccess(store, request, request.params.projectId, CODERS);
        const { coding, frameworkVersion } = request.body;
        return recordConsensus(store, {
          projectId: project.id,
          recordId: request.params.recordId,
          coder: account.username,
          coding,
          frameworkVersion,
        });
      },
    );

    app.get(
      '/projects/:projectId/coding-agreement',
      {
        schema: {
          summary:
            'Agreement of the independent coders per field and per code (percent, Cohen’s kappa, Krippendorff’s alpha)',
          params: ProjectParams,
          response: { 200: CodingAgreementSchema, ...ERRORS },
        },
      },
      async (request) => {
        const { account, project } = await projectAccess(
          store,
          request,
          request.params.projectId,
          ANY_MEMBER,
        );
        const { studies, fields } = await codingAgreementFor(store, project.id, account.username);
        return {
          studies,
          fields: fields.map((f) => ({
            ...f,
            percent: finiteOrNull(f.percent),
            kappa: finiteOrNull(f.kappa),
            alpha: finiteOrNull(f.alpha),
            codes: f.codes.map((c) => ({
              ...c,
              percent: finiteOrNull(c.percent),
              kappa: finiteOrNull(c.kappa),
            })),
          })),
        };
      },
    );
  };
}
