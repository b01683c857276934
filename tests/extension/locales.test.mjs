import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";

import { makeTranslator, loadTranslator } from "../../extension/lib/i18n.js";
import { EXTENSION_DIR, fakeFetch, URL_PREFIX } from "./fake-messenger.mjs";
import { sources } from "./source-files.mjs";

async function locale(lang) {
  return JSON.parse(await readFile(path.join(EXTENSION_DIR, "_locales", lang, "messages.json"), "utf8"));
}

// camelCase string literals in the extension's JS that are not message keys.
const NOT_KEYS = new Set([
  "autoCheck", "dnsLookups", "trustAuthserv", "forwardAsAttachment", "tagGenuine",
  // messageDisplayAction methods, called by name
  "setBadgeText", "setIcon", "setBadgeBackgroundColor", "setBadgeTextColor", "setLabel", "setTitle",
]);

test("ja and en locales have the same keys and the same placeholders", async () => {
  const en = await locale("en");
  const ja = await locale("ja");
  assert.deepEqual(Object.keys(ja).sort(), Object.keys(en).sort());
  for (const key of Object.keys(en)) {
    for (const [lang, table] of [["en", en], ["ja", ja]]) {
      assert.equal(typeof table[key].message, "string", `${lang}.${key}`);
      assert.ok(table[key].message.trim().length > 0, `${lang}.${key} is not empty`);
      const used = new Set((table[key].message.match(/\$([A-Za-z0-9_]+)\$/g) || []).map((s) => s.slice(1, -1).toLowerCase()));
      const declared = new Set(Object.keys(table[key].placeholders || {}));
      assert.deepEqual(used, declared, `${lang}.${key}: placeholders used = declared`);
    }
    assert.deepEqual(
      Object.keys(ja[key].placeholders || {}).sort(),
      Object.keys(en[key].placeholders || {}).sort(),
      `${key}: same placeholders in ja and en`,
    );
  }
});

test("Japanese strings are Japanese", async () => {
  const ja = await locale("ja");
  const japanese = /[\u3040-\u30ff\u4e00-\u9fff]/;
  const allowedAscii = new Set(["optLanguageEn", "footerVersion", "labelProduct", "actionLabel"]);
  for (const [key, value] of Object.entries(ja)) {
    if (allowedAscii.has(key)) continue;
    assert.match(value.message, japanese, `ja.${key} contains Japanese text`);
  }
});

test("every message key the extension uses exists", async () => {
  const en = await locale("en");
  const used = new Set();
  for (const { file, text } of await sources([".js"])) {
    for (const m of text.matchAll(/\bt\(\s*"([A-Za-z0-9_]+)"/g)) used.add(`${m[1]}\t${file}`);
    for (const m of text.matchAll(/"([a-z][a-z]*[A-Z][A-Za-z]*)"/g)) {
      if (!NOT_KEYS.has(m[1])) used.add(`${m[1]}\t${file}`);
    }
  }
  for (const { file, text } of await sources([".html"])) {
    for (const m of text.matchAll(/data-i18n(?:-title|-placeholder)?="([^"]+)"/g)) used.add(`${m[1]}\t${file}`);
  }
  for (const { file, text } of await sources([".json"])) {
    for (const m of text.matchAll(/__MSG_(\w+)__/g)) used.add(`${m[1]}\t${file}`);
  }
  assert.ok(used.size > 50, "the scan found the keys");
  const missing = [...used].filter((u) => !(u.split("\t")[0] in en));
  assert.deepEqual(missing, []);
});

test("translator: placeholders, $$ and missing keys", () => {
  const t = makeTranslator({
    hello: { message: "Hello $NAME$, $COUNT$ new", placeholders: { name: { content: "$1" }, count: { content: "$2" } } },
    price: { message: "costs $$5" },
  });
  assert.equal(t("hello", "Taro", 3), "Hello Taro, 3 new");
  assert.equal(t("price"), "costs $5");
  assert.equal(t("hello", "$2", "x"), "Hello $2, x new", "substituted text is not re-expanded");
  assert.equal(t("nope"), "nope");
  const withFallback = makeTranslator({}, (k) => `en:${k}`);
  assert.equal(withFallback("x"), "en:x");
});

test("loadTranslator reads the chosen language from the package", async () => {
  const getURL = (p) => URL_PREFIX + p;
  const ja = await loadTranslator("ja", { fetch: fakeFetch, getURL });
  assert.equal(ja("noticeDatetime"), "日時");
  const en = await loadTranslator("en", { fetch: fakeFetch, getURL });
  assert.equal(en("noticeDatetime"), "Date and time");
  const other = await loadTranslator("fr", { fetch: fakeFetch, getURL });
  assert.equal(other("noticeDatetime"), "Date and time", "unknown languages fall back to English");
});
