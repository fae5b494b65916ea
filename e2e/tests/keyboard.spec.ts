// Keyboard only: signing in with a passkey, reading the record, sending an update request,
// booking an appointment, getting and downloading a credential, and checking a proof, with
// Tab, Enter and typing, never a mouse or a touch. Every focused control must show a visible
// focus indicator, and results must be announced (role="status" or role="alert") so a screen
// reader reads them without moving focus.
import { test, expect, type Page } from '@playwright/test';
import { personOnPhone, ready } from '../support/portal';

/** Presses Tab until the focused element matches `accessibleName` (at most `limit` times). */
async function tabTo(page: Page, accessibleName: RegExp, limit = 40): Promise<void> {
  for (let i = 0; i < limit; i += 1) {
    await page.keyboard.press('Tab');
    const name = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el) return '';
      // A control's name: its label; a link's or a button's: its text.
      const label = el.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent ?? '' : '';
      const text = ['A', 'BUTTON', 'SUMMARY'].includes(el.tagName) ? el.textContent ?? '' : '';
      return `${el.getAttribute('aria-label') ?? ''} ${label} ${text}`.trim();
    });
    if (accessibleName.test(name)) {
      await expectVisibleFocus(page);
      return;
    }
  }
  throw new Error(`no focusable element named ${accessibleName} within ${limit} tabs`);
}

/** The focused element draws an outline (or a box shadow) of at least 2 px. */
async function expectVisibleFocus(page: Page) {
  const ring = await page.evaluate(() => {
    const el = document.activeElement as HTMLElement;
    const style = getComputedStyle(el);
    return { element: el.outerHTML.slice(0, 80), outline: parseFloat(style.outlineWidth) || 0, outlineStyle: style.outlineStyle, shadow: style.boxShadow };
  });
  expect((ring.outlineStyle !== 'none' && ring.outline >= 2) || ring.shadow !== 'none', JSON.stringify(ring)).toBe(true);
}

test('a person signs in, reads the record, asks for a change, books and downloads a credential with the keyboard only', async ({ browser, baseURL }) => {
  test.setTimeout(90_000);
  // Hussein enrolled on this phone earlier (its authenticator keeps the passkey) and signed out.
  // From here the browser offers no passkey autofill, so only the button can sign him in.
  const { context, page } = await personOnPhone(browser, baseURL!, 'AMM-26-000018', '2011-04-01');
  await page.addInitScript(() => {
    Object.defineProperty(PublicKeyCredential, 'isConditionalMediationAvailable', { value: undefined });
  });
  await context.clearCookies();

  await page.goto('/signin');
  await ready(page);
  // The first Tab reaches the skip link, which jumps to the main content.
  await page.keyboard.press('Tab');
  await expect(page.locator('.skip-link')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toBeFocused();
  await tabTo(page, /Sign in with a passkey/);
  await page.keyboard.press('Enter');
  await page.waitForURL('**/me');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.locator('.registration-number').first()).toHaveText('AMM-26-000018');

  await tabTo(page, /Ask for a change/);
  await page.keyboard.press('Enter');
  await page.waitForURL('**/me/requests/new');
  await ready(page);
  await tabTo(page, /New phone, email, address or languages/);
  await page.keyboard.press('Enter');
  await page.waitForURL(/kind=contact/);
  await ready(page);
  await tabTo(page, /New phone number/);
  await page.keyboard.type('0795550101');
  await tabTo(page, /Send my request/);
  await page.keyboard.press('Enter');
  // A mistake is announced and explained next to its field.
  await expect(page.getByRole('alert')).toContainText('This is not in the expected form.');
  await tabTo(page, /New phone number/);
  await page.keyboard.press('Control+A');
  await page.keyboard.type('+962 79 555 0118');
  await tabTo(page, /Send my request/);
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/me\/requests\/[0-9a-f-]+\?sent=1$/);
  await expect(page.getByRole('status')).toContainText('Your request is with the office');

  // Booking: a service, then a free time, each reached with Tab and taken with Enter.
  await page.goto('/me');
  await ready(page);
  await tabTo(page, /^Book an appointment$/);
  await page.keyboard.press('Enter');
  await page.waitForURL('**/me/appointments/book');
  await ready(page);
  await tabTo(page, /Renew a document/);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Free times (local time at the office)' })).toBeVisible();
  await ready(page);
  await tabTo(page, /^Book .*\d/, 80);
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/me\/appointments\/[0-9a-f-]+\?booked=1$/);
  await expect(page.getByRole('status')).toContainText('Your appointment is booked');

  // The proof of registration, and its download.
  await page.goto('/me/credentials');
  await ready(page);
  await tabTo(page, /^Get my credential$/);
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/me\/credentials\/[0-9a-f-]{36}$/);
  await tabTo(page, /Download the credential \(\.json\)/);
  const download = page.waitForEvent('download');
  await page.keyboard.press('Enter');
  expect((await download).suggestedFilename()).toBe('credential.json');
  await context.close();
});

test('a verifier checks a pasted QR text with the keyboard only, and hears the answer', async ({ page }) => {
  await page.goto('/verify');
  await ready(page);
  await tabTo(page, /Or paste the credential or the QR text/);
  await page.keyboard.type('RP1:NOT-A-CREDENTIAL');
  await tabTo(page, /^Check$/);
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/verify\?result=[0-9a-f]{32}$/);
  const verdict = page.getByRole('status').filter({ hasText: 'No credential could be read' });
  await expect(verdict).toBeVisible();
  await expect(verdict).toHaveAttribute('aria-live', 'polite');
});
