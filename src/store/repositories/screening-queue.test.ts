import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { mergeRecords } from './dedupe-store.js';
import { importFile } from '../import/imports.js';
import { openStore, type Store } from '../open-store.js';
import { addMember, createProject, updateProtocol } from './projects.js';
import { nextToScreen, recordDecision, resolveConflict } from './screening-store.js';
import { freshLocation, testEngines } from '../test-support/engines.js';

const opened: Store[] = [];
afterEach(async () => {
  while (opened.length) await opened.pop()?.close();
});

function risFile(titles: string[]): string {
  const path = join(mkdtempSync(join(tmpdir(), 'twoway-queue-')), 'q.ris');
  writeFileSync(path, titles.map((t) => `TY  - JOUR\nTI  - ${t}\nER  - \n`).join('\n'));
  return path;
}

describe.each(testEngines())('the screening queue on %s', (engine) => {
  async function setUp(reviewersRequired: 1 | 2) {
    const store = await openStore(await freshLocation(engine));
    opened.push(store);
    const project = await createProject(store, { title: 'queue', owner: 'olive' });
    await updateProtocol(store, project.id, { screening: { reviewersRequired, blind: true } });
    await addMember(store, project.id, 'ann', 'reviewer');
    await addMember(store, project.id, 'ben', 'reviewer');
    await addMember(store, project.id, 'cat', 'reviewer');
    await addMember(store, project.id, 'vic', 'viewer');
    await importFile(store, {
      projectId: project.id,
      path: risFile(['one', 'two', 'three', 'four']),
      source: 'pubmed',
    });
    const ids = (await store.db.selectFrom('record').select('id').orderBy('id').execute()).map((r) => r.id);
    const decide = (reviewer: string, recordId: number, value: string, stage = 'title-abstract') =>
      recordDecision(store, { projectId: project.id, recordId, stage, reviewer, value });
    const next = (reviewer: string, after?: number, stage = 'title-abstract') =>
      nextToScreen(store, {
        projectId: project.id,
        stage,
        reviewer,
        ...(after === undefined ? {} : { after }),
      });
    return { store, project, ids, decide, next };
  }

  it('walks a reviewer through the records they have not voted on, in order, wrapping around', async () => {
    const { ids, decide, next } = await setUp(2);
    expect(await next('ann')).toBe(ids[0]);
    await decide('ann', ids[0]!, 'include');
    expect(await next('ann')).toBe(ids[1]);
    expect(await next('ann', ids[2])).toBe(ids[3]);
    expect(await next('ann', ids[3])).toBe(ids[1]); // wraps to the first one left
    // ben still sees record 1: dual screening needs his vote too
    expect(await next('ben')).toBe(ids[0]);
    await decide('ben', ids[0]!, 'include');
    // two votes: cat is not asked for record 1
    expect(await next('cat')).toBe(ids[1]);
  });

  it('gives a record back after an undo (retract), and skips records decided by a resolution', async () => {
    const { store, project, ids, decide, next } = await setUp(2);
    await decide('ann', ids[0]!, 'exclude');
    expect(await next('ann')).toBe(ids[1]);
    await decide('ann', ids[0]!, 'retract');
    expect(await next('ann')).toBe(ids[0]);
    await decide('ann', ids[1]!, 'include');
    await decide('ben', ids[1]!, 'exclude');
    await resolveConflict(store, {
      projectId: project.id,
      recordId: ids[1]!,
      stage: 'title-abstract',
      reviewer: 'olive',
      value: 'include',
    });
    expect(await next('cat', ids[0])).toBe(ids[2]);
  });

  it('single screening: one vote takes a record out of everyone’s queue; nothing left is undefined', async () => {
    const { ids, decide, next } = await setUp(1);
    for (const id of ids) await decide('ann', id, 'exclude');
    expect(await next('ben')).toBeUndefined();
  });

  it('a merged duplicate is screened once, through its canonical record, and a vote on a member counts', async () => {
    const { store, project, ids, decide, next } = await setUp(2);
    await mergeRecords(store, project.id, [ids[0]!, ids[1]!], 'olive');
    const canonical = (
      await store.db.selectFrom('duplicate_cluster').select('canonical_record_id').executeTakeFirstOrThrow()
    ).canonical_record_id;
    const other = canonical === ids[0] ? ids[1]! : ids[0]!;
    expect(await next('ann')).toBe(Math.min(canonical, ids[2]!));
    await decide('ann', other, 'include'); // a vote on the non-canonical member applies to the cluster
    expect(await next('ann')).toBe(ids[2]);
  });

  it('full text: only records included at title/abstract', async () => {
    const { ids, decide, next } = await setUp(1);
    await decide('ann', ids[0]!, 'exclude');
    await decide('ann', ids[1]!, 'include');
    await decide('ann', ids[2]!, 'maybe');
    expect(await next('ben', undefined, 'full-text')).toBe(ids[1]);
    await decide('ben', ids[1]!, 'include', 'full-text');
    expect(await next('ben', undefined, 'full-text')).toBeUndefined();
  });

  it('refuses viewers and strangers', async () => {
    const { next } = await setUp(2);
    await expect(next('vic')).rejects.toMatchObject({ code: 'E_FORBIDDEN' });
    await expect(next('zed')).rejects.toMatchObject({ code: 'E_FORBIDDEN' });
  });
});
