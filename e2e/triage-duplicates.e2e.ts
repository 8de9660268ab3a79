import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { importRisAndWait, newPage, newProject, signIn } from './support.js';

/**
 * The duplicate review queue: each pair's fields marked as agreeing or differing, and the pairs that only share a
 * title several pairs share grouped, dismissed with one click.
 */
test('pairs that share a generic title are one group, dismissed at once; each field says whether it agrees', async ({
  browser,
}) => {
  const olive = await newPage(browser);
  await signIn(olive, 'olive', 'owner-password');
  const project = await newProject(olive, 'Duplicate triage');
  const ris = [
    ['Editorial introduction to the special issue', 'Mensah'],
    ['Editorial introduction to the special issue', 'Okello'],
    ['Editorial Introduction to the Special Issue.', 'Banda'],
    ['Twinning hospitals in Malawi and Scotland', 'Phiri'],
    ['Twinning hospitals in Malawi and Scotland', 'Chirwa'],
  ]
    .map(([title, author]) => `TY  - JOUR\nTI  - ${title}\nAU  - ${author}, A\nPY  - 2014\nER  - \n`)
    .join('\n');
  await importRisAndWait(olive, project.id, { name: 'editorials.ris', content: ris }, 5);
  await olive.goto(`/projects/${project.id}/duplicates`);
  await olive.getByRole('button', { name: 'Find duplicates and merge the certain ones' }).click();
  await expect(olive.getByText(/Deduplication done/)).toBeVisible();
  const group = olive.locator('details.pair-group');
  await expect(group.locator('summary')).toHaveText(
    /3 pairs that share the title “Editorial introduction to the special issue”/,
  );
  // the pair that stands alone says which fields agree and which differ
  const alone = olive.locator(':not(details) > [data-testid="review-pair"]');
  await expect(alone).toHaveCount(1);
  await expect(alone.getByRole('row', { name: /^Year/ })).toContainText('agree');
  await expect(alone.getByRole('row', { name: /^Authors/ })).toContainText('differ');
  await group.locator('summary').click();
  await olive.screenshot({
    path: join(import.meta.dirname, 'artifacts', '47-duplicate-groups.png'),
    fullPage: true,
  });
  await group.getByRole('button', { name: 'None of these 3 is a duplicate' }).click();
  await expect(olive.locator('details.pair-group')).toHaveCount(0);
  await expect(olive.getByRole('heading', { name: 'To review (1)' })).toBeVisible();
  // remembered: a new run does not queue them again
  await olive.getByRole('button', { name: 'Find duplicates and merge the certain ones' }).click();
  await expect(olive.getByText(/Deduplication done/)).toBeVisible();
  await expect(olive.getByRole('heading', { name: 'To review (1)' })).toBeVisible();
});
