import type { BibRecord } from '../../domain/record/bib-record.js';
import type { Store } from '../open-store.js';
import { decodeStoredRecord, storedRecord, type StoredRecord } from '../record-decoder.js';

export type { StoredRecord };

/** Ids are loaded this many at a time (bound values per statement stay well under every engine's limit). */
const LOAD_CHUNK = 5000;

/**
 * The records of one project with these ids, in the order given; ids of other projects or of no record are
 * left out (a record is only ever read within its project).
 */
export async function loadRecordsById(
  store: Store,
  projectId: number,
  ids: readonly number[],
): Promise<StoredRecord[]> {
  const byId = new Map<number, BibRecord>();
  for (let i = 0; i < ids.length; i += LOAD_CHUNK) {
    const rows = await store.db
      .selectFrom('record')
      .select(['id', 'data'])
      .where('project_id', '=', projectId)
      .where('id', 'in', ids.slice(i, i + LOAD_CHUNK))
      .execute();
    for (const r of rows) byId.set(r.id, decodeStoredRecord(r.id, r.data));
  }
  return ids.flatMap((id) => {
    const record = byId.get(id);
    return record ? [{ id, record }] : [];
  });
}

/** Every record of a project, oldest first. */
export async function loadProjectRecords(store: Store, projectId: number): Promise<StoredRecord[]> {
  const rows = await store.db
    .selectFrom('record')
    .select(['id', 'data'])
    .where('project_id', '=', projectId)
    .orderBy('id')
    .execute();
  return rows.map(storedRecord);
}

/** Every record id of a project, ascending. */
export async function projectRecordIdList(store: Store, projectId: number): Promise<number[]> {
  const rows = await store.db
    .selectFrom('record')
    .select('id')
    .where('project_id', '=', projectId)
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}
