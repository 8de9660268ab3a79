import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { codingSheetCsv } from '../../domain/codebook/coding-sheet-files.js';
import { provenanceTable, rankingTable, type Table } from '../../domain/prioritise/export-tables.js';
import { PRESETS } from '../../domain/prioritise/presets.js';
import { screeningCurveSvg } from '../../domain/prioritise/recall-curve-svg.js';
import type { SimulationRequest } from '../../domain/prioritise/simulation-report.js';
import { simulationSettings } from '../../domain/prioritise/simulation-report.js';
import { svgToPng } from '../../domain/synthesis/svg-png.js';
import { runInBackground } from '../../store/jobs/background-work.js';
import { audit } from '../../store/repositories/audit-log.js';
import {
  decisionProvenance,
  isPrioritised,
  latestModel,
  priorMarks,
  ranking,
  setPriorMark,
} from '../../store/repositories/prioritisation-store.js';
import {
  projectScreeningEstimate,
  recordScreeningStop,
  screeningStops,
} from '../../store/repositories/stopping-store.js';
import { ANY_MEMBER, OWNERS, projectAccess, SCREENERS } from '../access.js';
import {
  JobSchema,
  PrioritisationSchema,
  RetrainResultSchema,
  ScreeningStopSchema,
  type Job,
} from '../answers.js';
import { fail } from '../http-error.js';
import { ERRORS, ProjectParams, RecordParams } from '../schemas.js';
import { attachment } from './report-routes.js';
import { safeFileName } from './work-routes.js';
import type { Project } from '../../store/repositories/projects.js';
import type { RouteContext } from './route-context.js';

const TableFormat = Type.Optional(Type.Union([Type.Literal('csv'), Type.Literal('json')]));

/** Rows as JSON, or their table as CSV (a download, cells safe for spreadsheets). */
function sendTable<T>(
  reply: FastifyReply,
  format: 'csv' | 'json' | undefined,
  title: string,
  rows: readonly T[],
  asTable: (rows: readonly T[]) => Table,
): FastifyReply {
  if (format !== 'csv') return reply.type('application/json').send(JSON.stringify(rows));
  void reply.header('content-disposition', attachment(title, 'csv'));
  const { columns, rows: cells } = asTable(rows);
  return reply.type('text/csv; charset=utf-8').send(codingSheetCsv(columns, cells));
}

/** Numbers a simulation upload's fields may carry, with their defaults. */
function simulationRequest(fields: Record<string, string>): SimulationRequest {
  const whole = (name: string, fallback: number): number => {
    const value = fields[name];
    if (value === undefined || value === '') return fallback;
    if (!/^\d+$/.test(value)) fail('E_INVALID_REQUEST', `${name} takes a whole number, not "${value}"`);
    return Number(value);
  };
  const share = (name: string, fallback: number): number => {
    const value = fields[name];
    if (value === undefined || value === '') return fallback;
    const n = Number(value);
    if (!(n > 0 && n < 1))
      fail('E_INVALID_REQUEST', `${name} takes a number between 0 and 1, not "${value}"`);
    return n;
  };
  const label = fields.label ?? 'included';
  if (label !== 'included' && label !== 'abstract')
    fail('E_INVALID_REQUEST', `label takes included or abstract, not "${label}"`);
  return {
    preset: fields.preset || PRESETS[0]!.name,
    seeds: whole('seeds', 5),
    priorIncluded: whole('priorIncluded', 1),
    priorExcluded: whole('priorExcluded', 1),
    label,
    targetRecall: share('targetRecall', 0.95),
    confidence: share('confidence', 0.95),
  };
}

/** Prioritisation: the ranking and its model, prior knowledge, the stopping estimate, simulations. */
export function prioritiseRoutes({
  store,
  jobs,
  retrainer,
  uploadDir,
  maxUploadBytes,
}: RouteContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/projects/:projectId/prioritisation',
      {
        schema: {
          summary:
            'Whether records are served by predicted relevance, the latest model, the recall-style curve and the stopping estimate, when the team stopped, and the prior marks',
          params: ProjectParams,
          response: { 200: PrioritisationSchema, ...ERRORS },
        },
      },
      async (request) => {
        const { account, project } = await projectAccess(
          store,
          request,
          request.params.projectId,
          ANY_MEMBER,
        );
        return {
          active: await isPrioritised(store, project),
          presets: PRESETS.map((p) => ({ name: p.name, description: p.description })),
          model: (await latestModel(store, project.id)) ?? null,
          estimate: await projectScreeningEstimate(store, project, account.username),
          stops: await screeningStops(store, project, account.username),
          priorMarks: await priorMarks(store, project.id),
        };
      },
    );

    app.get(
      '/projects/:projectId/prioritisation/curve',
      {
        schema: {
          summary:
            'Relevant records found against records screened (title/abstract): the points (json) or the drawing (svg, png)',
          params: ProjectParams,
          querystring: Type.Object({
            format: Type.Optional(
              Type.Union([Type.Literal('svg'), Type.Literal('png'), Type.Literal('json')]),
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
        const estimate = await projectScreeningEstimate(store, project, account.username);
        if (request.query.format === 'json')
          return reply.type('application/json').send(JSON.stringify(estimate.curve));
        const svg = screeningCurveSvg(estimate, project.title);
        if (request.query.format === 'png') return reply.type('image/png').send(Buffer.from(svgToPng(svg)));
        return reply.type('image/svg+xml; charset=utf-8').send(svg);
      },
    );

    app.post(
      '/projects/:projectId/prioritisation/retrain',
      {
        schema: {
          summary:
            'Retrain the model now (owners), whatever the project’s mode; answers when the ranking is replaced',
          params: ProjectParams,
          response: { 200: RetrainResultSchema, ...ERRORS },
        },
      },
      async (request) => {
        const { project } = await projectAccess(store, request, request.params.projectId, OWNERS);
        return retrainer.now(project.id);
      },
    );

    /** An export of the prioritisation: its rows as JSON, or its table as CSV. */
    function tableRoute<T>(
      name: string,
      summary: string,
      load: (project: Project, viewer: string) => Promise<T[]>,
      asTable: (rows: readonly T[]) => Table,
    ): void {
      app.get(
        `/projects/:projectId/prioritisation/${name}`,
        {
          schema: {
            summary,
            params: ProjectParams,
            querystring: Type.Object({ format: TableFormat }),
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
          const rows = await load(project, account.username);
          return sendTable(reply, request.query.format, `${project.title} ${name}`, rows, asTable);
        },
      );
    }
    tableRoute(
      'ranking',
      'The latest ranking, best first: record, rank, score, model version (csv or json)',
      (project, viewer) => ranking(store, project, viewer),
      rankingTable,
    );
    tableRoute(
      'provenance',
      'Every decision with the model version and rank at which its record was shown (csv or json); blind screening hides others’ undecided votes',
      (project, viewer) => decisionProvenance(store, project, viewer),
      provenanceTable,
    );

    app.put(
      '/projects/:projectId/records/:recordId/prior',
      {
        schema: {
          summary:
            'Mark a record as known relevant (true) or irrelevant (false) before screening, or clear the mark (null)',
          params: RecordParams,
          body: Type.Object(
            { relevant: Type.Union([Type.Boolean(), Type.Null()]) },
            { additionalProperties: false },
          ),
          response: { 204: Type.Null(), ...ERRORS },
        },
      },
      async (request, reply) => {
        const { account, project } = await projectAccess(store, request, request.params.projectId, SCREENERS);
        await setPriorMark(store, project, request.params.recordId, request.body.relevant, account.username);
        retrainer.schedule(project.id);
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/projects/:projectId/prioritisation/stop',
      {
        schema: {
          summary: 'Record that the team stops screening, and why, with the estimate it stopped on (owners)',
          params: ProjectParams,
          body: Type.Object(
            { reason: Type.String({ minLength: 1, maxLength: 2000 }) },
            { additionalProperties: false },
          ),
          response: { 200: ScreeningStopSchema, ...ERRORS },
        },
      },
      async (request) => {
        const { account, project } = await projectAccess(store, request, request.params.projectId, OWNERS);
        return recordScreeningStop(store, project, account.username, request.body.reason);
      },
    );

    app.post(
      '/projects/:projectId/simulations',
      {
        schema: {
          summary:
            'Simulate prioritised screening of a labelled file (multipart: fields preset, seeds, priorIncluded, priorExcluded, label, targetRecall, confidence, then the file); a job',
          params: ProjectParams,
          consumes: ['multipart/form-data'],
          response: { 200: JobSchema, ...ERRORS },
        },
      },
      async (request) => {
        const { account, project } = await projectAccess(store, request, request.params.projectId, SCREENERS);
        if (!request.isMultipart())
          fail('E_INVALID_REQUEST', 'send the labelled file as multipart/form-data');
        await mkdir(uploadDir, { recursive: true });
        const dir = await mkdtemp(join(uploadDir, 'simulate-'));
        let handedOver = false;
        try {
          const fields: Record<string, string> = {};
          let name: string | undefined;
          for await (const part of request.parts({
            limits: { fileSize: maxUploadBytes, files: 1, fields: 20 },
          })) {
            if (part.type === 'field') fields[part.fieldname] = String(part.value);
            else {
              name = safeFileName(part.filename);
              await pipeline(part.file, createWriteStream(join(dir, name)));
              if (part.file.truncated) fail('E_TOO_LARGE', `${name} is larger than ${maxUploadBytes} bytes`);
            }
          }
          if (name === undefined) fail('E_INVALID_REQUEST', 'no file was sent');
          const simulation = simulationRequest(fields);
          simulationSettings(simulation);
          const shownAs = name;
          handedOver = true;
          const job: Job = jobs.start(
            { kind: 'simulate', projectId: project.id, startedBy: account.username, label: shownAs },
            async () => {
              try {
                const report = await runInBackground(store, {
                  kind: 'simulate',
                  path: join(dir, shownAs),
                  shownAs,
                  request: simulation,
                });
                await audit(store, {
                  projectId: project.id,
                  actor: account.username,
                  action: 'simulate',
                  detail: { file: shownAs, preset: simulation.preset, seeds: simulation.seeds },
                });
                return report;
              } finally {
                await rm(dir, { recursive: true, force: true });
              }
            },
          );
          return job;
        } finally {
          if (!handedOver) await rm(dir, { recursive: true, force: true });
        }
      },
    );
  };
}
