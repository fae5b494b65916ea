// Adding a credential to a wallet app: Mohammad, on a 360 px phone in Dari, taps "Add to a
// wallet app" on his proof of registration; the page shows the offer's QR code and, apart, a
// six-digit code. An independent OpenID4VCI client (npm `@openid4vc/openid4vci`, not written
// here) plays his wallet: it reads the offer and the metadata,
// trades the code for a token, proves its Ed25519 key over the portal's nonce and receives an
// SD-JWT VC. An independent SD-JWT library (`@sd-jwt/sd-jwt-vc`) verifies it with the key the
// DID document publishes, presents only two claims with a key-binding JWT for a bank's nonce,
// and refuses the same presentation for another nonce. The offer cannot be used again; his
// page and his history say the wallet received it.
//
// Then the other way (OpenID4VP): a nurse at a clinic, in Arabic on her phone, asks on /verify
// for "registered, 18 or older" and the name (the demo people have no photo, so she unticks
// the photo check); the page shows the request as a QR code. His
// wallet, an independent OpenID4VP client (npm `@openid4vc/openid4vp`) that matches the
// request's DCQL query with the `dcql` library, answers with only those claims, bound to the
// request's client id and nonce. Her page shows "genuine" by itself, without the birth date.
// The same answer sent to a second request (a replayed key binding: the wrong nonce) is shown
// as not genuine.
import { test, expect } from '@playwright/test';
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign, verify, type JsonWebKey, type KeyObject } from 'node:crypto';
import { Openid4vciClient } from '@openid4vc/openid4vci';
import { Openid4vpClient } from '@openid4vc/openid4vp';
import { DcqlQuery } from 'dcql';
import { clientAuthenticationAnonymous, setGlobalConfig, type JwtSigner } from '@openid4vc/oauth2';
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import { personOnPhone } from '../support/portal';

const screenshots = 'artifacts/screenshots';

const b64url = (data: string | Buffer) => Buffer.from(data).toString('base64url');

/** A wallet's Ed25519 holder key and a JWT signer over it (Node's own crypto). */
function holderKey() {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const publicJwk = publicKey.export({ format: 'jwk' }) as JsonWebKey;
  const signCompact = (header: object, payload: object) => {
    const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
    return `${input}.${b64url(sign(null, Buffer.from(input), privateKey))}`;
  };
  return { publicKey, privateKey, publicJwk, signCompact };
}

function hasher(data: string | ArrayBuffer | Uint8Array, alg: string): Uint8Array {
  expect(alg.toLowerCase()).toBe('sha-256');
  const bytes = typeof data === 'string' ? Buffer.from(data) : Buffer.from(data as ArrayBuffer);
  return new Uint8Array(createHash('sha256').update(bytes).digest());
}

/** The independent SD-JWT VC library, trusting only the portal's published key; it signs a
 * key binding with the holder's key and checks one against the `cnf` key. */
function sdJwtLibrary(issuerKey: KeyObject, holder: KeyObject) {
  return new SDJwtVcInstance({
    hasher,
    hashAlg: 'sha-256',
    verifier: (data: string, signature: string) => verify(null, Buffer.from(data), issuerKey, Buffer.from(signature, 'base64url')),
    kbSigner: (data: string) => sign(null, Buffer.from(data), holder).toString('base64url'),
    kbSignAlg: 'EdDSA',
    kbVerifier: (data: string, signature: string, payload: { cnf?: { jwk?: JsonWebKey } }) => {
      const jwk = payload.cnf?.jwk;
      if (!jwk) return false;
      return verify(null, Buffer.from(data), createPublicKey({ key: jwk, format: 'jwk' }), Buffer.from(signature, 'base64url'));
    },
    saltGenerator: () => randomBytes(16).toString('base64url'),
  });
}

test('a person adds their credential to a wallet app; an independent client and SD-JWT library agree', async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  setGlobalConfig({ allowInsecureUrls: true });
  const mohammad = await personOnPhone(browser, baseURL!, 'ATH-26-000004', '1998-07-21');
  const phone = mohammad.page;
  // In Dari, right to left: "Add to a wallet app" on his proof of registration's card (it gets
  // the credential first if need be), then the offer, and the code apart from it.
  await mohammad.context.addCookies([{ name: 'portal_lang', value: 'prs', url: baseURL! }]);
  await phone.goto('/me/credentials');
  await expect(phone.locator('html')).toHaveAttribute('dir', 'rtl');
  await phone.locator('#card-registration').locator('..').getByRole('button', { name: 'اضافه کردن به اپلیکیشن کیف پول' }).click();
  await phone.waitForURL(/\/me\/credentials\/[0-9a-f-]{36}#wallet$/);
  const page = phone.url().replace(/#wallet$/, '');
  await expect(phone.locator('#wallet-title')).toHaveText('اضافه کردن به اپلیکیشن کیف پول');
  await phone.locator('#wallet form button').click();
  await phone.waitForURL(/#wallet$/);
  await expect(phone.locator('[data-wallet-offer] svg')).toBeVisible();
  // The offer travels by value: a dense but phone-readable code (version 1-40 at level M).
  const version = Number(await phone.locator('[data-wallet-offer]').getAttribute('data-qr-version'));
  console.log(`wallet offer QR version ${version}`);
  expect(version).toBeLessThanOrEqual(20);
  const link = (await phone.locator('a[data-wallet-link]').getAttribute('href'))!;
  expect(link).toMatch(/^openid-credential-offer:\/\/\?credential_offer=/);
  const shownCode = (await phone.locator('[data-tx-code]').innerText()).trim();
  expect(shownCode).toMatch(/^\d{3} \d{3}$/);
  expect(new URL(phone.url()).search).toBe('');
  expect(await phone.evaluate(() => document.documentElement.scrollWidth > window.innerWidth)).toBe(false);
  await phone.locator('#wallet').screenshot({ path: `${screenshots}/wallet-offer-prs.png` });

  // The wallet: an independent OpenID4VCI client with its own Ed25519 key.
  const holder = holderKey();
  const client = new Openid4vciClient({
    callbacks: {
      hash: (data: Uint8Array, alg: string) => hasher(data, alg),
      generateRandom: (length: number) => new Uint8Array(randomBytes(length)),
      clientAuthentication: clientAuthenticationAnonymous(),
      signJwt: async (signer: JwtSigner, jwt: { header: object; payload: object }) => {
        expect(signer.method).toBe('jwk');
        return { jwt: holder.signCompact(jwt.header, jwt.payload), signerJwk: holder.publicJwk as never };
      },
    },
  });
  const credentialOffer = await client.resolveCredentialOffer(link);
  expect(credentialOffer.credential_issuer).toBe(new URL(baseURL!).origin);
  expect(credentialOffer.credential_configuration_ids).toContain('registration_dc_sd_jwt');
  const issuerMetadata = await client.resolveIssuerMetadata(credentialOffer.credential_issuer);
  const display = issuerMetadata.credentialIssuer.display as { locale: string; name: string }[];
  expect(display.map((d) => d.locale)).toEqual(['en', 'fr', 'ar', 'prs']);
  const txCode = shownCode.replace(' ', '');
  const { accessTokenResponse } = await client.retrievePreAuthorizedCodeAccessTokenFromOffer({ credentialOffer, issuerMetadata, txCode });
  const { c_nonce } = await client.requestNonce({ issuerMetadata });
  const { jwt: proof } = await client.createCredentialRequestJwtProof({
    issuerMetadata,
    credentialConfigurationId: 'registration_dc_sd_jwt',
    nonce: c_nonce,
    signer: { method: 'jwk', alg: 'EdDSA', publicJwk: holder.publicJwk as never },
  });
  const received = await client.retrieveCredentials({
    issuerMetadata,
    accessToken: accessTokenResponse.access_token,
    credentialConfigurationId: 'registration_dc_sd_jwt',
    proofs: { jwt: [proof] },
  });
  const credentials = received.credentialResponse.credentials as { credential: string }[];
  const sdJwt = credentials[0].credential;
  expect(sdJwt).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+(~[\w-]+)+~$/);

  // The offer is spent: the same codes again are refused.
  await expect(client.retrievePreAuthorizedCodeAccessTokenFromOffer({ credentialOffer, issuerMetadata, txCode })).rejects.toThrow();

  // The independent SD-JWT library, with the key the DID document publishes for the kid.
  const did = await (await phone.request.get('/.well-known/did.json')).json();
  const header = JSON.parse(Buffer.from(sdJwt.split('.')[0], 'base64url').toString());
  const method = did.verificationMethod.find((m: { id: string }) => m.id === `${header.kid}-jwk`);
  const library = sdJwtLibrary(createPublicKey({ key: method.publicKeyJwk, format: 'jwk' }), holder.privateKey);
  const { payload } = await library.verify(sdJwt);
  expect(payload.name).toBe('Mohammad Rezaei');
  expect(payload.birthdate).toBe('1998-07-21');
  expect((payload.cnf as { jwk: JsonWebKey }).jwk.x).toBe(holder.publicJwk.x);

  // Presented to a bank: only the name and "18 or older", bound to the bank's nonce.
  const presentation = await library.present(sdJwt, { name: true, age_over_18: true }, {
    kb: { payload: { aud: 'https://bank.example', nonce: 'bank-nonce-7', iat: Math.floor(Date.now() / 1000) } },
  });
  const checked = await library.verify(presentation, { keyBindingNonce: 'bank-nonce-7' });
  expect(checked.payload.name).toBe('Mohammad Rezaei');
  expect(checked.payload.age_over_18).toBe(true);
  expect(checked.payload).not.toHaveProperty('birthdate');
  expect(checked.kb?.payload.aud).toBe('https://bank.example');
  await expect(library.verify(presentation, { keyBindingNonce: 'another-nonce' })).rejects.toThrow();
  // The portal's VC-API reads the bound presentation too, and shows no birth date.
  const answer = await phone.request.post('/credentials/verify', { data: { verifiableCredential: presentation } });
  expect(answer.status()).toBe(200);
  const verdict = await answer.json();
  expect(verdict.verified).toBe(true);
  expect(JSON.stringify(verdict)).not.toContain('1998');

  // His page and his history (in Dari) say the wallet has it.
  await phone.goto(page);
  await expect(phone.locator('[data-wallet-state="redeemed"]')).toHaveText('اپلیکیشن کیف پول شما این سند را دریافت کرد.');
  await phone.goto('/me/access-log');
  await expect(phone.locator('table.access-log')).toContainText('یک اپلیکیشن کیف پول سندی را دریافت کرد');
  expect(await phone.evaluate(() => document.documentElement.scrollWidth > window.innerWidth)).toBe(false);

  // A nurse asks for a proof on /verify: registration status, 18 or older and the photo check
  // are ticked for her; she swaps the photo check for the name.
  const clinic = await browser.newContext({ baseURL, viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, locale: 'ar' });
  await clinic.addCookies([{ name: 'portal_lang', value: 'ar', url: baseURL! }]);
  const nurse = await clinic.newPage();
  await nurse.goto('/verify');
  await expect(nurse.locator('#ask-title')).toHaveText('اطلب إثباتًا من تطبيق محفظة');
  const ask = nurse.locator('form[data-ask-form]');
  await expect(ask.locator('input[name="claim"]:checked')).toHaveCount(3);
  await ask.locator('input[value="photo_digest"]').uncheck();
  await ask.locator('input[value="name"]').check();
  await ask.locator('button[type="submit"]').click();
  await expect(nurse.locator('[data-wallet-ask="open"] svg')).toBeVisible();
  await expect(nurse.locator('[data-wallet-ask="open"] li')).toHaveCount(3);
  const requestVersion = Number(await nurse.locator('[data-wallet-ask="open"] figure').getAttribute('data-qr-version'));
  console.log(`presentation request QR version ${requestVersion}`);
  const requestLink = (await nurse.locator('a[data-wallet-request]').getAttribute('href'))!;
  expect(requestLink).toMatch(/^openid4vp:\/\/\?client_id=redirect_uri/);
  expect(await nurse.evaluate(() => document.documentElement.scrollWidth > window.innerWidth)).toBe(false);
  await nurse.locator('#wallet-wait').screenshot({ path: `${screenshots}/verify-ask-ar.png` });

  // His wallet reads the request with the independent OpenID4VP client and matches the query.
  const noJwt = async () => {
    throw new Error('an unsigned request needs no signature');
  };
  const vpClient = new Openid4vpClient({
    callbacks: {
      hash: (data: Uint8Array, alg: string) => hasher(data, alg),
      fetch: (input: RequestInfo | URL, init?: RequestInit) => fetch(input, init),
      verifyJwt: noJwt as never,
      signJwt: noJwt as never,
      decryptJwe: noJwt as never,
      encryptJwe: noJwt as never,
    },
  });
  const asked = async (link: string) => {
    const parsed = vpClient.parseOpenid4vpAuthorizationRequest({ authorizationRequest: link });
    const resolved = await vpClient.resolveOpenId4vpAuthorizationRequest({ authorizationRequestPayload: parsed.params as never });
    expect(resolved.client.prefix).toBe('redirect_uri');
    return resolved;
  };
  const request = await asked(requestLink);
  const vpRequest = request.authorizationRequestPayload as { nonce: string; client_id: string; response_uri: string };
  expect(vpRequest.response_uri).toBe(`${new URL(baseURL!).origin}/oid4vp/response`);
  const query = DcqlQuery.parse(request.dcql!.query as never);
  DcqlQuery.validate(query);
  const held = await library.verify(sdJwt);
  const heldClaims = held.payload as Record<string, unknown> & { vct: string };
  const matched = DcqlQuery.query(query, [
    { credential_format: 'dc+sd-jwt', vct: heldClaims.vct, claims: heldClaims as never, cryptographic_holder_binding: true },
  ]);
  expect(matched.can_be_satisfied).toBe(true);
  const wanted = (query.credentials[0].claims ?? []).map((c) => (c as { path: string[] }).path[0]);
  expect(wanted.sort()).toEqual(['age_over_18', 'name', 'registration_status']);
  const frame = Object.fromEntries(wanted.map((name) => [name, true]));
  const answerFor = async (nonce: string) => {
    const shown = await library.present(sdJwt, frame, {
      kb: { payload: { aud: vpRequest.client_id, nonce, iat: Math.floor(Date.now() / 1000) } },
    });
    return { registration: [shown] };
  };
  const vpToken = await answerFor(vpRequest.nonce);
  const submit = async (resolved: Awaited<ReturnType<typeof asked>>) => {
    const { authorizationResponsePayload } = await vpClient.createOpenid4vpAuthorizationResponse({
      authorizationRequestPayload: resolved.authorizationRequestPayload,
      authorizationResponsePayload: { vp_token: vpToken },
    });
    const { response } = await vpClient.submitOpenid4vpAuthorizationResponse({
      authorizationRequestPayload: resolved.authorizationRequestPayload as never,
      authorizationResponsePayload,
    });
    return response;
  };
  expect((await submit(request)).status).toBe(200);
  // Her page shows the verdict by itself: genuine, his name, 18 or older, no birth date.
  await expect(nurse.locator('[data-wallet-answer="genuine"]')).toBeVisible({ timeout: 15_000 });
  await expect(nurse.locator('[data-claim="age_over_18"]')).toHaveText('نعم');
  await expect(nurse.locator('.holder__name')).toHaveText('Mohammad Rezaei');
  await expect(nurse.locator('[data-not-shown]')).toHaveCount(0);
  expect(await nurse.content()).not.toContain('1998');
  expect(await nurse.evaluate(() => document.documentElement.scrollWidth > window.innerWidth)).toBe(false);
  await nurse.screenshot({ path: `${screenshots}/verify-ask-answered-ar.png`, fullPage: true });
  // The same request cannot be answered twice.
  const again = await submit(request);
  expect(again.status).toBe(400);
  expect((await again.json()).error).toBe('invalid_request');

  // A second request, answered with the first answer (its key binding names the old nonce).
  await nurse.goto('/verify');
  await nurse.locator('form[data-ask-form] input[value="photo_digest"]').uncheck();
  await nurse.locator('form[data-ask-form] input[value="name"]').check();
  await nurse.locator('form[data-ask-form] button[type="submit"]').click();
  await expect(nurse.locator('[data-wallet-ask="open"] svg')).toBeVisible();
  const second = await asked((await nurse.locator('a[data-wallet-request]').getAttribute('href'))!);
  expect((second.authorizationRequestPayload as { nonce: string }).nonce).not.toBe(vpRequest.nonce);
  expect((await submit(second)).status).toBe(200);
  await expect(nurse.locator('[data-wallet-answer="forged"]')).toBeVisible({ timeout: 15_000 });
  await clinic.close();
  await mohammad.context.close();
});
