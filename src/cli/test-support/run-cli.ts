import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { expect } from 'vitest';

export const ROOT = join(import.meta.dirname, '..', '..', '..');
/** The seed record (Syed et al. 2012), kept once among the format fixtures. */
export const SEED = join(ROOT, 'src/domain/formats/fixtures/endnote-one-line-gbk-mojibake.txt');
/**
 * The CLI the tests run: the built product (dist/, compiled once by the tests' global setup), as users run it;
 * spawning it from source through tsx cost about 0.6 s more a command.
 */
export const MAIN = join(ROOT, 'dist', 'cli', 'main.js');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Starts `twoway …` in a child process with these environment variables added; `done` says how it ended. */
export function startCli(
  args: string[],
  env: Record<string, string> = {},
  cwd = ROOT,
): { child: ChildProcess; done: Promise<CliResult> } {
  const child = spawn(process.execPath, [MAIN, ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => (stdout += d));
  child.stderr?.on('data', (d) => (stderr += d));
  const done = new Promise<CliResult>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, done };
}

/**
 * Runs the twoway CLI with these environment variables (in `cwd`, the repository by default); `ok` also checks that it succeeded silently on stderr.
 */
export function cli(env: Record<string, string> = {}, cwd = ROOT) {
  const twoway = (...args: string[]): Promise<CliResult> => startCli(args, env, cwd).done;
  const ok = async (...args: string[]): Promise<string> => {
    const r = await twoway(...args);
    expect(r.stderr, `twoway ${args.join(' ')}`).toBe('');
    expect(r.code).toBe(0);
    return r.stdout;
  };
  return { twoway, ok };
}
