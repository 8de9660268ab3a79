import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import {
  saveSearch,
  savedSearches,
  searchHistory,
  projectRecordIds,
  duplicatesBeside,
} from '../../store/repositories/search-store.js';
import { loadRecordsById } from '../../store/repositories/stored-records.js';
import { previewImportRemoval, removeImport } from '../../store/repositories/import-removal.js';
import { projectSearches } from '../../store/repositories/searches.js';
import { ANY_MEMBER, OWNERS, projectAccess, SCREENERS } from '../access.js';
import { recordView } from '../record-view.js';
import { ERRORS, Id, ProjectParams } from '../schemas.js';
import {
  HistoryEntrySchema,
  ImportRemovalSchema,
  RecordPageSchema,
  SavedSearchSchema,
  SearchRowSchema,
} from '../answers.js';
import type { RouteContext } from './route-context.js';

const RecordsQuery = Type.Object({
  query: Type.Optional(Type.String({ maxLength: 20000 })),
  /** true: every record, duplicates too (by default a duplicate cluster is one record, its canonical one). */
  everyRecord: Type.Optional(Type.Boolean()),
  offset: Type.Optional(Type.Integer({ minimum: 0 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
});
type RecordsRequest = Static<typeof RecordsQuery>;

/** Records of a project: searched with PubMed syntax, one page at a time; the search history and saved searches; the imports. */
export function recordRoutes({ store, searcher, retrainer }: RouteContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    /**
     * A page of the records matching a query (all records without one). `recordAs`: keep the run in the
     * project's search history under this name.
     */
    const recordPage = async (projectId: number, input: RecordsRequest, recordAs?: string) => {
      const { query, offset = 0, limit = 50, everyRecord = false } = input;
      let ids: number[];
      let duplicatesSetAside: number;
      let translation = '';
      let warnings: string[] = [];
      let historyNumber: number | undefined;
      if (query?.trim()) {
        const result = await searcher.search(projectId, query, {
          ...(recordAs ? { recordAs } : {}),
          everyRecord,
        });
        ids = result.ids ?? [];
        duplicatesSetAside = result.duplicatesSetAside;
        translation = result.resolved.translation;
        warnings = result.resolved.warnings;
        historyNumber = result.historyNumber;
      } else {
        ({ ids, duplicatesSetAside } = await projectRecordIds(store, projectId, { everyRecord }));
      }
      const pageIds = ids.slice(offset, offset + limit);
      const page = await loadRecordsById(store, projectId, pageIds);
      const beside = everyRecord
        ? new Map<number, number>()
        : await duplicatesBeside(store, projectId, pageIds);
      return {
        count: ids.length,
        duplicatesSetAside,
        duplicatesBeside: Object.fromEntries(beside),
        translation,
        warnings,
        ...(historyNumber === undefined ? {} : { historyNumber }),
        records: page.map((r) => recordView(r.id, r.record)),
      };
    };

    app.get(
      '/projects/:projectId/records',
      {
        schema: {
          summary:
            'Records matching a PubMed-syntax query (all records without one), a page at a time, with the search details; never written to the search history (a link could add entries): POST …/records/search does',
          params: ProjectParams,
          querystring: RecordsQuery,
          response: { 200: RecordPageSchema, ...ERRORS },
        },
      },
      async (request) => {
        const { project } = await projectAccess(store, request, request.params.projectId, ANY_MEMBER);
        return recordPage(project.id, request.query);
      },
    );

    app.post(
      '/projects/:projectId/records/search',
      {
        schema: {
          summary:
            'Run a search as a reviewer does (the search page): as GET …/records, and kept in the project’s search history (#n) for owners and reviewers',
          params: ProjectParams,
          body: Type.Intersect([
            RecordsQuery,
            Type.Object({ query: Type.String({ minLength: 1, maxLength: 20000 }) }),
          ]),
          response: { 200: RecordPageSchema, ...ERRORS },
        },
      },
      async (request) => {
        const { account, project, role } = await projectAccess(
          store,
          request,
          request.params.projectId,
          ANY_MEMBER,
        );
        // a viewer reads; the history belongs to the people who search for the review
        return recordPage(project.id, request.body, role === 'viewer' ? undefined : account.username);
      },
    );

    app.get(
      '/projects/:projectId/search-history',
      {
        schema: {
          summary: 'The project’s search history (#1, #2, … usable in queries)',
          params: ProjectParams,
          response: {
            200: Type.Array(HistoryEntrySchema),
            ...ERRORS,
          },
        },
      },
      async (request) => {
        await projectAccess(store, request, request.params.projectId, ANY_MEMBER);
        return searchHistory(store, request.params.projectId);
      },
    );

    app.get(
      '/projects/:projectId/saved-searches',
      {
        schema: {
          summary: 'Saved searches',
          params: ProjectParams,
          response: { 200: Type.Array(SavedSearchSchema), ...ERRORS },
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
          response: { 200: SavedSearchSchema, ...ERRORS },
        },
      },
      async (request) => {
        const { account, project } = await projectAccess(store, request, request.params.projectId, SCREENERS);
        const result = await searcher.search(project.id, request.body.query, { countOnly: true });
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
            200: Type.Array(SearchRowSchema),
            ...ERRORS,
          },
        },
      },
      async (request) => {
        await projectAccess(store, request, request.params.projectId, ANY_MEMBER);
        return projectSearches(store, request.params.projectId);
      },
    );

    const SearchParams = Type.Object({ projectId: Id, searchId: Id });
    app.get(
      '/projects/:projectId/searches/:searchId/removal',
      {
        schema: {
          summary:
            "What removing an import would do (owners): its records, the work that moves to the same studies' records from other imports, the work that would be removed",
          params: SearchParams,
          response: { 200: ImportRemovalSchema, ...ERRORS },
        },
      },
      async (request) => {
        const { project } = await projectAccess(store, request, request.params.projectId, OWNERS);
        return previewImportRemoval(store, project.id, request.params.searchId);
      },
    );

    app.delete(
      '/projects/:projectId/searches/:searchId',
      {
        schema: {
          summary:
            'Remove an import (owners, audited): its records leave the review and PRISMA; work on records only it found is removed only with discardWork=true (else 409 says how much)',
          params: SearchParams,
          querystring: Type.Object({ discardWork: Type.Optional(Type.Boolean()) }),
          response: { 200: ImportRemovalSchema, ...ERRORS },
        },
      },
      async (request) => {
        const { account, project } = await projectAccess(store, request, request.params.projectId, OWNERS);
        const removed = await removeImport(store, project.id, request.params.searchId, account.username, {
          discardWork: request.query.discardWork === true,
        });
        retrainer.schedule(project.id);
        return removed;
      },
    );
  };
}
