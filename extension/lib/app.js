// Wires the display flow, the host client and the message handlers to the
// `messenger` namespace. All listeners are added synchronously, at the top level of
// the event page, so Thunderbird can wake the page for them.

import { HostClient } from "./hostclient.js";
import { DisplayController, errorState } from "./display.js";
import { loadTranslator } from "./i18n.js";
import { STORAGE_KEY } from "./settings.js";
import { VerdictCache } from "./verdict-cache.js";
import { ArrivalQueue, Checker } from "./arrival.js";
import { FolderChecks, createMenus, onMenuClicked } from "./folder-check.js";
import { arrivalStatusLines } from "./render.js";

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
  const verdicts = new VerdictCache({ storage: messenger.storage, log });
  const controller = new DisplayController({ messenger, client, getTranslator, log, onEvent, verdicts });
  const checker = new Checker({ messenger, client, verdicts, getTranslator, log, settings: () => controller.settings() });
  const arrival = new ArrivalQueue({ messenger, checker, log, onEvent, onStatus: (status) => showArrivalStatus(messenger, getTranslator, checker, status, log) });
  const checks = new FolderChecks({ messenger, checker, log, onEvent });

  messenger.messageDisplay.onMessagesDisplayed.addListener(async (tab, list) => {
    await controller.onMessagesDisplayed(tab, list);
    // New mail waited for the host: try again now that a mail is being shown.
    if (arrival.status.error) arrival.resume();
  });
  // A selection in the 3-pane comes before the message loads: the button turns to
  // "checking" (and the check starts) at once, not after the message is drawn.
  if (messenger.mailTabs && messenger.mailTabs.onSelectedMessagesChanged) {
    messenger.mailTabs.onSelectedMessagesChanged.addListener((tab, list) => controller.onSelectionChanged(tab, list));
  }
  if (messenger.messages && messenger.messages.onNewMailReceived) {
    // Inboxes of every account type (IMAP, POP, local) and the ordinary folders filters
    // file into; not Junk, Trash, Sent or Drafts (monitorAllFolders left off), so phishing
    // this add-on moved to Junk is not checked again there.
    messenger.messages.onNewMailReceived.addListener(
      (folder, list) => arrival.onNewMail(folder, list).catch((e) => log("honmono: new mail not queued:", e && e.message)),
    );
  }
  if (messenger.menus && messenger.menus.onClicked) {
    messenger.menus.onClicked.addListener((info) => onMenuClicked(checks, messenger, info));
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
      menusReady = refreshMenus();
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
      case "honmono:check-status":
        return Promise.resolve(checks.status(message.jobId));
      case "honmono:check-cancel":
        return Promise.resolve(checks.cancel(message.jobId));
      case "honmono:arrival-status":
        return Promise.resolve({ ...arrival.status });
      case "honmono:ping":
        return client.ping().then(
          (pong) => {
            arrival.resume(); // the host answers again: check what waited for it
            return { ok: true, versions: pong.versions, maxRawBytes: pong.maxRawBytes, reportTo: pong.reportTo };
          },
          (e) => ({ ok: false, ...errorState(e) }),
        );
      default:
        return undefined;
    }
  });

  // Start the host, read the settings and the UI strings now, so the first mail does not
  // wait for a process start (the port stays open while the background lives).
  const warm = controller.warm();

  const refreshMenus = async () => {
    try {
      await createMenus(messenger.menus, await getTranslator(await controller.language()));
    } catch (e) {
      log("honmono: cannot create the menus:", e && e.message);
    }
  };
  let menusReady = refreshMenus();

  // Re-registering on every wake-up is harmless: registerBannerScript checks first.
  const ready = controller.registerBannerScript();
  // Mail that waited (the page slept, or the host was missing) is checked now.
  const resumed = arrival.resume().catch((e) => log("honmono: arrival queue:", e && e.message));

  return { client, controller, getTranslator, ready, warm, arrival, checker, checks, verdicts, resumed, menus: () => menusReady };
}

/**
 * The toolbar button's default tooltip while new mail waits for a missing host (a tab's
 * own verdict tooltip still wins); back to the plain title once the host answered.
 */
async function showArrivalStatus(messenger, getTranslator, checker, status, log) {
  const mda = messenger.messageDisplayAction;
  if (!mda || typeof mda.setTitle !== "function") return;
  try {
    const t = await getTranslator(checker.hostSettings(await checker.settings()).language);
    const lines = arrivalStatusLines(status, t);
    const title = lines.length ? `${t("extName")}: ${lines.join(" ")}` : t("actionTitle");
    await mda.setTitle({ title });
  } catch (e) {
    log("honmono: cannot show the arrival status:", e && e.message);
  }
}
