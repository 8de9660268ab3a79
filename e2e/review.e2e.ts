import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { newPage } from './support.js';

/**
 * A whole review in the browser, in order: first-run sign-up, a project with its protocol, a second reviewer
 * invited by link, imports (the seed record and a RIS file), duplicates, keyboard screening by two reviewers in
 * blind mode, a conflict and its resolution, and the PRISMA numbers. Screenshots of the main screens are saved
 * in e2e/artifacts.
 */
test.describe.configure({ mode: 'serial' });

const FIXTURES = join(import.meta.dirname, 'fixtures');
// the project's seed record (Syed et al. 2012), kept once among the format fixtures
const SEED = join(
  import.meta.dirname,
  '..',
  'src',
  'domain',
  'formats',
  'fixtures',
  'endnote-one-line-gbk-mojibake.txt',
);
const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(import.meta.dirname, 'artifacts', `${name}.png`), fullPage: true });

let olive: Page;
let rita: Page;
let projectUrl = '';

test('first run: the first account is the administrator; a project is created', async ({ browser }) => {
  olive = await newPage(browser);
  await olive.goto('/');
  await expect(olive.getByRole('heading', { name: 'Welcome to Twoway' })).toBeVisible();
  await shot(olive, '01-first-run');
  await olive.getByLabel('Username').fill('olive');
  await olive.getByLabel('Your name').fill('Olive Owner');
  await olive.getByLabel(/^Password/).fill('owner-password');
  await olive.getByRole('button', { name: 'Create the administrator account' }).click();
  await expect(olive.getByRole('heading', { name: 'Projects' })).toBeVisible();
  await olive.getByLabel('Title').fill('APPS partnerships: benefits to developed countries');
  await olive.getByLabel('Review question').fill('What do partners in high-income countries gain?');
  await olive.getByRole('button', { name: 'Create project' }).click();
  await expect(
    olive.getByRole('heading', { name: 'APPS partnerships: benefits to developed countries' }),
  ).toBeVisible();
  projectUrl = new URL(olive.url()).pathname;
});

test('the protocol: criteria, exclusion reasons, blind dual screening, highlight words', async () => {
  await olive.getByRole('link', { name: 'Protocol' }).click();
  await olive
    .getByLabel('Inclusion criteria')
    .fill('A partnership between a high-income and a low- or middle-income country');
  await olive.getByLabel('Exclusion criteria').fill('No benefit reported for the high-income partner');
  await olive.getByLabel('Exclusion reasons').fill('not a partnership\nno benefit reported');
  await olive.getByLabel('Two independent reviewers').check();
  await olive.getByLabel(/Blind \(reviewers/).check();
  await olive.getByLabel('Highlight for inclusion').fill('partnership, twinning');
  await olive.getByLabel('Highlight for exclusion').fill('simulation');
  await olive.getByRole('button', { name: 'Save protocol' }).click();
  await expect(olive.getByText('Saved.')).toBeVisible();
  await shot(olive, '02-protocol');
});

test('a second reviewer joins by invitation link', async ({ browser }) => {
  await olive.getByRole('link', { name: 'Team' }).click();
  await olive.getByRole('button', { name: 'Create invitation link' }).click();
  const link = await olive.getByLabel('Invitation link').inputValue();
  expect(link).toContain('/invite/');
  rita = await newPage(browser);
  await rita.goto(link);
  await expect(rita.getByText(/olive invites you to/)).toBeVisible();
  await rita.getByLabel('Username').fill('rita');
  await rita.getByLabel(/^Password/).fill('reviewer-password');
  await rita.getByRole('button', { name: 'Create my account and join' }).click();
  await expect(
    rita.getByRole('heading', { name: 'APPS partnerships: benefits to developed countries' }),
  ).toBeVisible();
  await olive.reload();
  await expect(olive.getByRole('cell', { name: 'rita' })).toBeVisible();
});

test('import the seed record and a PubMed RIS file, with their reports', async () => {
  await olive.getByRole('link', { name: 'Import' }).click();
  await olive.getByLabel('Source').selectOption('grey-literature');
  await olive.getByLabel(/^Files/).setInputFiles(SEED);
  await olive.getByRole('button', { name: 'Import' }).click();
  await expect(olive.locator('[data-job-state="done"] .report > p').first()).toHaveText(
    /^1 record · format endnote · encoding utf-8 · 0 warnings · \d+ mojibake repairs$/,
  );
  await olive.getByLabel('Source').selectOption('pubmed');
  await olive.getByLabel('Query as run').fill('"international cooperation"[mh] AND developing countries');
  await olive.getByLabel('Date run').fill('2011-06-01');
  await olive.getByLabel(/^Files/).setInputFiles(join(FIXTURES, 'pubmed-search.ris'));
  await olive.getByRole('button', { name: 'Import' }).click();
  await expect(olive.locator('[data-job-state="done"]')).toContainText('5 records · format ris');
  await expect(olive.getByRole('cell', { name: 'pubmed-search.ris' })).toBeVisible();
  await expect(olive.getByLabel('Totals by database')).toHaveText(
    'grey-literature: 1 record in 1 search · pubmed: 5 records in 1 search',
  );
  await shot(olive, '03-import');
  // the same file again is refused with the file named
  await olive.getByLabel(/^Files/).setInputFiles(join(FIXTURES, 'pubmed-search.ris'));
  await olive.getByRole('button', { name: 'Import' }).click();
  await expect(olive.locator('[data-job-state="failed"]')).toContainText('E_DUPLICATE_IMPORT');
});

test('duplicates: the certain one is merged automatically, the uncertain pair is resolved side by side', async () => {
  await olive.getByRole('link', { name: 'Duplicates' }).click();
  await olive.getByRole('button', { name: 'Find duplicates and merge the certain ones' }).click();
  await expect(olive.getByText(/Deduplication done/)).toBeVisible();
  await expect(olive.getByRole('heading', { name: 'Merged (1)' })).toBeVisible();
  const pair = olive.locator('.pair').first();
  await expect(pair).toContainText('Developed-developing country partnerships');
  await expect(pair.locator('tr.differs')).not.toHaveCount(0);
  await shot(olive, '04-duplicates');
  await pair.getByRole('button', { name: 'Merge' }).click();
  // the pair joins the cluster the automatic merge made: one cluster of three records
  await expect(olive.getByRole('heading', { name: 'To review (0)' })).toBeVisible();
  await expect(olive.getByRole('heading', { name: 'Merged (1)' })).toBeVisible();
  await expect(olive.getByText(/Cluster \d+: records 1, 2, 3 /)).toBeVisible();
});

test('keyboard screening, blind: two reviewers, a conflict, its resolution', async () => {
  await olive.getByRole('link', { name: 'Screen' }).click();
  const title = olive.locator('.record-title');
  await expect(title).toContainText('Developed-developing country partnerships');
  await expect(olive.locator('mark.hl-include').first()).toHaveText(/partnership/i);
  await shot(olive, '05-screening');
  await olive.keyboard.press('i'); // include the seed paper (its cluster)
  await expect(olive.getByText(/Record \d+: include/)).toBeVisible();
  await expect(olive.getByText('You have decided 1 of 4 records')).toBeVisible();
  // the <script> title is shown as text
  await expect(title).toHaveText('<script>alert(1)</script> Hospital twinning for patient safety in Africa');
  await olive.keyboard.press('e');
  await expect(olive.getByRole('group', { name: 'Exclusion reason' })).toBeVisible();
  // at title and abstract a reason is welcome, not required (the store's one rule): 0 excludes without one
  await expect(olive.getByRole('group', { name: 'Exclusion reason' })).toContainText('0 no reason given');
  await olive.keyboard.press('2');
  await expect(olive.getByText(/exclude \(no benefit reported\)/)).toBeVisible();
  // undo gives the record back
  await olive.keyboard.press('u');
  await expect(olive.getByText(/decision undone/)).toBeVisible();
  await expect(title).toContainText('Hospital twinning');
  await olive.keyboard.press('i');
  await expect(title).toContainText('Kenya');
  await olive.keyboard.press('n');
  await olive.keyboard.type('phones: lessons for rural services');
  await olive.keyboard.press('Escape');
  await olive.keyboard.press('i');
  await expect(title).toContainText('simulation');
  await olive.keyboard.press('e');
  await olive.keyboard.press('1');
  await expect(olive.getByText('Nothing left for you to screen at this stage.')).toBeVisible();

  // rita, blind: she sees no vote of olive's
  await rita.goto(`${projectUrl}/screen`);
  await expect(rita.locator('.record-title')).toContainText('Developed-developing country partnerships');
  await expect(rita.getByText(/votes:/)).toHaveCount(0);
  // a held key repeats: the repeats decide nothing
  await rita.evaluate(`window.dispatchEvent(new KeyboardEvent('keydown', { key: 'i', repeat: true }))`);
  await rita.waitForTimeout(300); // time enough for a decision's answer to arrive, were one sent
  await expect(rita.getByText(/Record \d+: include/)).toHaveCount(0);
  await expect(rita.locator('.record-title')).toContainText('Developed-developing country partnerships');
  await rita.keyboard.press('e');
  await rita.keyboard.press('1'); // olive included it: a conflict
  for (const [key, nextTitle] of [
    ['i', 'Kenya'],
    ['i', 'simulation'],
  ]) {
    await expect(rita.locator('.record-title')).toContainText(
      key === 'i' && nextTitle === 'Kenya' ? 'Hospital twinning' : 'Kenya',
    );
    await rita.keyboard.press(key!);
    await expect(rita.locator('.record-title')).toContainText(nextTitle!);
  }
  await rita.keyboard.press('e');
  await rita.keyboard.press('1');
  await expect(rita.getByText('Nothing left for you to screen at this stage.')).toBeVisible();
  // each role is shown what it may do: rita voted on the conflict, so blind, she is not even told it is one,
  // and blind agreement tables are for owners
  await rita.goto(`${projectUrl}/conflicts`);
  await expect(rita.getByText('No conflicts at this stage.')).toBeVisible();
  await expect(
    rita.getByText(/^Screening is blind: a conflict on a record you voted on is not listed/),
  ).toBeVisible();
  await expect(rita.getByRole('button', { name: 'Resolve: include' })).toHaveCount(0);
  await rita.goto(`${projectUrl}/agreement`);
  await expect(rita.getByText(/^Screening is blind: the agreement tables would tell you/)).toBeVisible();
  await rita.setViewportSize({ width: 390, height: 844 });
  await rita.goto(`${projectUrl}`);
  await shot(rita, '06-dashboard-phone');

  await olive.getByRole('link', { name: 'Conflicts' }).click();
  const conflict = olive.locator('.conflict');
  await expect(conflict).toHaveCount(1);
  await expect(conflict).toContainText('olive: include');
  await expect(conflict).toContainText('rita: exclude');
  await shot(olive, '07-conflicts');
  await conflict.getByRole('button', { name: 'Resolve: include' }).click();
  await expect(olive.getByText('No conflicts at this stage.')).toBeVisible();
});

test('full text: the report slot says a full text could not be obtained', async () => {
  await olive.getByRole('link', { name: 'Screen' }).click();
  await olive.getByLabel('Stage').selectOption('full-text');
  await expect(olive.locator('.record-title')).toContainText('Developed-developing country partnerships');
  await olive.getByLabel('Full text obtained').selectOption('not-retrieved');
  await olive.getByLabel('Where the full text is').fill('inter-library loan refused');
  await olive.getByRole('button', { name: 'Save' }).click();
  await expect(olive.getByText('saved', { exact: true })).toBeVisible();
  await shot(olive, '10-full-text');
});

test('the dashboard shows the PRISMA 2020 numbers of what happened', async () => {
  await olive.getByRole('link', { name: 'Dashboard' }).click();
  const prisma = (key: string) => olive.locator(`[data-prisma="${key}"]`);
  await expect(prisma('database_results')).toHaveText('5'); // the RIS file (PubMed)
  await expect(prisma('website_results')).toHaveText('1'); // the seed record (grey literature)
  await expect(prisma('duplicates')).toHaveText('2');
  await expect(prisma('records_screened')).toHaveText('4');
  await expect(prisma('records_excluded')).toHaveText('1');
  await expect(prisma('dbr_sought_reports')).toHaveText('3');
  await expect(prisma('dbr_notretrieved_reports')).toHaveText('1');
  await expect(olive.locator('[data-state="included"]').first()).toHaveText('3');
  await expect(olive.getByRole('img', { name: 'PRISMA 2020 flow diagram of this project' })).toBeVisible();
  await shot(olive, '08-dashboard');
  await olive.getByRole('link', { name: 'Agreement' }).click();
  await expect(olive.getByRole('cell', { name: 'olive & rita' })).toBeVisible();
  await olive.getByRole('link', { name: 'Search' }).click();
  await olive.getByLabel(/^Query/).fill('twinning[ti] OR kenya');
  await olive.getByRole('button', { name: 'Search' }).click();
  await expect(olive.getByText(/Search details/)).toContainText('"twinning"[Title]');
  await expect(olive.locator('ol li').first()).toContainText('<script>alert(1)</script>');
  await shot(olive, '09-search');
  // the three records of the merged cluster count once, unless every record is asked for
  await olive.getByLabel(/^Query/).fill('partnerships[ti]');
  await olive.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(olive.getByTestId('search-count')).toHaveText(/^1 record \(#\d+\) · 2 duplicates set aside$/);
  await expect(olive.locator('ol li')).toHaveCount(1);
  await expect(olive.locator('ol li .badge')).toHaveText('+2 duplicates');
  await shot(olive, '11-search-duplicates');
  await olive.getByRole('checkbox', { name: /^Every record, duplicates too/ }).check();
  await olive.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(olive.getByTestId('search-count')).toHaveText(/^3 records \(#\d+\)$/);
  await expect(olive.locator('ol li')).toHaveCount(3);
  await expect(olive.locator('ol li .badge')).toHaveCount(0);
  await expect(olive.getByTestId('search-range')).toHaveText('1–3 of 3');
  // a query that fails leaves no old hits beside its error
  await olive.getByLabel(/^Query/).fill('twinning[zz]');
  await olive.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(olive.getByRole('alert')).toBeVisible();
  await expect(olive.getByTestId('search-count')).toHaveCount(0);
});
