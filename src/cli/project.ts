import { Option, type Command } from 'commander';
import { TwowayError } from '../domain/errors.js';
import {
  addMember,
  resolveProject,
  updateProtocol,
  type Protocol,
  type Role,
} from '../store/repositories/projects.js';
import { print, withStore, withStoreOptions, type StoreCliOptions } from './store-option.js';
import { collect } from './option-values.js';

interface ProtocolOptions extends StoreCliOptions {
  question?: string;
  reason: string[];
  include: string[];
  exclude: string[];
  language: string[];
  sourcePlanned: string[];
  fromYear?: string;
  toYear?: string;
  reviewers?: string;
  blind?: boolean;
  coders?: string;
  codingBlind?: boolean;
}

export function registerProject(program: Command): void {
  withStoreOptions(
    program
      .command('protocol')
      .description("show or change the project's protocol (lists given here replace the stored ones)")
      .option('--question <text>', 'the review question')
      .option('--reason <text>', 'an exclusion reason (repeatable)', collect, [])
      .option('--include <criterion>', 'an inclusion criterion (repeatable)', collect, [])
      .option('--exclude <criterion>', 'an exclusion criterion (repeatable)', collect, [])
      .option('--language <code>', 'a language of the evidence, e.g. eng (repeatable)', collect, [])
      .option('--source-planned <name>', 'a source planned in the protocol (repeatable)', collect, [])
      .option('--from-year <year>', 'first publication year')
      .option('--to-year <year>', 'last publication year')
      .addOption(new Option('--reviewers <n>', 'independent reviewers per record').choices(['1', '2']))
      .option('--blind', 'reviewers do not see each other’s votes until a record is decided')
      .option('--no-blind', 'reviewers see each other’s votes')
      .addOption(new Option('--coders <n>', 'independent coders per included study').choices(['1', '2']))
      .option('--coding-blind', 'coders do not see each other’s coding until both have submitted')
      .option('--no-coding-blind', 'coders see each other’s codings'),
  ).action(async (options: ProtocolOptions) => {
    await withStore(options, async (store) => {
      const project = await resolveProject(store, options.project);
      const change: Partial<Protocol> = {};
      if (options.reason.length) change.exclusionReasons = options.reason;
      if (options.include.length) change.inclusionCriteria = options.include;
      if (options.exclude.length) change.exclusionCriteria = options.exclude;
      if (options.language.length) change.languages = options.language;
      if (options.sourcePlanned.length) change.plannedSources = options.sourcePlanned;
      const year = (v: string | undefined, name: string): number | undefined => {
        if (v === undefined) return undefined;
        if (!/^\d{4}$/.test(v))
          throw new TwowayError({ code: 'E_USAGE', message: `${name} takes a year, not "${v}"` });
        return Number(v);
      };
      const from = year(options.fromYear, '--from-year');
      const to = year(options.toYear, '--to-year');
      if (from !== undefined || to !== undefined)
        change.dateRange = {
          ...project.protocol.dateRange,
          ...(from ? { from } : {}),
          ...(to ? { to } : {}),
        };
      if (options.reviewers || options.blind !== undefined)
        change.screening = {
          reviewersRequired: options.reviewers
            ? (Number(options.reviewers) as 1 | 2)
            : project.protocol.screening.reviewersRequired,
          blind: options.blind ?? project.protocol.screening.blind,
        };
      if (options.coders || options.codingBlind !== undefined)
        change.coding = {
          ...project.protocol.coding,
          codersRequired: options.coders
            ? (Number(options.coders) as 1 | 2)
            : project.protocol.coding.codersRequired,
          blind: options.codingBlind ?? project.protocol.coding.blind,
        };
      const updated =
        Object.keys(change).length || options.question
          ? await updateProtocol(store, project.id, change, options.question)
          : project;
      print(options, updated, JSON.stringify({ question: updated.question, ...updated.protocol }, null, 2));
    });
  });
  withStoreOptions(
    program
      .command('member')
      .description('add a reviewer to the project, or change their role')
      .argument('<name>', 'the reviewer name')
      .addOption(
        new Option('--role <role>', 'role in the project')
          .choices(['owner', 'reviewer', 'viewer'])
          .default('reviewer'),
      ),
  ).action(async (name: string, options: StoreCliOptions & { role: Role }) => {
    await withStore(options, async (store) => {
      const project = await resolveProject(store, options.project);
      await addMember(store, project.id, name, options.role);
      print(
        options,
        { reviewer: name, role: options.role },
        `${name} is now ${options.role} of project ${project.id}`,
      );
    });
  });
}
