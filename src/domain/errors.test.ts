import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from './errors.js';

/** Every source file of the product (not its tests). */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'fixtures' ? [] : sources(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('the error registry', () => {
  it('holds every code the product answers with', () => {
    const root = join(import.meta.dirname, '..', '..');
    const used = new Set<string>();
    for (const file of [...sources(join(root, 'src')), ...sources(join(root, 'web', 'src'))])
      for (const [, code] of readFileSync(file, 'utf8').matchAll(/['"`](E_[A-Z0-9_]+)['"`]/g))
        used.add(code!);
    const unregistered = [...used].filter((code) => !(code in ERROR_CODES));
    expect(unregistered).toEqual([]);
  });
});
