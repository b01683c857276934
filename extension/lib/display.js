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
import { deleteMessages, moveToJunk, openReportDraft } from "./actions.js";
import { normalizeMessageList } from "./message-list.js";
import { headerClaimsAmazon } from "./claim-filter.js";
import { verdictKey } from "./verdict-cache.js";

export const CACHE_LIMIT = 200;
const now = () => (globalThis.performance && typeof globalThis.performance.now === "function" ? globalThis.performance.now() : Date.now());
const FINAL_HELLO_ERRORS = new Set([ERROR_CODES.NOT_INSTALLED, ERROR_CODES.PROTOCOL_MISMATCH]);
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
  neutral: iconSet("honmono"), // = the manifest's default_icon: nothing known (yet), not Amazon
  error: iconSet("error"), // could not be checked: never the not-Amazon look
  phishing: iconSet("phishing"), // red warning triangle
  genuine: iconSet("genuine"), // green check mark
  suspicious: iconSet("suspicious"), // yellow question mark
});

/** The icon for a tab's state: a verdict's own icon for phishing/genuine/suspicious, else neutral. */
export function iconFor(state) {
  const verdict = state && state.kind === "result" && state.result ? state.result.verdict : null;
  return verdict !== "neutral" && Object.prototype.hasOwnProperty.call(ICONS, verdict) ? ICONS[verdict] : ICONS.neutral;
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

/** The sentence telling what an action did (a bar's status line, the panel's). */
export function actionTextKey(action, outcome) {
  const o = outcome || {};
  if (action === "junk") return o.ok ? "actJunkDone" : o.reason === "no_junk_folder" ? "actJunkNoFolder" : "actFailed";
  if (action === "delete") return o.ok ? "actDeleted" : "actFailed";
  if (action === "report") return o.ok ? "actReportOpened" : o.reason === "no_report_address" ? "actReportNone" : "actFailed";
  if (action === "reasons") return o.ok ? "" : "actFailed";
  return "actFailed";
}

export const CHECKING = Object.freeze({ kind: "checking" });

const LABEL_KEYS = Object.freeze({
  phishing: "labelPhishing",
  genuine: "labelGenuine",
  suspicious: "labelSuspicious",
});

/**
 * The whole look of the toolbar button for a state: icon (a shape), badge text and colour,
 * the label (the verdict in words: フィッシング / 本物 / 要注意 / 確認中… / 確認できません,
 * the product's name otherwise) and the tooltip.
 */
export function lookFor(state, t) {
  const product = t("labelProduct");
  const plain = (label, title) => ({ icon: ICONS.neutral, text: "", color: null, label, title });
  if (!state || state.kind === "none") return plain(product, t("actionTitle"));
  if (state.kind === "checking") return plain(t("labelChecking"), t("titleChecking"));
  if (state.kind === "error") {
    return { icon: ICONS.error, text: "", color: null, label: t("labelError"), title: `${product}: ${t(errorTitleKey(state.code))}` };
  }
  if (state.kind === "result" && state.result && LABEL_KEYS[state.result.verdict]) {
    const badge = badgeFor(state.result);
    return { icon: iconFor(state), text: badge.text, color: badge.color, label: t(LABEL_KEYS[state.result.verdict]), title: badge.title || product };
  }
  if (state.kind === "result") {
    const badge = state.result ? badgeFor({ ...state.result, verdict: "not_amazon" }) : {};
    return plain(product, badge.title || t("actionTitle"));
  }
  return plain(product, t("actionTitle"));
}

const BAR_TITLE_KEYS = Object.freeze({
  phishing: "barPhishing",
  suspicious: "barSuspicious",
  error: "barError",
});

/**
 * Which bar a message gets: phishing (red), suspicious (yellow), or — when it could not be
 * checked and it looks like Amazon's by its From or Subject — error (yellow). Else none.
 */
export function barLevel(state, header) {
  if (!state) return null;
  if (state.kind === "result" && state.result) {
    if (state.result.verdict === "phishing") return "phishing";
    if (state.result.verdict === "suspicious") return "suspicious";
    return null;
  }
  if (state.kind === "error" && state.code !== ERROR_CODES.NO_MESSAGE && headerClaimsAmazon(header)) return "error";
  return null;
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
    this.timings = new Map(); // messageId -> where its last check's time went (ms)
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
    this._keySync = null;
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

  /** The cache key's settings part, kept for synchronous lookups until the settings change. */
  async _settingsKey() {
    const settings = await this.settings();
    const hostSettings = toHostSettings(settings, this.uiLanguage());
    const key = settingsKey(hostSettings);
    if (this._settings) this._keySync = { for: this._settings, key };
    return { hostSettings, key };
  }

  /** A cached result for a message without awaiting anything (null when not known yet). */
  _cachedSync(messageId) {
    const k = this._keySync;
    if (!k || k.for !== this._settings) return null;
    return this.cache.get(`${messageId}|${k.key}`) || null;
  }

  /** Start what the first check needs (settings, translator, the host's process): at start-up. */
  warm() {
    const host = this.settings().then((settings) => {
      // With automatic checks off nothing is checked until asked: no process either.
      if (settings.autoCheck && this.client && typeof this.client.hello === "function") return this.client.hello();
      return null;
    });
    const index = this.verdicts && typeof this.verdicts.load === "function" ? this.verdicts.load() : null;
    return Promise.allSettled([this._settingsKey(), this._translator(), host, index]);
  }

  /** The state for one message: from the cache, a check under way, or a new check. */
  async check(messageId, { force = false } = {}) {
    const started = now();
    const { hostSettings, key: sk } = await this._settingsKey();
    const key = `${messageId}|${sk}`;
    if (!force && this.cache.has(key)) return this.cache.get(key);
    if (this.inflight.has(key)) return this.inflight.get(key);
    const job = (async () => {
      const base = { messageId, language: hostSettings.language };
      // Where a check's time goes, for the "checked" event (ms since the check began).
      const phases = { settings: Math.round(now() - started) };
      const mark = (name) => { phases[name] = Math.round(now() - started); };
      this.timings.set(messageId, phases);
      while (this.timings.size > CACHE_LIMIT) this.timings.delete(this.timings.keys().next().value);
      try {
        // The host's hello (once per connection) while the message is read, not after.
        const hello = typeof this.client.hello === "function"
          ? this.client.hello().then(() => { mark("hello"); return null; }, (e) => e)
          : null;
        const [raw, helloError] = await Promise.all([
          this._readRaw(messageId).then((r) => { mark("raw"); return r; }), hello]);
        // A verdict computed on arrival (or in another tab) for these very bytes.
        const contentKey = this.verdicts && !force ? await verdictKey(raw, hostSettings) : null;
        mark("hashed");
        const known = contentKey ? await this.verdicts.get(contentKey) : null;
        mark("stored");
        let state;
        if (known) {
          state = { ...known, ...base };
        } else {
          // Not installed or the wrong version: asking again on a new connection cannot help.
          if (helloError instanceof HostError && FINAL_HELLO_ERRORS.has(helloError.code)) throw helloError;
          state = { kind: "result", ...base, ...(await this.client.classify(raw, hostSettings)) };
          mark("classified");
          // Kept for arrival and later opens; the badge does not wait for the (batched) write.
          if (this.verdicts) {
            const stored = state;
            Promise.resolve(contentKey || verdictKey(raw, hostSettings))
              .then((k) => this.verdicts.put(k, stored))
              .catch((e) => this.log("honmono: verdict not kept:", e && e.message));
          }
        }
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
    const key = `${messageId}|${(await this._settingsKey()).key}`;
    if (this.cache.has(key)) return { cached: this.cache.get(key) };
    if (this.inflight.has(key)) return { inflight: this.inflight.get(key) };
    return {};
  }

  // ---- the button ------------------------------------------------------------

  /** A translator usable synchronously: the last one loaded, else Thunderbird's own i18n. */
  _syncTranslator() {
    if (this._t) return this._t;
    return (key, ...subs) => {
      try {
        const text = this.m.i18n.getMessage(key, subs.map(String));
        return text || key;
      } catch (e) {
        return key;
      }
    };
  }

  async _translator() {
    const t = await this.getTranslator(await this.language());
    this._t = t;
    return t;
  }

  /**
   * Set the look of the tab's button, if `seq` is still what the tab shows. Each property is
   * its own API call, and Thunderbird applies each on the animation frame after it arrives,
   * so calls sent in one turn can still land in different frames (measured in the real
   * client: up to 30 ms apart while the message loads). Hence: only what changed is sent,
   * fewest calls first, and in the order that keeps any in-between frame honest: the words
   * first (the label is what a glance reads), then the badge's mark and the icon's shape, and
   * badge colours only with a badge text (without one they are invisible), sent before
   * the text so a new mark never shows on the old colour. The check and the sending are
   * synchronous, so an older update can never be sent after a newer one.
   */
  _paint(tabId, seq, look) {
    if (!this._isCurrent(tabId, seq)) return Promise.resolve(false);
    const mda = this.m.messageDisplayAction;
    const ts = this._tab(tabId);
    const sent = ts.sent || (ts.sent = {});
    const calls = [];
    const call = (name, value, details) => {
      if (typeof mda[name] !== "function") return;
      const key = JSON.stringify(value);
      if (sent[name] === key) return;
      sent[name] = key;
      try {
        calls.push(Promise.resolve(mda[name]({ tabId, ...details })));
      } catch (e) {
        calls.push(Promise.reject(e));
      }
    };
    if (look.text) {
      const color = look.color || null;
      call("setBadgeBackgroundColor", color, { color });
      const onColor = look.color ? badgeTextColor(look.color) : null;
      call("setBadgeTextColor", onColor, { color: onColor });
    }
    call("setLabel", look.label, { label: look.label });
    call("setBadgeText", look.text, { text: look.text });
    call("setIcon", look.icon, { path: { ...look.icon } });
    call("setTitle", look.title, { title: look.title });
    ts.look = look;
    return Promise.all(calls.map((p) => p.catch((e) => {
      // Unsure what Thunderbird holds now: the next paint sends everything again.
      ts.sent = null;
      this.log("honmono: button update failed:", e && e.message);
    }))).then(() => true);
  }

  _applyBadge(tabId, seq, state, t = this._syncTranslator()) {
    return this._paint(tabId, seq, lookFor(state, t));
  }

  /** Paint the tab's button for `state` with the user's language (the translator loaded first). */
  async _applyBadgeTranslated(tabId, seq, state) {
    const t = await this._translator();
    return this._applyBadge(tabId, seq, state, t);
  }

  // ---- events ---------------------------------------------------------------

  /**
   * A tab now shows `messages` (a selection in the 3-pane, or a displayed message). The
   * button is repainted synchronously, before anything is awaited: a known result at once,
   * otherwise the neutral "checking" look, so the previous message's verdict never stays.
   * Returns the sequence number and the message id, or null when nothing changed.
   */
  _show(tabId, messages, { displayed }) {
    const messageId = messages.length === 1 && Number.isInteger(messages[0].id) ? messages[0].id : null;
    const ts = this._tab(tabId);
    const retry = ts.state && ts.state.kind === "error" && ts.displayed; // shown again after a failure
    if (ts.seq > 0 && messageId !== null && ts.messageId === messageId && !retry) {
      // The same message again: its selection came first, now its display (or a repeat).
      ts.header = messages[0];
      if (displayed && !ts.displayed) {
        ts.displayed = true;
        ts.shownAt = now();
        // Its check may be done already: paint it now that the message is on screen.
        if (ts.state) {
          this._applyBadge(tabId, ts.seq, ts.state);
          return { seq: ts.seq, messageId, same: true, finish: true };
        }
      }
      return { seq: ts.seq, messageId, same: true };
    }
    const seq = this._displayed(tabId, messageId);
    ts.displayed = displayed;
    ts.shownAt = now();
    ts.header = messageId === null ? null : messages[0];
    const cached = messageId === null ? null : this._cachedSync(messageId);
    if (cached) ts.state = cached;
    // A verdict only on a message that is on screen: on a selection the previous message is
    // still shown until the new one loads, and must not carry the new one's verdict either.
    this._applyBadge(tabId, seq, messageId === null ? { kind: "none" } : (displayed && cached) || CHECKING);
    return { seq, messageId, same: false };
  }

  /** mailTabs.onSelectedMessagesChanged: fires on selection, before the message loads. */
  onSelectionChanged(tab, list) {
    const tabId = tab && typeof tab === "object" ? tab.id : tab;
    if (typeof tabId !== "number") return Promise.resolve();
    return this._run(tabId, this._show(tabId, normalizeMessageList(list), { displayed: false }));
  }

  /** messageDisplay.onMessagesDisplayed listener: (tab, MessageList | MessageHeader[]). */
  onMessagesDisplayed(tab, list) {
    const tabId = tab && typeof tab === "object" ? tab.id : tab;
    if (typeof tabId !== "number") return Promise.resolve();
    return this._run(tabId, this._show(tabId, normalizeMessageList(list), { displayed: true }));
  }

  /** Check what `_show` put on the tab; paint the outcome once the message is on screen. */
  async _run(tabId, { seq, messageId, same, finish }) {
    if (messageId === null) {
      // Nothing or several messages: the product's neutral look in the user's language.
      await this._applyBadgeTranslated(tabId, seq, { kind: "none" });
      return;
    }
    const ts = this._tab(tabId);
    if (finish) {
      await this._finish(tabId, seq, messageId, ts.state);
      return;
    }
    // The first event's run paints the outcome, unless the settings changed since.
    if (same && ts.running === seq && ts.runSettings && ts.runSettings === this._settings) return;
    ts.running = seq;
    ts.runSettings = this._settings;
    const settings = await this.settings();
    if (!this._isCurrent(tabId, seq)) return;
    if (!settings.autoCheck) {
      if (!ts.state && ts.displayed) await this._applyBadgeTranslated(tabId, seq, { kind: "none" });
      return;
    }
    const state = await this.check(messageId);
    if (!this._isCurrent(tabId, seq)) {
      // A stale reply: the tab shows another message now.
      this.onEvent("stale", { tabId, messageId });
      return;
    }
    ts.state = state;
    // Selected but not on screen yet: its display event paints it (see _show).
    if (!ts.displayed) return;
    await this._finish(tabId, seq, messageId, state);
  }

  /** The final look, the console event and the bar, for a message on screen. */
  async _finish(tabId, seq, messageId, state) {
    const ts = this._tab(tabId);
    await this._applyBadgeTranslated(tabId, seq, state);
    if (!this._isCurrent(tabId, seq)) return;
    this.onEvent("checked", {
      tabId,
      messageId,
      verdict: state.kind === "result" ? state.result.verdict : null,
      error: state.kind === "error" ? state.code : null,
      // From the message's display to the final look set on the button.
      ms: typeof ts.shownAt === "number" ? Math.round(now() - ts.shownAt) : null,
      phases: this.timings.get(messageId) || null,
    });
    if (barLevel(state, ts.header)) await this.showBanner(tabId, seq, state);
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
    let seq = ts.seq;
    if (ts.messageId !== header.id || force) {
      seq = this._displayed(tabId, header.id);
      ts.displayed = true;
      ts.header = header;
      this._applyBadge(tabId, seq, CHECKING);
    }
    const state = await this.check(header.id, { force });
    if (this._isCurrent(tabId, seq)) {
      ts.state = state;
      await this._applyBadgeTranslated(tabId, seq, state);
      if (barLevel(state, header)) await this.showBanner(tabId, seq, state);
    }
    return {
      ...state,
      reportTo: this.reportTo(),
      header: {
        subject: typeof header.subject === "string" ? header.subject : "",
        author: typeof header.author === "string" ? header.author : "",
      },
    };
  }

  /** The report addresses the host announced (brand data), or none yet. */
  reportTo() {
    const list = this.client && typeof this.client.reportTo === "function" ? this.client.reportTo() : [];
    return Array.isArray(list) ? list : [];
  }

  // ---- bars -----------------------------------------------------------------

  async bannerPayload(state, header) {
    const level = barLevel(state, header);
    if (!level) return { show: false };
    const t = await this.getTranslator(state.language || (await this.language()));
    const actions = level === "phishing"
      ? [["junk", "actJunk"], ["delete", "actDelete"], ["report", "actReport"], ["reasons", "actReasons"]]
      : [["reasons", "actReasons"]];
    return {
      show: true,
      level,
      messageId: state.messageId,
      lang: state.language || "en",
      // One short sentence of the extension's own (never the mail's words).
      title: t(BAR_TITLE_KEYS[level]),
      // The bar is drawn inside the mail, where the mail could draw a look-alike: the
      // verdict to trust is the toolbar button's.
      trust: t("barTrust"),
      close: t("bannerClose"),
      actions: actions.map(([id, key]) => ({ id, label: t(key) })),
    };
  }

  /** Put the bar for `state` into the message shown in `tabId`. */
  async showBanner(tabId, seq, state) {
    if (!this._isCurrent(tabId, seq)) return;
    const banner = await this.bannerPayload(state, this._tab(tabId).header);
    if (!banner.show || !this._isCurrent(tabId, seq)) return;
    try {
      await this.m.tabs.sendMessage(tabId, { type: "honmono:banner", banner });
      this.onEvent("banner", { tabId, messageId: state.messageId, level: banner.level, via: "message" });
      return;
    } catch (e) {
      // No banner script listening in that document yet (the message was open before
      // the add-on started): inject it; it asks for the banner itself (bannerForTab).
    }
    if (!this._isCurrent(tabId, seq)) return;
    try {
      await this.m.scripting.executeScript({ target: { tabId }, files: [BANNER_FILES.js] });
      this.onEvent("banner", { tabId, messageId: state.messageId, level: banner.level, via: "inject" });
    } catch (e) {
      this.log("honmono: cannot inject the banner:", e && e.message);
    }
  }

  /** For the banner script's query: the banner for what `tabId` shows, or {show:false}. */
  async bannerForTab(tabId) {
    let messageId = this.tabs.get(tabId)?.messageId ?? null;
    let header = this.tabs.get(tabId)?.header ?? null;
    if (messageId === null) {
      try {
        const messages = normalizeMessageList(await this.m.messageDisplay.getDisplayedMessages(tabId));
        if (messages.length === 1) [messageId, header] = [messages[0].id, messages[0]];
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
    return this.bannerPayload(state, header);
  }

  /** A bar's button (from the banner script in `tabId`): act on the message the tab shows. */
  async barAction(tabId, action) {
    const outcome = await this._act(tabId, action);
    const t = await this._translator();
    return { ...outcome, text: t(actionTextKey(action, outcome)) };
  }

  async _act(tabId, action) {
    const ts = this.tabs.get(tabId);
    const messageId = ts ? ts.messageId : null;
    if (!Number.isInteger(messageId)) return { ok: false, reason: "no_message" };
    try {
      if (action === "junk") return await moveToJunk([messageId], this.m);
      if (action === "delete") return await deleteMessages([messageId], this.m);
      if (action === "reasons") {
        const opened = await this.m.messageDisplayAction.openPopup();
        return { ok: opened !== false };
      }
      if (action === "report") return await openReportDraft(messageId, this.reportTo(), this.m);
    } catch (e) {
      this.log("honmono: action failed:", action, e && e.message);
      return { ok: false, reason: "failed" };
    }
    return { ok: false, reason: "unknown_action" };
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
