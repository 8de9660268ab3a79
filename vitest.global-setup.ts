import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import {
  postgresBinDir,
  startPostgres,
  type PostgresCluster,
} from './src/store/test-support/postgres-cluster.js';

let cluster: PostgresCluster | undefined;
let scratch: string | undefined;

/**
 * One throwaway PostgreSQL cluster for the whole run. TWOWAY_TEST_DIALECTS=sqlite,postgres (as CI sets it)
 * requires it; with the variable unset, store tests run on PostgreSQL when Debian's server binaries are
 * installed and on SQLite alone otherwise, saying so. The run's temporary files live in one folder (TMPDIR),
 * removed at the end. The product is compiled to dist/ first, for the CLI tests.
 */
export async function setup(project: TestProject): Promise<void> {
  // the CLI tests run the built product (dist/), as users do: compiled once here (about 5 s), not through tsx
  // at every command they spawn
  execFileSync(
    process.execPath,
    [join(import.meta.dirname, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
    {
      cwd: import.meta.dirname,
      stdio: 'inherit',
    },
  );
  const asked = process.env.TWOWAY_TEST_DIALECTS;
  const wanted = asked
    ? asked
        .split(',')
        .map((s) => s.trim())
        .includes('postgres')
    : Boolean(postgresBinDir());
  if (!asked && !wanted)
    console.warn(
      'PostgreSQL server binaries not found: store tests run on SQLite only (apt-get install postgresql, or run .ci/run)',
    );
  // the cluster first, in the usual temporary folder (its server runs as another user)
  if (wanted) cluster = await startPostgres();
  project.provide('postgresUrl', cluster?.url);
  // then every temporary file and database of the tests goes under one folder, removed when the run ends
  scratch = mkdtempSync(join(tmpdir(), 'twoway-tests-'));
  process.env.TMPDIR = scratch;
}

export function teardown(): void {
  cluster?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
}
