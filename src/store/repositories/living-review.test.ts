import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importFile, importSearchRun } from '../import/imports.js';
import { openStore, type Store } from '../open-store.js';
import { freshLocation, testEngines } from '../test-support/engines.js';
import { addMember, createProject, getProject } from './projects.js';
import { listRecords } from './record-list.js';
import { nextToScreen, recordDecision, screeningStatuses } from './screening-store.js';
import { projectSearches } from './searches.js';

const opened: Store[] = [];
afterEach(async () => {
  while (opened.length) await opened.pop()?.close();
});

function risFile(name: string, records: { title: string; doi: string }[]): string {
  const path = join(mkdtempSync(join(tmpdir(), 'twoway-living-')), name);
  writeFileSync(
    path,
    records
      .map((r) => `TY  - JOUR\nTI  - ${r.title}\nPY  - 2010\nJO  - Global Health\nDO  - ${r.doi}\nER  - \n`)
      .join('\n'),
  );
  return path;
}

const TOPICS = [
  'malaria',
  'surgical safety checklists',
  'nurse training',
  'hand hygiene',
  'maternal health',
  'antimicrobial stewardship',
  'mental health services',
  'laboratory quality',
  'emergency care',
  'paediatric oncology',
];
const study = (n: number) => ({
  title: `What ${TOPICS[n]} partnerships between hospitals taught both sides`,
  doi: `10.1000/living.${n}`,
});

describe.each(testEngines())('a living review on %s', (engine) => {
  it('a newer run of a search: deduplicated at once, decisions kept, what is new marked and screened first', async () => {
    const store = await openStore(await freshLocation(engine));
    opened.push(store);
    const created = await createProject(store, {
      title: 'living',
      owner: 'olive',
      protocol: { screening: { reviewersRequired: 1, blind: false } },
    });
    await addMember(store, created.id, 'ruth', 'reviewer');
    const query = '"twinning"[tiab] AND partnership*';
    const first = await importFile(store, {
      projectId: created.id,
      path: risFile('pubmed-2024.ris', [study(1), study(2), study(3)]),
      source: 'pubmed',
      query,
      runDate: '2024-01-10',
    });
    expect(first.rerunOf).toBeNull();
    // another database's export is no re-run of PubMed's search
    const embase = await importFile(store, {
      projectId: created.id,
      path: risFile('embase.ris', [study(9)]),
      source: 'embase',
      query,
      runDate: '2024-02-01',
    });
    expect(embase.rerunOf).toBeNull();
    const project = await getProject(store, created.id);
    const idOf = async (doi: string) =>
      (await store.db.selectFrom('record').select('id').where('doi', '=', doi).orderBy('id').execute()).map(
        (r) => r.id,
      );
    const [one] = await idOf(study(1).doi);
    const [two] = await idOf(study(2).doi);
    await recordDecision(store, {
      projectId: project.id,
      recordId: one!,
      stage: 'title-abstract',
      reviewer: 'ruth',
      value: 'include',
    });
    await recordDecision(store, {
      projectId: project.id,
      recordId: two!,
      stage: 'title-abstract',
      reviewer: 'ruth',
      value: 'exclude',
      reason: 'no benefit reported',
    });
    // a year later: the same query (spaced and cased otherwise) run again finds two of the old records and two new ones
    const rerun = await importSearchRun(
      store,
      {
        projectId: project.id,
        path: risFile('pubmed-2025.ris', [study(1), study(2), study(4), study(5)]),
        source: 'pubmed',
        query: '"Twinning"[tiab]  AND partnership*',
        runDate: '2025-01-10',
      },
      'olive',
    );
    expect(rerun.rerunOf).toBe(first.searchId);
    expect(rerun.deduplicated).toEqual({ newClusters: 2, reviewPairs: 0 });
    expect((await projectSearches(store, project.id)).map((s) => s.rerunOf)).toEqual([
      null,
      null,
      first.searchId,
    ]);
    // the records screened before keep their decisions through their clusters
    const states = await screeningStatuses(store, project.id, 'title-abstract');
    expect(states.map((s) => s.state).sort()).toEqual([
      'excluded',
      'included',
      'unscreened',
      'unscreened',
      'unscreened',
      'unscreened',
    ]);
    // the record list marks what is new since the last run and filters by it
    const listed = await listRecords(store, {
      project,
      viewer: 'ruth',
      filter: { stage: 'title-abstract', newSinceLastRun: true },
      offset: 0,
      limit: 50,
    });
    expect(listed.records.map((r) => r.title)).toEqual([study(4).title, study(5).title]);
    expect(listed.records.every((r) => r.isNew)).toBe(true);
    // the queue serves the new records first, though older unscreened ones (3, 9) were imported before them
    const [four] = await idOf(study(4).doi);
    const [five] = await idOf(study(5).doi);
    const next = () =>
      nextToScreen(store, { projectId: project.id, stage: 'title-abstract', reviewer: 'ruth' });
    expect(await next()).toBe(four);
    await recordDecision(store, {
      projectId: project.id,
      recordId: four!,
      stage: 'title-abstract',
      reviewer: 'ruth',
      value: 'include',
    });
    expect(await next()).toBe(five);
    await recordDecision(store, {
      projectId: project.id,
      recordId: five!,
      stage: 'title-abstract',
      reviewer: 'ruth',
      value: 'maybe',
    });
    expect(await next()).toBe((await idOf(study(3).doi))[0]);
    // a split export of one run (same date) is one run: both files' records are new; an explicit re-run of a
    // search from another source is refused
    const later = await importSearchRun(
      store,
      {
        projectId: project.id,
        path: risFile('a.ris', [study(6)]),
        source: 'pubmed',
        query,
        runDate: '2026-01-10',
      },
      'olive',
    );
    const split = await importSearchRun(
      store,
      {
        projectId: project.id,
        path: risFile('b.ris', [study(7)]),
        source: 'pubmed',
        runDate: '2026-01-10',
        rerunOf: later.searchId,
      },
      'olive',
    );
    expect(split.rerunOf).toBe(later.searchId);
    const newest = await listRecords(store, {
      project,
      viewer: 'olive',
      filter: { stage: 'title-abstract', newSinceLastRun: true },
      offset: 0,
      limit: 50,
    });
    expect(newest.records.map((r) => r.title)).toEqual([study(6).title, study(7).title]);
    await expect(
      importFile(store, {
        projectId: project.id,
        path: risFile('c.ris', [study(8)]),
        source: 'scopus',
        rerunOf: first.searchId,
      }),
    ).rejects.toMatchObject({ code: 'E_INVALID_REQUEST', message: expect.stringMatching(/same source/) });
    await expect(
      importFile(store, {
        projectId: project.id,
        path: risFile('d.ris', [study(8)]),
        source: 'pubmed',
        rerunOf: 999,
      }),
    ).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
  });
});
