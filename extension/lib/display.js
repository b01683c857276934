// The display flow: which message a tab shows, checking it (cached, de-duplicated),
// the per-tab badge with stale-reply protection, and the in-message phishing banner.

import {
  ERROR_CODES,
  HostError,
  INSTALL_COMMANDS,
  UPGRADE_COMMANDS,
  badgeFor,
} from "./protocol.js";
import { loadSettings, resolveLanguage, settingsKey, toHostSettings } from "./settings.js";
import { verdictKey } from "./verdict-cache.js";

export const CACHE_LIMIT = 200;
// The banner script draws the bar inside a closed shadow root with its own styles: no CSS
// file goes into the mail's document (the mail's CSS could not reach it anyway).
export const BANNER_FILES = Object.freeze({ js: "banner/banner.js" });
export const BANNER_SCRIPT_ID = "honmono-banner";
export const BANNER_SCRIPT = Object.freeze({ id: BANNER_SCRIPT_ID, js: Object.freeze([BANNER_FILES.js]), runAt: "document_idle" });

/** Whether a registered message display script is `want` (same files, no CSS, same runAt). */
function sameScript(got, want) {
  // paths as registered, or as URLs of the extension (moz-extension://<uuid>/banner/banner.js)
  const list = (v) => (Array.isArray(v) ? v.map((p) => String(p).replace(/^[a-z-]+:\/\/[^/]*\//i, "").replace(/^\//, "")) : []);
  return JSON.stringify(list(got.js)) === JSON.stringify(list(want.js))
    && list(got.css).length === 0
    && (got.runAt || "document_idle") === want.runAt;
}

/** The toolbar icons (extension/icons/generate.py), as messageDisplayAction.setIcon paths. */
const iconSet = (name) => Object.freeze({ 16: `/icons/${name}-16.png`, 32: `/icons/${name}-32.png`, 64: `/icons/${name}-64.png` });
export const ICONS = Object.freeze({
  neutral: iconSet("honmono"), // = the manifest's default_icon: nothing known (yet), not Amazon, errors
  phishing: iconSet("phishing"), // red warning triangle
  genuine: iconSet("genuine"), // green check mark
  suspicious: iconSet("suspicious"), // yellow question mark
});

/** The icon for a tab's state: a verdict's own icon for phishing/genuine/suspicious, else neutral. */
export function iconFor(state) {
  const verdict = state && state.kind === "result" && state.result ? state.result.verdict : null;
  return verdict !== "neutral" && Object.prototype.hasOwnProperty.call(ICONS, verdict) ? ICONS[verdict] : ICONS.neutral;
}

/** MV3 gives a MessageList {id, messages}; MV2 gave an array. Accept both (and junk). */
export function normalizeMessageList(list) {
  if (Array.isArray(list)) return list.filter((m) => m && typeof m === "object");
  if (list && typeof list === "object" && Array.isArray(list.messages)) {
    return list.messages.filter((m) => m && typeof m === "object");
  }
  return [];
}

/** A binary string (one char per byte) from what messages.getRaw returned. */
export async function toBinaryString(raw) {
  if (typeof raw === "string") return raw;
  let bytes = null;
  if (raw && typeof raw.arrayBuffer === "function") bytes = new Uint8Array(await raw.arrayBuffer());
  else if (raw instanceof ArrayBuffer) bytes = new Uint8Array(raw);
  else if (ArrayBuffer.isView(raw)) bytes = new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
  if (!bytes) throw new TypeError("messages.getRaw returned neither a string nor a file");
  let out = "";
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    out += String.fromCharCode.apply(null, bytes.subarray(i, i + CHUNK));
  }
  return out;
}

/** The plain, serialisable state of an error, for the badge title and the panel. */
export function errorState(error, extra = {}) {
  const e = error instanceof HostError
    ? error
    : new HostError(ERROR_CODES.HOST_ERROR, error && error.message ? error.message : String(error));
  const state = { kind: "error", code: e.code, message: e.message, ...extra };
  if (e.hostCode) state.hostCode = e.hostCode;
  if (e.hostProtocol !== undefined) state.hostProtocol = e.hostProtocol;
  if (e.code === ERROR_CODES.NOT_INSTALLED || e.code === ERROR_CODES.UNREACHABLE) {
    state.commands = [...INSTALL_COMMANDS];
  } else if (e.code === ERROR_CODES.PROTOCOL_MISMATCH) {
    state.commands = [...UPGRADE_COMMANDS];
  }
  return state;
}

/** Black or white, whichever reads better on a "#rgb" / "#rrggbb" background. */
export function badgeTextColor(background) {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(String(background || ""));
  if (!m) return "#ffffff";
  const hex = m[1].length === 3 ? [...m[1]].map((c) => c + c).join("") : m[1];
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
    .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  // contrast with black (L+0.05)/0.05 versus with white 1.05/(L+0.05)
  return (luminance + 0.05) / 0.05 > 1.05 / (luminance + 0.05) ? "#000000" : "#ffffff";
}

const ERROR_TITLE_KEYS = {
  [ERROR_CODES.NOT_INSTALLED]: "errNotInstalledTitle",
  [ERROR_CODES.UNREACHABLE]: "errUnreachableTitle",
  [ERROR_CODES.TIMEOUT]: "errTimeoutTitle",
  [ERROR_CODES.PROTOCOL_MISMATCH]: "errProtocolTitle",
  [ERROR_CODES.TOO_LARGE]: "errTooLargeTitle",
  [ERROR_CODES.HOST_ERROR]: "errHostTitle",
  [ERROR_CODES.BAD_REPLY]: "errBadReplyTitle",
  [ERROR_CODES.READ_FAILED]: "errReadFailedTitle",
  [ERROR_CODES.NO_MESSAGE]: "noMessageTitle",
};

export function errorTitleKey(code) {
  return ERROR_TITLE_KEYS[code] || "errHostTitle";
}

export class DisplayController {
  /**
   * @param {object} options
   * @param {object} options.messenger the `messenger` (or `browser`) namespace
   * @param {import("./hostclient.js").HostClient} options.client
   * @param {(lang: string) => Promise<Function>} options.getTranslator
   * @param {(...args: any[]) => void} [options.log]
   */
  constructor({ messenger, client, getTranslator, log, onEvent, verdicts = null }) {
    this.m = messenger;
    this.client = client;
    this.getTranslator = getTranslator;
    this.log = log || (() => {});
    this.onEvent = onEvent || (() => {});
    this.tabs = new Map(); // tabId -> {seq, messageId, state, queue}
    this.cache = new Map(); // `${messageId}|${settingsKey}` -> state (results only)
    this.inflight = new Map(); // same key -> Promise<state>
    this._settings = null;
    this.verdicts = verdicts; // VerdictCache shared with the arrival check (by content hash)
  }

  // ---- settings -------------------------------------------------------------

  async settings() {
    if (!this._settings) {
      // storage.local merged with an administrator's storage.managed presets
      const loading = loadSettings(this.m.storage, this.log);
      loading.catch(() => {
        if (this._settings === loading) this._settings = null;
      });
      this._settings = loading;
    }
    return this._settings;
  }

  settingsChanged() {
    this._settings = null;
  }

  uiLanguage() {
    try {
      return this.m.i18n.getUILanguage();
    } catch (e) {
      return "en";
    }
  }

  async language() {
    return resolveLanguage((await this.settings()).language, this.uiLanguage());
  }

  // ---- tab bookkeeping ------------------------------------------------------

  _tab(tabId) {
    let ts = this.tabs.get(tabId);
    if (!ts) {
      ts = { seq: 0, messageId: null, state: null, queue: Promise.resolve() };
      this.tabs.set(tabId, ts);
    }
    return ts;
  }

  /** Mark `messageId` (or nothing) as what `tabId` shows now; returns the new sequence number. */
  _displayed(tabId, messageId) {
    const ts = this._tab(tabId);
    ts.seq += 1;
    ts.messageId = messageId;
    ts.state = null;
    return ts.seq;
  }

  _isCurrent(tabId, seq) {
    const ts = this.tabs.get(tabId);
    return Boolean(ts) && ts.seq === seq;
  }

  onTabRemoved(tabId) {
    this.tabs.delete(tabId);
  }

  // ---- checking -------------------------------------------------------------

  async _readRaw(messageId) {
    try {
      return await toBinaryString(await this.m.messages.getRaw(messageId, { data_format: "BinaryString" }));
    } catch (e) {
      throw new HostError(ERROR_CODES.READ_FAILED, e && e.message ? e.message : String(e));
    }
  }

  _remember(key, state) {
    this.cache.delete(key);
    this.cache.set(key, state);
    while (this.cache.size > CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value);
  }

  /** The state for one message: from the cache, a check under way, or a new check. */
  async check(messageId, { force = false } = {}) {
    const settings = await this.settings();
    const hostSettings = toHostSettings(settings, this.uiLanguage());
    const key = `${messageId}|${settingsKey(hostSettings)}`;
    if (!force && this.cache.has(key)) return this.cache.get(key);
    if (this.inflight.has(key)) return this.inflight.get(key);
    const job = (async () => {
      const base = { messageId, language: hostSettings.language };
      try {
        const raw = await this._readRaw(messageId);
        // A verdict computed on arrival (or in another tab) for these very bytes.
        const contentKey = this.verdicts && !force ? await verdictKey(raw, hostSettings) : null;
        const known = contentKey ? await this.verdicts.get(contentKey) : null;
        const state = known ? { ...known, ...base } : { kind: "result", ...base, ...(await this.client.classify(raw, hostSettings)) };
        if (this.verdicts && !known) await this.verdicts.put(contentKey || (await verdictKey(raw, hostSettings)), state);
        this._remember(key, state);
        return state;
      } catch (e) {
        this.log("honmono: check failed:", e && e.message);
        return errorState(e, base);
      }
    })();
    this.inflight.set(key, job);
    try {
      return await job;
    } finally {
      if (this.inflight.get(key) === job) this.inflight.delete(key);
    }
  }

  /** What is known of a message without starting a check: {cached} or {inflight} or {}. */
  async _known(messageId) {
    const hostSettings = toHostSettings(await this.settings(), this.uiLanguage());
    const key = `${messageId}|${settingsKey(hostSettings)}`;
    if (this.cache.has(key)) return { cached: this.cache.get(key) };
    if (this.inflight.has(key)) return { inflight: this.inflight.get(key) };
    return {};
  }

  // ---- badge ----------------------------------------------------------------

  /** Run badge updates of a tab in order, skipping those for a message no longer shown. */
  _badge(tabId, seq, fn) {
    const ts = this._tab(tabId);
    ts.queue = ts.queue
      .then(() => (this._isCurrent(tabId, seq) ? fn() : undefined))
      .catch((e) => this.log("honmono: badge update failed:", e && e.message));
    return ts.queue;
  }

  /** Icon, badge and tooltip of the tab's button; always all of them, so nothing stale stays. */
  async _setBadge(tabId, { text, color, title, icon }) {
    const mda = this.m.messageDisplayAction;
    if (typeof mda.setIcon === "function") {
      await mda.setIcon({ tabId, path: { ...(icon || ICONS.neutral) } });
    }
    await mda.setBadgeText({ tabId, text });
    if (color) {
      await mda.setBadgeBackgroundColor({ tabId, color });
      // Dark text on a light badge (the yellow "?"); setBadgeTextColor is newer than 128.
      if (typeof mda.setBadgeTextColor === "function") {
        await mda.setBadgeTextColor({ tabId, color: badgeTextColor(color) });
      }
    }
    await mda.setTitle({ tabId, title });
  }

  _applyBadge(tabId, seq, state) {
    return this._badge(tabId, seq, async () => {
      const t = await this.getTranslator(await this.language());
      const neutral = (title) => this._setBadge(tabId, { text: "", color: null, title, icon: ICONS.neutral });
      if (!state) return neutral(t("actionTitle"));
      if (state.kind === "checking") return neutral(t("titleChecking"));
      if (state.kind === "result") {
        const badge = badgeFor(state.result);
        if (state.result.verdict === "not_amazon") return neutral(badge.title || t("actionTitle"));
        return this._setBadge(tabId, { text: badge.text, color: badge.color, title: badge.title, icon: iconFor(state) });
      }
      // No coloured badge or icon for our own failures: only the tooltip says what happened.
      if (state.kind === "error") return neutral(`${t("extName")}: ${t(errorTitleKey(state.code))}`);
      return neutral(t("actionTitle"));
    });
  }

  // ---- events ---------------------------------------------------------------

  /** messageDisplay.onMessagesDisplayed listener: (tab, MessageList | MessageHeader[]). */
  async onMessagesDisplayed(tab, list) {
    const tabId = tab && typeof tab === "object" ? tab.id : tab;
    if (typeof tabId !== "number") return;
    const messages = normalizeMessageList(list);
    const messageId = messages.length === 1 ? messages[0].id : null;
    const seq = this._displayed(tabId, messageId);
    if (messageId === null) {
      await this._applyBadge(tabId, seq, null);
      return;
    }
    const settings = await this.settings();
    if (!this._isCurrent(tabId, seq)) return;
    if (!settings.autoCheck) {
      await this._applyBadge(tabId, seq, null);
      return;
    }
    const known = await this._known(messageId);
    if (!known.cached) {
      await this._applyBadge(tabId, seq, { kind: "checking" });
    }
    const state = await this.check(messageId);
    if (!this._isCurrent(tabId, seq)) {
      // A stale reply: the tab shows another message now.
      this.onEvent("stale", { tabId, messageId });
      return;
    }
    this._tab(tabId).state = state;
    await this._applyBadge(tabId, seq, state);
    this.onEvent("checked", {
      tabId,
      messageId,
      verdict: state.kind === "result" ? state.result.verdict : null,
      error: state.kind === "error" ? state.code : null,
    });
    if (state.kind === "result" && state.result.verdict === "phishing") {
      await this.showBanner(tabId, seq, state);
    }
  }

  /** For the popup: the state of the message shown in `tabId`, checking it if needed. */
  async stateForTab(tabId, { force = false } = {}) {
    let messages;
    try {
      messages = normalizeMessageList(await this.m.messageDisplay.getDisplayedMessages(tabId));
    } catch (e) {
      messages = [];
    }
    const language = await this.language();
    if (messages.length !== 1) {
      return { kind: "none", reason: messages.length === 0 ? "no_message" : "multiple", language };
    }
    const header = messages[0];
    const ts = this._tab(tabId);
    const seq = ts.messageId === header.id ? ts.seq : this._displayed(tabId, header.id);
    const state = await this.check(header.id, { force });
    if (this._isCurrent(tabId, seq)) {
      ts.state = state;
      await this._applyBadge(tabId, seq, state);
      if (state.kind === "result" && state.result.verdict === "phishing") {
        await this.showBanner(tabId, seq, state);
      }
    }
    return {
      ...state,
      header: {
        subject: typeof header.subject === "string" ? header.subject : "",
        author: typeof header.author === "string" ? header.author : "",
      },
    };
  }

  // ---- banner ---------------------------------------------------------------

  async bannerPayload(state) {
    const t = await this.getTranslator(state.language || (await this.language()));
    return {
      show: true,
      messageId: state.messageId,
      lang: state.language || "en",
      title: t("bannerTitle"),
      summary: typeof state.result.summary === "string" ? state.result.summary : "",
      hint: t("bannerHint"),
      // The bar is drawn inside the mail, where the mail could draw a look-alike: the
      // verdict to trust is the toolbar button's.
      trust: t("bannerTrust"),
      close: t("bannerClose"),
    };
  }

  /** Put the warning banner into the message shown in `tabId`. */
  async showBanner(tabId, seq, state) {
    if (!this._isCurrent(tabId, seq)) return;
    const banner = await this.bannerPayload(state);
    try {
      await this.m.tabs.sendMessage(tabId, { type: "honmono:banner", banner });
      this.onEvent("banner", { tabId, messageId: state.messageId, via: "message" });
      return;
    } catch (e) {
      // No banner script listening in that document yet (the message was open before
      // the add-on started): inject it; it asks for the banner itself (bannerForTab).
    }
    if (!this._isCurrent(tabId, seq)) return;
    try {
      await this.m.scripting.executeScript({ target: { tabId }, files: [BANNER_FILES.js] });
      this.onEvent("banner", { tabId, messageId: state.messageId, via: "inject" });
    } catch (e) {
      this.log("honmono: cannot inject the banner:", e && e.message);
    }
  }

  /** For the banner script's query: the banner for what `tabId` shows, or {show:false}. */
  async bannerForTab(tabId) {
    let messageId = this.tabs.get(tabId)?.messageId ?? null;
    if (messageId === null) {
      try {
        const messages = normalizeMessageList(await this.m.messageDisplay.getDisplayedMessages(tabId));
        if (messages.length === 1) messageId = messages[0].id;
      } catch (e) {
        // not a message tab
      }
    }
    if (messageId === null) return { show: false };
    const known = await this._known(messageId);
    let state = known.cached || (known.inflight ? await known.inflight : null);
    if (!state && (await this.settings()).autoCheck) state = await this.check(messageId);
    const current = this.tabs.get(tabId)?.messageId;
    if (!state || (current != null && current !== messageId)) return { show: false };
    if (state.kind === "result" && state.result.verdict === "phishing") return this.bannerPayload(state);
    return { show: false };
  }

  /** Make sure the banner script runs in every newly displayed message. */
  async registerBannerScript() {
    const api = this.m.scripting && this.m.scripting.messageDisplay;
    if (!api || typeof api.registerScripts !== "function") return false;
    try {
      // No id filter: Thunderbird logs an error for a filter id that is not registered.
      const existing = await api.getRegisteredScripts();
      const mine = Array.isArray(existing) ? existing.find((s) => s && s.id === BANNER_SCRIPT_ID) : null;
      if (mine && sameScript(mine, BANNER_SCRIPT)) return true;
      // An older registration (it also injected banner/banner.css): replace it.
      if (mine) await api.unregisterScripts({ ids: [BANNER_SCRIPT_ID] });
      await api.registerScripts([{ ...BANNER_SCRIPT, js: [...BANNER_SCRIPT.js] }]);
      return true;
    } catch (e) {
      this.log("honmono: cannot register the banner script:", e && e.message);
      return false;
    }
  }
}
