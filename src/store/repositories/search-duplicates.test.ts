import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { activeClusters, mergeRecords, undoCluster } from './dedupe-store.js';
import { exportableRecordsById } from './export-records.js';
import { importFile } from '../import/imports.js';
import { openStore, type Store } from '../open-store.js';
import { createProject } from './projects.js';
import { duplicatesBeside, foldDuplicates, projectRecordIds, searchProject } from './search-store.js';
import { freshLocation, testEngines } from '../test-support/engines.js';

/** The same study twice (once without its abstract, once with it) and another study. */
const RIS = [
  'TY  - JOUR\nTI  - Hospital twinning between Malawi and Scotland\nAU  - Banda, Grace\nPY  - 2011\nER  - ',
  'TY  - JOUR\nTI  - Hospital twinning between Malawi and Scotland\nAU  - Banda, Grace\nPY  - 2011\nAB  - Nurses gained mentoring skills on both sides.\nER  - ',
  'TY  - JOUR\nTI  - A malaria vaccine trial in Kenya\nAU  - Otieno, Paul\nPY  - 2015\nER  - ',
].join('\n\n');

const opened: Store[] = [];
afterEach(async () => {
  while (opened.length) await opened.pop()?.close();
});

describe('foldDuplicates', () => {
  it('puts the canonical record in place of its cluster, once, in ascending order', () => {
    expect(foldDuplicates([3, 7, 9], new Map([[7, 3]]))).toEqual([3, 9]);
    expect(foldDuplicates([7, 9], new Map([[7, 3]]))).toEqual([3, 9]);
    expect(foldDuplicates([9, 12], new Map([[12, 2]]))).toEqual([2, 9]);
    expect(foldDuplicates([4, 5], new Map())).toEqual([4, 5]);
  });
});

describe.each(testEngines())('search and duplicate clusters (%s)', (engine) => {
  async function projectWithCluster() {
    const store = await openStore(await freshLocation(engine));
    opened.push(store);
    const project = await createProject(store, { title: 'T', owner: 'o' });
    const file = join(mkdtempSync(join(tmpdir(), 'twoway-dups-')), 'dups.ris');
    writeFileSync(file, RIS);
    await importFile(store, { projectId: project.id, path: file, source: 'pubmed' });
    const { ids } = await projectRecordIds(store, project.id);
    const [first, second, other] = ids as [number, number, number];
    await mergeRecords(store, project.id, [first, second], 'o');
    const [cluster] = await activeClusters(store, project.id);
    return { store, projectId: project.id, first, second, other, cluster: cluster! };
  }

  it('counts a cluster once, as its canonical record, unless every record is asked for', async () => {
    const { store, projectId, first, second, cluster } = await projectWithCluster();
    const canonical = cluster.canonicalRecordId;
    expect([first, second]).toContain(canonical);

    const folded = await searchProject(store, projectId, 'twinning');
    expect(folded).toMatchObject({ count: 1, ids: [canonical], duplicatesSetAside: 1 });
    const every = await searchProject(store, projectId, 'twinning', { everyRecord: true });
    expect(every).toMatchObject({ count: 2, ids: [first, second], duplicatesSetAside: 0 });

    // a word only the second record has finds the cluster, shown as its canonical record
    expect((await searchProject(store, projectId, 'mentoring')).ids).toEqual([canonical]);
    expect((await searchProject(store, projectId, 'mentoring', { everyRecord: true })).ids).toEqual([second]);

    // the count alone agrees with the ids
    expect(await searchProject(store, projectId, 'twinning OR malaria', { countOnly: true })).toMatchObject({
      count: 2,
      duplicatesSetAside: 1,
    });
    expect(
      (await searchProject(store, projectId, 'twinning OR malaria', { countOnly: true, everyRecord: true }))
        .count,
    ).toBe(3);
  });

  it('lists the project once per study, and exports the canonical record with the cluster’s fields merged', async () => {
    const { store, projectId, first, second, other, cluster } = await projectWithCluster();
    const canonical = cluster.canonicalRecordId;
    // a list shows beside the canonical record how many duplicates it stands for; other records show nothing
    expect(await duplicatesBeside(store, projectId, [canonical, other])).toEqual(new Map([[canonical, 1]]));
    expect(await duplicatesBeside(store, projectId, [first, second, other])).toEqual(
      new Map([[canonical, 1]]),
    );
    expect(await duplicatesBeside(store, projectId, [])).toEqual(new Map());
    expect(await projectRecordIds(store, projectId)).toEqual({
      ids: [canonical, other],
      duplicatesSetAside: 1,
    });
    expect((await projectRecordIds(store, projectId, { everyRecord: true })).ids).toHaveLength(3);

    const [study, malaria] = await exportableRecordsById(store, projectId, [canonical, other]);
    expect(study).toMatchObject({
      title: 'Hospital twinning between Malawi and Scotland',
      abstract: 'Nurses gained mentoring skills on both sides.',
    });
    expect(malaria?.title).toBe('A malaria vaccine trial in Kenya');
  });

  it('finds every record again once the cluster is undone', async () => {
    const { store, projectId, first, second, cluster } = await projectWithCluster();
    await undoCluster(store, projectId, cluster.id, 'o');
    expect(await searchProject(store, projectId, 'twinning')).toMatchObject({
      count: 2,
      ids: [first, second],
      duplicatesSetAside: 0,
    });
  });
});
