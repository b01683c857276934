// New mail checked on arrival: the queue, pipelined host requests, tags, the Junk option,
// verdicts reused on display, the menu checks, and what happens when the host is missing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";

import { createApp } from "../../extension/lib/app.js";
import { displayName, headerClaimsAmazon, foldForSearch } from "../../extension/lib/claim-filter.js";
import { TAGS, ensureTags, applyVerdictTag } from "../../extension/lib/tags.js";
import { moveToJunk } from "../../extension/lib/actions.js";
import { runPool, QUEUE_KEY, CONCURRENCY } from "../../extension/lib/arrival.js";
import { DEFAULT_SETTINGS, normalizeSettings } from "../../extension/lib/settings.js";
import { VerdictCache, headerMessageId, verdictKey } from "../../extension/lib/verdict-cache.js";
import { MENU_FOLDER, MENU_MESSAGES } from "../../extension/lib/folder-check.js";
import { EXTENSION_DIR, createFakeHost, createFakeMessenger, fakeFetch, makeResult, tick } from "./fake-messenger.mjs";

const INBOX = { id: "acc1://INBOX", accountId: "acc1", name: "Inbox", specialUse: ["inbox"] };
const JUNK = { id: "acc1://Junk", accountId: "acc1", name: "Junk", specialUse: ["junk"] };
const LOCAL = { id: "local://Inbox", accountId: "local", name: "Inbox", specialUse: ["inbox"] };

// kind -> [author, subject, verdict the fake host gives]
const KINDS = {
  phishing: ["Amazon <security@amaz0n-account.example>", "【重要】アカウントの安全確認をお願いします", "phishing"],
  genuine: ["Amazon.co.jp <auto-confirm@amazon.co.jp>", "Amazon.co.jpでのご注文", "genuine"],
  suspicious: ["Amazon <x@amazon.co.jp>", "ご確認ください", "suspicious"],
  ordinary: ["Friend <friend@example.org>", "lunch on Friday?", "not_amazon"],
};

function mail(id, kind, folder = INBOX, extra = {}) {
  const [author, subject, verdict] = KINDS[kind];
  return {
    header: { id, author, subject, headerMessageId: `m${id}@test`, folder, tags: [], junk: false, ...extra },
    raw: `Message-ID: <m${id}@test>\r\nFrom: ${author}\r\nSubject: ${subject}\r\nX-Verdict: ${verdict}\r\n\r\nbody ${id}`,
  };
}

function verdictOf(raw) {
  const m = /X-Verdict: (\w+)/.exec(raw);
  return m ? m[1] : "not_amazon";
}

function mails(spec) {
  const headers = {};
  const raw = {};
  let id = 1;
  for (const [kind, n, folder] of spec) {
    for (let i = 0; i < n; i += 1) {
      const m = mail(id, kind, folder);
      headers[id] = m.header;
      raw[id] = m.raw;
      id += 1;
    }
  }
  return { headers, raw };
}

function setup({ spec = [["phishing", 1], ["genuine", 1], ["ordinary", 1]], host, settings, uiLanguage = "ja", store, folders = [INBOX, JUNK, LOCAL], tags } = {}) {
  const { headers, raw } = mails(spec);
  const fake = createFakeMessenger({
    host: host || createFakeHost({ classify: (req) => makeResult(verdictOf(req.raw)) }),
    raw,
    headers,
    folders,
    tags,
    settings,
    uiLanguage,
  });
  if (store) Object.assign(fake.store, structuredClone(store));
  const events = [];
  const app = createApp(fake.messenger, { timeoutMs: 2000, fetch: fakeFetch, log: () => {}, events: (event, data) => events.push({ event, ...data }) });
  return { ...fake, app, events };
}

const newMail = (f, ids, folder = INBOX) => f.messenger.messages.onNewMailReceived.fire(folder, { id: null, messages: ids.map((id) => structuredClone(f.headers[id])) });
const settled = async (f) => {
  await tick(5);
  await f.app.arrival.drain();
  await tick(250); // the verdict cache's deferred write
};
const tagsOf = (f, id) => f.headers[id].tags;

test("the header filter knows every brand word of the host's data, and look-alikes", async () => {
  const data = JSON.parse(await readFile(path.join(EXTENSION_DIR, "../host/honmono/brands/amazon/facts/senders.json"), "utf8"));
  for (const word of [...data.brand_names.values, ...data.display_name_words.values]) {
    assert.ok(headerClaimsAmazon({ author: `${word} <x@example.org>`, subject: "" }), `author ${word}`);
    assert.ok(headerClaimsAmazon({ author: "x@example.org", subject: `【重要】${word} のお知らせ` }), `subject ${word}`);
  }
  for (const disguised of ["Аmаzоn", "A m a z o n", "ａｍａｚｏｎ", "Amaz\u200bon", "amaz0n", "アマゾン"]) {
    assert.ok(headerClaimsAmazon({ author: disguised, subject: "" }), disguised);
  }
  assert.equal(headerClaimsAmazon({ author: "楽天 <info@rakuten.co.jp>", subject: "ポイント" }), false);
  assert.equal(headerClaimsAmazon({ author: "Friend", subject: "lunch" }), false);
  assert.equal(headerClaimsAmazon(null), false);
  assert.equal(foldForSearch("x".repeat(100000)).length, 4096, "bounded work on a huge header");
});

test("the header filter: Amazon presented through Prime (display names, hidden letters, Japanese); ordinary words left alone", async () => {
  const claim = JSON.parse(await readFile(path.join(EXTENSION_DIR, "../host/honmono/brands/amazon/facts/claim.json"), "utf8"));
  const senders = JSON.parse(await readFile(path.join(EXTENSION_DIR, "../host/honmono/brands/amazon/facts/senders.json"), "utf8"));
  // Every display name the host takes as a claim through a service's name ("Prime",
  // "Alexa", "Fire TV") is read (the host then decides), and the name alone where it claims alone.
  for (const [word, { generic, alone }] of Object.entries(claim.display_name_qualified_words.value)) {
    for (const other of generic) {
      assert.ok(headerClaimsAmazon({ author: `${word} ${other} <x@example.org>`, subject: "" }), `${word} ${other}`);
      assert.ok(headerClaimsAmazon({ author: `"${other} ${word}" <x@example.org>`, subject: "" }), `${other} ${word}`);
    }
    if (alone) assert.ok(headerClaimsAmazon({ author: `${word} <x@example.org>`, subject: "" }), word);
  }
  for (const word of senders.display_name_only_words.values) {
    assert.ok(headerClaimsAmazon({ author: `${word} <x@example.org>`, subject: "" }), word);
    assert.equal(headerClaimsAmazon({ author: "x@example.org", subject: `barely ${word} sound` }), false, `${word} in a subject is an ordinary word`);
  }
  const read = [
    ["Prime Video <no-reply@video-billing.example>", "Your payment was declined"],
    ["Prime US e-Center <donot_reply@picofun.example>", "Re: [Payment Decline] Notifications"],
    ["\"Service P\ufeffr\ufeffi\ufeffm\ufeff\ufeffe\ufeff I\ufeffD\ufeff:732243\" <cafepress@mail.example>", "Re: Reminder"],
    ["P\u200d\u200dr\u200d\u200di\u200dm\u200de \u200d <x@fortex.example>", "Re: Mounthly Payment Failure"],
    ["Prime's Video Suspended <x@hksalsa.example>", "Unauthorized Payment"],
    ["ＰＲＩＭＥ <x@example.org>", "notice"],
    ["Support <x@example.org>", "Your renewal prime membership could not be completed"],
    ["Amazon Prime <x@example.org>", "更新"],
    ["プライム会員センター <x@example.jp>", "お支払い方法の更新"],
    ["お客様窓口 <x@example.jp>", "【重要】プライム会員の自動更新"],
    ["x@example.jp", "プライムビデオ: ご利用の停止"],
    ["Deals <x@example.org>", "Prime Day starts now"],
    ["\"Alexa Support\" <alexasupport.help@gmail.example>", "Your Echo device has been deregistered"],
    ["Alexaサポート <x@example.jp>", "デバイスの登録"],
    ["Primeカスタマーセンター <x@example.jp>", "お支払い"],
    ["K\u200bi\u200bn\u200bd\u200bl\u200be Team <x@example.org>", "Your library"],
    ["Fire\u00a0TV Stick <x@example.org>", "Renew"],
  ];
  for (const [author, subject] of read) assert.ok(headerClaimsAmazon({ author, subject }), `${author} / ${subject}`);
  const left = [
    ["Maths Club <club@example.org>", "prime numbers and you"],
    ["Primerica <x@example.org>", "Your policy"],
    ["Supreme Court News <x@example.org>", "A ruling"],
    ["prime@example.org", "hello"],
    ["Friend <friend@example.org>", "The Prime Minister's speech"],
    ["Ken <ken@example.org>", "Alexa, play some jazz: my Kindle and Fire TV setup"],
    ["Alexandra Jones <x@example.org>", "hello"],
    ["Echo Park Dental <x@example.org>", "Your appointment"],
    ["Campfire Tales <x@example.org>", "Chapter 2"],
    ["Bonfire TV <x@example.org>", "Tonight"],
  ];
  for (const [author, subject] of left) assert.equal(headerClaimsAmazon({ author, subject }), false, `${author} / ${subject}`);
  assert.equal(displayName("Prime <a@b>"), "Prime ");
  assert.equal(displayName("a@b"), "");
  assert.equal(foldForSearch("P\u200br\u200bi me's  Video", { words: true }), "pri me s video");
});

test("new mail: phishing red, suspicious yellow, genuine green; ordinary mail untouched and never read", async () => {
  const f = setup({ spec: [["phishing", 2], ["suspicious", 1], ["genuine", 1], ["ordinary", 3]], tags: [{ key: "$label1", tag: "Important", color: "#FF0000" }] });
  f.headers[1].tags = ["$label1"]; // the user's own tag stays
  await newMail(f, [1, 2, 3, 4, 5, 6, 7]);
  await settled(f);
  assert.deepEqual(tagsOf(f, 1), ["$label1", "honmono_phishing"]);
  assert.deepEqual(tagsOf(f, 2), ["honmono_phishing"]);
  assert.deepEqual(tagsOf(f, 3), ["honmono_suspicious"]);
  assert.deepEqual(tagsOf(f, 4), ["honmono_genuine"]);
  for (const id of [5, 6, 7]) assert.deepEqual(tagsOf(f, id), []);
  const read = f.callsNamed("messages.getRaw").map((c) => c.args[0]).sort();
  assert.deepEqual(read, [1, 2, 3, 4], "only mail whose headers name Amazon is read in full");
  const updated = new Set(f.callsNamed("messages.update").map((c) => c.args[0]));
  for (const id of [5, 6, 7]) assert.ok(!updated.has(id), `ordinary mail ${id} is not touched`);
  // the three tags, created once, in Japanese for a Japanese UI, in red, yellow, green
  assert.deepEqual(f.callsNamed("messages.tags.create").map((c) => c.args), [
    ["honmono_phishing", "Honmono: フィッシング", "#C62828"],
    ["honmono_suspicious", "Honmono: 要注意", "#F9A825"],
    ["honmono_genuine", "Honmono: 本物", "#2E7D32"],
  ]);
  assert.equal(f.callsNamed("messages.move").length, 0, "tag only is the default");
  assert.equal(f.callsNamed("messages.delete").length, 0);
  assert.deepEqual(f.store[QUEUE_KEY], [], "the queue is empty once done");
});

test("tag names follow the language: English UI, and renamed when the language changes", async () => {
  const tags = [];
  const api = { list: async () => tags, create: async (key, tag, color) => tags.push({ key, tag, color }), update: async (key, p) => Object.assign(tags.find((t) => t.key === key), p) };
  const en = (k) => ({ tagPhishing: "Honmono: Phishing", tagSuspicious: "Honmono: Suspicious", tagGenuine: "Honmono: Genuine" })[k];
  await ensureTags(api, en);
  assert.deepEqual(tags.map((t) => t.tag), ["Honmono: Phishing", "Honmono: Suspicious", "Honmono: Genuine"]);
  tags[0].color = "#000000"; // the user recoloured it
  await ensureTags(api, (k) => `ja:${k}`);
  assert.deepEqual(tags.map((t) => t.tag), ["ja:tagPhishing", "ja:tagSuspicious", "ja:tagGenuine"]);
  assert.equal(tags[0].color, "#000000", "the user's colour is kept");
  assert.equal(tags.length, 3);
});

test("a new verdict replaces Honmono's earlier tag; a not-Amazon verdict removes only ours", async () => {
  const headers = { 1: { id: 1, tags: ["$label2", TAGS.suspicious.key] }, 2: { id: 2, tags: ["$label2"] } };
  const calls = [];
  const api = { get: async (id) => structuredClone(headers[id]), update: async (id, p) => { calls.push(id); Object.assign(headers[id], p); } };
  assert.equal(await applyVerdictTag(api, 1, "phishing"), true);
  assert.deepEqual(headers[1].tags, ["$label2", "honmono_phishing"]);
  assert.equal(await applyVerdictTag(api, 1, "phishing"), false, "no write when nothing changes");
  assert.equal(await applyVerdictTag(api, 2, "not_amazon"), false);
  assert.deepEqual(calls, [1], "mail without our tag and without a verdict is never written");
  assert.equal(await applyVerdictTag(api, 1, "genuine", { tagGenuine: false }), true);
  assert.deepEqual(headers[1].tags, ["$label2"]);
});

test("option junk: phishing is tagged, marked as junk and moved to its account's Junk folder; nothing deleted", async () => {
  const f = setup({ spec: [["phishing", 2], ["genuine", 1], ["ordinary", 1]], settings: { arrival: "junk" } });
  await newMail(f, [1, 2, 3, 4]);
  await settled(f);
  for (const id of [1, 2]) {
    assert.deepEqual(tagsOf(f, id), ["honmono_phishing"]);
    assert.equal(f.headers[id].junk, true);
    assert.equal(f.headers[id].folder.id, JUNK.id);
  }
  assert.deepEqual(f.callsNamed("messages.move").map((c) => c.args), [[[1, 2], JUNK.id, { isUserAction: false }]], "one move per batch and account");
  assert.equal(f.headers[3].folder.id, INBOX.id, "genuine mail stays");
  assert.equal(f.headers[3].junk, false);
  assert.equal(f.headers[4].folder.id, INBOX.id);
  assert.equal(f.callsNamed("messages.delete").length, 0);
  assert.ok(f.events.some((e) => e.event === "tagged" && e.messageId === 1 && e.moved === true));
});

test("moveToJunk: grouped per account, marks mail already in Junk; an account without Junk gets one", async () => {
  const { headers, raw } = mails([["phishing", 1], ["phishing", 1, LOCAL], ["phishing", 1, JUNK]]);
  const folders = [INBOX, JUNK, LOCAL];
  const f = createFakeMessenger({ headers, raw, folders });
  const out = await moveToJunk([1, 2, 3], f.messenger);
  const created = folders.find((x) => x.accountId === "local" && x.path === "/Junk");
  assert.ok(created, "Local Folders got a top-level Junk folder");
  assert.deepEqual(out, { ok: true, marked: [1, 2, 3], moved: [1, 2], noJunkFolder: [], remarked: 2 });
  assert.deepEqual(f.callsNamed("folders.create").map((c) => c.args), [["local://", "Junk"]]);
  assert.deepEqual(f.callsNamed("messages.move").map((c) => c.args), [[[1], JUNK.id, { isUserAction: true }], [[2], created.id, { isUserAction: true }]]);
  for (const id of [1, 2, 3]) assert.equal(f.headers[id].junk, true);
  assert.equal(f.headers[2].folder.id, created.id);
  assert.equal(f.callsNamed("messages.delete").length, 0);
  // Found again by its name next time (it has no Junk flag): not created twice; mail already
  // in it is only marked.
  const { headers: h2, raw: r2 } = mails([["phishing", 2, LOCAL]]);
  Object.assign(f.headers, { 4: { ...h2[1], id: 4 }, 5: { ...h2[2], id: 5, folder: created } });
  Object.assign(raw, { 4: r2[1], 5: r2[2] });
  const again = await moveToJunk([4, 5], f.messenger, { userAction: false });
  assert.deepEqual(again, { ok: true, marked: [4, 5], moved: [4], noJunkFolder: [], remarked: 1 });
  assert.equal(f.callsNamed("folders.create").length, 1);
});

test("moveToJunk: the moved copy in Junk is marked as junk again (IMAP: the mark's STORE may lose the race with the COPY)", async () => {
  const { headers, raw } = mails([["phishing", 2], ["genuine", 1]]);
  const f = createFakeMessenger({ headers, raw, folders: [INBOX, JUNK, LOCAL], moveMakesCopies: true });
  const mids = [1, 2].map((id) => headers[id].headerMessageId);
  const out = await moveToJunk([1, 2], f.messenger, { userAction: false });
  assert.deepEqual(out, { ok: true, marked: [1, 2], moved: [1, 2], noJunkFolder: [], remarked: 2 });
  const inJunk = Object.values(f.headers).filter((h) => h.folder.id === JUNK.id);
  assert.deepEqual(inJunk.map((h) => h.headerMessageId).sort(), [...mids].sort());
  for (const h of inJunk) {
    assert.ok(![1, 2].includes(h.id), "a moved message has a new id");
    assert.equal(h.junk, true, `the copy ${h.id} in Junk is marked as junk`);
  }
  const remarked = f.callsNamed("messages.update").filter((c) => c.args[1].junk === true).map((c) => c.args[0]);
  assert.deepEqual(remarked.slice(2).sort(), inJunk.map((h) => h.id).sort(), "marked in place, then the copies");
  assert.equal(f.headers[3].junk, false, "the genuine mail is not touched");
  assert.ok(f.callsNamed("messages.query").every((c) => c.args[0].folderId === JUNK.id), "looked up in Junk only");
});

test("moveToJunk: a Thunderbird whose query has no folderId still finds the moved copy", async () => {
  const { headers, raw } = mails([["phishing", 1]]);
  const f = createFakeMessenger({ headers, raw, folders: [INBOX, JUNK, LOCAL], moveMakesCopies: true });
  const query = f.messenger.messages.query;
  f.messenger.messages.query = async (info) => {
    if ("folderId" in info) throw new Error("Type error for parameter queryInfo: Unexpected property \"folderId\"");
    return query(info);
  };
  const out = await moveToJunk([1], f.messenger, { userAction: false });
  assert.equal(out.remarked, 1);
  const copy = Object.values(f.headers).find((h) => h.folder.id === JUNK.id);
  assert.equal(copy.junk, true);
});

test("moveToJunk: two moves at once for an account without Junk create one folder", async () => {
  const { headers, raw } = mails([["phishing", 2, LOCAL]]);
  const folders = [INBOX, JUNK, LOCAL];
  const f = createFakeMessenger({ headers, raw, folders });
  const [a, b] = await Promise.all([moveToJunk([1], f.messenger), moveToJunk([2], f.messenger)]);
  assert.deepEqual([a.moved, b.moved], [[1], [2]]);
  assert.equal(f.callsNamed("folders.create").length, 1);
  assert.equal(folders.filter((x) => x.path === "/Junk" && x.accountId === "local").length, 1);
});

test("moveToJunk: an account that cannot have a Junk folder keeps its mail, marked as junk", async () => {
  const { headers, raw } = mails([["phishing", 1], ["phishing", 1, LOCAL]]);
  const f = createFakeMessenger({ headers, raw, folders: [INBOX, JUNK, LOCAL], cannotCreateFolders: ["local"] });
  const out = await moveToJunk([1, 2], f.messenger);
  assert.deepEqual(out, { ok: false, reason: "no_junk_folder", marked: [1, 2], moved: [1], noJunkFolder: [2], remarked: 1 });
  assert.equal(f.headers[2].folder.id, LOCAL.id);
  assert.equal(f.headers[2].junk, true);
  assert.equal(f.callsNamed("messages.delete").length, 0);
});

test("a POP account without Junk: new phishing tagged red and moved to a new Junk folder; genuine green; ordinary untouched", async () => {
  const POP = { id: "pop1://Inbox", accountId: "pop1", name: "Inbox", path: "/Inbox", specialUse: ["inbox"] };
  const f = setup({ spec: [["phishing", 1, POP], ["genuine", 1, POP], ["ordinary", 1, POP]], settings: { arrival: "junk" }, folders: [INBOX, JUNK, POP] });
  await newMail(f, [1, 2, 3], POP);
  await settled(f);
  assert.deepEqual(tagsOf(f, 1), ["honmono_phishing"]);
  assert.equal(f.headers[1].junk, true);
  assert.equal(f.headers[1].folder.path, "/Junk");
  assert.equal(f.headers[1].folder.accountId, "pop1", "the POP account's own Junk");
  assert.deepEqual(tagsOf(f, 2), ["honmono_genuine"]);
  assert.equal(f.headers[2].folder.id, POP.id);
  assert.deepEqual(tagsOf(f, 3), []);
  assert.equal(f.callsNamed("messages.getRaw").filter((c) => c.args[0] === 3).length, 0, "ordinary mail never read");
});

test("options: green tags off; arrival off leaves everything alone", async () => {
  const g = setup({ settings: { tagGenuine: false } });
  await newMail(g, [1, 2, 3]);
  await settled(g);
  assert.deepEqual(tagsOf(g, 1), ["honmono_phishing"]);
  assert.deepEqual(tagsOf(g, 2), []);
  const off = setup({ settings: { arrival: "off" } });
  await newMail(off, [1, 2, 3]);
  await settled(off);
  assert.equal(off.host.classifyRequests().length, 0);
  assert.equal(off.callsNamed("messages.getRaw").length, 0);
  assert.equal(off.callsNamed("messages.update").length, 0);
});

test("a burst: many requests in flight on one port (pipelined), never more than the bound, all pages read", async () => {
  let inFlight = 0;
  let most = 0;
  const host = createFakeHost({
    classify: async (req) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await tick(1);
      inFlight -= 1;
      return makeResult(verdictOf(req.raw));
    },
  });
  const f = setup({ host, spec: [["phishing", 120], ["ordinary", 200], ["genuine", 80]] });
  // Thunderbird pages long MessageLists (100 per page here)
  const list = { id: "burst", messages: Object.values(f.headers).slice(0, 100).map((h) => structuredClone(h)) };
  const rest = Object.values(f.headers).slice(100);
  const origContinue = f.messenger.messages.continueList;
  let served = 0;
  f.messenger.messages.continueList = async (id) => {
    if (id !== "burst") return origContinue(id);
    const page = rest.slice(served, served + 100).map((h) => structuredClone(h));
    served += 100;
    return { id: served < rest.length ? "burst" : null, messages: page };
  };
  await f.messenger.messages.onNewMailReceived.fire(INBOX, list);
  await settled(f);
  assert.equal(f.host.classifyRequests().length, 200, "every Amazon-looking mail once, ordinary mail never");
  assert.equal(f.host.ports.length, 1, "one native port for the whole burst");
  assert.ok(most > 1, `requests are pipelined (at most ${most} in flight)`);
  assert.ok(most <= CONCURRENCY, `bounded: ${most} <= ${CONCURRENCY}`);
  assert.equal(Object.values(f.headers).filter((h) => h.tags.includes("honmono_phishing")).length, 120);
  assert.equal(Object.values(f.headers).filter((h) => h.tags.includes("honmono_genuine")).length, 80);
  const batches = f.events.filter((e) => e.event === "arrival-batch");
  assert.ok(batches.length >= 4, "processed in persisted batches");
});

test("a verdict computed on arrival is reused when the mail is opened: no second request, badge at once", async () => {
  const f = setup();
  await newMail(f, [1, 2]);
  await settled(f);
  assert.equal(f.host.classifyRequests().length, 2);
  await f.display(10, [f.headers[1]]);
  assert.equal(f.host.classifyRequests().length, 2, "no new request on display");
  assert.equal(f.badge(10).text, "!");
  // other settings: a fresh verdict
  await f.messenger.storage.local.set({ settings: { names: ["山田太郎"] } });
  await f.display(12, [f.headers[1]]);
  assert.equal(f.host.classifyRequests().length, 3);
  await f.messenger.storage.local.set({ settings: {} });
  // after the event page was suspended: a new app on the same storage still knows it
  const again = createApp(f.messenger, { fetch: fakeFetch, log: () => {}, events: () => {} });
  await again.controller.onMessagesDisplayed({ id: 11 }, { id: null, messages: [f.headers[2]] });
  assert.equal(f.host.classifyRequests().length, 3, "the verdict survived in storage.local");
  assert.equal(f.badge(11).text, "✓");
});

test("verdict cache key: Message-ID, content hash and settings; errors are not cached; bounded", async () => {
  const raw = "Message-ID:\r\n <abc@x>\r\nSubject: s\r\n\r\nMessage-ID: <body@x>";
  assert.equal(headerMessageId(raw), "<abc@x>");
  assert.equal(headerMessageId("Subject: none\r\n\r\n"), "");
  const s = { language: "ja", names: [], addresses: [], trust_authserv: [], offline: false };
  const k1 = await verdictKey(raw, s);
  assert.notEqual(k1, await verdictKey(`${raw} `, s), "other bytes, other key");
  assert.notEqual(k1, await verdictKey(raw, { ...s, language: "en" }), "other settings, other key");
  assert.ok(k1.endsWith("|<abc@x>"));
  const cache = new VerdictCache({ limit: 2 });
  await cache.put("e", { kind: "error", code: "timeout" });
  assert.equal(await cache.get("e"), null);
  for (const k of ["a", "b", "c"]) await cache.put(k, { kind: "result", result: { verdict: "genuine" } });
  assert.equal(await cache.get("a"), null, "the oldest is dropped");
  assert.ok(await cache.get("c"));
});

test("host missing: nothing tagged, the button says mail waits, the queue is kept; checked when the host is back", async () => {
  const down = createFakeHost({ missing: true });
  const f = setup({ host: down, spec: [["phishing", 2], ["genuine", 1], ["ordinary", 1]] });
  await newMail(f, [1, 2, 3, 4]);
  await settled(f);
  for (const id of [1, 2, 3, 4]) assert.deepEqual(tagsOf(f, id), []);
  assert.deepEqual(f.store[QUEUE_KEY].map((it) => it.id).sort(), [1, 2, 3], "Amazon-looking mail waits in storage");
  assert.equal(f.store["arrival-status"].error, "not_installed");
  assert.match(f.defaultTitle.value, /3/);
  assert.match(f.defaultTitle.value, /ホスト/);
  // The event page is suspended and wakes with a working host: the queue is resumed.
  const back = createFakeMessenger({ host: createFakeHost({ classify: (req) => makeResult(verdictOf(req.raw)) }), raw: Object.fromEntries(Object.entries(f.headers).map(([id]) => [id, mail(Number(id), ["phishing", "phishing", "genuine", "ordinary"][id - 1]).raw])), headers: f.headers, folders: [INBOX, JUNK], uiLanguage: "ja" });
  Object.assign(back.store, structuredClone(f.store));
  const app = createApp(back.messenger, { fetch: fakeFetch, log: () => {}, events: () => {} });
  await app.resumed;
  await app.arrival.drain();
  assert.deepEqual(tagsOf(back, 1), ["honmono_phishing"]);
  assert.deepEqual(tagsOf(back, 3), ["honmono_genuine"]);
  assert.deepEqual(back.store[QUEUE_KEY], []);
  assert.equal(back.store["arrival-status"].error, null);
  assert.equal(back.defaultTitle.value, "Honmono: このAmazonメールは本物?", "the plain tooltip is back");
});

test("after a restart, a queued id that now names another message is found again by its Message-ID", async () => {
  const f = setup({ spec: [["ordinary", 1], ["phishing", 1]], store: { [QUEUE_KEY]: [{ id: 1, mid: "m2@test" }] } });
  await f.app.resumed;
  await f.app.arrival.drain();
  assert.deepEqual(tagsOf(f, 2), ["honmono_phishing"], "found by headerMessageId");
  assert.deepEqual(tagsOf(f, 1), [], "the message that took its id is not touched");
});

test("one message the host cannot read does not stop the others", async () => {
  const host = createFakeHost({
    classify: (req) => (/body 1$/.test(req.raw) ? { type: "error", error: { code: "parse_error", message: "bad" } } : makeResult(verdictOf(req.raw))),
  });
  const f = setup({ host, spec: [["phishing", 3]] });
  await newMail(f, [1, 2, 3]);
  await settled(f);
  assert.deepEqual(tagsOf(f, 1), []);
  assert.deepEqual(tagsOf(f, 2), ["honmono_phishing"]);
  assert.deepEqual(tagsOf(f, 3), ["honmono_phishing"]);
  assert.deepEqual(f.store[QUEUE_KEY], [], "a typed host error is final for that mail, not a reason to wait");
});

test("context menus: created in the UI language; a folder check shows progress, counts and ends with a summary", async () => {
  const f = setup({ spec: [["phishing", 3], ["genuine", 2], ["suspicious", 1], ["ordinary", 4]].map(([k, n]) => [k, n, LOCAL]) });
  await f.app.menus();
  assert.deepEqual(f.menuItems.map((m) => [m.id, m.contexts, m.title]), [
    [MENU_MESSAGES, ["message_list"], "Honmono で確認"],
    [MENU_FOLDER, ["folder_pane"], "このフォルダーを Honmono で確認"],
  ]);
  await f.messenger.menus.onClicked.fire({ menuItemId: MENU_FOLDER, selectedFolders: [LOCAL] });
  const win = f.callsNamed("windows.create")[0].args[0];
  assert.equal(win.url, "progress/progress.html?job=1");
  const running = await f.messenger.runtime.sendMessage({ type: "honmono:check-status", jobId: 1 });
  assert.equal(running.total, 10);
  const job = f.app.checks.jobs.get(1);
  const final = await job.finished;
  assert.equal(final.state, "done");
  assert.equal(final.done, 10);
  assert.deepEqual(final.counts, { phishing: 3, suspicious: 1, genuine: 2, not_amazon: 4, failed: 0 });
  assert.equal(Object.values(f.headers).filter((h) => h.tags.includes("honmono_phishing")).length, 3);
  assert.equal(f.callsNamed("messages.move").length, 0, "a check the user asked for tags, it never moves");
  assert.ok(f.events.some((e) => e.event === "check-done" && e.state === "done"));
});

test("a check of selected messages can be cancelled: it stops, and says so", async () => {
  const host = createFakeHost({ classify: async (req) => {
    await tick(5);
    return makeResult(verdictOf(req.raw));
  } });
  const f = setup({ host, spec: [["phishing", 60]] });
  const selected = { id: null, messages: Object.values(f.headers).map((h) => structuredClone(h)) };
  await f.messenger.menus.onClicked.fire({ menuItemId: MENU_MESSAGES, selectedMessages: selected });
  const job = f.app.checks.jobs.get(1);
  for (let i = 0; i < 2000 && job.done < 4; i += 1) await tick(1);
  await f.messenger.runtime.sendMessage({ type: "honmono:check-cancel", jobId: 1 });
  const final = await f.app.checks.jobs.get(1).finished;
  assert.equal(final.state, "cancelled");
  assert.ok(final.done > 0 && final.done < 60, `stopped after ${final.done}`);
  assert.ok(f.host.classifyRequests().length < 60);
});

test("a folder check with the host missing ends as failed with the error code", async () => {
  const f = setup({ host: createFakeHost({ missing: true }), spec: [["phishing", 5, LOCAL]] });
  await f.messenger.menus.onClicked.fire({ menuItemId: MENU_FOLDER, selectedFolders: [LOCAL] });
  const final = await f.app.checks.jobs.get(1).finished;
  assert.equal(final.state, "failed");
  assert.equal(final.error, "not_installed");
  assert.ok(Object.values(f.headers).every((h) => h.tags.length === 0));
});

test("runPool: order kept, bounded, stops starting work when told", async () => {
  let active = 0;
  let most = 0;
  const out = await runPool([1, 2, 3, 4, 5, 6], 2, async (x) => {
    active += 1;
    most = Math.max(most, active);
    await tick(1);
    active -= 1;
    return x * 10;
  });
  assert.deepEqual(out, [10, 20, 30, 40, 50, 60]);
  assert.equal(most, 2);
  let n = 0;
  const partial = await runPool([1, 2, 3, 4], 1, async (x) => { n += 1; return x; }, () => n >= 2);
  assert.deepEqual([...partial], [1, 2, undefined, undefined]);
});

test("arrival settings: tag by default, green tags on; unusable values ignored", () => {
  assert.equal(DEFAULT_SETTINGS.arrival, "tag");
  assert.equal(DEFAULT_SETTINGS.tagGenuine, true);
  assert.deepEqual(normalizeSettings({ arrival: "delete", tagGenuine: "no" }), { ...DEFAULT_SETTINGS });
  assert.equal(normalizeSettings({ arrival: "junk" }).arrival, "junk");
  assert.equal(normalizeSettings({ arrival: "off", tagGenuine: false }).tagGenuine, false);
});

test("an English UI gets English tag names", async () => {
  const f = setup({ uiLanguage: "en-US" });
  await newMail(f, [1, 2, 3]);
  await settled(f);
  assert.deepEqual(f.tags.map((t) => t.tag), ["Honmono: Phishing", "Honmono: Suspicious", "Honmono: Genuine"]);
  assert.deepEqual(tagsOf(f, 1), ["honmono_phishing"]);
});
