// Verifiable credentials in real browsers: a person gets the proof of registration on a phone
// and shows its QR code; a service provider in another browser (no account) photographs it on
// /verify and sees "Genuine"; a supervisor revokes it; the same QR code then shows "Revoked".
// The downloaded VC-JWT is also checked by an independent verifier (npm `jose`) with the key
// from the portal's DID document, and a tampered copy is refused.
import { test, expect, type Page } from '@playwright/test';
import { importJWK, decodeProtectedHeader, compactVerify } from 'jose';
import { personOnPhone, ready, staffAtDesk } from '../support/portal';

const screenshots = 'artifacts/screenshots';

/** Submits a photo of the QR code on /verify and returns the outcome code the page shows. */
async function check(page: Page, qr: Buffer): Promise<string> {
  await page.goto('/verify');
  await page.getByLabel('Or take a photo of the QR code').setInputFiles({ name: 'qr.png', mimeType: 'image/png', buffer: qr });
  await page.getByRole('button', { name: 'Check', exact: true }).click();
  await page.waitForURL(/\/verify\?result=[0-9a-f]{32}$/);
  const verdict = page.locator('[data-outcome]');
  await expect(verdict).toBeVisible();
  return (await verdict.getAttribute('data-outcome')) ?? '';
}

test('a proof of registration is shown as a QR code, verified as genuine, then revoked', async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  const zahra = await personOnPhone(browser, baseURL!, 'AMM-26-000010', '1985-06-21');
  const phone = zahra.page;
  await phone.getByRole('link', { name: 'My credentials' }).click();
  await phone.waitForURL('**/me/credentials');
  // Just signed in with the passkey: no second confirmation needed yet.
  await expect(phone.locator('[data-reauth-root]')).toHaveCount(0);
  await phone.locator('#card-registration').locator('..').getByRole('button', { name: 'Get my credential' }).click();
  await phone.waitForURL(/\/me\/credentials\/[0-9a-f-]{36}$/);
  const id = phone.url().split('/').pop()!;
  const figure = phone.locator('figure.credential-qr');
  await expect(figure.locator('svg')).toBeVisible();
  const version = Number(await figure.getAttribute('data-qr-version'));
  expect(version).toBeGreaterThan(0);
  expect(version).toBeLessThanOrEqual(15);
  await expect(phone.locator('dd.registration-number')).toHaveText('AMM-26-000010');
  await phone.screenshot({ path: `${screenshots}/credential-qr.png`, fullPage: true });
  // The QR code as a camera would see it: a picture of the phone's screen.
  const qr = await figure.locator('.credential-qr__code svg').screenshot();

  // An independent VC-JWT verifier accepts the download with the key from did.json, and
  // refuses a copy whose payload was changed.
  const jwt = await (await phone.request.get(`/api/me/credentials/${id}/credential.jwt`)).text();
  const did = await (await phone.request.get('/.well-known/did.json')).json();
  const header = decodeProtectedHeader(jwt);
  expect(header.alg).toBe('EdDSA');
  expect(header.typ).toBe('vc+jwt');
  const method = did.verificationMethod.find((m: { id: string }) => m.id === `${header.kid}-jwk`);
  expect(method?.type).toBe('JsonWebKey');
  const key = await importJWK(method.publicKeyJwk, 'EdDSA');
  const { payload } = await compactVerify(jwt, key);
  const credential = JSON.parse(new TextDecoder().decode(payload));
  expect(credential.credentialSubject.registrationNumber).toBe('AMM-26-000010');
  expect(credential.issuer).toBe(did.id);
  const [h, p, s] = jwt.split('.');
  const changed = Buffer.from(JSON.stringify({ ...credential, credentialSubject: { ...credential.credentialSubject, name: 'Someone Else' } })).toString('base64url');
  await expect(compactVerify(`${h}.${changed}.${s}`, key)).rejects.toThrow();
  expect(p).not.toBe(changed);

  // A clinic's phone, not signed in, checks the QR code.
  const clinic = await browser.newContext({ baseURL, viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  const provider = await clinic.newPage();
  expect(await check(provider, qr)).toBe('genuine');
  await expect(provider.locator('.verdict')).toContainText('Genuine');
  await expect(provider.locator('.holder__name')).toHaveText('Zahra Rahimi');
  await provider.screenshot({ path: `${screenshots}/verify-genuine.png`, fullPage: true });

  // Jonas, a supervisor, revokes it from the case view (the phone was stolen).
  const jonas = await staffAtDesk(browser, baseURL!, 'jonas@agency.example.org');
  const desk = jonas.page;
  await desk.goto('/staff/people');
  await ready(desk);
  await desk.getByLabel('Name, registration or case number, or phone').fill('Rahimi');
  await desk.getByRole('button', { name: 'Search', exact: true }).click();
  await desk.waitForURL(/\/staff\/people$/);
  await ready(desk);
  await desk.getByRole('link', { name: /Zahra Rahimi/ }).first().click();
  await desk.waitForURL(/\/staff\/people\/[0-9a-f-]{36}$/);
  const line = desk.locator(`li[data-credential="${id}"]`);
  await expect(line).toContainText('Valid');
  // The change asks first: its form opens with a warning that a revocation is final.
  await expect(line.getByRole('button', { name: 'Revoke' })).toBeHidden();
  await line.getByText('Suspend or revoke').click();
  await expect(line).toContainText('A revocation is final');
  await line.getByLabel('Reason').selectOption('lost_or_stolen');
  await line.getByRole('button', { name: 'Revoke' }).click();
  await desk.waitForURL(/#credentials$/);
  await expect(desk.locator(`li[data-credential="${id}"]`)).toContainText('No longer valid');

  // The same picture now says revoked.
  expect(await check(provider, qr)).toBe('revoked');
  await expect(provider.locator('.verdict')).toContainText('Revoked');
  // The verifier is told why, and since when (the category, not the office's details).
  await expect(provider.locator('[data-outcome]')).toContainText('Lost or stolen');
  await expect(provider.locator('[data-outcome]')).toContainText('Since');
  // The clinic's phone is signed out: its header names nobody.
  await expect(provider.locator('.site-nav__account')).toHaveCount(0);
  await provider.screenshot({ path: `${screenshots}/verify-revoked.png`, fullPage: true });

  // Zahra's header counts a new message; it tells her what happened and why, then it is read.
  await phone.goto('/me');
  await expect(phone.locator('.site-nav__account')).toContainText('Zahra Rahimi');
  const messages = phone.locator('a[href="/me/messages"][data-unread]');
  await expect(messages).toHaveAttribute('data-unread', '1');
  await expect(messages).toContainText(/1\u2069? new/);
  await messages.click();
  await phone.waitForURL('**/me/messages');
  const news = phone.locator('.message--new');
  await expect(news).toHaveCount(1);
  // (Each filled-in value sits between direction isolates, invisible marks.)
  const sentence = (await news.innerText()).replace(/[\u2068\u2069]/g, '');
  expect(sentence).toContain('Proof of registration: revoked. Reason: Lost or stolen.');
  await phone.screenshot({ path: `${screenshots}/messages-en.png`, fullPage: true });
  await phone.goto('/me');
  await expect(phone.locator('a[href="/me/messages"][data-unread]')).toHaveAttribute('data-unread', '0');

  // Zahra sees it is no longer valid, and may get a new one (a lost phone is not her fault).
  await phone.goto('/me/credentials');
  await expect(phone.locator('#card-registration').locator('..')).toContainText('No longer valid');
  await expect(phone.locator('#card-registration').locator('..').getByRole('button', { name: 'Get my credential' })).toBeEnabled();

  await zahra.context.close();
  await clinic.close();
  await jonas.context.close();
});
