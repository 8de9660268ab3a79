import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { RECORD_STATES } from '../../domain/screening/decisions.js';
import { assignRecords } from '../../store/repositories/assignment-store.js';
import { filteredRecordIds, listRecords, type RecordFilter } from '../../store/repositories/record-list.js';
import { excludeInBulk } from '../../store/repositories/screening-store.js';
import { projectSearches } from '../../store/repositories/searches.js';
import { deleteTag, projectTags, tagRecords } from '../../store/repositories/tag-store.js';
import type { Project } from '../../store/repositories/projects.js';
import { ANY_MEMBER, OWNERS, projectAccess, SCREENERS } from '../access.js';
import { fail } from '../http-error.js';
import { BulkAnswerSchema, RecordListSchema, TagSchema } from '../answers.js';
import { ERRORS, Id, ProjectParams, RecordParams, StageSchema } from '../schemas.js';
import type { RouteContext } from './route-context.js';

const VoteSchema = Type.Union([Type.Literal('include'), Type.Literal('exclude'), Type.Literal('maybe')]);

/** A record list filter, as the list's query string and a bulk action's body take it. */
const FilterSchema = Type.Object({
  stage: Type.Optional(StageSchema),
  state: Type.Optional(Type.Union(RECORD_STATES.map((s) => Type.Literal(s)))),
  tag: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  reviewer: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  vote: Type.Optional(VoteSchema),
  source: Type.Optional(Id),
  assignedTo: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  /** Only the records new since the last run of a search (living reviews). */
  newSinceLastRun: Type.Optional(Type.Boolean()),
  /** A PubMed-syntax query the records must match. */
  query: Type.Optional(Type.String({ maxLength: 20000 })),
});
type FilterInput = Static<typeof FilterSchema>;

const ListQuery = Type.Intersect([
  FilterSchema,
  Type.Object({
    offset: Type.Optional(Type.Integer({ minimum: 0 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  }),
]);

const BulkBody = Type.Object({
  action: Type.Union([
    Type.Literal('tag'),
    Type.Literal('untag'),
    Type.Literal('exclude'),
    Type.Literal('assign'),
    Type.Literal('unassign'),
  ]),
  /** The records to act on; or `filter`: every record the list's filter keeps. */
  recordIds: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 200000 })),
  filter: Type.Optional(FilterSchema),
  tag: Type.Optional(Type.String({ maxLength: 200 })),
  /** The stage an exclusion or an assignment is at (title/abstract by default). */
  stage: Type.Optional(StageSchema),
  reason: Type.Optional(Type.String({ maxLength: 200 })),
  note: Type.Optional(Type.String({ maxLength: 5000 })),
  reviewer: Type.Optional(Type.String({ maxLength: 200 })),
});

/** The record list (filterable, a page at a time), tags, and owners' bulk actions on a selection. */
export function recordListRoutes({ store, searcher }: RouteContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    /** A filter from its request form; a query's hits are the ids it keeps, in the search's order. */
    const readFilter = async (project: Project, input: FilterInput) => {
      const { query, stage = 'title-abstract', ...rest } = input;
      const filter: RecordFilter = { stage, ...rest };
      const ids = query?.trim() ? ((await searcher.search(project.id, query)).ids ?? []) : undefined;
      return { filter, ids };
    };

    app.get(
      '/projects/:projectId/record-list',
      {
        schema: {
          summary:
            'The record list: records after deduplication filtered by state, tag, reviewer and vote, source, assignee and a PubMed-syntax query, a page at a time, each as the viewer may see it (in blind screening a reviewer sees their own votes alone); with the project’s tags and imports',
          params: ProjectParams,
          querystring: ListQuery,
          response: { 200: RecordListSchema, ...ERRORS },
        },
      },
      async (request) => {
        const { account, project } = await projectAccess(
          store,
          request,
          request.params.projectId,
          ANY_MEMBER,
        );
        const { offset = 0, limit = 50, ...input } = request.query;
        const { filter, ids } = await readFilter(project, input);
        const page = await listRecords(store, {
          project,
          viewer: account.username,
          filter,
          ...(ids ? { ids } : {}),
          offset,
          limit,
        });
        const searches = (await projectSearches(store, project.id)).map((s) => ({
          id: s.id,
          source: s.source,
          fileName: s.fileName,
        }));
        return { ...page, offset, tags: await projectTags(store, project.id), searches };
      },
    );

    app.post(
      '/projects/:projectId/records/bulk',
      {
        schema: {
          summary:
            'An owner’s bulk action on records — given by id or as every record a list filter keeps: tag or untag, exclude at a stage with a reason (an owner’s decision), assign to a reviewer or take it back; audited, all or nothing',
          params: ProjectParams,
          body: BulkBody,
          response: { 200: BulkAnswerSchema, ...ERRORS },
        },
      },
      async (request) => {
        const { account, project } = await projectAccess(store, request, request.params.projectId, OWNERS);
        const body = request.body;
        if (!body.recordIds === !body.filter)
          fail('E_INVALID_REQUEST', 'give the records to act on as recordIds or as a filter (one of them)');
        let recordIds = body.recordIds ?? [];
        if (body.filter) {
          const { filter, ids } = await readFilter(project, body.filter);
          recordIds = await filteredRecordIds(store, project, account.username, filter, ids);
        }
        if (recordIds.length === 0) return { records: 0, changed: 0 };
        const actor = account.username;
        const stage = body.stage ?? 'title-abstract';
        const need = (value: string | undefined, what: string): string =>
          value?.trim() ? value : fail('E_INVALID_REQUEST', `a ${body.action} needs ${what}`);
        let changed: number;
        switch (body.action) {
          case 'tag':
          case 'untag':
            ({ changed } = await tagRecords(store, {
              project,
              actor,
              tag: need(body.tag, 'a tag'),
              recordIds,
              remove: body.action === 'untag',
            }));
            break;
          case 'exclude':
            ({ excluded: changed } = await excludeInBulk(store, {
              project,
              actor,
              stage,
              reason: need(body.reason, 'a reason'),
              ...(body.note ? { note: body.note } : {}),
              recordIds,
            }));
            break;
          case 'assign':
          case 'unassign':
            ({ changed } = await assignRecords(store, {
              project,
              actor,
              stage,
              reviewer: need(body.reviewer, 'a reviewer'),
              recordIds,
              remove: body.action === 'unassign',
            }));
            break;
        }
        return { records: recordIds.length, changed };
      },
    );

    app.get(
      '/projects/:projectId/tags',
      {
        schema: {
          summary: 'The project’s tags, each with the number of records that carry it',
          params: ProjectParams,
          response: { 200: Type.Array(TagSchema), ...ERRORS },
        },
      },
      async (request) => {
        const { project } = await projectAccess(store, request, request.params.projectId, ANY_MEMBER);
        return projectTags(store, project.id);
      },
    );

    app.delete(
      '/projects/:projectId/tags',
      {
        schema: {
          summary: 'Delete a tag from the project and every record that carries it (owners; audited)',
          params: ProjectParams,
          querystring: Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }) }),
          response: { 200: TagSchema, ...ERRORS },
        },
      },
      async (request) => {
        const { account, project } = await projectAccess(store, request, request.params.projectId, OWNERS);
        const { tag, records } = await deleteTag(store, {
          project,
          actor: account.username,
          tag: request.query.name,
        });
        return { name: tag, records };
      },
    );

    for (const [method, remove] of [
      ['post', false],
      ['delete', true],
    ] as const)
      app.route({
        method: method.toUpperCase() as 'POST' | 'DELETE',
        url: '/projects/:projectId/records/:recordId/tags',
        schema: {
          summary: remove
            ? 'Take a tag off a record (and its duplicates): owners and reviewers; audited'
            : 'Tag a record (the tag is made on first use): owners and reviewers; audited',
          params: RecordParams,
          querystring: Type.Object({ tag: Type.String({ minLength: 1, maxLength: 200 }) }),
          response: { 200: BulkAnswerSchema, ...ERRORS },
        },
        handler: async (request) => {
          const { projectId, recordId } = request.params as Static<typeof RecordParams>;
          const { account, project } = await projectAccess(store, request, projectId, SCREENERS);
          const { changed } = await tagRecords(store, {
            project,
            actor: account.username,
            tag: (request.query as { tag: string }).tag,
            recordIds: [recordId],
            remove,
          });
          return { records: 1, changed };
        },
      });
  };
}
