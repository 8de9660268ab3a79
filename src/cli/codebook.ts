import type { Command } from 'commander';
import type { Framework } from '../domain/codebook/framework.js';
import type { FrameworkEdit } from '../domain/codebook/framework-versions.js';
import { PUBLISHED_SCHEMAS } from '../domain/codebook/published-schemas.js';
import { TwowayError } from '../domain/errors.js';
import {
  codebookVersions,
  editCodebook,
  importCodebook,
  readCodebook,
} from '../store/repositories/codebook-store.js';
import { resolveProject } from '../store/repositories/projects.js';
import { shippedFrameworks } from '../store/shipped-frameworks.js';
import { reviewerName } from './init.js';
import { print, withStore, withStoreOptions, type StoreCliOptions } from './store-option.js';
import { readJsonFile } from './input-files.js';
import { writeOutput } from './output-file.js';

/** A framework as text: each dimension with its status badge, then its codes. */
export function frameworkText(framework: Framework): string {
  const lines = [`${framework.title} — ${framework.id} version ${framework.version}`];
  for (const d of framework.dimensions) {
    const badge = `[${d.status}${d.incomplete ? ', incomplete' : ''}]`;
    lines.push('', `${d.label} (${d.id}) ${badge}${d.multiple ? ' · several per item' : ''}`);
    if (d.statusNote) lines.push(`  ${d.statusNote}`);
    for (const c of d.codes) lines.push(`  ${c.id.padEnd(30)} ${c.label}${c.retired ? '  (retired)' : ''}`);
  }
  for (const m of framework.mappings ?? [])
    lines.push('', `Mapping ${m.from} → ${m.to} [${m.status}]${m.note ? `: ${m.note}` : ''}`);
  return lines.join('\n');
}

interface EditOptions extends StoreCliOptions {
  dimension: string;
  code: string;
  label?: string;
  into?: string;
  reviewer?: string;
}

export function registerCodebook(program: Command): void {
  const codebook = program
    .command('codebook')
    .description("benefit frameworks: the shipped ones, the project's own (versioned), their JSON Schemas");
  withStoreOptions(
    codebook.command('list').description('the frameworks Twoway ships, and the one the project codes with'),
  ).action(async (options: StoreCliOptions) => {
    const shipped = shippedFrameworks().map(({ framework: f }) => ({
      id: f.id,
      version: f.version,
      title: f.title,
      reconstructed: f.dimensions.filter((d) => d.status === 'reconstructed').map((d) => d.id),
    }));
    const lines = shipped.map(
      (f) =>
        `${f.id.padEnd(18)} v${f.version}  ${f.title}${f.reconstructed.length ? `  [reconstructed: ${f.reconstructed.join(', ')}]` : ''}`,
    );
    print(options, { shipped }, ['Shipped frameworks:', ...lines].join('\n'));
  });
  withStoreOptions(
    codebook
      .command('show [id]')
      .description("a framework's dimensions and codes (default: the project's, at its current version)")
      .option('--version <n>', 'an older version of the project’s framework', (v) => Number(v))
      .option('--reviewer <name>', 'who reads: a member (env: TWOWAY_REVIEWER; default: your login name)'),
  ).action(
    async (id: string | undefined, options: StoreCliOptions & { version?: number; reviewer?: string }) => {
      if (id !== undefined && id !== 'project') {
        const found = shippedFrameworks().find((s) => s.framework.id === id);
        if (!found)
          throw new TwowayError({ code: 'E_NOT_FOUND', message: `Twoway ships no framework "${id}"` });
        print(options, found.framework, frameworkText(found.framework));
        return;
      }
      await withStore(options, async (store) => {
        const project = await resolveProject(store, options.project);
        const book = await readCodebook(store, project.id, reviewerName(options.reviewer), options.version);
        const versions = await codebookVersions(store, project);
        print(
          options,
          { ...book, versions },
          `${frameworkText(book.framework)}\n\nVersions: ${versions.map((v) => v.version).join(', ')}`,
        );
      });
    },
  );
  withStoreOptions(
    codebook
      .command('export')
      .description("the project's framework as JSON (or its extraction form with --form)")
      .option('--form', 'the extraction form instead of the framework')
      .option('--version <n>', 'an older version', (v) => Number(v))
      .option('-o, --output <file>', 'write here instead of standard output')
      .option('--reviewer <name>', 'who reads: a member (env: TWOWAY_REVIEWER; default: your login name)'),
  ).action(
    async (
      options: StoreCliOptions & { form?: boolean; version?: number; output?: string; reviewer?: string },
    ) => {
      await withStore(options, async (store) => {
        const project = await resolveProject(store, options.project);
        const book = await readCodebook(store, project.id, reviewerName(options.reviewer), options.version);
        const text = `${JSON.stringify(options.form ? book.form : book.framework, null, 2)}\n`;
        await writeOutput(options.output, text);
      });
    },
  );
  withStoreOptions(
    codebook
      .command('import <file>')
      .description('make a framework file the project’s (refused with the JSON path of each fault)')
      .option('--form <file>', 'its extraction form (JSON)')
      .option('--reviewer <name>', 'who imports: an owner (env: TWOWAY_REVIEWER; default: your login name)'),
  ).action(async (file: string, options: StoreCliOptions & { form?: string; reviewer?: string }) => {
    const framework = await readJsonFile(file);
    const form = options.form ? await readJsonFile(options.form) : undefined;
    await withStore(options, async (store) => {
      const project = await resolveProject(store, options.project);
      try {
        const book = await importCodebook(store, project.id, reviewerName(options.reviewer), {
          framework,
          ...(form === undefined ? {} : { form }),
        });
        print(
          options,
          book,
          `project ${project.id} now codes with ${book.framework.id} version ${book.framework.version}`,
        );
      } catch (error) {
        if (error instanceof TwowayError) error.file ??= file;
        throw error;
      }
    });
  });
  const edit = (
    name: string,
    description: string,
    build: (o: EditOptions) => FrameworkEdit,
    extra: (c: Command) => Command,
  ) =>
    withStoreOptions(
      extra(
        codebook
          .command(name)
          .description(description)
          .requiredOption('--dimension <id>', 'the dimension, e.g. level')
          .requiredOption('--code <id>', 'the code')
          .option(
            '--reviewer <name>',
            'who edits: an owner (env: TWOWAY_REVIEWER; default: your login name)',
          ),
      ),
    ).action(async (options: EditOptions) => {
      await withStore(options, async (store) => {
        const project = await resolveProject(store, options.project);
        const book = await editCodebook(store, project.id, reviewerName(options.reviewer), build(options));
        print(options, book.framework, `${book.framework.id} is at version ${book.framework.version}`);
      });
    });
  edit(
    'add',
    'add a code to a dimension (a new version)',
    (o) => ({ op: 'add', dimension: o.dimension, code: { id: o.code, label: o.label ?? o.code } }),
    (c) => c.option('--label <text>', 'its label'),
  );
  edit(
    'rename',
    'relabel a code, or give it a new id with --into (old codings map forward)',
    (o) => ({
      op: 'rename',
      dimension: o.dimension,
      code: o.code,
      label: o.label ?? o.code,
      ...(o.into ? { into: o.into } : {}),
    }),
    (c) => c.requiredOption('--label <text>', 'the new label').option('--into <id>', 'a new id'),
  );
  edit(
    'merge',
    'merge a code into another (it is retired; old codings map forward)',
    (o) => ({ op: 'merge', dimension: o.dimension, code: o.code, into: o.into ?? '' }),
    (c) => c.requiredOption('--into <id>', 'the code it joins'),
  );
  edit(
    'retire',
    'retire a code (kept for old codings, not offered for new ones)',
    (o) => ({ op: 'retire', dimension: o.dimension, code: o.code }),
    (c) => c,
  );
  codebook
    .command('schema [name]')
    .description(`a published JSON Schema: ${Object.keys(PUBLISHED_SCHEMAS).join(', ')} (default framework)`)
    .action((name: string = 'framework') => {
      const schema = PUBLISHED_SCHEMAS[name as keyof typeof PUBLISHED_SCHEMAS];
      if (!schema)
        throw new TwowayError({
          code: 'E_USAGE',
          message: `no schema "${name}"; schemas: ${Object.keys(PUBLISHED_SCHEMAS).join(', ')}`,
        });
      process.stdout.write(`${JSON.stringify(schema, null, 2)}\n`);
    });
}
