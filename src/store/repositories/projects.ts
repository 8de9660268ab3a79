import { PRESETS, presetByName } from '../../domain/prioritise/presets.js';
import { TwowayError } from '../../domain/errors.js';
import type { Store } from '../open-store.js';
import {
  storedProtocol,
  withProtocolDefaults,
  type Member,
  type Protocol,
  type Role,
} from '../../domain/screening/protocol.js';
import { shippedFrameworks } from '../shipped-frameworks.js';
import { writeTransaction } from '../write-transaction.js';

export type { Member, Protocol, Role } from '../../domain/screening/protocol.js';

export interface Project {
  id: number;
  title: string;
  question: string | null;
  protocol: Protocol;
  createdAt: string;
  members: Member[];
}

/** Creates a project; its creator is its first owner. */
export async function createProject(
  store: Store,
  input: { title: string; question?: string; protocol?: Partial<Protocol>; owner: string },
): Promise<Project> {
  const title = input.title.trim();
  if (!title) throw new TwowayError({ code: 'E_USAGE', message: 'a project needs a title' });
  const now = new Date().toISOString();
  const protocol = withProtocolDefaults(input.protocol ?? {});
  const id = await writeTransaction(store, async (trx) => {
    const row = await trx
      .insertInto('project')
      .values({
        title,
        question: input.question ?? null,
        protocol: JSON.stringify(protocol),
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('member')
      .values({ project_id: row.id, reviewer: input.owner, role: 'owner', added_at: now })
      .execute();
    return row.id;
  });
  return getProject(store, id);
}

export async function getProject(store: Store, id: number): Promise<Project> {
  const row = await store.db.selectFrom('project').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new TwowayError({ code: 'E_NOT_FOUND', message: `there is no project ${id}` });
  const members = await store.db
    .selectFrom('member')
    .select(['reviewer', 'role'])
    .where('project_id', '=', id)
    .orderBy('added_at')
    .execute();
  return {
    id: row.id,
    title: row.title,
    question: row.question,
    protocol: storedProtocol(JSON.parse(row.protocol) as Partial<Protocol>),
    createdAt: row.created_at,
    members,
  };
}

export async function listProjects(
  store: Store,
): Promise<{ id: number; title: string; createdAt: string }[]> {
  const rows = await store.db
    .selectFrom('project')
    .select(['id', 'title', 'created_at'])
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, title: r.title, createdAt: r.created_at }));
}

/**
 * The project a command works on: the one named, or the only one in the database.
 * @example await resolveProject(store, undefined) // the single project, or E_USAGE listing them
 */
export async function resolveProject(store: Store, id: number | undefined): Promise<Project> {
  if (id !== undefined) return getProject(store, id);
  const all = await listProjects(store);
  if (all.length === 1 && all[0]) return getProject(store, all[0].id);
  if (all.length === 0)
    throw new TwowayError({
      code: 'E_NOT_FOUND',
      message: `${store.where} holds no project yet: run \`twoway init --title …\``,
    });
  throw new TwowayError({
    code: 'E_USAGE',
    message: `${store.where} holds ${all.length} projects; say which with --project (${all.map((p) => `${p.id}: ${p.title}`).join('; ')})`,
  });
}

export async function updateProtocol(
  store: Store,
  id: number,
  protocol: Partial<Protocol>,
  question?: string,
): Promise<Project> {
  const current = await getProject(store, id);
  const preset = protocol.prioritisation?.preset;
  if (preset !== undefined && !presetByName(preset))
    throw new TwowayError({
      code: 'E_USAGE',
      message: `no prioritisation preset "${preset}"; presets: ${PRESETS.map((p) => p.name).join(', ')}`,
    });
  const framework = protocol.coding?.framework;
  if (framework !== undefined && framework !== current.protocol.coding.framework) {
    // codings keep the framework they were made with: switching is for a project that has none yet
    const coded = await store.db
      .selectFrom('coding_event')
      .select('id')
      .where('project_id', '=', id)
      .limit(1)
      .executeTakeFirst();
    if (coded)
      throw new TwowayError({
        code: 'E_CONFLICT',
        message: `project ${id} has codings made with ${current.protocol.coding.framework}; it cannot switch to ${framework}`,
      });
    const known = await store.db
      .selectFrom('project_framework')
      .select('id')
      .where('project_id', '=', id)
      .where('framework_id', '=', framework)
      .limit(1)
      .executeTakeFirst();
    if (!known && !shippedFrameworks().some((f) => f.framework.id === framework))
      throw new TwowayError({
        code: 'E_NOT_FOUND',
        message: `no framework "${framework}": import it first (twoway codebook import)`,
      });
  }
  await store.db
    .updateTable('project')
    .set({
      protocol: JSON.stringify({ ...current.protocol, ...protocol }),
      ...(question === undefined ? {} : { question }),
    })
    .where('id', '=', id)
    .execute();
  return getProject(store, id);
}

export async function addMember(
  store: Store,
  projectId: number,
  reviewer: string,
  role: Role,
): Promise<void> {
  await getProject(store, projectId);
  await store.db
    .insertInto('member')
    .values({ project_id: projectId, reviewer, role, added_at: new Date().toISOString() })
    .onConflict((oc) => oc.columns(['project_id', 'reviewer']).doUpdateSet({ role }))
    .execute();
}

/** The projects an account is a member of, with its role in each. */
export async function projectsOf(
  store: Store,
  reviewer: string,
): Promise<{ id: number; title: string; createdAt: string; role: Role }[]> {
  const rows = await store.db
    .selectFrom('project')
    .innerJoin('member', 'member.project_id', 'project.id')
    .select(['project.id', 'project.title', 'project.created_at', 'member.role'])
    .where('member.reviewer', '=', reviewer)
    .orderBy('project.id')
    .execute();
  return rows.map((r) => ({ id: r.id, title: r.title, createdAt: r.created_at, role: r.role }));
}
