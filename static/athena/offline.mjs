// Working through an outage on the custody pages: saving entries to the outbox
// (outbox.js) and showing them until the server has them; keeping every detainee's
// pages and forms for the board's suite; sending what waits as soon as the server can be
// reached again (the browser's online event, a retry with backoff, Background Sync),
// without a reload.
const outbox = self.AthenaOutbox;
const body = document.body;
const me = { id: Number(body.dataset.userId || 0), name: body.dataset.userName || "" };
const BOARD = "/custody/";
const FIRST_RETRY = 5000;
const LONGEST_RETRY = 60 * 1000; // an entry is small; a custody suite cannot wait long
// What the page fetches by itself to keep the suite's pages is not the user doing
// something: it does not keep their session alive (athena.security).
const BACKGROUND = { "X-Athena-Background": "1" };

const LONDON = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London", day: "2-digit", month: "2-digit", year: "numeric",
  hour: "2-digit", minute: "2-digit", hourCycle: "h23",
});

function london(moment) {
  const part = Object.fromEntries(LONDON.formatToParts(moment).map((p) => [p.type, p.value]));
  return { date: `${part.day}/${part.month}/${part.year}`, time: `${part.hour}:${part.minute}` };
}

function clockTime(iso) {
  return london(new Date(iso)).time;
}

function newClientId() {
  return crypto.randomUUID().replaceAll("-", "");
}

function plural(count, one, many) {
  return `${count} ${count === 1 ? one : many}`;
}

function element(tag, attributes = {}, text = "") {
  const node = document.createElement(tag);
  Object.entries(attributes).forEach(([name, value]) => node.setAttribute(name, value));
  if (text) node.textContent = text;
  return node;
}

// --- Saving an entry ------------------------------------------------------------------

function fieldsOf(form) {
  const fields = {};
  for (const [name, value] of new FormData(form)) {
    if (name === "csrfmiddlewaretoken") continue;
    (fields[name] ||= []).push(String(value));
  }
  return fields;
}

// Each showing of a form gets its own client id, so entries made from one saved copy of
// a page are never taken for one another; a time left as the form filled it in becomes
// the moment of saving, not the moment the form was opened.
function prepare(form) {
  const clientId = form.querySelector("input[name=client_id]");
  if (clientId) clientId.value = newClientId();
  form.querySelectorAll("[data-default-now]").forEach((input) => {
    input.addEventListener("input", () => { input.dataset.touched = "true"; });
  });
  form.addEventListener("submit", (event) => save(form, event));
}

function stampTime(form, now) {
  const parts = london(now);
  form.querySelectorAll("[data-default-now]").forEach((input) => {
    if (input.dataset.touched !== "true") input.value = parts[input.dataset.defaultNow];
  });
}

function requestBackgroundSync() {
  if (!("serviceWorker" in navigator)) return;
  navigator.serviceWorker.ready
    .then((registration) => registration.sync && registration.sync.register("athena-outbox"))
    .catch(() => undefined);
}

async function save(form, event) {
  event.preventDefault();
  const button = form.querySelector("button[type=submit]");
  if (button) button.disabled = true;
  const now = new Date();
  stampTime(form, now);
  const idInput = form.querySelector("input[name=client_id]");
  const clientId = (idInput && idInput.value) || newClientId();
  const entry = {
    client_id: clientId,
    url: new URL(form.getAttribute("action") || window.location.href, window.location.href).pathname,
    fields: fieldsOf(form),
    saved_at: now.toISOString(),
    made_by: me,
    what: form.dataset.offlineWhat || "Entry",
    record_id: form.dataset.offlineRecord || "",
    detainee: form.dataset.offlineDetainee || "",
  };
  entry.fields.client_id = [clientId];
  await outbox.put(entry);
  const current = await outbox.session();
  if (current && current.csrf_token && current.user_id === me.id) {
    const result = await outbox.send(entry, current.csrf_token, { live: true });
    if (result.sent) {
      if (result.answer.status === "refused_live") {
        // The maker is here: the form itself shows why, beside each field.
        HTMLFormElement.prototype.submit.call(form);
        return;
      }
      window.location.assign(result.answer.next || BOARD);
      return;
    }
  }
  // Not sent now: the browser sends it when the network is back (Background Sync), and
  // every page tries again until the server has it.
  requestBackgroundSync();
  const waiting = (await outbox.entries()).length;
  window.location.assign(`${BOARD}?saved-on-device=${encodeURIComponent(entry.what)}&waiting=${waiting}`);
}

// --- What waits, shown on every page ---------------------------------------------------

function waitingItem(entry) {
  const who = entry.made_by && entry.made_by.id !== me.id ? ` by ${entry.made_by.name}` : "";
  const item = element("li", {},
    `${entry.what}${entry.detainee ? ` for ${entry.detainee}` : ""}, saved on this device at `
    + `${clockTime(entry.saved_at)}${who}`);
  item.append(" ", element("strong", { class: "govuk-tag govuk-tag--grey" }, "Not yet sent"));
  return item;
}

function showOnRecordPages(waiting) {
  document.querySelectorAll("[data-outbox-list]").forEach((list) => {
    list.replaceChildren();
    const mine = waiting.filter((entry) => entry.record_id === list.dataset.outboxList);
    mine.forEach((entry) => list.append(waitingItem(entry)));
    list.closest("[data-outbox-panel]")?.toggleAttribute("hidden", !mine.length);
  });
  document.querySelectorAll("[data-outbox-url]").forEach((place) => {
    const matching = waiting.filter((entry) => entry.url === place.dataset.outboxUrl);
    place.textContent = matching.length
      ? `${matching.map((entry) => `Saved on this device at ${clockTime(entry.saved_at)}`).join("; ")}`
        + " – not yet sent."
      : "";
    place.toggleAttribute("hidden", !matching.length);
  });
  document.querySelectorAll("[data-outbox-count]").forEach((cell) => {
    const mine = waiting.filter((entry) => entry.record_id === cell.dataset.outboxCount);
    cell.replaceChildren();
    if (mine.length) {
      cell.append(element("strong", { class: "govuk-tag govuk-tag--grey" },
        `${plural(mine.length, "entry", "entries")} not yet sent`), " ",
      mine.map((entry) => `${entry.what} ${clockTime(entry.saved_at)}`).join("; "));
    }
    cell.toggleAttribute("hidden", !mine.length);
  });
}

function statusRegion() {
  return document.getElementById("offline-queue-status");
}

async function showWaiting(summary = null) {
  const region = statusRegion();
  if (!region) return;
  const waiting = await outbox.entries();
  showOnRecordPages(waiting);
  region.replaceChildren();
  const notice = new URLSearchParams(window.location.search).get("saved-on-device");
  if (notice) {
    region.append(element("p", { class: "govuk-body govuk-!-font-weight-bold" },
      `${notice}: saved on this device – not yet sent (${plural(waiting.length, "entry", "entries")} waiting).`));
  }
  if (summary && summary.sent) {
    let text = `${plural(summary.sent, "entry", "entries")} made on this device sent to the record.`;
    if (summary.refused) {
      text += ` ${plural(summary.refused, "was", "were")} refused by the rules: `
        + "each is on the detainee's record and the board to deal with.";
    }
    region.append(element("p", { class: "govuk-body" }, text));
  }
  const mine = waiting.filter((entry) => entry.made_by && entry.made_by.id === me.id);
  const others = waiting.filter((entry) => !(entry.made_by && entry.made_by.id === me.id));
  if (mine.length) {
    region.append(element("p", { class: "govuk-body" },
      `${plural(mine.length, "entry", "entries")} saved on this device, not yet sent. `
      + "They are sent by themselves as soon as the server can be reached."));
    const list = element("ul", { class: "govuk-list govuk-list--bullet" });
    mine.forEach((entry) => list.append(waitingItem(entry)));
    region.append(list);
    if (mine.some((entry) => entry.sign_in_needed) || (summary && summary.sign_in)) {
      const signIn = (summary && summary.sign_in) || `/account/sign-in/?next=${BOARD}`;
      const paragraph = element("p", { class: "govuk-body" });
      paragraph.append(element("a", { class: "govuk-link", href: signIn },
        "Sign in again to send them"), " (your session has ended; nothing is lost).");
      region.append(paragraph);
    }
  }
  if (others.length && body.dataset.signedIn === "true") showOthers(region, others);
  region.hidden = !region.childElementCount;
}

// Entries another user made on this device are never sent under this user's session
// until this user has seen them and said so.
function showOthers(region, others) {
  const makers = [...new Set(others.map((entry) => entry.made_by ? entry.made_by.name : "someone"))];
  region.append(element("p", { class: "govuk-body" },
    `${plural(others.length, "entry", "entries")} made on this device by ${makers.join(", ")} `
    + "wait to be sent. Check them; they are sent in their name, with yours as the sender."));
  const list = element("ul", { class: "govuk-list govuk-list--bullet" });
  others.forEach((entry) => list.append(waitingItem(entry)));
  const send = element("button", { type: "button", class: "govuk-button govuk-button--secondary", "data-module": "govuk-button" },
    "Send them now");
  send.addEventListener("click", async () => {
    for (const entry of others) await outbox.update(entry.client_id, { send_confirmed_by: me.id });
    await trySending();
  });
  region.append(list, send);
}

// --- Sending what waits -----------------------------------------------------------------

let retryDelay = FIRST_RETRY;
let retryTimer = null;
let sending = false;

async function trySending() {
  if (sending) return;
  sending = true;
  clearTimeout(retryTimer);
  let summary;
  try {
    summary = await outbox.sendAll();
  } finally {
    sending = false;
  }
  if (summary.reached) document.getElementById("offline-banner")?.setAttribute("hidden", "");
  await showWaiting(summary);
  const waitingMine = (await outbox.entries())
    .filter((entry) => entry.made_by && entry.made_by.id === me.id).length;
  if (waitingMine && !summary.sign_in) {
    retryTimer = setTimeout(trySending, retryDelay);
    retryDelay = Math.min(retryDelay * 2, LONGEST_RETRY);
  } else {
    retryDelay = FIRST_RETRY;
  }
}

// --- Signing out with entries waiting ---------------------------------------------------

// Signing out leaves no copy of a custody page on this device (deleted here first, in
// case the server cannot be told), and an entry still waiting is deleted only if its
// maker says so: kept, it is sent when they next sign in here.
function guardSignOut() {
  const form = document.querySelector("form.athena-header__signout");
  const question = document.getElementById("outbox-sign-out");
  if (!form || !question) return;
  const signOut = async () => {
    if ("caches" in window) {
      for (const name of await caches.keys()) await caches.delete(name);
    }
    form.dataset.confirmed = "true";
    form.requestSubmit();
  };
  form.addEventListener("submit", async (event) => {
    if (form.dataset.confirmed === "true") return;
    event.preventDefault();
    if (outbox.mayBeWaiting()) await trySending();
    const mine = (await outbox.entries()).filter((entry) => entry.made_by && entry.made_by.id === me.id);
    if (!mine.length) {
      await signOut();
      return;
    }
    question.querySelector("[data-outbox-sign-out-count]").textContent =
      plural(mine.length, "entry", "entries");
    question.hidden = false;
    question.querySelector("h2")?.focus();
    question.querySelector("[data-keep]").onclick = signOut;
    question.querySelector("[data-discard]").onclick = async () => {
      for (const entry of mine) await outbox.remove(entry.client_id);
      await signOut();
    };
    question.querySelector("[data-cancel]").onclick = () => { question.hidden = true; };
  });
}

// --- Keeping the suite's pages for an outage --------------------------------------------

// From the board, keep every detainee's pages and the forms used in an outage (due
// doses, checks, notes) and the contingency pack: fetched through the service worker,
// which stores them stamped with the time.
async function controlledByServiceWorker() {
  if (!("serviceWorker" in navigator)) return false;
  await navigator.serviceWorker.ready;
  if (!navigator.serviceWorker.controller) {
    await new Promise((resolve) => {
      navigator.serviceWorker.addEventListener("controllerchange", resolve, { once: true });
      setTimeout(resolve, 3000);
    });
  }
  return Boolean(navigator.serviceWorker.controller);
}

async function serverAnswers() {
  try {
    await fetch("/healthz", { cache: "no-store", headers: BACKGROUND });
    return true;
  } catch {
    return false;
  }
}

let keeping = false;

async function keepSuitePages() {
  const board = document.getElementById("custody-board");
  if (keeping || !board || !navigator.onLine) return;
  keeping = true;
  try {
    // Only from a live server: in an outage there is nothing newer to keep.
    if (!(await controlledByServiceWorker()) || !(await serverAnswers())) return;
    const urls = (board.dataset.offlineUrls || "").split(" ").filter(Boolean);
    for (let start = 0; start < urls.length; start += 4) { // a few at a time
      await Promise.all(urls.slice(start, start + 4).map((url) =>
        fetch(url, { credentials: "same-origin", headers: BACKGROUND }).catch(() => undefined)));
    }
  } finally {
    keeping = false;
  }
}

export function startOffline() {
  document.querySelectorAll("form[data-offline-queue]").forEach(prepare);
  guardSignOut();
  showWaiting();
  keepSuitePages();
  document.body.addEventListener("htmx:afterSwap", () => {
    keepSuitePages();
    showWaiting();
  });
  window.addEventListener("online", () => {
    retryDelay = FIRST_RETRY;
    trySending();
  });
  // The board refreshes itself every 30 seconds: when that reaches the server again, so
  // can what waits.
  document.body.addEventListener("htmx:afterRequest", (event) => {
    if (!event.detail.successful) return;
    document.getElementById("offline-banner")?.setAttribute("hidden", "");
    trySending();
  });
  trySending();
}

export { showWaiting, trySending };
