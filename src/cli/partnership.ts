import type { Command } from 'commander';
import { findCountry } from '../domain/countries/countries.js';
import { classificationText, classify } from '../domain/countries/income-groups.js';
import { TwowayError } from '../domain/errors.js';
import {
  INSTITUTION_TYPES,
  PROGRAMMES,
  currentStep,
  type Partnership,
} from '../domain/partnerships/partnership.js';
import { countryData } from '../store/country-data.js';
import {
  addInstitution,
  createPartnership,
  getPartnership,
  listInstitutions,
  listPartnerships,
  moveCycle,
  overrideSide,
} from '../store/repositories/partnerships.js';

import { collect, idOf, localActor, WHO } from './option-values.js';
import { print, withStore, withStoreOptions, type StoreCliOptions } from './store-option.js';

const id = idOf;

function partnershipText(p: Partnership): string {
  return [
    `${p.id}  ${p.title} (${p.programme}, from ${p.startDate}${p.endDate ? ` to ${p.endDate}` : ''}) · step: ${currentStep(p) ?? 'none yet'}`,
    ...p.institutions.map(
      (i) =>
        `    ${String(i.id).padStart(4)} ${i.name}, ${i.country}: ${i.side}${i.overrideReason ? ` (overridden: ${i.overrideReason}; computed ${i.classification.side})` : ` (${classificationText(i.classification)})`}`,
    ),
  ].join('\n');
}

export function registerPartnerships(program: Command): void {
  program
    .command('country <code-or-name>')
    .description(
      'a country: ISO codes, WHO region, and its World Bank group on a date (the classification rule and data year used)',
    )
    .option(
      '--date <date>',
      'the date of the activity, report or publication (YYYY, YYYY-MM or YYYY-MM-DD)',
      String(new Date().getFullYear()),
    )
    .option('--json', 'machine-readable output')
    .action((text: string, options: { date: string; json?: boolean }) => {
      const { reference, history } = countryData();
      const country = findCountry(text, reference);
      if (!country)
        throw new TwowayError({
          code: 'E_NOT_FOUND',
          message: `"${text}" is no country Twoway knows (give an ISO code or an English name)`,
        });
      const classification = classify(history, country, options.date);
      print(
        options,
        { country, classification },
        `${country.name} · ${[country.iso2, country.iso3, country.numeric].filter(Boolean).join(' / ')} · WHO ${country.whoRegion ?? 'region unknown'} · UN M49 ${country.m49?.intermediateRegion?.name ?? country.m49?.subregion?.name ?? 'region unknown'}\n${options.date}: ${classification.group ?? 'unclassified'} → ${classification.side} (${classification.rule}, data year ${classification.dataYear})${classification.note ? `\n${classification.note}` : ''}`,
      );
    });
  const institution = program
    .command('institution')
    .description('institutions of the partnership registry (hospitals, universities, …)');
  withStoreOptions(
    institution
      .command('add')
      .description('add an institution')
      .requiredOption('--name <name>', 'its name')
      .requiredOption('--country <code-or-name>', 'its country (ISO code or English name)')
      .option('--type <type>', `one of ${INSTITUTION_TYPES.join(', ')}`, 'hospital')
      .option('--city <city>', 'its city')
      .option('--ror <id>', 'its ROR id')
      .option(...WHO),
    { project: false },
  ).action(
    async (
      options: StoreCliOptions & {
        name: string;
        country: string;
        type: string;
        city?: string;
        ror?: string;
        reviewer?: string;
      },
    ) => {
      await withStore(options, async (store) => {
        const added = await addInstitution(
          store,
          {
            name: options.name,
            country: options.country,
            type: options.type,
            ...(options.city ? { city: options.city } : {}),
            ...(options.ror ? { rorId: options.ror } : {}),
          },
          localActor(options.reviewer),
        );
        print(options, added, `institution ${added.id}: ${added.name} (${added.country})`);
      });
    },
  );
  withStoreOptions(institution.command('list').description('every institution'), { project: false }).action(
    async (options: StoreCliOptions) => {
      await withStore(options, async (store) => {
        const all = await listInstitutions(store);
        print(
          options,
          all,
          all
            .map(
              (i) =>
                `${String(i.id).padStart(4)}  ${i.name} · ${i.type} · ${i.country}${i.city ? ` · ${i.city}` : ''}`,
            )
            .join('\n') || 'no institution yet',
        );
      });
    },
  );
  const partnership = program
    .command('partnership')
    .description('partnerships: partners and their sides, programme, focus, the 6-step cycle');
  withStoreOptions(
    partnership
      .command('add')
      .description(
        'a partnership of two or more institutions; each side is computed from its country at the start date',
      )
      .requiredOption('--title <title>', 'its title')
      .requiredOption('--start <date>', 'when it started (YYYY-MM-DD)')
      .requiredOption('--institution <id>', 'a partner institution (repeatable)', collect, [])
      .option('--programme <programme>', `one of ${PROGRAMMES.join(', ')}`, 'other')
      .option('--end <date>', 'when it ended')
      .option('--focus <code>', 'an APPS action area (repeatable)', collect, [])
      .option('--objective <code>', 'partnership, improvement or spread (repeatable)', collect, [])
      .option(
        '--developed <country>',
        'classify by your own list instead of the World Bank: a country it calls developed (repeatable)',
        collect,
        [],
      )
      .option('--rule-label <label>', 'where that list comes from (with --developed)')
      .option(...WHO),
    { project: false },
  ).action(
    async (
      options: StoreCliOptions & {
        title: string;
        start: string;
        institution: string[];
        programme: string;
        end?: string;
        focus: string[];
        objective: string[];
        developed: string[];
        ruleLabel?: string;
        reviewer?: string;
      },
    ) => {
      if (options.developed.length > 0 !== (options.ruleLabel !== undefined))
        throw new TwowayError({
          code: 'E_USAGE',
          message: '--developed and --rule-label go together: the list and where it comes from',
        });
      await withStore(options, async (store) => {
        const created = await createPartnership(
          store,
          {
            title: options.title,
            programme: options.programme,
            startDate: options.start,
            ...(options.end ? { endDate: options.end } : {}),
            institutionIds: options.institution.map(id('--institution')),
            focusAreas: options.focus,
            objectives: options.objective,
            ...(options.ruleLabel
              ? { rule: { kind: 'custom' as const, label: options.ruleLabel, developed: options.developed } }
              : {}),
          },
          localActor(options.reviewer),
        );
        print(options, created, partnershipText(created));
      });
    },
  );
  withStoreOptions(partnership.command('list').description('every partnership'), { project: false }).action(
    async (options: StoreCliOptions) => {
      await withStore(options, async (store) => {
        const all = await listPartnerships(store);
        print(options, all, all.map(partnershipText).join('\n') || 'no partnership yet');
      });
    },
  );
  withStoreOptions(
    partnership.command('show <id>').description('one partnership, its partners and its cycle history'),
    { project: false },
  ).action(async (partnershipId: string, options: StoreCliOptions) => {
    await withStore(options, async (store) => {
      const p = await getPartnership(store, id('show')(partnershipId));
      print(
        options,
        p,
        `${partnershipText(p)}\n${p.cycle.map((c) => `    ${c.date} ${c.step}${c.note ? ` (${c.note})` : ''} · ${c.by}`).join('\n')}`,
      );
    });
  });
  withStoreOptions(
    partnership
      .command('side <id>')
      .description('override the side computed for a partner, with a reason')
      .requiredOption('--institution <id>', 'the partner', id('--institution'))
      .requiredOption('--side <side>', 'high-income, low-middle-income or unknown')
      .requiredOption('--reason <text>', 'why')
      .option(...WHO),
    { project: false },
  ).action(
    async (
      partnershipId: string,
      options: StoreCliOptions & { institution: number; side: string; reason: string; reviewer?: string },
    ) => {
      await withStore(options, async (store) => {
        const p = await overrideSide(
          store,
          {
            partnershipId: id('side')(partnershipId),
            institutionId: options.institution,
            side: options.side,
            reason: options.reason,
          },
          localActor(options.reviewer),
        );
        print(options, p, partnershipText(p));
      });
    },
  );
  withStoreOptions(
    partnership
      .command('cycle <id>')
      .description('record that the partnership entered a step of the APPS/TPI cycle on a date')
      .requiredOption(
        '--step <code>',
        'partnership_development, needs_assessment, gap_analysis, action_planning, action, evaluation_review',
      )
      .requiredOption('--date <date>', 'when (YYYY-MM-DD)')
      .option('--note <text>', 'a note')
      .option(...WHO),
    { project: false },
  ).action(
    async (
      partnershipId: string,
      options: StoreCliOptions & { step: string; date: string; note?: string; reviewer?: string },
    ) => {
      await withStore(options, async (store) => {
        const p = await moveCycle(
          store,
          {
            partnershipId: id('cycle')(partnershipId),
            step: options.step,
            date: options.date,
            ...(options.note ? { note: options.note } : {}),
          },
          localActor(options.reviewer),
        );
        print(options, p, partnershipText(p));
      });
    },
  );
}
