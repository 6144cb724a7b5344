// Start the GOV.UK and MoJ design-system components on every page.
import { initAll as initGovuk } from "../govuk/govuk-frontend.min.js";
import { initAll as initMoj } from "../moj/moj-frontend.min.js";
import { startOffline } from "./offline.mjs";

initGovuk();
initMoj();

const COPIES = ["athena-custody-v1", "athena-custody-v2"];

// Custody pages stay readable in an outage: the service worker keeps the copies, and
// this says how old the copy on screen is when the server cannot be reached.
const keepsOfflineCopy = document.body.dataset.offlineCopy === "true";
const signedIn = document.body.dataset.signedIn === "true";
if ("serviceWorker" in navigator && keepsOfflineCopy) {
  navigator.serviceWorker.register("/sw.js", { scope: "/" });
}

// Signed out (the sign-out and sign-in pages): no custody copy stays on this machine.
// Entries waiting to be sent stay until they are sent or their maker discards them.
if (!signedIn && "caches" in window) {
  COPIES.forEach((name) => caches.delete(name));
}

function showOfflineBanner() {
  const banner = document.getElementById("offline-banner");
  const rendered = new Date(document.body.dataset.renderedAt);
  if (!banner || Number.isNaN(rendered.getTime())) return;
  const minutes = Math.max(0, Math.round((Date.now() - rendered.getTime()) / 60000));
  const time = rendered.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" });
  banner.querySelector("[data-copy-age]").textContent =
    `This is the copy saved at ${time} (${minutes} minute${minutes === 1 ? "" : "s"} ago). ` +
    "Anything recorded since then is not shown.";
  banner.hidden = false;
}

async function checkServer() {
  try {
    const answer = await fetch("/healthz", { cache: "no-store" });
    if (answer.status >= 500 && answer.status !== 503) showOfflineBanner();
  } catch {
    showOfflineBanner();
  }
}

window.addEventListener("offline", showOfflineBanner);

if (signedIn && self.AthenaOutbox) {
  startOffline();
}
if (keepsOfflineCopy) {
  if (!navigator.onLine) showOfflineBanner();
  else checkServer();
}

// A page's own save (a submit button) carries everything on the form, so an autosave
// still waiting out its typing delay must not follow it: arriving later, it would put
// back the answers the button had just given (the "Answer No" button, for one).
// (A submit htmx takes over itself is prevented by then, and leaves autosave running.)
// Each save of a section also says when the page sent it, so that the server can tell
// an autosave sent before the button's save, but arriving after it, from a newer one
// (cases.services.section_save) and keep the newer answers.
function stampSentAt(form, parameters) {
  if (!form || !form.querySelector('input[name="editor"]')) return;
  const now = String(Date.now());
  if (parameters) {
    parameters.sent_at = now;
    return;
  }
  let input = form.querySelector('input[name="sent_at"]');
  if (!input) {
    input = document.createElement("input");
    input.type = "hidden";
    input.name = "sent_at";
    form.appendChild(input);
  }
  input.value = now;
}
document.addEventListener("htmx:configRequest", (event) => {
  stampSentAt(event.detail.elt.closest("form"), event.detail.parameters);
});
document.addEventListener("submit", (event) => {
  if (event.defaultPrevented) return;
  event.target.dataset.submitting = "true";
  stampSentAt(event.target);
});
document.addEventListener("htmx:confirm", (event) => {
  const form = event.detail.elt.closest("form");
  if (form && form.dataset.submitting === "true") event.preventDefault();
});
window.addEventListener("pageshow", (event) => {
  if (!event.persisted) return; // back to a page kept whole: its autosave works again
  document.querySelectorAll("form[data-submitting]").forEach((form) => {
    delete form.dataset.submitting;
  });
});
