import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import type { EngineName } from '../engine/engine.js';
import type { StoreLocation } from '../open-store.js';

/**
 * The engines store tests run on: TWOWAY_TEST_DIALECTS (e.g. sqlite,postgres); unset, SQLite and, when the
 * global setup could start one, PostgreSQL.
 */
export function testEngines(): EngineName[] {
  const asked = process.env.TWOWAY_TEST_DIALECTS;
  const list = asked
    ? asked.split(',').map((s) => s.trim())
    : ['sqlite', ...(inject('postgresUrl') ? ['postgres'] : [])];
  return list.filter((e): e is EngineName => e === 'sqlite' || e === 'postgres');
}

let counter = 0;

/** A fresh, empty database on the given engine: a new SQLite file, or a new PostgreSQL database. */
export async function freshLocation(engine: EngineName): Promise<StoreLocation> {
  if (engine === 'sqlite')
    return { sqlitePath: join(mkdtempSync(join(tmpdir(), 'twoway-db-')), 'twoway.db') };
  const admin = inject('postgresUrl');
  if (!admin) throw new Error('no PostgreSQL cluster: the global setup did not start one');
  const name = `t_${process.pid}_${Date.now()}_${counter++}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`create database ${name}`);
  await client.end();
  return { databaseUrl: admin.replace(/\/postgres$/, `/${name}`) };
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string | undefined;
  }
}
