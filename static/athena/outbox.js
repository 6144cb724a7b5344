// The outbox: custody entries (doses, checks, acknowledgements, notes) saved on this
// device, and sent to the server until it confirms each one. Loaded both by the pages
// (a classic script, before app.mjs) and by the service worker (importScripts), which
// sends them by itself on Background Sync.
//
// The rules it keeps:
// - An entry is stored here before anything is sent, and removed only when the server
//   answers 2xx with the entry's own client id. Any other answer (a redirect, 401, 403,
//   404, 5xx, no answer) keeps it.
// - Each entry carries its client id; the server records an id once, so sending twice
//   is harmless.
// - An entry is sent only under the user who made it; another user signed in on this
//   device sends it only after they have seen it and said so (sendConfirmedBy).
// - A fresh CSRF token is fetched before each sending, so a new sign-in never strands
//   an entry.
(function (scope) {
  "use strict";

  const DATABASE = "athena-outbox";
  const STORE = "entries";
  const SESSION_URL = "/custody/offline/session/";
  // How many entries wait, for a page to know at once (sign-out asks only when some do).
  const COUNT_KEY = "athena-outbox-waiting";
  const ENTRIES_URL = "/custody/offline/entries/";

  function database() {
    return new Promise((resolve, reject) => {
      const request = indexedDB.open(DATABASE, 1);
      request.onupgradeneeded = () => {
        request.result.createObjectStore(STORE, { keyPath: "client_id" });
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }

  async function inStore(mode, work) {
    const db = await database();
    try {
      return await new Promise((resolve, reject) => {
        const transaction = db.transaction(STORE, mode);
        const result = work(transaction.objectStore(STORE));
        transaction.oncomplete = () => resolve(result && result.result);
        transaction.onerror = () => reject(transaction.error);
        transaction.onabort = () => reject(transaction.error);
      });
    } finally {
      db.close();
    }
  }

  async function entries() {
    const all = (await inStore("readonly", (store) => store.getAll())) || [];
    return all.sort((a, b) => (a.saved_at < b.saved_at ? -1 : 1));
  }

  async function counted(change) {
    const result = await change;
    if (typeof localStorage !== "undefined") {
      const all = (await inStore("readonly", (store) => store.count())) || 0;
      localStorage.setItem(COUNT_KEY, String(all));
    }
    return result;
  }

  function put(entry) {
    return counted(inStore("readwrite", (store) => store.put(entry)));
  }

  function remove(clientId) {
    return counted(inStore("readwrite", (store) => store.delete(clientId)));
  }

  // Whether entries may be waiting, known at once (the service worker's sendings are
  // not counted here, so this may say yes when none wait; never no when some do).
  function mayBeWaiting() {
    return typeof localStorage !== "undefined" && Number(localStorage.getItem(COUNT_KEY)) > 0;
  }

  async function update(clientId, changes) {
    const entry = (await entries()).find((item) => item.client_id === clientId);
    if (entry) await put(Object.assign(entry, changes));
  }

  // Who is signed in, with a CSRF token: {user_id, user_name, csrf_token}; or
  // {sign_in} when the server needs the user to sign in again; or null when the server
  // cannot be reached.
  async function session() {
    let response;
    try {
      response = await fetch(SESSION_URL, {
        credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" },
      });
    } catch (error) {
      return null;
    }
    let body = null;
    try {
      body = await response.json();
    } catch (error) {
      return null;
    }
    if (response.status === 401 && body && body.sign_in) return { sign_in: body.sign_in };
    return response.ok && body && body.csrf_token ? body : null;
  }

  // Send one entry. Returns {sent: true, answer} once the server has it (and it is
  // gone from the device), {sign_in} when the user must sign in again, or
  // {kept: true, status} when it stays here to be sent later.
  async function send(entry, token, { live = false } = {}) {
    let response;
    try {
      response = await fetch(ENTRIES_URL, {
        method: "POST",
        credentials: "same-origin",
        cache: "no-store",
        headers: {
          "Content-Type": "application/json",
          Accept: "application/json",
          "X-CSRFToken": token,
        },
        body: JSON.stringify({
          client_id: entry.client_id, url: entry.url, fields: entry.fields,
          saved_at: entry.saved_at, made_by_id: entry.made_by && entry.made_by.id,
          live,
        }),
      });
    } catch (error) {
      await update(entry.client_id, { attempts: (entry.attempts || 0) + 1 });
      return { kept: true, status: 0 };
    }
    let answer = null;
    try {
      answer = await response.json();
    } catch (error) {
      answer = null;
    }
    if (response.status === 401 && answer && answer.sign_in) {
      await update(entry.client_id, { sign_in_needed: true });
      return { sign_in: answer.sign_in };
    }
    if (!response.ok || !answer || answer.client_id !== entry.client_id) {
      await update(entry.client_id, {
        attempts: (entry.attempts || 0) + 1, last_status: response.status,
        last_message: (answer && answer.message) || "",
      });
      return { kept: true, status: response.status };
    }
    await remove(entry.client_id);
    return { sent: true, answer };
  }

  // Send every entry the signed-in user may send now. Returns a summary:
  // {reached, sign_in, sent, refused, left, others}.
  async function sendAll() {
    const summary = { reached: false, sign_in: null, sent: 0, refused: 0, left: 0, others: 0 };
    const waiting = await entries();
    if (!waiting.length) return summary;
    let current = await session();
    if (!current) {
      summary.left = waiting.length;
      return summary;
    }
    summary.reached = true;
    if (current.sign_in) {
      summary.sign_in = current.sign_in;
      summary.left = waiting.length;
      return summary;
    }
    for (const entry of waiting) {
      const mine = entry.made_by && entry.made_by.id === current.user_id;
      if (!mine && entry.send_confirmed_by !== current.user_id) {
        summary.others += 1;
        continue;
      }
      let result = await send(entry, current.csrf_token);
      if (result.kept && result.status === 403) {
        current = (await session()) || current; // a token from before a new sign-in
        result = await send(entry, current.csrf_token);
      }
      if (result.sign_in) {
        summary.sign_in = result.sign_in;
        summary.left += 1;
      } else if (result.sent) {
        summary.sent += 1;
        if (String(result.answer.status).includes("refused")) summary.refused += 1;
      } else {
        summary.left += 1;
      }
    }
    return summary;
  }

  scope.AthenaOutbox = { entries, put, remove, update, session, send, sendAll, mayBeWaiting };
})(self);
