import type { FastifyRequest } from 'fastify';
import type { Account } from '../store/repositories/accounts.js';
import type { Store } from '../store/open-store.js';
import { roleOf } from '../domain/screening/policy.js';
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
  const access = { account, project, role };
  requireRole(access, allowed);
  return access;
}

/** Refuses a member whose role is not among those allowed (E_FORBIDDEN). */
export function requireRole(access: ProjectAccess, allowed: readonly Role[]): void {
  if (!allowed.includes(access.role))
    fail(
      'E_FORBIDDEN',
      `a ${access.role} of project ${access.project.id} may not do this (it needs: ${allowed.join(' or ')})`,
    );
}

export { ANY_MEMBER, OWNERS, SCREENERS } from '../domain/screening/policy.js';
