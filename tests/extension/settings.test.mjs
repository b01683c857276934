import { test } from "node:test";
import assert from "node:assert/strict";

import {
  DEFAULT_SETTINGS,
  identityAddresses,
  identityNames,
  loadSettings,
  normalizeSettings,
  parseList,
  resolveLanguage,
  saveSettings,
  settingsKey,
  toHostSettings,
} from "../../extension/lib/settings.js";
import { createFakeMessenger } from "./fake-messenger.mjs";

test("defaults: automatic checks on, DNS on, language auto, nothing registered", () => {
  assert.deepEqual(normalizeSettings(undefined), { ...DEFAULT_SETTINGS });
  assert.deepEqual(normalizeSettings({ autoCheck: "yes", language: "fr", names: "x" }), {
    ...DEFAULT_SETTINGS,
    names: ["x"],
  });
});

test("lists: one per line, trimmed, de-duplicated; addresses and authserv-ids lower-cased", () => {
  assert.deepEqual(parseList(" 山田 太郎 \n\nYAMADA Taro, yamada taro\r\n"), ["山田 太郎", "YAMADA Taro"]);
  const s = normalizeSettings({ addresses: ["Taro@Example.JP", "taro@example.jp"], trustAuthserv: ["MX.Google.com"] });
  assert.deepEqual(s.addresses, ["taro@example.jp"]);
  assert.deepEqual(s.trustAuthserv, ["mx.google.com"]);
});

test("language: user choice, else Thunderbird's UI language", () => {
  assert.equal(resolveLanguage("auto", "ja"), "ja");
  assert.equal(resolveLanguage("auto", "ja-JP"), "ja");
  assert.equal(resolveLanguage("auto", "en-US"), "en");
  assert.equal(resolveLanguage("auto", "de"), "en");
  assert.equal(resolveLanguage("en", "ja"), "en");
  assert.equal(resolveLanguage("ja", "en-US"), "ja");
});

test("host settings: protocol field names, offline = no DNS", () => {
  const host = toHostSettings({ names: ["A"], addresses: ["a@b.c"], trustAuthserv: ["mx.example"], dnsLookups: false }, "ja");
  assert.deepEqual(host, { language: "ja", names: ["A"], addresses: ["a@b.c"], trust_authserv: ["mx.example"], offline: true });
  assert.equal(settingsKey(host), settingsKey({ ...host }));
  assert.notEqual(settingsKey(host), settingsKey({ ...host, offline: false }));
});

test("save and load through storage.local", async () => {
  const { messenger, store } = createFakeMessenger();
  const saved = await saveSettings(messenger.storage.local, { names: [" A "], language: "ja", autoCheck: false });
  assert.deepEqual(store.settings, saved);
  assert.deepEqual(await loadSettings(messenger.storage.local), saved);
  assert.equal(saved.autoCheck, false);
});

test("Thunderbird identities offered for names and addresses", () => {
  const accounts = [
    { id: "account1", identities: [{ email: "Taro@Example.jp", name: "山田 太郎" }, { email: "taro@example.jp", name: "" }] },
    { id: "account2", identities: [{ email: "other@example.org", name: "Taro Yamada" }] },
    { id: "local", identities: [] },
  ];
  assert.deepEqual(identityAddresses(accounts), ["taro@example.jp", "other@example.org"]);
  assert.deepEqual(identityNames(accounts), ["山田 太郎", "Taro Yamada"]);
  assert.deepEqual(identityAddresses(null), []);
});
