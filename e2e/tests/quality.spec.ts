// Data quality at the desk: a boy registered a second time in another household (another
// spelling, same birthday) is found by `portal quality check`; a clerk sees the finding on a
// phone in Arabic (numbers, never values), then marks it "not a problem" at a desk in English,
// and it moves to the false positives.
import { test, expect, Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bin, ready, serverEnv, staffAtDesk } from '../support/portal';

const screenshots = 'artifacts/screenshots';
const HEADER =
  'case_number,registration_number,relationship,given_name,family_name,given_name_original,family_name_original,sex,date_of_birth,date_of_birth_estimated,country_of_origin,nationality,languages,phone,email,address,registration_status,specific_needs';

function portal(...args: string[]): string {
  return execFileSync(bin, args, { env: { ...process.env, ...serverEnv } }).toString();
}

const sideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

test('a likely duplicate is found, shown without values, and closed as a false positive', async ({ browser, baseURL }) => {
  // Mohamed Hamid (AMM-26-000023, born 6 June 2009) is registered again as Muhammad Hamed.
  const dir = mkdtempSync(join(tmpdir(), 'portal-quality-'));
  const file = join(dir, 'again.csv');
  writeFileSync(
    file,
    `${HEADER}\nAMM-26-C09001,AMM-26-009001,principal,Muhammad,Hamed,,,male,2009-06-06,no,SDN,SDN,ara,+962799990001,,,active,\n`,
  );
  portal('import', file);
  const report = portal('quality', 'check');
  expect(report).toMatch(/likely-duplicate: +[1-9]/);
  expect(report.trim().split('\n').at(-1)).toMatch(/^Findings: \d+/);

  const farida = await staffAtDesk(browser, baseURL!, 'farida@agency.example.org');
  const page = farida.page;

  // On a phone, in Arabic.
  await farida.context.addCookies([{ name: 'portal_lang', value: 'ar', url: baseURL! }]);
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto('/staff/quality');
  await ready(page);
  const finding = page.locator('li[data-rule="likely-duplicate"]').filter({ hasText: 'AMM-26-009001' });
  await expect(finding).toContainText('AMM-26-000023');
  await expect(finding).toContainText('ربما الشخص نفسه مسجّل مرتين');
  await expect(page.locator('main')).not.toContainText('+962799990001');
  expect(await sideways(page)).toBeLessThanOrEqual(0);
  await page.screenshot({ path: `${screenshots}/phone-ar-staff-quality.png`, fullPage: true });

  // At the desk, in English: not a problem.
  await farida.context.addCookies([{ name: 'portal_lang', value: 'en', url: baseURL! }]);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/staff/quality');
  await ready(page);
  await expect(finding).toContainText('Possibly the same person registered twice');
  await expect(finding).toContainText(/Likeness: \D?90\D? out of 100/);
  await finding.getByRole('button', { name: 'Not a problem' }).click();
  await page.waitForURL(/\/staff\/quality\?status=open&done=false_positive$/);
  await expect(page.getByRole('status').first()).toContainText('Saved:');
  await expect(page.locator('li[data-rule="likely-duplicate"]').filter({ hasText: 'AMM-26-009001' })).toHaveCount(0);
  await page.getByLabel('Status').selectOption('false_positive');
  await page.getByRole('button', { name: 'Show' }).click();
  await page.waitForURL(/status=false_positive/);
  await expect(page.locator('li[data-rule="likely-duplicate"]').filter({ hasText: 'AMM-26-009001' })).toBeVisible();

  // A record number opens through the search (posted: the address stays clean).
  await page.locator('li[data-rule="likely-duplicate"]').filter({ hasText: 'AMM-26-009001' })
    .getByRole('button', { name: /Find record \W?AMM-26-009001/ }).click();
  await page.waitForURL(/\/staff\/people$/);
  await expect(page.getByRole('link', { name: /Muhammad Hamed/ })).toBeVisible();

  // The same data checked again: it stays closed.
  const again = portal('quality', 'check');
  expect(again.trim().split('\n').at(-1)).toContain('(0 new or changed');
  await farida.context.close();
});
