import type { Protocol } from '../../domain/screening/protocol.js';
import type { Store } from '../open-store.js';
import { shippedTemplate } from '../shipped-templates.js';
import { audit } from './audit-log.js';
import { pinCodebook } from './codebook-store.js';
import { createProject, type Project } from './projects.js';
import { saveSearch, searchProject } from './search-store.js';

/**
 * Creates a project from a shipped template: its question and protocol, its saved searches (run once, so
 * they count what the project holds), and its framework with the default form stored as version 1.
 * @example await createFromTemplate(store, 'syed-2012', 'olive')
 */
export async function createFromTemplate(
  store: Store,
  templateId: string,
  owner: string,
  title?: string,
): Promise<Project> {
  const template = shippedTemplate(templateId);
  const project = await createProject(store, {
    title: title ?? template.title,
    question: template.question,
    protocol: template.protocol as Partial<Protocol>,
    owner,
  });
  for (const search of template.savedSearches)
    await saveSearch(
      store,
      project.id,
      search.name,
      await searchProject(store, project.id, search.query, { countOnly: true }),
      owner,
    );
  await pinCodebook(store, project, owner);
  await audit(store, {
    projectId: project.id,
    actor: owner,
    action: 'project.from-template',
    detail: { template: template.id },
  });
  return project;
}
