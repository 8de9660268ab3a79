import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { importRisAndWait, newPage, newProject, signIn } from './support.js';

/**
 * The decision buttons stay in view beside a long abstract: at 1280×800 and on a 390-pixel phone, Include is on
 * the screen without scrolling, and a click on it decides the record on the screen.
 */
test('the decision buttons stay in view at 1280×800 and on a phone', async ({ browser }) => {
  const olive = await newPage(browser);
  await signIn(olive, 'olive', 'owner-password');
  const project = await newProject(olive, 'Long abstracts');
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

/** The dashboard counts every record's state; PRISMA's "records excluded" counts databases and registers only. */
test('the dashboard says why its Excluded differs from PRISMA’s records excluded', async ({ browser }) => {
  const olive = await newPage(browser);
  await signIn(olive, 'olive', 'owner-password');
  const { token, ...project } = await newProject(olive, 'Two columns', { singleOpen: true });
  for (const [n, source, title] of [
    [1, 'pubmed', 'From a database'],
    [2, 'grey-literature', 'From a website'],
  ] as const)
    await importRisAndWait(
      olive,
      project.id,
      { name: `${source}.ris`, content: `TY  - JOUR\nTI  - ${title}\nPY  - 2011\nER  - \n` },
      n,
      source,
    );
  const { records } = (await (await olive.request.get(`/api/v1/projects/${project.id}/records`)).json()) as {
    records: { id: number }[];
  };
  for (const r of records)
    expect(
      (
        await olive.request.post(`/api/v1/projects/${project.id}/decisions`, {
          data: { recordId: r.id, stage: 'title-abstract', value: 'exclude' },
          headers: { 'x-csrf-token': token },
        })
      ).ok(),
    ).toBe(true);
  await olive.goto(`/projects/${project.id}`);
  await expect(olive.locator('[data-state="excluded"]').first()).toHaveText('2');
  await expect(olive.locator('[data-prisma="records_excluded"]')).toHaveText('1');
  await expect(olive.getByTestId('prisma-gap')).toContainText(
    'PRISMA’s “Records excluded” is 1: it counts the records from databases and registers. 1 excluded record came from other methods',
  );
});
