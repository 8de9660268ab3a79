import type { FastifyRequest } from 'fastify';
import type { Account } from '../store/repositories/accounts.js';
import type { Store } from '../store/open-store.js';
import { assertRole, roleOf } from '../domain/screening/policy.js';
import type { Role } from '../domain/screening/protocol.js';
import { getProject, type Project } from '../store/repositories/projects.js';
import { fail } from './http-error.js';
import { accountOf } from './session.js';

export interface ProjectAccess {
  account: Account;
  project: Project;
  role: Role;
}

/**
 * The signed-in account's access to a project, checked against the roles a route allows. Someone who is
 * not a member gets the same 404 as for a project that does not exist, so project ids reveal nothing.
 */
export async function projectAccess(
  store: Store,
  request: FastifyRequest,
  projectId: number,
  allowed: readonly Role[],
): Promise<ProjectAccess> {
  const account = accountOf(request);
  // a project that does not exist is E_NOT_FOUND from the store, in the same words as for a non-member
  const project = await getProject(store, projectId);
  const role = roleOf(project, account.username);
  if (!role) fail('E_NOT_FOUND', `there is no project ${projectId}`);
  // the member's role against the route's, by the screening policy's rule (a stranger got the 404 above)
  assertRole(project, account.username, allowed);
  return { account, project, role };
}

export { ANY_MEMBER, OWNERS, SCREENERS } from '../domain/screening/policy.js';
