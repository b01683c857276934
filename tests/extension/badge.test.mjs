// Issue 12: the button never shows a stale verdict, fails visibly, names the verdict in
// words; the bars and their buttons.
import { test } from "node:test";
import assert from "node:assert/strict";

import { createApp } from "../../extension/lib/app.js";
import { CHECKING, ICONS, barLevel, lookFor } from "../../extension/lib/display.js";
import { headerClaimsAmazon as looksLikeBrand } from "../../extension/lib/claim-filter.js";
import { moveToJunk, deleteMessages, openReportDraft } from "../../extension/lib/actions.js";
import { SAMPLE_RAW, createFakeHost, createFakeMessenger, deferred, fakeFetch, makeResult, sampleVerdict, tick } from "./fake-messenger.mjs";

const RAW = SAMPLE_RAW;
const verdictOf = sampleVerdict;
const amazonHeader = (id) => ({ id, subject: `注文 ${id}`, author: "Amazon.co.jp <x@example>" });
const plainHeader = (id) => ({ id, subject: "lunch", author: "friend@example.org" });

function setup({ host, gateFor, raw = RAW, pongExtra = {}, junkFolders, uiLanguage } = {}) {
  const fake = createFakeMessenger({
    host: host || createFakeHost({
      classify: async (req) => {
        const v = verdictOf(req.raw);
        if (gateFor && gateFor[v]) await gateFor[v].promise;
        return makeResult(v);
      },
      ping: () => ({ type: "pong", versions: { honmono: "0.1.0", protocol: 1 }, limits: { max_raw_bytes: 1_000_000 }, ...pongExtra }),
    }),
    raw,
    junkFolders,
    uiLanguage,
  });
  const events = [];
  const app = createApp(fake.messenger, { timeoutMs: 2000, fetch: fakeFetch, log: () => {}, events: (event, data) => events.push({ event, ...data }) });
  return { ...fake, app, events };
}

/** The tab's look after every button call, in call order. */
function looks(f, tabId) {
  const out = [];
  const cur = {};
  for (const c of f.calls) {
    if (!c.name.startsWith("messageDisplayAction.set") || c.args[0].tabId !== tabId) continue;
    const d = c.args[0];
    if ("text" in d) cur.text = d.text;
    if ("path" in d) cur.icon = d.path[16];
    if ("label" in d) cur.label = d.label;
    out.push({ ...cur });
  }
  return out;
}

test("display: the button turns neutral 'checking' synchronously, before the message is read", async () => {
  const gate = { phishing: deferred() };
  const f = setup({ gateFor: gate });
  await f.app.warm;
  await f.display(10, [amazonHeader(1)]);
  assert.equal(f.badge(10).label, "Genuine");
  const before = f.calls.length;
  const pending = f.display(10, [amazonHeader(2)]); // not awaited: what happened synchronously?
  const sync = f.calls.slice(before).map((c) => c.name);
  assert.ok(sync.includes("messageDisplayAction.setBadgeText") && sync.includes("messageDisplayAction.setLabel"), sync);
  assert.ok(!sync.includes("messages.getRaw"), "the button was repainted before anything else");
  assert.equal(f.badge(10).text, "");
  assert.equal(f.badge(10).label, "Checking…");
  assert.equal(f.icon(10)[16], ICONS.neutral[16]);
  gate.phishing.resolve();
  await pending;
  assert.equal(f.badge(10).label, "Phishing");
});

test("switching genuine → phishing → ordinary fast: no look ever pairs a message with another's verdict", async () => {
  const gate = { phishing: deferred(), genuine: deferred() };
  const f = setup({ gateFor: gate });
  await f.app.warm;
  const a = f.display(10, [amazonHeader(1)]);
  const b = f.display(10, [amazonHeader(2)]);
  const c = f.display(10, [plainHeader(4)]);
  await c;
  gate.genuine.resolve();
  gate.phishing.resolve();
  await Promise.all([a, b]);
  await tick(5);
  const seen = looks(f, 10);
  assert.ok(seen.every((l) => l.label !== "Genuine" && l.label !== "Phishing"), JSON.stringify(seen));
  assert.equal(f.badge(10).label, "Honmono");
  assert.equal(f.badge(10).text, "");
});

test("3-pane selection: 'checking' at selection time, one check for selection + display", async () => {
  const f = setup();
  await f.app.warm;
  await f.display(10, [amazonHeader(1)]);
  const pending = f.select(10, [amazonHeader(2)]);
  assert.equal(f.badge(10).label, "Checking…", "selection alone resets the button");
  await f.display(10, [amazonHeader(2)]);
  await pending;
  assert.equal(f.badge(10).label, "Phishing");
  assert.equal(f.callsNamed("messages.getRaw").filter((c) => c.args[0] === 2).length, 1);
  // several selected: the product's name, no verdict
  await f.select(10, [amazonHeader(1), amazonHeader(2)]);
  assert.equal(f.badge(10).label, "Honmono");
  assert.equal(f.badge(10).text, "");
});

test("selection: no verdict (not even the new one's) until the message is on screen; no bar in the old one", async () => {
  const f = setup();
  await f.app.warm;
  const got = f.attachContentScript(10);
  await f.display(10, [amazonHeader(1)]);
  await f.display(10, [amazonHeader(2)]); // phishing, cached now
  await f.display(10, [amazonHeader(1)]);
  const bannersBefore = got.length;
  await f.select(10, [amazonHeader(2)]); // cached, its check done at once, but not displayed
  await tick(5);
  assert.equal(f.badge(10).label, "Checking…", "the genuine mail is still on screen: no phishing label on it");
  assert.equal(got.length, bannersBefore, "no phishing bar pushed into the genuine mail's document");
  const before = f.calls.length;
  f.display(10, [amazonHeader(2)]);
  const sync = f.calls.slice(before).filter((c) => c.name === "messageDisplayAction.setLabel").map((c) => c.args[0].label);
  assert.deepEqual(sync, ["Phishing"], "painted synchronously on display");
  await tick(5);
  assert.equal(got.length, bannersBefore + 1);
  // an uncached selection whose check finishes before the display: painted on display only
  await f.select(10, [amazonHeader(3)]);
  await tick(20);
  assert.equal(f.badge(10).label, "Checking…");
  await f.display(10, [amazonHeader(3)]);
  await tick(5);
  assert.equal(f.badge(10).label, "Caution");
  assert.equal(f.callsNamed("messages.getRaw").filter((c) => c.args[0] === 3).length, 1);
});

test("a cached verdict is painted at once, with no 'checking' flash", async () => {
  const f = setup();
  await f.app.warm;
  await f.display(10, [amazonHeader(2)]);
  await f.display(10, [amazonHeader(1)]);
  const before = f.calls.length;
  f.display(10, [amazonHeader(2)]);
  const labels = f.calls.slice(before).filter((c) => c.name === "messageDisplayAction.setLabel").map((c) => c.args[0].label);
  assert.deepEqual(labels, ["Phishing"]);
});

test("the verdict in words on the button, in Japanese too", async () => {
  const f = setup({ uiLanguage: "ja" });
  await f.app.warm;
  const want = { 1: "本物", 2: "フィッシング", 3: "要注意", 4: "Honmono" };
  for (const [id, label] of Object.entries(want)) {
    await f.display(Number(id) + 20, [amazonHeader(Number(id))]);
    assert.equal(f.badge(Number(id) + 20).label, label);
  }
  const t = (k) => k;
  assert.equal(lookFor(CHECKING, t).label, "labelChecking");
  assert.equal(lookFor({ kind: "error", code: "timeout" }, t).label, "labelError");
  assert.deepEqual(lookFor({ kind: "error", code: "timeout" }, t).icon, ICONS.error);
  assert.equal(lookFor(null, t).label, "labelProduct");
});

test("host missing: error icon and label; a yellow bar only for an Amazon-looking mail", async () => {
  const f = setup({ host: createFakeHost({ missing: "No such native application honmono" }), uiLanguage: "ja" });
  const got10 = f.attachContentScript(10);
  const got11 = f.attachContentScript(11);
  await f.display(10, [amazonHeader(2)]);
  await f.display(11, [plainHeader(4)]);
  for (const tab of [10, 11]) {
    assert.equal(f.badge(tab).label, "確認できません");
    assert.deepEqual(f.icon(tab), ICONS.error);
    assert.equal(f.badge(tab).text, "");
  }
  assert.equal(got10.length, 1);
  assert.equal(got10[0].banner.level, "error");
  assert.match(got10[0].banner.title, /確認できませんでした/);
  assert.deepEqual(got10[0].banner.actions.map((a) => a.id), ["reasons"]);
  assert.equal(got11.length, 0, "no bar on a mail that does not look like Amazon's");
});

test("bars: red with four buttons for phishing, yellow with one for suspicious, none otherwise", async () => {
  const f = setup({ uiLanguage: "ja" });
  const got = [10, 11, 12, 13].map((t) => f.attachContentScript(t));
  await f.display(10, [amazonHeader(2)]);
  await f.display(11, [amazonHeader(3)]);
  await f.display(12, [amazonHeader(1)]);
  await f.display(13, [plainHeader(4)]);
  assert.deepEqual(got[0][0].banner.actions.map((a) => a.label), ["迷惑メールにする", "削除", "報告する", "理由を見る"]);
  assert.match(got[0][0].banner.trust, /ツールバーの Honmono ボタンだけ/);
  assert.equal(got[1][0].banner.level, "suspicious");
  assert.deepEqual(got[1][0].banner.actions.map((a) => a.label), ["理由を見る"]);
  assert.equal(got[2].length, 0);
  assert.equal(got[3].length, 0);
  assert.equal(barLevel({ kind: "result", result: { verdict: "genuine" } }, amazonHeader(1)), null);
  assert.equal(barLevel({ kind: "error", code: "timeout" }, plainHeader(1)), null);
});

test("bar buttons: junk marks and moves to the Junk folder, delete goes to the Trash, report opens a draft, see-why opens the panel", async () => {
  const f = setup({ uiLanguage: "ja", pongExtra: { report_to: ["stop-spoofing@amazon.com"] } });
  await f.app.warm;
  f.attachContentScript(10);
  await f.display(10, [amazonHeader(2)]);
  const junk = await f.fromContent(10, { type: "honmono:bar-action", action: "junk" });
  assert.equal(junk.ok, true);
  assert.match(junk.text, /迷惑メールフォルダーに移動/);
  assert.deepEqual(f.callsNamed("messages.update").map((c) => c.args), [[2, { junk: true }]]);
  assert.deepEqual(f.callsNamed("messages.move").map((c) => c.args.slice(0, 2)), [[[2], "junk-1"]]);
  const del = await f.fromContent(10, { type: "honmono:bar-action", action: "delete" });
  assert.equal(del.ok, true);
  assert.deepEqual(f.callsNamed("messages.delete").map((c) => c.args), [[[2], { deletePermanently: false }]]);
  const report = await f.fromContent(10, { type: "honmono:bar-action", action: "report" });
  assert.equal(report.ok, true);
  assert.deepEqual(f.callsNamed("compose.beginForward").map((c) => c.args), [
    [2, "forwardAsAttachment", { to: ["stop-spoofing@amazon.com"] }],
  ]);
  const why = await f.fromContent(10, { type: "honmono:bar-action", action: "reasons" });
  assert.equal(why.ok, true);
  assert.equal(f.callsNamed("messageDisplayAction.openPopup").length, 1);
});

test("actions: no Junk folder (and none can be made) is said, never a delete; the report draft goes to the brand's addresses", async () => {
  const f = createFakeMessenger({ junkFolders: {}, cannotCreateFolders: ["account1"] });
  const r = await moveToJunk([5], f.messenger);
  assert.equal(r.ok, false);
  assert.equal(r.reason, "no_junk_folder");
  assert.deepEqual(r.noJunkFolder, [5]);
  assert.equal(f.callsNamed("messages.delete").length, 0);
  assert.equal(f.callsNamed("messages.move").length, 0);
  assert.deepEqual(f.callsNamed("folders.create").map((c) => c.args), [["account1://", "Junk"]], "tried to make one");
  assert.deepEqual(f.callsNamed("messages.update").map((c) => c.args), [[5, { junk: true }]]);
  assert.equal((await deleteMessages([], f.messenger)).ok, false);
  const draft = await openReportDraft(5, ["stop-spoofing@amazon.com", "not an address", "info@antiphishing.jp"], f.messenger);
  assert.equal(draft.ok, true);
  assert.deepEqual(f.callsNamed("compose.beginForward").map((c) => c.args), [
    [5, "forwardAsAttachment", { to: ["stop-spoofing@amazon.com", "info@antiphishing.jp"] }],
  ]);
  assert.equal((await openReportDraft(5, [], f.messenger)).reason, "no_report_address");
});

test("report addresses come from the host's pong; the host starts at start-up", async () => {
  const f = setup({ pongExtra: { report_to: [{ address: "stop-spoofing@amazon.com" }, { address: "<b>@x" }, "info@antiphishing.jp"] } });
  await f.app.warm;
  assert.equal(f.callsNamed("runtime.connectNative").length, 1, "connected before any mail");
  assert.deepEqual(f.app.client.reportTo(), ["stop-spoofing@amazon.com", "info@antiphishing.jp"]);
  f.attachContentScript(10);
  await f.display(10, [amazonHeader(2)]);
  const state = await f.messenger.runtime.sendMessage({ type: "honmono:get-state", tabId: 10 });
  assert.deepEqual(state.reportTo, ["stop-spoofing@amazon.com", "info@antiphishing.jp"]);
  assert.equal(f.callsNamed("runtime.connectNative").length, 1, "one port for everything");
});

test("classify is safe to call concurrently: one port, replies matched by id", async () => {
  const f = setup();
  await f.app.warm;
  const raws = [RAW[1], RAW[2], RAW[3], RAW[4], RAW[2]];
  const replies = await Promise.all(raws.map((r) => f.app.client.classify(r, {})));
  assert.deepEqual(replies.map((r) => r.result.verdict), raws.map(verdictOf));
  assert.equal(f.callsNamed("runtime.connectNative").length, 1);
});

test("brand look: From or Subject naming Amazon, NFKC-folded", () => {
  assert.ok(looksLikeBrand({ author: "Amazon.co.jp <x@y>", subject: "" }));
  assert.ok(looksLikeBrand({ author: "x@y", subject: "【ＡＭＡＺＯＮ】確認" }));
  assert.ok(looksLikeBrand({ author: "アマゾン <a@b>" }));
  assert.ok(!looksLikeBrand({ author: "friend@example.org", subject: "lunch" }));
  assert.ok(!looksLikeBrand(null));
});
