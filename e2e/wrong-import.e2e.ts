import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { importRisAndWait, newPage, newProject, signIn } from './support.js';

/**
 * An owner removes a wrong import from the import page: the page says what leaves, what moves and what is
 * lost, and asks before removing decisions; the searches table and the records follow.
 */
test('an owner removes a wrong import after reading what it does', async ({ browser }) => {
  const olive = await newPage(browser);
  await signIn(olive, 'olive', 'owner-password');
  const { token, ...project } = await newProject(olive, 'Removal review');
  const ris = ['Twinning in Malawi', 'Zebrafish in tanks']
    .map((t) => `TY  - JOUR\nTI  - ${t}\nPY  - 2011\nER  - \n`)
    .join('\n');
  await importRisAndWait(olive, project.id, { name: 'wrong-export.ris', content: ris }, 2);
  const record = (
    (await (await olive.request.get(`/api/v1/projects/${project.id}/records`)).json()) as {
      records: { id: number }[];
    }
  ).records[0]!.id;
  await olive.request.post(`/api/v1/projects/${project.id}/decisions`, {
    data: { recordId: record, stage: 'title-abstract', value: 'include' },
    headers: { 'x-csrf-token': token },
  });
  await olive.goto(`/projects/${project.id}/import`);
  await expect(olive.getByRole('cell', { name: 'wrong-export.ris' })).toBeVisible();
  await olive.getByRole('button', { name: /Remove search \d+/ }).click();
  const dialog = olive.getByRole('dialog', { name: /Remove search/ });
  await expect(dialog).toContainText(/Its 2 records leave the review and the PRISMA counts/);
  await expect(dialog).toContainText(/carry 1 decision: removing the search removes them too/);
  await olive.screenshot({
    path: join(import.meta.dirname, 'artifacts', '40-import-removal.png'),
    fullPage: true,
  });
  await dialog.getByRole('button', { name: 'Remove the search and its 1 decision' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(olive.getByRole('cell', { name: 'wrong-export.ris' })).toHaveCount(0);
  const left = (await (await olive.request.get(`/api/v1/projects/${project.id}/records`)).json()) as {
    count: number;
  };
  expect(left.count).toBe(0);
});
