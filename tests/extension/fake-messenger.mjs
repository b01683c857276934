// A fake `messenger` namespace for Thunderbird MV3, with a fake native-messaging host
// speaking protocol 1. Records every call the extension makes, so tests can check
// badges per tab, requests sent to the host, scripts injected, and so on.

import { readFile } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { makeTranslator } from "../../extension/lib/i18n.js";
import { fileURLToPath } from "node:url";
import path from "node:path";

export const EXTENSION_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../extension");
export const URL_PREFIX = "moz-extension://00000000-fake/";
// Four messages named after their verdict by subject, and the verdict a fake host gives them.
export const SAMPLE_RAW = Object.freeze({
  1: "From: Amazon <no-reply@amazon.co.jp>\r\nSubject: genuine\r\n\r\nbody",
  2: "From: Amazon <account@amaz0n-security.example>\r\nSubject: phish\r\n\r\nbody",
  3: "From: Amazon <x@amazon.co.jp>\r\nSubject: unsure\r\n\r\nbody",
  4: "From: friend@example.org\r\nSubject: lunch\r\n\r\nbody",
});
const VERDICT_BY_SUBJECT = Object.freeze({ genuine: "genuine", phish: "phishing", unsure: "suspicious", lunch: "not_amazon" });

export function sampleVerdict(raw) {
  const m = /Subject: (\w+)/.exec(raw);
  return VERDICT_BY_SUBJECT[m ? m[1] : ""] || "not_amazon";
}

// browser.i18n.getMessage: Thunderbird's own locale (English here), synchronous.
const EN = makeTranslator(JSON.parse(readFileSync(path.join(EXTENSION_DIR, "_locales/en/messages.json"), "utf8")));
const getMessage = (key, subs) => (EN.has(key) ? EN(key, ...(Array.isArray(subs) ? subs : subs === undefined ? [] : [subs])) : "");

export const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

export function deferred() {
  let resolve;
  let reject;
  const promise = new Promise((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

export class FakeEvent {
  constructor() {
    this.listeners = [];
  }
  addListener(fn) {
    this.listeners.push(fn);
  }
  removeListener(fn) {
    this.listeners = this.listeners.filter((l) => l !== fn);
  }
  hasListener(fn) {
    return this.listeners.includes(fn);
  }
  /** Call every listener; resolves to their (awaited) return values. */
  fire(...args) {
    return Promise.all(this.listeners.map((fn) => fn(...args)));
  }
}

/** The extension's end of a native port; the fake host drives the other end. */
export class FakeNativePort {
  constructor(name, host) {
    this.name = name;
    this.host = host;
    this.onMessage = new FakeEvent();
    this.onDisconnect = new FakeEvent();
    this.error = null;
    this.closed = false; // closed by either side
    this.closedByExtension = false;
    this.sent = [];
  }
  postMessage(message) {
    if (this.closed) throw new Error("Attempt to postMessage on disconnected port");
    const copy = structuredClone(message);
    this.sent.push(copy);
    queueMicrotask(() => this.host._receive(this, copy));
  }
  disconnect() {
    this.closed = true;
    this.closedByExtension = true;
  }
  // ---- host side ----
  deliver(message) {
    if (this.closed) return;
    const copy = structuredClone(message);
    setTimeout(() => {
      if (!this.closed) this.onMessage.fire(copy);
    }, 0);
  }
  crash(errorMessage = null) {
    if (this.closed) return;
    this.closed = true;
    this.error = errorMessage ? { message: errorMessage } : null;
    setTimeout(() => this.onDisconnect.fire(this), 0);
  }
}

export function makeResult(verdict, overrides = {}) {
  const badges = {
    genuine: { text: "✓", color: "#2e7d32", title: "Honmono: genuine Amazon mail" },
    phishing: { text: "!", color: "#c62828", title: "Honmono: phishing" },
    suspicious: { text: "?", color: "#f9a825", title: "Honmono: suspicious" },
    not_amazon: { text: "", color: null, title: "" },
  };
  return {
    type: "result",
    verdict,
    badge: badges[verdict],
    summary: `This mail is ${verdict}.`,
    claim: { is_amazon: verdict !== "not_amazon", reasons: [] },
    evidence: [
      { id: "sender.from", category: "sender", status: verdict === "phishing" ? "fail" : "pass", title: "From", detail: "d", source: "From" },
    ],
    advice: ["Do not click."],
    details: { links: [], auth: {}, notice: null, defects: [] },
    timing_ms: 3.2,
    ...overrides,
  };
}

/**
 * A fake native host.
 * @param {object} opts
 * @param {(req, ctx) => object|Promise<object>|undefined} [opts.classify] returns a reply body
 *   (merged with protocol/id), or undefined to never answer; ctx = {port, host, attempt}
 * @param {(req, ctx) => object|undefined} [opts.ping] same for ping
 * @param {boolean|string} [opts.missing] connectNative ports die at once with this error
 * @param {number} [opts.maxRawBytes]
 */
export function createFakeHost(opts = {}) {
  const host = {
    ports: [],
    requests: [],
    maxRawBytes: opts.maxRawBytes ?? 1_000_000,
    protocol: opts.protocol ?? 1,
    connect(name) {
      const port = new FakeNativePort(name, host);
      host.ports.push(port);
      if (opts.missing) {
        port.crash(typeof opts.missing === "string" ? opts.missing : `No such native application ${name}`);
      }
      return port;
    },
    async _receive(port, req) {
      host.requests.push(req);
      const ctx = { port, host, attempt: host.requests.filter((r) => r.type === req.type).length };
      let body;
      if (req.type === "ping") {
        body = opts.ping
          ? await opts.ping(req, ctx)
          : {
              type: "pong",
              versions: { protocol: host.protocol, honmono: "0.1.0", python: "3.11.7" },
              limits: { max_raw_bytes: host.maxRawBytes },
            };
      } else if (req.type === "classify") {
        body = opts.classify ? await opts.classify(req, ctx) : makeResult("genuine");
      } else {
        body = { type: "error", error: { code: "bad_request", message: "unknown type" } };
      }
      if (body === undefined) return; // never answers
      port.deliver({ protocol: host.protocol, id: req.id, ...body });
    },
    classifyRequests() {
      return host.requests.filter((r) => r.type === "classify");
    },
  };
  return host;
}

/** fetch() for moz-extension:// URLs of files in extension/. */
export async function fakeFetch(url) {
  const rel = String(url).startsWith(URL_PREFIX) ? String(url).slice(URL_PREFIX.length) : String(url).replace(/^\//, "");
  try {
    const text = await readFile(path.join(EXTENSION_DIR, rel), "utf8");
    return { ok: true, status: 200, json: async () => JSON.parse(text), text: async () => text };
  } catch (e) {
    return { ok: false, status: 404, json: async () => { throw e; }, text: async () => "" };
  }
}

/**
 * @param {object} opts
 * @param {object} [opts.host] from createFakeHost (default: a genuine-answering host)
 * @param {Record<number, string|object>} [opts.raw] messageId -> raw (string or Blob-like)
 * @param {Record<number, object[]>} [opts.displayed] tabId -> MessageHeader[]
 * @param {string} [opts.uiLanguage]
 * @param {object} [opts.settings] stored under "settings"
 * @param {object|Error} [opts.managed] storage.managed data (an administrator's presets); an
 *   Error: get() rejects with it; none: get() rejects as Thunderbird does without a manifest
 * @param {object[]} [opts.accounts]
 * @param {boolean} [opts.moveMakesCopies] messages.move as Thunderbird's IMAP move: the moved
 *   message gets a new id and loses the junk mark when the mark's STORE lost the race with
 *   the COPY (the old id is gone)
 */
export function createFakeMessenger(opts = {}) {
  const host = opts.host || createFakeHost();
  const raw = opts.raw || {};
  const displayed = opts.displayed || {};
  const store = opts.settings ? { settings: structuredClone(opts.settings) } : {};
  const calls = [];
  const badges = new Map(); // tabId -> {text, color, title}
  const icons = new Map(); // tabId -> the path given to setIcon (none: the manifest's default_icon)
  const contentListeners = new Map(); // tabId -> fn(message)
  const registered = [];
  const headers = opts.headers || {}; // id -> MessageHeader (kept up to date by update/move)
  const folders = opts.folders || [];
  const tags = opts.tags || [];
  const menuItems = [];
  const defaultTitle = { value: null };
  const pending = new Map(); // list id -> the headers of its next pages
  const pageSize = opts.pageSize || 100;
  let nextList = 1;
  const pages = (all) => {
    const first = all.slice(0, pageSize).map((h) => structuredClone(h));
    if (all.length <= pageSize) return { id: null, messages: first };
    const id = `list-${nextList++}`;
    pending.set(id, all.slice(pageSize));
    return { id, messages: first };
  };

  const record = (name, ...args) => calls.push({ name, args: structuredClone(args) });
  const badgeOf = (tabId) => {
    if (!badges.has(tabId)) badges.set(tabId, { text: "", color: null, title: null });
    return badges.get(tabId);
  };
  const requireTab = (name, details) => {
    if (!details || typeof details.tabId !== "number" || "windowId" in details) {
      throw new Error(`${name} must be called with {tabId} only, got ${JSON.stringify(details)}`);
    }
  };

  const messenger = {
    runtime: {
      connectNative(name) {
        record("runtime.connectNative", name);
        return host.connect(name);
      },
      getURL: (p) => URL_PREFIX + String(p).replace(/^\//, ""),
      onMessage: new FakeEvent(),
      async sendMessage(message) {
        record("runtime.sendMessage", message);
        const results = await messenger.runtime.onMessage.fire(message, { id: "honmono@honmono" });
        return results.find((r) => r !== undefined);
      },
      openOptionsPage: async () => record("runtime.openOptionsPage"),
    },
    messages: {
      async getRaw(id, options) {
        record("messages.getRaw", id, options);
        if (!(id in raw)) throw new Error(`Message not found: ${id}.`);
        return raw[id];
      },
      // ---- message headers, tags, junk, move (opts.headers: id -> MessageHeader) ----
      onNewMailReceived: new FakeEvent(),
      // Two shapes: opts.headers (id -> MessageHeader, kept up to date by update/move, with
      // opts.folders the list of folders), or, without headers, a displayed message whose
      // folder comes from opts.messageFolders (id -> folder; default an inbox of account1).
      async get(id) {
        record("messages.get", id);
        if (opts.headers) {
          if (!(id in headers)) throw new Error(`Message not found: ${id}.`);
          return structuredClone(headers[id]);
        }
        const folder = (opts.messageFolders || {})[id] || { id: "inbox-1", accountId: "account1", specialUse: ["inbox"] };
        return { id, folder: structuredClone(folder), junk: Boolean((opts.junk || {})[id]) };
      },
      async update(id, props) {
        record("messages.update", id, props);
        if (!opts.headers) return;
        if (!(id in headers)) throw new Error(`Message not found: ${id}.`);
        Object.assign(headers[id], structuredClone(props));
      },
      async move(ids, folderId, options) {
        record("messages.move", ...(options === undefined ? [ids, folderId] : [ids, folderId, options]));
        if (!opts.headers) return;
        const folder = folders.find((f) => f.id === folderId);
        if (!folder) throw new Error(`Folder not found: ${folderId}`);
        for (const id of ids) {
          if (!opts.moveMakesCopies) {
            headers[id].folder = structuredClone(folder);
            continue;
          }
          const copy = Math.max(...Object.keys(headers).map(Number)) + 1;
          headers[copy] = { ...structuredClone(headers[id]), id: copy, folder: structuredClone(folder), junk: false };
          delete headers[id];
        }
      },
      async delete(ids, options) {
        record("messages.delete", ...(options === undefined ? [ids] : [ids, options]));
      },
      async list(folderId) {
        record("messages.list", folderId);
        const all = Object.values(headers).filter((h) => h.folder && h.folder.id === folderId);
        return pages(all);
      },
      async continueList(listId) {
        record("messages.continueList", listId);
        const rest = pending.get(listId);
        pending.delete(listId);
        return rest ? pages(rest) : { id: null, messages: [] };
      },
      async query(info) {
        record("messages.query", info);
        return pages(Object.values(headers).filter((h) => (!info.headerMessageId || h.headerMessageId === info.headerMessageId)
          && (!info.folderId || (h.folder && h.folder.id === info.folderId))));
      },
      tags: {
        async list() {
          return structuredClone(tags);
        },
        async create(key, tag, color) {
          record("messages.tags.create", key, tag, color);
          if (tags.some((t) => t.key === key)) throw new Error(`tag ${key} exists`);
          tags.push({ key, tag, color, ordinal: "" });
        },
        async update(key, props) {
          record("messages.tags.update", key, props);
          Object.assign(tags.find((t) => t.key === key), props);
        },
      },
    },
    folders: {
      async query(info) {
        record("folders.query", info);
        if (!opts.headers) {
          // Without opts.headers: opts.junkFolders (accountId -> Junk folder), by default one
          // for account1.
          const all = opts.junkFolders || { account1: { id: "junk-1", accountId: "account1", specialUse: ["junk"] } };
          const f = all[info && info.accountId];
          return f ? [structuredClone(f)] : [];
        }
        return structuredClone(folders.filter((f) => (!info.accountId || f.accountId === info.accountId)
          && (info.path === undefined || f.path === info.path)
          && (info.name === undefined || f.name === info.name)
          && (info.specialUse || []).every((u) => (f.specialUse || []).includes(u))));
      },
      // A new folder has no special use (Thunderbird flags a folder Junk only when its own
      // junk controls create it); opts.cannotCreateFolders: account ids that refuse (news).
      async create(parentId, name) {
        record("folders.create", parentId, name);
        const parent = parentId.endsWith("://") ? { accountId: parentId.slice(0, -3), path: "" } : folders.find((f) => f.id === parentId);
        if (!parent) throw new Error(`Folder not found: ${parentId}`);
        if ((opts.cannotCreateFolders || []).includes(parent.accountId)) throw new Error("This folder cannot have subfolders.");
        const path = `${parent.path || ""}/${name}`;
        if (folders.some((f) => f.accountId === parent.accountId && f.path === path)) throw new Error(`Folder exists: ${path}`);
        const folder = { id: `${parent.accountId}:/${path}`, accountId: parent.accountId, name, path, specialUse: [] };
        folders.push(folder);
        return structuredClone(folder);
      },
    },
    menus: {
      onClicked: new FakeEvent(),
      async removeAll() {
        record("menus.removeAll");
        menuItems.length = 0;
      },
      create(props, callback) {
        record("menus.create", props);
        menuItems.push(structuredClone(props));
        if (callback) setTimeout(callback, 0);
        return props.id;
      },
    },
    windows: {
      async create(details) {
        record("windows.create", details);
        return { id: 99 };
      },
    },
    messageDisplay: {
      onMessagesDisplayed: new FakeEvent(),
      async getDisplayedMessages(tabId) {
        record("messageDisplay.getDisplayedMessages", tabId);
        return { id: null, messages: structuredClone(displayed[tabId] || []) };
      },
    },
    messageDisplayAction: {
      async setIcon(details) {
        requireTab("setIcon", details);
        if (!details.path || "imageData" in details) throw new Error("setIcon: give a path (no imageData)");
        record("messageDisplayAction.setIcon", details);
        icons.set(details.tabId, structuredClone(details.path));
      },
      async setBadgeText(details) {
        requireTab("setBadgeText", details);
        record("messageDisplayAction.setBadgeText", details);
        badgeOf(details.tabId).text = details.text;
      },
      async setBadgeBackgroundColor(details) {
        requireTab("setBadgeBackgroundColor", details);
        record("messageDisplayAction.setBadgeBackgroundColor", details);
        badgeOf(details.tabId).color = details.color;
      },
      async setBadgeTextColor(details) {
        requireTab("setBadgeTextColor", details);
        record("messageDisplayAction.setBadgeTextColor", details);
        badgeOf(details.tabId).textColor = details.color;
      },
      async setLabel(details) {
        requireTab("setLabel", details);
        record("messageDisplayAction.setLabel", details);
        badgeOf(details.tabId).label = details.label;
      },
      async openPopup(options) {
        record("messageDisplayAction.openPopup", options);
        return true;
      },
      async setTitle(details) {
        if (details && details.tabId === undefined && details.windowId === undefined) {
          // the button's default tooltip, for every tab without its own
          record("messageDisplayAction.setTitle", details);
          defaultTitle.value = details.title;
          return;
        }
        requireTab("setTitle", details);
        record("messageDisplayAction.setTitle", details);
        badgeOf(details.tabId).title = details.title;
      },
    },
    storage: {
      local: {
        async get(keys) {
          if (keys === null || keys === undefined) return structuredClone(store);
          const list = Array.isArray(keys) ? keys : [keys];
          const out = {};
          for (const k of list) if (k in store) out[k] = structuredClone(store[k]);
          return out;
        },
        async remove(keys) {
          for (const k of Array.isArray(keys) ? keys : [keys]) delete store[k];
        },
        async set(items) {
          const changes = {};
          for (const [k, v] of Object.entries(items)) {
            changes[k] = { oldValue: store[k], newValue: structuredClone(v) };
            store[k] = structuredClone(v);
          }
          await messenger.storage.onChanged.fire(changes, "local");
        },
      },
      managed: {
        async get(keys) {
          record("storage.managed.get", keys);
          if (opts.managed === undefined) throw new Error("Managed storage manifest not found");
          if (opts.managed instanceof Error) throw opts.managed;
          const data = structuredClone(opts.managed);
          if (keys === null || keys === undefined) return data;
          const out = {};
          for (const k of Array.isArray(keys) ? keys : [keys]) if (k in data) out[k] = data[k];
          return out;
        },
        async set() {
          throw new Error("storage.managed is read-only");
        },
      },
      onChanged: new FakeEvent(),
    },
    i18n: {
      getUILanguage: () => opts.uiLanguage || "en-US",
      getMessage,
    },
    accounts: {
      list: async () => structuredClone(opts.accounts || []),
      async get(accountId) {
        record("accounts.get", accountId);
        const account = (opts.accounts || []).find((a) => a.id === accountId);
        return { id: accountId, type: "pop3", ...structuredClone(account || {}), rootFolder: { id: `${accountId}://`, accountId, path: "/", isRoot: true } };
      },
    },
    compose: {
      async beginForward(id, type, details) {
        record("compose.beginForward", id, type, details);
        return { id: 99, type: "messageCompose" };
      },
    },
    mailTabs: {
      onSelectedMessagesChanged: new FakeEvent(),
    },
    tabs: {
      onRemoved: new FakeEvent(),
      async query() {
        return [{ id: opts.activeTabId ?? 1, active: true }];
      },
      async sendMessage(tabId, message) {
        record("tabs.sendMessage", tabId, message);
        const fn = contentListeners.get(tabId);
        if (!fn) throw new Error("Could not establish connection. Receiving end does not exist.");
        return fn(structuredClone(message));
      },
    },
    scripting: {
      async insertCSS(injection) {
        record("scripting.insertCSS", injection);
      },
      async executeScript(injection) {
        record("scripting.executeScript", injection);
        return [];
      },
      messageDisplay: {
        async registerScripts(scripts) {
          record("scripting.messageDisplay.registerScripts", scripts);
          for (const s of scripts) {
            if (registered.some((r) => r.id === s.id)) throw new Error(`script id ${s.id} already registered`);
            registered.push(structuredClone(s));
          }
        },
        async getRegisteredScripts(filter) {
          const ids = filter && Array.isArray(filter.ids) ? filter.ids : null;
          return structuredClone(ids ? registered.filter((r) => ids.includes(r.id)) : registered);
        },
        async unregisterScripts(filter) {
          record("scripting.messageDisplay.unregisterScripts", filter);
          const ids = filter && Array.isArray(filter.ids) ? filter.ids : null;
          for (let i = registered.length - 1; i >= 0; i -= 1) {
            if (!ids || ids.includes(registered[i].id)) registered.splice(i, 1);
          }
        },
      },
    },
  };

  return {
    messenger,
    host,
    headers,
    folders,
    tags,
    menuItems,
    defaultTitle,
    calls,
    badges,
    store,
    registered,
    badge: (tabId) => badgeOf(tabId),
    icons,
    /** The icon path set for a tab, or undefined while it shows the default icon. */
    icon: (tabId) => icons.get(tabId),
    callsNamed: (name) => calls.filter((c) => c.name === name),
    /** Pretend a banner content script is loaded in `tabId`; returns the messages it got. */
    attachContentScript(tabId) {
      const got = [];
      contentListeners.set(tabId, async (message) => {
        got.push(message);
        return true;
      });
      return got;
    },
    /** Display messages in a tab, as Thunderbird would (MV3 MessageList by default). */
    display(tabId, headers, { shape = "list" } = {}) {
      displayed[tabId] = headers;
      const list = shape === "array" ? structuredClone(headers) : { id: null, messages: structuredClone(headers) };
      return messenger.messageDisplay.onMessagesDisplayed.fire({ id: tabId, type: "mail" }, list);
    },
    /** Select messages in a mail tab's list (fires before the message is displayed). */
    select(tabId, headers) {
      return messenger.mailTabs.onSelectedMessagesChanged.fire({ id: tabId, type: "mail" }, { id: null, messages: structuredClone(headers) });
    },
    /** A message (from a content script in `tabId`) to the background. */
    fromContent(tabId, message) {
      return messenger.runtime.onMessage.fire(message, { id: "honmono@honmono", tab: { id: tabId } })
        .then((results) => results.find((r) => r !== undefined));
    },
  };
}
