import type { Command } from 'commander';
import { codingSheetCsv } from '../domain/codebook/coding-sheet-files.js';
import { TwowayError } from '../domain/errors.js';
import { provenanceTable, rankingTable } from '../domain/prioritise/export-tables.js';
import {
  decisionProvenance,
  isPrioritised,
  latestModel,
  ranking,
  retrain,
  setPriorMark,
} from '../store/repositories/prioritisation-store.js';
import { resolveProject } from '../store/repositories/projects.js';
import { projectScreeningEstimate, recordScreeningStop } from '../store/repositories/stopping-store.js';
import { reviewerName } from './init.js';
import { idOf, WHO } from './option-values.js';
import { writeOutput } from './output-file.js';
import { print, withStore, withStoreOptions, type StoreCliOptions } from './store-option.js';

interface PrioritiseOptions extends StoreCliOptions {
  reviewer?: string;
  output?: string;
  reason?: string;
}

const PRIOR_VALUES: Record<string, boolean | null> = { relevant: true, irrelevant: false, clear: null };

/** `twoway prioritise …`: the model, the stopping estimate, prior knowledge, exports, the record of stopping. */
export function registerPrioritise(program: Command): void {
  const prioritise = program
    .command('prioritise')
    .description('screening prioritisation: the model, the stopping estimate, prior knowledge and exports');
  const command = (name: string, description: string) =>
    withStoreOptions(prioritise.command(name).description(description)).option(...WHO);

  command('status', 'whether records are ranked, the latest model, and what the stopping rules say').action(
    async (options: PrioritiseOptions) => {
      await withStore(options, async (store) => {
        const project = await resolveProject(store, options.project);
        const who = reviewerName(options.reviewer);
        const [active, model, estimate] = await Promise.all([
          isPrioritised(store, project),
          latestModel(store, project.id),
          projectScreeningEstimate(store, project, who),
        ]);
        const { statistical: s, heuristic: h } = estimate;
        print(
          options,
          { active, model: model ?? null, estimate },
          [
            active ? 'records are served by predicted relevance' : 'records are served in import order',
            model
              ? `model version ${model.version} (${model.preset}): ${model.labelled} labelled, ${model.relevant} relevant, ${model.trainedAt}`
              : 'no model yet',
            `screened ${estimate.screened} of ${estimate.records}, ${estimate.relevantFound} relevant, ${estimate.sinceLastRelevant} since the last relevant one`,
            `heuristic (${h.stopAfter} irrelevant in a row): ${h.reached ? 'reached' : 'not reached'}`,
            `statistical rule (recall ≥ ${s.targetRecall} at ${s.confidence} confidence): p = ${s.p.toPrecision(3)}, ${s.mayStop ? 'the team may stop' : `keep screening, or screen ${s.randomSampleNeeded} records left at random`}`,
          ].join('\n'),
        );
      });
    },
  );

  command('retrain', 'train the model now and replace the ranking').action(
    async (options: PrioritiseOptions) => {
      await withStore(options, async (store) => {
        const project = await resolveProject(store, options.project);
        const result = await retrain(store, project.id);
        print(
          options,
          result,
          result.trained
            ? `model version ${result.model.version}: ${result.model.labelled} labelled, ${result.model.records} records ranked in ${result.model.milliseconds} ms`
            : result.reason,
        );
      });
    },
  );

  for (const [name, description] of [
    ['ranking', 'the latest ranking as CSV, best first'],
    ['provenance', 'every decision with the model version and rank it was shown at, as CSV'],
  ] as const)
    command(name, description)
      .option('-o, --output <file>', 'write here instead of standard output')
      .action(async (options: PrioritiseOptions) => {
        await withStore(options, async (store) => {
          const project = await resolveProject(store, options.project);
          const who = reviewerName(options.reviewer);
          const { columns, rows } =
            name === 'ranking'
              ? rankingTable(await ranking(store, project, who))
              : provenanceTable(await decisionProvenance(store, project, who));
          await writeOutput(options.output, codingSheetCsv(columns, rows));
        });
      });

  command('prior', 'mark a record as known relevant or irrelevant before screening, or clear the mark')
    .argument('<record>', 'record id', idOf('the record'))
    .argument('<mark>', 'relevant, irrelevant or clear')
    .action(async (recordId: number, mark: string, options: PrioritiseOptions) => {
      if (!Object.hasOwn(PRIOR_VALUES, mark))
        throw new TwowayError({
          code: 'E_USAGE',
          message: `a prior mark is relevant, irrelevant or clear, not "${mark}"`,
        });
      await withStore(options, async (store) => {
        const project = await resolveProject(store, options.project);
        await setPriorMark(store, project, recordId, PRIOR_VALUES[mark]!, reviewerName(options.reviewer));
        print(options, { recordId, mark }, `record ${recordId}: ${mark}`);
      });
    });

  command('stop', 'record that the team stops screening, and why, with the estimate it stops on')
    .requiredOption('--reason <text>', 'why the team stops (the methods section reports it)')
    .action(async (options: PrioritiseOptions) => {
      await withStore(options, async (store) => {
        const project = await resolveProject(store, options.project);
        const stop = await recordScreeningStop(
          store,
          project,
          reviewerName(options.reviewer),
          options.reason ?? '',
        );
        print(
          options,
          stop,
          `stopped: ${stop.reason} (screened ${stop.estimate.screened} of ${stop.estimate.records}, p = ${stop.estimate.statistical.p.toPrecision(3)})`,
        );
      });
    });
}
