import type { Command } from 'commander';
import { TwowayError } from '../domain/errors.js';
import { organisationRefsOf } from '../domain/interop/iati.js';
import { readSubmissions } from '../domain/interop/odk-submissions.js';
import { assertValidIati } from '../store/iati-schema.js';
import {
  importSubmissions,
  partnershipXlsform,
  registryIati,
  roundDhis2,
  roundDhis2Template,
} from '../store/repositories/interop-store.js';
import { aboutFile, readBytes, readJsonFile } from './input-files.js';
import { collect, idOf, localActor, scopeOf, scopeOptions, WHO, type ScopeOptions } from './option-values.js';
import { print, withStore, withStoreOptions, type StoreCliOptions } from './store-option.js';
import { writeOutput } from './output-file.js';

type Who = StoreCliOptions & { reviewer?: string };

/**
 * The registry in other systems' formats: IATI activity files for funders, DHIS2 data value sets for
 * ministries, the benefit report as an XLSForm for ODK Collect and KoboToolbox, and their submissions back.
 */
export function registerInterop(program: Command): void {
  const report = program.commands.find((c) => c.name() === 'benefit-report')!;
  withStoreOptions(
    report
      .command('xlsform')
      .description(
        'the benefit report as an XLSForm (ODK Collect, KoboToolbox): the partnership’s institutions and open rounds, the framework’s codes',
      )
      .requiredOption('--partnership <id>', 'the partnership', idOf('--partnership'))
      .requiredOption('-o, --output <form.xlsx>', 'where to write the workbook')
      .option(...WHO),
    { project: false },
  ).action(async (options: Who & { partnership: number; output: string }) => {
    await withStore(options, async (store) => {
      await writeOutput(
        options.output,
        await partnershipXlsform(store, options.partnership, localActor(options.reviewer)),
      );
      print(options, { written: options.output }, `wrote ${options.output}`);
    });
  });
  withStoreOptions(
    report
      .command('submissions <files...>')
      .description(
        'import the form’s submissions as reports, all or nothing: ODK Central’s CSV export (the main table and its repeat tables) or JSON (KoboToolbox, Central OData)',
      )
      .option('--submit', 'submit each report (default: save as drafts to check first)')
      .option(...WHO),
    { project: false },
  ).action(async (files: string[], options: Who & { submit?: boolean }) => {
    const read = await Promise.all(
      files.map(async (name) => ({ name, text: Buffer.from(await readBytes(name)).toString('utf8') })),
    );
    const submissions = readSubmissions(read);
    await withStore(options, async (store) => {
      const done = await importSubmissions(store, submissions, localActor(options.reviewer).name, {
        submit: Boolean(options.submit),
      });
      print(
        options,
        done,
        `imported ${done.length} submission${done.length === 1 ? '' : 's'}: ${done.map((d) => `round ${d.roundId} institution ${d.institutionId} (${d.status} v${d.version})`).join('; ')}`,
      );
    });
  });
  withStoreOptions(
    program
      .command('dhis2')
      .description(
        'a round’s reports as DHIS2 aggregate data (dataValueSets JSON): item counts by direction and building block, indicator values, under a mapping to DHIS2 ids',
      )
      .requiredOption(
        '--round <id>',
        'the round (open: every partner has submitted, or closed)',
        idOf('--round'),
      )
      .option(
        '--mapping <mapping.json>',
        'which DHIS2 ids Twoway’s codes and institutions are (schema: twoway codebook schema dhis2-mapping)',
      )
      .option('--template', 'write a mapping with every key the round needs, to fill in')
      .option('-o, --output <file>', 'write here instead of standard output')
      .option(...WHO),
    { project: false },
  ).action(
    async (options: Who & { round: number; mapping?: string; template?: boolean; output?: string }) => {
      if (!options.mapping === !options.template)
        throw new TwowayError({
          code: 'E_USAGE',
          message: 'give --mapping mapping.json, or --template to make one',
        });
      const mapping = options.mapping ? await readJsonFile(options.mapping) : undefined;
      await withStore(options, async (store) => {
        const actor = localActor(options.reviewer);
        const out = options.template
          ? await roundDhis2Template(store, options.round, actor)
          : await aboutFile(options.mapping!, () => roundDhis2(store, options.round, actor, mapping));
        const text = `${JSON.stringify(out, null, 2)}\n`;
        await writeOutput(options.output, text);
      });
    },
  );
  withStoreOptions(
    scopeOptions(
      program
        .command('iati')
        .description(
          'the partnerships as an IATI activity file (2.03, validated against the standard’s schema): partners, dates, status, countries, sectors, and the indicators reported in open rounds as results',
        )
        .requiredOption(
          '--reporting-org-ref <id>',
          'your organisation’s IATI identifier (e.g. GB-CHC-1234567)',
        )
        .requiredOption('--reporting-org-name <name>', 'your organisation’s name')
        .requiredOption(
          '--reporting-org-type <code>',
          'your OrganisationType code (e.g. 21 international NGO)',
        )
        .option(
          '--org-ref <institution=id>',
          'a partner institution’s IATI identifier, e.g. 2=UG-COA-123 (repeatable)',
          collect,
          [],
        )
        .option('-o, --output <file>', 'write here instead of standard output'),
    ),
    { project: false },
  ).action(
    async (
      options: Who &
        ScopeOptions & {
          reportingOrgRef: string;
          reportingOrgName: string;
          reportingOrgType: string;
          orgRef: string[];
          output?: string;
        },
    ) => {
      const organisationRefs = organisationRefsOf(options.orgRef);
      await withStore(options, async (store) => {
        const xml = await registryIati(store, localActor(options.reviewer), scopeOf(options), {
          reportingOrg: {
            ref: options.reportingOrgRef,
            name: options.reportingOrgName,
            type: options.reportingOrgType,
          },
          organisationRefs,
          generatedAt: new Date().toISOString(),
        });
        await assertValidIati(xml);
        await writeOutput(options.output, xml);
      });
    },
  );
}
