#!/usr/bin/env -S node --max-semi-space-size=16
import { Command, CommanderError } from 'commander';
import { TwowayError, formatProblem } from '../domain/errors.js';
import { registerConvert } from './convert.js';
import { registerImport } from './import.js';
import { registerInit } from './init.js';
import { registerMigrate } from './migrate.js';
import { registerDedupe } from './dedupe.js';
import { registerProject } from './project.js';
import { registerExport } from './export.js';
import { registerPrisma } from './prisma.js';
import { registerResolve, registerScreen, registerStats } from './screen.js';
import { registerSearch } from './search.js';
import { registerServe } from './serve.js';

// `twoway convert … | head` closes the pipe early: that is a normal end, not a crash
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const program = new Command();
program
  .name('twoway')
  .description('Twoway: evidence workbench and two-way benefit reporting for health partnerships')
  .version('0.1.0')
  .exitOverride();
registerConvert(program);
registerInit(program);
registerImport(program);
registerProject(program);
registerDedupe(program);
registerScreen(program);
registerResolve(program);
registerStats(program);
registerPrisma(program);
registerSearch(program);
registerExport(program);
registerMigrate(program);
registerServe(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else if (error instanceof TwowayError) {
    process.stderr.write(`${formatProblem(error.problem, error.file)}\n`);
    process.exitCode = 2;
  } else {
    throw error;
  }
}
