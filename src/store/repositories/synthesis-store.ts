import { sql } from 'kysely';
import type { SynthesisInput } from '../../domain/synthesis/coded-studies.js';
import type { ExportAbout } from '../../domain/synthesis/synthesis-sheets.js';
import type { Store } from '../open-store.js';
import { finalCodings } from './coding-store.js';
import type { Project } from './projects.js';
import { ANY_MEMBER, assertRole } from '../../domain/screening/policy.js';
import { getProject } from './projects.js';

/**
 * What every synthesis is computed from: the final codings of the project's coded studies, with the current
 * codebook; and what every export says about it. Any member may read it.
 *
 * Reading 5,000 studies' codings takes longer than the 200 ms a map may take, so the input is kept per
 * project and read again only when the data it comes from changed. Every table it depends on is append-only
 * (decisions, resolutions, coding events, framework versions, records) or changes in ways counted here
 * (clusters: made, dropped by a new automatic run, undone), so counts and largest ids tell a change, whichever
 * process made it; the protocol (how many reviewers decide) is part of the stamp as well.
 */
interface Kept {
  stamp: string;
  input: SynthesisInput;
}

const kept = new WeakMap<Store, Map<number, Kept>>();
const KEPT_PROJECTS = 8;

/** A stamp of everything the final codings are derived from: equal stamps, equal input. */
async function dataStamp(store: Store, project: Project): Promise<string> {
  const id = project.id;
  const row = await sql<Record<string, string | number | null>>`
    select
      (select count(*) from decision where project_id = ${id}) as decisions,
      (select max(id) from decision where project_id = ${id}) as last_decision,
      (select count(*) from resolution where project_id = ${id}) as resolutions,
      (select max(id) from resolution where project_id = ${id}) as last_resolution,
      (select count(*) from coding_event where project_id = ${id}) as events,
      (select max(id) from coding_event where project_id = ${id}) as last_event,
      (select max(id) from project_framework where project_id = ${id}) as framework,
      (select count(*) from record where project_id = ${id}) as records,
      (select count(*) from duplicate_cluster where project_id = ${id}) as clusters,
      (select max(id) from duplicate_cluster where project_id = ${id}) as last_cluster,
      (select count(*) from duplicate_cluster where project_id = ${id} and undone_at is not null) as undone
  `.execute(store.db);
  return JSON.stringify([row.rows[0], project.protocol]);
}

export async function synthesisInput(
  store: Store,
  projectId: number,
  viewer: string,
): Promise<{ project: Project; input: SynthesisInput; about: ExportAbout }> {
  const project = await getProject(store, projectId);
  assertRole(project, viewer, ANY_MEMBER);
  const stamp = await dataStamp(store, project);
  let projects = kept.get(store);
  if (!projects) kept.set(store, (projects = new Map()));
  let entry = projects.get(projectId);
  if (entry?.stamp !== stamp) {
    const { codebook, studies } = await finalCodings(store, projectId, viewer);
    entry = { stamp, input: { framework: codebook.framework, form: codebook.form, studies } };
    projects.delete(projectId);
    projects.set(projectId, entry);
    if (projects.size > KEPT_PROJECTS) projects.delete(projects.keys().next().value!);
  }
  return {
    project,
    input: entry.input,
    about: {
      framework: entry.input.framework,
      project: project.title,
      generatedAt: new Date().toISOString(),
    },
  };
}
