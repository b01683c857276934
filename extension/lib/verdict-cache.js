// Verdicts computed once, reused: keyed by the mail's Message-ID header, a hash of its raw
// bytes and the settings sent to the host, so an edited or re-delivered copy, or other
// settings, get a fresh verdict. Kept in memory and in storage.local (bounded), so a verdict
// computed on arrival shows at once when the mail is opened, even after the event page was
// suspended.

import { settingsKey } from "./settings.js";

export const CACHE_LIMIT = 1000;
const INDEX_KEY = "verdict-index";
const ENTRY_PREFIX = "verdict:";
// The header block is searched for Message-ID only this far.
const HEADER_SCAN = 64 * 1024;
const FLUSH_DELAY_MS = 200;

/** The Message-ID header of a raw message (binary string), or "" when there is none. */
export function headerMessageId(raw) {
  if (typeof raw !== "string") return "";
  const head = raw.slice(0, HEADER_SCAN);
  const end = head.search(/\r?\n\r?\n/);
  const block = end >= 0 ? head.slice(0, end) : head;
  const m = /(?:^|\n)message-id:[ \t]*(?:\r?\n[ \t]+)?([^\r\n]*)/i.exec(block);
  return m ? m[1].trim().slice(0, 998) : "";
}

/** Hex SHA-256 of a binary string (one char per byte). */
export async function sha256Hex(raw) {
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i += 1) bytes[i] = raw.charCodeAt(i) & 0xff;
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The cache key of a raw message under the given host settings. */
export async function verdictKey(raw, hostSettings) {
  const settingsHash = await sha256Hex(unescape(encodeURIComponent(settingsKey(hostSettings))));
  return `${await sha256Hex(raw)}|${settingsHash.slice(0, 16)}|${headerMessageId(raw)}`;
}

export class VerdictCache {
  /**
   * @param {object} [options]
   * @param {object} [options.storage] the `storage` namespace (storage.local is used), or none: memory only
   * @param {number} [options.limit]
   * @param {(...args: any[]) => void} [options.log]
   */
  constructor({ storage, limit = CACHE_LIMIT, log } = {}) {
    this.local = storage && storage.local ? storage.local : null;
    this.limit = limit;
    this.log = log || (() => {});
    this.memory = new Map(); // key -> state, oldest first
    this._index = null; // Promise<string[]> of persisted keys, oldest first
    this._pending = new Map(); // key -> state, not yet written
    this._flushing = null;
  }

  /** Read the index now (at start-up), so the first check does not wait for it. */
  load() {
    return this._loadIndex().then(() => undefined);
  }

  _loadIndex() {
    if (!this._index) {
      this._index = this.local
        ? this.local.get(INDEX_KEY).then((got) => (Array.isArray(got && got[INDEX_KEY]) ? got[INDEX_KEY] : []), () => [])
        : Promise.resolve([]);
    }
    return this._index;
  }

  _touch(key, state) {
    this.memory.delete(key);
    this.memory.set(key, state);
    while (this.memory.size > this.limit) this.memory.delete(this.memory.keys().next().value);
  }

  /** The state stored under `key`, or null. */
  async get(key) {
    if (this.memory.has(key)) {
      const state = this.memory.get(key);
      this._touch(key, state);
      return state;
    }
    if (!this.local) return null;
    try {
      // The index (read once, kept in step with every write) says whether storage holds it:
      // a mail never judged costs no storage read before its check.
      if (!(await this._loadIndex()).includes(key)) return null;
      const got = await this.local.get(ENTRY_PREFIX + key);
      const state = got ? got[ENTRY_PREFIX + key] : undefined;
      if (state && typeof state === "object" && state.kind === "result") {
        this._touch(key, state);
        return state;
      }
    } catch (e) {
      this.log("honmono: cannot read a cached verdict:", e && e.message);
    }
    return null;
  }

  /** Remember a result state (errors are never cached); persisted in one write per burst. */
  put(key, state) {
    if (!state || state.kind !== "result") return Promise.resolve();
    this._touch(key, state);
    if (!this.local) return Promise.resolve();
    this._pending.set(key, state);
    if (!this._flushing) {
      // One storage write for all verdicts of a burst, after the current ones settle.
      this._flushing = new Promise((resolve) => setTimeout(resolve, FLUSH_DELAY_MS)).then(() => this._flush());
    }
    return this._flushing;
  }

  async _flush() {
    const batch = this._pending;
    this._pending = new Map();
    this._flushing = null;
    if (batch.size === 0) return;
    try {
      const index = (await this._loadIndex()).filter((k) => !batch.has(k));
      index.push(...batch.keys());
      const dropped = index.length > this.limit ? index.splice(0, index.length - this.limit) : [];
      const items = { [INDEX_KEY]: index };
      for (const [key, state] of batch) if (!dropped.includes(key)) items[ENTRY_PREFIX + key] = state;
      this._index = Promise.resolve(index);
      await this.local.set(items);
      if (dropped.length && typeof this.local.remove === "function") {
        await this.local.remove(dropped.map((k) => ENTRY_PREFIX + k));
      }
    } catch (e) {
      this.log("honmono: cannot store verdicts:", e && e.message);
    }
  }
}
