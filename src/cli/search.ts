import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Option, type Command } from 'commander';
import { TwowayError } from '../domain/errors.js';
import { formatById } from '../domain/formats/index.js';
import type { MeshVocabulary } from '../domain/mesh/vocabulary.js';
import { personToString } from '../domain/record/bib-record.js';
import { exportableRecordsById } from '../store/repositories/export-records.js';
import { loadMesh } from '../store/mesh-data.js';
import type { Store } from '../store/open-store.js';
import { resolveProject } from '../store/repositories/projects.js';
import {
  duplicatesBeside,
  savedSearches,
  savedSearchQuery,
  saveSearch,
  searchHistory,
  searchProject,
  type SearchResult,
} from '../store/repositories/search-store.js';
import { loadRecordsById } from '../store/repositories/stored-records.js';
import { WRITABLE_FORMATS } from './convert.js';
import { reviewerName } from './init.js';
import { print, withStore, withStoreOptions, type StoreCliOptions } from './store-option.js';
import { counted } from '../domain/text/counted.js';

interface SearchCliOptions extends StoreCliOptions {
  count?: boolean;
  everyRecord?: boolean;
  explain?: boolean;
  format?: string;
  output?: string;
  save?: string;
  run?: string;
  saved?: boolean;
  history?: boolean;
  mesh?: string;
  limit: number;
  reviewer?: string;
}

/** How many matching records were counted with the canonical record of their duplicate cluster, if any. */
function setAsideNote(result: SearchResult): string {
  return result.duplicatesSetAside
    ? ` (${counted(result.duplicatesSetAside, 'duplicate')} set aside; --every-record counts them too)`
    : '';
}

/** The search details, as PubMed's "Search details" box shows them, and how they were run. */
function explainText(result: SearchResult): string {
  const r = result.resolved;
  const lines = [`Query:        ${r.query}`, `Translation:  ${r.translation}`];
  for (const m of r.mesh) {
    const shown = m.searched.slice(0, 12).join('; ');
    const more = m.searched.length > 12 ? `; … (${m.searched.length - 12} more)` : '';
    lines.push(
      `MeSH:         "${m.term}" → ${m.descriptor ?? '(not in the vocabulary)'}${m.exploded ? `, exploded to ${counted(m.searched.length, 'descriptor')}` : ', not exploded'}: ${shown}${more}`,
    );
  }
  for (const m of r.mapped)
    lines.push(`Mapped:       "${m.term}" → MeSH "${m.descriptor}" (automatic term mapping)`);
  for (const w of r.warnings) lines.push(`Warning:      ${w}`);
  lines.push(
    `Ran as:       ${result.compiled.engine}${result.compiled.text ? ` ${result.compiled.text}` : ' (SQL only)'}`,
  );
  lines.push(`Found:        ${counted(result.count, 'record')}${setAsideNote(result)}`);
  return lines.join('\n');
}

async function listRecords(
  store: Store,
  projectId: number,
  result: SearchResult,
  options: { limit: number; everyRecord: boolean },
): Promise<string> {
  const ids = (result.ids ?? []).slice(0, options.limit);
  const shown = await loadRecordsById(store, projectId, ids);
  const beside = options.everyRecord
    ? new Map<number, number>()
    : await duplicatesBeside(store, projectId, ids);
  const lines = shown.map(({ id, record }) => {
    const author = record.authors?.[0] ? personToString(record.authors[0]) : '';
    const others = beside.get(id);
    return `${String(id).padStart(7)}  ${record.date?.year ?? '    '}  ${author.slice(0, 24).padEnd(24)}  ${record.title ?? '(no title)'}${others ? `  [+${counted(others, 'duplicate')}]` : ''}`;
  });
  const more =
    result.count > shown.length
      ? `\n… ${result.count - shown.length} more (use --format to export them all)`
      : '';
  return `${lines.join('\n')}${more}`;
}

export function registerSearch(program: Command): void {
  withStoreOptions(
    program
      .command('search')
      .description("search the project's records with PubMed syntax and MeSH")
      .argument(
        '[query]',
        'a PubMed query, e.g. \'"developing countries"[mh] AND 1990:2010[dp]\'; #n names a search of the history',
      )
      .option('--count', 'print only the number of records found')
      .option(
        '--every-record',
        'every matching record, duplicates too (by default a duplicate cluster counts once, as its canonical record)',
      )
      .option(
        '--explain',
        'print the search details: translation, MeSH explosion, term mapping, the compiled query',
      )
      .addOption(
        new Option('--format <format>', 'write the records found in this format').choices([
          ...WRITABLE_FORMATS,
        ]),
      )
      .option('-o, --output <file>', 'with --format: write here instead of standard output')
      .option('--save <name>', 'keep the search under this name')
      .option('--run <name>', 'run the saved search of this name')
      .option('--saved', 'list the saved searches')
      .option('--history', "list the project's search history")
      .option(
        '--mesh <file>',
        'MeSH vocabulary: NLM desc20xx.xml or Twoway compact JSON (env: TWOWAY_MESH; default: the MeSH 2024 build shipped)',
      )
      .addOption(
        new Option('--limit <n>', 'records listed on the terminal').default(20).argParser((v) => Number(v)),
      )
      .option(
        '--reviewer <name>',
        'who searches, for the history (env: TWOWAY_REVIEWER; default: your login name)',
      ),
  ).action(async (query: string | undefined, options: SearchCliOptions) => {
    await withStore(options, async (store) => {
      const project = await resolveProject(store, options.project);
      if (options.history || options.saved) {
        const lines = options.history
          ? (await searchHistory(store, project.id)).map((h) => ({
              row: h,
              text: `#${h.number}  ${String(h.resultCount).padStart(7)}  ${h.runAt.slice(0, 16)}  ${h.runBy}  ${h.query}`,
            }))
          : (await savedSearches(store, project.id)).map((s) => ({
              row: s,
              text: `${s.name}  ${counted(s.resultCount, 'record')} (${s.lastRunAt.slice(0, 10)})  ${s.query}`,
            }));
        const none = options.history ? 'no searches yet' : 'no saved searches';
        print(
          options,
          lines.map((l) => l.row),
          lines.map((l) => l.text).join('\n') || none,
        );
        return;
      }
      const text = options.run ? await savedSearchQuery(store, project.id, options.run) : query;
      if (!text)
        throw new TwowayError({
          code: 'E_USAGE',
          message: 'give a query, --run <name>, --saved or --history',
        });
      const mesh: MeshVocabulary = await loadMesh(options.mesh ?? process.env.TWOWAY_MESH);
      const result = await searchProject(store, project.id, text, {
        mesh,
        recordAs: reviewerName(options.reviewer),
        countOnly: Boolean(options.count || options.explain) && !options.format,
        everyRecord: Boolean(options.everyRecord),
      });
      const saveAs = options.save ?? options.run;
      if (saveAs) await saveSearch(store, project.id, saveAs, result, reviewerName(options.reviewer));
      for (const w of result.resolved.warnings) process.stderr.write(`warning: ${w}\n`);
      if (options.format) {
        const records = await exportableRecordsById(store, project.id, result.ids ?? []);
        const target = options.output ? createWriteStream(options.output) : process.stdout;
        await pipeline(Readable.from(formatById(options.format)!.write(records)), target, {
          end: Boolean(options.output),
        });
        if (options.output)
          process.stderr.write(`${counted(records.length, 'record')} written to ${options.output}\n`);
        return;
      }
      const json = {
        query: result.resolved.query,
        translation: result.resolved.translation,
        count: result.count,
        duplicatesSetAside: result.duplicatesSetAside,
        history: result.historyNumber,
        mesh: result.resolved.mesh,
        mapped: result.resolved.mapped,
        warnings: result.resolved.warnings,
        compiled: result.compiled,
        ...(result.ids ? { ids: result.ids } : {}),
      };
      if (options.count) print(options, json, String(result.count));
      else if (options.explain) print(options, json, explainText(result));
      else
        print(
          options,
          json,
          `#${result.historyNumber}  ${counted(result.count, 'record')}${setAsideNote(result)}  ${result.resolved.translation}\n${await listRecords(store, project.id, result, { limit: options.limit, everyRecord: Boolean(options.everyRecord) })}`,
        );
    });
  });
}
