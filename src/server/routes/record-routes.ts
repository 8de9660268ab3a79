import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  saveSearch,
  savedSearches,
  searchHistory,
  searchProject,
  projectRecordIds,
  duplicatesBeside,
} from '../../store/repositories/search-store.js';
import { loadRecordsById } from '../../store/repositories/stored-records.js';
import { ANY_MEMBER, projectAccess, SCREENERS } from '../access.js';
import { recordView } from '../record-view.js';
import { ERRORS, ProjectParams, RecordViewSchema } from '../schemas.js';
import type { RouteContext } from './route-context.js';

const RecordsQuery = Type.Object({
  query: Type.Optional(Type.String({ maxLength: 20000 })),
  /** false: do not keep the run in the search history (the screens' own look-ups). */
  record: Type.Optional(Type.Boolean()),
  /** true: every record, duplicates too (by default a duplicate cluster is one record, its canonical one). */
  everyRecord: Type.Optional(Type.Boolean()),
  offset: Type.Optional(Type.Integer({ minimum: 0 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
});

/** Records of a project: searched with PubMed syntax, one page at a time; the search history and saved searches; the imports. */
export function recordRoutes({ store, mesh }: RouteContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/projects/:projectId/records',
      {
        schema: {
          summary:
            'Records matching a PubMed-syntax query (all records without one), a page at a time, with the search details',
          params: ProjectParams,
          querystring: RecordsQuery,
          response: {
            200: Type.Object({
              count: Type.Integer(),
              /** Records found that were counted with the canonical record of their duplicate cluster. */
              duplicatesSetAside: Type.Integer(),
              /** For a record of this page that stands for a duplicate cluster: how many other records it holds. */
              duplicatesBeside: Type.Record(Type.String({ pattern: '^[0-9]+$' }), Type.Integer()),
              translation: Type.String(),
              warnings: Type.Array(Type.String()),
              historyNumber: Type.Optional(Type.Integer()),
              records: Type.Array(RecordViewSchema),
            }),
            ...ERRORS,
          },
        },
      },
      async (request) => {
        const { account, project, role } = await projectAccess(
          store,
          request,
          request.params.projectId,
          ANY_MEMBER,
        );
        const { query, offset = 0, limit = 50, everyRecord = false } = request.query;
        let ids: number[];
        let duplicatesSetAside: number;
        let translation = '';
        let warnings: string[] = [];
        let historyNumber: number | undefined;
        if (query?.trim()) {
          const keep = request.query.record !== false && role !== 'viewer';
          const result = await searchProject(store, project.id, query, {
            mesh: await mesh(),
            ...(keep ? { recordAs: account.username } : {}),
            everyRecord,
          });
          ids = result.ids ?? [];
          duplicatesSetAside = result.duplicatesSetAside;
          translation = result.resolved.translation;
          warnings = result.resolved.warnings;
          historyNumber = result.historyNumber;
        } else {
          ({ ids, duplicatesSetAside } = await projectRecordIds(store, project.id, { everyRecord }));
        }
        const pageIds = ids.slice(offset, offset + limit);
        const page = await loadRecordsById(store, project.id, pageIds);
        const beside = everyRecord
          ? new Map<number, number>()
          : await duplicatesBeside(store, project.id, pageIds);
        return {
          count: ids.length,
          duplicatesSetAside,
          duplicatesBeside: Object.fromEntries(beside),
          translation,
          warnings,
          ...(historyNumber === undefined ? {} : { historyNumber }),
          records: page.map((r) => recordView(r.id, r.record)),
        };
      },
    );

    app.get(
      '/projects/:projectId/search-history',
      {
        schema: {
          summary: 'The project’s search history (#1, #2, … usable in queries)',
          params: ProjectParams,
          response: {
            200: Type.Array(
              Type.Object({
                number: Type.Integer(),
                query: Type.String(),
                translation: Type.String(),
                resultCount: Type.Integer(),
                runBy: Type.String(),
                runAt: Type.String(),
              }),
            ),
            ...ERRORS,
          },
        },
      },
      async (request) => {
        await projectAccess(store, request, request.params.projectId, ANY_MEMBER);
        return searchHistory(store, request.params.projectId);
      },
    );

    const SavedSchema = Type.Object({
      name: Type.String(),
      query: Type.String(),
      translation: Type.String(),
      resultCount: Type.Integer(),
      savedBy: Type.String(),
      savedAt: Type.String(),
      lastRunAt: Type.String(),
    });

    app.get(
      '/projects/:projectId/saved-searches',
      {
        schema: {
          summary: 'Saved searches',
          params: ProjectParams,
          response: { 200: Type.Array(SavedSchema), ...ERRORS },
        },
      },
      async (request) => {
        await projectAccess(store, request, request.params.projectId, ANY_MEMBER);
        return savedSearches(store, request.params.projectId);
      },
    );

    app.post(
      '/projects/:projectId/saved-searches',
      {
        schema: {
          summary: 'Run a query and keep it under a name',
          params: ProjectParams,
          body: Type.Object({
            name: Type.String({ minLength: 1, maxLength: 200 }),
            query: Type.String({ minLength: 1, maxLength: 20000 }),
          }),
          response: { 200: SavedSchema, ...ERRORS },
        },
      },
      async (request) => {
        const { account, project } = await projectAccess(store, request, request.params.projectId, SCREENERS);
        const result = await searchProject(store, project.id, request.body.query, {
          mesh: await mesh(),
          countOnly: true,
        });
        await saveSearch(store, project.id, request.body.name, result, account.username);
        const saved = await savedSearches(store, project.id);
        return saved.find((s) => s.name === request.body.name.trim())!;
      },
    );

    app.get(
      '/projects/:projectId/searches',
      {
        schema: {
          summary: 'The imported searches: source, query, date, file, records read, and each import report',
          params: ProjectParams,
          response: {
            200: Type.Array(
              Type.Object({
                id: Type.Integer(),
                source: Type.String(),
                query: Type.Union([Type.String(), Type.Null()]),
                runDate: Type.Union([Type.String(), Type.Null()]),
                fileName: Type.String(),
                fileSha256: Type.String(),
                format: Type.String(),
                recordsRead: Type.Integer(),
                importedAt: Type.String(),
                report: Type.Unknown(),
              }),
            ),
            ...ERRORS,
          },
        },
      },
      async (request) => {
        await projectAccess(store, request, request.params.projectId, ANY_MEMBER);
        const rows = await store.db
          .selectFrom('search')
          .selectAll()
          .where('project_id', '=', request.params.projectId)
          .orderBy('id')
          .execute();
        return rows.map((r) => ({
          id: r.id,
          source: r.source,
          query: r.query,
          runDate: r.run_date,
          fileName: r.file_name,
          fileSha256: r.file_sha256,
          format: r.format,
          recordsRead: r.records_read,
          importedAt: r.imported_at,
          report: JSON.parse(r.report) as unknown,
        }));
      },
    );
  };
}
