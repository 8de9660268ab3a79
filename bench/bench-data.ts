import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type SqliteDatabase from 'better-sqlite3';
import type { Store } from '../src/store/open-store.js';
import { addInstitution, createPartnership } from '../src/store/repositories/partnerships.js';
import { writeBenchFile } from '../src/store/test-support/generate-records.js';
import { ROOT } from './built-product.js';

/** Where benchmarks keep the large inputs they generate (never committed). */
export const BENCH_CACHE = join(ROOT, 'bench', '.cache');

/**
 * A RIS file of `records` generated PubMed-like records in bench/.cache, written the first time it is asked
 * for (deterministic: the same bytes every time).
 */
export async function benchRisFile(name: string, records: number): Promise<string> {
  mkdirSync(BENCH_CACHE, { recursive: true });
  const file = join(BENCH_CACHE, `${name}-${records}.ris`);
  if (!existsSync(file)) await writeBenchFile(file, 'ris', Infinity, 2012, undefined, records);
  return file;
}

/**
 * Stores duplicate clusters of two records each straight into a SQLite database (the benchmarks measure
 * reading clusters, not finding them): each pair's first record is the canonical one.
 */
export function insertTwoRecordClusters(
  sqlite: SqliteDatabase.Database,
  projectId: number,
  pairs: readonly (readonly [number, number])[],
): void {
  const at = new Date().toISOString();
  const cluster = sqlite.prepare(
    `insert into duplicate_cluster (project_id, canonical_record_id, rule, score, automatic, created_by, created_at)
     values (?, ?, 'bench', 1, 1, 'bench', ?)`,
  );
  const member = sqlite.prepare('insert into duplicate_member (cluster_id, record_id) values (?, ?)');
  sqlite.transaction(() => {
    for (const [a, b] of pairs) {
      const { lastInsertRowid } = cluster.run(projectId, a, at);
      member.run(lastInsertRowid, a);
      member.run(lastInsertRowid, b);
    }
  })();
}

/**
 * `count` partnerships of a UK and a Ugandan example hospital each, set up through the registry's own
 * functions by a local coordinator; `programmeOf` names each one's programme.
 */
export async function benchPartnerships(
  store: Store,
  count: number,
  programmeOf: (index: number) => string,
): Promise<{ partnership: number; institutions: [number, number] }[]> {
  const cora = { name: 'cora', admin: true };
  const made: { partnership: number; institutions: [number, number] }[] = [];
  for (let i = 0; i < count; i++) {
    const hic = await addInstitution(
      store,
      { name: `Example Hospital ${i} (UK)`, type: 'hospital', country: 'GB' },
      cora,
    );
    const lmic = await addInstitution(
      store,
      { name: `Example Hospital ${i} (Uganda)`, type: 'hospital', country: 'UG' },
      cora,
    );
    const p = await createPartnership(
      store,
      {
        title: `Example partnership ${i}`,
        programme: programmeOf(i),
        startDate: '2012-01-10',
        institutionIds: [hic.id, lmic.id],
      },
      cora,
    );
    made.push({ partnership: p.id, institutions: [hic.id, lmic.id] });
  }
  return made;
}
