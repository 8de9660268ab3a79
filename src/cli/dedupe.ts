import type { Command } from 'commander';
import { TwowayError } from '../domain/errors.js';
import {
  activeClusters,
  markNotDuplicate,
  mergeRecords,
  recordProvenance,
  runDedupe,
  undoCluster,
} from '../store/repositories/dedupe-store.js';
import { resolveProject } from '../store/repositories/projects.js';
import { reviewerName } from './init.js';
import { print, withStore, withStoreOptions, type StoreCliOptions } from './store-option.js';
import { counted } from '../domain/text/counted.js';

interface DedupeCliOptions extends StoreCliOptions {
  auto?: boolean;
  review?: boolean;
  reviewer?: string;
}

export function registerDedupe(program: Command): void {
  const dedupe = withStoreOptions(
    program
      .command('dedupe')
      .description(
        'find duplicate records; --auto merges the certain ones (nothing is deleted), --review lists the uncertain pairs',
      )
      .option('--auto', 'merge the pairs the rules are sure of')
      .option('--review', 'list the pairs a person should decide')
      .option('--reviewer <name>', 'who runs it (env: TWOWAY_REVIEWER; default: your login name)'),
  ).action(async (options: DedupeCliOptions) => {
    await withStore(options, async (store) => {
      const project = await resolveProject(store, options.project);
      const run = await runDedupe(store, project.id, {
        apply: Boolean(options.auto),
        reviewer: reviewerName(options.reviewer),
      });
      const provenance = await recordProvenance(store, project.id);
      const describe = (index: number) => provenance.get(run.records[index]!.id)!;
      const clusters = run.result.clusters.map((c) => ({
        canonical: describe(c.canonical).recordId,
        members: c.members.map(describe),
        pairs: c.pairs.map((p) => ({
          a: describe(p.a).recordId,
          b: describe(p.b).recordId,
          rule: p.rule,
          score: Number(p.score.toFixed(4)),
        })),
      }));
      const review = run.result.review.map((p) => ({
        a: describe(p.a),
        b: describe(p.b),
        score: Number(p.score.toFixed(4)),
        reasons: p.reasons,
      }));
      const removed = clusters.reduce((n, c) => n + c.members.length - 1, 0);
      const lines = [
        `${counted(clusters.length, 'duplicate cluster')} (${counted(removed, 'record')} to set aside as duplicates), ${counted(review.length, 'pair')} for review` +
          (options.auto
            ? `; merged (${counted(run.newClusters, 'new cluster')})`
            : '; nothing written (use --auto to merge)'),
      ];
      if (options.review)
        for (const p of review)
          lines.push(
            `  #${p.a.recordId} (${p.a.file}:${p.a.line}) ~ #${p.b.recordId} (${p.b.file}:${p.b.line}) score ${p.score}: ${p.reasons.join('; ') || 'similar titles'}\n    ${p.a.title}\n    ${p.b.title}`,
          );
      // after --auto, the clusters in force, with the ids `dedupe undo` takes
      const stored = options.auto ? await activeClusters(store, project.id) : undefined;
      print(
        options,
        { clusters, review, applied: Boolean(options.auto), ...(stored ? { stored } : {}) },
        lines.join('\n'),
      );
    });
  });
  const ids = (values: string[]): number[] =>
    values.map((v) => {
      if (!/^\d+$/.test(v))
        throw new TwowayError({ code: 'E_USAGE', message: `record ids are numbers, not "${v}"` });
      return Number(v);
    });
  withStoreOptions(
    dedupe
      .command('merge')
      .description('merge records a person judged to be duplicates')
      .argument('<records...>', 'record ids (two or more)')
      .option('--reviewer <name>', 'who decides (env: TWOWAY_REVIEWER)'),
  ).action(async (records: string[], options: DedupeCliOptions) => {
    await withStore(options, async (store) => {
      const project = await resolveProject(store, options.project);
      const cluster = await mergeRecords(store, project.id, ids(records), reviewerName(options.reviewer));
      print(options, { cluster }, `merged records ${records.join(', ')} as cluster ${cluster}`);
    });
  });
  withStoreOptions(
    dedupe
      .command('not-duplicate')
      .description('remember that two records are not duplicates (they leave the review queue for good)')
      .argument('<a>', 'record id')
      .argument('<b>', 'record id')
      .option('--reviewer <name>', 'who decides (env: TWOWAY_REVIEWER)'),
  ).action(async (a: string, b: string, options: DedupeCliOptions) => {
    await withStore(options, async (store) => {
      const project = await resolveProject(store, options.project);
      const [x, y] = ids([a, b]);
      await markNotDuplicate(store, project.id, x!, y!, reviewerName(options.reviewer));
      print(options, { notDuplicate: [x, y] }, `records ${a} and ${b} are not duplicates`);
    });
  });
  withStoreOptions(
    dedupe
      .command('undo')
      .description('undo a merge: the cluster stays as history, its records are screened apart again')
      .argument('<cluster>', 'cluster id (see dedupe --json on a database with merges)')
      .option('--reviewer <name>', 'who decides (env: TWOWAY_REVIEWER)'),
  ).action(async (cluster: string, options: DedupeCliOptions) => {
    await withStore(options, async (store) => {
      const project = await resolveProject(store, options.project);
      await undoCluster(store, project.id, ids([cluster])[0]!, reviewerName(options.reviewer));
      print(options, { undone: Number(cluster) }, `cluster ${cluster} undone`);
    });
  });
}
