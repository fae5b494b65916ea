// Keyboard only: signing in with a passkey, reading the record, sending an update request and
// checking a proof, with Tab, Shift+Tab, Enter and typing, never a mouse or a touch. Every
// focused control must show a visible focus indicator, and results must be announced
// (role="status" or role="alert") so a screen reader reads them without moving focus.
import { test, expect, type Page } from '@playwright/test';
import { invite, ready } from '../support/portal';

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

test('a person signs in, reads the record and asks for a change with the keyboard only', async ({ browser, baseURL }) => {
  test.setTimeout(90_000);
  // Hussein enrolled on this phone earlier (its authenticator keeps the passkey) and signed out.
  const context = await browser.newContext({ baseURL, viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
  const { link } = invite('--registration-number', 'AMM-26-000018');
  await page.goto(link);
  await page.getByLabel('Registration number').fill('AMM-26-000018');
  await page.getByLabel('Date of birth').fill('2011-04-01');
  await page.getByRole('button', { name: 'Confirm and create my passkey' }).click();
  await page.waitForURL('**/me');
  await context.clearCookies();
  // The authenticator now waits for a touch, so passkey autofill cannot sign in by itself.
  await cdp.send('WebAuthn.setAutomaticPresenceSimulation', { authenticatorId, enabled: false });

  await page.goto('/signin');
  await ready(page);
  // The first Tab reaches the skip link, which jumps to the main content.
  await page.keyboard.press('Tab');
  await expect(page.locator('.skip-link')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toBeFocused();
  await tabTo(page, /Sign in with a passkey/);
  await page.keyboard.press('Enter');
  // The person touches the sensor.
  await cdp.send('WebAuthn.setAutomaticPresenceSimulation', { authenticatorId, enabled: true });
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
