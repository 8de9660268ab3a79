import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { labelledRis } from '../src/store/test-support/labelled-records.js';
import { importRisAndWait, newPage, newProject, signIn } from './support.js';

/**
 * Prioritised screening in the browser: a project of 120 records, prioritisation on, two keyboard decisions;
 * after the background retrain the screening page serves the likely relevant records first and shows the
 * score and model version; the dashboard shows the curve and the stopping estimate; a simulation runs from
 * its page.
 */
test.describe.configure({ mode: 'serial' });

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(import.meta.dirname, 'artifacts', `${name}.png`), fullPage: true });

let olive: Page;
let projectId = 0;

test('a prioritised project: the screening page serves ranked records and shows their score', async ({
  browser,
}) => {
  olive = await newPage(browser);
  await signIn(olive, 'olive', 'owner-password');
  projectId = (await newProject(olive, 'Prioritised review', { singleOpen: true })).id;
  await importRisAndWait(olive, projectId, { name: 'labelled.ris', content: labelledRis().content }, 120);
  // import order first: record 1 is about hospitals, record 2 about crops
  await olive.goto(`/projects/${projectId}/screen`);
  await expect(olive.getByText(/Hospital twinning partnership 0/)).toBeVisible();
  await expect(olive.getByTestId('priority')).toHaveCount(0);
  await olive.keyboard.press('i');
  await expect(olive.getByText(/Crop yield 1 /)).toBeVisible();
  await olive.keyboard.press('e');
  // the retrain runs in the background; once it has, the page serves the ranking
  await expect
    .poll(
      async () =>
        (
          (await (await olive.request.get(`/api/v1/projects/${projectId}/prioritisation`)).json()) as {
            model: unknown;
          }
        ).model,
    )
    .not.toBeNull();
  await olive.reload();
  await expect(olive.getByTestId('priority')).toContainText(
    /Relevance score -?\d+\.\d\d · rank \d+ · model version \d+/,
  );
  await expect(olive.getByRole('heading', { level: 2 }).or(olive.locator('h3')).first()).toBeVisible();
  await expect(olive.getByText(/Hospital twinning partnership \d+/)).toBeVisible();
  await shot(olive, '30-prioritised-screening');
});

test('the dashboard shows relevant found against records screened, and the stopping estimate', async () => {
  await olive.goto(`/projects/${projectId}`);
  const section = olive.getByRole('region', { name: 'Prioritisation' });
  await expect(section.getByText(/Records are served by predicted relevance/)).toBeVisible();
  await expect(section.locator('[data-estimate="screened"]')).toHaveText('2 of 120');
  await expect(section.locator('[data-estimate="statistical"]')).toContainText('keep screening');
  await expect(section.getByRole('img', { name: /Relevant records found/ })).toBeVisible();
  await section.getByLabel(/Stop screening because/).fill('checking the form');
  await section.getByRole('button', { name: 'Record that the team stops' }).click();
  await expect(section.getByText(/olive: checking the form/)).toBeVisible();
  await shot(olive, '31-prioritisation-dashboard');
});

test('a simulation from its page', async () => {
  await olive.getByRole('link', { name: 'Simulate' }).click();
  const csv = ['title,abstract,label_included'];
  for (let i = 0; i < 60; i++)
    csv.push(
      i % 4 === 0
        ? `Hospital partnership ${i},nurses trained through twinning,1`
        : `Wheat ${i},irrigation in dry soils,0`,
    );
  await olive
    .getByLabel('Labelled file')
    .setInputFiles({ name: 'asreview.csv', mimeType: 'text/csv', buffer: Buffer.from(csv.join('\n')) });
  await olive.getByLabel(/Runs/).fill('2');
  await olive.getByRole('button', { name: 'Simulate' }).click();
  const table = olive.getByRole('table', { name: 'Simulation metrics' });
  await expect(table).toBeVisible({ timeout: 30_000 });
  await expect(table.getByRole('row')).toHaveCount(4); // header, 2 seeds, mean
  await expect(olive.getByRole('img', { name: /Recall curves/ })).toBeVisible();
  await shot(olive, '32-simulation');
});
