import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { activeClusters, markNotDuplicate, mergeRecords, runDedupe, undoCluster } from './dedupe-store.js';
import { importFile } from '../import/imports.js';
import { openStore, type Store } from '../open-store.js';
import { exportableRecords } from './export-records.js';
import { computePrisma } from './prisma-store.js';
import { addMember, createProject, updateProtocol } from './projects.js';
import {
  agreementByPair,
  recordDecision,
  resolveConflict,
  screeningStatuses,
  setRetrieval,
  statusFor,
} from './screening-store.js';
import { freshLocation, testEngines } from '../test-support/engines.js';

const opened: Store[] = [];
afterEach(async () => {
  while (opened.length) await opened.pop()?.close();
});

/** A RIS file with the same paper twice (another database's copy), and two other papers. */
const RIS = `TY  - JOUR
ID  - A1
TI  - Hospital twinning for patient safety in Africa and Europe
AU  - Storr, Julie
PY  - 2010
DO  - 10.1000/twinning.2010
ER  - 

TY  - JOUR
ID  - A2
TI  - Mobile phones for community health workers in rural Kenya
AU  - Otieno, J
PY  - 2009
ER  - 

TY  - JOUR
ID  - A3
TI  - Task shifting to non-physician clinicians in Malawi
AU  - Banda, M
PY  - 2008
ER  - 
`;
const EMBASE = `TY  - JOUR
ID  - E1
TI  - HOSPITAL TWINNING FOR PATIENT SAFETY IN AFRICA AND EUROPE.
AU  - Storr, J.
PY  - 2010
ER  - 

TY  - JOUR
ID  - E2
TI  - Low-cost simulation training for obstetric emergencies
AU  - Dadwal, Viva
PY  - 2011
ER  - 
`;

async function setUp(engine: 'sqlite' | 'postgres') {
  const store = await openStore(await freshLocation(engine));
  opened.push(store);
  const project = await createProject(store, { title: 'Benefits', owner: 'owner' });
  await updateProtocol(store, project.id, { exclusionReasons: ['not a partnership', 'no benefit reported'] });
  await addMember(store, project.id, 'ana', 'reviewer');
  await addMember(store, project.id, 'ben', 'reviewer');
  await addMember(store, project.id, 'cy', 'reviewer');
  await addMember(store, project.id, 'vic', 'viewer');
  const dir = mkdtempSync(join(tmpdir(), 'twoway-wb-'));
  writeFileSync(join(dir, 'pubmed.ris'), RIS);
  writeFileSync(join(dir, 'embase.ris'), EMBASE);
  await importFile(store, { projectId: project.id, path: join(dir, 'pubmed.ris'), source: 'pubmed' });
  await importFile(store, { projectId: project.id, path: join(dir, 'embase.ris'), source: 'embase' });
  const ids = new Map(
    (await store.db.selectFrom('record').select(['id', 'source_id']).execute()).map((r) => [
      r.source_id!,
      r.id,
    ]),
  );
  return { store, projectId: project.id, id: (sourceId: string) => ids.get(sourceId)! };
}

describe.each(testEngines())('the workbench on %s', (engine) => {
  it('deduplicates into auditable clusters; not-a-duplicate and undo are remembered', async () => {
    const { store, projectId, id } = await setUp(engine);
    const dry = await runDedupe(store, projectId, { apply: false, reviewer: 'owner' });
    expect(dry.newClusters).toBe(1);
    expect(await activeClusters(store, projectId)).toEqual([]);
    await runDedupe(store, projectId, { apply: true, reviewer: 'owner' });
    const [cluster] = await activeClusters(store, projectId);
    expect(cluster).toMatchObject({
      rule: 'title-year-author',
      automatic: true,
      canonicalRecordId: expect.any(Number),
    });
    expect(cluster!.members.map((m) => [m.sourceId, m.file, m.line, m.source])).toEqual([
      ['A1', 'pubmed.ris', 1, 'pubmed'],
      ['E1', 'embase.ris', 1, 'embase'],
    ]);
    // running again changes nothing
    await runDedupe(store, projectId, { apply: true, reviewer: 'owner' });
    expect(await activeClusters(store, projectId)).toHaveLength(1);
    await undoCluster(store, projectId, cluster!.id, 'owner');
    await expect(undoCluster(store, projectId, cluster!.id, 'owner')).rejects.toMatchObject({
      code: 'E_CONFLICT',
    });
    await runDedupe(store, projectId, { apply: true, reviewer: 'owner' });
    expect(await activeClusters(store, projectId)).toEqual([]);
    await mergeRecords(store, projectId, [id('A2'), id('E2')], 'owner');
    expect((await activeClusters(store, projectId))[0]).toMatchObject({ rule: 'manual', automatic: false });
    await markNotDuplicate(store, projectId, id('A2'), id('A3'), 'owner');
    await expect(mergeRecords(store, projectId, [id('A2'), 999999], 'owner')).rejects.toMatchObject({
      code: 'E_NOT_FOUND',
    });
  });

  it('runs blind dual screening: conflicts, blind visibility, resolution, agreement', async () => {
    const { store, projectId, id } = await setUp(engine);
    await runDedupe(store, projectId, { apply: true, reviewer: 'owner' });
    const stage = 'title-abstract';
    // a decision on a duplicate counts for its cluster
    await recordDecision(store, { projectId, recordId: id('E1'), stage, reviewer: 'ana', value: 'include' });
    await recordDecision(store, { projectId, recordId: id('A1'), stage, reviewer: 'ben', value: 'include' });
    await recordDecision(store, { projectId, recordId: id('A2'), stage, reviewer: 'ana', value: 'include' });
    expect((await statusFor(store, projectId, id('A2'), stage, 'ben')).votes).toEqual([]);
    await recordDecision(store, {
      projectId,
      recordId: id('A2'),
      stage,
      reviewer: 'ben',
      value: 'exclude',
      reason: 'not a partnership',
    });
    await recordDecision(store, {
      projectId,
      recordId: id('A3'),
      stage,
      reviewer: 'ana',
      value: 'exclude',
      note: 'a conference abstract',
    });
    await recordDecision(store, { projectId, recordId: id('A3'), stage, reviewer: 'ben', value: 'exclude' });
    const statuses = new Map(
      (await screeningStatuses(store, projectId, stage)).map((s) => [s.recordId, s.state]),
    );
    expect(statuses.size).toBe(4);
    const canonicalTwin = [...statuses.keys()].find((k) => k === id('A1') || k === id('E1'))!;
    expect(statuses.get(canonicalTwin)).toBe('included');
    expect(statuses.get(id('A2'))).toBe('conflict');
    expect(statuses.get(id('A3'))).toBe('excluded');
    expect(statuses.get(id('E2'))).toBe('unscreened');
    // a note goes with its vote: while screening is blind, decided or not, only its reviewer and the owners see it
    expect((await statusFor(store, projectId, id('A3'), stage, 'ben')).votes).not.toContainEqual(
      expect.objectContaining({ reviewer: 'ana' }),
    );
    expect((await statusFor(store, projectId, id('A3'), stage, 'owner')).votes).toContainEqual({
      reviewer: 'ana',
      value: 'exclude',
      note: 'a conference abstract',
    });
    // blind: in conflict, each reviewer still sees only their own vote; the owner sees both
    expect((await statusFor(store, projectId, id('A2'), stage, 'ana')).votes).toEqual([
      { reviewer: 'ana', value: 'include' },
    ]);
    expect((await statusFor(store, projectId, id('A2'), stage, 'owner')).votes).toHaveLength(2);
    await expect(
      resolveConflict(store, { projectId, recordId: id('A2'), stage, reviewer: 'ana', value: 'include' }),
    ).rejects.toMatchObject({ code: 'E_FORBIDDEN' });
    await expect(
      resolveConflict(store, { projectId, recordId: id('A3'), stage, reviewer: 'cy', value: 'include' }),
    ).rejects.toMatchObject({ code: 'E_CONFLICT' });
    await resolveConflict(store, { projectId, recordId: id('A2'), stage, reviewer: 'cy', value: 'include' });
    // ana, blind, sees what her own vote makes of the record; the owner sees its resolution
    expect(await statusFor(store, projectId, id('A2'), stage, 'ana')).toMatchObject({
      state: 'awaiting-second',
      votes: [{ reviewer: 'ana', value: 'include' }],
    });
    const resolved = await statusFor(store, projectId, id('A2'), stage, 'owner');
    expect(resolved).toMatchObject({ state: 'included', resolvedBy: 'cy' });
    expect(resolved.votes).toHaveLength(2);
    // while screening is blind, agreement tables are for owners: they would tell a reviewer the others' votes
    await expect(agreementByPair(store, projectId, stage, 'ana')).rejects.toMatchObject({
      code: 'E_FORBIDDEN',
    });
    const [pair] = await agreementByPair(store, projectId, stage, 'owner');
    expect(pair).toMatchObject({ reviewers: ['ana', 'ben'], n: 3 });
    expect(pair!.percent).toBeCloseTo(2 / 3, 10);
    // exports carry the team's decisions as ASReview labels; an undecided record keeps what it came with
    const exported = new Map(
      (await exportableRecords(store, projectId)).map(({ record: r }) => [r.sourceId, r.labels]),
    );
    expect(exported.get('A2')).toEqual({ abstractIncluded: 1 }); // included by resolution, full text to come
    expect(exported.get('A3')).toEqual({ abstractIncluded: 0, included: 0 });
    expect(exported.get('E2')).toBeUndefined();
    const csv = (await exportableRecords(store, projectId, { stage: 'title-abstract' }))
      .map(({ record }) => record.sourceId)
      .sort();
    expect(csv).toEqual(['A1', 'A2']);
  });

  it('refuses what it must: unknown records and reasons, non-members and viewers, bad stages and values', async () => {
    const { store, projectId, id } = await setUp(engine);
    const base = {
      projectId,
      recordId: id('A1'),
      stage: 'title-abstract',
      reviewer: 'ana',
      value: 'include',
    };
    await expect(recordDecision(store, { ...base, recordId: 999999 })).rejects.toMatchObject({
      code: 'E_NOT_FOUND',
    });
    await expect(
      recordDecision(store, { ...base, value: 'exclude', reason: 'I did not like it' }),
    ).rejects.toMatchObject({ code: 'E_USAGE', message: expect.stringMatching(/not a partnership/) });
    await expect(
      recordDecision(store, { ...base, stage: 'full-text', value: 'exclude' }),
    ).rejects.toMatchObject({ code: 'E_USAGE', message: /needs a reason/ });
    await expect(recordDecision(store, { ...base, reviewer: 'mallory' })).rejects.toMatchObject({
      code: 'E_FORBIDDEN',
    });
    await expect(recordDecision(store, { ...base, reviewer: 'vic' })).rejects.toMatchObject({
      code: 'E_FORBIDDEN',
    });
    await expect(recordDecision(store, { ...base, stage: 'abstract' })).rejects.toMatchObject({
      code: 'E_USAGE',
    });
    await expect(recordDecision(store, { ...base, value: 'yes' })).rejects.toMatchObject({ code: 'E_USAGE' });
    await expect(statusFor(store, projectId, id('A1'), 'title-abstract', 'mallory')).rejects.toMatchObject({
      code: 'E_FORBIDDEN',
    });
    // a record of another project is not found from this one
    const other = await createProject(store, { title: 'Other', owner: 'ana' });
    await expect(recordDecision(store, { ...base, projectId: other.id })).rejects.toMatchObject({
      code: 'E_NOT_FOUND',
    });
    expect(await store.db.selectFrom('decision').select('id').execute()).toEqual([]);
  });

  it('computes PRISMA 2020 from what was stored', async () => {
    const { store, projectId, id } = await setUp(engine);
    await updateProtocol(store, projectId, { screening: { reviewersRequired: 1, blind: false } });
    await runDedupe(store, projectId, { apply: true, reviewer: 'owner' });
    const decide = (source: string, stage: string, value: string, reason?: string) =>
      recordDecision(store, {
        projectId,
        recordId: id(source),
        stage,
        reviewer: 'ana',
        value,
        ...(reason ? { reason } : {}),
      });
    await decide('A1', 'title-abstract', 'include');
    await decide('A2', 'title-abstract', 'include');
    await decide('A3', 'title-abstract', 'exclude');
    await decide('E2', 'title-abstract', 'include');
    await decide('A1', 'full-text', 'include');
    await decide('A2', 'full-text', 'exclude', 'no benefit reported');
    await setRetrieval(store, projectId, id('E2'), 'not-retrieved', 'ana');
    expect(await computePrisma(store, projectId)).toMatchObject({
      database_results: 5,
      database_specific_results: [
        { source: 'pubmed', n: 3 },
        { source: 'embase', n: 2 },
      ],
      duplicates: 1,
      records_screened: 4,
      records_excluded: 1,
      dbr_sought_reports: 3,
      dbr_notretrieved_reports: 1,
      dbr_assessed: 2,
      dbr_excluded: [{ reason: 'no benefit reported', n: 1 }],
      new_studies: 1,
    });
  });

  it('counts a search from "other" methods in the other-methods column, and refuses unknown sources', async () => {
    const { store, projectId } = await setUp(engine);
    const dir = mkdtempSync(join(tmpdir(), 'twoway-src-'));
    const file = (name: string, title: string) => {
      writeFileSync(join(dir, name), `TY  - JOUR\nTI  - ${title}\nPY  - 2009\nER  - \n`);
      return join(dir, name);
    };
    await importFile(store, {
      projectId,
      path: file('hand.ris', 'Hand-searched twinning report'),
      source: 'Other',
    });
    await expect(
      importFile(store, { projectId, path: file('typo.ris', 'A typo'), source: 'pubmedd' }),
    ).rejects.toMatchObject({ code: 'E_USAGE', message: expect.stringMatching(/did you mean "pubmed"/) });
    await expect(
      importFile(store, { projectId, path: file('mine.ris', 'Mine'), source: 'Bioline International' }),
    ).rejects.toMatchObject({ code: 'E_USAGE' });
    await updateProtocol(store, projectId, { plannedSources: ['Bioline International'] });
    await importFile(store, { projectId, path: file('mine.ris', 'Mine'), source: 'bioline international' });
    const sources = (await store.db.selectFrom('search').select('source').orderBy('id').execute()).map(
      (s) => s.source,
    );
    expect(sources).toEqual(['pubmed', 'embase', 'other', 'Bioline International']);
    const prisma = await computePrisma(store, projectId);
    expect(prisma).toMatchObject({
      database_results: 6,
      other_methods_results: 1,
      other_sought_reports: 1,
      database_specific_results: [
        { source: 'pubmed', n: 3 },
        { source: 'embase', n: 2 },
        { source: 'Bioline International', n: 1 },
      ],
    });
  });
});
