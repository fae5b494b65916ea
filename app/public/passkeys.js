// Passkey ceremonies for the enrollment and sign-in pages.
//
// Talks JSON to the portal's /auth/* endpoints and to the browser's WebAuthn API. Every text it
// shows comes from data-* attributes that the server rendered in the page's language, so this
// file holds no words. Binary fields travel as base64url, as webauthn-rs expects.

const b64url = {
  toBuffer(text) {
    const base64 = text.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(text.length / 4) * 4, '=');
    return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)).buffer;
  },
  fromBuffer(buffer) {
    let text = '';
    for (const byte of new Uint8Array(buffer)) text += String.fromCharCode(byte);
    return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  },
};

// webauthn-rs writes absent options as null; the WebAuthn API wants them left out.
function withoutNulls(value) {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).filter(([, v]) => v !== null).map(([k, v]) => [k, withoutNulls(v)]),
    );
  }
  return value;
}

function creationOptions(json) {
  const options = withoutNulls(json.publicKey);
  options.challenge = b64url.toBuffer(options.challenge);
  options.user.id = b64url.toBuffer(options.user.id);
  options.excludeCredentials = (options.excludeCredentials || []).map((c) => ({ ...c, id: b64url.toBuffer(c.id) }));
  return options;
}

function requestOptions(json) {
  const options = withoutNulls(json.publicKey);
  options.challenge = b64url.toBuffer(options.challenge);
  options.allowCredentials = (options.allowCredentials || []).map((c) => ({ ...c, id: b64url.toBuffer(c.id) }));
  return options;
}

function registrationJson(credential) {
  const response = credential.response;
  return {
    id: credential.id,
    rawId: b64url.fromBuffer(credential.rawId),
    type: credential.type,
    response: {
      attestationObject: b64url.fromBuffer(response.attestationObject),
      clientDataJSON: b64url.fromBuffer(response.clientDataJSON),
      transports: typeof response.getTransports === 'function' ? response.getTransports() : undefined,
    },
    extensions: credential.getClientExtensionResults(),
  };
}

function assertionJson(credential) {
  const response = credential.response;
  return {
    id: credential.id,
    rawId: b64url.fromBuffer(credential.rawId),
    type: credential.type,
    response: {
      authenticatorData: b64url.fromBuffer(response.authenticatorData),
      clientDataJSON: b64url.fromBuffer(response.clientDataJSON),
      signature: b64url.fromBuffer(response.signature),
      userHandle: response.userHandle ? b64url.fromBuffer(response.userHandle) : null,
    },
    extensions: credential.getClientExtensionResults(),
  };
}

async function postJson(path, body) {
  return fetch(path, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  });
}

// Shows a message in the page's live region, so screen readers announce it.
function say(root, key, isError) {
  const region = root.querySelector('[data-status]');
  if (!region) return;
  region.textContent = root.dataset[key] || '';
  region.classList.toggle('status--error', Boolean(isError));
}

function supported(root) {
  if (window.PublicKeyCredential && navigator.credentials) return true;
  say(root, 'msgUnsupported', true);
  return false;
}

// The new passkey's name, in the page's language (the page carries the words as
// data-device-* attributes), so the list of passkeys reads in the person's language.
function deviceName(root) {
  const ua = navigator.userAgent;
  const words = root.dataset;
  if (/Android/i.test(ua)) return words.deviceAndroid || 'Android phone';
  if (/iPhone|iPad/i.test(ua)) return words.deviceIphone || 'iPhone';
  if (/Windows/i.test(ua)) return words.deviceWindows || 'Windows computer';
  if (/Mac OS/i.test(ua)) return words.deviceMac || 'Mac';
  return words.deviceOther || 'This device';
}

function setUpEnrollment(form) {
  if (!supported(form)) return;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const submit = form.querySelector('[type=submit]');
    submit.disabled = true;
    say(form, 'msgWorking', false);
    try {
      const field = (name) => (form.elements[name] ? form.elements[name].value.trim() || undefined : undefined);
      const verified = await postJson('/auth/enroll/verify', {
        invitation: field('invitation'),
        registration_number: field('registration_number'),
        date_of_birth: field('date_of_birth'),
        email: field('email'),
      });
      if (!verified.ok) return say(form, 'msgRefused', true);
      let credential;
      try {
        credential = await navigator.credentials.create({ publicKey: creationOptions(await verified.json()) });
      } catch {
        return say(form, 'msgCancelled', true);
      }
      const finished = await postJson('/auth/enroll/finish', { credential: registrationJson(credential), name: deviceName(form) });
      if (!finished.ok) return say(form, 'msgRefused', true);
      window.location.assign((await finished.json()).redirect);
    } finally {
      submit.disabled = false;
    }
  });
}

async function signIn(root, mediation, signal) {
  const started = await postJson('/auth/signin/start', { conditional: mediation === 'conditional' });
  if (!started.ok) throw new Error('start');
  const options = requestOptions(await started.json());
  const credential = await navigator.credentials.get({ publicKey: options, mediation, signal });
  const finished = await postJson('/auth/signin/finish', { credential: assertionJson(credential) });
  if (!finished.ok) {
    say(root, 'msgRefused', true);
    return;
  }
  window.location.assign((await finished.json()).redirect);
}

async function setUpSignIn(root) {
  if (!supported(root)) return;
  let autofill = null;
  // Passkey autofill on the form, where the browser offers it.
  if (typeof PublicKeyCredential.isConditionalMediationAvailable === 'function' && (await PublicKeyCredential.isConditionalMediationAvailable())) {
    autofill = new AbortController();
    signIn(root, 'conditional', autofill.signal).catch(() => {});
  }
  root.querySelector('[data-signin]').addEventListener('click', async () => {
    if (autofill) autofill.abort();
    autofill = null;
    say(root, 'msgWorking', false);
    try {
      await signIn(root, undefined, undefined);
    } catch {
      say(root, 'msgCancelled', true);
    }
  });
}

async function reauthenticate() {
  const started = await postJson('/auth/reauth/start', {});
  if (!started.ok) throw new Error('reauthentication');
  const credential = await navigator.credentials.get({ publicKey: requestOptions(await started.json()) });
  const finished = await postJson('/auth/reauth/finish', { credential: assertionJson(credential) });
  if (!finished.ok) throw new Error('reauthentication');
}

// "My passkeys": every change first confirms with a passkey (fresh presence), then acts.
function setUpPasskeys(root) {
  if (!supported(root)) return;
  root.addEventListener('click', async (event) => {
    const add = event.target.closest('[data-add-passkey]');
    const remove = event.target.closest('[data-remove-passkey]');
    if (!add && !remove) return;
    // Removing a passkey cannot be undone from this phone: ask first.
    if (remove && root.dataset.msgConfirmRemove && !window.confirm(root.dataset.msgConfirmRemove)) return;
    say(root, 'msgWorking', false);
    try {
      await reauthenticate();
      if (add) {
        const started = await postJson('/auth/passkeys/add/start', {});
        if (!started.ok) throw new Error('add');
        const credential = await navigator.credentials.create({ publicKey: creationOptions(await started.json()) });
        const finished = await postJson('/auth/passkeys/add/finish', { credential: registrationJson(credential), name: deviceName(root) });
        if (!finished.ok) throw new Error('add');
      } else {
        const removed = await postJson('/auth/passkeys/remove', { id: remove.dataset.removePasskey });
        if (removed.status === 409) {
          say(root, 'msgLast', true);
          return;
        }
        if (!removed.ok) throw new Error('remove');
      }
      window.location.reload();
    } catch {
      say(root, 'msgCancelled', true);
    }
  });
}

// "My credentials": confirm with a passkey, then show the page again (now fresh).
function setUpReauth(root) {
  if (!supported(root)) return;
  root.querySelector('[data-reauth]').addEventListener('click', async () => {
    say(root, 'msgWorking', false);
    try {
      await reauthenticate();
      window.location.reload();
    } catch {
      say(root, 'msgCancelled', true);
    }
  });
}

// Pages may also appear without a reload (client-side navigation): set up each root once.
function setUpAll() {
  for (const form of document.querySelectorAll('form[data-enroll]:not([data-ready])')) {
    form.dataset.ready = 'true';
    setUpEnrollment(form);
  }
  for (const root of document.querySelectorAll('[data-signin-root]:not([data-ready])')) {
    root.dataset.ready = 'true';
    setUpSignIn(root);
  }
  for (const root of document.querySelectorAll('[data-passkeys-root]:not([data-ready])')) {
    root.dataset.ready = 'true';
    setUpPasskeys(root);
  }
  for (const root of document.querySelectorAll('[data-reauth-root]:not([data-ready])')) {
    root.dataset.ready = 'true';
    setUpReauth(root);
  }
  for (const button of document.querySelectorAll('[data-print]:not([data-ready])')) {
    button.dataset.ready = 'true';
    button.addEventListener('click', () => window.print());
  }
}
setUpAll();
new MutationObserver(setUpAll).observe(document.body, { childList: true, subtree: true });
