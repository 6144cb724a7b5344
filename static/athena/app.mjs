// Start the GOV.UK and MoJ design-system components on every page.
import { initAll as initGovuk } from "../govuk/govuk-frontend.min.js";
import { initAll as initMoj } from "../moj/moj-frontend.min.js";
import { startOffline } from "./offline.mjs";

initGovuk();
initMoj();

const COPIES = ["athena-custody-v1", "athena-custody-v2"];
// Marks a request the page makes by itself, not one its user made: the server does not
// count it as activity that keeps the session alive (athena.security).
const BACKGROUND_HEADER = "X-Athena-Background";

// Custody pages stay readable in an outage: the service worker keeps the copies, and
// this says how old the copy on screen is when the server cannot be reached.
const keepsOfflineCopy = document.body.dataset.offlineCopy === "true";
const signedIn = document.body.dataset.signedIn === "true";
if ("serviceWorker" in navigator && keepsOfflineCopy) {
  navigator.serviceWorker.register("/sw.js", { scope: "/" });
}

// Signed out (the sign-out and sign-in pages): no custody copy stays on this machine.
// Entries waiting to be sent stay until they are sent or their maker discards them.
// Except where a custody page's session ran out while it was open (its refresh sends it
// to sign in again, back to that page): a board watched but not touched for the idle
// limit must still reach the medication records in an outage later in the shift. The
// service worker shows no copy after a shift without a signed-in user, and signing out
// on purpose still deletes them.
const backTo = new URLSearchParams(location.search).get("next") || "";
const custodyTimedOut = location.pathname === "/account/sign-in/"
  && backTo.startsWith("/custody/");
if (!signedIn && !custodyTimedOut && "caches" in window) {
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
    const answer = await fetch("/healthz", {
      cache: "no-store", headers: { [BACKGROUND_HEADER]: "1" },
    });
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
  // The service worker marks a copy it shows in place of the server's answer (sw.js).
  if (!navigator.onLine || document.body.dataset.fromDevice === "true") showOfflineBanner();
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

// A page refreshing itself (hx-trigger="every 30s": the custody board, a file's
// progress) is not its user doing something, so it must not keep their session alive
// for ever. htmx gives a poll no triggering event; one the user set off has one.
document.addEventListener("htmx:configRequest", (event) => {
  const trigger = event.detail.elt.getAttribute("hx-trigger") || "";
  if (!event.detail.triggeringEvent && /(^|,)\s*every\s/.test(trigger)) {
    event.detail.headers[BACKGROUND_HEADER] = "1";
  }
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

// A block asked only for some answers (data-shown-when="outcome=remand" or
// "anticipated_plea=not_guilty"): hidden until a radio of that name holds one of the
// values. Without scripts every block shows, and the server asks only what applies.
function showOnlyWhenAnswered() {
  const blocks = document.querySelectorAll("[data-shown-when]");
  if (!blocks.length) return;
  const update = () => {
    blocks.forEach((block) => {
      const [name, values] = block.dataset.shownWhen.split("=");
      const checked = document.querySelector(`input[name="${name}"]:checked`);
      const shown = Boolean(checked && values.split(" ").includes(checked.value));
      block.hidden = !shown && !block.querySelector(".govuk-form-group--error");
    });
  };
  document.addEventListener("change", update);
  update();
}
showOnlyWhenAnswered();

// A long form kept as it is typed (data-keep-draft), in this tab only, so a reload or a
// wrong click loses nothing; the draft goes once the form is sent. A field the server
// filled (answers it sent back) keeps the server's value.
function keepDraft(form) {
  const key = `athena-draft:${location.pathname}${location.search}`;
  const saved = JSON.parse(sessionStorage.getItem(key) || "{}");
  for (const [name, value] of Object.entries(saved)) {
    form.querySelectorAll(`[name="${CSS.escape(name)}"]`).forEach((field) => {
      if (field.type === "radio" || field.type === "checkbox") {
        if (!form.querySelector(`[name="${CSS.escape(name)}"]:checked`)) {
          field.checked = [].concat(value).includes(field.value);
        }
      } else if (field.type !== "hidden" && !field.value) {
        field.value = value;
      }
    });
  }
  form.addEventListener("input", () => {
    const draft = {};
    new FormData(form).forEach((value, name) => {
      if (name !== "csrfmiddlewaretoken") draft[name] = value;
    });
    sessionStorage.setItem(key, JSON.stringify(draft));
  });
  form.addEventListener("change", () => form.dispatchEvent(new Event("input")));
  form.addEventListener("submit", () => sessionStorage.removeItem(key));
}
document.querySelectorAll("form[data-keep-draft]").forEach(keepDraft);
