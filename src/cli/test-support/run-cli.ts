import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'vitest';

const run = promisify(execFile);
export const ROOT = join(import.meta.dirname, '..', '..', '..');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the twoway CLI from source in a child process with these environment variables; `ok` also checks that
 * it succeeded silently on stderr.
 */
export function cli(env: Record<string, string>) {
  const twoway = async (...args: string[]): Promise<CliResult> => {
    try {
      const { stdout, stderr } = await run(
        process.execPath,
        ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args],
        { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', ...env }, maxBuffer: 32 * 1024 * 1024 },
      );
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };
  const ok = async (...args: string[]): Promise<string> => {
    const r = await twoway(...args);
    expect(r.stderr, `twoway ${args.join(' ')}`).toBe('');
    expect(r.code).toBe(0);
    return r.stdout;
  };
  return { twoway, ok };
}
