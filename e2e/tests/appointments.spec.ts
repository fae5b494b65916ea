// Appointments in real browsers: a person books on a phone, the confirmation mail carries a
// calendar invitation that an independent parser (ical.js) reads; the clerk at the desk finds
// the booking from its reference and from the person's registration number, on whatever day
// it is, and may mark it only once it starts (marking is tested with a moving clock in
// app/tests/portal/appointments.rs); a forged credential's QR text finds nobody.
import { test, expect, type Browser, type Page } from '@playwright/test';
import ICAL from 'ical.js';
import { addAuthenticator, invite, ready, receivedMails } from '../support/portal';

const screenshots = 'artifacts/screenshots';

async function enroll(browser: Browser, baseURL: string, args: string[], fill: (page: Page) => Promise<void>, mobile: boolean) {
  const context = await browser.newContext(
    mobile
      ? { baseURL, viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true }
      : { baseURL, viewport: { width: 1280, height: 900 }, isMobile: false, hasTouch: false },
  );
  const page = await context.newPage();
  await addAuthenticator(page);
  const { link } = invite(...args);
  await page.goto(link);
  await fill(page);
  await page.getByRole('button', { name: 'Confirm and create my passkey' }).click();
  await page.waitForURL(/\/(me|staff)$/);
  return { context, page };
}

/** The text/calendar part of a raw mail, decoded. */
function calendarPart(raw: string): string {
  const normal = raw.replace(/\r\n/g, '\n');
  const start = normal.indexOf('Content-Type: text/calendar');
  expect(start).toBeGreaterThan(-1);
  const part = normal.slice(start);
  const [head, ...rest] = part.split('\n\n');
  const body = rest.join('\n\n').split('\n--')[0];
  if (/base64/i.test(head)) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (/quoted-printable/i.test(head)) {
    const bytes = body.replace(/=\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

test('a person books on a phone, gets an invitation, and the clerk marks the visit', async ({ browser, baseURL }) => {
  test.setTimeout(90_000);
  const reza = await enroll(
    browser,
    baseURL!,
    ['--registration-number', 'AMM-26-000027'],
    async (page) => {
      await page.getByLabel('Registration number').fill('AMM-26-000027');
      await page.getByLabel('Date of birth').fill('1995-04-14');
    },
    true,
  );
  const phone = reza.page;
  await ready(phone);
  await phone.getByRole('link', { name: 'Book an appointment' }).first().click();
  await phone.getByRole('link', { name: 'Renew a document' }).click();
  // Amman has one location: the free times appear at once, in Amman's local time.
  await expect(phone.getByRole('heading', { name: 'Free times (local time at the office)' })).toBeVisible();
  await expect(phone.getByText('Bring your documents.')).toBeVisible();
  // Compact on a phone: the first day open with its morning and afternoon times in a grid,
  // the other days one line each; the whole page fits in a few screens (it was 10,000 px).
  await expect(phone.locator('details.day[open]')).toHaveCount(1);
  await expect(phone.locator('details.day').first()).toHaveAttribute('open', '');
  await expect(phone.locator('details.day[open] .slots__title').first()).toHaveText(/Morning|Afternoon/);
  const height = await phone.evaluate(() => document.documentElement.scrollHeight);
  expect(height).toBeLessThanOrEqual(4 * 740);
  await phone.screenshot({ path: `${screenshots}/booking-slots.png`, fullPage: true });
  // Opening another day shows its times.
  const second = phone.locator('details.day').nth(1);
  if (await second.count()) {
    await second.locator('summary').click();
    await expect(second.locator('button.slot').first()).toBeVisible();
    await phone.locator('details.day').first().locator('summary').click();
  }
  await phone.locator('details.day').first().locator('button.slot').first().click();
  await phone.waitForURL(/\/me\/appointments\/[0-9a-f-]+\?booked=1$/);
  await expect(phone.getByRole('status')).toContainText('Your appointment is booked');
  await expect(phone.locator('.gate-code svg')).toBeVisible();
  const reference = ((await phone.locator('dd.registration-number').textContent()) ?? '').trim();
  expect(reference).toMatch(/^A-[0-9A-F]{8}$/);
  // Shown in words ("15 March 2026 at 09:00"); the machine-readable time is in <time datetime>.
  await expect(phone.locator('dl.facts dd').first()).toContainText(/\d{1,2} [A-Z][a-z]+ \d{4} at \d{2}:\d{2}/);
  const when = ((await phone.locator('dl.facts dd time').first().getAttribute('datetime')) ?? '').trim();
  expect(when).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
  await phone.screenshot({ path: `${screenshots}/booking-confirmation.png`, fullPage: true });

  // The confirmation mail reaches the SMTP server with a calendar invitation a parser accepts.
  await expect
    .poll(() => receivedMails().filter((m) => m.includes('reza.karimi@example.org') && m.includes('text/calendar')).length, { timeout: 20_000 })
    .toBe(1);
  const mail = receivedMails().find((m) => m.includes('reza.karimi@example.org') && m.includes('text/calendar'))!;
  expect(mail).toMatch(/method=REQUEST/i);
  const calendar = new ICAL.Component(ICAL.parse(calendarPart(mail)));
  expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
  const event = new ICAL.Event(calendar.getFirstSubcomponent('vevent')!);
  expect(event.uid).toMatch(/@localhost$/);
  expect(event.sequence).toBe(0);
  expect(calendar.getFirstSubcomponent('vevent')!.getFirstProperty('dtstart')!.getParameter('tzid')).toBe('Asia/Amman');
  expect(event.startDate.toString().replace('T', ' ').slice(0, 16)).toBe(when);
  expect(event.description).toContain(reference);

  // Farida, the clerk, finds the booking in the day view, from the reference on the QR code.
  const farida = await enroll(
    browser,
    baseURL!,
    ['--staff-email', 'farida@agency.example.org'],
    async (page) => {
      await page.getByText('I work for the agency').click();
      await page.getByLabel('Work email').fill('farida@agency.example.org');
    },
    false,
  );
  const desk = farida.page;
  await desk.getByRole('link', { name: 'Appointments', exact: true }).click();
  await desk.waitForURL('**/staff/appointments');
  // The reference, typed as read from the QR code, finds the booking on its day (today's
  // agenda is shown first).
  const lookup = desk.getByLabel('Reference, registration number or QR code text');
  await lookup.fill(reference.toLowerCase());
  await desk.getByRole('button', { name: 'Find their appointment' }).click();
  await desk.waitForURL(/\/staff\/appointments\?location=[0-9a-f-]+&date=\d{4}-\d{2}-\d{2}&find=A-/);
  expect(desk.url()).toContain(`find=${reference}`);
  expect(desk.url()).toContain(`date=${when.slice(0, 10)}`);
  const row = desk.locator(`tr[data-reference="${reference}"]`);
  await expect(row).toContainText('Reza Karimi');
  await expect(desk.locator('tr[data-reference]')).toHaveCount(1);
  // Not started yet: it cannot be marked as attended, nor as missed.
  await expect(row.getByRole('button', { name: 'Came' })).toHaveCount(0);
  await expect(row.getByRole('button', { name: 'Did not come' })).toHaveCount(0);
  await expect(row).toContainText('It can be marked once it starts.');
  // The registration number finds the same booking; it never goes into the address.
  await lookup.fill('AMM-26-000027');
  await desk.getByRole('button', { name: 'Find their appointment' }).click();
  await desk.waitForURL(/find=A-/);
  expect(desk.url()).not.toContain('AMM-26');
  await expect(desk.locator(`tr[data-reference="${reference}"]`)).toContainText('Reza Karimi');
  // A code that names nobody says so (a forged credential is tested in
  // app/tests/portal/appointments.rs).
  await lookup.fill('no such code');
  await desk.getByRole('button', { name: 'Find their appointment' }).click();
  await expect(desk.getByRole('alert')).toContainText('Nothing was found for this code');
  // The agenda's own search by reference works across days too.
  await desk.getByLabel('Appointment reference').fill(reference);
  await desk.getByRole('button', { name: 'Show' }).click();
  await expect(desk.locator(`tr[data-reference="${reference}"]`)).toContainText('Reza Karimi');
  await desk.screenshot({ path: `${screenshots}/desk-found.png`, fullPage: true });

  // The same lookup on a phone at the desk: no sideways scrolling, the booking as a card.
  await desk.setViewportSize({ width: 360, height: 740 });
  await desk.reload();
  expect(await desk.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  await desk.screenshot({ path: `${screenshots}/desk-found-phone.png`, fullPage: true });

  // Reza still sees it as coming.
  await phone.goto('/me/appointments');
  await expect(phone.getByText('Renew a document').first()).toBeVisible();

  await reza.context.close();
  await farida.context.close();
});
