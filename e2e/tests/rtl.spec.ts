// Right to left: a Dari-speaking person's record, booking and credential QR code, and a
// verifier's result in Arabic, on a 360×740 phone. Each page must be dir="rtl" in its
// language, fit the screen without sideways scrolling, and keep Latin numbers readable
// left to right. The screenshots are kept as artifacts (artifacts/screenshots/rtl-*.png).
import { test, expect, type Page } from '@playwright/test';
import { addAuthenticator, invite, ready } from '../support/portal';

const screenshots = 'artifacts/screenshots';

async function rightToLeft(page: Page, lang: string) {
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
  await ready(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

test('record, booking, credential and verifier read right to left in Dari and Arabic', async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  const context = await browser.newContext({ baseURL, viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, locale: 'prs' });
  const phone = await context.newPage();
  await addAuthenticator(phone);
  const { link } = invite('--registration-number', 'AMM-26-000026');
  await phone.goto(link);
  await rightToLeft(phone, 'prs');
  await phone.locator('input[name="registration_number"]').fill('AMM-26-000026');
  await phone.locator('input[name="date_of_birth"]').fill('1968-01-01');
  await phone.locator('form[data-enroll] button[type="submit"]').click();
  await phone.waitForURL('**/me');

  await rightToLeft(phone, 'prs');
  // The registration number stays a left-to-right island inside right-to-left text.
  await expect(phone.locator('.registration-number').first()).toHaveAttribute('dir', 'ltr');
  await phone.screenshot({ path: `${screenshots}/rtl-record-prs.png`, fullPage: true });

  await phone.goto('/me/appointments/book');
  await rightToLeft(phone, 'prs');
  await phone.screenshot({ path: `${screenshots}/rtl-booking-prs.png`, fullPage: true });

  await phone.goto('/me/credentials');
  await rightToLeft(phone, 'prs');
  await phone.locator('#card-registration').locator('..').locator('button[type="submit"]:not([name="then"])').click();
  await phone.waitForURL(/\/me\/credentials\/[0-9a-f-]{36}$/);
  await rightToLeft(phone, 'prs');
  const figure = phone.locator('figure.credential-qr');
  await expect(figure.locator('svg')).toBeVisible();
  await phone.screenshot({ path: `${screenshots}/rtl-credential-prs.png`, fullPage: true });
  const qr = await figure.locator('.credential-qr__code svg').screenshot();
  await context.close();

  const clinic = await browser.newContext({ baseURL, viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, locale: 'ar' });
  const provider = await clinic.newPage();
  await provider.goto('/verify');
  await rightToLeft(provider, 'ar');
  await provider.locator('input[name="image"]').setInputFiles({ name: 'qr.png', mimeType: 'image/png', buffer: qr });
  await provider.locator('form[data-verify-form] button[type="submit"]').click();
  await provider.waitForURL(/\/verify\?result=[0-9a-f]{32}$/);
  await rightToLeft(provider, 'ar');
  await expect(provider.locator('[data-outcome]')).toHaveAttribute('data-outcome', 'genuine');
  await expect(provider.locator('.holder__name')).toHaveText('Fatemeh Karimi');
  await provider.screenshot({ path: `${screenshots}/rtl-verify-ar.png`, fullPage: true });
  await clinic.close();
});
