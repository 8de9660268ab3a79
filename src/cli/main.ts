#!/usr/bin/env -S node --max-semi-space-size=16
// a Node.js too old for Twoway is refused in plain words before anything else is loaded (it crashed otherwise)
await import(new URL('../../scripts/require-node.mjs', import.meta.url).href);
const { CommanderError } = await import('commander');
const { formatProblem } = await import('../domain/errors.js');
const { twowayProgram } = await import('./program.js');
const { expectedError } = await import('../store/disk-full.js');

// `twoway convert … | head` closes the pipe early: that is a normal end, not a crash
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const program = twowayProgram();

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else {
    const known = expectedError(error);
    if (!known) throw error;
    process.stderr.write(`${formatProblem(known.problem, known.file)}\n`);
    process.exitCode = 2;
  }
}
