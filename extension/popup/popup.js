// The explanation panel: asks the background for the state of the message shown
// in the current tab (the background checks it if it has no result yet).
import { panelEvent, renderArrivalStatus, renderState, renderChecking } from "../lib/render.js";
import { loadTranslator, localizeDocument } from "../lib/i18n.js";
import { loadSettings, resolveLanguage } from "../lib/settings.js";

const api = globalThis.messenger || globalThis.browser;

/** Foreground and background as rendered: the element's colour on the nearest opaque background. */
function rendered(el) {
  const cs = getComputedStyle(el);
  let bg = "rgba(0, 0, 0, 0)";
  for (let n = el; n && n.nodeType === 1; n = n.parentElement) {
    const b = getComputedStyle(n).backgroundColor;
    if (b && !/rgba\(.*,\s*0\)$/.test(b) && b !== "transparent") {
      bg = b;
      break;
    }
  }
  if (bg === "rgba(0, 0, 0, 0)") bg = getComputedStyle(document.documentElement).backgroundColor;
  return [cs.color, bg];
}

function colourEvent(doc, root) {
  const pairs = {};
  const take = (name, el) => {
    if (el && !(name in pairs)) pairs[name] = rendered(el);
  };
  take("text", root.querySelector(".ev-title, h1, p"));
  take("muted", root.querySelector(".ev-source, .hint, .footer, h2"));
  take("sign", root.querySelector(".verdict-sign"));
  take("button", doc.querySelector("button"));
  for (const m of root.querySelectorAll(".mark")) take(`mark-${m.className.replace(/.*mark-/, "")}`, m);
  // A mark against the page: its own background on the panel's.
  const marks = {};
  const page = getComputedStyle(doc.body).backgroundColor;
  for (const m of root.querySelectorAll(".mark, .verdict-sign")) marks[m.className] = [getComputedStyle(m).backgroundColor, page];
  const dark = typeof matchMedia === "function" && matchMedia("(prefers-color-scheme: dark)").matches;
  return { event: "colours", theme: dark ? "dark" : "light", pairs, marks };
}

async function currentTabId() {
  const tabs = await api.tabs.query({ active: true, currentWindow: true });
  return tabs && tabs[0] ? tabs[0].id : null;
}

async function main() {
  const settings = await loadSettings(api.storage);
  const lang = resolveLanguage(settings.language, api.i18n.getUILanguage());
  document.documentElement.setAttribute("lang", lang);
  const t = await loadTranslator(lang, { getURL: (p) => api.runtime.getURL(p) });
  localizeDocument(document, t);

  const root = document.getElementById("content");
  const recheck = document.getElementById("recheck");
  const tabId = await currentTabId();

  async function show(force) {
    recheck.disabled = true;
    root.replaceChildren(renderChecking(document, t));
    let state;
    if (tabId === null) {
      state = { kind: "none", reason: "no_message", language: lang };
    } else {
      try {
        state = await api.runtime.sendMessage({ type: "honmono:get-state", tabId, force });
      } catch (e) {
        state = { kind: "error", code: "unreachable", message: e && e.message ? e.message : String(e), language: lang };
      }
    }
    root.replaceChildren(renderState(document, state, t));
    // New mail waiting for a missing host: said here, with how many (the queue's status).
    try {
      const note = renderArrivalStatus(document, await api.runtime.sendMessage({ type: "honmono:arrival-status" }), t);
      if (note) root.prepend(note);
    } catch (e) {
      // no status: the panel as it is
    }
    recheck.disabled = false;
    // One line per rendered panel, like the background's (ids and verdicts only).
    console.info(`HONMONO-EXT ${JSON.stringify(panelEvent(state, root, tabId))}`);
    // The rendered colours of text and marks, for the end-to-end contrast check (colours only).
    console.info(`HONMONO-EXT ${JSON.stringify(colourEvent(document, root))}`);
  }

  // The panel's buttons (rendered by lib/render.js with data-action): one listener.
  root.addEventListener("click", async (event) => {
    const button = event.target && event.target.closest ? event.target.closest("button[data-action]") : null;
    if (!button || button.disabled) return;
    const action = button.getAttribute("data-action");
    if (action === "retry") {
      await show(true);
      return;
    }
    if (action === "copy") {
      const code = root.querySelector("pre.command");
      try {
        await navigator.clipboard.writeText(code ? code.textContent : "");
        button.textContent = t("copied");
      } catch (e) {
        // no clipboard: the commands stay selectable (user-select: all)
      }
      return;
    }
    button.disabled = true;
    let outcome;
    try {
      outcome = await api.runtime.sendMessage({ type: "honmono:panel-action", tabId, action });
    } catch (e) {
      outcome = { ok: false, text: t("actFailed") };
    }
    button.disabled = false;
    const status = root.querySelector(".act-status");
    if (status) status.textContent = outcome && typeof outcome.text === "string" ? outcome.text : "";
    // The message is gone from this tab after junk or delete: nothing more to do here.
    if (outcome && outcome.ok && (action === "junk" || action === "delete")) setTimeout(() => window.close(), 1200);
  });

  recheck.addEventListener("click", () => show(true));
  document.getElementById("options").addEventListener("click", () => {
    api.runtime.openOptionsPage();
    window.close();
  });
  await show(false);
}

main();
