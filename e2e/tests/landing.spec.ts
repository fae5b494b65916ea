// The landing page on a phone: server-rendered without WebAssembly (a lean page), switchable
// between languages and directions, and usable without JavaScript.
import { test, expect, type Page } from '@playwright/test';
import { ready } from '../support/portal';

const screenshots = 'artifacts/screenshots';

async function hydrated(page: Page) {
  await page.locator('html[data-hydrated="true"]').waitFor({ state: 'attached' });
}

test('the landing page renders on a 360×740 phone without sideways scrolling', async ({ page }) => {
  const response = await page.goto('/');
  expect(response?.status()).toBe(200);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your registration, in your hands');
  await expect(page.getByRole('link', { name: 'Check a proof of registration' })).toBeVisible();
  await ready(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: `${screenshots}/landing-en.png`, fullPage: true });
});

test('the language switch turns the page Arabic and right to left, and remembers it', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) violations.push(message.text());
  });
  await page.goto('/');
  await ready(page);
  const brandBefore = await page.locator('.brand').boundingBox();

  // A plain form post: the lean landing page has no WebAssembly to switch in place.
  await page.getByRole('button', { name: 'العربية' }).click();
  const html = page.locator('html');
  await expect(html).toHaveAttribute('dir', 'rtl');
  await expect(html).toHaveAttribute('lang', 'ar');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('تسجيلك بين يديك');
  await expect(page.getByRole('button', { name: 'العربية' })).toHaveAttribute('aria-pressed', 'true');

  // The layout mirrors: the brand moves from the left edge to the right edge.
  const brandAfter = await page.locator('.brand').boundingBox();
  expect(brandBefore && brandAfter).toBeTruthy();
  expect(brandAfter!.x).toBeGreaterThan(brandBefore!.x + 100);
  await page.screenshot({ path: `${screenshots}/landing-ar.png`, fullPage: true });

  // The choice is remembered.
  await page.reload();
  await expect(html).toHaveAttribute('lang', 'ar');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('تسجيلك بين يديك');
  expect(violations, 'the page runs under its Content Security Policy').toEqual([]);
});

test('the first pages carry no WebAssembly; the forms that need it hydrate', async ({ page }) => {
  for (const path of ['/', '/signin', '/verify']) {
    await page.goto(path);
    await expect(page.locator('link[href^="/pkg/"], script[src^="/pkg/"]'), path).toHaveCount(0);
  }
  // An unknown page (the friendly 404) is a full Leptos page: it hydrates.
  await page.goto('/no/such/page');
  await hydrated(page);
});

test('the language switch works without JavaScript', async ({ browser, baseURL }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, baseURL, viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  await page.goto('/');
  await page.getByRole('button', { name: 'Français' }).click();
  await page.waitForURL('**/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Votre enregistrement, entre vos mains');
  await context.close();
});

test('the language switch comes back to the page it was used on, there and back again', async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  for (const path of ['/verify', '/signin', '/enroll']) {
    await page.goto(path);
    await page.getByRole('button', { name: 'العربية' }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'ar');
    expect(new URL(page.url()).pathname, `${path} in Arabic`).toBe(path);
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    expect(new URL(page.url()).pathname, `${path} back in English`).toBe(path);
  }
  await context.close();
});

test('an unknown path shows a friendly page with a way back', async ({ page }) => {
  const response = await page.goto('/no/such/page');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
  await page.getByRole('link', { name: 'Go to the start page' }).click();
  await expect(page).toHaveURL(/\/$/);
});
