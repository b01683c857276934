import { test } from "node:test";
import assert from "node:assert/strict";

import { createApp } from "../../extension/lib/app.js";
import { ICONS, badgeTextColor, iconFor, toBinaryString } from "../../extension/lib/display.js";
import { normalizeMessageList } from "../../extension/lib/message-list.js";
import { INSTALL_COMMANDS } from "../../extension/lib/protocol.js";
import { SAMPLE_RAW, createFakeHost, createFakeMessenger, deferred, fakeFetch, makeResult, sampleVerdict, tick } from "./fake-messenger.mjs";

const RAW = SAMPLE_RAW;
const verdictOf = sampleVerdict;

function setup({ host, settings, managed, uiLanguage, timeoutMs = 3000, raw = RAW } = {}) {
  const fake = createFakeMessenger({
    host: host || createFakeHost({ classify: (req) => makeResult(verdictOf(req.raw)) }),
    raw,
    settings,
    managed,
    uiLanguage,
  });
  const events = [];
  const app = createApp(fake.messenger, {
    timeoutMs,
    fetch: fakeFetch,
    log: () => {},
    events: (event, data) => events.push({ event, ...data }),
  });
  return { ...fake, app, events };
}

const header = (id) => ({ id, subject: `message ${id}`, author: "Amazon <x@example>" });

test("badge per verdict: genuine, phishing, suspicious set text, colour and title for the tab only", async () => {
  const f = setup();
  await f.display(10, [header(1)]);
  await f.display(11, [header(2)]);
  await f.display(12, [header(3)]);
  assert.deepEqual(f.badge(10), { text: "✓", color: "#2e7d32", textColor: "#ffffff", title: "Honmono: genuine Amazon mail", label: "Genuine" });
  assert.deepEqual(f.badge(11), { text: "!", color: "#c62828", textColor: "#ffffff", title: "Honmono: phishing", label: "Phishing" });
  assert.deepEqual(f.badge(12), { text: "?", color: "#f9a825", textColor: "#000000", title: "Honmono: suspicious", label: "Caution" });
  // the fake throws when a badge call has no tabId, so reaching here also proves "tab only"
  for (const c of f.calls.filter((c) => c.name.startsWith("messageDisplayAction."))) {
    assert.equal(typeof c.args[0].tabId, "number");
  }
  for (const c of f.callsNamed("messages.getRaw")) {
    assert.deepEqual(c.args[1], { data_format: "BinaryString" });
  }
});

test("icon per verdict: red warning, green check, yellow question; neutral for the rest", async () => {
  const f = setup();
  await f.display(10, [header(1)]);
  await f.display(11, [header(2)]);
  await f.display(12, [header(3)]);
  await f.display(13, [header(4)]);
  assert.deepEqual(f.icon(10), { 16: "/icons/genuine-16.png", 32: "/icons/genuine-32.png", 64: "/icons/genuine-64.png" });
  assert.deepEqual(f.icon(11), { 16: "/icons/phishing-16.png", 32: "/icons/phishing-32.png", 64: "/icons/phishing-64.png" });
  assert.deepEqual(f.icon(12), { 16: "/icons/suspicious-16.png", 32: "/icons/suspicious-32.png", 64: "/icons/suspicious-64.png" });
  assert.deepEqual(f.icon(13), ICONS.neutral, "not_amazon: neutral");
  assert.deepEqual(ICONS.neutral, { 16: "/icons/honmono-16.png", 32: "/icons/honmono-32.png", 64: "/icons/honmono-64.png" });
  // the same tab back to neutral when it shows a non-Amazon mail, several mails or none
  await f.display(11, [header(4)]);
  assert.deepEqual(f.icon(11), ICONS.neutral);
  await f.display(10, [header(1), header(2)]);
  assert.deepEqual(f.icon(10), ICONS.neutral);
  await f.display(12, []);
  assert.deepEqual(f.icon(12), ICONS.neutral);
  // every setIcon call is for one tab, with a path (never imageData, never a window)
  for (const c of f.callsNamed("messageDisplayAction.setIcon")) {
    assert.deepEqual(Object.keys(c.args[0]).sort(), ["path", "tabId"]);
  }
});

test("icon: neutral while checking, on errors and for unknown states", async () => {
  const gate = deferred();
  const host = createFakeHost({ classify: async (req) => { await gate.promise; return makeResult(verdictOf(req.raw)); } });
  const f = setup({ host });
  const pending = f.display(11, [header(3)]);
  for (let i = 0; i < 400 && f.icon(11) === undefined; i++) await tick(5);
  assert.deepEqual(f.icon(11), ICONS.neutral, "checking: neutral");
  assert.equal(f.badge(11).text, "");
  assert.equal(f.badge(11).title, "Honmono: checking…");
  gate.resolve();
  await pending;
  assert.deepEqual(f.icon(11), ICONS.suspicious);
  const broken = setup({ host: createFakeHost({ missing: "No such native application honmono" }) });
  await broken.display(10, [header(2)]);
  assert.deepEqual(broken.icon(10), ICONS.error, "host missing: the error icon, never a verdict's nor the not-Amazon look");
  assert.equal(broken.badge(10).label, "Not checked");
  assert.equal(iconFor(null), ICONS.neutral);
  assert.equal(iconFor({ kind: "error", code: "timeout" }), ICONS.neutral);
  assert.equal(iconFor({ kind: "result", result: { verdict: "not_amazon" } }), ICONS.neutral);
  assert.equal(iconFor({ kind: "result", result: { verdict: "neutral" } }), ICONS.neutral);
  assert.equal(iconFor({ kind: "result", result: { verdict: "toString" } }), ICONS.neutral);
  assert.equal(iconFor({ kind: "result", result: { verdict: "phishing" } }), ICONS.phishing);
});

test("the icon files exist and are PNGs of the sizes they are declared for", async () => {
  const { readFile } = await import("node:fs/promises");
  const path = await import("node:path");
  const { EXTENSION_DIR } = await import("./fake-messenger.mjs");
  for (const set of Object.values(ICONS)) {
    for (const [size, file] of Object.entries(set)) {
      const buf = await readFile(path.join(EXTENSION_DIR, file));
      assert.deepEqual([...buf.subarray(1, 4)], [0x50, 0x4e, 0x47], `${file} is a PNG`);
      assert.equal(buf.readUInt32BE(16), Number(size), `${file} width`);
      assert.equal(buf.readUInt32BE(20), Number(size), `${file} height`);
    }
  }
});

test("not_amazon clears the badge (empty text) and sets no colour", async () => {
  const f = setup();
  await f.display(10, [header(2)]);
  assert.equal(f.badge(10).text, "!");
  await f.display(10, [header(4)]);
  assert.equal(f.badge(10).text, "");
  const lastText = f.callsNamed("messageDisplayAction.setBadgeText").at(-1).args[0];
  assert.deepEqual(lastText, { tabId: 10, text: "" });
  const colours = f.callsNamed("messageDisplayAction.setBadgeBackgroundColor").map((c) => c.args[0].color);
  assert.deepEqual(colours, ["#c62828"], "only the phishing badge set a colour (invisible without a text)");
});

test("a repaint sends only what changed: the words first, a new mark's colour before its text", async () => {
  const f = setup();
  await f.display(10, [header(1)]); // genuine
  const before = f.calls.length;
  await f.display(10, [header(2)]); // phishing
  const names = f.calls.slice(before).filter((c) => c.name.startsWith("messageDisplayAction.set"))
    .map((c) => `${c.name.slice("messageDisplayAction.".length)}:${JSON.stringify(Object.values(c.args[0])[1])}`);
  // the neutral "checking" look first (label, then the mark cleared, then the shape), then
  // the phishing look (its colours while no text shows, then label, mark, shape)
  const at = (prefix, from = 0) => names.findIndex((n, i) => i >= from && n.startsWith(prefix));
  const checking = at("setLabel");
  assert.ok(checking >= 0 && at("setBadgeText:\"\"") > checking, names.join(" "));
  const colour = at("setBadgeBackgroundColor:\"#c62828\"");
  assert.ok(colour > at("setBadgeText:\"\""), names.join(" "));
  assert.ok(at("setLabel", colour) > colour && at("setBadgeText:\"!\"") > at("setLabel", colour), names.join(" "));
  assert.ok(at("setIcon", colour) > at("setBadgeText:\"!\""), names.join(" "));
  // the same look again: nothing to send
  const again = f.calls.length;
  await f.app.controller._applyBadge(10, f.app.controller._tab(10).seq, f.app.controller._tab(10).state);
  assert.deepEqual(f.calls.slice(again).filter((c) => c.name.startsWith("messageDisplayAction.set")), []);
  assert.deepEqual(f.badge(10), { text: "!", color: "#c62828", textColor: "#ffffff", title: "Honmono: phishing", label: "Phishing" });
});

test("after a failed button update the next paint sends the whole look again", async () => {
  const f = setup();
  await f.display(10, [header(1)]);
  const mda = f.messenger.messageDisplayAction;
  const setLabel = mda.setLabel;
  mda.setLabel = async () => { throw new Error("the window is closing"); };
  await f.display(10, [header(2)]);
  mda.setLabel = setLabel;
  // The same look once more: unsure what Thunderbird holds, so everything is sent.
  const before = f.calls.length;
  const c = f.app.controller;
  await c._applyBadge(10, c._tab(10).seq, c._tab(10).state);
  const sent = new Set(f.calls.slice(before).map((x) => x.name));
  for (const name of ["setLabel", "setBadgeText", "setIcon", "setTitle", "setBadgeBackgroundColor"]) {
    assert.ok(sent.has(`messageDisplayAction.${name}`), name);
  }
  assert.deepEqual(f.badge(10), { text: "!", color: "#c62828", textColor: "#ffffff", title: "Honmono: phishing", label: "Phishing" });
});

test("badge text colour: black on light backgrounds, white on dark ones", () => {
  assert.equal(badgeTextColor("#f9a825"), "#000000");
  assert.equal(badgeTextColor("#ff0"), "#000000");
  assert.equal(badgeTextColor("#c62828"), "#ffffff");
  assert.equal(badgeTextColor("#2e7d32"), "#ffffff");
  assert.equal(badgeTextColor("red"), "#ffffff");
});

test("both listener shapes: MV3 MessageList and an MV2-style array", async () => {
  const f = setup();
  await f.display(10, [header(2)], { shape: "list" });
  await f.display(11, [header(2)], { shape: "array" });
  assert.equal(f.badge(10).text, "!");
  assert.equal(f.badge(11).text, "!");
  assert.deepEqual(normalizeMessageList(null), []);
  assert.deepEqual(normalizeMessageList({ id: "x", messages: [{ id: 5 }] }), [{ id: 5 }]);
  assert.deepEqual(normalizeMessageList([{ id: 6 }, null]), [{ id: 6 }]);
});

test("a stale reply for a previous message is ignored when messages are switched fast", async () => {
  const gate = deferred();
  const host = createFakeHost({
    classify: async (req) => {
      const verdict = verdictOf(req.raw);
      if (verdict === "phishing") await gate.promise; // message 2 answers late
      return makeResult(verdict);
    },
  });
  const f = setup({ host });
  f.attachContentScript(10);
  const first = f.display(10, [header(2)]); // phishing, slow
  await tick(5);
  await f.display(10, [header(1)]); // genuine, fast: the tab now shows message 1
  assert.equal(f.badge(10).text, "✓");
  gate.resolve();
  await first; // message 2's reply arrives now
  await tick(5);
  assert.deepEqual(f.badge(10), { text: "✓", color: "#2e7d32", textColor: "#ffffff", title: "Honmono: genuine Amazon mail", label: "Genuine" });
  const texts = f.callsNamed("messageDisplayAction.setBadgeText").map((c) => c.args[0].text);
  assert.ok(!texts.includes("!"), `the phishing badge was never shown: ${texts}`);
  assert.deepEqual(f.icon(10), ICONS.genuine, "the late phishing reply did not change the icon");
  const iconsSet = f.callsNamed("messageDisplayAction.setIcon").map((c) => c.args[0].path);
  assert.ok(!iconsSet.some((p) => p[16] === ICONS.phishing[16]), "the phishing icon was never shown");
  assert.equal(f.callsNamed("tabs.sendMessage").length, 0, "no banner for a message no longer shown");
  assert.equal(f.callsNamed("scripting.executeScript").length, 0);
  assert.ok(f.events.some((e) => e.event === "stale" && e.messageId === 2));
  // the late result is still cached for when message 2 comes back
  await f.display(10, [header(2)]);
  assert.equal(f.badge(10).text, "!");
  assert.deepEqual(f.icon(10), ICONS.phishing);
  assert.equal(f.host.classifyRequests().length, 2);
});

test("a deselected message (none or several shown) clears the badge and reads nothing", async () => {
  const f = setup();
  await f.display(10, [header(2)]);
  await f.display(10, [header(1), header(2)]);
  assert.equal(f.badge(10).text, "");
  await f.display(10, []);
  assert.equal(f.badge(10).text, "");
  assert.equal(f.callsNamed("messages.getRaw").length, 1);
});

test("results are cached per message and per settings", async () => {
  const f = setup();
  await f.display(10, [header(1)]);
  await f.display(11, [header(1)]);
  assert.equal(f.host.classifyRequests().length, 1, "second display served from cache");
  await f.messenger.storage.local.set({ settings: { names: ["山田 太郎"] } });
  await f.display(10, [header(1)]);
  assert.equal(f.host.classifyRequests().length, 2, "new settings, new check");
  assert.deepEqual(f.host.classifyRequests()[1].settings.names, ["山田 太郎"]);
});

test("simultaneous displays of one message share one request", async () => {
  const f = setup();
  await Promise.all([f.display(10, [header(1)]), f.display(11, [header(1)])]);
  assert.equal(f.host.classifyRequests().length, 1);
  assert.equal(f.badge(10).text, "✓");
  assert.equal(f.badge(11).text, "✓");
});

test("settings are sent with each request; language follows the UI unless chosen", async () => {
  const f = setup({
    uiLanguage: "ja-JP",
    settings: {
      names: ["山田 太郎", " "],
      addresses: ["Taro@Example.JP"],
      trustAuthserv: ["mx.google.com"],
      dnsLookups: false,
    },
  });
  await f.display(10, [header(1)]);
  assert.deepEqual(f.host.classifyRequests()[0].settings, {
    language: "ja",
    names: ["山田 太郎"],
    addresses: ["taro@example.jp"],
    trust_authserv: ["mx.google.com"],
    offline: true,
  });
  await f.messenger.storage.local.set({ settings: { language: "en" } });
  await f.display(10, [header(3)]);
  const last = f.host.classifyRequests().at(-1).settings;
  assert.equal(last.language, "en");
  assert.equal(last.offline, false);
});

test("an administrator's presets (storage.managed) reach the host with the user's settings", async () => {
  const f = setup({
    uiLanguage: "en-US",
    managed: { trustAuthserv: ["mx.corp.example"], dnsLookups: false, language: "ja" },
    settings: { trustAuthserv: ["mx.user.example"], language: "en" },
  });
  await f.display(10, [header(1)]);
  assert.deepEqual(f.host.classifyRequests()[0].settings, {
    language: "en", // the user's choice over the administrator's default
    names: [],
    addresses: [],
    trust_authserv: ["mx.corp.example", "mx.user.example"],
    offline: true, // the administrator's default
  });
  // read once per settings load, not per message
  await f.display(11, [header(2)]);
  assert.equal(f.callsNamed("storage.managed.get").length, 1);
});

test("automatic checking off: no host contact on display, but the popup still checks", async () => {
  const f = setup({ settings: { autoCheck: false } });
  await f.display(10, [header(2)]);
  assert.equal(f.callsNamed("runtime.connectNative").length, 0);
  assert.equal(f.badge(10).text, "");
  const state = await f.messenger.runtime.sendMessage({ type: "honmono:get-state", tabId: 10 });
  assert.equal(state.kind, "result");
  assert.equal(state.result.verdict, "phishing");
  assert.equal(state.header.subject, "message 2");
  assert.equal(f.badge(10).text, "!", "clicking also sets the badge");
});

test("popup: multiple or no messages give a 'none' state", async () => {
  const f = setup();
  await f.display(10, [header(1), header(2)]);
  const state = await f.messenger.runtime.sendMessage({ type: "honmono:get-state", tabId: 10 });
  assert.equal(state.kind, "none");
  assert.equal(state.reason, "multiple");
  const empty = await f.messenger.runtime.sendMessage({ type: "honmono:get-state", tabId: 99 });
  assert.equal(empty.reason, "no_message");
});

test("popup 'check again' forces a new request", async () => {
  const f = setup();
  await f.display(10, [header(1)]);
  await f.messenger.runtime.sendMessage({ type: "honmono:get-state", tabId: 10 });
  assert.equal(f.host.classifyRequests().length, 1);
  await f.messenger.runtime.sendMessage({ type: "honmono:get-state", tabId: 10, force: true });
  assert.equal(f.host.classifyRequests().length, 2);
});

test("host not installed: error state with the install commands, no coloured badge", async () => {
  const f = setup({ host: createFakeHost({ missing: "No such native application honmono" }) });
  await f.display(10, [header(2)]);
  assert.equal(f.badge(10).text, "");
  assert.match(f.badge(10).title, /not installed/);
  const state = await f.messenger.runtime.sendMessage({ type: "honmono:get-state", tabId: 10 });
  assert.equal(state.kind, "error");
  assert.equal(state.code, "not_installed");
  assert.deepEqual(state.commands, [...INSTALL_COMMANDS]);
  // the README's install path: a virtual environment, then `honmono install`; never a package
  // name that is not published
  assert.ok(state.commands.every((c) => !/pip install honmono/.test(c)), state.commands);
  assert.match(state.commands[0], /python3 -m venv ~\/\.venvs\/honmono/);
  assert.match(state.message, /No such native application honmono/);
  assert.ok(f.events.some((e) => e.event === "checked" && e.error === "not_installed"));
  // errors are not cached: after installing, the next display tries again
  const before = f.callsNamed("runtime.connectNative").length;
  await f.display(10, [header(2)]);
  assert.equal(f.callsNamed("runtime.connectNative").length, before + 1);
});

test("timeout: retried once, then an error state", async () => {
  const host = createFakeHost({ classify: () => undefined });
  const f = setup({ host, timeoutMs: 100 });
  await f.display(10, [header(1)]);
  assert.equal(host.classifyRequests().length, 2);
  const state = await f.app.controller.check(1);
  assert.equal(state.kind, "error");
  assert.equal(state.code, "timeout");
  assert.equal(f.badge(10).text, "");
});

test("a large message is truncated to the host's limit and flagged in the state", async () => {
  const big = "From: Amazon <x@amazon.co.jp>\r\nSubject: genuine\r\n\r\n" + "x".repeat(5000);
  const f = setup({
    host: createFakeHost({ maxRawBytes: 1024, classify: (req) => makeResult(verdictOf(req.raw)) }),
    raw: { 1: big },
  });
  await f.display(10, [header(1)]);
  const req = f.host.classifyRequests()[0];
  assert.equal(req.raw.length, 1024);
  assert.equal(req.truncated, true);
  const state = await f.messenger.runtime.sendMessage({ type: "honmono:get-state", tabId: 10 });
  assert.equal(state.truncated, true);
  assert.equal(state.sentBytes, 1024);
  assert.equal(state.originalBytes, big.length);
});

test("getRaw returning a File is converted to a binary string byte for byte", async () => {
  const bytes = new Uint8Array([0x46, 0x72, 0x6f, 0x6d, 0x3a, 0x20, 0xe3, 0x81, 0x82, 0x00, 0xff]);
  const file = new Blob([bytes]);
  const s = await toBinaryString(file);
  assert.equal(s.length, bytes.length);
  assert.deepEqual([...s].map((c) => c.charCodeAt(0)), [...bytes]);
  const f = setup({ raw: { 7: new Blob([new TextEncoder().encode("Subject: phish\r\n\r\nあ")]) } });
  await f.display(10, [header(7)]);
  const req = f.host.classifyRequests()[0];
  assert.ok(req.raw.endsWith("\u00e3\u0081\u0082"), "UTF-8 bytes kept as one char each");
  assert.equal(f.badge(10).text, "!");
});

test("a message that cannot be read gives read_failed", async () => {
  const f = setup();
  await f.display(10, [header(404)]);
  const state = await f.app.controller.check(404);
  assert.equal(state.code, "read_failed");
  assert.equal(f.host.classifyRequests().length, 0);
});

test("phishing: banner pushed to a listening banner script, injected otherwise", async () => {
  const f = setup();
  const got = f.attachContentScript(10);
  await f.display(10, [header(2)]);
  assert.equal(got.length, 1);
  assert.equal(got[0].type, "honmono:banner");
  assert.equal(got[0].banner.show, true);
  assert.equal(got[0].banner.level, "phishing");
  assert.match(got[0].banner.title, /phishing/i);
  // one short sentence, not the host's summary repeated
  assert.equal(got[0].banner.summary, undefined);
  assert.ok(got[0].banner.title.split(/[.。]/).filter((x) => x.trim()).length <= 2, got[0].banner.title);
  // it says once where the verdict to trust is: the toolbar button
  assert.match(got[0].banner.trust, /toolbar button/);
  assert.deepEqual(got[0].banner.actions.map((a) => a.id), ["junk", "delete", "report", "reasons"]);
  assert.deepEqual(got[0].banner.actions.map((a) => a.label), ["Mark as junk", "Delete", "Report", "See why"]);
  // no listener in tab 11: inject the script (it styles its bar itself: no CSS file)
  await f.display(11, [header(2)]);
  assert.deepEqual(f.callsNamed("scripting.insertCSS"), []);
  assert.deepEqual(f.callsNamed("scripting.executeScript").map((c) => c.args[0]), [
    { target: { tabId: 11 }, files: ["banner/banner.js"] },
  ]);
  // genuine mail: no banner
  await f.display(12, [header(1)]);
  assert.equal(f.callsNamed("tabs.sendMessage").filter((c) => c.args[0] === 12).length, 0);
});

test("banner script query: the banner for phishing, nothing otherwise", async () => {
  const f = setup({ uiLanguage: "ja" });
  await f.display(10, [header(2)]);
  const banner = await f.fromContent(10, { type: "honmono:banner-query" });
  assert.equal(banner.show, true);
  assert.equal(banner.lang, "ja");
  assert.match(banner.title, /フィッシング/);
  await f.display(11, [header(1)]);
  assert.deepEqual(await f.fromContent(11, { type: "honmono:banner-query" }), { show: false });
  // the query may arrive before the check finished: it waits for it
  const g = setup();
  g.displayPromise = g.display(20, [header(2)]);
  const early = await g.fromContent(20, { type: "honmono:banner-query" });
  assert.equal(early.show, true);
  await g.displayPromise;
});

test("the banner script is registered once for message display", async () => {
  const f = setup();
  await f.app.ready;
  assert.deepEqual(f.registered, [
    { id: "honmono-banner", js: ["banner/banner.js"], runAt: "document_idle" },
  ]);
  // a second start (event page woke up again) does not register twice
  const again = createApp(f.messenger, { fetch: fakeFetch, log: () => {}, events: () => {} });
  assert.equal(await again.ready, true);
  assert.equal(f.callsNamed("scripting.messageDisplay.registerScripts").length, 1);
  assert.equal(f.callsNamed("scripting.messageDisplay.unregisterScripts").length, 0);
});

test("an older registration that also injected banner/banner.css is replaced", async () => {
  const f = setup();
  await f.app.ready;
  // what an earlier version registered (and Thunderbird may have kept)
  f.registered.length = 0;
  f.registered.push({ id: "honmono-banner", js: ["banner/banner.js"], css: ["banner/banner.css"], runAt: "document_idle" });
  const again = createApp(f.messenger, { fetch: fakeFetch, log: () => {}, events: () => {} });
  assert.equal(await again.ready, true);
  assert.deepEqual(f.callsNamed("scripting.messageDisplay.unregisterScripts").map((c) => c.args[0]), [
    { ids: ["honmono-banner"] },
  ]);
  assert.deepEqual(f.registered, [{ id: "honmono-banner", js: ["banner/banner.js"], runAt: "document_idle" }]);
  // the same script given back as an extension URL counts as the same
  f.registered[0].js = ["moz-extension://0123-abcd/banner/banner.js"];
  const third = createApp(f.messenger, { fetch: fakeFetch, log: () => {}, events: () => {} });
  assert.equal(await third.ready, true);
  assert.equal(f.callsNamed("scripting.messageDisplay.unregisterScripts").length, 1);
});

test("ping from the options page reports versions or the failure", async () => {
  const ok = setup();
  const pong = await ok.messenger.runtime.sendMessage({ type: "honmono:ping" });
  assert.equal(pong.ok, true);
  assert.equal(pong.versions.honmono, "0.1.0");
  const missing = setup({ host: createFakeHost({ missing: true }) });
  const failed = await missing.messenger.runtime.sendMessage({ type: "honmono:ping" });
  assert.equal(failed.ok, false);
  assert.equal(failed.code, "not_installed");
  assert.deepEqual(failed.commands, [...INSTALL_COMMANDS]);
});

test("closing a tab forgets its state", async () => {
  const f = setup();
  await f.display(10, [header(1)]);
  assert.ok(f.app.controller.tabs.has(10));
  await f.messenger.tabs.onRemoved.fire(10);
  assert.ok(!f.app.controller.tabs.has(10));
});
