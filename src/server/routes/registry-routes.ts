import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { findCountry } from '../../domain/countries/countries.js';
import { classify } from '../../domain/countries/income-groups.js';
import { assertNoFaults } from '../../domain/codebook/framework.js';
import { documentFaults, type BenefitReportDocument } from '../../domain/partnerships/benefit-report.js';
import { benefitFlowSvg } from '../../domain/partnerships/benefit-flow.js';
import { businessCaseHtml, businessCaseJson } from '../../domain/partnerships/business-case.js';
import { registryScope } from '../../domain/partnerships/partnership.js';
import { svgToPng } from '../../domain/synthesis/svg-png.js';
import {
  closeRound,
  listRounds,
  openRound,
  readRound,
  reportFrameworks,
  saveReport,
} from '../../store/repositories/benefit-reports.js';
import { countryData } from '../../store/country-data.js';
import {
  addInstitution,
  createPartnership,
  getPartnership,
  listInstitutions,
  listPartnerships,
  moveCycle,
  overrideSide,
} from '../../store/repositories/partnerships.js';
import {
  grantRegistryRole,
  readerCheck,
  registryAuditLog,
  registryGrants,
} from '../../store/repositories/registry-grants.js';
import {
  registryBusinessCase,
  registryFlow,
  registryMutuality,
  roundDivergence,
} from '../../store/repositories/two-way-store.js';
import { fail } from '../http-error.js';
import { htmlToPdf } from '../html-to-pdf.js';
import { AuditEventSchema, RoundSchema } from '../answers.js';
import { ERRORS, Id } from '../schemas.js';
import { registryActorOf } from './registry-actor.js';
import type { RouteContext } from './route-context.js';

const ScopeQuery = Type.Object({
  partnership: Type.Optional(Id),
  programme: Type.Optional(Type.String({ maxLength: 20 })),
  evidenceProject: Type.Optional(Id),
  format: Type.Optional(
    Type.String({
      maxLength: 10,
      description: 'json, html or pdf (the business case); json, svg or png (the flow)',
    }),
  ),
});
const ReportBody = Type.Object({
  report: Type.Unknown({
    description:
      'the report body: { benefits, costs, selfAssessment } (schema: /api/v1/schemas/benefit-report-v1.json, its report)',
  }),
  submit: Type.Optional(Type.Boolean()),
  reason: Type.Optional(Type.String({ maxLength: 2000 })),
});
const BODY_LIMIT = 8 * 1024 * 1024;

/**
 * The partnership registry and two-way benefit reporting: countries, institutions, partnerships, the cycle,
 * roles, rounds, each side's blind report, divergence, mutuality and the business case.
 */
export function registryRoutes({ store }: RouteContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    const scope = registryScope;

    app.get(
      '/countries/:country',
      {
        schema: {
          summary:
            'A country (ISO code or English name), its WHO region and its World Bank group on a date, with the rule and data year used',
          params: Type.Object({ country: Type.String({ maxLength: 100 }) }),
          querystring: Type.Object({ date: Type.Optional(Type.String({ maxLength: 10 })) }),
          response: { 200: Type.Unknown(), ...ERRORS },
        },
      },
      async (request) => {
        const { reference, history } = countryData();
        const country = findCountry(request.params.country, reference);
        if (!country) fail('E_NOT_FOUND', `"${request.params.country}" is no country Twoway knows`);
        return {
          country,
          classification: classify(history, country, request.query.date ?? String(new Date().getFullYear())),
        };
      },
    );

    app.get(
      '/institutions',
      {
        schema: {
          summary: 'Every institution of the registry',
          response: { 200: Type.Unknown(), ...ERRORS },
        },
      },
      async (request) => {
        await readerCheck(store, registryActorOf(request));
        return listInstitutions(store);
      },
    );
    app.post(
      '/institutions',
      {
        schema: {
          summary: 'Add an institution (coordinators)',
          body: Type.Object({
            name: Type.String({ maxLength: 500 }),
            type: Type.String({ maxLength: 20 }),
            country: Type.String({ maxLength: 100 }),
            city: Type.Optional(Type.String({ maxLength: 200 })),
            rorId: Type.Optional(Type.String({ maxLength: 100 })),
          }),
          response: { 200: Type.Unknown(), ...ERRORS },
        },
      },
      async (request) => addInstitution(store, request.body, registryActorOf(request)),
    );
    app.get(
      '/partnerships',
      {
        schema: {
          summary: 'Every partnership, its partners and their sides',
          response: { 200: Type.Unknown(), ...ERRORS },
        },
      },
      async (request) => {
        await readerCheck(store, registryActorOf(request));
        return listPartnerships(store);
      },
    );
    app.post(
      '/partnerships',
      {
        schema: {
          summary:
            'Create a partnership (coordinators): each side computed from its country at the start date',
          body: Type.Object({
            title: Type.String({ maxLength: 500 }),
            programme: Type.String({ maxLength: 20 }),
            startDate: Type.String({ maxLength: 10 }),
            endDate: Type.Optional(Type.String({ maxLength: 10 })),
            institutionIds: Type.Array(Id, { maxItems: 50 }),
            focusAreas: Type.Optional(Type.Array(Type.String({ maxLength: 80 }), { maxItems: 50 })),
            objectives: Type.Optional(Type.Array(Type.String({ maxLength: 80 }), { maxItems: 10 })),
            rule: Type.Optional(
              Type.Union(
                [
                  Type.Object({ kind: Type.Literal('world-bank-high-income') }),
                  Type.Object({
                    kind: Type.Literal('custom'),
                    label: Type.String({ maxLength: 200 }),
                    developed: Type.Array(Type.String({ maxLength: 100 }), { maxItems: 300 }),
                  }),
                ],
                {
                  description:
                    'who counts as high-income: World Bank high income in the start year (default), or a custom list of countries with its label',
                },
              ),
            ),
          }),
          response: { 200: Type.Unknown(), ...ERRORS },
        },
      },
      async (request) => createPartnership(store, request.body, registryActorOf(request)),
    );
    app.get(
      '/partnerships/:id',
      {
        schema: {
          summary: 'A partnership, its partners, its cycle and its rounds',
          params: Type.Object({ id: Id }),
          response: { 200: Type.Unknown(), ...ERRORS },
        },
      },
      async (request) => {
        await readerCheck(store, registryActorOf(request));
        return {
          ...(await getPartnership(store, request.params.id)),
          rounds: await listRounds(store, request.params.id),
        };
      },
    );
    app.post(
      '/partnerships/:id/cycle',
      {
        schema: {
          summary: 'Record a step of the APPS/TPI cycle (coordinators)',
          params: Type.Object({ id: Id }),
          body: Type.Object({
            step: Type.String({ maxLength: 80 }),
            date: Type.String({ maxLength: 10 }),
            note: Type.Optional(Type.String({ maxLength: 2000 })),
          }),
          response: { 200: Type.Unknown(), ...ERRORS },
        },
      },
      async (request) =>
        moveCycle(store, { partnershipId: request.params.id, ...request.body }, registryActorOf(request)),
    );
    app.put(
      '/partnerships/:id/sides/:institutionId',
      {
        schema: {
          summary: 'Override a partner’s computed side, with a reason (coordinators)',
          params: Type.Object({ id: Id, institutionId: Id }),
          body: Type.Object({
            side: Type.String({ maxLength: 30 }),
            reason: Type.String({ maxLength: 2000 }),
          }),
          response: { 200: Type.Unknown(), ...ERRORS },
        },
      },
      async (request) =>
        overrideSide(
          store,
          { partnershipId: request.params.id, institutionId: request.params.institutionId, ...request.body },
          registryActorOf(request),
        ),
    );
    app.get(
      '/registry/me',
      {
        schema: {
          summary: 'The signed-in account’s roles in the registry',
          response: { 200: Type.Unknown(), ...ERRORS },
        },
      },
      async (request) => {
        const actor = registryActorOf(request);
        return {
          admin: actor.admin,
          grants: (await registryGrants(store)).filter((g) => g.who === actor.name),
        };
      },
    );
    app.get(
      '/registry/audit',
      {
        schema: {
          summary: 'The registry’s audit log, newest first (coordinators); report events never carry content',
          querystring: Type.Object({
            before: Type.Optional(Type.Integer()),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
          }),
          response: { 200: Type.Array(AuditEventSchema), ...ERRORS },
        },
      },
      async (request) =>
        registryAuditLog(store, registryActorOf(request), {
          limit: request.query.limit ?? 100,
          ...(request.query.before === undefined ? {} : { before: request.query.before }),
        }),
    );
    app.post(
      '/registry/grants',
      {
        schema: {
          summary: 'Give someone a registry role (coordinators)',
          body: Type.Object({
            who: Type.String({ maxLength: 200 }),
            role: Type.String({ maxLength: 20 }),
            institutionId: Type.Optional(Id),
          }),
          response: { 200: Type.Unknown(), ...ERRORS },
        },
      },
      async (request) => grantRegistryRole(store, request.body, registryActorOf(request)),
    );
    app.post(
      '/partnerships/:id/rounds',
      {
        schema: {
          summary: 'Open a reporting round (coordinators)',
          params: Type.Object({ id: Id }),
          body: Type.Object({
            periodStart: Type.String({ maxLength: 10 }),
            periodEnd: Type.String({ maxLength: 10 }),
          }),
          response: { 200: RoundSchema, ...ERRORS },
        },
      },
      async (request) =>
        openRound(store, { partnershipId: request.params.id, ...request.body }, registryActorOf(request)),
    );
    app.get(
      '/rounds/:id',
      {
        schema: {
          summary:
            'A round: who has submitted, and the reports the signed-in account may read (blind until every partner has submitted or the round is closed)',
          params: Type.Object({ id: Id }),
          response: { 200: Type.Unknown(), ...ERRORS },
        },
      },
      async (request) => readRound(store, request.params.id, registryActorOf(request)),
    );
    app.post(
      '/rounds/:id/close',
      {
        schema: {
          summary: 'Close a round (coordinators)',
          params: Type.Object({ id: Id }),
          response: { 200: RoundSchema, ...ERRORS },
        },
      },
      async (request) => closeRound(store, request.params.id, registryActorOf(request)),
    );
    app.get(
      '/rounds/:id/divergence',
      {
        schema: {
          summary: 'Where the partners’ reports differ (once the round is open)',
          params: Type.Object({ id: Id }),
          response: { 200: Type.Unknown(), ...ERRORS },
        },
      },
      async (request) => roundDivergence(store, request.params.id, registryActorOf(request)),
    );
    app.put(
      '/rounds/:id/reports/:institutionId',
      {
        bodyLimit: BODY_LIMIT,
        schema: {
          summary:
            'Save the signed-in member’s institution’s report: a draft, a submission, or a correction with a reason',
          params: Type.Object({ id: Id, institutionId: Id }),
          body: ReportBody,
          response: { 200: Type.Unknown(), ...ERRORS },
        },
      },
      async (request) =>
        saveReport(
          store,
          {
            roundId: request.params.id,
            institutionId: request.params.institutionId,
            report: request.body.report,
            submit: Boolean(request.body.submit),
            ...(request.body.reason ? { reason: request.body.reason } : {}),
          },
          registryActorOf(request).name,
        ),
    );
    app.post(
      '/rounds/:id/reports/:institutionId/import',
      {
        bodyLimit: BODY_LIMIT,
        schema: {
          summary:
            'Import a "Twoway benefit report v1" document as the institution’s report (refused with every JSON pointer, nothing stored)',
          params: Type.Object({ id: Id, institutionId: Id }),
          body: Type.Object({ document: Type.Unknown(), submit: Type.Optional(Type.Boolean()) }),
          response: { 200: Type.Unknown(), ...ERRORS },
        },
      },
      async (request) => {
        const { benefits, principles } = reportFrameworks();
        assertNoFaults(
          'E_CODING_INVALID',
          'the benefit report',
          documentFaults(request.body.document, benefits, principles),
        );
        const doc = request.body.document as BenefitReportDocument;
        return saveReport(
          store,
          {
            roundId: request.params.id,
            institutionId: request.params.institutionId,
            report: doc.report,
            submit: Boolean(request.body.submit),
          },
          registryActorOf(request).name,
        );
      },
    );
    app.get(
      '/mutuality',
      {
        schema: {
          summary:
            'Benefits by direction and the mutuality index (its formula in the answer), from open rounds only',
          querystring: ScopeQuery,
          response: { 200: Type.Unknown(), ...ERRORS },
        },
      },
      async (request) => registryMutuality(store, registryActorOf(request), scope(request.query)),
    );
    app.get(
      '/benefit-flow',
      {
        schema: {
          summary:
            'The benefit flow (origin side → building block → gaining side) as json, svg or png, from open rounds only',
          querystring: ScopeQuery,
          response: { 200: Type.Unknown(), ...ERRORS },
        },
      },
      async (request, reply) => {
        const format = request.query.format ?? 'json';
        if (!['json', 'svg', 'png'].includes(format))
          fail('E_INVALID_REQUEST', `format ${format} is not one of json, svg, png`);
        const flow = await registryFlow(store, registryActorOf(request), scope(request.query));
        if (format === 'json') return flow;
        const svg = benefitFlowSvg(flow, `Benefit flow: ${flow.scope}`);
        if (format === 'svg') return reply.type('image/svg+xml; charset=utf-8').send(svg);
        return reply.type('image/png').send(Buffer.from(svgToPng(svg)));
      },
    );
    app.get(
      '/business-case',
      {
        schema: {
          summary:
            'The business case of a partnership, a programme or the registry (json, html, pdf), from open rounds only',
          querystring: ScopeQuery,
          response: { 200: Type.Unknown(), ...ERRORS },
        },
      },
      async (request, reply) => {
        const format = request.query.format ?? 'json';
        if (!['json', 'html', 'pdf'].includes(format))
          fail('E_INVALID_REQUEST', `format ${format} is not one of json, html, pdf`);
        const bc = await registryBusinessCase(store, registryActorOf(request), scope(request.query));
        if (format === 'json') return reply.type('application/json').send(businessCaseJson(bc));
        const html = businessCaseHtml(bc, new Date().toISOString());
        if (format === 'html') return reply.type('text/html; charset=utf-8').send(html);
        return reply.type('application/pdf').send(Buffer.from(await htmlToPdf(html)));
      },
    );
  };
}
