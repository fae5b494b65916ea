// What a first visit costs on a cheap phone on a slow network: for the landing page, sign-in,
// "My record" and the verifier, the compressed bytes transferred (HTML, CSS, JS, wasm, icons,
// fonts) and the time until the server-rendered content is painted with the network emulated
// as DevTools' "Slow 3G" (400 kbit/s down and up, 2 s round trip) on a 360×740 screen.
//
// These are measurements, not assertions of speed: the figures go to the test output and to
// artifacts/budget.json (scripts/bench.sh prints them). The only checks are that each page
// answers and paints its heading.
import { test, expect, type Browser, type CDPSession, type Page, type Request } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { addAuthenticator, invite, ready } from '../support/portal';

// Chrome DevTools' "Slow 3G" preset: 500 kbit/s × 0.8, 400 ms × 5.
const SLOW_3G = { offline: false, latency: 2000, downloadThroughput: 50_000, uploadThroughput: 50_000 };
const BUDGET_BYTES = 250 * 1000;

type Figure = { page: string; bytes: number; workerBytes: number; requests: number; firstContentfulPaintMs: number | null; withinBudget: boolean };

async function cdpFor(page: Page): Promise<CDPSession> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  return cdp;
}

/**
 * The bytes a service worker's request took from the network. Playwright's sizes() sometimes
 * never settles for a response the worker both stores and hands on; then the decoded body
 * length counts (at least the compressed size, so the figure errs high, never low).
 */
async function workerResponseBytes(request: Request): Promise<number> {
  const late = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));
  const sizes = await Promise.race([request.sizes().catch(() => null), late(5_000, null)]);
  if (sizes) return sizes.responseHeadersSize + sizes.responseBodySize;
  const body = await Promise.race([
    request
      .response()
      .then((response) => response?.body())
      .catch(() => undefined),
    late(5_000, undefined),
  ]);
  console.log(`service worker request without sizes: ${new URL(request.url()).pathname} (${body ? `${body.length} bytes decoded` : 'not measured'})`);
  return body?.length ?? 0;
}

/**
 * Loads `path` with an empty cache and no throttling; returns the compressed bytes of every
 * response from the network: the page's own, and those of a service worker it installs (the
 * verifier's keeps its module for offline use; files it then hands the page cost nothing more).
 */
async function transfer(page: Page, path: string): Promise<{ bytes: number; requests: number; workerBytes: number }> {
  const cdp = await cdpFor(page);
  let bytes = 0;
  let requests = 0;
  cdp.on('Network.loadingFinished', (event: { encodedDataLength: number }) => {
    bytes += event.encodedDataLength;
    requests += 1;
  });
  let workerBytes = 0;
  let counting = true;
  const pending: Promise<void>[] = [];
  page.context().on('requestfinished', (request) => {
    if (!counting || !request.serviceWorker()) return;
    pending.push(workerResponseBytes(request).then((n) => void (workerBytes += n)));
  });
  await page.goto(path, { waitUntil: 'load' });
  // A hydrated page fetches its wasm from a module script: wait for it (lean pages have none).
  await ready(page);
  await page.waitForLoadState('networkidle');
  // The verifier says when its offline copies are in place.
  if (await page.locator('[data-offline-status]').count()) {
    await expect(page.locator('form[data-offline-ready="true"]')).toHaveCount(1, { timeout: 20_000 });
  }
  await page.waitForLoadState('networkidle');
  counting = false;
  await Promise.all(pending);
  await cdp.detach();
  return { bytes: bytes + workerBytes, requests, workerBytes };
}

/** Loads `path` on emulated Slow 3G with an empty cache; returns the first contentful paint. */
async function paintOnSlow3G(page: Page, path: string): Promise<number | null> {
  const cdp = await cdpFor(page);
  await cdp.send('Network.emulateNetworkConditions', SLOW_3G);
  await page.goto(path, { waitUntil: 'domcontentloaded', timeout: 60_000 });
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible({ timeout: 60_000 });
  const fcp = await page.evaluate(
    () =>
      new Promise<number | null>((resolve) => {
        const seen = performance.getEntriesByName('first-contentful-paint')[0];
        if (seen) return resolve(seen.startTime);
        new PerformanceObserver((list) => {
          const entry = list.getEntriesByName('first-contentful-paint')[0];
          if (entry) resolve(entry.startTime);
        }).observe({ type: 'paint', buffered: true });
        setTimeout(() => resolve(null), 10_000);
      }),
  );
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  await cdp.detach();
  return fcp === null ? null : Math.round(fcp);
}

async function measure(browser: Browser, baseURL: string, path: string, storageState?: string): Promise<Figure> {
  // Each measurement in its own browser profile: no HTTP cache and no service worker (the
  // verifier's would answer the second visit from the phone's copy).
  const phone = () => browser.newContext({ baseURL, viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, storageState });
  const first = await phone();
  const { bytes, requests, workerBytes } = await transfer(await first.newPage(), path);
  await first.close();
  const second = await phone();
  const firstContentfulPaintMs = await paintOnSlow3G(await second.newPage(), path);
  await second.close();
  return { page: path, bytes, workerBytes, requests, firstContentfulPaintMs, withinBudget: bytes <= BUDGET_BYTES };
}

test('first-visit transfer and paint on slow 3G, per main page', async ({ browser, baseURL }) => {
  test.setTimeout(180_000);
  // "My record" needs a signed-in person: enroll one with a virtual authenticator.
  const context = await browser.newContext({ baseURL, viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await addAuthenticator(page);
  const { link } = invite('--registration-number', 'AMM-26-000013');
  await page.goto(link);
  await page.getByLabel('Registration number').fill('AMM-26-000013');
  await page.getByLabel('Date of birth').fill('1970-01-01');
  await page.getByRole('button', { name: 'Confirm and create my passkey' }).click();
  await page.waitForURL('**/me');
  mkdirSync('artifacts', { recursive: true });
  const state = 'artifacts/budget-session.json';
  await context.storageState({ path: state });
  await context.close();

  const figures: Figure[] = [];
  for (const path of ['/', '/signin', '/verify']) figures.push(await measure(browser, baseURL!, path));
  figures.push(await measure(browser, baseURL!, '/me', state));

  writeFileSync('artifacts/budget.json', JSON.stringify({ network: 'DevTools Slow 3G (400 kbit/s, 2000 ms RTT)', viewport: '360x740', budgetBytes: BUDGET_BYTES, figures }, null, 2));
  for (const f of figures) {
    console.log(
      `${f.page.padEnd(8)} ${(f.bytes / 1000).toFixed(1).padStart(7)} kB in ${String(f.requests).padStart(2)} responses` +
        (f.workerBytes ? ` (of which ${(f.workerBytes / 1000).toFixed(1)} kB by the service worker)` : '') +
        `  first contentful paint on slow 3G: ${f.firstContentfulPaintMs ?? 'n/a'} ms  ${f.withinBudget ? 'within' : 'OVER'} the 250 kB budget`,
    );
    expect(f.bytes).toBeGreaterThan(0);
  }
});
