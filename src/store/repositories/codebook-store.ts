import { FRAMEWORK_EDITORS } from '../../domain/codebook/coding-policy.js';
import { formFaults, type ExtractionForm } from '../../domain/codebook/extraction-form.js';
import { assertNoFaults, frameworkFaults, type Framework } from '../../domain/codebook/framework.js';
import { editFramework, type FrameworkEdit } from '../../domain/codebook/framework-versions.js';
import { TwowayError } from '../../domain/errors.js';
import { ANY_MEMBER, assertRole } from '../../domain/screening/policy.js';
import type { Store } from '../open-store.js';
import { generalForm, shippedFramework } from '../shipped-frameworks.js';
import { storeTransaction } from '../write-transaction.js';
import { audit } from './audit-log.js';
import { getProject, type Project } from './projects.js';

/**
 * A project's codebook: the framework its studies are coded with and the extraction form, every version kept.
 * Until a project edits or codes with it, its framework is the shipped one the protocol names (version as
 * shipped); the first edit or coding stores that version, and every edit adds the next.
 */

export interface Codebook {
  framework: Framework;
  form: ExtractionForm;
  /** Whether this version is stored in the project (false: the shipped framework, not yet used). */
  stored: boolean;
}

function dimensionIds(framework: Framework): string[] {
  return framework.dimensions.map((d) => d.id);
}

function parseCodebook(row: { body: string; form: string }): Codebook {
  return {
    framework: JSON.parse(row.body) as Framework,
    form: JSON.parse(row.form) as ExtractionForm,
    stored: true,
  };
}

/** The project's codebook at its current version (or at `version`, for reading old codings). */
export async function projectCodebook(store: Store, project: Project, version?: number): Promise<Codebook> {
  const frameworkId = project.protocol.coding.framework;
  let query = store.db
    .selectFrom('project_framework')
    .select(['body', 'form'])
    .where('project_id', '=', project.id)
    .where('framework_id', '=', frameworkId);
  query =
    version === undefined ? query.orderBy('version', 'desc').limit(1) : query.where('version', '=', version);
  const row = await query.executeTakeFirst();
  if (row) return parseCodebook(row);
  const shipped = shippedFramework(frameworkId);
  if (version !== undefined && version !== shipped.framework.version)
    throw new TwowayError({
      code: 'E_NOT_FOUND',
      message: `project ${project.id} has no version ${version} of framework ${frameworkId}`,
    });
  return { framework: shipped.framework, form: shipped.form, stored: false };
}

/** Every stored version of the project's framework, oldest first (the shipped one alone when none is stored). */
export async function codebookVersions(
  store: Store,
  project: Project,
): Promise<{ version: number; createdBy: string; createdAt: string }[]> {
  const rows = await store.db
    .selectFrom('project_framework')
    .select(['version', 'created_by', 'created_at'])
    .where('project_id', '=', project.id)
    .where('framework_id', '=', project.protocol.coding.framework)
    .orderBy('version')
    .execute();
  if (rows.length === 0) {
    const shipped = shippedFramework(project.protocol.coding.framework);
    return [{ version: shipped.framework.version, createdBy: 'twoway', createdAt: '' }];
  }
  return rows.map((r) => ({ version: r.version, createdBy: r.created_by, createdAt: r.created_at }));
}

async function storeVersion(
  store: Store,
  projectId: number,
  codebook: Omit<Codebook, 'stored'>,
  actor: string,
): Promise<void> {
  await store.db
    .insertInto('project_framework')
    .values({
      project_id: projectId,
      framework_id: codebook.framework.id,
      version: codebook.framework.version,
      body: JSON.stringify(codebook.framework),
      form: JSON.stringify(codebook.form),
      created_by: actor,
      created_at: new Date().toISOString(),
    })
    .execute();
}

/** Stores the current (shipped) version if the project has none stored yet: codings then point at stored data. */
export async function pinCodebook(store: Store, project: Project, actor: string): Promise<Codebook> {
  const current = await projectCodebook(store, project);
  if (current.stored) return current;
  await storeVersion(store, project.id, current, actor);
  return { ...current, stored: true };
}

/**
 * Applies one edit to the project's framework (owners only): the next version is stored, the edit audited.
 * @example await editCodebook(store, 1, 'ana', { op: 'rename', dimension: 'level', code: 'individual', label: 'Person' })
 */
export async function editCodebook(
  store: Store,
  projectId: number,
  actor: string,
  edit: FrameworkEdit,
): Promise<Codebook> {
  return storeTransaction(store, async (tx) => {
    const project = await getProject(tx, projectId);
    assertRole(project, actor, FRAMEWORK_EDITORS);
    const current = await pinCodebook(tx, project, actor);
    const next = { framework: editFramework(current.framework, edit), form: current.form };
    await storeVersion(tx, projectId, next, actor);
    await audit(tx, {
      projectId,
      actor,
      action: 'framework.edit',
      detail: { ...edit, version: next.framework.version },
    });
    return { ...next, stored: true };
  });
}

/** Replaces the extraction form (owners only): a new version of the codebook with the same codes. */
export async function updateForm(
  store: Store,
  projectId: number,
  actor: string,
  form: unknown,
): Promise<Codebook> {
  return storeTransaction(store, async (tx) => {
    const project = await getProject(tx, projectId);
    assertRole(project, actor, FRAMEWORK_EDITORS);
    const current = await pinCodebook(tx, project, actor);
    assertNoFaults('E_FRAMEWORK_INVALID', 'the form', formFaults(form, dimensionIds(current.framework)));
    const next = {
      framework: { ...current.framework, version: current.framework.version + 1 },
      form: form as ExtractionForm,
    };
    await storeVersion(tx, projectId, next, actor);
    await audit(tx, { projectId, actor, action: 'form.update', detail: { version: next.framework.version } });
    return { ...next, stored: true };
  });
}

/**
 * Makes a framework file the project's (owners only), refused with each fault's JSON path when invalid. A file
 * with the id of the project's framework must carry a higher version than the stored one (history is kept).
 */
export async function importCodebook(
  store: Store,
  projectId: number,
  actor: string,
  input: { framework: unknown; form?: unknown },
): Promise<Codebook> {
  assertNoFaults('E_FRAMEWORK_INVALID', 'the framework', frameworkFaults(input.framework));
  const framework = input.framework as Framework;
  if (input.form !== undefined)
    assertNoFaults('E_FRAMEWORK_INVALID', 'the form', formFaults(input.form, dimensionIds(framework)));
  return storeTransaction(store, async (tx) => {
    const project = await getProject(tx, projectId);
    assertRole(project, actor, FRAMEWORK_EDITORS);
    const latest = await tx.db
      .selectFrom('project_framework')
      .select(['version', 'form'])
      .where('project_id', '=', projectId)
      .where('framework_id', '=', framework.id)
      .orderBy('version', 'desc')
      .executeTakeFirst();
    if (latest && latest.version >= framework.version)
      throw new TwowayError({
        code: 'E_CONFLICT',
        message: `project ${projectId} has version ${latest.version} of ${framework.id}; an import must carry a higher version`,
      });
    if (framework.id !== project.protocol.coding.framework) {
      const coded = await tx.db
        .selectFrom('coding_event')
        .select('id')
        .where('project_id', '=', projectId)
        .limit(1)
        .executeTakeFirst();
      if (coded)
        throw new TwowayError({
          code: 'E_CONFLICT',
          message: `project ${projectId} has codings made with ${project.protocol.coding.framework}; edit that framework, or import a newer version of it, instead of switching to ${framework.id}`,
        });
    }
    let form: ExtractionForm;
    if (input.form !== undefined) form = input.form as ExtractionForm;
    else if (latest) form = JSON.parse(latest.form) as ExtractionForm;
    else form = generalForm(framework);
    await storeVersion(tx, projectId, { framework, form }, actor);
    const protocol = { ...project.protocol, coding: { ...project.protocol.coding, framework: framework.id } };
    await tx.db
      .updateTable('project')
      .set({ protocol: JSON.stringify(protocol) })
      .where('id', '=', projectId)
      .execute();
    await audit(tx, {
      projectId,
      actor,
      action: 'framework.import',
      detail: { framework: framework.id, version: framework.version },
    });
    return { framework, form, stored: true };
  });
}

/** Reading the codebook is for members. */
export async function readCodebook(
  store: Store,
  projectId: number,
  viewer: string,
  version?: number,
): Promise<Codebook> {
  const project = await getProject(store, projectId);
  assertRole(project, viewer, ANY_MEMBER);
  return projectCodebook(store, project, version);
}
