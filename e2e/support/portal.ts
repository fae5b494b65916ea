// Where the portal under test runs and how to reach its command line. scripts/test.sh sets
// PORTAL_BIN, PORTAL_E2E_PORT, PORTAL_E2E_DATA_DIR and the test SMTP server
// (PORTAL_E2E_SMTP_URL, PORTAL_E2E_MAILDIR); the defaults suit a manual run.
import { execFileSync } from 'node:child_process';
import type { Browser, Page } from '@playwright/test';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const port = Number(process.env.PORTAL_E2E_PORT ?? 3100);
// WebAuthn refuses IP addresses as relying party ids: the portal must be reached as localhost.
export const baseURL = `http://localhost:${port}`;
export const bin = process.env.PORTAL_BIN ?? '../target/release/portal';
export const dataDir = process.env.PORTAL_E2E_DATA_DIR ?? './artifacts/data';

export const smtpUrl = process.env.PORTAL_E2E_SMTP_URL;
export const maildir = process.env.PORTAL_E2E_MAILDIR;

// When set, the server's log (JSON lines at info: every request) goes to this file, which
// scripts/test.sh then searches for the people's personal data (scripts/check-log-privacy.py).
export const serverLog = process.env.PORTAL_E2E_LOG;

export const serverEnv: Record<string, string> = {
  PORTAL_ADDR: `127.0.0.1:${port}`,
  PORTAL_PUBLIC_URL: baseURL,
  PORTAL_DATA_DIR: dataDir,
  PORTAL_LOG: serverLog ? 'info' : 'warn',
  ...(serverLog ? { PORTAL_LOG_FORMAT: 'json' } : {}),
  PORTAL_MAIL_POLL_SECONDS: '1',
  ...(smtpUrl ? { PORTAL_SMTP_URL: smtpUrl } : {}),
  // The site of this build (scripts/test.sh sets it).
  ...(process.env.PORTAL_SITE_ROOT ? { PORTAL_SITE_ROOT: process.env.PORTAL_SITE_ROOT } : {}),
};

/** Every mail the test SMTP server received, as raw RFC 5322 text. */
export function receivedMails(): string[] {
  if (!maildir) throw new Error('PORTAL_E2E_MAILDIR is not set: run the suite with scripts/test.sh');
  const folder = join(maildir, 'new');
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .sort()
    .map((name) => readFileSync(join(folder, name), 'latin1'));
}

/** Issues an enrollment invitation with `portal invite`, as a clerk's terminal would. */
export function invite(...args: string[]): { link: string; code: string } {
  const out = execFileSync(bin, ['invite', ...args], { env: { ...process.env, ...serverEnv } }).toString();
  const link = /link: (\S+)/.exec(out)?.[1];
  const code = /code: (\S+)/.exec(out)?.[1];
  if (!link || !code) throw new Error(`unexpected output of portal invite: ${out}`);
  return { link, code };
}

/** Gives the page Chrome's virtual authenticator (DevTools WebAuthn), before any create(). */
export async function addAuthenticator(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return { cdp, authenticatorId };
}

/** A person enrolled with a passkey on a 360×740 phone, signed in at /me. */
export async function personOnPhone(browser: Browser, baseURL: string, number: string, born: string) {
  const context = await browser.newContext({ baseURL, viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await addAuthenticator(page);
  const { link } = invite('--registration-number', number);
  await page.goto(link);
  await page.getByLabel('Registration number').fill(number);
  await page.getByLabel('Date of birth').fill(born);
  await page.getByRole('button', { name: 'Confirm and create my passkey' }).click();
  await page.waitForURL('**/me');
  return { context, page };
}

/** A staff member enrolled with a passkey on a desktop browser, signed in at /staff. */
export async function staffAtDesk(browser: Browser, baseURL: string, email: string) {
  const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 900 }, isMobile: false, hasTouch: false });
  const page = await context.newPage();
  await addAuthenticator(page);
  const { link } = invite('--staff-email', email);
  await page.goto(link);
  await page.getByText('I work for the agency').click();
  await page.getByLabel('Work email').fill(email);
  await page.getByRole('button', { name: 'Confirm and create my passkey' }).click();
  await page.waitForURL('**/staff');
  return { context, page };
}

/**
 * Waits until the page is ready for clicks and typing: hydrated where the page loads the
 * WebAssembly bundle, at once for the lean pages that are plain server-rendered HTML (the
 * landing page, sign-in, the verifier and the person's read pages).
 */
export async function ready(page: Page) {
  await page.waitForFunction(
    () =>
      document.readyState !== 'loading' &&
      (document.documentElement.dataset.hydrated === 'true' || !document.querySelector('link[href^="/pkg/"], script[src^="/pkg/"]')),
    undefined,
    { timeout: 15_000 },
  );
}
