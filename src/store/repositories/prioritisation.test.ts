import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeFeatureSnapshot } from '../../domain/prioritise/feature-snapshot.js';
import { importFile } from '../import/imports.js';
import { Prioritiser } from '../jobs/prioritiser.js';
import { openStore, type Store } from '../open-store.js';
import { freshLocation, testEngines } from '../test-support/engines.js';
import { labelledRis } from '../test-support/labelled-records.js';
import { auditLog } from './audit-log.js';
import {
  decisionProvenance,
  isPrioritised,
  latestModel,
  ranking,
  recordPriority,
  retrain,
  setPriorMark,
  trainingData,
} from './prioritisation-store.js';
import { addMember, createProject, getProject, updateProtocol } from './projects.js';
import { nextToScreen, recordDecision } from './screening-store.js';
import { projectScreeningEstimate, recordScreeningStop, screeningStops } from './stopping-store.js';

const opened: Store[] = [];
afterEach(async () => {
  while (opened.length) await opened.pop()?.close();
});

/** A retrain by a new prioritisation worker (a fresh thread: no features in memory), as after a restart. */
async function retrainAfterRestart(store: Store, projectId: number) {
  const restarted = new Prioritiser(store);
  try {
    return await restarted.retrain(projectId);
  } finally {
    await restarted.close();
  }
}

describe.each(testEngines())('prioritisation on %s', (engine) => {
  async function setUp(blind: boolean, reviewersRequired: 1 | 2) {
    const store = await openStore(await freshLocation(engine));
    opened.push(store);
    const created = await createProject(store, { title: 'ranked', owner: 'olive' });
    await updateProtocol(store, created.id, { screening: { reviewersRequired, blind } });
    await addMember(store, created.id, 'ann', 'reviewer');
    await addMember(store, created.id, 'ben', 'reviewer');
    const { path, relevantTitles } = labelledRis();
    await importFile(store, { projectId: created.id, path, source: 'pubmed' });
    const rows = await store.db.selectFrom('record').select(['id', 'data']).orderBy('id').execute();
    const ids = rows.map((r) => r.id);
    const relevant = new Set(
      rows
        .filter((r) => relevantTitles.has((JSON.parse(r.data) as { title: string }).title))
        .map((r) => r.id),
    );
    const project = await getProject(store, created.id);
    const decide = (reviewer: string, recordId: number, value: string) =>
      recordDecision(store, { projectId: project.id, recordId, stage: 'title-abstract', reviewer, value });
    return { store, project, ids, relevant, decide };
  }

  it('a new project of 100+ records is prioritised; a retrain ranks the likely relevant first and screening serves them', async () => {
    const { store, project, ids, relevant, decide } = await setUp(false, 1);
    expect(project.protocol.prioritisation.mode).toBe('auto');
    expect(await isPrioritised(store, project)).toBe(true);
    // no model until both classes are known
    const early = await retrain(store, project.id);
    expect(early).toMatchObject({ trained: false, labelled: 0 });
    await decide('ann', ids[0]!, 'include'); // record 0 is relevant
    await decide('ann', ids[1]!, 'exclude');
    const result = await retrain(store, project.id);
    expect(result.trained).toBe(true);
    if (!result.trained) return;
    expect(result.model).toMatchObject({
      version: 1,
      labelled: 2,
      relevant: 1,
      records: 120,
      preset: 'twoway',
    });
    expect(await latestModel(store, project.id)).toMatchObject({ version: 1 });
    // the top of the ranking, among records nobody screened, is relevant
    const ranked = await ranking(store, project, 'ann');
    expect(ranked).toHaveLength(120);
    const top = ranked.filter((r) => r.recordId !== ids[0] && r.recordId !== ids[1]).slice(0, 15);
    expect(top.every((r) => relevant.has(r.recordId))).toBe(true);
    const next = await nextToScreen(store, {
      projectId: project.id,
      stage: 'title-abstract',
      reviewer: 'ann',
      ranked: true,
    });
    expect(relevant.has(next!)).toBe(true);
    expect(next).toBe(top[0]!.recordId);
    // in import order, the next is the first unscreened record
    expect(
      await nextToScreen(store, { projectId: project.id, stage: 'title-abstract', reviewer: 'ann' }),
    ).toBe(ids[2]);
    // a skip walks on down the ranking
    expect(
      await nextToScreen(store, {
        projectId: project.id,
        stage: 'title-abstract',
        reviewer: 'ann',
        ranked: true,
        after: next!,
      }),
    ).toBe(top[1]!.recordId);
    // provenance: the decision keeps the model version and the rank it was shown at
    await decide('ann', next!, 'include');
    const priority = await recordPriority(store, project.id, next!);
    const provenance = await decisionProvenance(store, project, 'olive');
    expect(provenance.at(-1)).toMatchObject({ recordId: next, modelVersion: 1, shownRank: priority!.rank });
    expect(provenance[0]).toMatchObject({ modelVersion: null, shownRank: null });
    const second = await retrain(store, project.id);
    expect(second.trained && second.model.version).toBe(2);
  });

  it('switched off, screening stays in import order; projects made before prioritisation keep it off', async () => {
    const { store, project } = await setUp(false, 1);
    await updateProtocol(store, project.id, {
      prioritisation: { ...project.protocol.prioritisation, mode: 'off' },
    });
    expect(await isPrioritised(store, await getProject(store, project.id))).toBe(false);
    await store.db
      .updateTable('project')
      .set({ protocol: JSON.stringify({ screening: { reviewersRequired: 1, blind: false } }) })
      .execute();
    expect((await getProject(store, project.id)).protocol.prioritisation.mode).toBe('off');
    await expect(
      updateProtocol(store, project.id, {
        prioritisation: { ...project.protocol.prioritisation, preset: 'nope' },
      }),
    ).rejects.toThrow(/no prioritisation preset "nope"/);
  });

  it('blind dual screening: the model learns from decided records only, never from one reviewer’s undecided vote', async () => {
    const { store, project, ids, decide } = await setUp(true, 2);
    await decide('ann', ids[0]!, 'include');
    await decide('ann', ids[1]!, 'exclude');
    let data = await trainingData(store, project);
    expect(data.labels.filter((l) => l !== undefined)).toHaveLength(0);
    await decide('ben', ids[0]!, 'include');
    await decide('ben', ids[1]!, 'exclude');
    data = await trainingData(store, project);
    expect(data.labels.filter((l) => l !== undefined)).toHaveLength(2);
    // ann's lone vote on record 2 is neither learnt from nor shown to ben in the provenance
    await decide('ann', ids[2]!, 'include');
    expect((await trainingData(store, project)).labels[2]).toBeUndefined();
    const forBen = await decisionProvenance(store, project, 'ben');
    expect(forBen.some((d) => d.reviewer === 'ann' && d.recordId === ids[2])).toBe(false);
    // nor her votes on decided records, while screening is blind; the owners see them
    expect(forBen.some((d) => d.reviewer === 'ann' && d.recordId === ids[0])).toBe(false);
    const forOwner = await decisionProvenance(store, project, 'olive');
    expect(forOwner.some((d) => d.reviewer === 'ann' && d.recordId === ids[0])).toBe(true);
    // the estimate counts decided records only while blind
    expect((await projectScreeningEstimate(store, project, 'ben')).screened).toBe(2);
  });

  it('prior marks teach the model before any screening, and are audited; screeners only', async () => {
    const { store, project, ids } = await setUp(true, 2);
    await setPriorMark(store, project, ids[0]!, true, 'ann');
    await setPriorMark(store, project, ids[1]!, false, 'ann');
    const result = await retrain(store, project.id);
    expect(result).toMatchObject({ trained: true, model: { labelled: 2, relevant: 1 } });
    await setPriorMark(store, project, ids[1]!, null, 'ann');
    expect((await trainingData(store, project)).labels.filter((l) => l !== undefined)).toHaveLength(1);
    const log = await auditLog(store, project.id, { limit: 10 });
    expect(log.filter((e) => e.action === 'prior-mark')).toHaveLength(3);
    await addMember(store, project.id, 'vic', 'viewer');
    await expect(
      setPriorMark(store, await getProject(store, project.id), ids[2]!, true, 'vic'),
    ).rejects.toThrow();
    await expect(setPriorMark(store, project, 999_999, true, 'ann')).rejects.toThrow(/no record 999999/);
  });

  it('imported labels count as prior knowledge', async () => {
    const store = await openStore(await freshLocation(engine));
    opened.push(store);
    const project = await createProject(store, { title: 'labelled', owner: 'olive' });
    const path = join(mkdtempSync(join(tmpdir(), 'twoway-labels-')), 'asreview.csv');
    writeFileSync(
      path,
      'title,abstract,label_included\nHospital twinning,partnership,1\nCrop yields,irrigation,0\nNurses abroad,,\n',
    );
    await importFile(store, { projectId: project.id, path, source: 'pubmed' });
    const data = await trainingData(store, project);
    expect(data.labels).toEqual([1, 0, undefined]);
  });

  it('the features are stored: after a restart they are read, not the text; a stale or broken snapshot is counted again', async () => {
    const { store, project, ids, decide } = await setUp(false, 1);
    await decide('ann', ids[0]!, 'include');
    await decide('ann', ids[1]!, 'exclude');
    expect((await retrain(store, project.id)).trained).toBe(true);
    const order = async () => (await ranking(store, project, 'olive')).map((r) => [r.recordId, r.score]);
    const first = await order();
    const parts = await store.db.selectFrom('feature_snapshot').selectAll().execute();
    expect(parts).toHaveLength(1);
    expect(parts[0]).toMatchObject({ project_id: project.id, part: 0 });
    // the records' text blanked behind the product's back: a new process (a fresh worker thread) that still
    // ranks as before read the stored counts, not the text
    const texts = await store.db.selectFrom('record').select(['id', 'data']).execute();
    for (const { id, data } of texts)
      await store.db
        .updateTable('record')
        .set({ data: JSON.stringify({ ...JSON.parse(data), title: 'blank', abstract: 'blank' }) })
        .where('id', '=', id)
        .execute();
    expect((await retrainAfterRestart(store, project.id)).trained).toBe(true);
    // (the same model up to the solver's tolerance: a retrain shuffles with its own seed)
    const after = await order();
    expect(after.map(([id]) => id)).toEqual(first.map(([id]) => id));
    after.forEach(([, score], i) => expect(score).toBeCloseTo(first[i]![1]!, 4));
    // a snapshot that is not whole is counted again from the text (blank now: every record alike) and stored anew
    await store.db
      .updateTable('feature_snapshot')
      .set({ data: Buffer.from([1, 2, 3]) })
      .execute();
    expect((await retrainAfterRestart(store, project.id)).trained).toBe(true);
    expect(
      new Set((await order()).filter(([id]) => id !== ids[0] && id !== ids[1]).map(([, score]) => score))
        .size,
    ).toBe(1);
    const rewritten = await store.db.selectFrom('feature_snapshot').select('data').executeTakeFirstOrThrow();
    expect(decodeFeatureSnapshot(rewritten.data)?.recordIds).toHaveLength(ids.length);
    // one more record: this process counted the records before the text was blanked, and counts the new one
    // alone with the vocabulary it kept (a recount of the blank text would score every record alike)
    const path = join(mkdtempSync(join(tmpdir(), 'twoway-one-more-')), 'one.csv');
    writeFileSync(path, 'title,abstract\nHospital twinning,a partnership\n');
    await importFile(store, { projectId: project.id, path, source: 'pubmed' });
    expect((await retrain(store, project.id)).trained).toBe(true);
    const grown = await store.db.selectFrom('feature_snapshot').select('data').executeTakeFirstOrThrow();
    expect(decodeFeatureSnapshot(grown.data)?.recordIds).toHaveLength(ids.length + 1);
    const scores = (await order()).filter(([id]) => id !== ids[0] && id !== ids[1]).map(([, score]) => score);
    expect(scores).toHaveLength(ids.length - 1);
    const distinct = (list: number[][]) =>
      new Set(list.filter(([id]) => id !== ids[0] && id !== ids[1]).map(([, score]) => score)).size;
    expect(distinct(first)).toBeGreaterThan(2);
    expect(new Set(scores).size).toBeGreaterThanOrEqual(distinct(first));
  });

  it('the team records when and why it stopped, with the estimate; owners only, a reason required', async () => {
    const { store, project, ids, decide } = await setUp(false, 1);
    for (const id of ids.slice(0, 30))
      await decide('ann', id, ids.indexOf(id) % 6 === 0 ? 'include' : 'exclude');
    const estimate = await projectScreeningEstimate(store, project, 'ann');
    expect(estimate).toMatchObject({ records: 120, screened: 30, relevantFound: 5 });
    await expect(recordScreeningStop(store, project, 'ann', 'enough')).rejects.toThrow();
    await expect(recordScreeningStop(store, project, 'olive', '  ')).rejects.toThrow(/say why/);
    const stop = await recordScreeningStop(store, project, 'olive', 'the statistical rule says so');
    expect(stop.estimate.screened).toBe(30);
    expect((await screeningStops(store, project, 'ben'))[0]).toMatchObject({
      stoppedBy: 'olive',
      reason: 'the statistical rule says so',
      estimate: { screened: 30, relevantFound: 5 },
    });
  });
});
