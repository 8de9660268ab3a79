import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { createProject } from '../store/repositories/projects.js';
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
      .option('--title <title>', 'the review title', 'Untitled review')
      .option('--question <question>', 'the review question')
      .option('--reviewer <name>', 'the owner (env: TWOWAY_REVIEWER; default: your login name)'),
    { project: false },
  ).action(async (options: StoreCliOptions & { title: string; question?: string; reviewer?: string }) => {
    await withStore(options, async (store) => {
      const project = await createProject(store, {
        title: options.title,
        owner: reviewerName(options.reviewer),
        ...(options.question ? { question: options.question } : {}),
      });
      print(options, project, `created project ${project.id} "${project.title}" in ${store.where}`);
    });
  });
}
