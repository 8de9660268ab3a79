import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { BenefitItem } from '../../domain/codebook/benefit-item.js';
import type { StudyCoding } from '../../domain/codebook/study-coding.js';
import { importFile } from '../import/imports.js';
import { openStore, type Store } from '../open-store.js';
import { freshLocation, testEngines } from '../test-support/engines.js';
import { auditLog } from './audit-log.js';
import { editCodebook, importCodebook, projectCodebook } from './codebook-store.js';
import {
  codingAgreementFor,
  codingHistory,
  codingQueue,
  finalCodings,
  recordConsensus,
  saveCoding,
  studyCodings,
} from './coding-store.js';
import { addMember, createProject, getProject, updateProtocol } from './projects.js';
import { recordDecision } from './screening-store.js';

const opened: Store[] = [];
afterEach(async () => {
  while (opened.length) await opened.pop()?.close();
});

function risFile(rows: { title: string; author: string; year: number }[]): string {
  const path = join(mkdtempSync(join(tmpdir(), 'twoway-coding-')), 'studies.ris');
  writeFileSync(
    path,
    rows.map((r) => `TY  - JOUR\nTI  - ${r.title}\nAU  - ${r.author}\nPY  - ${r.year}\nER  - \n`).join('\n'),
  );
  return path;
}

const item = (overrides: Partial<BenefitItem>): BenefitItem => ({
  description: 'Learnt task shifting',
  buildingBlocks: ['health_workforce'],
  learningAreas: ['skills_substitution'],
  sources: [],
  ...overrides,
});

describe.each(testEngines())('coding included studies on %s', (engine) => {
  async function setUp() {
    const store = await openStore(await freshLocation(engine));
    opened.push(store);
    const project = await createProject(store, { title: 'benefits', owner: 'olive' });
    for (const r of ['ann', 'ben']) await addMember(store, project.id, r, 'reviewer');
    await addMember(store, project.id, 'vic', 'viewer');
    await importFile(store, {
      projectId: project.id,
      path: risFile([
        { title: 'Twinning Uganda–UK', author: 'Syed, S', year: 2012 },
        { title: 'Nurses abroad', author: 'Jones, F', year: 2013 },
        { title: 'Excluded one', author: 'Nobody, N', year: 2001 },
      ]),
      source: 'pubmed',
    });
    const ids = (await store.db.selectFrom('record').select('id').orderBy('id').execute()).map((r) => r.id);
    for (const id of ids.slice(0, 2))
      for (const stage of ['title-abstract', 'full-text'])
        for (const reviewer of ['ann', 'ben'])
          await recordDecision(store, {
            projectId: project.id,
            recordId: id,
            stage,
            reviewer,
            value: 'include',
          });
    const code = (
      coder: string,
      recordId: number,
      coding: StudyCoding,
      submit = true,
      frameworkVersion = 1,
    ) => saveCoding(store, { projectId: project.id, recordId, coder, coding, frameworkVersion, submit });
    return { store, project, ids, code };
  }

  it('keeps blind codings apart until both are in, records a consensus and feeds the synthesis from it', async () => {
    const { store, project, ids, code } = await setUp();
    const ann: StudyCoding = {
      fields: { study_design: 'qualitative' },
      items: [item({ direction: 'to_high_income' })],
    };
    const ben: StudyCoding = { fields: { study_design: 'survey' }, items: [item({ direction: 'mutual' })] };
    await code('ann', ids[0]!, ann, false);
    await code('ann', ids[0]!, ann);
    // ben sees only his own (none); ann's submission is hidden from him and from the owner
    expect((await studyCodings(store, project.id, ids[0]!, 'ben')).codings).toEqual([]);
    expect((await studyCodings(store, project.id, ids[0]!, 'ben')).hidden).toBe(1);
    expect((await studyCodings(store, project.id, ids[0]!, 'olive')).codings).toEqual([]);
    expect(await codingHistory(store, project.id, ids[0]!, 'ben')).toEqual([]);
    await expect(
      recordConsensus(store, {
        projectId: project.id,
        recordId: ids[0]!,
        coder: 'olive',
        coding: ann,
        frameworkVersion: 1,
      }),
    ).rejects.toMatchObject({ code: 'E_CONFLICT' });
    await code('ben', ids[0]!, ben);
    const both = await studyCodings(store, project.id, ids[0]!, 'ben');
    expect(both.complete).toBe(true);
    expect(both.codings.map((c) => c.coder).sort()).toEqual(['ann', 'ben']);
    expect(both.final).toBeUndefined(); // dual coding: no consensus yet, nothing final
    // a draft after submitting is refused: a submission is amended by submitting again
    await expect(code('ben', ids[0]!, ben, false)).rejects.toMatchObject({ code: 'E_CONFLICT' });
    const agreed: StudyCoding = {
      fields: { study_design: 'qualitative' },
      items: [item({ direction: 'mutual' })],
    };
    await recordConsensus(store, {
      projectId: project.id,
      recordId: ids[0]!,
      coder: 'olive',
      coding: agreed,
      frameworkVersion: 1,
    });
    const final = await finalCodings(store, project.id, 'vic');
    expect(final.studies).toHaveLength(1);
    expect(final.studies[0]).toMatchObject({ recordId: ids[0], citation: 'Syed 2012', year: 2012 });
    expect(final.studies[0]!.coding.items[0]!.direction).toBe('mutual');
    expect((await codingHistory(store, project.id, ids[0]!, 'vic')).map((e) => e.kind)).toEqual([
      'draft',
      'submitted',
      'submitted',
      'consensus',
    ]);
    expect((await auditLog(store, project.id, { limit: 5 })).map((e) => e.action)).toContain(
      'coding.consensus',
    );
    const queue = await codingQueue(store, project.id, 'ann');
    expect(queue.map((q) => [q.recordId, q.mine, q.complete, q.consensus])).toEqual([
      [ids[0], 'submitted', true, true],
      [ids[1], 'none', false, false],
    ]);
    const agreement = await codingAgreementFor(store, project.id, 'vic');
    expect(agreement.studies).toBe(1);
    expect(agreement.fields.find((f) => f.key === 'study_design')!.percent).toBe(0);
  });

  it('refuses what does not fit: viewers, excluded records, unknown codes, another framework version — nothing stored', async () => {
    const { store, ids, code } = await setUp();
    const ok: StudyCoding = { fields: {}, items: [item({})] };
    await expect(code('vic', ids[0]!, ok)).rejects.toMatchObject({ code: 'E_FORBIDDEN' });
    await expect(code('ann', ids[2]!, ok)).rejects.toMatchObject({ code: 'E_CONFLICT' });
    await expect(
      code('ann', ids[0]!, { fields: {}, items: [item({ buildingBlocks: ['plumbing'] })] }),
    ).rejects.toThrow(
      /\/items\/0\/buildingBlocks\/0: "plumbing" is not a code of building_block in twoway-benefits v1/,
    );
    await expect(
      code('ann', ids[0]!, { fields: {}, items: [item({ description: 'x'.repeat(20_000) })] }),
    ).rejects.toMatchObject({ code: 'E_CODING_INVALID' });
    await expect(code('ann', ids[0]!, ok, true, 2)).rejects.toMatchObject({ code: 'E_CONFLICT' });
    expect(await store.db.selectFrom('coding_event').select('id').execute()).toEqual([]);
  });

  it('a framework edit that renames and merges codes keeps old codings readable, mapped forward', async () => {
    const { store, project, ids, code } = await setUp();
    await code('ann', ids[0]!, {
      fields: {},
      items: [item({ level: 'partnership' }), item({ level: 'organisational' })],
    });
    await editCodebook(store, project.id, 'olive', {
      op: 'rename',
      dimension: 'level',
      code: 'organisational',
      into: 'institutional',
      label: 'Institutional',
    });
    await editCodebook(store, project.id, 'olive', {
      op: 'merge',
      dimension: 'level',
      code: 'partnership',
      into: 'institutional',
    });
    await expect(
      editCodebook(store, project.id, 'ann', { op: 'retire', dimension: 'level', code: 'individual' }),
    ).rejects.toMatchObject({ code: 'E_FORBIDDEN' });
    const current = await projectCodebook(store, await getProject(store, project.id));
    expect(current.framework.version).toBe(3);
    const mine = (await studyCodings(store, project.id, ids[0]!, 'ann')).codings[0]!;
    expect(mine.frameworkVersion).toBe(1);
    expect(mine.coding.items.map((i) => i.level)).toEqual(['institutional', 'institutional']);
    // the stored event is untouched: version 1 codes
    const stored = await store.db.selectFrom('coding_event').select('body').executeTakeFirstOrThrow();
    expect(stored.body).toContain('"partnership"');
    // a coding on the old version is refused now; on the new one, the merged code is refused as retired
    await expect(code('ben', ids[0]!, { fields: {}, items: [item({})] }, true, 1)).rejects.toMatchObject({
      code: 'E_CONFLICT',
    });
    await expect(
      code('ben', ids[0]!, { fields: {}, items: [item({ level: 'partnership' })] }, true, 3),
    ).rejects.toThrow(/retired/);
    const actions = (await auditLog(store, project.id, { limit: 10 })).map((e) => e.action);
    expect(actions.filter((a) => a === 'framework.edit')).toHaveLength(2);
  });

  it('imports a framework file: each fault named by its JSON path, and no switch away from a coded framework', async () => {
    const { store, project, ids, code } = await setUp();
    await expect(
      importCodebook(store, project.id, 'olive', { framework: { id: 'Bad Id', version: 1 } }),
    ).rejects.toThrow(
      /\/id: must match pattern[\s\S]*\/: missing field\(s\)|\/: missing field\(s\)[\s\S]*\/id: must match/,
    );
    const mine = {
      id: 'our-codes',
      version: 1,
      title: 'Ours',
      sources: [],
      dimensions: [
        {
          id: 'level',
          label: 'Level',
          status: 'verified',
          multiple: false,
          codes: [{ id: 'person', label: 'Person' }],
        },
      ],
    };
    await importCodebook(store, project.id, 'olive', { framework: mine });
    expect((await getProject(store, project.id)).protocol.coding.framework).toBe('our-codes');
    await expect(importCodebook(store, project.id, 'olive', { framework: mine })).rejects.toMatchObject({
      code: 'E_CONFLICT',
    });
    await code('ann', ids[0]!, {
      fields: {},
      items: [{ description: 'd', level: 'person', buildingBlocks: [], learningAreas: [], sources: [] }],
    });
    const other = { ...mine, id: 'another' };
    await expect(importCodebook(store, project.id, 'olive', { framework: other })).rejects.toThrow(
      /has codings made with our-codes/,
    );
  });
});

describe.each(testEngines())('the synthesis input kept between requests on %s', (engine) => {
  it('is read again whenever a decision, coding, framework edit or merge changes what it comes from', async () => {
    const store = await openStore(await freshLocation(engine));
    opened.push(store);
    const { synthesisInput } = await import('./synthesis-store.js');
    const { mergeRecords } = await import('./dedupe-store.js');
    const project = await createProject(store, { title: 'kept', owner: 'olive' });
    await updateProtocol(store, project.id, {
      screening: { reviewersRequired: 1, blind: false },
      coding: { framework: 'twoway-benefits', codersRequired: 1, blind: false },
    });
    await importFile(store, {
      projectId: project.id,
      path: risFile([
        { title: 'One', author: 'A, A', year: 2001 },
        { title: 'Two', author: 'B, B', year: 2002 },
        { title: 'One', author: 'A, A', year: 2001 },
      ]),
      source: 'pubmed',
    });
    const ids = (await store.db.selectFrom('record').select('id').orderBy('id').execute()).map((r) => r.id);
    const include = async (id: number) => {
      for (const stage of ['title-abstract', 'full-text'])
        await recordDecision(store, {
          projectId: project.id,
          recordId: id,
          stage,
          reviewer: 'olive',
          value: 'include',
        });
    };
    const code = (id: number, version = 1) =>
      saveCoding(store, {
        projectId: project.id,
        recordId: id,
        coder: 'olive',
        coding: { fields: {}, items: [item({})] },
        frameworkVersion: version,
        submit: true,
      });
    const studies = async () =>
      (await synthesisInput(store, project.id, 'olive')).input.studies.map((s) => s.recordId);
    await include(ids[0]!);
    await code(ids[0]!);
    expect(await studies()).toEqual([ids[0]]);
    const first = (await synthesisInput(store, project.id, 'olive')).input;
    expect((await synthesisInput(store, project.id, 'olive')).input).toBe(first); // nothing changed: kept
    await include(ids[1]!);
    await code(ids[1]!);
    expect(await studies()).toEqual([ids[0], ids[1]]);
    await recordDecision(store, {
      projectId: project.id,
      recordId: ids[1]!,
      stage: 'full-text',
      reviewer: 'olive',
      value: 'exclude',
    });
    expect(await studies()).toEqual([ids[0]]);
    await editCodebook(store, project.id, 'olive', {
      op: 'rename',
      dimension: 'building_block',
      code: 'health_workforce',
      into: 'workforce',
      label: 'Workforce',
    });
    expect(
      (await synthesisInput(store, project.id, 'olive')).input.studies[0]!.coding.items[0]!.buildingBlocks,
    ).toEqual(['workforce']);
    // a merge makes record 3 the duplicate of record 1 (or the other way round): the study stays one
    await mergeRecords(store, project.id, [ids[0]!, ids[2]!], 'olive');
    expect(await studies()).toHaveLength(1);
  });
});
