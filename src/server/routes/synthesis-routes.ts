import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { MapRequest } from '../../domain/synthesis/evidence-map.js';
import { evidenceMapData } from '../../domain/synthesis/evidence-map.js';
import { reviewReportHtml } from '../../domain/synthesis/review-report.js';
import {
  SYNTHESIS_FORMATS,
  SYNTHESIS_KINDS,
  synthesisOutput,
  type SynthesisFormat,
} from '../../domain/synthesis/synthesis-output.js';
import { reviewReportInput } from '../../store/repositories/report-store.js';
import { synthesisInput } from '../../store/repositories/synthesis-store.js';
import { ANY_MEMBER, projectAccess } from '../access.js';
import { fail } from '../http-error.js';
import { htmlToPdf } from '../html-to-pdf.js';
import { ERRORS, ProjectParams } from '../schemas.js';
import { attachment } from './report-routes.js';
import type { RouteContext } from './route-context.js';

const SynthesisQuery = Type.Object({
  format: Type.Optional(Type.String({ maxLength: 10 })),
  download: Type.Optional(Type.Boolean()),
  rows: Type.Optional(Type.String({ maxLength: 100 })),
  cols: Type.Optional(Type.String({ maxLength: 100 })),
  segment: Type.Optional(Type.String({ maxLength: 100, description: 'an axis, or "none"' })),
  filter: Type.Optional(
    Type.Array(Type.String({ maxLength: 200 }), { maxItems: 50, description: 'axis=code, repeatable' }),
  ),
  yearFrom: Type.Optional(Type.Integer({ minimum: 1000, maximum: 2200 })),
  yearTo: Type.Optional(Type.Integer({ minimum: 1000, maximum: 2200 })),
  limit: Type.Optional(
    Type.Integer({
      minimum: 0,
      maximum: 100_000,
      description: 'JSON tables: at most this many benefits a row',
    }),
  ),
});

/** The query string as the synthesis takes it: axes, code filters, years. */
function mapRequest(query: {
  rows?: string;
  cols?: string;
  segment?: string;
  filter?: string[];
  yearFrom?: number;
  yearTo?: number;
}): MapRequest {
  const codes: Record<string, string[]> = {};
  for (const f of query.filter ?? []) {
    const at = f.lastIndexOf('=');
    if (at <= 0) fail('E_INVALID_REQUEST', `filter takes axis=code, not "${f}"`);
    (codes[f.slice(0, at)] ??= []).push(f.slice(at + 1));
  }
  return {
    codes,
    ...(query.rows ? { rows: query.rows } : {}),
    ...(query.cols ? { cols: query.cols } : {}),
    ...(query.segment ? { segment: query.segment === 'none' ? null : query.segment } : {}),
    ...(query.yearFrom === undefined ? {} : { yearFrom: query.yearFrom }),
    ...(query.yearTo === undefined ? {} : { yearTo: query.yearTo }),
  };
}

/** The synthesis (tables, the map, its data for the page) and the review report. Any member may read them. */
export function synthesisRoutes({ store }: RouteContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    for (const kind of SYNTHESIS_KINDS) {
      const formats: readonly string[] = SYNTHESIS_FORMATS[kind];
      app.get(
        `/projects/:projectId/synthesis/${kind}`,
        {
          schema: {
            summary: `The ${kind === 'map' ? 'evidence and gap map' : kind === 'table' ? 'building-block table' : kind === 'areas' ? 'learning-area table' : 'benefit items'}, from the consensus codings (${formats.join(', ')})`,
            params: ProjectParams,
            querystring: SynthesisQuery,
            response: { 200: Type.Unknown(), ...ERRORS },
          },
        },
        async (request, reply) => {
          const { account, project } = await projectAccess(
            store,
            request,
            request.params.projectId,
            ANY_MEMBER,
          );
          const format = request.query.format ?? 'json';
          if (!formats.includes(format))
            fail('E_INVALID_REQUEST', `format ${format} is not one of ${formats.join(', ')}`);
          const { input, about } = await synthesisInput(store, project.id, account.username);
          let output;
          try {
            output = await synthesisOutput(
              kind,
              format as SynthesisFormat,
              input,
              about,
              mapRequest(request.query),
              {
                ...(request.query.limit === undefined ? {} : { benefitsPerRow: request.query.limit }),
                // a page reads compact JSON; a download is indented for people to read
                compact: !request.query.download,
              },
            );
          } catch (error) {
            if (error instanceof RangeError) fail('E_INVALID_REQUEST', error.message);
            throw error;
          }
          if (request.query.download)
            void reply.header(
              'content-disposition',
              attachment(`${project.title} ${kind}`, output.extension),
            );
          return reply
            .type(output.contentType)
            .send(typeof output.body === 'string' ? output.body : Buffer.from(output.body));
        },
      );
    }

    app.get(
      '/projects/:projectId/synthesis/map-data',
      {
        schema: {
          summary:
            'The compact data of the evidence map (axes, studies, items), for the page to count and draw with',
          params: ProjectParams,
          response: { 200: Type.Unknown(), ...ERRORS },
        },
      },
      async (request, reply) => {
        const { account, project } = await projectAccess(
          store,
          request,
          request.params.projectId,
          ANY_MEMBER,
        );
        const { input } = await synthesisInput(store, project.id, account.username);
        return reply.type('application/json').send(JSON.stringify(evidenceMapData(input)));
      },
    );

    app.get(
      '/projects/:projectId/report',
      {
        schema: {
          summary:
            'The review report: methods from the stored protocol and searches, PRISMA 2020, agreement, tables, the map (html, or pdf through the system Chromium)',
          params: ProjectParams,
          querystring: Type.Object({
            // checked after the access check, as the synthesis formats are: a non-member learns nothing of it
            format: Type.Optional(Type.String({ maxLength: 10, description: 'html or pdf' })),
            download: Type.Optional(Type.Boolean()),
          }),
          response: { 200: Type.Unknown(), ...ERRORS },
        },
      },
      async (request, reply) => {
        const { account, project } = await projectAccess(
          store,
          request,
          request.params.projectId,
          ANY_MEMBER,
        );
        const html = reviewReportHtml(await reviewReportInput(store, project.id, account.username));
        const format = request.query.format ?? 'html';
        if (format !== 'html' && format !== 'pdf')
          fail('E_INVALID_REQUEST', `format ${format} is not one of html, pdf`);
        if (request.query.download)
          void reply.header('content-disposition', attachment(`${project.title} report`, format));
        if (format === 'html') return reply.type('text/html; charset=utf-8').send(html);
        return reply.type('application/pdf').send(Buffer.from(await htmlToPdf(html)));
      },
    );
  };
}
