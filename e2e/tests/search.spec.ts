// The staff console at a desk and on a tablet: a supervisor finds a person by another spelling
// of her name and by the Arabic script, opens her case (household, requests, who read the
// record), and goes on to the dashboard and the reports (a period chosen, the CSV downloaded,
// a reversed period refused in words). The search never shows in the address; nothing
// scrolls sideways.
import { readFile } from 'node:fs/promises';
import { test, expect, Page } from '@playwright/test';
import { ready, staffAtDesk } from '../support/portal';

const screenshots = 'artifacts/screenshots';

const sideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

async function search(page: Page, text: string) {
  await page.goto('/staff/people');
  await ready(page);
  await page.locator('#q').fill(text);
  await page.locator('form[role="search"] button[type="submit"]').click();
  await page.waitForURL(/\/staff\/people$/);
  await ready(page);
}

test('a supervisor finds a person by any spelling, opens the case, the dashboard and the reports, on a desktop and a tablet', async ({ browser, baseURL }) => {
  const jonas = await staffAtDesk(browser, baseURL!, 'jonas@agency.example.org');
  const desk = jonas.page;

  // Desktop: "Hadad" is how the clerk heard it; the record says Haddad.
  await search(desk, 'Hadad');
  expect(desk.url()).not.toContain('Hadad');
  await expect(desk.locator('#q')).toHaveValue('Hadad');
  await expect(desk.getByRole('status')).toContainText(/People found: \D?4\D?/);
  await expect(desk.getByRole('link', { name: /Amina Haddad/ })).toBeVisible();
  await desk.screenshot({ path: `${screenshots}/desk-staff-search.png`, fullPage: true });

  await desk.getByRole('link', { name: /Amina Haddad/ }).first().click();
  await desk.waitForURL(/\/staff\/people\/[0-9a-f-]{36}$/);
  await ready(desk);
  const audit = desk.getByRole('region', { name: 'Who read or changed this record' });
  await expect(audit).toContainText('Jonas Berg');
  await expect(audit.locator('tbody tr').first()).toContainText('Opened the record');
  await expect(desk.getByRole('region', { name: 'Requests' })).toBeVisible();
  await desk.screenshot({ path: `${screenshots}/desk-staff-case.png`, fullPage: true });

  await desk.goto('/staff');
  await ready(desk);
  await expect(desk.locator('h1')).toBeVisible();

  // The dashboard leads to the reports: the office's numbers, each chart with its total.
  await desk.getByRole('link', { name: 'Reports' }).click();
  await desk.waitForURL(/\/staff\/reports$/);
  await ready(desk);
  await expect(desk.locator('[data-report-scope]')).toContainText('Amman');
  await expect(desk.locator('[data-report="people"]')).toContainText('Registered');
  await expect(desk.locator('figure.chart svg[role="img"]').first()).toHaveAttribute('aria-label', /Registered per day\. In all: /);
  await desk.getByLabel('First day').fill('2026-11-01');
  await desk.getByLabel('Last day').fill('2026-11-30');
  await desk.getByRole('button', { name: 'Show', exact: true }).click();
  await desk.waitForURL(/\/staff\/reports\?from=2026-11-01&to=2026-11-30/);
  await expect(desk.locator('[data-report-scope]')).toContainText('1 November 2026');
  await expect(desk.locator('figure.chart')).toHaveCount(5);
  await desk.screenshot({ path: `${screenshots}/desk-staff-reports.png`, fullPage: true });
  const downloading = desk.waitForEvent('download');
  await desk.getByRole('link', { name: 'Download as CSV' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^portal-report-[A-Z]+-2026-11-01-2026-11-30\.csv$/);
  const file = await readFile((await download.path())!, 'utf8');
  expect(file.startsWith('measure,office,from,to,value')).toBe(true);
  expect(file).not.toMatch(/Haddad|AMM-26-/);
  // A last day before the first is refused in words, with the form to correct it.
  await desk.goto('/staff/reports?from=2026-11-30&to=2026-11-01');
  await expect(desk.getByRole('alert')).toContainText('The last day must be on or after the first day');
  await expect(desk.getByLabel('First day')).toHaveValue('2026-11-30');

  // Tablet, in Arabic: the Arabic script finds the same family.
  await jonas.context.addCookies([{ name: 'portal_lang', value: 'ar', url: baseURL! }]);
  await desk.setViewportSize({ width: 768, height: 1024 });
  await search(desk, 'حداد');
  await expect(desk.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(desk.locator('ul.people > li')).toHaveCount(4);
  expect(await sideways(desk)).toBeLessThanOrEqual(0);
  await desk.locator('ul.people a').first().click();
  await desk.waitForURL(/\/staff\/people\/[0-9a-f-]{36}$/);
  await ready(desk);
  expect(await sideways(desk)).toBeLessThanOrEqual(0);
  await desk.screenshot({ path: `${screenshots}/tablet-ar-staff-case.png`, fullPage: true });
  await desk.goto('/staff');
  await ready(desk);
  expect(await sideways(desk)).toBeLessThanOrEqual(0);
  await desk.goto('/staff/reports');
  await ready(desk);
  await expect(desk.locator('h1')).toHaveText('التقارير');
  expect(await sideways(desk)).toBeLessThanOrEqual(0);
  await desk.screenshot({ path: `${screenshots}/tablet-ar-staff-reports.png`, fullPage: true });

  // A phone at the desk, 360 px, still Arabic: the search and its results fit.
  await desk.setViewportSize({ width: 360, height: 740 });
  await search(desk, 'Mohamad');
  expect(await sideways(desk)).toBeLessThanOrEqual(0);
  await desk.screenshot({ path: `${screenshots}/phone-ar-staff-search.png`, fullPage: true });
  await desk.goto('/staff/reports');
  await ready(desk);
  expect(await sideways(desk)).toBeLessThanOrEqual(0);
  await desk.screenshot({ path: `${screenshots}/phone-ar-staff-reports.png`, fullPage: true });
  await jonas.context.close();
});
