import { TwowayError } from '../domain/errors.js';
import { BIB_RECORD_VERSION, type BibRecord } from '../domain/record/bib-record.js';
import type { Store } from './open-store.js';

/** A record as the store keeps it: its row id and the BibRecord. */
export interface StoredRecord {
  id: number;
  record: BibRecord;
}

/**
 * The one way a stored record's JSON becomes a BibRecord: the version it was written in is checked, so that a
 * row written by a newer Twoway (or damaged) is refused with its id instead of being read as something else.
 * @example decodeStoredRecord(7, '{"v":1,"type":"article"}').type // 'article'
 */
export function decodeStoredRecord(id: number, data: string): BibRecord {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch (error) {
    throw new TwowayError({
      code: 'E_DB',
      message: `record ${id} is not valid JSON: ${(error as Error).message}`,
    });
  }
  const version = (value as { v?: unknown } | null)?.v;
  if (version !== BIB_RECORD_VERSION)
    throw new TwowayError({
      code: 'E_DB',
      message: `record ${id} is stored as BibRecord version ${JSON.stringify(version)}; this Twoway reads version ${BIB_RECORD_VERSION} (upgrade Twoway, or run twoway migrate)`,
    });
  return value as BibRecord;
}

/** A stored row as a StoredRecord. */
export function storedRecord(row: { id: number; data: string }): StoredRecord {
  return { id: row.id, record: decodeStoredRecord(row.id, row.data) };
}

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
