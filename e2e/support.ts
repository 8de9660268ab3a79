import { expect, type APIRequestContext, type Browser, type Page } from '@playwright/test';

/** What the browser tests share: a page that fails on any dialog, signing in through the API, the CSRF token. */

export async function csrf(request: APIRequestContext): Promise<string> {
  return ((await (await request.get('/api/v1/session')).json()) as { csrfToken: string }).csrfToken;
}

export async function newPage(browser: Browser): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  page.on('dialog', (dialog) => {
    throw new Error(`a dialog opened: ${dialog.message()}`);
  });
  return page;
}

/** Signs a page in through the API (the sign-in form is tested in review.e2e.ts), making the account first if need be. */
export async function signIn(page: Page, username: string, password: string) {
  const setup = (await (await page.request.get('/api/v1/setup')).json()) as { needsFirstAccount: boolean };
  if (setup.needsFirstAccount) await page.request.post('/api/v1/signup', { data: { username, password } });
  else expect((await page.request.post('/api/v1/login', { data: { username, password } })).ok()).toBe(true);
}

/**
 * Makes a project through the API as the signed-in page, with single open screening when `singleOpen` (one
 * vote decides a record); answers its id and the session's CSRF token.
 */
export async function newProject(
  page: Page,
  title: string,
  { singleOpen = false } = {},
): Promise<{ id: number; token: string }> {
  const token = await csrf(page.request);
  const created = await page.request.post('/api/v1/projects', {
    data: { title },
    headers: { 'x-csrf-token': token },
  });
  const project = (await created.json()) as { id: number; protocol: Record<string, unknown> };
  if (singleOpen)
    await page.request.put(`/api/v1/projects/${project.id}/protocol`, {
      data: { protocol: { ...project.protocol, screening: { reviewersRequired: 1, blind: false } } },
      headers: { 'x-csrf-token': token },
    });
  return { id: project.id, token };
}

/**
 * Imports a RIS file into a project through the API (from PubMed unless `source` says otherwise) and waits until
 * the project holds `expected` records.
 */
export async function importRisAndWait(
  page: Page,
  projectId: number,
  file: { name: string; content: string },
  expected: number,
  source = 'pubmed',
): Promise<void> {
  const upload = await page.request.post(`/api/v1/projects/${projectId}/imports`, {
    multipart: {
      source,
      files: {
        name: file.name,
        mimeType: 'application/x-research-info-systems',
        buffer: Buffer.from(file.content),
      },
    },
    headers: { 'x-csrf-token': await csrf(page.request) },
  });
  expect(upload.ok()).toBe(true);
  await expect
    .poll(
      async () =>
        (
          (await (await page.request.get(`/api/v1/projects/${projectId}/records`)).json()) as {
            count: number;
          }
        ).count,
    )
    .toBe(expected);
}
