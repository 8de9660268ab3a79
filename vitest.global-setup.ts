import type { TestProject } from 'vitest/node';
import {
  postgresBinDir,
  startPostgres,
  type PostgresCluster,
} from './src/store/test-support/postgres-cluster.js';

let cluster: PostgresCluster | undefined;

/**
 * One throwaway PostgreSQL cluster for the whole run. TWOWAY_TEST_DIALECTS=sqlite,postgres (as CI sets it)
 * requires it; with the variable unset, store tests run on PostgreSQL when Debian's server binaries are
 * installed and on SQLite alone otherwise, saying so.
 */
export async function setup(project: TestProject): Promise<void> {
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
  if (!wanted) {
    project.provide('postgresUrl', undefined);
    return;
  }
  cluster = await startPostgres();
  project.provide('postgresUrl', cluster.url);
}

export function teardown(): void {
  cluster?.stop();
}
