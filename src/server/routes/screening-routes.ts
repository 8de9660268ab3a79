import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { audit } from '../../store/repositories/audit-log.js';
import {
  agreementByPair,
  nextToScreen,
  recordDecision,
  resolveConflict,
  retrievalOf,
  screeningProgress,
  screeningStatuses,
  setRetrieval,
  statusFor,
  type DecisionInput,
} from '../../store/repositories/screening-store.js';
import { loadRecordsById } from '../../store/repositories/stored-records.js';
import { recordTags } from '../../store/repositories/tag-store.js';
import { visibleStatus } from '../../domain/screening/policy.js';
import { ANY_MEMBER, projectAccess, SCREENERS } from '../access.js';
import { fail } from '../http-error.js';
import { recordView } from '../record-view.js';
import type { Project } from '../../store/repositories/projects.js';
import { isPrioritised, recordPriority } from '../../store/repositories/prioritisation-store.js';
import { ERRORS, ProjectParams, RecordParams, RecordViewSchema, StageSchema } from '../schemas.js';
import {
  AgreementPairSchema,
  DecisionAnswerSchema,
  finiteOrNull,
  NextScreenSchema,
  ProgressSchema,
  ScreenSchema,
  StatusSchema,
} from '../answers.js';
import { fullTextOf } from '../../store/repositories/full-text-store.js';
import type { RouteContext } from './route-context.js';

const DecisionBody = Type.Object({
  recordId: Type.Integer({ minimum: 1 }),
  stage: StageSchema,
  value: Type.Union([
    Type.Literal('include'),
    Type.Literal('exclude'),
    Type.Literal('maybe'),
    Type.Literal('retract'),
  ]),
  reason: Type.Optional(Type.String({ maxLength: 200 })),
  note: Type.Optional(Type.String({ maxLength: 5000 })),
  /** The ranking the page showed the record from (provenance); the latest ranking's when absent. */
  shown: Type.Optional(
    Type.Object(
      { modelVersion: Type.Integer({ minimum: 1 }), rank: Type.Integer({ minimum: 1 }) },
      { additionalProperties: false },
    ),
  ),
});

/** A decision or resolution as the store takes it, from a request body and the signed-in reviewer. */
function decisionInput(
  projectId: number,
  reviewer: string,
  body: {
    recordId: number;
    stage: string;
    value: string;
    reason?: string;
    note?: string;
    shown?: { modelVersion: number; rank: number };
  },
): DecisionInput {
  const { recordId, stage, value, reason, note, shown } = body;
  return {
    projectId,
    recordId,
    stage,
    value,
    reviewer,
    ...(reason ? { reason } : {}),
    ...(note ? { note } : {}),
    ...(shown ? { shown } : {}),
  };
}

/** Screening: the next record, one record's screen, decisions, conflicts and their resolution, agreement. */
export function screeningRoutes({ store, retrainer }: RouteContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    /** Whether records of a stage are served from the ranking (title/abstract of a prioritised project). */
    const rankedAt = async (project: Project, stage: string): Promise<boolean> =>
      stage === 'title-abstract' && (await isPrioritised(store, project));

    /**
     * One record's screen as `viewer` may see it, for the project the access check loaded; `ranked` is
     * rankedAt's answer when the caller has it already.
     */
    const screen = async (
      project: Project,
      recordId: number,
      stage: string,
      viewer: string,
      ranked?: boolean,
    ) => {
      const [loaded] = await loadRecordsById(store, project.id, [recordId]);
      if (!loaded) fail('E_NOT_FOUND', `no record ${recordId} in project ${project.id}`);
      const status = await statusFor(store, project.id, recordId, stage, viewer, project);
      const retrieval = stage === 'full-text' ? await retrievalOf(store, project.id, recordId) : null;
      const fullText =
        stage === 'full-text' ? ((await fullTextOf(store, project, viewer, recordId)) ?? null) : null;
      const priority =
        (ranked ?? (await rankedAt(project, stage)))
          ? ((await recordPriority(store, project.id, recordId)) ?? null)
          : null;
      const tags = await recordTags(store, project.id, recordId);
      return { record: recordView(loaded.id, loaded.record), status, retrieval, fullText, priority, tags };
    };

    /** The screen of the next record `reviewer` has to screen after record `after` (null when none is left). */
    const nextScreen = async (project: Project, stage: string, reviewer: string, after?: number) => {
      const ranked = await rankedAt(project, stage);
      const next = await nextToScreen(store, {
        projectId: project.id,
        project,
        stage,
        reviewer,
        ranked,
        ...(after === undefined ? {} : { after }),
      });
      return next === undefined ? null : await screen(project, next, stage, reviewer, ranked);
    };

    app.get(
      '/projects/:projectId/screening/next',
      {
        schema: {
          summary:
            'The next record for the signed-in reviewer to screen (after record `after`, wrapping around)',
          params: ProjectParams,
          querystring: Type.Object({
            stage: StageSchema,
            after: Type.Optional(Type.Integer({ minimum: 0 })),
          }),
          response: { 200: NextScreenSchema, ...ERRORS },
        },
      },
      async (request) => {
        const { account, project } = await projectAccess(store, request, request.params.projectId, SCREENERS);
        const { stage, after } = request.query;
        return { screen: await nextScreen(project, stage, account.username, after) };
      },
    );

    app.get(
      '/projects/:projectId/screening/progress',
      {
        schema: {
          summary:
            'How many records the signed-in reviewer has decided at a stage, of how many (after deduplication)',
          params: ProjectParams,
          querystring: Type.Object({ stage: StageSchema }),
          response: { 200: ProgressSchema, ...ERRORS },
        },
      },
      async (request) => {
        const { account, project } = await projectAccess(store, request, request.params.projectId, SCREENERS);
        return screeningProgress(store, {
          projectId: project.id,
          stage: request.query.stage,
          reviewer: account.username,
        });
      },
    );

    app.get(
      '/projects/:projectId/records/:recordId/screen',
      {
        schema: {
          summary:
            'One record and its screening state as the signed-in member may see it (blind mode hides others’ votes)',
          params: RecordParams,
          querystring: Type.Object({ stage: StageSchema }),
          response: { 200: ScreenSchema, ...ERRORS },
        },
      },
      async (request) => {
        const { account, project } = await projectAccess(
          store,
          request,
          request.params.projectId,
          ANY_MEMBER,
        );
        return screen(project, request.params.recordId, request.query.stage, account.username);
      },
    );

    app.post(
      '/projects/:projectId/decisions',
      {
        schema: {
          summary:
            'Record a decision (include, exclude with a reason, maybe, or retract = undo); with next=true, answer with the next record to screen and the progress too (one request a key press)',
          params: ProjectParams,
          querystring: Type.Object({ next: Type.Optional(Type.Boolean()) }),
          body: DecisionBody,
          response: { 200: DecisionAnswerSchema, ...ERRORS },
        },
      },
      async (request) => {
        const { account, project } = await projectAccess(store, request, request.params.projectId, SCREENERS);
        const reviewer = account.username;
        const id = await recordDecision(store, {
          ...decisionInput(project.id, reviewer, request.body),
          project,
        });
        if (request.body.stage === 'title-abstract') retrainer.schedule(project.id);
        if (!request.query.next) return { id };
        const { recordId, stage } = request.body;
        return {
          id,
          screen: await nextScreen(project, stage, reviewer, recordId),
          progress: await screeningProgress(store, { projectId: project.id, stage, reviewer }),
        };
      },
    );

    app.put(
      '/projects/:projectId/records/:recordId/retrieval',
      {
        schema: {
          summary: 'Say whether a full text was obtained, and where it is (PRISMA’s reports not retrieved)',
          params: RecordParams,
          body: Type.Object({
            status: Type.Union([Type.Literal('retrieved'), Type.Literal('not-retrieved')]),
            location: Type.Optional(Type.String({ maxLength: 2000 })),
          }),
          response: { 204: Type.Null(), ...ERRORS },
        },
      },
      async (request, reply) => {
        const { account, project } = await projectAccess(store, request, request.params.projectId, SCREENERS);
        const { status, location } = request.body;
        await setRetrieval(
          store,
          project.id,
          request.params.recordId,
          status,
          account.username,
          location?.trim() || undefined,
        );
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/projects/:projectId/conflicts',
      {
        schema: {
          summary: 'Records in conflict at a stage, with the votes the signed-in member may see',
          params: ProjectParams,
          querystring: Type.Object({ stage: StageSchema }),
          response: {
            200: Type.Array(Type.Object({ record: RecordViewSchema, status: StatusSchema })),
            ...ERRORS,
          },
        },
      },
      async (request) => {
        const { account, project, role } = await projectAccess(
          store,
          request,
          request.params.projectId,
          SCREENERS,
        );
        const stage = request.query.stage;
        // the conflicts the member may see as conflicts: in blind screening not those they voted on (the list
        // would tell them how the other voted)
        const view = { ...project.protocol.screening, role };
        const conflicts = (await screeningStatuses(store, project.id, stage)).filter(
          (s) => visibleStatus(s, account.username, view).state === 'conflict',
        );
        const ranked = await rankedAt(project, stage);
        const out = [];
        for (const s of conflicts)
          out.push(await screen(project, s.recordId, stage, account.username, ranked));
        return out;
      },
    );

    app.post(
      '/projects/:projectId/resolutions',
      {
        schema: {
          summary: 'Resolve a conflict (an owner, or a third reviewer who did not vote on it)',
          params: ProjectParams,
          body: Type.Object({
            recordId: Type.Integer({ minimum: 1 }),
            stage: StageSchema,
            value: Type.Union([Type.Literal('include'), Type.Literal('exclude')]),
            reason: Type.Optional(Type.String({ maxLength: 200 })),
            note: Type.Optional(Type.String({ maxLength: 5000 })),
          }),
          response: { 200: Type.Object({ id: Type.Integer() }), ...ERRORS },
        },
      },
      async (request) => {
        const { account, project } = await projectAccess(store, request, request.params.projectId, SCREENERS);
        const id = await resolveConflict(store, {
          ...decisionInput(project.id, account.username, request.body),
          project,
        });
        if (request.body.stage === 'title-abstract') retrainer.schedule(project.id);
        const { recordId, stage, value } = request.body;
        await audit(store, {
          projectId: project.id,
          actor: account.username,
          action: 'conflict.resolve',
          detail: { recordId, stage, value },
        });
        return { id };
      },
    );

    app.get(
      '/projects/:projectId/agreement',
      {
        schema: {
          summary:
            'Agreement of each pair of reviewers at a stage: percent, Cohen’s kappa, Gwet’s AC1 (owners, when screening is blind)',
          params: ProjectParams,
          querystring: Type.Object({ stage: StageSchema }),
          response: {
            200: Type.Array(AgreementPairSchema),
            ...ERRORS,
          },
        },
      },
      async (request) => {
        const { account, project } = await projectAccess(
          store,
          request,
          request.params.projectId,
          ANY_MEMBER,
        );
        const pairs = await agreementByPair(store, project.id, request.query.stage, account.username);
        return pairs.map((p) => ({
          ...p,
          percent: finiteOrNull(p.percent),
          kappa: finiteOrNull(p.kappa),
          ac1: finiteOrNull(p.ac1),
        }));
      },
    );
  };
}
