// UI strings from _locales/<lang>/messages.json, in the language the user picked
// (browser.i18n.getMessage only follows Thunderbird's own locale).

import { resolveLanguage } from "./settings.js";

export const UI_LANGUAGES = Object.freeze(["en", "ja"]);

/**
 * A translator over one messages.json object (WebExtension format):
 * {"key": {"message": "Hello $NAME$", "placeholders": {"name": {"content": "$1"}}}}
 * Returns the key itself for a missing entry, so a gap is visible but harmless.
 */
export function makeTranslator(messages, fallback) {
  const table = messages && typeof messages === "object" ? messages : {};
  const t = (key, ...subs) => {
    const entry = table[key];
    if (!entry || typeof entry.message !== "string") {
      return fallback ? fallback(key, ...subs) : key;
    }
    let text = entry.message;
    const placeholders = entry.placeholders && typeof entry.placeholders === "object" ? entry.placeholders : {};
    text = text.replace(/\$([A-Za-z0-9_@]+)\$/g, (whole, name) => {
      const ph = placeholders[name.toLowerCase()];
      return ph && typeof ph.content === "string" ? ph.content : whole;
    });
    // One pass, so "$$" stays a dollar sign and substituted text is never re-expanded.
    return text.replace(/\$\$|\$([1-9])/g, (whole, n) => {
      if (whole === "$$") return "$";
      const v = subs[Number(n) - 1];
      return v === undefined || v === null ? "" : String(v);
    });
  };
  t.has = (key) => Boolean(table[key]);
  return t;
}

/** Load the messages of `lang` from the extension package. */
export async function loadMessages(lang, { fetch: fetchFn = globalThis.fetch, getURL } = {}) {
  const code = UI_LANGUAGES.includes(lang) ? lang : "en";
  const url = getURL ? getURL(`_locales/${code}/messages.json`) : `/_locales/${code}/messages.json`;
  const response = await fetchFn(url);
  if (!response.ok) throw new Error(`cannot load ${url}`);
  return response.json();
}

/** A translator for `lang`, falling back to English for keys missing in it. */
export async function loadTranslator(lang, options = {}) {
  const en = makeTranslator(await loadMessages("en", options));
  if (lang === "en") return en;
  try {
    return makeTranslator(await loadMessages(lang, options), en);
  } catch (e) {
    return en;
  }
}

/** Fill every element carrying data-i18n="key" (textContent) or data-i18n-title/-placeholder. */
export function localizeDocument(doc, t) {
  for (const el of doc.querySelectorAll("[data-i18n]")) {
    el.textContent = t(el.getAttribute("data-i18n"));
  }
  for (const el of doc.querySelectorAll("[data-i18n-title]")) {
    el.setAttribute("title", t(el.getAttribute("data-i18n-title")));
  }
  for (const el of doc.querySelectorAll("[data-i18n-placeholder]")) {
    el.setAttribute("placeholder", t(el.getAttribute("data-i18n-placeholder")));
  }
}

/**
 * An extension page in the user's language: the preference ("auto", "ja", "en") resolved
 * against Thunderbird's UI language, <html lang> set, data-i18n elements filled.
 * Returns the translator.
 */
export async function translatePage(doc, api, preference) {
  const lang = resolveLanguage(preference, api.i18n.getUILanguage());
  doc.documentElement.setAttribute("lang", lang);
  const t = await loadTranslator(lang, { getURL: (p) => api.runtime.getURL(p) });
  localizeDocument(doc, t);
  return t;
}
