// Athena's service worker: keeps the custody pages readable when the server cannot be
// reached (a network, Redis, worker or database outage), and sends the entries saved on
// this device (outbox.js) by itself when the browser says the network is back
// (Background Sync).
//
// Network first, always: a fresh page is stored as it arrives, stamped with the time;
// only when the network fails, or the server answers 5xx (a 503 while its database is
// away, a 502 from a proxy whose server is down), is the stored copy shown. The copy is
// marked as it is handed over (data-from-device), and the page says it is a copy and how
// old (app.mjs).
// - A copy is kept for a shift (COPY_LIFE) and only while a signed-in custody user has
//   used this browser within it; then every copy is deleted.
// - app.mjs deletes them all on a signed-out page.
// - Only GET requests for the custody pages and the app's own assets are kept.
// - A custody page never stored here gets a plain page saying so, not the browser's error
//   or the server's.
importScripts("__OUTBOX_SCRIPT__");

const CACHE = "athena-custody-v2";
const OLD_CACHES = ["athena-custody-v1"];
const KEPT = [/^\/custody\//, /^\/static\//, /^\/assets\//];
const NEVER_KEPT = [/^\/custody\/offline\/(session|entries)\//];
const SAVED_AT = "x-athena-saved-at";
const COPY_LIFE = 12 * 60 * 60 * 1000; // a shift
const SIGNED_IN_MARK = "/__athena/last-signed-in";
const NOT_SAVED = "/custody/offline/not-saved/";
// How a page kept here is marked when it is shown in place of the server's answer.
const KEPT_PAGE_MARK = 'data-offline-copy="true"';
const SHOWN_FROM_DEVICE_MARK = 'data-offline-copy="true" data-from-device="true"';

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.add(NOT_SAVED)).catch(() => {}));
  self.skipWaiting();
});

self.addEventListener("activate", (event) => {
  event.waitUntil(Promise.all(OLD_CACHES.map((name) => caches.delete(name)))
    .then(() => self.clients.claim()));
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (!KEPT.some((pattern) => pattern.test(url.pathname))) return;
  if (NEVER_KEPT.some((pattern) => pattern.test(url.pathname))) return;
  if (request.headers.get("HX-Request")) return; // the board's refresh: live or nothing
  event.respondWith(networkFirst(event, request, url));
});

self.addEventListener("sync", (event) => {
  if (event.tag === "athena-outbox") {
    event.waitUntil(self.AthenaOutbox.sendAll().then((summary) => {
      // Not reached, or left waiting: fail the sync so the browser tries again later.
      if (!summary.reached || (summary.left && !summary.sign_in)) {
        throw new Error("Entries are still waiting to be sent");
      }
    }));
  }
});

// A copy stamped with the time, or null when its body did not arrive whole (the page
// that asked went away mid-download): a cut-off copy is never kept.
async function stamped(response) {
  let body;
  try {
    body = await response.blob();
  } catch (error) {
    return null;
  }
  const length = Number(response.headers.get("content-length") || 0);
  if (length && !response.headers.get("content-encoding") && body.size !== length) return null;
  const headers = new Headers(response.headers);
  headers.set(SAVED_AT, String(Date.now()));
  return new Response(body, { status: response.status, statusText: response.statusText, headers });
}

async function keep(cache, request, response, url) {
  const copy = await stamped(response);
  if (!copy) return;
  await cache.put(request, copy);
  if (url.pathname.startsWith("/custody/")) await markSignedIn(cache);
}

async function markSignedIn(cache) {
  await cache.put(SIGNED_IN_MARK, new Response(String(Date.now())));
}

async function copiesStillValid(cache) {
  const mark = await cache.match(SIGNED_IN_MARK);
  const since = mark ? Number(await mark.text()) : 0;
  if (Date.now() - since <= COPY_LIFE) return true;
  await caches.delete(CACHE); // a shift without a signed-in user: nothing stays
  return false;
}

async function fromCache(cache, request) {
  if (!(await copiesStillValid(cache))) return null;
  const copy = await cache.match(request, { ignoreVary: true })
    || (request.mode === "navigate" ? await cache.match(request, { ignoreSearch: true }) : null);
  if (!copy) return null;
  const savedAt = Number(copy.headers.get(SAVED_AT) || 0);
  if (Date.now() - savedAt > COPY_LIFE) {
    await cache.delete(request, { ignoreVary: true });
    return null;
  }
  return copy;
}

// A copy shown in place of the server's answer says so: its page is marked, for app.mjs
// to show the offline banner however the server failed (it may still answer /healthz).
async function shownFromDevice(copy) {
  if (!(copy.headers.get("content-type") || "").startsWith("text/html")) return copy;
  const page = (await copy.text()).replace(KEPT_PAGE_MARK, SHOWN_FROM_DEVICE_MARK);
  const headers = new Headers(copy.headers);
  headers.delete("content-length");
  return new Response(page, { status: copy.status, statusText: copy.statusText, headers });
}

async function networkFirst(event, request, url) {
  const cache = await caches.open(CACHE);
  let response;
  try {
    response = await fetch(request);
  } catch (error) {
    response = null;
  }
  if (response && response.status < 500) {
    if (response.ok && response.type === "basic" && !response.redirected) {
      event.waitUntil(keep(cache, request, response.clone(), url));
    }
    return response;
  }
  // No answer, or a server error: as far as this page goes the server cannot be
  // reached, so the copy is shown, never the error page.
  const copy = await fromCache(cache, request);
  if (copy) return request.mode === "navigate" ? shownFromDevice(copy) : copy;
  if (request.mode === "navigate" && url.pathname.startsWith("/custody/")) {
    const notSaved = await cache.match(NOT_SAVED);
    if (notSaved) return notSaved;
  }
  return response || Response.error(); // an asset or a script's fetch: its own answer
}
