// Athena's service worker: keeps the custody pages an officer has opened readable when
// the server cannot be reached (a network, Redis, worker or database outage).
// The copies are deleted by app.mjs on any signed-out page (after signing out).
//
// Network first, always: a fresh page is stored as it arrives; only when the network
// fails is the stored copy shown, and the page itself says how old it is (app.mjs).
// Only GET requests for the custody pages and the app's own assets are kept.
const CACHE = "athena-custody-v1";
const KEPT = [/^\/custody\//, /^\/static\//, /^\/assets\//];

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (!KEPT.some((pattern) => pattern.test(url.pathname))) return;
  if (request.headers.get("HX-Request")) return; // the board's refresh: live or nothing
  event.respondWith(networkFirst(request));
});

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok && response.type === "basic" && !response.redirected) {
      await cache.put(request, response.clone());
    }
    return response;
  } catch (error) {
    const copy = await cache.match(request, { ignoreVary: true });
    if (copy) return copy;
    throw error;
  }
}
