import { Option, type Command } from 'commander';
import { assertNoFaults } from '../domain/codebook/framework.js';
import { TwowayError } from '../domain/errors.js';
import {
  BENEFIT_REPORT_STANDARD,
  documentFaults,
  type BenefitReportDocument,
} from '../domain/partnerships/benefit-report.js';
import { benefitFlowSvg } from '../domain/partnerships/benefit-flow.js';
import { businessCaseHtml } from '../domain/partnerships/business-case.js';
import { svgToPng } from '../domain/synthesis/svg-png.js';
import { htmlToPdf } from '../server/html-to-pdf.js';
import {
  closeRound,
  getRound,
  listRounds,
  openRound,
  readRound,
  reportFrameworks,
  saveReport,
} from '../store/repositories/benefit-reports.js';
import { loadDemoRegistry } from '../store/repositories/demo-registry.js';
import { getPartnership } from '../store/repositories/partnerships.js';
import { grantRegistryRole, registryAuditLog } from '../store/repositories/registry-grants.js';
import {
  registryBusinessCase,
  registryFlow,
  registryMutuality,
  roundDivergence,
} from '../store/repositories/two-way-store.js';
import { idOf, localActor, scopeOf, scopeOptions, WHO, type ScopeOptions } from './option-values.js';
import { print, withStore, withStoreOptions, type StoreCliOptions } from './store-option.js';
import { aboutFile, readJsonFile } from './input-files.js';
import { writeOutput } from './output-file.js';

const id = idOf;
type Who = StoreCliOptions & { reviewer?: string };

export function registerBenefitReports(program: Command): void {
  withStoreOptions(
    program
      .command('demo')
      .description(
        'load the clearly labelled example registry (fictional institutions, partnerships and two rounds of reports) into an empty registry',
      )
      .option(...WHO),
    { project: false },
  ).action(async (options: Who) => {
    await withStore(options, async (store) => {
      const loaded = await loadDemoRegistry(store, localActor(options.reviewer));
      print(
        options,
        loaded,
        `${loaded.label}\n${loaded.institutions} institutions, ${loaded.partnerships} partnerships, ${loaded.rounds} rounds, ${loaded.reports} reports loaded into ${store.where}`,
      );
    });
  });
  const registry = program
    .command('registry')
    .description('roles in the partnership registry, and its audit log');
  withStoreOptions(
    registry
      .command('grant <who>')
      .description(
        'give someone a role: coordinator, member (of one institution) or viewer (coordinators only)',
      )
      .requiredOption('--role <role>', 'coordinator, member or viewer')
      .option('--institution <id>', 'the institution a member reports for', id('--institution'))
      .option(...WHO),
    { project: false },
  ).action(async (who: string, options: Who & { role: string; institution?: number }) => {
    await withStore(options, async (store) => {
      const grant = await grantRegistryRole(
        store,
        {
          who,
          role: options.role,
          ...(options.institution === undefined ? {} : { institutionId: options.institution }),
        },
        localActor(options.reviewer),
      );
      print(
        options,
        grant,
        `${grant.who}: ${grant.role}${grant.institutionId ? ` of institution ${grant.institutionId}` : ''}`,
      );
    });
  });

  withStoreOptions(
    registry
      .command('audit')
      .description('the registry’s audit log, newest first (coordinators)')
      .option('--limit <n>', 'how many events', id('--limit'), 100)
      .option(...WHO),
    { project: false },
  ).action(async (options: Who & { limit: number }) => {
    await withStore(options, async (store) => {
      const events = await registryAuditLog(store, localActor(options.reviewer), { limit: options.limit });
      print(
        options,
        events,
        events.map((e) => `${e.at}  ${e.actor}  ${e.action}  ${JSON.stringify(e.detail)}`).join('\n') ||
          'no event yet',
      );
    });
  });

  const round = program
    .command('report-round')
    .description('reporting rounds: each partner reports independently, blind until all have submitted');
  withStoreOptions(
    round
      .command('open')
      .description('open a round for a partnership (coordinators)')
      .requiredOption('--partnership <id>', 'the partnership', id('--partnership'))
      .requiredOption('--from <date>', 'the period’s first day')
      .requiredOption('--to <date>', 'its last day')
      .option(...WHO),
    { project: false },
  ).action(async (options: Who & { partnership: number; from: string; to: string }) => {
    await withStore(options, async (store) => {
      const opened = await openRound(
        store,
        { partnershipId: options.partnership, periodStart: options.from, periodEnd: options.to },
        localActor(options.reviewer),
      );
      print(
        options,
        opened,
        `round ${opened.id} of partnership ${opened.partnershipId}: ${opened.periodStart} – ${opened.periodEnd}`,
      );
    });
  });
  withStoreOptions(
    round
      .command('close <id>')
      .description('close a round (coordinators): its submitted reports open to every role')
      .option(...WHO),
    { project: false },
  ).action(async (roundId: string, options: Who) => {
    await withStore(options, async (store) => {
      const closed = await closeRound(store, id('close')(roundId), localActor(options.reviewer));
      print(
        options,
        closed,
        `round ${closed.id} closed; submitted: institutions ${closed.submitted.join(', ') || 'none'}`,
      );
    });
  });
  withStoreOptions(
    round
      .command('list')
      .description('the rounds of a partnership')
      .requiredOption('--partnership <id>', 'the partnership', id('--partnership')),
    { project: false },
  ).action(async (options: StoreCliOptions & { partnership: number }) => {
    await withStore(options, async (store) => {
      const rounds = await listRounds(store, options.partnership);
      print(
        options,
        rounds,
        rounds
          .map(
            (r) =>
              `${r.id}  ${r.periodStart} – ${r.periodEnd}  ${r.closed ? 'closed' : 'open for reports'} · submitted: ${r.submitted.join(', ') || 'none'} of ${r.institutionIds.join(', ')}`,
          )
          .join('\n') || 'no round yet',
      );
    });
  });
  withStoreOptions(
    round
      .command('show <id>')
      .description('a round and the reports you may read (blind until all have submitted)')
      .option(...WHO),
    { project: false },
  ).action(async (roundId: string, options: Who) => {
    await withStore(options, async (store) => {
      const actor = localActor(options.reviewer);
      const result = await readRound(store, id('show')(roundId), actor);
      print(options, result, JSON.stringify(result, null, 2));
    });
  });
  withStoreOptions(
    round
      .command('divergence <id>')
      .description('where the partners’ reports differ (once the round is open)')
      .option(...WHO),
    { project: false },
  ).action(async (roundId: string, options: Who) => {
    await withStore(options, async (store) => {
      const d = await roundDivergence(store, id('divergence')(roundId), localActor(options.reviewer));
      const lines = [
        'Benefits claimed for the other side that it does not report:',
        ...d.claimedNotReported.map((c) => `  ${c.by} → ${c.for}: ${c.description}`),
        'Principles, widest gaps first:',
        ...d.widestGaps.map(
          (p) =>
            `  ${p.label}: ${Object.entries(p.scores)
              .map(([who, s]) => `${who} ${s}`)
              .join(', ')} (average ${p.average.toFixed(1)}, gap ${p.gap})`,
        ),
      ];
      print(options, d, lines.join('\n'));
    });
  });

  const report = program
    .command('benefit-report')
    .description('an institution’s benefit report of a round, in the "Twoway benefit report v1" standard');
  for (const name of ['save', 'import'] as const)
    withStoreOptions(
      report
        .command(`${name} <file>`)
        .description(
          name === 'save'
            ? 'save your institution’s report from a JSON body ({ benefits, costs, selfAssessment }) as a draft, or --submit it'
            : 'import a "Twoway benefit report v1" document (refused with the JSON pointer of every fault, nothing stored)',
        )
        .requiredOption('--round <id>', 'the round', id('--round'))
        .requiredOption('--institution <id>', 'your institution', id('--institution'))
        .option('--submit', 'submit it (it cannot be changed after, only corrected with a reason)')
        .option('--reason <text>', 'why a submitted report is corrected')
        .option(...WHO),
      { project: false },
    ).action(
      async (
        file: string,
        options: Who & { round: number; institution: number; submit?: boolean; reason?: string },
      ) => {
        const value = await readJsonFile(file);
        await withStore(options, async (store) => {
          await aboutFile(file, async () => {
            let body = value;
            if (name === 'import') {
              const { benefits, principles } = reportFrameworks();
              assertNoFaults(
                'E_CODING_INVALID',
                'the benefit report',
                documentFaults(value, benefits, principles),
              );
              body = (value as BenefitReportDocument).report;
            }
            const saved = await saveReport(
              store,
              {
                roundId: options.round,
                institutionId: options.institution,
                report: body,
                submit: Boolean(options.submit),
                ...(options.reason ? { reason: options.reason } : {}),
              },
              localActor(options.reviewer).name,
            );
            print(
              options,
              saved,
              `institution ${saved.institutionId}, round ${options.round}: version ${saved.version} ${saved.status}`,
            );
          });
        });
      },
    );
  withStoreOptions(
    report
      .command('export')
      .description('a report you may read, as a "Twoway benefit report v1" document')
      .requiredOption('--round <id>', 'the round', id('--round'))
      .requiredOption('--institution <id>', 'the institution', id('--institution'))
      .option('-o, --output <file>', 'write here instead of standard output')
      .option(...WHO),
    { project: false },
  ).action(async (options: Who & { round: number; institution: number; output?: string }) => {
    await withStore(options, async (store) => {
      const actor = localActor(options.reviewer);
      const { round: r, reports } = await readRound(store, options.round, actor);
      const found = reports.find((x) => x.institutionId === options.institution);
      if (!found)
        throw new TwowayError({
          code: 'E_NOT_FOUND',
          message: `no report of institution ${options.institution} that you may read in round ${r.id} (blind until every partner has submitted)`,
        });
      const partnership = await getPartnership(store, (await getRound(store, r.id)).partnershipId);
      const institution = partnership.institutions.find((i) => i.id === options.institution)!;
      const doc: BenefitReportDocument = {
        $schema: 'https://twoway.dev/schemas/benefit-report-v1.json',
        standard: BENEFIT_REPORT_STANDARD,
        framework: { id: reportFrameworks().benefits.id, version: found.frameworkVersion },
        partnership: { id: partnership.id, title: partnership.title },
        round: { id: r.id, periodStart: r.periodStart, periodEnd: r.periodEnd },
        reportingInstitution: {
          id: institution.id,
          name: institution.name,
          country: institution.country,
          side: institution.side,
        },
        status: found.status,
        version: found.version,
        ...(found.status === 'submitted' ? { submittedAt: found.at } : {}),
        report: found.report,
      };
      const text = `${JSON.stringify(doc, null, 2)}\n`;
      await writeOutput(options.output, text);
    });
  });

  withStoreOptions(
    scopeOptions(
      program
        .command('mutuality')
        .description(
          'benefits by direction, per building block, learning area and round, and the mutuality index',
        ),
    ),
    { project: false },
  ).action(async (options: Who & ScopeOptions) => {
    await withStore(options, async (store) => {
      const m = await registryMutuality(store, localActor(options.reviewer), scopeOf(options));
      print(
        options,
        m,
        `to the high-income side ${m.counts.to_high_income}, to the low/middle-income side ${m.counts.to_low_middle_income}, mutual ${m.counts.mutual}, no direction ${m.counts.unspecified}\nmutuality index ${m.index === null ? 'n/a' : m.index.toFixed(2)}\n${m.formula}`,
      );
    });
  });
  withStoreOptions(
    scopeOptions(
      program
        .command('benefit-flow')
        .description(
          'the benefit flow as a Sankey diagram: from the side a benefit came from, by building block, to the side that gained it',
        )
        .addOption(
          new Option('--format <format>', 'output format').choices(['svg', 'png', 'json']).default('svg'),
        )
        .option('-o, --output <file>', 'write here instead of standard output (PNG needs a file)'),
    ),
    { project: false },
  ).action(async (options: Who & ScopeOptions & { format: 'svg' | 'png' | 'json'; output?: string }) => {
    if (options.format === 'png' && !options.output)
      throw new TwowayError({ code: 'E_USAGE', message: '--format png needs -o <file>' });
    await withStore(options, async (store) => {
      const flow = await registryFlow(store, localActor(options.reviewer), scopeOf(options));
      const svg = () => benefitFlowSvg(flow, `Benefit flow: ${flow.scope}`);
      const out =
        options.format === 'json'
          ? `${JSON.stringify(flow, null, 2)}\n`
          : options.format === 'png'
            ? svgToPng(svg())
            : svg();
      await writeOutput(options.output, out);
    });
  });
  withStoreOptions(
    scopeOptions(
      program
        .command('business-case')
        .description(
          'what each side gained and what it cost, how mutual, and the literature evidence for each benefit code',
        )
        .addOption(
          new Option('--format <format>', 'output format').choices(['html', 'pdf', 'json']).default('html'),
        )
        .option(
          '--evidence-project <id>',
          'a review project whose coded studies are the evidence',
          id('--evidence-project'),
        )
        .option('-o, --output <file>', 'write here instead of standard output (PDF needs a file)'),
    ),
    { project: false },
  ).action(
    async (
      options: Who &
        ScopeOptions & { format: 'html' | 'pdf' | 'json'; evidenceProject?: number; output?: string },
    ) => {
      if (options.format === 'pdf' && !options.output)
        throw new TwowayError({ code: 'E_USAGE', message: '--format pdf needs -o <file>' });
      await withStore(options, async (store) => {
        const bc = await registryBusinessCase(store, localActor(options.reviewer), scopeOf(options));
        const html = () => businessCaseHtml(bc, new Date().toISOString());
        const out =
          options.format === 'json'
            ? `${JSON.stringify(bc, null, 2)}\n`
            : options.format === 'pdf'
              ? await htmlToPdf(html())
              : html();
        await writeOutput(options.output, out);
      });
    },
  );
}
