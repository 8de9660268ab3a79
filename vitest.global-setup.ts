import type { TestProject } from 'vitest/node';
import { startPostgres, type PostgresCluster } from './src/store/test-support/postgres-cluster.js';

let cluster: PostgresCluster | undefined;

/** One throwaway PostgreSQL cluster for the whole run, when the tests ask for PostgreSQL. */
export async function setup(project: TestProject): Promise<void> {
  const engines = (process.env.TWOWAY_TEST_DIALECTS ?? 'sqlite,postgres').split(',');
  if (!engines.includes('postgres')) {
    project.provide('postgresUrl', undefined);
    return;
  }
  cluster = await startPostgres();
  project.provide('postgresUrl', cluster.url);
}

export function teardown(): void {
  cluster?.stop();
}
