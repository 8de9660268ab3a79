import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './test-support/run-cli.js';

describe('the Node.js version rule', () => {
  it('refuses what is older than package.json asks for, and nothing newer', async () => {
    // plain JavaScript (it must run on any Node): loaded by path
    const { nodeTooOld } = (await import(join(ROOT, 'scripts', 'node-version.mjs'))) as {
      nodeTooOld: (version: string, range: string | undefined) => boolean;
    };
    const range = (
      JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } }
    ).engines.node;
    expect(range).toBe('>=22.12');
    expect(nodeTooOld('20.20.2', range)).toBe(true);
    expect(nodeTooOld('22.11.9', range)).toBe(true);
    expect(nodeTooOld('22.12.0', range)).toBe(false);
    expect(nodeTooOld('24.21.0', range)).toBe(false);
    expect(nodeTooOld('20.0.0', undefined)).toBe(false);
  });

  it('lets this Node.js run the check silently', () => {
    expect(
      execFileSync(process.execPath, [join(ROOT, 'scripts', 'require-node.mjs')], { encoding: 'utf8' }),
    ).toBe('');
  });
});
