import type { Command } from 'commander';
import { describeWork, type WorkCounts } from '../domain/dedupe/import-removal.js';
import { TwowayError } from '../domain/errors.js';
import { counted } from '../domain/text/counted.js';
import {
  removeImport,
  previewImportRemoval,
  type ImportRemoval,
} from '../store/repositories/import-removal.js';
import { resolveProject } from '../store/repositories/projects.js';
import { projectSearches } from '../store/repositories/searches.js';
import { reviewerName } from './init.js';
import { idOf, WHO } from './option-values.js';
import { print, withStore, withStoreOptions, type StoreCliOptions } from './store-option.js';

interface ImportsOptions extends StoreCliOptions {
  reviewer?: string;
  discardWork?: boolean;
  dryRun?: boolean;
}

const work = (w: WorkCounts): string => describeWork(w) || 'no work';

/** What a removal does, in lines. */
function removalText(r: ImportRemoval, done: boolean): string {
  return [
    `${done ? 'removed' : 'would remove'} search ${r.searchId} (${r.source}, ${r.fileName}): ${counted(r.records, 'record')}`,
    `  ${counted(r.keptThroughDuplicates, 'record')} found by other imports too: their ${work(r.moved)} ${done ? 'moved' : 'move'} to those records`,
    `  records only this import found: ${work(r.discarded)} ${done ? 'removed' : 'removed with them'}`,
    ...(r.clustersDissolved
      ? [`  ${counted(r.clustersDissolved, 'duplicate cluster')} left with one record, dissolved`]
      : []),
  ].join('\n');
}

/** `twoway imports list|remove`: the project's imports (searches), and taking a wrong one out again. */
export function registerImports(program: Command): void {
  const imports = program
    .command('imports')
    .description("the project's imports (one search each): list, remove");
  withStoreOptions(
    imports
      .command('list')
      .description(
        'the imports: id, source, file, records, the date it was run (else imported), the search it re-runs',
      ),
  ).action(async (options: ImportsOptions) => {
    await withStore(options, async (store) => {
      const project = await resolveProject(store, options.project);
      const searches = await projectSearches(store, project.id);
      print(
        options,
        searches.map(({ report: _report, ...s }) => s),
        searches.length
          ? searches
              .map(
                (s) =>
                  `${s.id}\t${s.source}\t${s.fileName}\t${counted(s.recordsRead, 'record')}\t${s.runDate ?? s.importedAt}${s.rerunOf !== null ? `\tre-run of ${s.rerunOf}` : ''}`,
              )
              .join('\n')
          : 'no imports yet',
      );
    });
  });
  withStoreOptions(
    imports
      .command('remove')
      .description(
        'remove an import: its records leave the review and PRISMA; work on records other imports found too moves to those',
      )
      .argument('<search-id>', 'the import, as `twoway imports list` numbers it', idOf('<search-id>'))
      .option('--dry-run', 'say what would happen, change nothing')
      .option('--discard-work', 'also remove the decisions and codings on records only this import found')
      .option(...WHO),
  ).action(async (searchId: number, options: ImportsOptions) => {
    await withStore(options, async (store) => {
      const project = await resolveProject(store, options.project);
      if (options.dryRun) {
        const preview = await previewImportRemoval(store, project.id, searchId);
        print(options, preview, removalText(preview, false));
        return;
      }
      try {
        const removed = await removeImport(store, project.id, searchId, reviewerName(options.reviewer), {
          discardWork: Boolean(options.discardWork),
        });
        print(options, removed, removalText(removed, true));
      } catch (error) {
        if (error instanceof TwowayError && error.code === 'E_CONFLICT')
          throw new TwowayError({ code: 'E_CONFLICT', message: `${error.message} (--discard-work)` });
        throw error;
      }
    });
  });
}
