import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { tinyPdf } from '../src/store/test-support/tiny-pdf.js';
import { importRisAndWait, newPage, newProject, signIn } from './support.js';

/**
 * The full-text stage: a reviewer attaches the record's PDF on the screening page, pdf.js draws it beside the
 * record, the report counts as obtained in PRISMA, and a file that is no PDF is refused with its name.
 */
test('a PDF attached at the full-text stage is drawn in the page and counts as retrieved', async ({
  browser,
}) => {
  const olive = await newPage(browser);
  await signIn(olive, 'olive', 'owner-password');
  const project = await newProject(olive, 'Full texts', { singleOpen: true });
  await importRisAndWait(
    olive,
    project.id,
    {
      name: 'one.ris',
      content: 'TY  - JOUR\nTI  - Twinning for patient safety\nDO  - 10.1000/pdf.1\nPY  - 2012\nER  - \n',
    },
    1,
  );
  const [record] = (
    (await (await olive.request.get(`/api/v1/projects/${project.id}/records`)).json()) as {
      records: { id: number }[];
    }
  ).records;
  await olive.request.post(`/api/v1/projects/${project.id}/decisions`, {
    data: { recordId: record!.id, stage: 'title-abstract', value: 'include' },
    headers: { 'x-csrf-token': project.token },
  });
  const dir = mkdtempSync(join(tmpdir(), 'twoway-e2e-pdf-'));
  writeFileSync(join(dir, 'not-a-pdf.pdf'), '<html><body>Sign in to read</body></html>');
  writeFileSync(join(dir, 'twinning.pdf'), tinyPdf('Twinning for patient safety: the full report'));

  await olive.goto(`/projects/${project.id}/screen?stage=full-text`);
  await expect(olive.locator('.record-title')).toHaveText('Twinning for patient safety');
  await olive.getByLabel('Attach the PDF').setInputFiles(join(dir, 'not-a-pdf.pdf'));
  await expect(olive.getByRole('alert')).toContainText(/does not start as a PDF does/);
  await olive.getByLabel('Attach the PDF').setInputFiles(join(dir, 'twinning.pdf'));
  await expect(olive.getByTestId('pdf-file')).toContainText('twinning.pdf');
  // pdf.js drew the page: a canvas with ink on it
  const page = olive.getByTestId('pdf-page').first();
  await expect(page).toBeVisible();
  await expect
    .poll(() =>
      page.evaluate((element) => {
        // the browser's canvas, as far as this check reads it (the tests compile without the DOM's types)
        const canvas = element as unknown as {
          width: number;
          height: number;
          getContext(kind: '2d'): {
            getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
          };
        };
        const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
        let dark = 0;
        for (let i = 0; i < data.length; i += 4) if (data[i]! < 100 && data[i + 3]! > 0) dark++;
        return dark;
      }),
    )
    .toBeGreaterThan(50);
  await olive.screenshot({
    path: join(import.meta.dirname, 'artifacts', '46-full-text-pdf.png'),
    fullPage: true,
  });
  const prisma = (await (
    await olive.request.get(`/api/v1/projects/${project.id}/prisma?format=json`)
  ).json()) as Record<string, number>;
  expect(prisma).toMatchObject({ dbr_sought_reports: 1, dbr_notretrieved_reports: 0 });
  // after a reload the PDF is still there
  await olive.reload();
  await expect(olive.getByTestId('pdf-file')).toContainText('twinning.pdf');
  // the import page attaches PDFs by the DOI in their names, and says what it skipped
  writeFileSync(join(dir, '10.1000_pdf.1.pdf'), tinyPdf('A newer copy of the report'));
  writeFileSync(join(dir, 'scan 2012.pdf'), tinyPdf('unnamed'));
  await olive.goto(`/projects/${project.id}/import`);
  const bulk = olive.getByRole('form', { name: 'Attach full texts' });
  await bulk
    .getByLabel(/^PDFs named by DOI/)
    .setInputFiles([join(dir, '10.1000_pdf.1.pdf'), join(dir, 'scan 2012.pdf')]);
  await bulk.getByRole('button', { name: 'Attach' }).click();
  await expect(bulk.getByRole('status')).toContainText('1 PDF attached, 1 skipped');
  await expect(bulk.getByRole('status')).toContainText(`10.1000_pdf.1.pdf: record ${record!.id} (by DOI)`);
  await expect(bulk.getByRole('status')).toContainText(
    'scan 2012.pdf: skipped — its name holds no DOI, PMID or PMCID',
  );
});
