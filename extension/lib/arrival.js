// New mail, checked in the background: the Amazon-looking ones (by their headers) are read
// in full, classified by the host over the one native port with a bounded number of
// requests in flight (the host answers them in order, so it is never idle), and tagged.
// The queue lives in storage.local, so mail that arrived while the event page slept, or
// while the host was missing, is checked when the page wakes or the host is back.

import { ERROR_CODES, HostError, isHostDown } from "./protocol.js";
import { errorState, toBinaryString } from "./display.js";
import { normalizeMessageList } from "./message-list.js";
import { headerClaimsAmazon } from "./claim-filter.js";
import { verdictKey } from "./verdict-cache.js";
import { applyVerdictTag, ensureTags } from "./tags.js";
import { moveToJunk } from "./actions.js";
import { loadSettings, toHostSettings } from "./settings.js";

export const QUEUE_KEY = "arrival-queue";
export const STATUS_KEY = "arrival-status";
export const CONCURRENCY = 6; // messages read (getRaw) and requests in flight to the host
export const BATCH_SIZE = 50; // messages per persisted step of the queue


/**
 * Run fn over items with at most `limit` at a time; stops starting new ones once
 * shouldStop() says so. Resolves to the results in input order (undefined: not started).
 */
export async function runPool(items, limit, fn, shouldStop = () => false) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length && !shouldStop()) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

/** Every header of a MessageList, following its pages (messages.continueList). */
export async function allMessages(messagesApi, list) {
  const out = [...normalizeMessageList(list)];
  let page = list;
  while (page && typeof page === "object" && !Array.isArray(page) && page.id) {
    page = await messagesApi.continueList(page.id);
    out.push(...normalizeMessageList(page));
  }
  return out;
}

/**
 * Classifies messages and tags them; shared by the arrival queue and the menu checks.
 * Verdicts go through the VerdictCache the display uses.
 */
export class Checker {
  constructor({ messenger, client, verdicts, getTranslator, log, settings }) {
    this.m = messenger;
    this._loadSettings = settings || (() => loadSettings(this.m.storage, this.log));
    this.client = client;
    this.verdicts = verdicts;
    this.getTranslator = getTranslator;
    this.log = log || (() => {});
    this._tagsReady = null; // Promise, per language
    this._tagsLanguage = null;
    // Milliseconds spent per step, summed over messages in flight (so their sum can exceed
    // the elapsed time); reported with each arrival batch.
    this.timing = { read: 0, host: 0, tag: 0 };
  }

  /** The settings in effect (the display's cached copy when given). */
  settings() {
    return this._loadSettings();
  }

  /** The host settings for these user settings. */
  hostSettings(settings) {
    let ui = "en";
    try {
      ui = this.m.i18n.getUILanguage();
    } catch (e) {
      // keep English
    }
    return toHostSettings(settings, ui);
  }

  /** Create (or rename) our tags once per language. */
  ensureTags(language) {
    if (!this._tagsReady || this._tagsLanguage !== language) {
      this._tagsLanguage = language;
      const ready = (async () => ensureTags(this.m.messages.tags, await this.getTranslator(language)))();
      ready.catch(() => {
        if (this._tagsReady === ready) this._tagsReady = null;
      });
      this._tagsReady = ready;
    }
    return this._tagsReady;
  }

  /** A result or error state for one message (cached verdicts are reused). */
  async classify(messageId, hostSettings) {
    const base = { messageId, language: hostSettings.language };
    try {
      let raw;
      const t0 = Date.now();
      try {
        raw = await toBinaryString(await this.m.messages.getRaw(messageId, { data_format: "BinaryString" }));
      } catch (e) {
        throw new HostError(ERROR_CODES.READ_FAILED, e && e.message ? e.message : String(e));
      }
      const t1 = Date.now();
      this.timing.read += t1 - t0;
      const key = await verdictKey(raw, hostSettings);
      const cached = this.verdicts ? await this.verdicts.get(key) : null;
      if (cached) return { ...cached, ...base, cached: true };
      const state = { kind: "result", ...base, ...(await this.client.classify(raw, hostSettings)) };
      this.timing.host += Date.now() - t1;
      // Not awaited: the store writes a burst's verdicts in one batched write ~200 ms later,
      // and the tag need not wait for it (the verdict is in the cache's memory at once).
      if (this.verdicts) this.verdicts.put(key, state);
      return state;
    } catch (e) {
      return errorState(e, base);
    }
  }

  /**
   * Classify and tag one message whose header is known. Returns
   * {verdict, skipped?, state, moved?}: skipped when the headers do not name Amazon.
   * @param {object} header messages.MessageHeader
   * @param {{hostSettings: object, tagGenuine: boolean, junk: boolean}} options
   */
  async checkAndTag(header, { hostSettings, tagGenuine = true, junk = false }) {
    if (!headerClaimsAmazon(header)) return { verdict: "not_amazon", skipped: true };
    const state = await this.classify(header.id, hostSettings);
    if (state.kind !== "result") return { verdict: null, state };
    const verdict = state.result.verdict;
    const out = { verdict, state, moved: false };
    const t0 = Date.now();
    try {
      await applyVerdictTag(this.m.messages, header.id, verdict, { tagGenuine });
      this.timing.tag += Date.now() - t0;
      if (junk && verdict === "phishing") {
        out.moved = (await moveToJunk([header.id], this.m, { userAction: false })).moved.length > 0;
      }
    } catch (e) {
      this.log("honmono: cannot tag or move a message:", e && e.message);
      out.tagError = e && e.message ? e.message : String(e);
    }
    return out;
  }
}

export class ArrivalQueue {
  /**
   * @param {object} options
   * @param {object} options.messenger
   * @param {Checker} options.checker
   * @param {(event: string, data: object) => void} [options.onEvent]
   * @param {(status: object) => Promise<void>|void} [options.onStatus] host missing / back
   */
  constructor({ messenger, checker, log, onEvent, onStatus, batchSize = BATCH_SIZE, concurrency = CONCURRENCY }) {
    this.m = messenger;
    this.checker = checker;
    this.log = log || (() => {});
    this.onEvent = onEvent || (() => {});
    this.onStatus = onStatus || (() => {});
    this.batchSize = batchSize;
    this.concurrency = concurrency;
    this.items = null; // [{id, mid}] once loaded
    this._loading = null;
    this._draining = null;
    this.status = { waiting: 0, error: null };
  }

  async _load() {
    if (this.items) return this.items;
    if (!this._loading) {
      this._loading = this.m.storage.local.get([QUEUE_KEY, STATUS_KEY]).then(
        (got) => {
          const saved = got && Array.isArray(got[QUEUE_KEY]) ? got[QUEUE_KEY] : [];
          this.items = saved.filter((it) => it && Number.isInteger(it.id));
          const status = got && got[STATUS_KEY];
          if (status && typeof status === "object" && typeof status.error === "string") {
            this.status = { waiting: Number(status.waiting) || 0, error: status.error };
          }
          return this.items;
        },
        () => {
          this.items = [];
          return this.items;
        },
      );
    }
    return this._loading;
  }

  _save() {
    return this.m.storage.local.set({ [QUEUE_KEY]: this.items.map(({ id, mid }) => ({ id, mid })) })
      .catch((e) => this.log("honmono: cannot save the arrival queue:", e && e.message));
  }

  /** messages.onNewMailReceived listener: (folder, MessageList). */
  async onNewMail(folder, list) {
    const settings = await this.checker.settings();
    if (settings.arrival === "off") return 0;
    const headers = await allMessages(this.m.messages, list);
    // Headers first: only mail whose From or Subject names Amazon is queued (and read).
    const wanted = headers.filter((h) => Number.isInteger(h.id) && headerClaimsAmazon(h));
    this.onEvent("arrived", { count: headers.length, queued: wanted.length });
    if (wanted.length === 0) return 0;
    await this.enqueue(wanted.map((h) => ({ id: h.id, mid: typeof h.headerMessageId === "string" ? h.headerMessageId : "", header: h })));
    return wanted.length;
  }

  async enqueue(items) {
    await this._load();
    const known = new Set(this.items.map((it) => it.id));
    for (const it of items) if (!known.has(it.id)) this.items.push(it);
    await this._save();
    this.drain();
  }

  /** Check what waits (e.g. the host is back, the page woke up). */
  async resume() {
    await this._load();
    if (this.items.length > 0) return this.drain();
    return undefined;
  }

  /** Process the queue; one run at a time (a second call joins the first). */
  drain() {
    if (!this._draining) {
      this._draining = this._drain().finally(() => {
        this._draining = null;
      });
    }
    return this._draining;
  }

  /** The header for a queued item, or null when the message is gone (ids are per session). */
  async _header(item) {
    if (item.header) return item.header;
    try {
      const header = await this.m.messages.get(item.id);
      if (header && (!item.mid || header.headerMessageId === item.mid)) return header;
    } catch (e) {
      // gone, or the id now means nothing
    }
    if (!item.mid || typeof this.m.messages.query !== "function") return null;
    try {
      const found = normalizeMessageList(await this.m.messages.query({ headerMessageId: item.mid }));
      return found[0] || null;
    } catch (e) {
      return null;
    }
  }

  async _drain() {
    await this._load();
    // The previous batch's move to Junk runs while the next batch is read, classified and
    // tagged: a move is a server operation for IMAP (seconds for a large batch), and the next
    // batch's messages have nothing to wait for. Moves run one after the other (one chain),
    // and each batch is taken off the queue once its own move is done, in order.
    let finishing = Promise.resolve();
    const moving = new Set(); // ids tagged, whose batch's move is not done yet
    let down = null;
    for (;;) {
      const batch = this.items.filter((it) => !moving.has(it.id)).slice(0, this.batchSize);
      if (batch.length === 0) break;
      const settings = await this.checker.settings();
      if (settings.arrival === "off") {
        await finishing;
        this.items = [];
        await this._save();
        break;
      }
      const hostSettings = this.checker.hostSettings(settings);
      // Moves are made once per batch (one move per account), not per message: each move
      // is a server operation for IMAP.
      const junk = settings.arrival === "junk";
      const options = { hostSettings, tagGenuine: settings.tagGenuine, junk: false };
      try {
        await this.checker.ensureTags(hostSettings.language);
      } catch (e) {
        this.log("honmono: cannot create the tags:", e && e.message);
      }
      const started = Date.now();
      this.checker.timing = { read: 0, host: 0, tag: 0 };
      const results = await runPool(batch, this.concurrency, async (item) => {
        const header = await this._header(item);
        if (!header) return { verdict: null, gone: true };
        const out = await this.checker.checkAndTag(header, options);
        out.messageId = header.id;
        if (isHostDown(out.state)) down = out.state;
        return out;
      }, () => down !== null);
      const steps = { ...this.checker.timing, move: 0 };
      const classified = Date.now() - started;
      // Keep what was not done (never started, or failed because the host is down).
      const done = new Set(batch.filter((_, i) => results[i] && !isHostDown(results[i].state)).map((it) => it.id));
      for (const id of done) moving.add(id);
      const phishing = results.filter((r) => r && r.verdict === "phishing").map((r) => r.messageId);
      finishing = finishing.then(() => this._finishBatch({ batch, results, done, phishing, junk, started, classified, steps, moving }));
      if (down) break;
    }
    await finishing;
    await this._setStatus(down ? { waiting: this.items.length, error: down.code } : { waiting: 0, error: null });
  }

  /** A batch's tail: its phishing moved to Junk, its events, and its items off the queue. */
  async _finishBatch({ batch, results, done, phishing, junk, started, classified, steps, moving }) {
    let moved = new Set();
    let remarked = 0;
    const moveStart = Date.now();
    if (junk && phishing.length > 0) {
      try {
        const out = await moveToJunk(phishing, this.m, { userAction: false });
        moved = new Set(out.moved);
        remarked = out.remarked;
      } catch (e) {
        this.log("honmono: cannot move phishing to Junk:", e && e.message);
      }
    }
    steps.move = Date.now() - moveStart;
    for (const r of results) {
      if (r && r.verdict && r.verdict !== "not_amazon" && !r.skipped) {
        this.onEvent("tagged", { messageId: r.messageId, verdict: r.verdict, moved: moved.has(r.messageId), cached: Boolean(r.state && r.state.cached) });
      }
    }
    this.items = this.items.filter((it) => !done.has(it.id));
    for (const id of done) moving.delete(id);
    await this._save();
    const counts = {};
    for (const r of results) if (r && r.verdict) counts[r.verdict] = (counts[r.verdict] || 0) + 1;
    // ms: from the batch's start to its end (move included); classifyMs: until its last tag;
    // remarked: moved copies found in Junk and marked again.
    this.onEvent("arrival-batch", { size: batch.length, done: done.size, counts, ms: Date.now() - started, classifyMs: classified, steps, remarked, waiting: this.items.length });
  }

  async _setStatus(status) {
    const changed = status.error !== this.status.error || status.waiting !== this.status.waiting;
    this.status = status;
    if (!changed) return;
    try {
      await this.m.storage.local.set({ [STATUS_KEY]: status });
      await this.onStatus(status);
    } catch (e) {
      this.log("honmono: cannot record the arrival status:", e && e.message);
    }
  }
}
