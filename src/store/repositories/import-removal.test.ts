import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importFile } from '../import/imports.js';
import { openStore, type Store } from '../open-store.js';
import { freshLocation, testEngines } from '../test-support/engines.js';
import { activeClusters, runDedupe } from './dedupe-store.js';
import { previewImportRemoval, removeImport } from './import-removal.js';
import { computePrisma } from './prisma-store.js';
import { addMember, createProject, getProject } from './projects.js';
import { assignedTo, assignRecords } from './assignment-store.js';
import { recordTags, tagRecords } from './tag-store.js';
import { recordDecision, screeningStatuses } from './screening-store.js';
import { searchProject } from './search-store.js';

const opened: Store[] = [];
afterEach(async () => {
  while (opened.length) await opened.pop()?.close();
});

function risFile(name: string, records: { title: string; doi?: string }[]): string {
  const path = join(mkdtempSync(join(tmpdir(), 'twoway-removal-')), name);
  writeFileSync(
    path,
    records
      .map((r) => `TY  - JOUR\nTI  - ${r.title}\nPY  - 2010\n${r.doi ? `DO  - ${r.doi}\n` : ''}ER  - \n`)
      .join('\n'),
  );
  return path;
}

describe.each(testEngines())('removing an import on %s', (engine) => {
  it('refuses a file with no records, so no source stands in PRISMA with n = 0', async () => {
    const store = await openStore(await freshLocation(engine));
    opened.push(store);
    const project = await createProject(store, { title: 'empty', owner: 'olive' });
    const path = join(mkdtempSync(join(tmpdir(), 'twoway-removal-')), 'package.json');
    writeFileSync(path, JSON.stringify({ name: 'twoway', version: '1.0.0', scripts: { test: 'vitest' } }));
    await expect(importFile(store, { projectId: project.id, path, source: 'pubmed' })).rejects.toMatchObject({
      code: 'E_NO_RECORDS',
      message: expect.stringMatching(
        /no record could be read from this file \(read as .+\).*nothing was imported/,
      ),
    });
    const empty = risFile('empty.ris', []);
    await expect(
      importFile(store, { projectId: project.id, path: empty, source: 'pubmed' }),
    ).rejects.toMatchObject({
      code: 'E_NO_RECORDS',
    });
    expect(await store.db.selectFrom('search').selectAll().execute()).toEqual([]);
  });

  it('removes its records; work on records another import found too moves there, the rest needs confirming', async () => {
    const store = await openStore(await freshLocation(engine));
    opened.push(store);
    const project = await createProject(store, { title: 'removal', owner: 'olive' });
    await addMember(store, project.id, 'ruth', 'reviewer');
    const shared = { title: 'Twinning hospitals in Uganda and Scotland', doi: '10.1000/shared' };
    const pubmed = await importFile(store, {
      projectId: project.id,
      path: risFile('pubmed.ris', [{ title: 'Only in PubMed about malaria' }, shared]),
      source: 'pubmed',
    });
    const wrong = await importFile(store, {
      projectId: project.id,
      path: risFile('wrong.ris', [
        { ...shared, title: `${shared.title}.` },
        { title: 'Only in the wrong export about zebrafish' },
      ]),
      source: 'embase',
    });
    await runDedupe(store, project.id, { apply: true, reviewer: 'olive' });
    const records = await store.db
      .selectFrom('record')
      .select(['id', 'search_id', 'title'])
      .orderBy('id')
      .execute();
    const [, pubmedShared, wrongShared, wrongOnly] = records.map((r) => r.id) as [
      number,
      number,
      number,
      number,
    ];
    const [cluster] = await activeClusters(store, project.id);
    expect(cluster?.members.map((m) => m.recordId).sort()).toEqual([pubmedShared, wrongShared].sort());
    // the team screens the wrong import's records (the shared one on the record they were shown)
    for (const reviewer of ['olive', 'ruth'])
      await recordDecision(store, {
        projectId: project.id,
        recordId: wrongShared,
        stage: 'title-abstract',
        reviewer,
        value: 'include',
      });
    await recordDecision(store, {
      projectId: project.id,
      recordId: wrongOnly,
      stage: 'title-abstract',
      reviewer: 'olive',
      value: 'exclude',
    });
    // tags and an assignment on the wrong import's record of the shared study
    const loaded = await getProject(store, project.id);
    await tagRecords(store, { project: loaded, actor: 'olive', tag: 'RCT', recordIds: [wrongShared] });
    const tag = await store.db
      .insertInto('tag')
      .values({
        project_id: project.id,
        name: 'ask Ana',
        name_key: 'ask ana',
        created_by: 'olive',
        created_at: '',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await store.db
      .insertInto('record_tag')
      .values({ project_id: project.id, record_id: wrongShared, tag_id: tag.id, tagged_by: 'olive', at: '' })
      .execute();
    await assignRecords(store, {
      project: loaded,
      actor: 'olive',
      stage: 'title-abstract',
      reviewer: 'ruth',
      recordIds: [wrongShared],
    });
    const before = await computePrisma(store, project.id);
    expect(before.database_results).toBe(4);
    expect(before.duplicates).toBe(1);

    const preview = await previewImportRemoval(store, project.id, wrong.searchId);
    expect(preview).toMatchObject({
      searchId: wrong.searchId,
      source: 'embase',
      fileName: 'wrong.ris',
      records: 2,
      keptThroughDuplicates: 1,
      clustersDissolved: 1,
      moved: { decisions: 2 },
      discarded: { decisions: 1 },
    });
    // the decision on the record only the wrong import found is not removed without confirmation
    await expect(removeImport(store, project.id, wrong.searchId, 'olive')).rejects.toMatchObject({
      code: 'E_CONFLICT',
      message: expect.stringMatching(/would remove 1 decision on records no other import found/),
    });
    expect(await store.db.selectFrom('record').select('id').execute()).toHaveLength(4);

    const removed = await removeImport(store, project.id, wrong.searchId, 'olive', { discardWork: true });
    expect(removed).toEqual(preview);
    expect(
      (await store.db.selectFrom('record').select('id').orderBy('id').execute()).map((r) => r.id),
    ).toEqual(records.filter((r) => r.search_id === pubmed.searchId).map((r) => r.id));
    expect(await store.db.selectFrom('search').select('id').execute()).toEqual([{ id: pubmed.searchId }]);
    expect(await activeClusters(store, project.id)).toEqual([]);
    // the two includes now stand on the PubMed record of the same study
    const statuses = await screeningStatuses(store, project.id, 'title-abstract');
    expect(statuses.find((s) => s.recordId === pubmedShared)?.state).toBe('included');
    // so do the tags and the assignment
    expect(await recordTags(store, project.id, pubmedShared)).toEqual(['ask Ana', 'RCT']);
    expect(await assignedTo(store, project.id, 'title-abstract', 'ruth')).toEqual([pubmedShared]);
    const decisions = await store.db.selectFrom('decision').select(['record_id', 'reviewer']).execute();
    expect(decisions.map((d) => d.record_id)).toEqual([pubmedShared, pubmedShared]);
    // PRISMA follows; the removed records are out of the full-text index
    const after = await computePrisma(store, project.id);
    expect(after.database_results).toBe(2);
    expect(after.database_specific_results).toEqual([{ source: 'pubmed', n: 2 }]);
    expect(after.duplicates).toBe(0);
    expect((await searchProject(store, project.id, 'zebrafish')).count).toBe(0);
    expect((await searchProject(store, project.id, 'twinning')).ids).toEqual([pubmedShared]);
    const log = await store.db.selectFrom('audit_event').select(['action', 'actor', 'detail']).execute();
    expect(log.filter((e) => e.action === 'import.remove')).toEqual([
      { action: 'import.remove', actor: 'olive', detail: JSON.stringify(removed) },
    ]);
    await expect(removeImport(store, project.id, wrong.searchId, 'olive')).rejects.toMatchObject({
      code: 'E_NOT_FOUND',
    });
    // the same file can be imported again once removed
    await expect(
      importFile(store, {
        projectId: project.id,
        path: risFile('again.ris', [{ title: 'Only in the wrong export about zebrafish' }]),
        source: 'embase',
      }),
    ).resolves.toMatchObject({ recordsRead: 1 });
  });

  it('keeps a cluster of three when one member goes, with the most complete record left as canonical', async () => {
    const store = await openStore(await freshLocation(engine));
    opened.push(store);
    const project = await createProject(store, { title: 'three', owner: 'olive' });
    const study = { title: 'Health partnership benefits for the NHS', doi: '10.1000/three' };
    await importFile(store, { projectId: project.id, path: risFile('a.ris', [study]), source: 'pubmed' });
    await importFile(store, {
      projectId: project.id,
      path: risFile('b.ris', [study]),
      source: 'scopus',
      force: true,
    });
    const third = await importFile(store, {
      projectId: project.id,
      path: risFile('c.ris', [{ ...study, title: `${study.title}!` }]),
      source: 'embase',
    });
    await runDedupe(store, project.id, { apply: true, reviewer: 'olive' });
    const [cluster] = await activeClusters(store, project.id);
    expect(cluster?.members).toHaveLength(3);
    const removed = await removeImport(store, project.id, third.searchId, 'olive');
    expect(removed).toMatchObject({ records: 1, keptThroughDuplicates: 1, clustersDissolved: 0 });
    const [kept] = await activeClusters(store, project.id);
    expect(kept?.id).toBe(cluster?.id);
    expect(kept?.members).toHaveLength(2);
    const left = (await store.db.selectFrom('record').select('id').execute()).map((r) => r.id);
    expect(left).toContain(kept?.canonicalRecordId);
  });
});
