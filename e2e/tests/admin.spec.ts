// The admin console, as an administrator of the whole operation uses it: at a desk in English
// she adds a clerk, whose invitation arrives by mail (the admin never sees its link); the clerk
// enrolls her passkey from the mail on her own phone and signs in; the admin suspends her
// (she is signed out at once), makes a new signing key, and sends failed background work back.
// On a 360 px phone in Arabic the console reads in words, passes axe-core and does not scroll
// sideways.
import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { execFileSync } from 'node:child_process';
import { addAuthenticator, bin, dataDir, ready, receivedMails, serverEnv, staffAtDesk } from '../support/portal';

const screenshots = 'artifacts/screenshots';
const sideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

/** The text part of a raw mail, decoded (base64 or quoted-printable). */
function mailText(raw: string): string {
  const mail = raw.replaceAll('\r\n', '\n');
  const start = mail.indexOf('Content-Type: text/plain');
  const part = mail.slice(start).split('\n\n').slice(1).join('\n\n');
  const body = part.split('\n').filter((line, i, all) => !all.slice(0, i + 1).some((l) => l.startsWith('--'))).join('\n');
  if (/Content-Transfer-Encoding: base64/i.test(mail.slice(start, start + 300))) {
    return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  }
  return body.replace(/=\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
}

/** A night's data-quality run out of attempts, as a broken database would leave it (written
 * straight into the test's SQLite database: nothing in the portal fails on purpose). */
function deadRun(slot: string) {
  const insert =
    "INSERT INTO job_runs (job, slot, state, attempts, claimed_until, last_error) " +
    "VALUES ('quality-check', ?, 'dead', 3, '2026-12-01 01:30:00+00:00', 'a database error')";
  execFileSync('python3', [
    '-c',
    `import sqlite3, sys\ndb = sqlite3.connect(sys.argv[1], timeout=10)\ndb.execute("${insert}", (sys.argv[2],))\ndb.commit()`,
    `${dataDir}/portal.db`,
    slot,
  ]);
}

test('an administrator adds a clerk by mail, suspends her, and rotates the signing key', async ({ browser, baseURL }) => {
  execFileSync(bin, ['staff', 'add', '--email', 'head@agency.example.org', '--name', 'Hana Osman', '--role', 'admin'], {
    env: { ...process.env, ...serverEnv },
  });
  const head = await staffAtDesk(browser, baseURL!, 'head@agency.example.org');
  const page = head.page;
  await page.getByRole('link', { name: 'Accounts and keys' }).click();
  await page.waitForURL('**/staff/admin');
  await ready(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Accounts and keys');
  await expect(page.locator('li[data-email="head@agency.example.org"]')).toContainText('This is your own account');

  // A new clerk for Amman: the invitation goes to her address.
  const form = page.locator('#new-account');
  await form.getByLabel('Work email').fill('omar.said@agency.example.org');
  await form.getByLabel('Name shown to colleagues').fill('Omar Said');
  await form.getByLabel('clerk').check();
  await form.getByLabel('Office').selectOption('AMM');
  await form.getByRole('button', { name: 'Add and send the invitation' }).click();
  await page.waitForURL(/\/staff\/admin\?done=created&mail=sent#accounts$/);
  await expect(page.getByRole('status').first()).toHaveText('The account was made and its invitation sent.');
  const omar = page.locator('li[data-email="omar.said@agency.example.org"]');
  await expect(omar).toContainText('Omar Said');
  await expect(omar).toContainText('Last sign-in: never');
  await expect(omar).toHaveAttribute('data-state', 'active');
  await expect.poll(() => receivedMails().filter((m) => m.includes('omar.said@agency.example.org')).length, { timeout: 20_000 }).toBe(1);
  const mail = mailText(receivedMails().find((m) => m.includes('omar.said@agency.example.org'))!);
  const link = /(http\S+\/enroll\/[A-Za-z0-9_-]+)/.exec(mail)?.[1];
  expect(link, mail).toBeTruthy();
  await expect(page.locator('main')).not.toContainText(link!.split('/').at(-1)!);

  // Omar enrolls on his own phone from the mail and reaches the staff pages.
  const phone = await browser.newContext({ baseURL, viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  const his = await phone.newPage();
  await addAuthenticator(his);
  await his.goto(link!);
  await his.getByText('I work for the agency').click();
  await his.getByLabel('Work email').fill('omar.said@agency.example.org');
  await his.getByRole('button', { name: 'Confirm and create my passkey' }).click();
  await his.waitForURL('**/staff');
  await expect(his.getByRole('link', { name: 'Accounts and keys' })).toHaveCount(0);

  // His passkey shows; suspended, he is signed out at once.
  await page.reload();
  await ready(page);
  await expect(omar).toContainText(/Passkeys: \D?1\D?/);
  await expect(omar).not.toContainText('Last sign-in: never');
  await omar.getByRole('button', { name: 'Suspend' }).click();
  await page.waitForURL(/\/staff\/admin\?done=suspended#accounts$/);
  await expect(page.getByRole('status').first()).toHaveText('The account is suspended and signed out everywhere.');
  await expect(omar).toHaveAttribute('data-state', 'suspended');
  await expect(omar.getByRole('button', { name: 'Reinstate' })).toBeVisible();
  await his.goto('/staff');
  await his.waitForURL('**/signin');

  // A new signing key signs from now on.
  const keys = page.locator('#keys');
  await keys.getByText('New signing key').click();
  await keys.getByRole('button', { name: 'Make the new key' }).click();
  await page.waitForURL(/\/staff\/admin\?done=key-rotated#keys$/);
  await expect(page.getByRole('status').first()).toHaveText('A new key signs credentials from now on.');
  await expect(keys.locator('li').first()).toContainText('Signs new credentials.');
  await expect(keys.locator('li').nth(1)).toContainText('No longer signs; what it signed still verifies.');
  await page.screenshot({ path: `${screenshots}/desk-en-staff-admin.png`, fullPage: true });

  // Failed background work: a night's data-quality checks out of attempts are listed (when
  // and how many attempts, in words); sent back, they run and the list empties.
  const failed = page.locator('#failed');
  await expect(failed).toContainText('Nothing has failed');
  deadRun('2026-12-01');
  await page.reload();
  await ready(page);
  await expect(failed.locator('li[data-failed="run"]')).toContainText('Nightly data-quality checks');
  await expect(failed).toContainText(/Attempts: \D?3\D?/);
  await failed.getByRole('button', { name: 'Try again' }).click();
  await page.waitForURL(/\/staff\/admin\?done=sent-back#failed$/);
  await expect(page.getByRole('status').first()).toHaveText('Sent back: it will be tried again in a moment.');
  await expect
    .poll(async () => {
      await page.reload();
      return (await failed.textContent()) ?? '';
    }, { timeout: 20_000 })
    .toContain('Nothing has failed');
  deadRun('2026-12-02');

  // On a phone, in Arabic: words, no sideways scroll, no serious accessibility finding.
  await head.context.addCookies([{ name: 'portal_lang', value: 'ar', url: baseURL! }]);
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto('/staff/admin');
  await ready(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('الحسابات والمفاتيح');
  await expect(omar).toContainText('موقوف');
  await expect(failed).toContainText('فحوص جودة البيانات الليلية');
  await expect(failed.getByRole('button', { name: 'أعِد المحاولة' })).toBeVisible();
  expect(await sideways(page)).toBeLessThanOrEqual(0);
  await page.screenshot({ path: `${screenshots}/phone-ar-staff-admin.png`, fullPage: true });
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.nodes[0]?.target.join(' ')}`)).toEqual([]);
  await phone.close();
  await head.context.close();
});
