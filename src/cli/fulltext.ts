import { basename } from 'node:path';
import type { Command } from 'commander';
import { counted } from '../domain/text/counted.js';
import {
  attachFullText,
  attachFullTextsByName,
  fullTextContent,
  projectFullTexts,
  removeFullText,
} from '../store/repositories/full-text-store.js';
import { resolveProject } from '../store/repositories/projects.js';
import { reviewerName } from './init.js';
import { readBytes } from './input-files.js';
import { idOf, WHO } from './option-values.js';
import { writeOutput } from './output-file.js';
import { print, withStore, withStoreOptions, type StoreCliOptions } from './store-option.js';

interface FullTextOptions extends StoreCliOptions {
  reviewer?: string;
  output?: string;
}

/** `twoway fulltext attach|attach-all|list|get|remove`: records' PDFs at the full-text stage. */
export function registerFullText(program: Command): void {
  const fulltext = program
    .command('fulltext')
    .description("records' full texts (PDFs): attach, attach by file name, list, get, remove");

  withStoreOptions(
    fulltext
      .command('attach')
      .description('attach a PDF to a record (replacing the one it had); the report counts as retrieved')
      .argument('<record>', 'the record id', idOf('<record>'))
      .argument('<file>', 'the PDF')
      .option(...WHO),
  ).action(async (recordId: number, file: string, options: FullTextOptions) => {
    const content = await readBytes(file);
    await withStore(options, async (store) => {
      const project = await resolveProject(store, options.project);
      const attached = await attachFullText(store, {
        project,
        actor: reviewerName(options.reviewer),
        recordId,
        fileName: basename(file),
        content,
      });
      print(
        options,
        attached,
        `${file}: attached to record ${attached.recordId} (${counted(attached.bytes, 'byte')})`,
      );
    });
  });

  withStoreOptions(
    fulltext
      .command('attach-all')
      .description(
        'attach many PDFs, each to the record whose DOI, PMID or PMCID its file name gives (10.1186_1744-8603-8-17.pdf, 22443120.pdf, PMC3359166.pdf)',
      )
      .argument('<files...>', 'the PDFs')
      .option(...WHO),
  ).action(async (files: string[], options: FullTextOptions) => {
    const read: { fileName: string; content: Uint8Array }[] = [];
    for (const file of files) read.push({ fileName: basename(file), content: await readBytes(file) });
    await withStore(options, async (store) => {
      const project = await resolveProject(store, options.project);
      const result = await attachFullTextsByName(store, {
        project,
        actor: reviewerName(options.reviewer),
        files: read,
      });
      print(
        options,
        result,
        [
          `${counted(result.attached.length, 'PDF')} attached, ${result.skipped.length} skipped`,
          ...result.attached.map((a) => `  ${a.fileName}: record ${a.recordId} (by ${a.by.toUpperCase()})`),
          ...result.skipped.map((s) => `  skipped ${s.fileName}: ${s.reason}`),
        ].join('\n'),
      );
      if (result.attached.length === 0) process.exitCode = 2;
    });
  });

  withStoreOptions(
    fulltext
      .command('list')
      .description('the attached PDFs: record, file, size, who attached it')
      .option(...WHO),
  ).action(async (options: FullTextOptions) => {
    await withStore(options, async (store) => {
      const project = await resolveProject(store, options.project);
      const files = await projectFullTexts(store, project, undefined);
      print(
        options,
        files,
        files.length
          ? files
              .map(
                (f) => `${f.recordId}\t${f.fileName}\t${counted(f.bytes, 'byte')}\t${f.uploadedBy}\t${f.at}`,
              )
              .join('\n')
          : 'no full texts attached',
      );
    });
  });

  withStoreOptions(
    fulltext
      .command('get')
      .description("write a record's PDF")
      .argument('<record>', 'the record id', idOf('<record>'))
      .option('-o, --output <file>', 'write here instead of standard output'),
  ).action(async (recordId: number, options: FullTextOptions) => {
    await withStore(options, async (store) => {
      const project = await resolveProject(store, options.project);
      const { content } = await fullTextContent(store, project, undefined, recordId);
      await writeOutput(options.output, content);
    });
  });

  withStoreOptions(
    fulltext
      .command('remove')
      .description("take a record's PDF off (its retrieval stays as said)")
      .argument('<record>', 'the record id', idOf('<record>'))
      .option(...WHO),
  ).action(async (recordId: number, options: FullTextOptions) => {
    await withStore(options, async (store) => {
      const project = await resolveProject(store, options.project);
      const removed = await removeFullText(store, {
        project,
        actor: reviewerName(options.reviewer),
        recordId,
      });
      print(options, removed, `removed ${removed.fileName} from record ${removed.recordId}`);
    });
  });
}
