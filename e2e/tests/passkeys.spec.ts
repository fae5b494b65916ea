// Passkeys in a real browser: Chromium's virtual authenticator (DevTools WebAuthn domain) plays
// the phone's fingerprint sensor. Enrollment from a clerk's invitation, sign-out, username-less
// sign-in, staff sign-in, and "sign out on all devices" across two browsers.
import { test, expect, type Page } from '@playwright/test';
import { addAuthenticator, invite, ready } from '../support/portal';

const screenshots = 'artifacts/screenshots';

async function enrollAmina(page: Page) {
  const { link } = invite('--registration-number', 'AMM-26-000001');
  await page.goto(link);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Create your passkey');
  await page.getByLabel('Registration number').fill('AMM-26-000001');
  await page.getByLabel('Date of birth').fill('1992-03-14');
  await page.getByRole('button', { name: 'Confirm and create my passkey' }).click();
  await page.waitForURL('**/me');
}

test('a person enrolls on a phone, signs out, and signs in again with the passkey', async ({ page }) => {
  const { cdp, authenticatorId } = await addAuthenticator(page);
  await enrollAmina(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('My record');
  await expect(page.locator('.greeting')).toContainText('Amina Haddad');
  await expect(page.locator('.registration-number')).toHaveText('AMM-26-000001');
  // The phone now holds one discoverable passkey for the portal, not named by the registration number.
  const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
  expect(credentials).toHaveLength(1);
  expect(credentials[0].isResidentCredential).toBe(true);
  expect(credentials[0].rpId).toBe('localhost');
  expect(Buffer.from(credentials[0].userHandle ?? '', 'base64').toString('latin1')).not.toContain('AMM-26');
  await page.screenshot({ path: `${screenshots}/me-en.png`, fullPage: true });

  // Her passkeys: one, which she cannot remove (she would be locked out).
  await page.getByRole('link', { name: 'My passkeys' }).click();
  await page.waitForURL('**/me/passkeys');
  await expect(page.locator('.passkey')).toHaveCount(1);
  // Removing asks first; she confirms, and the portal still refuses to remove her last one.
  let asked = '';
  page.once('dialog', async (dialog) => {
    asked = dialog.message();
    await dialog.accept();
  });
  await page.locator('[data-remove-passkey]').click();
  await expect(page.getByRole('status')).toContainText('This is your only passkey');
  expect(asked).toContain('Remove this passkey?');
  await page.goto('/me');

  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await page.waitForURL((url) => url.pathname === '/');
  await page.goto('/me');
  await page.waitForURL('**/signin');
  // Passkey autofill (conditional UI): the phone offers the passkey on the sign-in form; the
  // virtual authenticator accepts at once, as a person tapping the suggestion would.
  await page.waitForURL('**/me');
  await expect(page.locator('.greeting')).toContainText('Amina Haddad');
});

test('the sign-in button works where the browser has no passkey autofill', async ({ page }) => {
  await page.addInitScript(() => {
    // A browser without conditional UI.
    Object.defineProperty(PublicKeyCredential, 'isConditionalMediationAvailable', { value: undefined });
  });
  await addAuthenticator(page);
  await enrollAmina(page);
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await page.waitForURL((url) => url.pathname === '/');
  await page.goto('/signin');
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await page.waitForURL('**/me');
  await expect(page.locator('.greeting')).toContainText('Amina Haddad');
});

test('a clerk prints a slip, the person enrolls with it on a phone, and another person cannot reach the record', async ({ browser, baseURL }) => {
  // Farida, the clerk, signs in on the office computer.
  const office = await browser.newContext({ baseURL });
  const desk = await office.newPage();
  await addAuthenticator(desk);
  const staffInvite = invite('--staff-email', 'farida@agency.example.org');
  await desk.goto(staffInvite.link);
  await desk.getByText('I work for the agency').click();
  await desk.getByLabel('Work email').fill('farida@agency.example.org');
  await desk.getByRole('button', { name: 'Confirm and create my passkey' }).click();
  await desk.waitForURL('**/staff');

  // She finds Mahmoud and prints his enrollment slip.
  await desk.getByRole('link', { name: 'People' }).click();
  await desk.waitForURL(/\/staff\/people$/);
  await ready(desk);
  await desk.getByLabel('Name, registration or case number, or phone').fill('Al-Masri');
  await desk.getByRole('button', { name: 'Search', exact: true }).click();
  await desk.waitForURL(/\/staff\/people$/);
  await ready(desk);
  await desk.getByRole('link', { name: /Mahmoud Al-Masri/ }).click();
  await expect(desk.getByRole('heading', { level: 1 })).toContainText('AMM-26-000005');
  const caseUrl = desk.url();
  await desk.getByRole('button', { name: 'Create an enrollment slip' }).click();
  const slipLink = (await desk.locator('.slip__link').textContent())?.trim() ?? '';
  expect(slipLink).toContain('/enroll/');
  await expect(desk.locator('.slip__qr svg')).toBeVisible();
  await desk.locator('.slip').screenshot({ path: `${screenshots}/enrollment-slip.png` });

  // Mahmoud enrolls on his phone with the slip's link.
  const phone = await browser.newContext({ baseURL, viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  const mahmoud = await phone.newPage();
  await addAuthenticator(mahmoud);
  await mahmoud.goto(slipLink);
  await mahmoud.getByLabel('Registration number').fill('AMM-26-000005');
  await mahmoud.getByLabel('Date of birth').fill('1975-01-01');
  await mahmoud.getByRole('button', { name: 'Confirm and create my passkey' }).click();
  await mahmoud.waitForURL('**/me');
  await expect(mahmoud.locator('.greeting')).toContainText('Mahmoud Al-Masri');

  // Another signed-in person pastes the staff URL of Mahmoud's case: no way in.
  const other = await browser.newContext({ baseURL });
  const helen = await other.newPage();
  await addAuthenticator(helen);
  const helenInvite = invite('--registration-number', 'KLA-26-000004');
  await helen.goto(helenInvite.link);
  await helen.getByLabel('Registration number').fill('KLA-26-000004');
  await helen.getByLabel('Date of birth').fill('1990-10-16');
  await helen.getByRole('button', { name: 'Confirm and create my passkey' }).click();
  await helen.waitForURL('**/me');
  await helen.goto(caseUrl);
  await helen.waitForURL('**/signin');
  // Refused either way: 403 for her session, or 401 while the sign-in page's passkey autofill
  // is replacing that session with a fresh one.
  const api = await helen.request.post('/api/staff/people/case', { form: { id: caseUrl.split('/').pop() ?? '' } });
  expect([401, 403]).toContain(api.status());

  await office.close();
  await phone.close();
  await other.close();
});

test('a wrong date of birth is refused with a clear message in the page language', async ({ page }) => {
  await addAuthenticator(page);
  const { link } = invite('--registration-number', 'AMM-26-000002');
  await page.goto(link);
  await page.getByLabel('Registration number').fill('AMM-26-000002');
  await page.getByLabel('Date of birth').fill('2001-01-01');
  await page.getByRole('button', { name: 'Confirm and create my passkey' }).click();
  await expect(page.getByRole('status')).toContainText('We could not confirm these details');
  await expect(page).toHaveURL(/\/enroll\//);
});

test('staff sign in with a passkey and reach the staff pages', async ({ page }) => {
  await addAuthenticator(page);
  const { link } = invite('--staff-email', 'farida@agency.example.org');
  await page.goto(link);
  await page.getByText('I work for the agency').click();
  await page.getByLabel('Work email').fill('farida@agency.example.org');
  await page.getByRole('button', { name: 'Confirm and create my passkey' }).click();
  await page.waitForURL('**/staff');
  await expect(page.locator('.greeting')).toContainText('Farida Nasser');
});

test('signing out on all devices ends the session in the other browser too', async ({ browser, baseURL }) => {
  const phone = await browser.newContext({ baseURL, viewport: { width: 360, height: 740 } });
  const laptop = await browser.newContext({ baseURL });
  const phonePage = await phone.newPage();
  const laptopPage = await laptop.newPage();
  await addAuthenticator(phonePage);
  await addAuthenticator(laptopPage);

  // Selam enrolls her phone, then a second passkey on a laptop with a fresh invitation.
  for (const page of [phonePage, laptopPage]) {
    const { link } = invite('--registration-number', 'KLA-26-000001');
    await page.goto(link);
    await page.getByLabel('Registration number').fill('KLA-26-000001');
    await page.getByLabel('Date of birth').fill('1994-09-11');
    await page.getByRole('button', { name: 'Confirm and create my passkey' }).click();
    await page.waitForURL('**/me');
  }

  // It asks first: nothing happens until she says yes.
  await laptopPage.getByText('Sign out on all devices').click();
  await laptopPage.getByRole('button', { name: 'Yes, sign out everywhere' }).click();
  await laptopPage.waitForURL((url) => url.pathname === '/');
  await phonePage.goto('/me');
  await phonePage.waitForURL('**/signin');
  await phone.close();
  await laptop.close();
});
