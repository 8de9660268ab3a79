import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { dashboardCounts } from '../../domain/screening/dashboard-counts.js';
import { normaliseUsername } from '../../store/repositories/accounts.js';
import { audit, auditLog } from '../../store/repositories/audit-log.js';
import { renderPrismaSvg } from '../../domain/synthesis/prisma-svg.js';
import { computePrisma } from '../../store/repositories/prisma-store.js';
import { createFromTemplate } from '../../store/repositories/project-templates.js';
import { addMember, createProject, projectsOf, updateProtocol } from '../../store/repositories/projects.js';
import { projectScreening } from '../../store/repositories/screening-store.js';
import { ANY_MEMBER, OWNERS, projectAccess } from '../access.js';
import { fail } from '../http-error.js';
import { ERRORS, ProjectParams, ProtocolSchema, RoleSchema } from '../schemas.js';
import { AuditEventSchema, DashboardSchema, ProjectListSchema, ProjectSchema } from '../answers.js';
import { accountOf } from '../session.js';
import type { RouteContext } from './route-context.js';

/** Projects, their protocol and members, the dashboard and the audit log. */
export function projectRoutes({ store, retrainer }: RouteContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/projects',
      {
        schema: {
          summary: 'The projects the signed-in account is a member of',
          response: { 200: ProjectListSchema, ...ERRORS },
        },
      },
      async (request) => projectsOf(store, accountOf(request).username),
    );

    app.post(
      '/projects',
      {
        schema: {
          summary:
            'Create a project (its creator becomes its owner), empty or from a template (e.g. syed-2012)',
          body: Type.Object({
            title: Type.String({ minLength: 1, maxLength: 300 }),
            question: Type.Optional(Type.String({ maxLength: 5000 })),
            template: Type.Optional(Type.String({ maxLength: 80 })),
          }),
          response: { 200: ProjectSchema, ...ERRORS },
        },
      },
      async (request) => {
        const account = accountOf(request);
        const project = request.body.template
          ? await createFromTemplate(store, request.body.template, account.username, request.body.title)
          : await createProject(store, {
              title: request.body.title,
              ...(request.body.question ? { question: request.body.question } : {}),
              owner: account.username,
            });
        await audit(store, {
          projectId: project.id,
          actor: account.username,
          action: 'project.create',
          detail: {
            title: project.title,
            ...(request.body.template ? { template: request.body.template } : {}),
          },
        });
        return { ...project, myRole: 'owner' as const };
      },
    );

    app.get(
      '/projects/:projectId',
      {
        schema: {
          summary: 'A project, its protocol and members',
          params: ProjectParams,
          response: { 200: ProjectSchema, ...ERRORS },
        },
      },
      async (request) => {
        const { project, role } = await projectAccess(store, request, request.params.projectId, ANY_MEMBER);
        return { ...project, myRole: role };
      },
    );

    app.put(
      '/projects/:projectId/protocol',
      {
        schema: {
          summary: 'Change the question and protocol (owners)',
          params: ProjectParams,
          body: Type.Object({
            question: Type.Optional(Type.String({ maxLength: 5000 })),
            protocol: ProtocolSchema,
          }),
          response: { 200: ProjectSchema, ...ERRORS },
        },
      },
      async (request) => {
        const { account } = await projectAccess(store, request, request.params.projectId, OWNERS);
        const project = await updateProtocol(
          store,
          request.params.projectId,
          request.body.protocol,
          request.body.question,
        );
        await audit(store, {
          projectId: project.id,
          actor: account.username,
          action: 'protocol.update',
          detail: {},
        });
        retrainer.schedule(project.id);
        return { ...project, myRole: 'owner' as const };
      },
    );

    app.put(
      '/projects/:projectId/members/:username',
      {
        schema: {
          summary:
            "Change a member's role (owners); someone who is not a member joins only by accepting an invitation link",
          params: Type.Object({
            projectId: Type.Integer({ minimum: 1 }),
            username: Type.String({ maxLength: 40 }),
          }),
          body: Type.Object({ role: RoleSchema }),
          response: { 204: Type.Null(), ...ERRORS },
        },
      },
      async (request, reply) => {
        const { account, project } = await projectAccess(store, request, request.params.projectId, OWNERS);
        // joining is the person's own act (an invitation they accept); and whether an account of that name
        // exists is not told: the answer is the same for a stranger and for no one
        const username = normaliseUsername(request.params.username);
        const member = project.members.find((m) => m.reviewer === username);
        if (!member)
          fail(
            'E_NOT_FOUND',
            `${username} is not a member of this project: send them an invitation link (Team page, POST /invitations), which they accept`,
          );
        const owners = project.members.filter((m) => m.role === 'owner');
        if (request.body.role !== 'owner' && owners.length === 1 && owners[0]!.reviewer === member.reviewer)
          fail('E_CONFLICT', 'a project keeps at least one owner');
        await addMember(store, project.id, member.reviewer, request.body.role);
        await audit(store, {
          projectId: project.id,
          actor: account.username,
          action: 'member.set',
          detail: { member: member.reviewer, role: request.body.role },
        });
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/projects/:projectId/dashboard',
      {
        schema: {
          summary: 'Counts by stage and state, each reviewer’s progress, and the PRISMA 2020 counts',
          params: ProjectParams,
          response: { 200: DashboardSchema, ...ERRORS },
        },
      },
      async (request) => {
        const { project } = await projectAccess(store, request, request.params.projectId, ANY_MEMBER);
        const derived = await projectScreening(store, project.id);
        const { stages, reviewers } = dashboardCounts(derived.statuses);
        const prisma = await computePrisma(store, project.id, derived);
        const prismaSvg = renderPrismaSvg(prisma, `PRISMA 2020 flow diagram: ${project.title}`);
        return { stages, reviewers, prisma, prismaSvg };
      },
    );

    app.get(
      '/projects/:projectId/audit',
      {
        schema: {
          summary: 'The audit log of a project, newest first (owners)',
          params: ProjectParams,
          querystring: Type.Object({
            before: Type.Optional(Type.Integer()),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
          }),
          response: { 200: Type.Array(AuditEventSchema), ...ERRORS },
        },
      },
      async (request) => {
        await projectAccess(store, request, request.params.projectId, OWNERS);
        return auditLog(store, request.params.projectId, {
          limit: request.query.limit ?? 100,
          ...(request.query.before === undefined ? {} : { before: request.query.before }),
        });
      },
    );
  };
}
