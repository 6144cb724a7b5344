// Entries made while the server cannot be reached: a check or a dose is kept on this
// device and sent when the server is back. Forms opt in with data-offline-queue.
//
// Each kept entry gets its own client id (the one in a copy of the page would be shared
// by every entry made from it), and the time fields marked data-default-now show the
// real time when the page is a stored copy. The server records an entry once whatever
// the number of deliveries, and answers 409 for one it keeps aside as a conflict.
const KEY = "athena-offline-queue";

function queued() {
  try {
    return JSON.parse(localStorage.getItem(KEY) || "[]");
  } catch {
    return [];
  }
}

function save(entries) {
  localStorage.setItem(KEY, JSON.stringify(entries));
}

function say(text) {
  const region = document.getElementById("offline-queue-status");
  if (region) {
    region.textContent = text;
    region.hidden = false;
  }
}

function setNow(form) {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  form.querySelectorAll("[data-default-now='date']").forEach((input) => {
    input.value = `${pad(now.getDate())}/${pad(now.getMonth() + 1)}/${now.getFullYear()}`;
  });
  form.querySelectorAll("[data-default-now='time']").forEach((input) => {
    input.value = `${pad(now.getHours())}:${pad(now.getMinutes())}`;
  });
}

async function serverReachable() {
  if (!navigator.onLine) return false;
  try {
    await fetch("/healthz", { cache: "no-store" });
    return true;
  } catch {
    return false;
  }
}

export async function sendQueued() {
  const entries = queued();
  if (!entries.length || !(await serverReachable())) return;
  const left = [];
  let sent = 0;
  let conflicts = 0;
  for (const entry of entries) {
    try {
      const response = await fetch(entry.url, {
        method: "POST",
        body: new URLSearchParams(entry.body),
        headers: { "X-Athena-Offline-Replay": "1" },
        credentials: "same-origin",
        redirect: "follow",
      });
      if (response.status === 409) conflicts += 1;
      else if (response.ok) sent += 1;
      else left.push(entry);
    } catch {
      left.push(entry);
    }
  }
  save(left);
  let text = `${sent} entr${sent === 1 ? "y" : "ies"} made offline sent.`;
  if (conflicts) text += ` ${conflicts} clashed with the record and wait on its timeline for you to check.`;
  if (left.length) text += ` ${left.length} still waiting to be sent.`;
  say(text);
}

export function watchForms() {
  document.querySelectorAll("form[data-offline-queue]").forEach((form) => {
    if (!navigator.onLine) setNow(form);
    form.addEventListener("submit", async (event) => {
      if (navigator.onLine && (await serverReachable())) return;
      event.preventDefault();
      const body = Object.fromEntries(new FormData(form).entries());
      body.client_id = crypto.randomUUID().replaceAll("-", "");
      body.occurred_at = new Date().toISOString(); // when it really happened
      const entries = queued();
      entries.push({ url: form.action || window.location.href, body, at: Date.now() });
      save(entries);
      say("Saved on this device. It will be sent to the record when the server can be " +
          "reached again, with the time you entered.");
    }, { capture: true });
  });
}
