// Progress of a "Check with Honmono" job: polls the background for its count, offers
// cancel, and shows the summary when it ends. Text only (textContent).
import { translatePage } from "../lib/i18n.js";
import { loadSettings } from "../lib/settings.js";
import { errorTitleKey } from "../lib/display.js";

const api = globalThis.messenger || globalThis.browser;
const $ = (id) => document.getElementById(id);
const jobId = Number(new URLSearchParams(location.search).get("job"));
const POLL_MS = 250;

function show(status, t) {
  const total = status.total || 0;
  $("bar").max = Math.max(total, 1);
  $("bar").value = status.done || 0;
  $("count").textContent = t("progressCount", status.done || 0, total);
  if (status.state === "running") return false;
  const c = status.counts || {};
  const parts = [t("progressSummary", c.phishing || 0, c.suspicious || 0, c.genuine || 0)];
  if (status.state === "cancelled") parts.unshift(t("progressCancelled"));
  if (status.state === "failed") parts.unshift(t(errorTitleKey(status.error)));
  $("summary").textContent = parts.join(" ");
  // For bug reports and the end-to-end test: counts and our own text only, never mail text.
  console.info(`HONMONO-EXT ${JSON.stringify({ event: "check-summary", jobId, state: status.state, counts: c, shown: $("summary").textContent })}`);
  $("cancel").hidden = true;
  $("close").hidden = false;
  return true;
}

async function main() {
  const t = await translatePage(document, api, (await loadSettings(api.storage)).language);
  $("cancel").addEventListener("click", () => api.runtime.sendMessage({ type: "honmono:check-cancel", jobId }));
  $("close").addEventListener("click", () => window.close());
  for (;;) {
    const status = await api.runtime.sendMessage({ type: "honmono:check-status", jobId });
    if (!status || status.state === "unknown" || show(status, t)) break;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

main();
