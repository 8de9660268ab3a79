import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { csrf, importRisAndWait, newPage, signIn } from './support.js';

/**
 * Coding and synthesis in the browser, in order: a project from the syed-2012 template, two blind coders,
 * the comparison and the consensus, the map and the table with the right counts, the standalone map opened
 * from disk with no request leaving it, and hostile text shown as text. Runs after review.e2e.ts on the same
 * server (its administrator, olive, signs in; on a fresh server she is created).
 */
test.describe.configure({ mode: 'serial' });

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(import.meta.dirname, 'artifacts', `${name}.png`), fullPage: true });

const RIS = `TY  - JOUR
TI  - <script>alert(1)</script> Twinning benefits to UK hospitals
AU  - Okello, A.
AU  - Smith, B.
PY  - 2009
ER  - 
`;

let olive: Page;
let cora: Page;
let dan: Page;
let projectId = 0;
let recordId = 0;

test('a project from the syed-2012 template, two coders, one included study', async ({ browser }) => {
  olive = await newPage(browser);
  await signIn(olive, 'olive', 'owner-password');
  await olive.goto('/');
  await olive.getByLabel('Start from').selectOption('syed-2012');
  await expect(olive.getByLabel('Title')).toHaveValue(/Developed-developing country partnerships/);
  await olive.getByLabel('Title').fill('Syed 2012 again');
  await olive.getByRole('button', { name: 'Create project' }).click();
  await expect(olive.getByRole('heading', { name: 'Syed 2012 again' })).toBeVisible();
  projectId = Number(new URL(olive.url()).pathname.split('/')[2]);
  await olive.getByRole('link', { name: 'Framework' }).click();
  await expect(
    olive.getByRole('region', { name: 'Direction of benefit' }).locator('.badge.reconstructed'),
  ).toHaveText('reconstructed');
  await shot(olive, '20-framework');
  const token = await csrf(olive.request);
  const coders: Page[] = [];
  for (const name of ['cora', 'dan']) {
    const invite = await olive.request.post('/api/v1/invitations', {
      data: { projectId, role: 'reviewer' },
      headers: { 'x-csrf-token': token },
    });
    const page = await newPage(browser);
    const accepted = await page.request.post(
      `/api/v1/invitations/${((await invite.json()) as { token: string }).token}/accept`,
      {
        data: { username: name, password: `${name}-password` },
      },
    );
    expect(accepted.ok()).toBe(true);
    coders.push(page);
  }
  [cora, dan] = coders as [Page, Page];
  await importRisAndWait(olive, projectId, { name: 'one.ris', content: RIS }, 1);
  const records = (await (await olive.request.get(`/api/v1/projects/${projectId}/records`)).json()) as {
    records: { id: number }[];
  };
  recordId = records.records[0]!.id;
  for (const page of [cora, dan]) {
    const t = await csrf(page.request);
    for (const stage of ['title-abstract', 'full-text'])
      expect(
        (
          await page.request.post(`/api/v1/projects/${projectId}/decisions`, {
            data: { recordId, stage, value: 'include' },
            headers: { 'x-csrf-token': t },
          })
        ).ok(),
      ).toBe(true);
  }
});

async function codeStudy(page: Page, design: string, direction: string) {
  await page.goto(`/projects/${projectId}/code`);
  await page.getByRole('link', { name: 'Okello and Smith 2009' }).click();
  await expect(page.getByRole('article', { name: 'Record' })).toContainText(
    '<script>alert(1)</script> Twinning benefits',
  );
  await page.getByLabel('Study design').selectOption(design);
  await page.getByRole('button', { name: 'Add a benefit item' }).click();
  const item = page.getByRole('group', { name: 'Benefit item 1' });
  await item
    .getByLabel('Description *')
    .fill('UK nurses learnt <b>task shifting</b> <script>alert(2)</script>');
  await item.getByLabel(/^Direction/).selectOption(direction);
  await item.getByLabel('Health workforce').check();
  await item.getByLabel('Skills substitution').check();
}

test('two blind coders: each sees only their own until both have submitted', async () => {
  await codeStudy(cora, 'qualitative', 'to_high_income');
  // a draft is kept through a reload, before it is ever saved
  await cora.reload();
  await expect(cora.getByText('restored your unsaved changes')).toBeVisible();
  await cora.keyboard.press('Control+Enter');
  await expect(cora.getByText('submitted', { exact: true }).first()).toBeVisible();
  await shot(cora, '21-coding');
  await codeStudy(dan, 'survey', 'mutual');
  await expect(dan.getByRole('status')).toHaveText(
    '1 other coding is hidden until all coders have submitted.',
  );
  await expect(dan.getByRole('region', { name: 'Comparison' })).toHaveCount(0);
  await dan.getByRole('button', { name: 'Submit' }).click();
  await expect(dan.getByRole('region', { name: 'Comparison' })).toBeVisible();
});

test('the comparison marks what differs; the owner records the consensus', async () => {
  await olive.goto(`/projects/${projectId}/code/${recordId}`);
  const comparison = olive.getByRole('region', { name: 'Comparison' });
  await expect(comparison.locator('tr.differs').filter({ hasText: 'Study design' })).toContainText(
    'qualitative',
  );
  await expect(
    comparison.locator('tr.differs').filter({ hasText: 'Items: Direction of benefit' }),
  ).toBeVisible();
  await shot(olive, '22-comparison');
  await comparison.getByRole('button', { name: 'Start the consensus from cora’s coding' }).click();
  await comparison
    .getByRole('group', { name: 'Benefit item 1' })
    .getByLabel(/^Direction/)
    .selectOption('mutual');
  await comparison.getByRole('button', { name: 'Record consensus' }).click();
  await expect(comparison.getByText(/Consensus recorded by olive/)).toBeVisible();
});

test('the map and the table count the consensus; a cell lists its study; hostile text stays text', async () => {
  await olive.getByRole('link', { name: 'Synthesis' }).click();
  const map = olive.getByLabel('Evidence map');
  await expect(map.locator('g.cell:not(.gap)')).toHaveCount(1);
  await expect(map.locator('g.gap')).toHaveCount(59);
  await map.locator('g.cell:not(.gap)').click();
  await expect(olive.getByRole('region', { name: 'Cell studies' })).toContainText(
    'Health workforce × Skills substitution: 1 study',
  );
  await expect(olive.getByRole('region', { name: 'Cell studies' })).toContainText('Okello and Smith 2009');
  // filtered by direction: to the high-income partner alone leaves nothing (the consensus says mutual)
  await olive.getByText('Filters').click();
  await olive.getByLabel('Direction of benefit').selectOption({ label: 'To the high-income partner' });
  await expect(map.locator('g.cell:not(.gap)')).toHaveCount(0);
  await olive.getByLabel('Direction of benefit').selectOption({ label: 'Mutual' });
  await expect(map.locator('g.cell:not(.gap)')).toHaveCount(1);
  await shot(olive, '23-map');
  await olive.getByRole('tab', { name: 'Building blocks' }).click();
  const workforce = olive.getByRole('row', { name: /^Health workforce/ });
  await expect(workforce.getByRole('cell').nth(0)).toHaveText('1');
  await expect(workforce).toContainText('UK nurses learnt <b>task shifting</b> <script>alert(2)</script>');
  // cut by direction: the consensus says mutual, so "to the high-income partner" leaves the block empty
  await olive.getByLabel(/^Direction of benefit/).selectOption({ label: 'To the high-income partner' });
  await expect(workforce.getByRole('cell').nth(0)).toHaveText('0');
  await olive.getByLabel(/^Direction of benefit/).selectOption({ label: 'Mutual' });
  await expect(workforce.getByRole('cell').nth(0)).toHaveText('1');
  await shot(olive, '24-table');
});

test('the standalone map file works from disk, and no request leaves it', async ({ browser }) => {
  const html = await (
    await olive.request.get(`/api/v1/projects/${projectId}/synthesis/map?format=html`)
  ).text();
  const file = join(mkdtempSync(join(tmpdir(), 'twoway-map-')), 'map.html');
  writeFileSync(file, html);
  const page = await newPage(browser);
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(pathToFileURL(file).href);
  await expect(page.locator('body[data-ready="true"]')).toBeVisible();
  expect(errors).toEqual([]);
  await expect(page.locator('#map g.cell:not(.gap)')).toHaveCount(1);
  await page.locator('#map g.cell:not(.gap)').click();
  await expect(page.locator('#details')).toContainText('Okello and Smith 2009');
  await page.locator('#rows').selectOption({ label: 'Type of evidence' });
  await expect(page.locator('#map g.cell')).toHaveCount(7 * 10);
  expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
  await shot(page, '25-standalone-map');
});

test('the review report: methods from the stored data, PRISMA, agreement, the map', async () => {
  await olive.goto(`/api/v1/projects/${projectId}/report`);
  await expect(olive.getByRole('heading', { name: 'Methods' })).toBeVisible();
  await expect(olive.getByText(/coded by two coders independently/)).toBeVisible();
  await expect(olive.getByText('Syed 2012 PubMed search (reconstructed)', { exact: false })).toBeVisible();
  await expect(
    olive.locator('table.synthesis', { hasText: 'Benefits by WHO health-system building block' }),
  ).toContainText('UK nurses learnt <b>task shifting</b>');
  await shot(olive, '26-report');
});

test('the partnership registry: partners with the side their country’s year gave them, rounds blind until all submit', async () => {
  const token = await csrf(olive.request);
  const post = async (url: string, data: unknown) => {
    const answer = await olive.request.post(`/api/v1${url}`, { data, headers: { 'x-csrf-token': token } });
    expect(answer.ok(), `${url}: ${await answer.text()}`).toBe(true);
    return (await answer.json()) as { id: number };
  };
  const uk = await post('/institutions', {
    name: 'Example Teaching Hospital (e2e)',
    type: 'hospital',
    country: 'United Kingdom',
  });
  const ug = await post('/institutions', {
    name: 'Example District Hospital <script>alert(3)</script>',
    type: 'hospital',
    country: 'UG',
  });
  const partnership = await post('/partnerships', {
    title: 'E2E twinning',
    programme: 'apps',
    startDate: '2011-03-01',
    institutionIds: [uk.id, ug.id],
  });
  await post(`/partnerships/${partnership.id}/rounds`, {
    periodStart: '2011-03-01',
    periodEnd: '2012-02-29',
  });
  await olive.goto('/');
  await olive.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Partnerships' }).click();
  const card = olive.getByRole('region', { name: 'E2E twinning' });
  await expect(card).toContainText(
    'Example District Hospital <script>alert(3)</script> (UGA) low/middle-income',
  );
  await expect(card).toContainText('low in World Bank data year 2009');
  await expect(card).toContainText('Example Teaching Hospital (e2e) (GBR) high-income');
  await expect(card.getByRole('cell', { name: 'blind until all have submitted' })).toBeVisible();
  await expect(olive.getByRole('region', { name: 'Mutuality' })).toContainText('index n/a');
  await shot(olive, '27-registry');
});

test('a member writes the institution’s report in the page, blind to the other side; both in, the round opens', async () => {
  const token = await csrf(olive.request);
  const partnerships = (await (await olive.request.get('/api/v1/partnerships')).json()) as {
    id: number;
    title: string;
    institutions: { id: number }[];
  }[];
  const e2e = partnerships.find((p) => p.title === 'E2E twinning')!;
  const [uk, ug] = e2e.institutions.map((i) => i.id) as [number, number];
  const grant = (who: string, institutionId: number) =>
    olive.request.post('/api/v1/registry/grants', {
      data: { who, role: 'member', institutionId },
      headers: { 'x-csrf-token': token },
    });
  expect((await grant('olive', uk)).ok()).toBe(true);
  expect((await grant('cora', ug)).ok()).toBe(true);
  await olive.goto('/registry'); // read again: the page learns olive's new role
  await olive.getByRole('region', { name: 'E2E twinning' }).getByRole('link', { name: 'write' }).click();
  await olive.getByRole('button', { name: 'Add a benefit item' }).click();
  const item = olive.getByRole('group', { name: 'Benefit item 1' });
  await item
    .getByLabel('Description *')
    .fill('Our nurses learnt <i>task shifting</i> <script>alert(4)</script>');
  await item.getByLabel(/^Direction/).selectOption('to_high_income');
  await item.getByLabel('Health workforce').check();
  await olive.getByLabel('Respectful and reciprocal').selectOption('4');
  await olive.keyboard.press('Control+Enter');
  await expect(olive.getByText('submitted', { exact: true })).toBeVisible();
  await shot(olive, '28-report-form');
  await olive.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Partnerships' }).click();
  const card = olive.getByRole('region', { name: 'E2E twinning' });
  await expect(card).toContainText('1 of 2 submitted');
  await expect(card.getByRole('cell', { name: 'blind until all have submitted' })).toBeVisible();
  // the other side submits (through the API, as cora): the round opens, mutuality counts both reports
  const coraToken = await csrf(cora.request);
  const detail = (await (await olive.request.get(`/api/v1/partnerships/${e2e.id}`)).json()) as {
    rounds: { id: number }[];
  };
  const other = await cora.request.put(`/api/v1/rounds/${detail.rounds[0]!.id}/reports/${ug}`, {
    data: {
      report: {
        benefits: [
          {
            description: 'Handrub made locally',
            direction: 'to_low_middle_income',
            buildingBlocks: ['medical_products'],
            learningAreas: [],
            sources: [],
          },
        ],
        costs: [],
        selfAssessment: [],
      },
      submit: true,
    },
    headers: { 'x-csrf-token': coraToken },
  });
  expect(other.ok(), await other.text()).toBe(true);
  await olive.reload();
  await expect(card.getByRole('cell', { name: 'open to read' })).toBeVisible();
  await expect(olive.getByRole('region', { name: 'Mutuality' })).toContainText(
    'To the high-income side 1, to the low/middle-income side 1, mutual 0 · index 1.00',
  );
});

test('the partnership page: the cycle, an activity recorded in the page, the divergence, the flow and the business case', async () => {
  const partnerships = (await (await olive.request.get('/api/v1/partnerships')).json()) as {
    id: number;
    title: string;
  }[];
  const e2e = partnerships.find((p) => p.title === 'E2E twinning')!;
  await olive.goto('/registry');
  await olive.getByRole('link', { name: 'E2E twinning' }).click();
  await expect(olive.getByRole('heading', { name: 'E2E twinning' })).toBeVisible();
  const cycle = olive.getByRole('region', { name: 'Cycle' });
  await cycle.getByLabel('Step', { exact: true }).selectOption('needs_assessment');
  await cycle.getByLabel('Entered on').fill('2011-06-01');
  await cycle.getByRole('button', { name: 'Record the step' }).click();
  await expect(cycle.locator('li.current')).toContainText('Needs assessment');
  await expect(cycle.locator('li.current')).toContainText('2011-06-01');
  // olive (the coordinator, and a member of the UK side) records an exchange visit
  const activities = olive.getByRole('region', { name: 'Activities' });
  await activities.getByRole('button', { name: 'Record an activity' }).click();
  const form = olive.getByRole('group', { name: 'New activity' });
  await form.getByLabel('Title').fill('Ugandan nurses visit <script>alert(5)</script>');
  await form.getByLabel('Start').fill('2011-10-03');
  await form.getByLabel('Country').fill('United Kingdom');
  await form.getByRole('button', { name: 'Add travellers' }).click();
  await form.getByLabel('How many').fill('3');
  await form.getByRole('button', { name: 'Add a cost' }).click();
  await form.getByLabel('Cost 1').fill('Flights');
  await form.getByLabel('Amount').fill('4200');
  await form.getByLabel('Currency').fill('gbp');
  await form.getByRole('button', { name: 'Save the activity' }).click();
  await expect(activities).toContainText(
    '3 people travelled to the high-income side and 0 to the low/middle-income side',
  );
  await expect(activities).toContainText('exchange visit: Ugandan nurses visit <script>alert(5)</script>');
  await expect(activities).toContainText(
    '3 nurse: Example District Hospital <script>alert(3)</script> → Example Teaching Hospital (e2e)',
  );
  // the flow picture is drawn from the open round
  const flow = olive.getByRole('img', { name: 'Benefit flow of E2E twinning' });
  await expect(flow).toBeVisible();
  // the picture loaded (an image that failed has no natural width); evaluated in the page, typed here
  expect(
    await flow.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
  ).toBeGreaterThan(500);
  await expect(olive.getByRole('region', { name: 'Mutuality' })).toContainText('Health workforce');
  await shot(olive, '29-partnership');
  await olive.getByRole('region', { name: 'Rounds' }).getByRole('link', { name: 'Divergence' }).click();
  await expect(olive.getByRole('heading', { name: /^Divergence: round/ })).toBeVisible();
  await expect(olive.getByRole('region', { name: 'Widest gaps' })).toContainText('Respectful and reciprocal');
  await shot(olive, '30-divergence');
  // the business case counts one benefit each way, the visit's cost, and who travelled
  const bc = await (
    await olive.request.get(`/api/v1/business-case?format=html&partnership=${e2e.id}`)
  ).text();
  expect(bc).toContain('the high-income side: 1 benefit');
  expect(bc).toContain('the low/middle-income side: 1 benefit');
  expect(bc).toContain('Totals: 4200 GBP');
  expect(bc).toContain('3 people travelled to the high-income side');
  expect(bc).toContain('Ugandan nurses visit &lt;script&gt;alert(5)&lt;/script&gt;');
});

test('a viewer reads the aggregates, never a draft; the report form fits a 390-pixel phone', async ({
  browser,
}) => {
  const token = await csrf(olive.request);
  const post = async (url: string, data: unknown) => {
    const answer = await olive.request.post(`/api/v1${url}`, { data, headers: { 'x-csrf-token': token } });
    expect(answer.ok(), `${url}: ${await answer.text()}`).toBe(true);
    return (await answer.json()) as { id: number };
  };
  const e2e = (
    (await (await olive.request.get('/api/v1/partnerships')).json()) as {
      id: number;
      title: string;
      institutions: { id: number }[];
    }[]
  ).find((p) => p.title === 'E2E twinning')!;
  const ug = e2e.institutions[1]!.id;
  await post('/registry/grants', { who: 'dan', role: 'viewer' });
  const round = await post(`/partnerships/${e2e.id}/rounds`, {
    periodStart: '2012-03-01',
    periodEnd: '2013-02-28',
  });
  const draft = await cora.request.put(`/api/v1/rounds/${round.id}/reports/${ug}`, {
    data: {
      report: {
        benefits: [
          { description: 'A draft only cora may read', buildingBlocks: [], learningAreas: [], sources: [] },
        ],
        costs: [],
        selfAssessment: [],
      },
      submit: false,
    },
    headers: { 'x-csrf-token': await csrf(cora.request) },
  });
  expect(draft.ok(), await draft.text()).toBe(true);
  await dan.goto(`/registry/rounds/${round.id}/report/${ug}`);
  await expect(dan.getByRole('heading', { name: /^Benefit report: round/ })).toBeVisible();
  await expect(dan.getByText('A draft only cora may read')).toHaveCount(0);
  expect(
    ((await (await dan.request.get(`/api/v1/rounds/${round.id}`)).json()) as { reports: unknown[] }).reports,
  ).toEqual([]);
  await dan.goto(`/registry/partnerships/${e2e.id}`);
  await expect(dan.getByRole('region', { name: 'Mutuality' })).toContainText('index 1.00');
  await expect(dan.getByRole('button', { name: 'Record an activity' })).toHaveCount(0);
  // cora writes her report on a phone: nothing wider than the screen
  const phone = await (
    await browser.newContext({
      viewport: { width: 390, height: 844 },
      storageState: await cora.context().storageState(),
    })
  ).newPage();
  await phone.goto(`/registry/rounds/${round.id}/report/${ug}`);
  await expect(phone.getByRole('group', { name: 'Benefit item 1' }).getByLabel('Description *')).toHaveValue(
    'A draft only cora may read',
  );
  await phone.getByRole('button', { name: 'Add a cost' }).click();
  const overflow = await phone.evaluate<number>('document.documentElement.scrollWidth');
  expect(overflow).toBeLessThanOrEqual(390);
  await shot(phone, '31-report-form-phone');
});
