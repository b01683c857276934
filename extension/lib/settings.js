// Settings: the user's in storage.local under one key, an administrator's presets in
// storage.managed; the merged result is sent with every request.
//
// Managed storage (read-only for the add-on) comes from
// $HOME/.mozilla/managed-storage/honmono@honmono.json on Linux (`{"name": "honmono@honmono",
// "type": "storage", "data": {...}}`), the registry on Windows, or enterprise policies
// ("3rdparty": {"Extensions": {"honmono@honmono": {...}}}). Its data has the fields of
// DEFAULT_SETTINGS: trustAuthserv entries are added to the user's own; every other field is
// a default that the user's own saved value overrides.

export const STORAGE_KEY = "settings";

export const LANGUAGES = Object.freeze(["auto", "ja", "en"]);

export const DEFAULT_SETTINGS = Object.freeze({
  names: [], // names registered with Amazon (greeting check)
  addresses: [], // addresses registered with Amazon (recipient check)
  trustAuthserv: [], // authserv-ids of the user's own receiving servers
  autoCheck: true, // check displayed messages without a click
  dnsLookups: true, // false: the host works offline (no DKIM key lookups)
  language: "auto", // auto follows Thunderbird's UI language
  arrival: "tag", // new mail: "tag" it, "junk" (tag, mark as junk, move to Junk), or "off"
  tagGenuine: true, // also tag genuine Amazon mail (green), not only phishing and suspicious
});

export const ARRIVAL_MODES = Object.freeze(["tag", "junk", "off"]);

function stringList(value) {
  if (typeof value === "string") value = parseList(value);
  if (!Array.isArray(value)) return [];
  const seen = new Set();
  const out = [];
  for (const item of value) {
    if (typeof item !== "string") continue;
    const s = item.trim();
    if (!s) continue;
    const key = s.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(s);
  }
  return out;
}

/** Split a textarea's content: one entry per line (commas and semicolons also separate). */
export function parseList(text) {
  if (typeof text !== "string") return [];
  return stringList(text.split(/[\r\n,;]+/));
}

function isListLike(value) {
  return Array.isArray(value) || typeof value === "string";
}

const lowerList = (value) => stringList(value).map((a) => a.toLowerCase());
const bool = (value) => (typeof value === "boolean" ? value : undefined);

// Per field: the well-typed value, or undefined for a missing or unusable one.
const FIELDS = Object.freeze({
  names: (v) => (isListLike(v) ? stringList(v) : undefined),
  addresses: (v) => (isListLike(v) ? lowerList(v) : undefined),
  trustAuthserv: (v) => (isListLike(v) ? lowerList(v) : undefined),
  autoCheck: bool,
  dnsLookups: bool,
  language: (v) => (LANGUAGES.includes(v) ? v : undefined),
  arrival: (v) => (ARRIVAL_MODES.includes(v) ? v : undefined),
  tagGenuine: bool,
});

/** Only the usable fields of a stored (or managed) object, normalised. */
export function partialSettings(stored) {
  const s = stored && typeof stored === "object" && !Array.isArray(stored) ? stored : {};
  const out = {};
  for (const [key, check] of Object.entries(FIELDS)) {
    const value = Object.prototype.hasOwnProperty.call(s, key) ? check(s[key]) : undefined;
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** A complete, well-typed settings object from whatever was stored. */
export function normalizeSettings(stored) {
  return { ...structuredClone(DEFAULT_SETTINGS), ...partialSettings(stored) };
}

/**
 * The settings in effect, from the user's stored settings and an administrator's presets:
 * {effective, defaults, user, managed}. `defaults` are the built-in defaults overridden
 * by the managed fields (without trustAuthserv); `user` and `managed` hold only the fields
 * each one set; effective.trustAuthserv = managed entries, then the user's.
 */
export function layerSettings(stored, managedData) {
  const user = partialSettings(stored);
  const managed = partialSettings(managedData);
  const defaults = normalizeSettings({ ...managed, trustAuthserv: [] });
  const effective = normalizeSettings({
    ...defaults,
    ...user,
    trustAuthserv: [...(managed.trustAuthserv || []), ...(user.trustAuthserv || [])],
  });
  return { effective, defaults, user, managed };
}

/** The administrator's presets (storage.managed), or {} when there are none. */
export async function loadManaged(storage, log = () => {}) {
  const area = storage && storage.managed;
  if (!area || typeof area.get !== "function") return {};
  try {
    const got = await area.get();
    return got && typeof got === "object" && !Array.isArray(got) ? got : {};
  } catch (e) {
    // "Managed storage manifest not found" is the usual case: no administrator presets.
    const message = e && e.message ? e.message : String(e);
    if (!/managed storage manifest not found/i.test(message)) log("honmono: cannot read managed settings:", message);
    return {};
  }
}

/** "ja" or "en": the user's choice, else Thunderbird's UI language. */
export function resolveLanguage(preference, uiLanguage) {
  if (preference === "ja" || preference === "en") return preference;
  return typeof uiLanguage === "string" && /^ja\b/i.test(uiLanguage) ? "ja" : "en";
}

/** The `settings` object of a classify request. */
export function toHostSettings(settings, uiLanguage) {
  const s = normalizeSettings(settings);
  return {
    language: resolveLanguage(s.language, uiLanguage),
    names: s.names,
    addresses: s.addresses,
    trust_authserv: s.trustAuthserv,
    offline: !s.dnsLookups,
  };
}

/** A stable key for the host settings: results are cached per message and per this key. */
export function settingsKey(hostSettings) {
  const ordered = {};
  for (const k of Object.keys(hostSettings).sort()) ordered[k] = hostSettings[k];
  return JSON.stringify(ordered);
}

/** All layers (see layerSettings) from the `storage` namespace: storage.local + storage.managed. */
export async function loadSettingsLayers(storage, log) {
  const [got, managed] = await Promise.all([storage.local.get(STORAGE_KEY), loadManaged(storage, log)]);
  return layerSettings(got ? got[STORAGE_KEY] : undefined, managed);
}

/** The settings in effect (the user's over the administrator's defaults; trusted servers of both). */
export async function loadSettings(storage, log) {
  return (await loadSettingsLayers(storage, log)).effective;
}

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Save what the user chose on the options page: `settings` holds the user's own
 * trustAuthserv (not the managed ones). Stores only what differs from the defaults in
 * effect (built-in, or the administrator's), so a later change of an administrator's
 * default reaches every user who did not choose otherwise. Returns the new layers.
 */
export async function saveSettings(storage, settings) {
  const managed = await loadManaged(storage);
  const { defaults } = layerSettings({}, managed);
  const chosen = normalizeSettings(settings);
  const stored = {};
  for (const key of Object.keys(FIELDS)) {
    if (key === "trustAuthserv" ? chosen[key].length > 0 : !same(chosen[key], defaults[key])) {
      stored[key] = chosen[key];
    }
  }
  await storage.local.set({ [STORAGE_KEY]: stored });
  return layerSettings(stored, managed);
}

/** Addresses of the user's Thunderbird identities (accounts.list, MV3 shape). */
export function identityAddresses(accounts) {
  const out = [];
  for (const account of Array.isArray(accounts) ? accounts : []) {
    for (const identity of Array.isArray(account && account.identities) ? account.identities : []) {
      if (identity && typeof identity.email === "string" && identity.email.includes("@")) {
        out.push(identity.email);
      }
    }
  }
  return stringList(out).map((a) => a.toLowerCase());
}

/** Names of the user's Thunderbird identities. */
export function identityNames(accounts) {
  const out = [];
  for (const account of Array.isArray(accounts) ? accounts : []) {
    for (const identity of Array.isArray(account && account.identities) ? account.identities : []) {
      if (identity && typeof identity.name === "string") out.push(identity.name);
    }
  }
  return stringList(out);
}
