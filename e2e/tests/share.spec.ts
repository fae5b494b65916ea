// Showing only some details: Reza, on a 360 px phone, makes a QR code "for a bank" that says he
// is registered and 18 or older without his birth date. An independent SD-JWT VC library
// (npm `@sd-jwt/sd-jwt-vc`, with Node's own Ed25519 and SHA-256) verifies the share with the key
// from the portal's DID document, fetches and checks its Token Status List from the running
// portal, and never shows a birth date smuggled in or an age changed, both of which the portal
// refuses; a bank's phone checks the share on /verify. Then the same page in Arabic on the phone.
import { test, expect } from '@playwright/test';
import { createHash, createPublicKey, verify as verifySignature, type JsonWebKey } from 'node:crypto';
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import { personOnPhone } from '../support/portal';

const screenshots = 'artifacts/screenshots';

/** An independent SD-JWT VC verifier that trusts only the portal's published key. */
function independentVerifier(jwk: JsonWebKey) {
  const key = createPublicKey({ key: jwk, format: 'jwk' });
  return new SDJwtVcInstance({
    hasher: (data: string | ArrayBuffer, alg: string) => {
      expect(alg).toBe('sha-256');
      const bytes = typeof data === 'string' ? Buffer.from(data) : Buffer.from(new Uint8Array(data));
      return new Uint8Array(createHash('sha256').update(bytes).digest());
    },
    hashAlg: 'sha-256',
    verifier: async (data: string, signature: string) =>
      verifySignature(null, Buffer.from(data), key, Buffer.from(signature, 'base64url')),
  });
}

function disclosure(salt: string, name: string, value: unknown): string {
  return Buffer.from(JSON.stringify([salt, name, value])).toString('base64url');
}

test('a person shows a bank only that they are registered and adult; an independent library agrees', async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  const reza = await personOnPhone(browser, baseURL!, 'AMM-26-000027', '1995-04-14');
  const phone = reza.page;
  await phone.goto('/me/credentials');
  // "Get my credential" the first time; "Show the QR code" when a retry finds it issued.
  await phone.locator('#card-registration').locator('..').getByRole('button', { name: /Get my credential|Show the QR code/ }).click();
  await phone.waitForURL(/\/me\/credentials\/[0-9a-f-]{36}$/);
  const page = phone.url();

  await phone.getByLabel(/For a bank/).check();
  await phone.getByRole('button', { name: 'Make the QR code' }).click();
  await phone.waitForURL(/share=bank/);
  const figure = phone.locator('figure[data-share="bank"]');
  await expect(figure.locator('svg')).toBeVisible();
  await expect(figure.locator('li[data-claim="age_over_18"]')).toHaveText('18 or older');
  await expect(figure.locator('li[data-claim="birthdate"]')).toHaveCount(0);
  const sdJwt = (await phone.locator('textarea.share__text').inputValue()).trim();
  expect(sdJwt).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+(~[\w-]+)+~$/);
  expect(sdJwt).not.toContain('1995');
  expect(new URL(phone.url()).search).not.toMatch(/1995|Reza|Karimi/);
  await phone.screenshot({ path: `${screenshots}/share-bank.png`, fullPage: true });
  const scrolls = await phone.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  expect(scrolls).toBe(false);

  // The independent library, with the key the DID document publishes for the SD-JWT's kid.
  const did = await (await phone.request.get('/.well-known/did.json')).json();
  const header = JSON.parse(Buffer.from(sdJwt.split('.')[0], 'base64url').toString());
  expect(header.typ).toBe('dc+sd-jwt');
  const method = did.verificationMethod.find((m: { id: string }) => m.id === `${header.kid}-jwk`);
  const verifier = independentVerifier(method.publicKeyJwk);
  const { payload } = await verifier.verify(sdJwt);
  expect(payload.iss).toBe(did.id);
  expect(payload.age_over_18).toBe(true);
  expect(payload.name).toBe('Reza Karimi');
  expect(payload.registration_number).toBe('AMM-26-000027');
  expect(payload).not.toHaveProperty('birthdate');
  expect(payload).not.toHaveProperty('age_over_65');
  expect(String(payload.vct)).toMatch(/\/vct\/registration\/v1$/);
  // The status list it fetched from the portal is a signed two-bit Token Status List.
  const uri = (payload.status as { status_list: { uri: string } }).status_list.uri;
  const token = await phone.request.get(uri);
  expect(token.headers()['content-type']).toContain('application/statuslist+jwt');

  // A birth date smuggled in, or the age claim changed: the library never shows them (it
  // drops a disclosure no digest names rather than refusing the whole share, as RFC 9901
  // asks), and the portal refuses the share outright.
  const [jwt, ...rest] = sdJwt.split('~');
  const smuggled = `${jwt}~${rest.filter(Boolean).join('~')}~${disclosure('c2FsdHNhbHRzYWx0', 'birthdate', '2010-01-01')}~`;
  const seen = await verifier.verify(smuggled).then((r) => r.payload, () => null);
  if (seen) expect(seen).not.toHaveProperty('birthdate');
  const adult = rest.find((d) => d && Buffer.from(d, 'base64url').toString().includes('age_over_18'))!;
  const [salt] = JSON.parse(Buffer.from(adult, 'base64url').toString());
  const changed = sdJwt.replace(adult, disclosure(salt, 'age_over_18', false));
  const read = await verifier.verify(changed).then((r) => r.payload, () => null);
  if (read) expect(read).not.toHaveProperty('age_over_18');

  // The portal's VC-API refuses both as not what the issuer signed.
  for (const text of [smuggled, changed]) {
    const answer = await phone.request.post('/credentials/verify', { data: { verifiableCredential: text } });
    expect(answer.status()).toBe(422);
    expect(JSON.stringify(await answer.json())).toContain('disclosure-invalid');
  }

  // A bank's phone, not signed in, pastes the genuine text on the portal's verifier page.
  const bank = await browser.newContext({ baseURL, viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  const teller = await bank.newPage();
  await teller.goto('/verify');
  await teller.getByLabel('Or paste the credential or the QR text').fill(sdJwt);
  await teller.getByRole('button', { name: 'Check', exact: true }).click();
  await teller.waitForURL(/\/verify\?result=[0-9a-f]{32}$/);
  await expect(teller.locator('[data-outcome]')).toHaveAttribute('data-outcome', 'genuine');
  await expect(teller.locator('.holder__name')).toHaveText('Reza Karimi');
  await expect(teller.locator('dd[data-claim="age_over_18"]')).toHaveText('Yes');
  await expect(teller.locator('[data-selective]')).toBeVisible();
  await expect(teller.locator('section.holder')).not.toContainText('Date of birth');
  await expect(teller.locator('section.holder')).not.toContainText('1995');
  await teller.screenshot({ path: `${screenshots}/verify-share-bank.png`, fullPage: true });
  await bank.close();

  // The same page in Arabic, right to left, on the phone: words, no sideways scroll.
  await reza.context.addCookies([{ name: 'portal_lang', value: 'ar', url: baseURL! }]);
  await phone.goto(`${page}?share=custom&claim=name&claim=age_over_18#share`);
  await expect(phone.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(phone.locator('figure[data-share="custom"] li[data-claim="age_over_18"]')).toHaveText('١٨ سنة أو أكثر');
  expect(await phone.evaluate(() => document.documentElement.scrollWidth > window.innerWidth)).toBe(false);
  await phone.screenshot({ path: `${screenshots}/share-custom-ar.png`, fullPage: true });
  // An unknown claim name is refused in words, not ignored.
  await phone.goto(`${page}?share=custom&claim=iss#share`);
  await expect(phone.locator('#share [role="alert"]')).toHaveText(/تعذّر/);
  await reza.context.close();
});
