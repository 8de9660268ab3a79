import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { importRisAndWait, newPage, newProject, signIn } from './support.js';

const TOPICS = ['malaria nets', 'surgical checklists', 'nurse mentoring', 'hand hygiene', 'maternal care'];
const ris = (numbers: number[]) =>
  numbers
    .map(
      (n) =>
        `TY  - JOUR\nTI  - What ${TOPICS[n]} partnerships taught both hospitals\nPY  - 2012\nDO  - 10.1000/e2e.living.${n}\nER  - \n`,
    )
    .join('\n');

/**
 * A living review: a newer export of a search is imported from the import page as its re-run; the records it
 * found before keep their decisions, the record list marks what is new, and the screening page serves it first.
 */
test('a newer run of a search: what is new is marked, filtered and screened first', async ({ browser }) => {
  const olive = await newPage(browser);
  await signIn(olive, 'olive', 'owner-password');
  const project = await newProject(olive, 'Living review', { singleOpen: true });
  await importRisAndWait(olive, project.id, { name: 'pubmed-2024.ris', content: ris([0, 1, 2]) }, 3);
  const records = (
    (await (await olive.request.get(`/api/v1/projects/${project.id}/records`)).json()) as {
      records: { id: number }[];
    }
  ).records;
  await olive.request.post(`/api/v1/projects/${project.id}/decisions`, {
    data: { recordId: records[0]!.id, stage: 'title-abstract', value: 'include' },
    headers: { 'x-csrf-token': project.token },
  });

  await olive.goto(`/projects/${project.id}/import`);
  const newer = join(mkdtempSync(join(tmpdir(), 'twoway-e2e-living-')), 'pubmed-2025.ris');
  writeFileSync(newer, ris([0, 1, 3, 4]));
  await olive.getByLabel(/^Files/).setInputFiles(newer);
  const earlier = olive.getByLabel('A newer run of');
  const value = await earlier.locator('option', { hasText: 'pubmed-2024.ris' }).getAttribute('value');
  await earlier.selectOption(value!);
  await olive.getByRole('button', { name: 'Import' }).click();
  await expect(olive.locator('[data-job-state="done"]')).toContainText('4 records');
  await expect(olive.getByRole('row', { name: /pubmed-2025\.ris/ })).toContainText(/re-run of #\d+/);

  await olive.goto(`/projects/${project.id}/records`);
  await expect(olive.getByTestId('records-range')).toHaveText('1–5 of 5 records');
  // the box stands for the address's filter: it shows checked once the list has navigated (click, then wait)
  const onlyNew = olive.getByLabel('New since the last run of a search');
  await onlyNew.click();
  await expect(onlyNew).toBeChecked();
  await expect(olive.getByTestId('records-range')).toHaveText('1–2 of 2 records');
  await expect(olive.getByTestId('record-row').first()).toContainText('new since the last run');
  await expect(olive.getByTestId('record-row').first()).toContainText(TOPICS[3]!);
  await olive.screenshot({
    path: join(import.meta.dirname, 'artifacts', '45-living-review.png'),
    fullPage: true,
  });

  // the first run's unscreened records were imported first; the new ones are served before them
  await olive.goto(`/projects/${project.id}/screen`);
  await expect(olive.locator('.record-title')).toContainText(TOPICS[3]!);
});
