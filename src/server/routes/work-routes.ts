import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { TwowayError } from '../../domain/errors.js';
import { resolveSource } from '../../domain/synthesis/sources.js';
import { audit } from '../../store/repositories/audit-log.js';
import {
  activeClusters,
  markNotDuplicates,
  mergeRecords,
  reviewQueue,
  undoCluster,
} from '../../store/repositories/dedupe-store.js';
import { runInBackground } from '../../store/jobs/background-work.js';
import { RUN_DATE } from '../../store/import/imports.js';
import { ANY_MEMBER, OWNERS, projectAccess, SCREENERS } from '../access.js';
import { fail } from '../http-error.js';
import { recordView } from '../record-view.js';
import { ERRORS, ProjectParams } from '../schemas.js';
import { DuplicatesSchema, JobSchema, type Job } from '../answers.js';
import type { RouteContext } from './route-context.js';

/** The source an upload names, as the store will keep it; a request the API refuses when Twoway knows no such source. */
function requestedSource(name: string, plannedSources: readonly string[]): string {
  try {
    return resolveSource(name, plannedSources);
  } catch (error) {
    if (error instanceof TwowayError) fail('E_INVALID_REQUEST', error.message);
    throw error;
  }
}

/** A file name safe to keep on disk and show: its last path part, without control characters. */
export function safeFileName(name: string): string {
  const clean = basename(name.replace(/\\/g, '/'))
    // eslint-disable-next-line no-control-regex -- control characters are what is removed
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim();
  return clean && clean !== '.' && clean !== '..' ? clean.slice(0, 200) : 'upload';
}

/** Long work: imports (uploads) and deduplication run as jobs; the duplicate review queue and its decisions. */
export function workRoutes({
  store,
  jobs,
  retrainer,
  uploadDir,
  maxUploadBytes,
}: RouteContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/projects/:projectId/imports',
      {
        schema: {
          summary:
            'Upload one or many files (multipart/form-data: fields source, query, runDate, force, rerunOf — the search a living review runs again, deduplicated at once — then the files); each is imported by a job',
          params: ProjectParams,
          consumes: ['multipart/form-data'],
          response: { 200: Type.Array(JobSchema), ...ERRORS },
        },
      },
      async (request) => {
        const { account, project } = await projectAccess(store, request, request.params.projectId, OWNERS);
        if (!request.isMultipart()) fail('E_INVALID_REQUEST', 'send the files as multipart/form-data');
        await mkdir(uploadDir, { recursive: true });
        const fields: Record<string, string> = {};
        const files: { path: string; name: string; dir: string }[] = [];
        // once the jobs have the files, they remove them; before that, a failed request removes them here
        let handedOver = false;
        try {
          for await (const part of request.parts({
            limits: { fileSize: maxUploadBytes, files: 50, fields: 20 },
          })) {
            if (part.type === 'field') fields[part.fieldname] = String(part.value);
            else {
              const dir = await mkdtemp(join(uploadDir, 'upload-'));
              const name = safeFileName(part.filename);
              const path = join(dir, name);
              files.push({ path, name, dir });
              await pipeline(part.file, createWriteStream(path));
              if (part.file.truncated) fail('E_TOO_LARGE', `${name} is larger than ${maxUploadBytes} bytes`);
            }
          }
          // the store checks it again in the job; asked here, a misspelt source is answered before any work
          const source = requestedSource(fields.source ?? '', project.protocol.plannedSources);
          if (fields.runDate && !RUN_DATE.test(fields.runDate))
            fail('E_INVALID_REQUEST', `runDate takes YYYY-MM-DD, not "${fields.runDate}"`);
          if (files.length === 0) fail('E_INVALID_REQUEST', 'no file was sent');
          if (fields.rerunOf && !/^[1-9]\d{0,9}$/.test(fields.rerunOf))
            fail('E_INVALID_REQUEST', `rerunOf takes a search id, not "${fields.rerunOf}"`);
          const started: Job[] = [];
          handedOver = true;
          for (const file of files)
            started.push(
              jobs.start(
                { kind: 'import', projectId: project.id, startedBy: account.username, label: file.name },
                async (progress) => {
                  try {
                    const result = await runInBackground(
                      store,
                      {
                        kind: 'import',
                        options: {
                          projectId: project.id,
                          path: file.path,
                          source,
                          ...(fields.query ? { query: fields.query } : {}),
                          ...(fields.runDate ? { runDate: fields.runDate } : {}),
                          ...(fields.force === 'true' ? { force: true } : {}),
                          ...(fields.rerunOf ? { rerunOf: Number(fields.rerunOf) } : {}),
                        },
                        reviewer: account.username,
                      },
                      progress,
                    );
                    await audit(store, {
                      projectId: project.id,
                      actor: account.username,
                      action: 'import',
                      detail: {
                        file: file.name,
                        source,
                        records: result.recordsRead,
                        searchId: result.searchId,
                        ...(result.rerunOf !== null ? { rerunOf: result.rerunOf } : {}),
                      },
                    });
                    retrainer.schedule(project.id);
                    return result;
                  } catch (error) {
                    // the error names the file as the user knows it, not the upload's place on the server
                    if (error instanceof TwowayError) error.file = file.name;
                    throw error;
                  } finally {
                    await rm(file.dir, { recursive: true, force: true });
                  }
                },
              ),
            );
          return started;
        } catch (error) {
          if (!handedOver) for (const f of files) await rm(f.dir, { recursive: true, force: true });
          throw error;
        }
      },
    );

    app.get(
      '/projects/:projectId/jobs',
      {
        schema: {
          summary: 'The project’s recent jobs, newest first',
          params: ProjectParams,
          response: { 200: Type.Array(JobSchema), ...ERRORS },
        },
      },
      async (request) => {
        await projectAccess(store, request, request.params.projectId, ANY_MEMBER);
        return jobs.list(request.params.projectId);
      },
    );

    app.get(
      '/jobs/:jobId',
      {
        schema: {
          summary: 'A job’s state, progress and result',
          params: Type.Object({ jobId: Type.Integer({ minimum: 1 }) }),
          response: { 200: JobSchema, ...ERRORS },
        },
      },
      async (request) => {
        const job = jobs.get(request.params.jobId);
        // another project's job is no job to an outsider (the refusal named the project before)
        const member =
          job && (await projectAccess(store, request, job.projectId, ANY_MEMBER).catch(() => undefined));
        if (!job || !member) fail('E_NOT_FOUND', `there is no job ${request.params.jobId}`);
        return job;
      },
    );

    app.post(
      '/projects/:projectId/dedupe',
      {
        schema: {
          summary: 'Find duplicates (a job); with auto, merge the certain ones and refresh the review queue',
          params: ProjectParams,
          body: Type.Object({ auto: Type.Boolean() }),
          response: { 200: JobSchema, ...ERRORS },
        },
      },
      async (request) => {
        const { account, project } = await projectAccess(store, request, request.params.projectId, OWNERS);
        return jobs.start(
          { kind: 'dedupe', projectId: project.id, startedBy: account.username, label: 'deduplication' },
          async () => {
            const summary = await runInBackground(store, {
              kind: 'dedupe',
              projectId: project.id,
              apply: request.body.auto,
              reviewer: account.username,
            });
            await audit(store, {
              projectId: project.id,
              actor: account.username,
              action: 'dedupe.run',
              detail: { ...summary },
            });
            return summary;
          },
        );
      },
    );

    app.get(
      '/projects/:projectId/duplicates',
      {
        schema: {
          summary: 'The duplicate review queue (pairs side by side) and the clusters merged so far',
          params: ProjectParams,
          response: {
            200: DuplicatesSchema,
            ...ERRORS,
          },
        },
      },
      async (request) => {
        await projectAccess(store, request, request.params.projectId, ANY_MEMBER);
        const pairs = await reviewQueue(store, request.params.projectId);
        const clusters = await activeClusters(store, request.params.projectId);
        return {
          pairs: pairs.map((p) => ({
            a: recordView(p.a.id, p.a.record),
            b: recordView(p.b.id, p.b.record),
            score: p.score,
            reasons: p.reasons,
          })),
          clusters: clusters.map((c) => ({
            id: c.id,
            canonicalRecordId: c.canonicalRecordId,
            rule: c.rule,
            score: c.score,
            automatic: c.automatic,
            members: c.members.map((m) => m.recordId),
          })),
        };
      },
    );

    app.post(
      '/projects/:projectId/duplicates/merge',
      {
        schema: {
          summary: 'Merge records into one duplicate cluster',
          params: ProjectParams,
          body: Type.Object({
            recordIds: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 2, maxItems: 100 }),
          }),
          response: { 200: Type.Object({ clusterId: Type.Integer() }), ...ERRORS },
        },
      },
      async (request) => {
        const { account, project } = await projectAccess(store, request, request.params.projectId, SCREENERS);
        const clusterId = await mergeRecords(store, project.id, request.body.recordIds, account.username);
        await audit(store, {
          projectId: project.id,
          actor: account.username,
          action: 'dedupe.merge',
          detail: { clusterId, recordIds: request.body.recordIds },
        });
        return { clusterId };
      },
    );

    app.post(
      '/projects/:projectId/duplicates/not-duplicate',
      {
        schema: {
          summary:
            'Remember that two records are not duplicates (a, b), or that none of many pairs is (pairs: a group of the review queue dismissed at once; all or none)',
          params: ProjectParams,
          body: Type.Object({
            a: Type.Optional(Type.Integer({ minimum: 1 })),
            b: Type.Optional(Type.Integer({ minimum: 1 })),
            pairs: Type.Optional(
              Type.Array(Type.Object({ a: Type.Integer({ minimum: 1 }), b: Type.Integer({ minimum: 1 }) }), {
                minItems: 1,
                maxItems: 5000,
              }),
            ),
          }),
          response: { 204: Type.Null(), ...ERRORS },
        },
      },
      async (request, reply) => {
        const { account, project } = await projectAccess(store, request, request.params.projectId, SCREENERS);
        const { a, b, pairs } = request.body;
        if ((a === undefined || b === undefined) === (pairs === undefined))
          fail('E_INVALID_REQUEST', 'give one pair as a and b, or many as pairs');
        const all = pairs ? pairs.map((p) => [p.a, p.b] as const) : [[a!, b!] as const];
        await markNotDuplicates(store, project.id, all, account.username);
        await audit(store, {
          projectId: project.id,
          actor: account.username,
          action: 'dedupe.not-duplicate',
          detail: pairs ? { pairs: pairs.length, first: pairs.slice(0, 100) } : { a, b },
        });
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/projects/:projectId/duplicates/:clusterId/undo',
      {
        schema: {
          summary: 'Undo a merge (the cluster stays as history)',
          params: Type.Object({
            projectId: Type.Integer({ minimum: 1 }),
            clusterId: Type.Integer({ minimum: 1 }),
          }),
          response: { 204: Type.Null(), ...ERRORS },
        },
      },
      async (request, reply) => {
        const { account, project } = await projectAccess(store, request, request.params.projectId, SCREENERS);
        await undoCluster(store, project.id, request.params.clusterId, account.username);
        await audit(store, {
          projectId: project.id,
          actor: account.username,
          action: 'dedupe.undo',
          detail: { clusterId: request.params.clusterId },
        });
        return reply.status(204).send(null);
      },
    );
  };
}
