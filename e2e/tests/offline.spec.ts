// The verifier in a place without signal: a clinic opens /verify once with a connection, then
// the phone goes into airplane mode (Playwright's context.setOffline). The page still opens
// (service worker), and photos of QR codes are checked on the phone itself against the issuer's
// DID document and status lists it kept: a valid proof reads "Genuine", a proof revoked
// before the visit reads "Revoked", each with the age of the status it used.
import { test, expect, type Page } from '@playwright/test';
import { personOnPhone, ready, staffAtDesk } from '../support/portal';

const screenshots = 'artifacts/screenshots';

/** Gets one of the person's credentials and returns a picture of its QR code and its id. */
async function credential(page: Page, kind: 'registration' | 'household'): Promise<{ id: string; qr: Buffer }> {
  await page.goto('/me/credentials');
  await page.locator(`#card-${kind}`).locator('..').getByRole('button', { name: 'Get my credential' }).click();
  await page.waitForURL(/\/me\/credentials\/[0-9a-f-]{36}$/);
  const id = page.url().split('/').pop()!;
  const qr = await page.locator('figure.credential-qr .credential-qr__code svg').screenshot();
  return { id, qr };
}

/** Checks a QR code picture on the offline page; returns the outcome the page shows. */
async function checkOffline(page: Page, qr: Buffer): Promise<string> {
  await page.getByLabel('Or take a photo of the QR code').setInputFiles({ name: 'qr.png', mimeType: 'image/png', buffer: qr });
  await page.getByRole('button', { name: 'Check', exact: true }).click();
  const verdict = page.locator('[data-offline-result] [data-outcome]');
  await expect(verdict).toBeVisible();
  // Checked on the phone: the page did not navigate to a server result.
  expect(page.url()).toMatch(/\/verify$/);
  return (await verdict.getAttribute('data-outcome')) ?? '';
}

test('without a connection, the verifier tells a genuine proof from a revoked one', async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  // Zainab gets her proof of registration and her household credential.
  const zainab = await personOnPhone(browser, baseURL!, 'AMM-26-000017', '1987-09-19');
  const registration = await credential(zainab.page, 'registration');
  const household = await credential(zainab.page, 'household');

  // The household credential is revoked at the office (a member left the household).
  const jonas = await staffAtDesk(browser, baseURL!, 'jonas@agency.example.org');
  const desk = jonas.page;
  await desk.goto('/staff/people');
  await ready(desk);
  await desk.getByLabel('Name, registration or case number, or phone').fill('Al-Obeidi');
  await desk.getByRole('button', { name: 'Search', exact: true }).click();
  await desk.waitForURL(/\/staff\/people$/);
  await ready(desk);
  await desk.getByRole('link', { name: /Zainab Al-Obeidi/ }).first().click();
  await desk.waitForURL(/\/staff\/people\/[0-9a-f-]{36}$/);
  const line = desk.locator(`li[data-credential="${household.id}"]`);
  // The change asks first: its form opens with a warning that a revocation is final.
  await expect(line.getByRole('button', { name: 'Revoke' })).toBeHidden();
  await line.getByText('Suspend or revoke').click();
  await expect(line).toContainText('A revocation is final');
  await line.getByLabel('Reason').selectOption('record_error');
  await line.getByRole('button', { name: 'Revoke' }).click();
  await desk.waitForURL(/#credentials$/);
  await expect(desk.locator(`li[data-credential="${household.id}"]`)).toContainText('No longer valid');

  // A clinic's phone opens the verifier once, with a connection: it keeps what it needs.
  const clinic = await browser.newContext({ baseURL, viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  const phone = await clinic.newPage();
  await phone.goto('/verify');
  await expect(phone.locator('[data-offline-status]')).toContainText('Ready to check proofs without a connection.');
  await phone.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });

  // Airplane mode. The page opens from the phone's copy.
  await clinic.setOffline(true);
  await phone.reload();
  await expect(phone.getByRole('heading', { level: 1 })).toHaveText('Check a proof');
  // Offline, the page compiles the verifier's WebAssembly from the phone's copy before it is
  // ready: slow on a cheap phone (or a busy test machine), so this wait is longer.
  await expect(phone.locator('[data-offline-status]')).toContainText('Ready to check proofs without a connection.', { timeout: 30_000 });

  expect(await checkOffline(phone, registration.qr)).toBe('genuine');
  const result = phone.locator('[data-offline-result]');
  await expect(result.locator('.verdict')).toContainText('Genuine');
  await expect(result.locator('.verdict')).toContainText('Checked on this phone, without a connection.');
  await expect(result.locator('[data-status-age]')).toContainText(/Status as of .*(now|minute|second)/);
  await expect(result.locator('.holder__name')).toHaveText('Zainab Al-Obeidi');
  await expect(result.locator('.registration-number')).toHaveText('AMM-26-000017');
  // Dates are written out as on the server's page.
  await expect(result).toContainText('19 September 1987');
  await phone.screenshot({ path: `${screenshots}/verify-offline-genuine.png`, fullPage: true });

  await phone.reload();
  expect(await checkOffline(phone, household.qr)).toBe('revoked');
  await expect(result.locator('.verdict')).toContainText('Revoked');
  await phone.screenshot({ path: `${screenshots}/verify-offline-revoked.png`, fullPage: true });

  // Something that is not a QR code is explained, offline too.
  await phone.reload();
  await phone.getByLabel('Or paste the credential or the QR text').fill('RP1:NOT-A-CREDENTIAL');
  await phone.getByRole('button', { name: 'Check', exact: true }).click();
  await expect(result.locator('[data-outcome]')).toHaveAttribute('data-outcome', 'unreadable');

  // Back online, the page posts to the server again.
  await clinic.setOffline(false);
  await phone.goto('/verify');
  await phone.getByLabel('Or take a photo of the QR code').setInputFiles({ name: 'qr.png', mimeType: 'image/png', buffer: registration.qr });
  await phone.getByRole('button', { name: 'Check', exact: true }).click();
  await phone.waitForURL(/\/verify\?result=[0-9a-f]{32}$/);
  await expect(phone.locator('[data-outcome]').first()).toHaveAttribute('data-outcome', 'genuine');

  await zainab.context.close();
  await jonas.context.close();
  await clinic.close();
});
