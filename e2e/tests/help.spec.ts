// Help without an account: a person on a 360×740 phone in Arabic finds the office's phone and
// hours from the footer, sends a complaint without giving a name, and keeps its reference;
// the office's approver reads it at the desk. A form error keeps nothing secret in the URL
// and says what is wrong beside the field.
import { test, expect } from '@playwright/test';
import { ready, staffAtDesk } from '../support/portal';

const screenshots = 'artifacts/screenshots';

test('an anonymous complaint from a phone in Arabic reaches the office with a reference', async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, locale: 'ar' });
  const phone = await context.newPage();
  await phone.goto('/');
  await phone.locator('.site-footer a[href="/help"]').click();
  await phone.waitForURL('**/help');
  await ready(phone);
  await expect(phone.locator('html')).toHaveAttribute('dir', 'rtl');
  const amman = phone.locator('.place', { hasText: 'Amman registration centre' });
  await expect(amman.locator('a[href^="tel:"]')).toHaveAttribute('href', 'tel:+96265000100');
  await expect(amman.locator('.hours li').first()).toContainText('الاثنين');
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);

  // Sent empty (the browser's own check bypassed, as an old phone might): the error is beside
  // the field, in Arabic.
  await phone.evaluate(() => document.querySelector('form[action="/help/feedback"]')?.setAttribute('novalidate', ''));
  await phone.getByRole('button', { name: 'إرسال' }).click();
  await phone.waitForURL(/errors=message\.required/);
  await expect(phone.locator('#field-message-error')).toBeVisible();

  await phone.getByLabel('شكوى').check();
  await phone.locator('#field-office').selectOption('AMM');
  await phone.locator('#field-message').fill('انتظرت أربع ساعات عند الباب.');
  await phone.getByRole('button', { name: 'إرسال' }).click();
  await phone.waitForURL(/\/help\?sent=FB-[0-9A-Z]{8}#feedback$/);
  const reference = new URL(phone.url()).searchParams.get('sent')!;
  await expect(phone.getByRole('status')).toContainText(reference);
  await phone.screenshot({ path: `${screenshots}/help-sent-ar.png`, fullPage: true });
  await context.close();

  const jonas = await staffAtDesk(browser, baseURL!, 'jonas@agency.example.org');
  await jonas.page.getByRole('link', { name: 'Complaints and feedback' }).click();
  await jonas.page.waitForURL('**/staff/feedback');
  const item = jonas.page.locator(`li[data-reference="${reference}"]`);
  await expect(item).toContainText('A complaint');
  await expect(item).toContainText('Anonymous');
  await expect(item).toContainText('انتظرت أربع ساعات عند الباب.');
  await jonas.context.close();
});
