import type { Store } from '../open-store.js';
import { writeTransaction } from '../write-transaction.js';

/** The most a stored part holds: well under what one SQLite or PostgreSQL value may (1 GB). */
const PART_BYTES = 64 * 1024 * 1024;

/** The bytes of a project's feature snapshot counted with these settings; undefined when there is none. */
export async function loadFeatureSnapshot(
  store: Store,
  projectId: number,
  featuresKey: string,
): Promise<Uint8Array | undefined> {
  const parts = await store.db
    .selectFrom('feature_snapshot')
    .select(['part', 'data'])
    .where('project_id', '=', projectId)
    .where('features_key', '=', featuresKey)
    .orderBy('part')
    .execute();
  if (parts.length === 0 || parts.some((p, i) => p.part !== i)) return undefined;
  if (parts.length === 1) return parts[0]!.data;
  const total = parts.reduce((sum, p) => sum + p.data.length, 0);
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const { data } of parts) {
    bytes.set(data, at);
    at += data.length;
  }
  return bytes;
}

/**
 * Stores a project's feature snapshot in place of the one it had (one a project: a snapshot counted with
 * other settings is not read again once the settings changed), whole or not at all.
 */
export async function saveFeatureSnapshot(
  store: Store,
  projectId: number,
  featuresKey: string,
  bytes: Uint8Array,
): Promise<void> {
  const createdAt = new Date().toISOString();
  await writeTransaction(store, async (trx) => {
    await trx.deleteFrom('feature_snapshot').where('project_id', '=', projectId).execute();
    for (let part = 0; part * PART_BYTES < bytes.length; part++)
      await trx
        .insertInto('feature_snapshot')
        .values({
          project_id: projectId,
          features_key: featuresKey,
          part,
          // a Buffer over the bytes (not a copy): what both drivers bind as a blob
          data: Buffer.from(
            bytes.buffer,
            bytes.byteOffset + part * PART_BYTES,
            Math.min(PART_BYTES, bytes.length - part * PART_BYTES),
          ),
          created_at: createdAt,
        })
        .execute();
  });
}
