import type { Command } from 'commander';
import { runDedupe } from '../store/dedupe-store.js';
import { resolveProject } from '../store/projects.js';
import { reviewerName } from './init.js';
import { print, withStore, withStoreOptions, type StoreCliOptions } from './store-option.js';

interface DedupeCliOptions extends StoreCliOptions {
  auto?: boolean;
  review?: boolean;
  reviewer?: string;
}

export function registerDedupe(program: Command): void {
  withStoreOptions(
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
      const rows = await store.db
        .selectFrom('record')
        .innerJoin('search', 'search.id', 'record.search_id')
        .select([
          'record.id',
          'record.source_id',
          'record.pmid',
          'record.doi',
          'record.title',
          'record.file_line',
          'search.file_name',
          'search.source',
        ])
        .where('record.project_id', '=', project.id)
        .execute();
      const byId = new Map(rows.map((r) => [r.id, r]));
      const describe = (index: number) => {
        const r = byId.get(run.records[index]!.id)!;
        return {
          recordId: r.id,
          sourceId: r.source_id,
          pmid: r.pmid,
          doi: r.doi,
          title: r.title,
          file: r.file_name,
          line: r.file_line,
          source: r.source,
        };
      };
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
        `${clusters.length} duplicate clusters (${removed} records to set aside as duplicates), ${review.length} pairs for review` +
          (options.auto
            ? `; merged (${run.newClusters} new clusters)`
            : '; nothing written (use --auto to merge)'),
      ];
      if (options.review)
        for (const p of review)
          lines.push(
            `  #${p.a.recordId} (${p.a.file}:${p.a.line}) ~ #${p.b.recordId} (${p.b.file}:${p.b.line}) score ${p.score}: ${p.reasons.join('; ') || 'similar titles'}\n    ${p.a.title}\n    ${p.b.title}`,
          );
      print(options, { clusters, review, applied: Boolean(options.auto) }, lines.join('\n'));
    });
  });
}
