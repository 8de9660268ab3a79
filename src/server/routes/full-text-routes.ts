import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { MAX_FULL_TEXT_BYTES } from '../../domain/screening/full-text.js';
import {
  attachFullText,
  attachFullTextsByName,
  fullTextContent,
  projectFullTexts,
  removeFullText,
} from '../../store/repositories/full-text-store.js';
import { ANY_MEMBER, projectAccess, SCREENERS } from '../access.js';
import { fail } from '../http-error.js';
import { BulkFullTextSchema, FullTextFileSchema } from '../answers.js';
import { ERRORS, ProjectParams, RecordParams } from '../schemas.js';
import { attachmentName } from './report-routes.js';
import type { RouteContext } from './route-context.js';
import { safeFileName } from './work-routes.js';

/** The files of a multipart request, read whole (PDFs are checked whole), within the request's byte budget. */
async function uploadedFiles(
  request: FastifyRequest,
  limits: { fileBytes: number; files: number; totalBytes: number },
): Promise<{ fileName: string; content: Buffer }[]> {
  if (!request.isMultipart()) fail('E_INVALID_REQUEST', 'send the PDF files as multipart/form-data');
  const files: { fileName: string; content: Buffer }[] = [];
  let total = 0;
  for await (const part of request.parts({
    limits: { fileSize: limits.fileBytes, files: limits.files, fields: 5 },
  })) {
    if (part.type !== 'file') continue;
    const fileName = safeFileName(part.filename);
    const content = await part.toBuffer();
    total += content.length;
    if (total > limits.totalBytes)
      fail(
        'E_TOO_LARGE',
        `the files sent together are larger than ${limits.totalBytes} bytes: send them in parts`,
      );
    files.push({ fileName, content });
  }
  if (files.length === 0) fail('E_INVALID_REQUEST', 'no file was sent');
  return files;
}

/** Full texts: a record's PDF (attach, read, take off), the project's list, and bulk attach by file name. */
export function fullTextRoutes({ store, maxUploadBytes }: RouteContext): FastifyPluginAsyncTypebox {
  const fileBytes = Math.min(maxUploadBytes, MAX_FULL_TEXT_BYTES);
  return async (app) => {
    app.put(
      '/projects/:projectId/records/:recordId/full-text',
      {
        schema: {
          summary:
            'Attach a PDF to a record (multipart/form-data, one file; replaces the one it had): checked as a whole PDF, at most 100 MB, kept in the database by SHA-256; the report counts as retrieved; screeners; audited',
          params: RecordParams,
          consumes: ['multipart/form-data'],
          response: { 200: FullTextFileSchema, ...ERRORS },
        },
      },
      async (request) => {
        const { account, project } = await projectAccess(store, request, request.params.projectId, SCREENERS);
        const [file, ...more] = await uploadedFiles(request, { fileBytes, files: 2, totalBytes: fileBytes });
        if (more.length > 0)
          fail('E_INVALID_REQUEST', 'send one PDF for a record (bulk attach: POST …/full-texts)');
        return attachFullText(store, {
          project,
          actor: account.username,
          recordId: request.params.recordId,
          fileName: file!.fileName,
          content: file!.content,
          maxBytes: fileBytes,
        });
      },
    );

    app.get(
      '/projects/:projectId/records/:recordId/full-text',
      {
        schema: {
          summary:
            'A record’s PDF (application/pdf; download=true for a file to save); every member reads it',
          params: RecordParams,
          querystring: Type.Object({ download: Type.Optional(Type.Boolean()) }),
          response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), ...ERRORS },
        },
      },
      async (request, reply) => {
        const { account, project } = await projectAccess(
          store,
          request,
          request.params.projectId,
          ANY_MEMBER,
        );
        const { file, content } = await fullTextContent(
          store,
          project,
          account.username,
          request.params.recordId,
        );
        const name = file.fileName.replace(/\.pdf$/i, '');
        return reply
          .type('application/pdf')
          .header(
            'content-disposition',
            `${request.query.download ? 'attachment' : 'inline'}; ${attachmentName(name, 'pdf')}`,
          )
          .header('cache-control', 'private, max-age=0')
          .send(content);
      },
    );

    app.delete(
      '/projects/:projectId/records/:recordId/full-text',
      {
        schema: {
          summary: 'Take a record’s PDF off (screeners; audited); its retrieval stays as said',
          params: RecordParams,
          response: { 200: FullTextFileSchema, ...ERRORS },
        },
      },
      async (request) => {
        const { account, project } = await projectAccess(store, request, request.params.projectId, SCREENERS);
        return removeFullText(store, { project, actor: account.username, recordId: request.params.recordId });
      },
    );

    app.get(
      '/projects/:projectId/full-texts',
      {
        schema: {
          summary: 'The project’s attached PDFs, by record',
          params: ProjectParams,
          response: { 200: Type.Array(FullTextFileSchema), ...ERRORS },
        },
      },
      async (request) => {
        const { account, project } = await projectAccess(
          store,
          request,
          request.params.projectId,
          ANY_MEMBER,
        );
        return projectFullTexts(store, project, account.username);
      },
    );

    app.post(
      '/projects/:projectId/full-texts',
      {
        schema: {
          summary:
            'Attach many PDFs at once (multipart/form-data, up to 200 files, 1 GB together), each to the record whose DOI, PMID or PMCID its file name gives; the others are skipped with the reason; screeners; audited',
          params: ProjectParams,
          consumes: ['multipart/form-data'],
          response: { 200: BulkFullTextSchema, ...ERRORS },
        },
      },
      async (request) => {
        const { account, project } = await projectAccess(store, request, request.params.projectId, SCREENERS);
        const files = await uploadedFiles(request, { fileBytes, files: 200, totalBytes: 1024 ** 3 });
        return attachFullTextsByName(store, { project, actor: account.username, files, maxBytes: fileBytes });
      },
    );
  };
}
