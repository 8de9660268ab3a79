import type { SynthesisInput } from '../../domain/synthesis/coded-studies.js';
import type { ExportAbout } from '../../domain/synthesis/synthesis-sheets.js';
import type { Store } from '../open-store.js';
import { finalCodings } from './coding-store.js';
import type { Project } from './projects.js';

/**
 * What every synthesis is computed from: the final codings of the project's coded studies, with the current
 * codebook; and what every export says about it. Any member may read it.
 */
export async function synthesisInput(
  store: Store,
  projectId: number,
  viewer: string,
): Promise<{ project: Project; input: SynthesisInput; about: ExportAbout }> {
  const { codebook, project, studies } = await finalCodings(store, projectId, viewer);
  return {
    project,
    input: { framework: codebook.framework, form: codebook.form, studies },
    about: { framework: codebook.framework, project: project.title, generatedAt: new Date().toISOString() },
  };
}
