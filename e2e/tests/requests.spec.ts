// Update requests in real browsers: a person on a phone asks for a new phone number and reports a
// birth with a document; a supervisor in a second browser approves one and rejects the other;
// the person sees both outcomes, in the portal and by mail (a real SMTP server); "My record" in
// Arabic, right to left.
import { test, expect } from '@playwright/test';
import { personOnPhone, ready, receivedMails, staffAtDesk } from '../support/portal';

const screenshots = 'artifacts/screenshots';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

/** The decoded text/plain part of a raw mail (base64 or quoted-printable, as lettre chose). */
function body(raw: string): string {
  const normal = raw.replace(/\r\n/g, '\n');
  const start = normal.indexOf('Content-Type: text/plain');
  const part = start >= 0 ? normal.slice(start) : normal;
  const [head, ...rest] = part.split('\n\n');
  const text = rest.join('\n\n').split('\n--')[0];
  if (/Content-Transfer-Encoding: base64/i.test(head)) return Buffer.from(text.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (/Content-Transfer-Encoding: quoted-printable/i.test(head)) {
    const bytes = text.replace(/=\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return text;
}

/** Waits until the page is interactive, so clicks and typing never race the hydration. */
const hydrated = ready;

function daysAgo(days: number): string {
  const d = new Date(Date.now() - days * 86_400_000);
  return d.toISOString().slice(0, 10);
}

test('a phone change is approved and a birth report rejected; the person sees both and gets the mails', async ({ browser, baseURL }) => {
  test.setTimeout(90_000);
  const ali = await personOnPhone(browser, baseURL!, 'AMM-26-000016', '1983-05-05');
  const phone = ali.page;

  // A new phone number: a simple change.
  await hydrated(phone);
  await phone.getByRole('link', { name: 'Ask for a change' }).click();
  await phone.getByRole('link', { name: 'New phone, email, address or languages' }).click();
  await hydrated(phone);
  await phone.getByLabel('New phone number').fill('+962 79 555 0101');
  await phone.getByRole('button', { name: 'Send my request' }).click();
  await phone.waitForURL(/\/me\/requests\/[0-9a-f-]+\?sent=1$/);
  await expect(phone.getByRole('status')).toContainText('Your request is with the office');
  const phoneReference = ((await phone.getByRole('heading', { level: 1 }).textContent()) ?? '').match(/R-[0-9A-F]{8}/)?.[0];
  expect(phoneReference).toBeTruthy();

  // A bad value is explained next to its field, and nothing is sent.
  await phone.goto('/me/requests/new?kind=contact');
  await hydrated(phone);
  await phone.getByLabel('New phone number').fill('0795550101');
  await phone.getByRole('button', { name: 'Send my request' }).click();
  await expect(phone.getByRole('alert')).toContainText('This is not in the expected form.');
  await expect(phone).toHaveURL(/errors=phone\.format/);
  expect(phone.url()).not.toContain('0795550101');

  // A birth, with the birth notification as a PDF.
  await phone.goto('/me/requests/new');
  await hydrated(phone);
  await phone.getByRole('link', { name: 'A baby was born' }).click();
  await hydrated(phone);
  await phone.getByLabel('Given name (Latin letters)').fill('Rana');
  await phone.getByLabel('Family name (Latin letters)').fill('Al-Obeidi');
  await phone.getByLabel('Sex').selectOption('female');
  await phone.getByLabel('Date of birth').fill(daysAgo(10));
  await phone.getByLabel('Supporting documents').setInputFiles({ name: 'birth-notification.pdf', mimeType: 'application/pdf', buffer: PDF });
  await phone.getByRole('button', { name: 'Send my request' }).click();
  await phone.waitForURL(/\/me\/requests\/[0-9a-f-]+\?sent=1$/);
  await expect(phone.getByRole('link', { name: /Document/ })).toBeVisible();
  const birthReference = ((await phone.getByRole('heading', { level: 1 }).textContent()) ?? '').match(/R-[0-9A-F]{8}/)?.[0];

  // Jonas, a supervisor, works the queue in his own browser.
  const jonas = await staffAtDesk(browser, baseURL!, 'jonas@agency.example.org');
  const desk = jonas.page;
  await desk.getByRole('link', { name: 'Requests', exact: true }).click();
  await desk.waitForURL('**/staff/requests');
  await desk.getByRole('link', { name: new RegExp(`Review.*${phoneReference}`) }).click();
  await expect(desk.getByRole('heading', { level: 1 })).toContainText(phoneReference!);
  await expect(desk.locator('table.compare')).toContainText('+962795550101');
  await desk.getByRole('button', { name: 'Save the decision' }).click();
  await expect(desk.getByRole('status')).toContainText('Approved');

  await desk.goto('/staff/requests');
  await desk.getByRole('link', { name: new RegExp(`Review.*${birthReference}`) }).click();
  await expect(desk.locator('table.compare')).toContainText('Rana Al-Obeidi');
  const document = await desk.request.get((await desk.getByRole('link', { name: /Document/ }).getAttribute('href'))!);
  expect(document.status()).toBe(200);
  expect(document.headers()['content-type']).toBe('application/pdf');
  await desk.locator('.review-form input[name="approve_0"]').uncheck();
  await desk.getByLabel('Reason for what is not approved').selectOption('insufficient_evidence');
  await desk.getByLabel(/Note for the person/).fill('Please bring the hospital birth notification to the office.');
  await desk.getByRole('button', { name: 'Save the decision' }).click();
  await expect(desk.getByRole('status')).toContainText('Not approved');
  await desk.screenshot({ path: `${screenshots}/review-decided.png`, fullPage: true });

  // Ali sees both outcomes.
  await phone.goto('/me/requests');
  await expect(phone.locator('.requests')).toContainText('Approved');
  await expect(phone.locator('.requests')).toContainText('Not approved');
  await phone.getByRole('link', { name: new RegExp(birthReference!) }).click();
  await expect(phone.getByText('The documents do not prove the change.')).toBeVisible();
  await expect(phone.getByText('Please bring the hospital birth notification').first()).toBeVisible();
  await phone.goto('/me');
  await expect(phone.getByText('+962795550101')).toBeVisible();
  await expect(phone.locator('.news')).toContainText(phoneReference!);
  // Who looked: the supervisor of the Amman office, not his name.
  await phone.getByRole('link', { name: 'Who looked at my data' }).click();
  await expect(phone.locator('table.access-log')).toContainText('supervisor');
  await expect(phone.locator('table.access-log')).not.toContainText('Jonas');

  // Two mails reached the SMTP server, in Arabic, with the references and no personal data.
  // (His enrollment invitation went to the same address; these are the decisions.)
  const decisions = () => receivedMails().filter((m) => m.includes('ali.obeidi@example.org') && !body(m).includes('/enroll/'));
  await expect.poll(() => decisions().length, { timeout: 20_000 }).toBe(2);
  const mails = decisions();
  for (const mail of mails) {
    expect(mail).toMatch(/Content-Language: ar/);
    expect(body(mail)).not.toContain('+962795550101');
  }
  const texts = mails.map(body).join('\n');
  expect(texts).toContain(phoneReference!);
  expect(texts).toContain(birthReference!);

  // "My record" in Arabic, right to left.
  await ali.context.addCookies([{ name: 'portal_lang', value: 'ar', url: baseURL! }]);
  await phone.goto('/me');
  await expect(phone.locator('html')).toHaveAttribute('dir', 'rtl');
  await phone.screenshot({ path: `${screenshots}/me-ar.png`, fullPage: true });

  await ali.context.close();
  await jonas.context.close();
});

test('a clerk cannot approve a correction of identity; she can only recommend', async ({ browser, baseURL }) => {
  const abdullah = await personOnPhone(browser, baseURL!, 'AMM-26-000020', '1990-02-12');
  await abdullah.page.goto('/me/requests/new?kind=correction');
  await hydrated(abdullah.page);
  await abdullah.page.getByLabel('Given name (Latin letters)').fill('Abdallah');
  await abdullah.page.getByLabel('Why is the information on record wrong?').fill('My passport spells it Abdallah.');
  await abdullah.page.getByLabel('Supporting documents').setInputFiles({ name: 'passport.pdf', mimeType: 'application/pdf', buffer: PDF });
  await abdullah.page.getByRole('button', { name: 'Send my request' }).click();
  await abdullah.page.waitForURL(/sent=1$/);
  const reference = ((await abdullah.page.getByRole('heading', { level: 1 }).textContent()) ?? '').match(/R-[0-9A-F]{8}/)?.[0];

  const farida = await staffAtDesk(browser, baseURL!, 'farida@agency.example.org');
  await farida.page.goto('/staff/requests?kind=correction');
  await hydrated(farida.page);
  await farida.page.getByRole('link', { name: new RegExp(`Review.*${reference}`) }).click();
  await expect(farida.page.getByText('Only a supervisor can decide this change.')).toBeVisible();
  await expect(farida.page.getByRole('button', { name: 'Save the decision' })).toHaveCount(0);
  await farida.page.getByRole('button', { name: 'Save my recommendation' }).click();
  await expect(farida.page.getByRole('status')).toContainText('Being checked');
  await abdullah.context.close();
  await farida.context.close();
});

test('a form sent back with an error keeps what was typed and the attached file', async ({ browser, baseURL }) => {
  test.setTimeout(60_000);
  const amal = await personOnPhone(browser, baseURL!, 'AMM-26-000022', '1985-03-25');
  const phone = amal.page;
  await phone.goto('/me/requests/new?kind=contact');
  await hydrated(phone);
  await phone.getByLabel('New phone number').fill('0795550303');
  await phone.getByLabel('New address').fill('Amman, Al-Nuzha, building 17');
  await phone.getByLabel('Supporting documents').setInputFiles({ name: 'lease.pdf', mimeType: 'application/pdf', buffer: PDF });
  await phone.getByRole('button', { name: 'Send my request' }).click();
  await expect(phone).toHaveURL(/errors=phone\.format/);
  await hydrated(phone);

  // Everything typed is still there, and the file is kept (ticked) without choosing it again.
  await expect(phone.getByLabel('New phone number')).toHaveValue('0795550303');
  await expect(phone.getByLabel('New address')).toHaveValue('Amman, Al-Nuzha, building 17');
  const kept = phone.getByRole('group', { name: 'Attached before' });
  // Filled-in values are wrapped in isolation marks (U+2068, U+2069) so they read right in any direction.
  await expect(kept.getByRole('checkbox', { name: /Document \u2068?1\u2069? \(\u2068?PDF\u2069?\)/ })).toBeChecked();
  expect(phone.url()).not.toContain('0795550303');
  expect(phone.url()).not.toContain('Nuzha');
  await phone.screenshot({ path: `${screenshots}/form-kept-en.png`, fullPage: true });

  // Corrected and sent again: the request carries the kept file.
  await phone.getByLabel('New phone number').fill('+962 79 555 0303');
  await phone.getByRole('button', { name: 'Send my request' }).click();
  await phone.waitForURL(/\/me\/requests\/[0-9a-f-]+\?sent=1$/);
  await expect(phone.getByRole('link', { name: /Document \u2068?1\u2069? \(\u2068?PDF\u2069?\)/ })).toBeVisible();
  await amal.context.close();
});

test('the queue, the review and the answer fit a phone in Arabic and French, and name whose request it is', async ({ browser, baseURL }) => {
  test.setTimeout(90_000);
  const nazia = await personOnPhone(browser, baseURL!, 'AMM-26-000014', '1980-01-01');
  const phone = nazia.page;
  await phone.goto('/me/requests/new?kind=contact');
  await hydrated(phone);
  await phone.getByLabel('New phone number').fill('+962 79 555 0144');
  await phone.getByRole('button', { name: 'Send my request' }).click();
  await phone.waitForURL(/\/me\/requests\/[0-9a-f-]+\?sent=1$/);
  const reference = ((await phone.getByRole('heading', { level: 1 }).textContent()) ?? '').match(/R-[0-9A-F]{8}/)?.[0];
  expect(reference).toBeTruthy();

  // The supervisor works the queue on a phone, in Arabic.
  const jonas = await staffAtDesk(browser, baseURL!, 'jonas@agency.example.org');
  const desk = jonas.page;
  await desk.setViewportSize({ width: 360, height: 740 });
  await jonas.context.addCookies([{ name: 'portal_lang', value: 'ar', url: baseURL! }]);
  const sideways = () => desk.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  await desk.goto('/staff/requests?sort=newest');
  await ready(desk);
  expect(await sideways()).toBeLessThanOrEqual(0);
  const line = desk.locator('table.queue tbody tr').filter({ hasText: reference! });
  await expect(line).toContainText('Nazia Ahmadzai');
  await expect(line).toContainText('AMM-26-000014');
  await expect(line).toContainText('الشخص نفسه');
  await desk.screenshot({ path: `${screenshots}/phone-ar-staff-requests-queue.png`, fullPage: true });
  await line.getByRole('link').first().click();
  await expect(desk.getByRole('heading', { level: 1 })).toContainText(reference!);
  await ready(desk);
  expect(await sideways()).toBeLessThanOrEqual(0);
  await expect(desk.locator('table.compare')).toContainText('+962795550144');
  await desk.screenshot({ path: `${screenshots}/phone-ar-staff-review.png`, fullPage: true });
  await desk.getByLabel('سؤالك').fill('Is this number on WhatsApp too?');
  await desk.getByRole('button', { name: 'إرسال السؤال' }).click();
  await expect(desk.getByRole('status')).toBeVisible();
  expect(await sideways()).toBeLessThanOrEqual(0);

  // Nazia answers on her phone, in French.
  await nazia.context.addCookies([{ name: 'portal_lang', value: 'fr', url: baseURL! }]);
  await phone.goto('/me/requests');
  await phone.getByRole('link', { name: new RegExp(reference!) }).click();
  await ready(phone);
  await expect(phone.getByRole('region', { name: 'Question du bureau' })).toContainText('Is this number on WhatsApp too?');
  await expect(phone.getByRole('button', { name: 'Envoyer ma réponse' })).toBeVisible();
  expect(await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  await phone.screenshot({ path: `${screenshots}/phone-fr-me-request-answer.png`, fullPage: true });

  await nazia.context.close();
  await jonas.context.close();
});
