// The verifier's service worker (scope /verify): keeps the verifier page, its script and the
// verifier module so that /verify opens and works in airplane mode after one visit online.
//
// Pages and files are fetched from the network first (they change when the portal is updated)
// and taken from the cache only when the network fails or is too slow. Only the plain /verify
// page is kept: a result page (/verify?result=…) shows a person's details and is never stored.
// The issuer's DID document and status lists are kept by /verify.js itself.

const SHELL_CACHE = 'verifier-shell-v1';
// Kept at installation: the page and its small files.
const SHELL = ['/verify', '/verify.js', '/verify.webmanifest', '/favicon.svg'];
// Kept when the page first loads them through this worker (one download, not two).
const MODULE = ['/verifier/portal_verifier_web.js', '/verifier/portal_verifier_web_bg.wasm'];
const NETWORK_WAIT_MS = 4000; // on a weak connection, the kept copy after this long

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(SHELL_CACHE)
      .then((cache) => cache.addAll(SHELL))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith('verifier-shell-') && n !== SHELL_CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

async function networkFirst(request, key) {
  const cache = await caches.open(SHELL_CACHE);
  const network = fetch(request).then(async (response) => {
    if (response.ok) await cache.put(key, response.clone());
    return response;
  });
  try {
    return await withTimeout(network, NETWORK_WAIT_MS);
  } catch {
    const kept = await cache.match(key);
    if (kept) return kept;
    return network;
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    // The plain page only; a result page goes to the network and is never kept.
    if (url.pathname === '/verify' && url.search === '') event.respondWith(networkFirst(request, '/verify'));
    return;
  }
  const kept = SHELL.includes(url.pathname) || MODULE.includes(url.pathname);
  if (kept && url.search === '') event.respondWith(networkFirst(request, url.pathname));
});
