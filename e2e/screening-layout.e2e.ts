import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { csrf, importRisAndWait, newPage, signIn } from './support.js';

/**
 * The decision buttons stay in view beside a long abstract: at 1280×800 and on a 390-pixel phone, Include is on
 * the screen without scrolling, and a click on it decides the record on the screen.
 */
test('the decision buttons stay in view at 1280×800 and on a phone', async ({ browser }) => {
  const olive = await newPage(browser);
  await signIn(olive, 'olive', 'owner-password');
  const token = await csrf(olive.request);
  const project = (await (
    await olive.request.post('/api/v1/projects', {
      data: { title: 'Long abstracts' },
      headers: { 'x-csrf-token': token },
    })
  ).json()) as { id: number };
  const abstract = Array.from(
    { length: 150 },
    (_, i) => `Sentence ${i} about hospital partnerships and what each side learnt.`,
  ).join(' ');
  const ris = ['Long record one', 'Long record two', 'Long record three']
    .map((t) => `TY  - JOUR\nTI  - ${t}\nAB  - ${abstract}\nPY  - 2011\nER  - \n`)
    .join('\n');
  await importRisAndWait(olive, project.id, { name: 'long.ris', content: ris }, 3);
  for (const [width, height, name] of [
    [1280, 800, '41-screening-desktop'],
    [390, 844, '42-screening-phone'],
  ] as const) {
    await olive.setViewportSize({ width, height });
    await olive.goto(`/projects/${project.id}/screen`);
    const include = olive.getByRole('button', { name: /^Include/ });
    await expect(include).toBeVisible();
    await expect(include).toBeInViewport();
    const box = (await include.boundingBox())!;
    expect(box.y + box.height).toBeLessThanOrEqual(height);
    await olive.screenshot({ path: join(import.meta.dirname, 'artifacts', `${name}.png`) });
    const title = await olive.locator('.record-title').textContent();
    await include.click();
    await expect(olive.locator('.record-title')).not.toHaveText(title ?? '');
  }
});
