// A trusted helper from grant to revoke, in two real browsers: Masoumeh, on her phone, lets
// Fatima book appointments for her and gets a one-time code; Fatima, signed in with her own
// passkey on her own phone, enters it and acts for Masoumeh (never seeing her credentials);
// Masoumeh ends it and Fatima's session is her own again.
import { test, expect } from '@playwright/test';
import { personOnPhone, ready } from '../support/portal';

const screenshots = 'artifacts/screenshots';

test('a delegation from grant to revoke', async ({ browser, baseURL }) => {
  test.setTimeout(90_000);
  const masoumeh = await personOnPhone(browser, baseURL!, 'AMM-26-000028', '1999-12-30');
  const grantor = masoumeh.page;
  await grantor.goto('/me/trusted');
  await ready(grantor);
  await grantor.getByLabel('Their name').fill('Fatima, my aunt');
  await grantor.getByLabel('Book, move and cancel my appointments').check();
  await grantor.getByLabel('For how many days').fill('30');
  await grantor.getByRole('button', { name: 'Make a code for my helper' }).click();
  await expect(grantor.getByRole('heading', { name: 'Give this code to your helper' })).toBeVisible();
  const code = ((await grantor.locator('.helper-code').textContent()) ?? '').trim();
  expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
  expect(grantor.url()).not.toContain(code);
  await expect(grantor.locator('.delegation[data-standing="invited"]')).toContainText('Fatima, my aunt');
  await grantor.screenshot({ path: `${screenshots}/trusted-code-en.png`, fullPage: true });

  // Fatima enters the code on her own phone and acts for Masoumeh.
  const fatima = await personOnPhone(browser, baseURL!, 'AMM-26-000006', '1979-04-10');
  const helper = fatima.page;
  await helper.goto('/me/trusted');
  await ready(helper);
  await helper.getByLabel('Code', { exact: true }).fill(code.toLowerCase());
  await helper.getByRole('button', { name: 'Use the code' }).click();
  await expect(helper.getByRole('status').filter({ hasText: 'You can now act for this person' })).toBeVisible();
  await helper.getByRole('button', { name: 'Act for them' }).click();
  await helper.waitForURL('**/me');
  await expect(helper.getByText(/You are acting for \u2068?Masoumeh Karimi\u2069?\./).first()).toBeVisible();
  await expect(helper.getByText('AMM-26-000028').first()).toBeVisible();
  const width = await helper.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(360);
  await helper.screenshot({ path: `${screenshots}/trusted-acting-en.png`, fullPage: true });
  // Her credentials are hers alone.
  await helper.goto('/me/credentials');
  await expect(helper).toHaveURL(/\/me\/trusted\?problem=not-for-helpers/);
  await expect(helper.getByRole('alert').filter({ hasText: 'only for the person themselves' })).toBeVisible();

  // Masoumeh ends it; Fatima's session is her own again.
  await grantor.goto('/me/trusted');
  await ready(grantor);
  const line = grantor.locator('.delegation[data-standing="active"]');
  await expect(line).toContainText('Fatima, my aunt');
  await line.getByText('End', { exact: true }).click();
  await line.getByRole('button', { name: 'Yes, end it' }).click();
  await expect(grantor.getByRole('status').filter({ hasText: 'It has ended.' })).toBeVisible();
  await expect(grantor.locator('.delegation[data-standing="ended"]')).toContainText('Fatima, my aunt');

  await helper.goto('/me');
  await expect(helper.getByText('AMM-26-000006').first()).toBeVisible();
  await expect(helper.getByText('You are acting for')).toHaveCount(0);
  await masoumeh.context.close();
  await fatima.context.close();
});
