import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  activityMobility,
  correctActivity,
  listActivities,
  recordActivity,
  removeActivity,
} from '../../store/repositories/activities.js';
import { ERRORS, Id } from '../schemas.js';
import { registryActorOf } from './registry-actor.js';
import type { RouteContext } from './route-context.js';

const ActivityBody = Type.Unknown({
  description:
    'an activity: { type, title, startDate, endDate?, country?, city?, remote?, travel: [{ fromInstitutionId, toInstitutionId, cadre, count }], cycleStep?, costs: [{ description, amount?, currency? }], notes? }',
});

/** A partnership's activities (exchange visits, training, mentoring, …) and who travelled which way. */
export function activityRoutes({ store }: RouteContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/partnerships/:id/activities',
      {
        schema: {
          summary: 'A partnership’s activities, oldest first, and who travelled which way',
          params: Type.Object({ id: Id }),
          response: { 200: Type.Unknown(), ...ERRORS },
        },
      },
      async (request) => {
        const actor = registryActorOf(request);
        return {
          activities: await listActivities(store, actor, [request.params.id]),
          mobility: await activityMobility(store, actor, [request.params.id]),
        };
      },
    );
    app.post(
      '/partnerships/:id/activities',
      {
        schema: {
          summary: 'Record an activity (coordinators and members of a partner institution)',
          params: Type.Object({ id: Id }),
          body: ActivityBody,
          response: { 200: Type.Unknown(), ...ERRORS },
        },
      },
      async (request) => recordActivity(store, request.params.id, request.body, registryActorOf(request)),
    );
    app.put(
      '/activities/:id',
      {
        schema: {
          summary: 'Correct an activity (the audit log keeps what it was)',
          params: Type.Object({ id: Id }),
          body: ActivityBody,
          response: { 200: Type.Unknown(), ...ERRORS },
        },
      },
      async (request) => correctActivity(store, request.params.id, request.body, registryActorOf(request)),
    );
    app.delete(
      '/activities/:id',
      {
        schema: {
          summary: 'Remove an activity (the audit log keeps it)',
          params: Type.Object({ id: Id }),
          response: { 204: Type.Null(), ...ERRORS },
        },
      },
      async (request, reply) => {
        await removeActivity(store, request.params.id, registryActorOf(request));
        return reply.code(204).send(null);
      },
    );
  };
}
