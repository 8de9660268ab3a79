import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { importRisAndWait, newPage, newProject, signIn } from './support.js';

const RIS = Array.from(
  { length: 6 },
  (_, i) => `TY  - JOUR\nTI  - Partnership record ${i + 1}\nAU  - Mensah, K\nPY  - ${2005 + i}\nER  - \n`,
).join('\n');

/**
 * The record list: a tag added on the screening page, "My decisions" after a reload with each vote a click away
 * from being decided again, and an owner's bulk action on every record a filter keeps.
 */
test('tags, my decisions re-decided from the record list, and a bulk tag of every record that matches', async ({
  browser,
}) => {
  const olive = await newPage(browser);
  await signIn(olive, 'olive', 'owner-password');
  const project = await newProject(olive, 'Record list', { singleOpen: true });
  await importRisAndWait(olive, project.id, { name: 'six.ris', content: RIS }, 6);
  await olive.goto(`/projects/${project.id}/screen`);
  await expect(olive.locator('.record-title')).toHaveText('Partnership record 1');
  await olive.getByLabel('Add a tag').fill('ask Ana');
  await olive.getByRole('button', { name: 'Tag', exact: true }).click();
  await expect(olive.locator('.record-tags .tag')).toHaveText(/ask Ana/);
  await olive.locator('body').click(); // the keys act once the tag field is left
  await olive.keyboard.press('i');
  await expect(olive.locator('.record-title')).toHaveText('Partnership record 2');

  // after a reload, the decision is in "My decisions", and can be made again
  await olive.goto(`/projects/${project.id}/records`);
  await olive.getByRole('button', { name: 'My decisions' }).click();
  await expect(olive.getByTestId('records-range')).toHaveText('1–1 of 1 record');
  const row = olive.getByTestId('record-row');
  await expect(row).toContainText('Partnership record 1');
  await expect(row).toContainText('olive: include');
  await expect(row).toContainText('ask Ana');
  await olive.screenshot({
    path: join(import.meta.dirname, 'artifacts', '43-record-list.png'),
    fullPage: true,
  });
  await row.getByRole('link', { name: 'Re-decide' }).click();
  await expect(olive.locator('.record-title')).toHaveText('Partnership record 1');
  await olive.keyboard.press('e');
  await expect(olive.locator('.record-title')).not.toHaveText('Partnership record 1');
  await olive.goto(`/projects/${project.id}/records?reviewer=olive&vote=exclude`);
  await expect(olive.getByTestId('records-range')).toHaveText('1–1 of 1 record');
  await expect(olive.getByTestId('record-row')).toContainText('Excluded');

  // an owner tags every unscreened record at once
  await olive.goto(`/projects/${project.id}/records?state=unscreened`);
  await expect(olive.getByTestId('records-range')).toHaveText('1–5 of 5 records');
  await olive.getByLabel('Select record', { exact: false }).first().check();
  await olive.getByRole('button', { name: 'Select all 5 that match' }).click();
  await expect(olive.getByTestId('bulk-chosen')).toHaveText('5 records selected');
  await olive.getByLabel('Tag name').fill('second look');
  await olive.getByRole('button', { name: 'Apply' }).click();
  await expect(olive.getByText('tag: 5 records changed of 5')).toBeVisible();
  await olive.goto(`/projects/${project.id}/records?tag=second%20look`);
  await expect(olive.getByTestId('records-range')).toHaveText('1–5 of 5 records');
});
