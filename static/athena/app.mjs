// Start the GOV.UK and MoJ design-system components on every page.
import { initAll as initGovuk } from "../govuk/govuk-frontend.min.js";
import { initAll as initMoj } from "../moj/moj-frontend.min.js";
import { sendQueued, watchForms } from "./offline-queue.js";

initGovuk();
initMoj();

// Custody pages stay readable in an outage: the service worker keeps the copies, and
// this says how old the copy on screen is when the server cannot be reached.
const keepsOfflineCopy = document.body.dataset.offlineCopy === "true";
if ("serviceWorker" in navigator && keepsOfflineCopy) {
  navigator.serviceWorker.register("/sw.js", { scope: "/" });
}

// Signed out (the sign-out and sign-in pages): no custody copy stays on this machine.
if (document.body.dataset.signedIn === "false" && "caches" in window) {
  caches.delete("athena-custody-v1");
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
    await fetch("/healthz", { cache: "no-store" });
  } catch {
    showOfflineBanner();
  }
}

window.addEventListener("offline", showOfflineBanner);
window.addEventListener("online", async () => {
  await sendQueued();
  document.getElementById("offline-banner")?.setAttribute("hidden", "");
});
// From the board, keep every detainee's record, medication and healthcare pages, not
// only those opened: in an outage each of them can still be read.
async function keepDetaineePages() {
  const board = document.getElementById("custody-board");
  if (!board || !("caches" in window) || !navigator.onLine) return;
  const urls = (board.dataset.offlineUrls || "").split(" ").filter(Boolean);
  const cache = await caches.open("athena-custody-v1");
  await Promise.all(urls.map((url) => cache.add(url).catch(() => undefined)));
}

if (keepsOfflineCopy) {
  watchForms();
  keepDetaineePages();
  document.body.addEventListener("htmx:afterSwap", keepDetaineePages);
  if (!navigator.onLine) showOfflineBanner();
  else checkServer().then(sendQueued);
}
