import type { FastifyRequest } from 'fastify';
import { TwowayError } from '../domain/errors.js';
import type { Account } from '../store/accounts.js';
import type { Store } from '../store/open-store.js';
import { getProject, type Project, type Role } from '../store/projects.js';
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
  let project: Project;
  try {
    project = await getProject(store, projectId);
  } catch (error) {
    if (error instanceof TwowayError && error.code === 'E_NOT_FOUND')
      fail('E_NOT_FOUND', `there is no project ${projectId}`);
    throw error;
  }
  const role = project.members.find((m) => m.reviewer === account.username)?.role;
  if (!role) fail('E_NOT_FOUND', `there is no project ${projectId}`);
  if (!allowed.includes(role))
    fail(
      'E_FORBIDDEN',
      `a ${role} of project ${projectId} may not do this (it needs: ${allowed.join(' or ')})`,
    );
  return { account, project, role };
}

export const ANY_MEMBER: readonly Role[] = ['owner', 'reviewer', 'viewer'];
export const SCREENERS: readonly Role[] = ['owner', 'reviewer'];
export const OWNERS: readonly Role[] = ['owner'];
