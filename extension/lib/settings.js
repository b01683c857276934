// User settings: stored in storage.local under one key, sent with every request.

export const STORAGE_KEY = "settings";

export const LANGUAGES = Object.freeze(["auto", "ja", "en"]);

export const DEFAULT_SETTINGS = Object.freeze({
  names: [], // names registered with Amazon (greeting check)
  addresses: [], // addresses registered with Amazon (recipient check)
  trustAuthserv: [], // authserv-ids of the user's own receiving servers
  autoCheck: true, // check displayed messages without a click
  dnsLookups: true, // false: the host works offline (no DKIM key lookups)
  language: "auto", // auto follows Thunderbird's UI language
});

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

/** A complete, well-typed settings object from whatever was stored. */
export function normalizeSettings(stored) {
  const s = stored && typeof stored === "object" ? stored : {};
  return {
    names: stringList(s.names),
    addresses: stringList(s.addresses).map((a) => a.toLowerCase()),
    trustAuthserv: stringList(s.trustAuthserv).map((a) => a.toLowerCase()),
    autoCheck: typeof s.autoCheck === "boolean" ? s.autoCheck : DEFAULT_SETTINGS.autoCheck,
    dnsLookups: typeof s.dnsLookups === "boolean" ? s.dnsLookups : DEFAULT_SETTINGS.dnsLookups,
    language: LANGUAGES.includes(s.language) ? s.language : DEFAULT_SETTINGS.language,
  };
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

export async function loadSettings(storageArea) {
  const got = await storageArea.get(STORAGE_KEY);
  return normalizeSettings(got ? got[STORAGE_KEY] : undefined);
}

export async function saveSettings(storageArea, settings) {
  const s = normalizeSettings(settings);
  await storageArea.set({ [STORAGE_KEY]: s });
  return s;
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
