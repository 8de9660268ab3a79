import { describe, expect, it } from 'vitest';
import { openStore } from '../store/open-store.js';
import { freshLocation, testEngines } from '../store/test-support/engines.js';
import { tinyPdf } from '../store/test-support/tiny-pdf.js';
import { buildApp } from './app.js';
import { ApiClient } from './test-support/api-client.js';
import { closedAfterEachTest } from './test-support/running-apps.js';

const running = closedAfterEachTest();

describe.each(testEngines())('full texts through the API on %s', (engine) => {
  it('attaches a PDF by upload, serves it as a PDF, shows it on the full-text screen; bulk attach by name; refusals', async () => {
    const store = await openStore(await freshLocation(engine));
    const twoway = await buildApp({ store });
    running.push({ app: twoway, store });
    const owner = new ApiClient(twoway.app);
    await owner.post('/signup', { username: 'olive', password: 'owner-password' });
    const project = (await owner.post('/projects', { title: 'PDFs' })).body as {
      id: number;
      protocol: object;
    };
    await owner.put(`/projects/${project.id}/protocol`, {
      protocol: { ...project.protocol, screening: { reviewersRequired: 1, blind: false } },
    });
    const ris = ['10.1000/one', '10.1000/two']
      .map((doi, i) => `TY  - JOUR\nTI  - Partnership report ${i + 1}\nDO  - ${doi}\nPY  - 2012\nER  - \n`)
      .join('\n');
    await owner.upload(`/projects/${project.id}/imports`, { source: 'pubmed' }, [
      { name: 'two.ris', content: ris },
    ]);
    await twoway.jobs.idle();
    const base = `/projects/${project.id}`;
    const ids = ((await owner.get(`${base}/record-list`)).body.records as { id: number }[]).map((r) => r.id);
    for (const recordId of ids)
      await owner.post(`${base}/decisions`, { recordId, stage: 'title-abstract', value: 'include' });
    const pdf = tinyPdf('Partnership report 1 <script>alert(1)</script>');
    const put = await owner.upload(
      `${base}/records/${ids[0]}/full-text`,
      {},
      [{ name: 'report one.pdf', content: pdf }],
      'PUT',
    );
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ recordId: ids[0], fileName: 'report one.pdf', bytes: pdf.length });
    const got = await owner.get(`${base}/records/${ids[0]}/full-text`);
    expect(got.status).toBe(200);
    expect(got.raw.headers['content-type']).toBe('application/pdf');
    expect(got.raw.headers['content-disposition']).toMatch(/^inline; filename="report-one\.pdf"/);
    expect(got.raw.rawPayload.equals(pdf)).toBe(true);
    expect(
      (await owner.get(`${base}/records/${ids[0]}/full-text?download=true`)).raw.headers[
        'content-disposition'
      ],
    ).toMatch(/^attachment;/);
    // the full-text screen says the PDF is there and the report retrieved
    const screen = (await owner.get(`${base}/screening/next?stage=full-text`)).body.screen;
    expect(screen).toMatchObject({
      fullText: { fileName: 'report one.pdf' },
      retrieval: { status: 'retrieved', location: 'PDF: report one.pdf' },
    });
    // refusals: not a PDF (422 with the file's name), no file, a record without a PDF
    const html = await owner.upload(
      `${base}/records/${ids[1]}/full-text`,
      {},
      [{ name: 'login.pdf', content: '<html>' }],
      'PUT',
    );
    expect(html.status).toBe(422);
    expect(html.body.error).toMatchObject({ code: 'E_NOT_PDF', file: 'login.pdf' });
    expect((await owner.get(`${base}/records/${ids[1]}/full-text`)).status).toBe(404);
    // bulk: the second record's PDF by its DOI in the name, one skipped
    const bulk = await owner.upload(`${base}/full-texts`, {}, [
      { name: '10.1000_two.pdf', content: tinyPdf('two') },
      { name: 'notes.pdf', content: tinyPdf('notes') },
    ]);
    expect(bulk.body).toMatchObject({
      attached: [{ recordId: ids[1], by: 'doi', fileName: '10.1000_two.pdf' }],
      skipped: [{ fileName: 'notes.pdf', reason: 'its name holds no DOI, PMID or PMCID' }],
    });
    expect(((await owner.get(`${base}/full-texts`)).body as unknown[]).length).toBe(2);
    const removed = await owner.request('DELETE', `${base}/records/${ids[1]}/full-text`);
    expect(removed.body).toMatchObject({ recordId: ids[1], fileName: '10.1000_two.pdf' });
    expect((await owner.get(`${base}/records/${ids[1]}/full-text`)).status).toBe(404);
  });
});
