// Wires the display flow, the host client and the message handlers to the
// `messenger` namespace. All listeners are added synchronously, at the top level of
// the event page, so Thunderbird can wake the page for them.

import { HostClient } from "./hostclient.js";
import { DisplayController, errorState } from "./display.js";
import { loadTranslator } from "./i18n.js";
import { STORAGE_KEY } from "./settings.js";

export const SETUP_PAGE = "setup/setup.html";

export function createApp(messenger, { timeoutMs, timers, log = console.warn.bind(console), fetch: fetchFn, events } = {}) {
  const client = new HostClient({
    connectNative: (name) => messenger.runtime.connectNative(name),
    timeoutMs,
    timers,
    log,
  });

  const translators = new Map();
  const getTranslator = (lang) => {
    if (!translators.has(lang)) {
      const p = loadTranslator(lang, {
        fetch: fetchFn || globalThis.fetch,
        getURL: (path) => messenger.runtime.getURL(path),
      });
      p.catch(() => translators.delete(lang));
      translators.set(lang, p);
    }
    return translators.get(lang).catch(() => (key) => key);
  };

  // One line per automatic check, for the end-to-end test and for bug reports
  // (ids and verdicts only, never mail content).
  const onEvent = events || ((event, data) => console.info(`HONMONO-EXT ${JSON.stringify({ event, ...data })}`));
  const controller = new DisplayController({ messenger, client, getTranslator, log, onEvent });

  messenger.messageDisplay.onMessagesDisplayed.addListener((tab, list) => controller.onMessagesDisplayed(tab, list));
  // A selection in the 3-pane comes before the message loads: the button turns to
  // "checking" (and the check starts) at once, not after the message is drawn.
  if (messenger.mailTabs && messenger.mailTabs.onSelectedMessagesChanged) {
    messenger.mailTabs.onSelectedMessagesChanged.addListener((tab, list) => controller.onSelectionChanged(tab, list));
  }

  if (messenger.tabs && messenger.tabs.onRemoved) {
    messenger.tabs.onRemoved.addListener((tabId) => controller.onTabRemoved(tabId));
  }

  // First run: the setup page (names, addresses, the receiving server found in recent mail).
  if (messenger.runtime.onInstalled) {
    messenger.runtime.onInstalled.addListener((details) => {
      if (details && details.reason === "install" && !details.temporary) {
        messenger.tabs.create({ url: messenger.runtime.getURL(SETUP_PAGE) }).catch((e) => log("honmono: cannot open the setup page:", e && e.message));
      }
    });
  }

  messenger.storage.onChanged.addListener((changes, area) => {
    if (area === "local" && changes && Object.prototype.hasOwnProperty.call(changes, STORAGE_KEY)) {
      controller.settingsChanged();
    }
  });

  messenger.runtime.onMessage.addListener((message, sender) => {
    if (!message || typeof message !== "object") return undefined;
    switch (message.type) {
      case "honmono:get-state":
        return controller.stateForTab(message.tabId, { force: Boolean(message.force) });
      case "honmono:banner-query": {
        const tabId = sender && sender.tab ? sender.tab.id : null;
        return typeof tabId === "number" ? controller.bannerForTab(tabId) : Promise.resolve({ show: false });
      }
      case "honmono:panel-action":
        return typeof message.tabId === "number"
          ? controller.barAction(message.tabId, String(message.action || ""))
          : Promise.resolve({ ok: false });
      case "honmono:bar-action": {
        const tabId = sender && sender.tab ? sender.tab.id : message.tabId;
        return typeof tabId === "number" ? controller.barAction(tabId, String(message.action || "")) : Promise.resolve({ ok: false });
      }
      case "honmono:ping":
        return client.ping().then(
          (pong) => ({ ok: true, versions: pong.versions, maxRawBytes: pong.maxRawBytes, reportTo: pong.reportTo }),
          (e) => ({ ok: false, ...errorState(e) }),
        );
      default:
        return undefined;
    }
  });

  // Start the host, read the settings and the UI strings now, so the first mail does not
  // wait for a process start (the port stays open while the background lives).
  const warm = controller.warm();

  // Re-registering on every wake-up is harmless: registerBannerScript checks first.
  const ready = controller.registerBannerScript();

  return { client, controller, getTranslator, ready, warm };
}
