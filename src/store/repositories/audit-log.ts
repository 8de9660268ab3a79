import type { Store } from '../open-store.js';

export interface AuditEvent {
  id: number;
  projectId: number | null;
  actor: string;
  action: string;
  detail: Record<string, unknown>;
  at: string;
}

/**
 * Appends to the audit log: who did what, about which project.
 * @example await audit(store, { projectId: 1, actor: 'alice', action: 'member.add', detail: { reviewer: 'bob' } })
 */
export async function audit(
  store: Store,
  event: { projectId: number | null; actor: string; action: string; detail?: Record<string, unknown> },
): Promise<void> {
  await store.db
    .insertInto('audit_event')
    .values({
      project_id: event.projectId,
      actor: event.actor,
      action: event.action,
      detail: JSON.stringify(event.detail ?? {}),
      at: new Date().toISOString(),
    })
    .execute();
}

/** Audits a bulk action on records when it changed any: what it did, how many records, and the first 1,000 ids. */
export async function auditBulk(
  store: Store,
  event: { projectId: number; actor: string; action: string; detail: Record<string, unknown> },
  changed: readonly number[],
): Promise<void> {
  if (changed.length === 0) return;
  await audit(store, {
    ...event,
    detail: { ...event.detail, records: changed.length, recordIds: changed.slice(0, 1000) },
  });
}

/**
 * A project's audit log (the partnership registry's with `null`), newest first, a page at a time (`before` an
 * event id).
 */
export async function auditLog(
  store: Store,
  projectId: number | null,
  page: { limit: number; before?: number },
): Promise<AuditEvent[]> {
  let query = store.db
    .selectFrom('audit_event')
    .selectAll()
    .where('project_id', projectId === null ? 'is' : '=', projectId)
    .orderBy('id', 'desc')
    .limit(page.limit);
  if (page.before !== undefined) query = query.where('id', '<', page.before);
  const rows = await query.execute();
  return rows.map((r) => ({
    id: r.id,
    projectId: r.project_id,
    actor: r.actor,
    action: r.action,
    detail: JSON.parse(r.detail) as Record<string, unknown>,
    at: r.at,
  }));
}
