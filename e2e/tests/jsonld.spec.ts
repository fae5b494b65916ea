// A credential anyone can verify: a person downloads the `.json` form of the proof of
// registration, and an independent JSON-LD verifier (Digital Bazaar's `@digitalbazaar/vc` with
// the `eddsa-rdfc-2022` cryptosuite, `jsonld.js` and `rdf-canonize`, and their Bitstring Status
// List checker) verifies it with no portal code. The verifier knows only the W3C contexts it
// ships with; it fetches the portal's own context, the issuer's DID document and the status
// lists from the running server over HTTP, as a bank's system would.
//
// The other way round: the same library issues a VC Data Model 1.1 credential, as older
// wallets hold them, and the portal's VC-API reads it (signature and data model pass; its
// did:key issuer is not one this portal trusts).
import { test, expect } from '@playwright/test';
// Untyped JavaScript packages (no type declarations): Playwright runs them as they are.
// @ts-ignore
import { verifyCredential, defaultDocumentLoader } from '@digitalbazaar/vc';
// @ts-ignore
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
// @ts-ignore
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
// @ts-ignore
import { createSignCryptosuite, createVerifyCryptosuite } from '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
// @ts-ignore
import { checkStatus } from '@digitalbazaar/vc-bitstring-status-list';
// @ts-ignore
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
// @ts-ignore
import { issue } from '@digitalbazaar/vc';
// @ts-ignore
import didContext from 'did-context';
// @ts-ignore
import multikeyContext from '@digitalbazaar/multikey-context';
// @ts-ignore
import dataIntegrityContext from '@digitalbazaar/data-integrity-context';
import { personOnPhone } from '../support/portal';

type Loaded = { contextUrl: null; documentUrl: string; document: unknown };

/**
 * A JSON-LD document loader as a third party would write it: the W3C contexts it ships with,
 * and everything else fetched over HTTP from the portal (its context, its `did:web` document,
 * its status lists). `did:web` names an https address; the test server answers on http.
 */
/** The contexts the verifying library ships with, beside the W3C credentials contexts. */
const staticContexts = new Map<string, unknown>([
  ['https://www.w3.org/ns/did/v1', didContext.contexts.get(didContext.constants.DID_CONTEXT_URL)],
  ['https://w3id.org/security/multikey/v1', multikeyContext.contexts.get(multikeyContext.constants.CONTEXT_URL)],
  ['https://w3id.org/security/data-integrity/v2', dataIntegrityContext.contexts.get(dataIntegrityContext.constants.CONTEXT_URL)],
]);

/** A loader with only the built-in contexts: nothing is fetched. */
async function offlineLoader(url: string): Promise<Loaded> {
  if (staticContexts.has(url)) return { contextUrl: null, documentUrl: url, document: staticContexts.get(url) };
  return defaultDocumentLoader(url);
}

function loaderFor(baseURL: string, fetched: Map<string, string>) {
  const origin = new URL(baseURL);
  const did = `did:web:${origin.hostname}%3A${origin.port}`;
  const get = async (url: string): Promise<unknown> => {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    fetched.set(url, response.headers.get('content-type') ?? '');
    return response.json();
  };
  return async (url: string): Promise<Loaded> => {
    const loaded = (document: unknown) => ({ contextUrl: null, documentUrl: url, document });
    if (staticContexts.has(url)) return offlineLoader(url);
    if (url === did || url.startsWith(`${did}#`)) {
      const document = (await get(`${baseURL}/.well-known/did.json`)) as {
        '@context': unknown;
        verificationMethod: { id: string }[];
      };
      if (url === did) return loaded(document);
      const method = document.verificationMethod.find((m) => m.id === url);
      if (!method) throw new Error(`${url} is not in the DID document`);
      return loaded({ '@context': document['@context'], ...method });
    }
    if (url.startsWith(`${baseURL}/`)) return loaded(await get(url));
    // The W3C credentials contexts: the copies the library ships with (never the network).
    return offlineLoader(url);
  };
}

test('an independent JSON-LD verifier verifies the downloaded credential, fetching the portal context over HTTP', async ({ browser, baseURL }) => {
  test.setTimeout(90_000);
  const zahra = await personOnPhone(browser, baseURL!, 'AMM-26-000010', '1985-06-21');
  const phone = zahra.page;
  await phone.goto('/me/credentials');
  await phone.locator('#card-registration').locator('..').getByRole('button', { name: 'Get my credential' }).click();
  await phone.waitForURL(/\/me\/credentials\/[0-9a-f-]{36}$/);
  const id = phone.url().split('/').pop()!;
  const download = await phone.request.get(`/api/me/credentials/${id}/credential.json`);
  expect(download.ok()).toBe(true);
  const credential = await download.json();
  await zahra.context.close();

  const contextUrl = `${baseURL}/ns/credentials/v1`;
  expect(credential['@context']).toEqual(['https://www.w3.org/ns/credentials/v2', contextUrl]);
  expect(credential.proof.cryptosuite).toBe('eddsa-rdfc-2022');

  const fetched = new Map<string, string>();
  const documentLoader = loaderFor(baseURL!, fetched);
  // The status lists are secured with eddsa-jcs-2022, the credential with eddsa-rdfc-2022.
  const suite = [
    new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }),
    new DataIntegrityProof({ cryptosuite: createVerifyCryptosuite() }),
  ];
  const result = await verifyCredential({ credential, suite, documentLoader, checkStatus });
  expect(result.error, JSON.stringify(result.error?.errors ?? result.error?.message ?? '')).toBeUndefined();
  expect(result.verified).toBe(true);
  expect(result.statusResult?.verified).toBe(true);
  // It read the portal's context from the portal, served as JSON-LD.
  expect(fetched.get(contextUrl)).toBe('application/ld+json');
  expect([...fetched.keys()].some((url) => url.includes('/status/revocation/'))).toBe(true);

  // A changed birth date breaks the signature for this verifier too.
  const tampered = structuredClone(credential);
  tampered.credentialSubject.birthDate = '1975-06-21';
  const refused = await verifyCredential({ credential: tampered, suite, documentLoader, checkStatus });
  expect(refused.verified).toBe(false);
});

test('a VC 1.1 credential issued by an independent library is read by the portal\'s VC-API', async ({ request }) => {
  const key = await Ed25519Multikey.generate();
  const did = `did:key:${key.publicKeyMultibase}`;
  key.controller = did;
  key.id = `${did}#${key.publicKeyMultibase}`;
  const credential = {
    '@context': [
      'https://www.w3.org/2018/credentials/v1',
      'https://w3id.org/security/data-integrity/v2',
      { AlumniCredential: 'https://schema.org/AlumniCredential', alumniOf: 'https://schema.org/alumniOf' },
    ],
    type: ['VerifiableCredential', 'AlumniCredential'],
    issuer: did,
    issuanceDate: '2025-09-01T00:00:00Z',
    credentialSubject: { id: 'did:example:graduate', alumniOf: 'Example University' },
  };
  for (const cryptosuite of [eddsaRdfc2022, createSignCryptosuite()]) {
    const suite = new DataIntegrityProof({ signer: key.signer(), cryptosuite });
    const signed = await issue({ credential: structuredClone(credential), suite, documentLoader: offlineLoader });
    const response = await request.post('/credentials/verify', { data: { verifiableCredential: signed } });
    const problem = await response.json();
    // Genuine and well formed; only the issuer is not one this portal vouches for.
    expect(response.status(), JSON.stringify(problem)).toBe(422);
    expect(problem.reasons.map((r: { code: string }) => r.code)).toEqual(['unknown-issuer']);
    const checks = Object.fromEntries(problem.checks.map((c: { name: string; outcome: string }) => [c.name, c.outcome]));
    expect(checks.signature).toBe('passed');
    expect(checks['data-model']).toBe('passed');
  }
});
