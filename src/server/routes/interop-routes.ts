import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { organisationRefsOf } from '../../domain/interop/iati.js';
import { registryScope } from '../../domain/partnerships/partnership.js';
import { readSubmissions } from '../../domain/interop/odk-submissions.js';
import { assertValidIati } from '../../store/iati-schema.js';
import {
  importSubmissions,
  partnershipXlsform,
  registryIati,
  roundDhis2,
  roundDhis2Template,
} from '../../store/repositories/interop-store.js';
import { ERRORS, Id } from '../schemas.js';
import { registryActorOf } from './registry-actor.js';
import type { RouteContext } from './route-context.js';

const SUBMISSIONS_LIMIT = 50 * 1024 * 1024;

/**
 * The registry in other systems' formats: IATI activity files, DHIS2 data value sets, the benefit report as
 * an XLSForm and its ODK Central / KoboToolbox submissions back as reports.
 */
export function interopRoutes({ store }: RouteContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    const scope = registryScope;
    app.get(
      '/partnerships/:id/xlsform',
      {
        schema: {
          summary: 'The benefit report of a partnership as an XLSForm workbook (ODK Collect, KoboToolbox)',
          params: Type.Object({ id: Id }),
          response: { 200: Type.Unknown(), ...ERRORS },
        },
      },
      async (request, reply) => {
        const bytes = await partnershipXlsform(store, request.params.id, registryActorOf(request));
        return reply
          .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', `attachment; filename="benefit-report-${request.params.id}.xlsx"`)
          .send(Buffer.from(bytes));
      },
    );
    app.post(
      '/submissions',
      {
        bodyLimit: SUBMISSIONS_LIMIT,
        schema: {
          summary:
            'Import the XLSForm’s submissions as reports, all or nothing (ODK Central CSV tables or KoboToolbox / Central JSON), each fault with its file:row',
          body: Type.Object({
            files: Type.Array(Type.Object({ name: Type.String({ maxLength: 300 }), text: Type.String() }), {
              minItems: 1,
              maxItems: 20,
            }),
            submit: Type.Optional(Type.Boolean()),
          }),
          response: { 200: Type.Unknown(), ...ERRORS },
        },
      },
      async (request) =>
        importSubmissions(store, readSubmissions(request.body.files), registryActorOf(request).name, {
          submit: Boolean(request.body.submit),
        }),
    );
    app.post(
      '/rounds/:id/dhis2',
      {
        schema: {
          summary:
            'A round’s reports as a DHIS2 data value set under a mapping (schema: /api/v1/schemas/dhis2-mapping.json); the round must be open',
          params: Type.Object({ id: Id }),
          body: Type.Object({ mapping: Type.Unknown() }),
          response: { 200: Type.Unknown(), ...ERRORS },
        },
      },
      async (request) => roundDhis2(store, request.params.id, registryActorOf(request), request.body.mapping),
    );
    app.get(
      '/rounds/:id/dhis2-template',
      {
        schema: {
          summary:
            'A DHIS2 mapping to fill in: every org unit, count key and indicator the round’s data needs',
          params: Type.Object({ id: Id }),
          response: { 200: Type.Unknown(), ...ERRORS },
        },
      },
      async (request) => roundDhis2Template(store, request.params.id, registryActorOf(request)),
    );
    app.get(
      '/iati',
      {
        schema: {
          summary:
            'The partnerships as an IATI activity file (2.03, validated against the standard’s schema), indicators from open rounds as results',
          querystring: Type.Object({
            partnership: Type.Optional(Id),
            programme: Type.Optional(Type.String({ maxLength: 20 })),
            reportingOrgRef: Type.String({
              maxLength: 200,
              description: 'your organisation’s IATI identifier',
            }),
            reportingOrgName: Type.String({ maxLength: 500 }),
            reportingOrgType: Type.String({ maxLength: 2, description: 'an OrganisationType code, e.g. 21' }),
            orgRefs: Type.Optional(
              Type.String({
                maxLength: 20000,
                description: 'partners’ IATI identifiers: institution=identifier, comma-separated',
              }),
            ),
          }),
          response: { 200: Type.String(), ...ERRORS },
        },
      },
      async (request, reply) => {
        const q = request.query;
        const xml = await registryIati(store, registryActorOf(request), scope(q), {
          reportingOrg: { ref: q.reportingOrgRef, name: q.reportingOrgName, type: q.reportingOrgType },
          organisationRefs: organisationRefsOf(q.orgRefs ? q.orgRefs.split(',') : []),
          generatedAt: new Date().toISOString(),
        });
        await assertValidIati(xml);
        return reply.type('application/xml; charset=utf-8').send(xml);
      },
    );
  };
}
