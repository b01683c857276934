import { test } from "node:test";
import assert from "node:assert/strict";

import {
  DEFAULT_SETTINGS,
  identityAddresses,
  identityNames,
  layerSettings,
  loadManaged,
  loadSettings,
  loadSettingsLayers,
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

test("save and load through storage.local; only what differs from the defaults is stored", async () => {
  const { messenger, store } = createFakeMessenger();
  const layers = await saveSettings(messenger.storage, { names: [" A "], language: "ja", autoCheck: false, dnsLookups: true });
  assert.deepEqual(store.settings, { names: ["A"], autoCheck: false, language: "ja" });
  assert.deepEqual(layers.effective, { ...DEFAULT_SETTINGS, names: ["A"], language: "ja", autoCheck: false });
  assert.deepEqual(await loadSettings(messenger.storage), layers.effective);
  // a complete object stored by an earlier version reads the same
  const old = createFakeMessenger({ settings: { ...layers.effective } });
  assert.deepEqual(await loadSettings(old.messenger.storage), layers.effective);
});

test("managed storage missing: Thunderbird's rejection is caught, nothing logged", async () => {
  const { messenger, callsNamed } = createFakeMessenger({ settings: { trustAuthserv: ["mx.user.example"] } });
  const logged = [];
  const s = await loadSettings(messenger.storage, (...a) => logged.push(a));
  assert.deepEqual(s.trustAuthserv, ["mx.user.example"]);
  assert.equal(callsNamed("storage.managed.get").length, 1, "managed storage was asked");
  assert.deepEqual(logged, []);
  // any other failure is logged, and still only the user's settings are used
  const broken = createFakeMessenger({ managed: new Error("An unexpected error occurred") });
  assert.deepEqual(await loadManaged(broken.messenger.storage, (...a) => logged.push(a)), {});
  assert.equal(logged.length, 1);
  assert.match(logged[0].join(" "), /unexpected error/);
  // no storage.managed at all (older or other clients)
  assert.deepEqual(await loadManaged({ local: messenger.storage.local }), {});
});

test("managed trustAuthserv entries are added to the user's", async () => {
  const { messenger } = createFakeMessenger({
    settings: { trustAuthserv: ["mx.user.example", "MX.Corp.example"] },
    managed: { trustAuthserv: ["mx.corp.example", "MX.Relay.example"] },
  });
  const layers = await loadSettingsLayers(messenger.storage);
  assert.deepEqual(layers.effective.trustAuthserv, ["mx.corp.example", "mx.relay.example", "mx.user.example"]);
  assert.deepEqual(layers.managed.trustAuthserv, ["mx.corp.example", "mx.relay.example"], "shown read-only");
  assert.deepEqual(layers.user.trustAuthserv, ["mx.user.example", "mx.corp.example"], "the user's own, editable");
  // a user without settings still gets the administrator's servers
  const fresh = createFakeMessenger({ managed: { trustAuthserv: "mx.corp.example\nmx.relay.example" } });
  assert.deepEqual((await loadSettings(fresh.messenger.storage)).trustAuthserv, ["mx.corp.example", "mx.relay.example"]);
});

test("other managed fields are defaults the user's saved values override", async () => {
  const managed = { dnsLookups: false, language: "ja", autoCheck: "no", names: ["Corp Name"], unknown: 1 };
  const none = createFakeMessenger({ managed });
  assert.deepEqual(await loadSettings(none.messenger.storage), {
    ...DEFAULT_SETTINGS,
    dnsLookups: false,
    language: "ja",
    names: ["Corp Name"],
  }, "unusable managed values (autoCheck: 'no') and unknown keys are ignored");
  const own = createFakeMessenger({ managed, settings: { dnsLookups: true, language: "en", names: [] } });
  assert.deepEqual(await loadSettings(own.messenger.storage), { ...DEFAULT_SETTINGS, dnsLookups: true, language: "en", names: [] });
  // saving stores only what differs from the administrator's defaults
  const { messenger, store } = createFakeMessenger({ managed: { dnsLookups: false, trustAuthserv: ["mx.corp.example"] } });
  const layers = await saveSettings(messenger.storage, { dnsLookups: false, names: ["Taro"], trustAuthserv: ["mx.user.example"] });
  assert.deepEqual(store.settings, { names: ["Taro"], trustAuthserv: ["mx.user.example"] });
  assert.equal(layers.effective.dnsLookups, false);
  assert.deepEqual(layers.effective.trustAuthserv, ["mx.corp.example", "mx.user.example"]);
  await saveSettings(messenger.storage, { dnsLookups: true });
  assert.deepEqual(store.settings, { dnsLookups: true }, "turning DNS back on against the default is kept");
  await assert.rejects(messenger.storage.managed.set({ x: 1 }), /read-only/);
});

test("layerSettings: pure merge of stored and managed objects", () => {
  assert.deepEqual(layerSettings(undefined, undefined).effective, { ...DEFAULT_SETTINGS });
  assert.deepEqual(layerSettings(null, []).effective, { ...DEFAULT_SETTINGS });
  const l = layerSettings({ autoCheck: false }, { autoCheck: true, dnsLookups: false });
  assert.equal(l.effective.autoCheck, false);
  assert.equal(l.effective.dnsLookups, false);
  assert.equal(l.defaults.autoCheck, true);
  assert.deepEqual(l.defaults.trustAuthserv, []);
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
