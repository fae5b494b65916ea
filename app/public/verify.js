// The verifier page's scripts: the camera scanner and the offline verifier.
//
// Camera: reads the QR code with the browser's BarcodeDetector and submits its text through
// the page's own form. Where there is no BarcodeDetector or no camera, the scanner stays
// hidden and the photo and paste fields (plain HTML) do the job.
//
// Offline: the page is an installable app. Its service worker (/verify-sw.js) keeps the page,
// this script and the verifier module; this script keeps the issuer's DID document and status
// lists in Cache Storage, refreshed on every visit with a connection. Without a connection the
// form is not posted: the verifier module (the portal's credentials library compiled to
// WebAssembly) checks the QR code on the phone against those copies and the result is shown
// here, with the age of the status. Nothing about the person checked is stored or sent.
//
// Every word shown comes from data-* attributes rendered in the page's language.

const DATA_CACHE = 'verifier-data-v1';
const FETCHED_AT = 'x-portal-fetched-at';
const MAX_SIDE = 1600; // photos are scaled down to this many pixels on their longer side

function setUpScanner(form) {
  const scanner = form.querySelector('[data-scanner]');
  if (!scanner || !('BarcodeDetector' in window) || !navigator.mediaDevices?.getUserMedia) return;
  scanner.hidden = false;
  const start = scanner.querySelector('[data-scan]');
  const stop = scanner.querySelector('[data-scan-stop]');
  const video = scanner.querySelector('[data-video]');
  const status = scanner.querySelector('[data-status]');
  let stream = null;
  let running = false;

  const halt = () => {
    running = false;
    if (stream) stream.getTracks().forEach((track) => track.stop());
    stream = null;
    video.hidden = true;
    stop.hidden = true;
    start.hidden = false;
  };

  start.addEventListener('click', async () => {
    let detector;
    try {
      detector = new window.BarcodeDetector({ formats: ['qr_code'] });
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
    } catch {
      status.textContent = form.dataset.msgCameraUnavailable || '';
      halt();
      return;
    }
    video.srcObject = stream;
    video.hidden = false;
    start.hidden = true;
    stop.hidden = false;
    await video.play();
    running = true;
    const look = async () => {
      if (!running) return;
      try {
        const codes = await detector.detect(video);
        const text = codes.find((c) => c.rawValue)?.rawValue;
        if (text) {
          halt();
          form.elements.credential.value = text;
          form.requestSubmit();
          return;
        }
      } catch {
        // A frame that cannot be read yet: try the next one.
      }
      requestAnimationFrame(look);
    };
    look();
  });
  stop.addEventListener('click', halt);
}

// ---- The documents kept for offline use -------------------------------------------------

function sources(form) {
  const did = form.dataset.didDocument;
  if (!did) return null;
  const lists = (form.dataset.statusLists || '').split(' ').filter(Boolean);
  return { did: new URL(did, location.href).href, lists };
}

/** Fetches the DID document and every status list and keeps them, each with its fetch time. */
async function refresh(form) {
  const wanted = sources(form);
  if (!wanted || !navigator.onLine || !('caches' in window)) return false;
  const cache = await caches.open(DATA_CACHE);
  let complete = true;
  for (const url of [wanted.did, ...wanted.lists]) {
    try {
      const response = await fetch(url, { cache: 'no-store', credentials: 'omit' });
      if (!response.ok) {
        complete = false;
        continue;
      }
      const body = await response.text();
      await cache.put(url, new Response(body, { headers: { 'content-type': 'application/json', [FETCHED_AT]: String(Date.now()) } }));
    } catch {
      complete = false;
    }
  }
  // Lists the issuer no longer publishes are dropped.
  const keep = new Set([wanted.did, ...wanted.lists]);
  for (const request of await cache.keys()) {
    if (!keep.has(request.url)) await cache.delete(request);
  }
  keptVerifier = null; // the kept documents changed: load them again when next needed
  return complete;
}

let verifierModule = null;
async function loadModule() {
  if (!verifierModule) {
    verifierModule = import('/verifier/portal_verifier_web.js').then(async (module) => {
      await module.default();
      return module;
    });
  }
  return verifierModule;
}

/**
 * A verifier loaded with the kept documents, or null when there are none yet. Loaded once
 * (each kept status list's proof is checked then) and reused until refresh() keeps new copies.
 */
let keptVerifier = null;
function offlineVerifier(form) {
  if (!keptVerifier) keptVerifier = loadKept(form).catch(() => null);
  return keptVerifier;
}

async function loadKept(form) {
  const wanted = sources(form);
  if (!wanted || !('caches' in window)) return null;
  const cache = await caches.open(DATA_CACHE);
  const did = await cache.match(wanted.did);
  if (!did) return null;
  const module = await loadModule();
  const verifier = new module.Verifier(await did.text());
  let oldest = null;
  for (const request of await cache.keys()) {
    if (request.url === wanted.did) continue;
    const response = await cache.match(request);
    const fetchedAt = Number(response?.headers.get(FETCHED_AT));
    try {
      verifier.addStatusList(await response.text(), fetchedAt);
      oldest = oldest === null ? fetchedAt : Math.min(oldest, fetchedAt);
    } catch {
      // A damaged or forged copy is left out: its credentials read as "status unknown".
    }
  }
  return { verifier, module, oldest };
}

// ---- Showing words in the page's language --------------------------------------------------

/** The words the page rendered for this script, by name (`outcome-genuine`, `born`, …). */
function pageWords() {
  const words = {};
  for (const node of document.querySelectorAll('[data-words] [data-word]')) words[node.dataset.word] = node.textContent;
  return words;
}

function intlLocale() {
  const lang = document.documentElement.lang || 'en';
  // Dari is written like Afghan Persian; dates stay in the Gregorian calendar the portal uses.
  // English dates read "19 September 1987", as the portal's own pages write them.
  if (lang === 'prs') return 'fa-AF-u-ca-gregory';
  return lang === 'en' ? 'en-GB-u-ca-gregory' : `${lang}-u-ca-gregory`;
}

function ago(ms) {
  const format = new Intl.RelativeTimeFormat(intlLocale(), { numeric: 'auto' });
  const minutes = Math.round((ms - Date.now()) / 60000);
  if (Math.abs(minutes) < 60) return format.format(minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (Math.abs(hours) < 48) return format.format(hours, 'hour');
  return format.format(Math.round(hours / 24), 'day');
}

function date(text) {
  const parsed = /^(\d{4})-(\d{2})-(\d{2})/.exec(text || '');
  if (!parsed) return text || '';
  const when = new Date(Date.UTC(Number(parsed[1]), Number(parsed[2]) - 1, Number(parsed[3])));
  return new Intl.DateTimeFormat(intlLocale(), { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(when);
}

function fill(pattern, name, value) {
  return (pattern || '').replace(`{${name}}`, `\u2068${value}\u2069`);
}

function element(tag, attributes = {}, text) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Renders a verifier view (the JSON of the credentials library) like the server's result. */
function render(form, view, extra) {
  const words = pageWords();
  const target = document.querySelector('[data-offline-result]');
  target.replaceChildren();
  const genuine = view.outcome === 'genuine';
  const verdict = element('section', { class: `verdict ${genuine ? 'verdict--ok' : 'verdict--bad'}`, 'data-outcome': view.outcome, 'data-offline': 'true' });
  const title = element('p', { class: 'verdict__title' });
  title.append(element('span', { class: 'verdict__icon', 'aria-hidden': 'true' }, genuine ? '✔' : '✖'), ' ');
  title.append(words[`outcome-${view.outcome}`] || words['outcome-unreadable'] || view.outcome);
  verdict.append(title);
  for (const line of extra) verdict.append(element('p', {}, line));
  if (view.status_checked_at) {
    verdict.append(element('p', { class: 'muted', 'data-status-age': '' }, fill(words['status-as-of'], 'age', ago(Date.parse(view.status_checked_at)))));
  }
  verdict.append(element('p', { class: 'muted' }, words['offline-checked'] || ''));
  target.append(verdict);

  if (view.name || (view.members && view.members.length)) {
    const holder = element('section', { class: 'card stack holder', 'aria-label': words.compare || '' });
    holder.append(element('p', {}, ''));
    holder.lastChild.append(element('strong', {}, words.compare || ''));
    if (view.photo_missing) holder.append(element('p', { class: 'muted' }, words['offline-photo'] || ''));
    const facts = element('dl', { class: 'facts' });
    const fact = (label, value, attributes) => {
      if (!value) return;
      facts.append(element('dt', {}, label || ''), element('dd', attributes, value));
    };
    fact(words.name, view.name, { class: 'holder__name', dir: 'auto' });
    fact(words.name, view.name_original, { dir: 'auto' });
    fact(words.born, view.birth_date && date(view.birth_date), { dir: 'auto' });
    fact(words.number, view.registration_number, { dir: 'ltr', class: 'registration-number' });
    fact(words.office, view.issuing_office, { dir: 'auto' });
    fact(words['valid-until'], view.valid_until && date(view.valid_until), { dir: 'auto' });
    // Shares that disclose only some details (SD-JWT VC): the age answers, and that the rest was
    // not shown rather than missing.
    for (const [claim, word] of [['age_over_18', 'age-over-18'], ['age_over_65', 'age-over-65']]) {
      if (typeof view[claim] === 'boolean') fact(words[word], view[claim] ? words.yes : words.no, { 'data-claim': claim });
    }
    holder.append(facts);
    if (view.selective) holder.append(element('p', { class: 'muted', 'data-selective': '' }, words.selective || ''));
    if (view.members && view.members.length) {
      holder.append(element('h2', {}, words.members || ''));
      const list = element('ul');
      for (const member of view.members) {
        const item = element('li');
        item.append(element('span', { dir: 'auto' }, member.name));
        if (member.name_original) item.append(' · ', element('span', { dir: 'auto' }, member.name_original));
        if (member.birth_date) item.append(' · ', element('span', { dir: 'auto' }, date(member.birth_date)));
        list.append(item);
      }
      holder.append(list);
    }
    target.append(holder);
  }
  const again = element('p');
  again.append(element('a', { href: '/verify' }, words.again || ''));
  target.append(again);
  target.focus();
}

// ---- Checking without a connection ----------------------------------------------------------

/** The greyscale pixels of a photo, scaled down, for the module's QR reader. */
async function pixels(file) {
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  const width = Math.max(1, Math.round(bitmap.width * scale));
  const height = Math.max(1, Math.round(bitmap.height * scale));
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d', { willReadFrequently: true });
  context.fillStyle = '#fff';
  context.fillRect(0, 0, width, height);
  context.drawImage(bitmap, 0, 0, width, height);
  const { data } = context.getImageData(0, 0, width, height);
  const luma = new Uint8Array(width * height);
  for (let i = 0; i < luma.length; i += 1) {
    luma[i] = (data[i * 4] * 299 + data[i * 4 + 1] * 587 + data[i * 4 + 2] * 114) / 1000;
  }
  return { luma, width, height };
}

async function checkOffline(form) {
  const words = pageWords();
  const status = document.querySelector('[data-offline-status]');
  const kept = await offlineVerifier(form);
  if (!kept) {
    status.textContent = words['offline-not-ready'] || '';
    return;
  }
  let text = form.elements.credential.value.trim();
  const file = form.elements.image.files?.[0];
  const extra = [];
  if (!text && file) {
    try {
      const { luma, width, height } = await pixels(file);
      text = kept.module.readQr(luma, width, height) || '';
      if (!text) extra.push(words['no-qr-code'] || '');
    } catch {
      extra.push(words['not-an-image'] || '');
    }
  } else if (!text) {
    extra.push(words.empty || '');
  }
  const view = JSON.parse(kept.verifier.verify(text, Date.now()));
  // Only QR codes (eddsa-jcs-2022) are checked on the phone; files signed for JSON-LD or as
  // JWTs need the server.
  if (view.reasons.includes('unsupported-cryptosuite') || (view.outcome === 'unreadable' && /^(\{|ey)/.test(text))) {
    extra.push(words['offline-needs-connection'] || '');
  }
  render(form, view, extra);
}

const MODULE_FILES = ['/verifier/portal_verifier_web.js', '/verifier/portal_verifier_web_bg.wasm'];

/**
 * Whether the phone keeps its own copy of the verifier module (the service worker's). When the
 * worker took control of the page only after the module was loaded (a slow first visit), the
 * module is fetched again through it, from the browser's cache where it can, so it is kept.
 */
async function moduleKept() {
  const kept = async () => (await Promise.all(MODULE_FILES.map((url) => caches.match(url)))).every(Boolean);
  if (await kept()) return true;
  if (!navigator.onLine || !navigator.serviceWorker?.controller) return false;
  await Promise.all(MODULE_FILES.map((url) => fetch(url).then((r) => r.arrayBuffer()).catch(() => null)));
  return kept();
}

/** Says whether proofs can be checked without a connection: only when everything it takes is kept. */
async function showReadiness(form) {
  const status = document.querySelector('[data-offline-status]');
  if (!status || !('caches' in window)) return;
  const kept = await offlineVerifier(form);
  const words = pageWords();
  if (kept && (await moduleKept().catch(() => false))) {
    const age = kept.oldest ? ` ${fill(words['status-as-of'], 'age', ago(kept.oldest))}` : '';
    status.textContent = `${words['offline-ready'] || ''}${age}`;
    form.dataset.offlineReady = 'true';
  } else {
    status.textContent = words['offline-not-ready'] || '';
    delete form.dataset.offlineReady;
  }
}

function within(ms, promise) {
  return Promise.race([promise, new Promise((resolve) => setTimeout(resolve, ms))]);
}

/** Resolves when a service worker controls this page. */
async function controlled() {
  await navigator.serviceWorker.ready;
  if (navigator.serviceWorker.controller) return;
  await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
}

async function setUpOffline(form) {
  form.addEventListener('submit', (event) => {
    if (navigator.onLine) return; // with a connection, the server checks (and shows the photo)
    event.preventDefault();
    checkOffline(form);
  });
  if ('serviceWorker' in navigator) {
    const registering = navigator.serviceWorker.register('/verify-sw.js', { scope: '/verify' }).catch(() => null);
    // On the first visit, the module is loaded once the worker controls the page, so that the
    // worker keeps the copy it passes on (without a worker the page still works online).
    if (navigator.onLine && !navigator.serviceWorker.controller && (await registering)) {
      await within(10_000, controlled());
    }
  }
  await refresh(form).catch(() => false);
  await loadModule().catch(() => null);
  await showReadiness(form);
  window.addEventListener('online', () => refresh(form).then(() => showReadiness(form)));
  // A worker that takes control late keeps the module then.
  navigator.serviceWorker?.addEventListener('controllerchange', () => showReadiness(form));
}

for (const form of document.querySelectorAll('form[data-verify-form]:not([data-ready])')) {
  form.dataset.ready = 'true';
  setUpScanner(form);
  setUpOffline(form);
}

// A request to a wallet app (OpenID4VP): while it is open, ask the server every few seconds
// whether the wallet answered, and show the page again when it did or when the request ended
// (the page's "Show the answer" link does the same by hand, without this script).
function waitForWallet(section) {
  const url = section.dataset.answeredUrl;
  const timer = setInterval(async () => {
    if (document.hidden) return;
    try {
      const response = await fetch(url, { cache: 'no-store', credentials: 'same-origin' });
      if (response.status === 404) return clearInterval(timer);
      if (!response.ok) return; // busy or offline for a moment: ask again
      const { state } = await response.json();
      if (state !== 'open') {
        clearInterval(timer);
        location.reload();
      }
    } catch {
      // no connection for a moment: ask again
    }
  }, 3000);
}

for (const section of document.querySelectorAll('[data-wallet-ask="open"]:not([data-waiting])')) {
  section.dataset.waiting = 'true';
  waitForWallet(section);
}
