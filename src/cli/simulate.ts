import { Option, type Command } from 'commander';
import { TwowayError } from '../domain/errors.js';
import type { LabelColumn } from '../domain/prioritise/labelled-set.js';
import { DEFAULT_PRESET, PRESETS } from '../domain/prioritise/presets.js';
import { simulationCurveSvg } from '../domain/prioritise/recall-curve-svg.js';
import {
  simulationReport,
  simulationSettings,
  type SimulationReport,
} from '../domain/prioritise/simulation-report.js';
import { svgToPng } from '../domain/synthesis/svg-png.js';
import { readLabelledFile } from '../store/import/labelled-file.js';
import { printWarningsSummary } from './convert.js';
import { writeOutput } from './output-file.js';
import { collect, shareOf, wholeNumber } from './option-values.js';

interface SimulateOptions {
  preset: string;
  priorIncluded: number;
  priorExcluded: number;
  seeds: number;
  label: LabelColumn;
  targetRecall: number;
  confidence: number;
  stopAfter: string[];
  format: 'text' | 'json' | 'svg' | 'png';
  output?: string;
}

/** Exit codes: 0 done; 2 bad input (unreadable file, no labels, one class only). */
export function registerSimulate(program: Command): void {
  program
    .command('simulate')
    .description(
      'simulate prioritised screening of a labelled file (ASReview/CSV label columns, RIS/EndNote ASReview notes): WSS, RRF, ATD and the stopping rules',
    )
    .argument('<file>', 'a labelled file in any format Twoway reads')
    .addOption(
      new Option('--preset <name>', 'model').choices(PRESETS.map((p) => p.name)).default(DEFAULT_PRESET),
    )
    .option(
      '--prior-included <n>',
      'relevant records known before screening, drawn at random',
      wholeNumber('--prior-included', 1),
      1,
    )
    .option(
      '--prior-excluded <n>',
      'irrelevant records known before screening, drawn at random',
      wholeNumber('--prior-excluded', 1),
      1,
    )
    .option('--seeds <n>', 'runs, with seeds 1 … n', wholeNumber('--seeds', 1), 5)
    .addOption(
      new Option('--label <which>', 'the label simulated: final inclusion or title/abstract')
        .choices(['included', 'abstract'])
        .default('included'),
    )
    .option(
      '--target-recall <share>',
      'the statistical stopping rule’s target recall',
      shareOf('--target-recall'),
      0.95,
    )
    .option(
      '--confidence <share>',
      'the statistical stopping rule’s confidence',
      shareOf('--confidence'),
      0.95,
    )
    .option(
      '--stop-after <n>',
      'heuristic: stop after n consecutive irrelevant records (repeatable; default 50, 100, 200)',
      collect,
      [],
    )
    .addOption(
      new Option('--format <format>', 'output: a table, JSON, or the recall curve as SVG/PNG')
        .choices(['text', 'json', 'svg', 'png'])
        .default('text'),
    )
    .option('-o, --output <file>', 'write here instead of standard output (PNG needs a file)')
    .action(async (file: string, options: SimulateOptions) => {
      if (options.format === 'png' && options.output === undefined)
        throw new TwowayError({ code: 'E_USAGE', message: 'a PNG needs a file: add -o curve.png' });
      const settings = simulationSettings({
        ...options,
        stopAfter: options.stopAfter.map((n) => wholeNumber('--stop-after', 1)(n)),
      });
      const { set, report: read } = await readLabelledFile(file, options.label);
      printWarningsSummary(read);
      const report = simulationReport(set, settings);
      const out =
        options.format === 'json'
          ? `${JSON.stringify(report, null, 2)}\n`
          : options.format === 'text'
            ? simulationTable(report, file)
            : options.format === 'svg'
              ? simulationCurveSvg(report, file)
              : svgToPng(simulationCurveSvg(report, file));
      await writeOutput(options.output, out);
    });
}

const fixed = (x: number, digits = 3): string => x.toFixed(digits);

function simulationTable(report: SimulationReport, file: string): string {
  const lines = [
    `${file}: ${report.records} labelled records, ${report.relevant} relevant${report.unlabelled > 0 ? ` (${report.unlabelled} without the label left out)` : ''}`,
    `preset ${report.preset.name}: ${report.preset.description}`,
    `priors ${report.priorIncluded} relevant + ${report.priorExcluded} irrelevant at random; metrics leave them out`,
    '',
    'seed   WSS@95  Cohen WSS@95  WSS@100  RRF@10   ATD      to 95 %  fit ms',
  ];
  const row = (label: string, m: SimulationReport['mean'], fit: string): string =>
    `${label.padEnd(6)} ${fixed(m.wss95).padStart(6)}  ${fixed(m.wss95Cohen).padStart(12)}  ${fixed(m.wss100).padStart(7)}  ${fixed(m.rrf10).padStart(6)}  ${m.atd.toFixed(1).padStart(7)}  ${m.screenedTo95.toFixed(1).padStart(7)}  ${fit}`;
  for (const run of report.runs)
    lines.push(row(String(run.seed), run.metrics, run.fitMilliseconds.mean.toFixed(1)));
  lines.push(row('mean', report.mean, ''));
  lines.push('', 'stopping rules (recall over every relevant record, the priors included):');
  for (const rule of report.stopping)
    lines.push(
      `  ${rule.rule}: mean recall ${fixed(rule.meanRecall)}, work saved ${(100 * rule.meanWorkSaved).toFixed(1)} %, ≥ ${report.statisticalRule.targetRecall} recall in ${rule.reachedTarget} of ${rule.runs} runs`,
    );
  lines.push(`(${(report.milliseconds / 1000).toFixed(1)} s)`, '');
  return lines.join('\n');
}
