import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importFile } from '../import/imports.js';
import { openStore, type Store } from '../open-store.js';
import { freshLocation, testEngines } from '../test-support/engines.js';
import { tinyPdf } from '../test-support/tiny-pdf.js';
import { auditLog } from './audit-log.js';
import { mergeRecords } from './dedupe-store.js';
import {
  attachFullText,
  attachFullTextsByName,
  fullTextContent,
  fullTextOf,
  projectFullTexts,
  removeFullText,
} from './full-text-store.js';
import { removeImport } from './import-removal.js';
import { computePrisma } from './prisma-store.js';
import { addMember, createProject, getProject } from './projects.js';
import { recordDecision, setRetrieval } from './screening-store.js';

const opened: Store[] = [];
afterEach(async () => {
  while (opened.length) await opened.pop()?.close();
});

function risFile(name: string, records: { title: string; doi?: string; pmid?: string }[]): string {
  const path = join(mkdtempSync(join(tmpdir(), 'twoway-fulltext-')), name);
  writeFileSync(
    path,
    records
      .map(
        (r) =>
          `TY  - JOUR\nTI  - ${r.title}\nPY  - 2012\n${r.doi ? `DO  - ${r.doi}\n` : ''}${r.pmid ? `AN  - ${r.pmid}\n` : ''}ER  - \n`,
      )
      .join('\n'),
  );
  return path;
}

describe.each(testEngines())('full texts on %s', (engine) => {
  async function start() {
    const store = await openStore(await freshLocation(engine));
    opened.push(store);
    const created = await createProject(store, {
      title: 'full texts',
      owner: 'olive',
      protocol: { screening: { reviewersRequired: 1, blind: false } },
    });
    await addMember(store, created.id, 'ruth', 'reviewer');
    await addMember(store, created.id, 'vera', 'viewer');
    const imported = await importFile(store, {
      projectId: created.id,
      path: risFile('pubmed.ris', [
        { title: 'Developed-developing country partnerships', doi: '10.1186/1744-8603-8-17' },
        { title: 'Twinning for patient safety in Uganda', doi: '10.1000/twinning.2' },
        { title: 'Nurse exchanges between Malawi and Scotland', doi: '10.1000/exchange.3' },
      ]),
      source: 'pubmed',
    });
    const project = await getProject(store, created.id);
    const ids = (
      await store.db
        .selectFrom('record')
        .select('id')
        .where('project_id', '=', project.id)
        .orderBy('id')
        .execute()
    ).map((r) => r.id);
    // all three included at title/abstract: their reports are sought
    for (const id of ids)
      await recordDecision(store, {
        projectId: project.id,
        recordId: id,
        stage: 'title-abstract',
        reviewer: 'ruth',
        value: 'include',
      });
    return { store, project, ids, searchId: imported.searchId };
  }

  it('attaches a PDF once by SHA-256, reads it back whole, counts the report as retrieved, and takes it off', async () => {
    const { store, project, ids } = await start();
    const pdf = tinyPdf('Syed et al. 2012');
    await setRetrieval(store, project.id, ids[0]!, 'not-retrieved', 'ruth');
    expect((await computePrisma(store, project.id)).dbr_notretrieved_reports).toBe(1);
    const file = await attachFullText(store, {
      project,
      actor: 'ruth',
      recordId: ids[0]!,
      fileName: 'syed.pdf',
      content: pdf,
    });
    expect(file).toMatchObject({
      recordId: ids[0],
      fileName: 'syed.pdf',
      bytes: pdf.length,
      uploadedBy: 'ruth',
    });
    expect(file.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect((await computePrisma(store, project.id)).dbr_notretrieved_reports).toBe(0);
    const read = await fullTextContent(store, project, 'vera', ids[0]!);
    expect(read.content.equals(pdf)).toBe(true);
    // the same PDF on a second record is stored once
    await attachFullText(store, {
      project,
      actor: 'olive',
      recordId: ids[1]!,
      fileName: 'copy.pdf',
      content: pdf,
    });
    expect(await store.db.selectFrom('full_text_content').select('sha256').execute()).toHaveLength(1);
    // a viewer reads but does not attach; what is not a PDF is refused with its name; a stranger's record is not found
    await expect(
      attachFullText(store, { project, actor: 'vera', recordId: ids[2]!, fileName: 'x.pdf', content: pdf }),
    ).rejects.toMatchObject({ code: 'E_FORBIDDEN' });
    await expect(
      attachFullText(store, {
        project,
        actor: 'ruth',
        recordId: ids[2]!,
        fileName: 'login.pdf',
        content: Buffer.from('<html><body>Sign in to read</body></html>'),
      }),
    ).rejects.toMatchObject({ code: 'E_NOT_PDF', file: 'login.pdf' });
    await expect(
      attachFullText(store, { project, actor: 'ruth', recordId: 99999, fileName: 'x.pdf', content: pdf }),
    ).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
    // taking one off keeps the content the other record holds; taking the other off removes it
    await removeFullText(store, { project, actor: 'ruth', recordId: ids[0]! });
    expect(await fullTextOf(store, project, 'ruth', ids[0]!)).toBeUndefined();
    expect(await store.db.selectFrom('full_text_content').select('sha256').execute()).toHaveLength(1);
    await removeFullText(store, { project, actor: 'ruth', recordId: ids[1]! });
    expect(await store.db.selectFrom('full_text_content').select('sha256').execute()).toHaveLength(0);
    await expect(removeFullText(store, { project, actor: 'ruth', recordId: ids[1]! })).rejects.toMatchObject({
      code: 'E_NOT_FOUND',
    });
    const actions = (await auditLog(store, project.id, { limit: 100 })).map((e) => e.action);
    expect(actions.filter((a) => a === 'full-text.attach')).toHaveLength(2);
    expect(actions.filter((a) => a === 'full-text.remove')).toHaveLength(2);
  });

  it('attaches many PDFs by the DOI or PMID in their names; a duplicate’s PDF is its cluster’s; import removal moves it', async () => {
    const { store, project, ids } = await start();
    const result = await attachFullTextsByName(store, {
      project,
      actor: 'ruth',
      files: [
        { fileName: '10.1186_1744-8603-8-17.pdf', content: tinyPdf('one') },
        { fileName: '10.1000@twinning.2.pdf', content: tinyPdf('two') },
        { fileName: 'unknown 2011.pdf', content: tinyPdf('none') },
        { fileName: '10.1000_exchange.3.pdf', content: Buffer.from('%PDF-1.4\ncut') },
      ],
    });
    expect(result.attached.map((a) => [a.recordId, a.by])).toEqual([
      [ids[0], 'doi'],
      [ids[1], 'doi'],
    ]);
    expect(result.skipped).toEqual([
      { fileName: '10.1000_exchange.3.pdf', reason: expect.stringMatching(/cut short/) },
      { fileName: 'unknown 2011.pdf', reason: 'its name holds no DOI, PMID or PMCID' },
    ]);
    expect((await projectFullTexts(store, project, 'vera')).map((f) => f.recordId)).toEqual([ids[0], ids[1]]);
    // a second export finds the first study again; merged, the PDF is the cluster's; removing the first import
    // moves it to the record that takes over
    const second = await importFile(store, {
      projectId: project.id,
      path: risFile('embase.ris', [
        { title: 'Developed-developing country partnerships', doi: '10.1186/1744-8603-8-17' },
      ]),
      source: 'embase',
    });
    const [again] = (
      await store.db.selectFrom('record').select('id').where('search_id', '=', second.searchId).execute()
    ).map((r) => r.id);
    await mergeRecords(store, project.id, [ids[0]!, again!], 'olive');
    expect((await fullTextOf(store, project, 'ruth', again!))?.fileName).toBe('10.1186_1744-8603-8-17.pdf');
    const searchId = (
      await store.db
        .selectFrom('record')
        .select('search_id')
        .where('id', '=', ids[0]!)
        .executeTakeFirstOrThrow()
    ).search_id;
    await removeImport(store, project.id, searchId, 'olive', { discardWork: true });
    expect((await fullTextOf(store, project, 'ruth', again!))?.fileName).toBe('10.1186_1744-8603-8-17.pdf');
    expect((await fullTextContent(store, project, 'ruth', again!)).content.equals(tinyPdf('one'))).toBe(true);
    // the second record's PDF left with its record, and its content with it
    expect(await store.db.selectFrom('full_text_content').select('sha256').execute()).toHaveLength(1);
  });
});
