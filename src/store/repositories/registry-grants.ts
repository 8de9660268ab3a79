import {
  assertCoordinator,
  assertRegistryReader,
  REGISTRY_ROLES,
  type RegistryActor,
  type RegistryGrant,
  type RegistryRole,
} from '../../domain/partnerships/reporting-policy.js';
import { TwowayError } from '../../domain/errors.js';
import type { Store } from '../open-store.js';
import { storeTransaction } from '../write-transaction.js';
import { audit, auditLog, type AuditEvent } from './audit-log.js';

/** Everyone's roles in the partnership registry. */
export async function registryGrants(store: Store): Promise<RegistryGrant[]> {
  const rows = await store.db.selectFrom('registry_grant').selectAll().orderBy('id').execute();
  return rows.map((r) => ({
    who: r.who,
    role: r.role,
    ...(r.institution_id === null ? {} : { institutionId: r.institution_id }),
  }));
}

/**
 * Checks that the actor coordinates the registry (the policy's rule). An administrator acting in a registry
 * that has no coordinator yet is made its first one, so that the registry can be set up.
 */
export async function coordinatorCheck(store: Store, actor: RegistryActor): Promise<void> {
  const grants = await registryGrants(store);
  assertCoordinator(grants, actor);
  if (!grants.some((g) => g.role === 'coordinator')) {
    await store.db
      .insertInto('registry_grant')
      .values({
        who: actor.name,
        role: 'coordinator',
        institution_id: null,
        granted_by: actor.name,
        granted_at: new Date().toISOString(),
      })
      .execute();
    await audit(store, {
      projectId: null,
      actor: actor.name,
      action: 'registry.grant',
      detail: { who: actor.name, role: 'coordinator', first: true },
    });
  }
}

/** Gives someone a role (coordinators only); a member is a member of one institution. */
export async function grantRegistryRole(
  store: Store,
  input: { who: string; role: string; institutionId?: number },
  actor: RegistryActor,
): Promise<RegistryGrant> {
  const who = input.who.trim();
  if (!who) throw new TwowayError({ code: 'E_USAGE', message: 'a role is given to someone: name them' });
  if (!(REGISTRY_ROLES as readonly string[]).includes(input.role))
    throw new TwowayError({
      code: 'E_USAGE',
      message: `unknown role "${input.role}"; roles: ${REGISTRY_ROLES.join(', ')}`,
    });
  if ((input.role === 'member') !== (input.institutionId !== undefined))
    throw new TwowayError({
      code: 'E_USAGE',
      message: 'a member is a member of one institution (--institution); other roles take none',
    });
  return storeTransaction(store, async (tx) => {
    await coordinatorCheck(tx, actor);
    if (input.institutionId !== undefined) {
      const found = await tx.db
        .selectFrom('institution')
        .select('id')
        .where('id', '=', input.institutionId)
        .executeTakeFirst();
      if (!found)
        throw new TwowayError({ code: 'E_NOT_FOUND', message: `no institution ${input.institutionId}` });
    }
    const existing = (await registryGrants(tx)).find(
      (g) => g.who === who && g.role === input.role && g.institutionId === input.institutionId,
    );
    if (!existing)
      await tx.db
        .insertInto('registry_grant')
        .values({
          who,
          role: input.role as RegistryRole,
          institution_id: input.institutionId ?? null,
          granted_by: actor.name,
          granted_at: new Date().toISOString(),
        })
        .execute();
    await audit(tx, {
      projectId: null,
      actor: actor.name,
      action: 'registry.grant',
      detail: { who, role: input.role, institutionId: input.institutionId ?? null },
    });
    return {
      who,
      role: input.role as RegistryRole,
      ...(input.institutionId === undefined ? {} : { institutionId: input.institutionId }),
    };
  });
}

/**
 * The registry's audit log, newest first (coordinators; an administrator while it has none). Report events
 * name the round, institution and version, never what a report says, so the log leaks nothing of a blind round.
 */
export async function registryAuditLog(
  store: Store,
  actor: RegistryActor,
  page: { limit: number; before?: number },
): Promise<AuditEvent[]> {
  assertCoordinator(await registryGrants(store), actor);
  return auditLog(store, null, page);
}

/** Refuses anyone with no role in the registry (an administrator may always read it). */
export async function readerCheck(store: Store, actor: RegistryActor): Promise<void> {
  assertRegistryReader(await registryGrants(store), actor);
}
