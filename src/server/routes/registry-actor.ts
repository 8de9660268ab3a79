import type { FastifyRequest } from 'fastify';
import type { RegistryActor } from '../../domain/partnerships/reporting-policy.js';
import { accountOf } from '../session.js';

/** The signed-in account as the registry's policy sees it: an administrator may set a new registry up. */
export function registryActorOf(request: FastifyRequest): RegistryActor {
  const account = accountOf(request);
  return { name: account.username, admin: account.isAdmin };
}
