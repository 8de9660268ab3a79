import { Command } from 'commander';
import { registerCode } from './code.js';
import { registerCodebook } from './codebook.js';
import { registerConvert } from './convert.js';
import { registerImport } from './import.js';
import { registerImports } from './imports.js';
import { registerFullText } from './fulltext.js';
import { registerBackup } from './backup.js';
import { registerInit } from './init.js';
import { registerMigrate } from './migrate.js';
import { registerDedupe } from './dedupe.js';
import { registerProject } from './project.js';
import { registerExport } from './export.js';
import { registerPrisma } from './prisma.js';
import { registerActivities } from './activities.js';
import { registerInterop } from './interop.js';
import { registerBenefitReports } from './benefit-reports.js';
import { registerPartnerships } from './partnership.js';
import { registerReport } from './report.js';
import { registerResolve, registerScreen, registerStats } from './screen.js';
import { registerSearch } from './search.js';
import { registerServe } from './serve.js';
import { registerSimulate } from './simulate.js';
import { registerPrioritise } from './prioritise.js';
import { registerSynthesis } from './synthesis.js';

/**
 * The twoway command and its subcommands. Options given on a command count for its subcommands too: `twoway
 * dedupe merge 1 2 --db x.db` is parsed by commander as dedupe's --db, and every action reads its options with
 * those of the commands above it (without this, a subcommand fell back to the default database).
 */
export function twowayProgram(): Command {
  const program = new Command();
  program
    .name('twoway')
    .description('Twoway: evidence workbench and two-way benefit reporting for health partnerships')
    .version('0.1.0')
    .exitOverride();
  registerConvert(program);
  registerInit(program);
  registerImport(program);
  registerImports(program);
  registerFullText(program);
  registerBackup(program);
  registerProject(program);
  registerDedupe(program);
  registerScreen(program);
  registerResolve(program);
  registerStats(program);
  registerPrisma(program);
  registerSearch(program);
  registerExport(program);
  registerCodebook(program);
  registerCode(program);
  registerSynthesis(program);
  registerReport(program);
  registerPartnerships(program);
  registerBenefitReports(program);
  registerActivities(program);
  registerInterop(program);
  registerPrioritise(program);
  registerSimulate(program);
  registerMigrate(program);
  registerServe(program);
  program.hook('preAction', (_program, action) => {
    for (const [name, value] of Object.entries(action.optsWithGlobals()))
      if (action.getOptionValue(name) === undefined) action.setOptionValue(name, value);
  });
  return program;
}
