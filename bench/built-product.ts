import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..');

/** A module of the built product. */
export const dist = (module: string): string => join(ROOT, 'dist', module);

/**
 * Compiles the product to dist/ (the benchmarks measure what users run) and loads its store modules from
 * there, typed by their sources (dist/ does not exist until the build).
 */
export async function builtStore() {
  console.log('building dist/ …');
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
  return {
    ...((await import(dist('store/open-store.js'))) as typeof import('../src/store/open-store.js')),
    ...((await import(
      dist('store/repositories/projects.js')
    )) as typeof import('../src/store/repositories/projects.js')),
    ...((await import(dist('store/import/imports.js'))) as typeof import('../src/store/import/imports.js')),
    ...((await import(
      dist('store/import/parsed-rows.js')
    )) as typeof import('../src/store/import/parsed-rows.js')),
    ...((await import(
      dist('store/repositories/accounts.js')
    )) as typeof import('../src/store/repositories/accounts.js')),
  };
}
