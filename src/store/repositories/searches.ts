import type { Kysely } from 'kysely';
import { latestReruns } from '../../domain/synthesis/search-runs.js';
import type { Database } from '../schema.js';
import type { ImportReport } from '../../domain/formats/import-report.js';
import type { Store } from '../open-store.js';

/** A search as a project stored it: where its records came from, the file, and the import's report. */
export interface StoredSearch {
  id: number;
  source: string;
  query: string | null;
  runDate: string | null;
  fileName: string;
  fileSha256: string;
  format: string;
  recordsRead: number;
  importedAt: string;
  report: ImportReport;
  /** The search this one runs again (a living review's newer export), or null. */
  rerunOf: number | null;
}

/** The searches of a project in the order they were imported. */
export async function projectSearches(store: Store, projectId: number): Promise<StoredSearch[]> {
  const rows = await store.db
    .selectFrom('search')
    .selectAll()
    .where('project_id', '=', projectId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    source: r.source,
    query: r.query,
    runDate: r.run_date,
    fileName: r.file_name,
    fileSha256: r.file_sha256,
    format: r.format,
    recordsRead: r.records_read,
    importedAt: r.imported_at,
    report: JSON.parse(r.report) as ImportReport,
    rerunOf: r.rerun_of,
  }));
}

/** The searches of the latest run of each search run more than once (living reviews: search-runs.ts). */
export async function latestRerunSearches(db: Kysely<Database>, projectId: number): Promise<Set<number>> {
  const rows = await db
    .selectFrom('search')
    .select(['id', 'source', 'query', 'run_date', 'rerun_of'])
    .where('project_id', '=', projectId)
    .execute();
  return latestReruns(
    rows.map((s) => ({
      id: s.id,
      source: s.source,
      query: s.query,
      runDate: s.run_date,
      rerunOf: s.rerun_of,
    })),
  );
}
