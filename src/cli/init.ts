import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { createFromTemplate } from '../store/repositories/project-templates.js';
import { createProject } from '../store/repositories/projects.js';
import { shippedTemplates } from '../store/shipped-templates.js';
import { print, withStore, withStoreOptions, type StoreCliOptions } from './store-option.js';

/** The reviewer name CLI actions are recorded under: --reviewer, TWOWAY_REVIEWER, or the login name. */
export function reviewerName(option?: string): string {
  return option ?? process.env.TWOWAY_REVIEWER ?? userInfo().username;
}

export function registerInit(program: Command): void {
  withStoreOptions(
    program
      .command('init')
      .description('create the database (if new) and a review project in it')
      .option('--title <title>', 'the review title (default: the template’s, else "Untitled review")')
      .option(
        '--template <id>',
        `start from a published review: ${shippedTemplates()
          .map((t) => t.id)
          .join(', ')}`,
      )
      .option('--question <question>', 'the review question')
      .option('--reviewer <name>', 'the owner (env: TWOWAY_REVIEWER; default: your login name)'),
    { project: false },
  ).action(
    async (
      options: StoreCliOptions & { title?: string; question?: string; reviewer?: string; template?: string },
    ) => {
      await withStore(options, async (store) => {
        const owner = reviewerName(options.reviewer);
        const project = options.template
          ? await createFromTemplate(store, options.template, owner, options.title)
          : await createProject(store, {
              title: options.title ?? 'Untitled review',
              owner,
              ...(options.question ? { question: options.question } : {}),
            });
        const from = options.template ? ` from template ${options.template}` : '';
        print(options, project, `created project ${project.id} "${project.title}"${from} in ${store.where}`);
      });
    },
  );
}
