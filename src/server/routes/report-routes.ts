import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { formatById, WRITABLE_FORMATS } from '../../domain/formats/index.js';
import { prismaTemplateCsv } from '../../domain/synthesis/prisma.js';
import { svgToPng } from '../../domain/synthesis/svg-png.js';
import { renderPrismaSvg } from '../../domain/synthesis/prisma-svg.js';
import { exportableRecords } from '../../store/repositories/export-records.js';
import { withReview } from '../../domain/screening/review-export.js';
import { computePrisma } from '../../store/repositories/prisma-store.js';
import { ANY_MEMBER, projectAccess } from '../access.js';
import { fail } from '../http-error.js';
import { ERRORS, ProjectParams } from '../schemas.js';
import type { RouteContext } from './route-context.js';

/**
 * The Content-Disposition of a download named after the project (RFC 6266): the title reduced to letters and
 * digits as `filename*` in UTF-8 (RFC 5987), and an ASCII fallback as `filename`. A header holding letters
 * outside Latin-1 (Cyrillic, Greek, CJK titles) made every export and PRISMA download answer 500.
 * @example attachment('Партнёрства больниц', 'ris') // attachment; filename="twoway.ris"; filename*=UTF-8''%D0%9F…
 */
export function attachment(title: string, extension: string): string {
  return `attachment; ${attachmentName(title, extension)}`;
}

/** The file name parameters of a Content-Disposition header: an ASCII name and the UTF-8 one (RFC 6266). */
export function attachmentName(title: string, extension: string): string {
  const base =
    title
      .normalize('NFC')
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'twoway';
  const ascii =
    base
      .normalize('NFD')
      .replace(/[^A-Za-z0-9-]+/g, '')
      .replace(/^-+|-+$/g, '') || 'twoway';
  return `filename="${ascii}.${extension}"; filename*=UTF-8''${encodeURIComponent(`${base}.${extension}`)}`;
}

/** Reports: the PRISMA 2020 flow (JSON, CSV template, SVG, PNG) and exports in any writer format. */
export function reportRoutes({ store }: RouteContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/projects/:projectId/prisma',
      {
        schema: {
          summary:
            'PRISMA 2020 counts (json), the PRISMA2020 R template (csv), or the flow diagram (svg, png)',
          params: ProjectParams,
          querystring: Type.Object({
            format: Type.Optional(
              Type.Union([
                Type.Literal('json'),
                Type.Literal('csv'),
                Type.Literal('svg'),
                Type.Literal('png'),
              ]),
            ),
            download: Type.Optional(Type.Boolean()),
          }),
          response: { 200: Type.Unknown(), ...ERRORS },
        },
      },
      async (request, reply) => {
        const { project } = await projectAccess(store, request, request.params.projectId, ANY_MEMBER);
        const counts = await computePrisma(store, project.id);
        const format = request.query.format ?? 'json';
        if (request.query.download)
          void reply.header('content-disposition', attachment(project.title, format));
        if (format === 'json') return reply.type('application/json').send(JSON.stringify(counts));
        if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(prismaTemplateCsv(counts));
        const svg = renderPrismaSvg(counts, `PRISMA 2020 flow diagram: ${project.title}`);
        if (format === 'svg') return reply.type('image/svg+xml; charset=utf-8').send(svg);
        return reply.type('image/png').send(Buffer.from(svgToPng(svg)));
      },
    );

    app.get(
      '/projects/:projectId/export',
      {
        schema: {
          summary:
            'Export the records (duplicates merged) in any writer format, optionally only those included at a stage',
          params: ProjectParams,
          querystring: Type.Object({
            format: Type.Union(WRITABLE_FORMATS.map((f) => Type.Literal(f))),
            stage: Type.Optional(
              Type.Union([
                Type.Literal('title-abstract'),
                Type.Literal('full-text'),
                Type.Literal('included'),
              ]),
            ),
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
        const writer = formatById(request.query.format);
        if (!writer) fail('E_INVALID_REQUEST', `Twoway cannot write "${request.query.format}"`);
        const exported = await exportableRecords(store, project.id, {
          ...(request.query.stage ? { stage: request.query.stage } : {}),
          viewer: account.username,
        });
        const { records, options } = withReview(exported, writer.id);
        let text = '';
        for await (const chunk of writer.write(records, options)) text += chunk;
        const extension = writer.extensions[0]?.replace(/^\./, '') ?? 'txt';
        return reply
          .type('text/plain; charset=utf-8')
          .header('content-disposition', attachment(project.title, extension))
          .send(text);
      },
    );
  };
}
