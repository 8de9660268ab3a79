import { TwowayError } from '../../domain/errors.js';
import { assertMayTag, assertRole, OWNERS } from '../../domain/screening/policy.js';
import { tagName } from '../../domain/screening/tags.js';
import type { Store } from '../open-store.js';
import { storeTransaction } from '../write-transaction.js';
import { audit, auditBulk } from './audit-log.js';
import { canonicalIds, clusterPeers } from './dedupe-store.js';
import type { Project } from './projects.js';
import { assertProjectRecords } from './stored-records.js';

/**
 * The team's tags on records. A tag is made by its first use; it is carried by a record and seen on its whole
 * duplicate cluster (the union of its members' tags), by every member of the project — tags are the team's
 * notes to itself, not votes. Every change is audited.
 */

/** Ids bound per statement. */
const CHUNK = 500;

export interface ProjectTag {
  name: string;
  /** Records (after deduplication) that carry it. */
  records: number;
}

/** Canonical record id → the names of the tags its cluster carries, sorted. */
export async function tagsByRecord(
  store: Store,
  projectId: number,
  canonical?: ReadonlyMap<number, number>,
): Promise<Map<number, string[]>> {
  const toCanonical = canonical ?? (await canonicalIds(store, projectId));
  const rows = await store.db
    .selectFrom('record_tag as rt')
    .innerJoin('tag as t', 't.id', 'rt.tag_id')
    .select(['rt.record_id', 't.name'])
    .where('rt.project_id', '=', projectId)
    .execute();
  const out = new Map<number, Set<string>>();
  for (const r of rows) {
    const id = toCanonical.get(r.record_id) ?? r.record_id;
    let names = out.get(id);
    if (!names) out.set(id, (names = new Set()));
    names.add(r.name);
  }
  return new Map([...out].map(([id, names]) => [id, [...names].sort((a, b) => a.localeCompare(b, 'en'))]));
}

/** The project's tags with the number of records that carry each, by name. */
export async function projectTags(store: Store, projectId: number): Promise<ProjectTag[]> {
  const tags = await store.db
    .selectFrom('tag')
    .select('name')
    .where('project_id', '=', projectId)
    .orderBy('name_key')
    .execute();
  const counts = new Map<string, number>();
  for (const names of (await tagsByRecord(store, projectId)).values())
    for (const name of names) counts.set(name, (counts.get(name) ?? 0) + 1);
  return tags.map((t) => ({ name: t.name, records: counts.get(t.name) ?? 0 }));
}

/**
 * Adds a tag to records (making the tag on first use) or takes it off them (off every record of their
 * clusters). A record at a time: owners and reviewers; more: owners (assertMayTag). Refused when a record is
 * not the project's; nothing is written then. Returns how many records changed.
 */
export async function tagRecords(
  store: Store,
  input: { project: Project; actor: string; tag: string; recordIds: readonly number[]; remove?: boolean },
): Promise<{ tag: string; changed: number }> {
  const { project, actor } = input;
  const recordIds = [...new Set(input.recordIds)];
  assertMayTag(project, actor, recordIds.length);
  const { name, key } = tagName(input.tag);
  return storeTransaction(store, async (tx) => {
    await assertProjectRecords(tx, project.id, recordIds);
    const canonical = await canonicalIds(tx, project.id);
    const existing = await tx.db
      .selectFrom('tag')
      .select(['id', 'name'])
      .where('project_id', '=', project.id)
      .where('name_key', '=', key)
      .executeTakeFirst();
    if (!existing && input.remove)
      throw new TwowayError({ code: 'E_NOT_FOUND', message: `no tag "${name}" in project ${project.id}` });
    const at = new Date().toISOString();
    const tag =
      existing ??
      (await tx.db
        .insertInto('tag')
        .values({ project_id: project.id, name, name_key: key, created_by: actor, created_at: at })
        .returning(['id', 'name'])
        .executeTakeFirstOrThrow());
    // what each cluster carries now
    const tagged = new Set(
      (await tx.db.selectFrom('record_tag').select('record_id').where('tag_id', '=', tag.id).execute()).map(
        (r) => canonical.get(r.record_id) ?? r.record_id,
      ),
    );
    const clusters = [...new Set(recordIds.map((id) => canonical.get(id) ?? id))];
    const changing = clusters.filter((id) => tagged.has(id) === Boolean(input.remove));
    if (input.remove) {
      const members = new Set(changing);
      const rows = [...canonical].filter(([, c]) => members.has(c)).map(([id]) => id);
      const all = [...new Set([...changing, ...rows])];
      for (let i = 0; i < all.length; i += CHUNK)
        await tx.db
          .deleteFrom('record_tag')
          .where('tag_id', '=', tag.id)
          .where('record_id', 'in', all.slice(i, i + CHUNK))
          .execute();
    } else
      for (let i = 0; i < changing.length; i += CHUNK)
        await tx.db
          .insertInto('record_tag')
          .values(
            changing.slice(i, i + CHUNK).map((id) => ({
              project_id: project.id,
              record_id: id,
              tag_id: tag.id,
              tagged_by: actor,
              at,
            })),
          )
          .execute();
    await auditBulk(
      tx,
      {
        projectId: project.id,
        actor,
        action: input.remove ? 'tag.remove' : 'tag.add',
        detail: { tag: tag.name },
      },
      changing,
    );
    return { tag: tag.name, changed: changing.length };
  });
}

/** Deletes a tag from the project and from every record that carried it (owners; audited). */
export async function deleteTag(
  store: Store,
  input: { project: Project; actor: string; tag: string },
): Promise<{ tag: string; records: number }> {
  assertRole(input.project, input.actor, OWNERS);
  const { key, name } = tagName(input.tag);
  return storeTransaction(store, async (tx) => {
    const tag = await tx.db
      .selectFrom('tag')
      .select(['id', 'name'])
      .where('project_id', '=', input.project.id)
      .where('name_key', '=', key)
      .executeTakeFirst();
    if (!tag)
      throw new TwowayError({
        code: 'E_NOT_FOUND',
        message: `no tag "${name}" in project ${input.project.id}`,
      });
    const { n } = await tx.db
      .selectFrom('record_tag')
      .select((e) => e.fn.countAll<number>().as('n'))
      .where('tag_id', '=', tag.id)
      .executeTakeFirstOrThrow();
    await tx.db.deleteFrom('record_tag').where('tag_id', '=', tag.id).execute();
    await tx.db.deleteFrom('tag').where('id', '=', tag.id).execute();
    await audit(tx, {
      projectId: input.project.id,
      actor: input.actor,
      action: 'tag.delete',
      detail: { tag: tag.name, records: Number(n) },
    });
    return { tag: tag.name, records: Number(n) };
  });
}

/** The tags one record's duplicate cluster carries, sorted by name. */
export async function recordTags(store: Store, projectId: number, recordId: number): Promise<string[]> {
  const peers = await clusterPeers(store, projectId, [recordId]);
  const members = peers.length > 0 ? peers.map((p) => p.recordId) : [recordId];
  const rows = await store.db
    .selectFrom('record_tag as rt')
    .innerJoin('tag as t', 't.id', 'rt.tag_id')
    .select('t.name')
    .distinct()
    .where('rt.project_id', '=', projectId)
    .where('rt.record_id', 'in', members)
    .execute();
  return rows.map((r) => r.name).sort((a, b) => a.localeCompare(b, 'en'));
}
