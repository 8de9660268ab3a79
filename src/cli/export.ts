import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Option, type Command } from 'commander';
import { mergeCluster } from '../domain/dedupe/dedupe.js';
import { formatById } from '../domain/formats/index.js';
import type { BibRecord } from '../domain/record/bib-record.js';
import { activeClusters, loadProjectRecords } from '../store/dedupe-store.js';
import { resolveProject } from '../store/projects.js';
import { screeningStatuses } from '../store/screening-store.js';
import { WRITABLE_FORMATS } from './convert.js';
import { withStore, withStoreOptions, type StoreCliOptions } from './store-option.js';

interface ExportOptions extends StoreCliOptions {
  format: string;
  stage?: string;
  output?: string;
}

export function registerExport(program: Command): void {
  withStoreOptions(
    program
      .command('export')
      .description("export the project's records, duplicates merged into their canonical record")
      .addOption(
        new Option('--format <format>', 'output format').choices([...WRITABLE_FORMATS]).makeOptionMandatory(),
      )
      .addOption(
        new Option('--stage <which>', 'only the records included at a stage').choices([
          'title-abstract',
          'full-text',
          'included',
        ]),
      )
      .option('-o, --output <file>', 'write here instead of standard output'),
  ).action(async (options: ExportOptions) => {
    await withStore(options, async (store) => {
      const project = await resolveProject(store, options.project);
      const stored = await loadProjectRecords(store, project.id);
      const index = new Map(stored.map((r, i) => [r.id, i]));
      const records = stored.map((r) => r.record);
      const merged = new Map<number, BibRecord>();
      const setAside = new Set<number>();
      for (const c of await activeClusters(store, project.id)) {
        const members = c.members.map((m) => index.get(m.recordId)!);
        const canonical = index.get(c.canonicalRecordId)!;
        merged.set(c.canonicalRecordId, mergeCluster(records, { canonical, members, pairs: [] }));
        for (const m of c.members) if (m.recordId !== c.canonicalRecordId) setAside.add(m.recordId);
      }
      let keep: Set<number> | undefined;
      if (options.stage) {
        const stage = options.stage === 'included' ? 'full-text' : options.stage;
        keep = new Set(
          (await screeningStatuses(store, project.id, stage))
            .filter((s) => s.state === 'included')
            .map((s) => s.recordId),
        );
      }
      const out = stored
        .filter((r) => !setAside.has(r.id) && (!keep || keep.has(r.id)))
        .map((r) => merged.get(r.id) ?? r.record);
      const writer = formatById(options.format)!;
      const target = options.output ? createWriteStream(options.output) : process.stdout;
      await pipeline(Readable.from(writer.write(out)), target, { end: Boolean(options.output) });
      if (options.output) process.stderr.write(`${out.length} records written to ${options.output}\n`);
    });
  });
}
