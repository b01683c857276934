// Arrival while the host is missing (what the toolbar and the panel say, and the mail that
// waited checked once the host is back), the one list of "host down" codes, and the junk
// move of one batch overlapping the next batch's checks.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";

import { createApp } from "../../extension/lib/app.js";
import { ERROR_CODES, HOST_DOWN_CODES, isHostDown } from "../../extension/lib/protocol.js";
import { arrivalStatusLines, renderArrivalStatus } from "../../extension/lib/render.js";
import { makeTranslator } from "../../extension/lib/i18n.js";
import { QUEUE_KEY } from "../../extension/lib/arrival.js";
import { FakeDocument, allElements } from "./fake-dom.mjs";
import { EXTENSION_DIR, createFakeHost, createFakeMessenger, deferred, fakeFetch, makeResult, tick } from "./fake-messenger.mjs";
import { sources } from "./source-files.mjs";

const INBOX = { id: "acc1://INBOX", accountId: "acc1", name: "Inbox", path: "/INBOX", specialUse: ["inbox"] };
const JUNK = { id: "acc1://Junk", accountId: "acc1", name: "Junk", path: "/Junk", specialUse: ["junk"] };

const KINDS = {
  phishing: ["Amazon <security@amaz0n-account.example>", "【重要】アカウントの安全確認をお願いします", "phishing"],
  genuine: ["Amazon.co.jp <auto-confirm@amazon.co.jp>", "Amazon.co.jpでのご注文", "genuine"],
  ordinary: ["Friend <friend@example.org>", "lunch on Friday?", "not_amazon"],
};

function mails(spec) {
  const headers = {};
  const raw = {};
  let id = 1;
  for (const [kind, n] of spec) {
    for (let i = 0; i < n; i += 1) {
      const [author, subject, verdict] = KINDS[kind];
      headers[id] = { id, author, subject, headerMessageId: `m${id}@test`, folder: INBOX, tags: [], junk: false };
      raw[id] = `Message-ID: <m${id}@test>\r\nFrom: ${author}\r\nSubject: ${subject}\r\nX-Verdict: ${verdict}\r\n\r\nbody ${id}`;
      id += 1;
    }
  }
  return { headers, raw };
}

const verdictOf = (raw) => (/X-Verdict: (\w+)/.exec(raw) || [null, "not_amazon"])[1];

function setup({ spec, hostOpts, settings, uiLanguage = "ja", timeoutMs = 2000 }) {
  const { headers, raw } = mails(spec);
  const host = createFakeHost(hostOpts || { classify: (req) => makeResult(verdictOf(req.raw)) });
  const fake = createFakeMessenger({ host, raw, headers, folders: [INBOX, JUNK], settings, uiLanguage });
  const events = [];
  const app = createApp(fake.messenger, { timeoutMs, fetch: fakeFetch, log: () => {}, events: (event, data) => events.push({ event, ...data }) });
  return { ...fake, app, events };
}

const newMail = (f, ids) => f.messenger.messages.onNewMailReceived.fire(INBOX, { id: null, messages: ids.map((id) => structuredClone(f.headers[id])) });

async function translator(lang) {
  return makeTranslator(JSON.parse(await readFile(path.join(EXTENSION_DIR, "_locales", lang, "messages.json"), "utf8")));
}

test("host down: exactly the four codes that mean the host cannot answer, in one list", async () => {
  assert.deepEqual([...HOST_DOWN_CODES].sort(), ["not_installed", "protocol_mismatch", "timeout", "unreachable"]);
  for (const code of HOST_DOWN_CODES) {
    assert.equal(isHostDown(code), true, code);
    assert.equal(isHostDown({ kind: "error", code }), true, code);
  }
  for (const code of [ERROR_CODES.HOST_ERROR, ERROR_CODES.TOO_LARGE, ERROR_CODES.BAD_REPLY, ERROR_CODES.READ_FAILED, ERROR_CODES.NO_MESSAGE, "", undefined]) {
    assert.equal(isHostDown(code), false, String(code));
    assert.equal(isHostDown({ kind: "error", code }), false, String(code));
  }
  assert.equal(isHostDown({ kind: "result", code: "timeout" }), false, "only an error state");
  assert.equal(isHostDown(null), false);
  // No second copy of the list elsewhere in the extension.
  const copies = (await sources([".js"])).filter(({ file, text }) => !file.endsWith("protocol.js")
    && /ERROR_CODES\.NOT_INSTALLED\s*,\s*ERROR_CODES\.UNREACHABLE/.test(text));
  assert.deepEqual(copies.map((c) => c.file), []);
});

test("what the toolbar and panel say: the host is missing, and how many mails wait (one: singular)", async () => {
  const ja = await translator("ja");
  const en = await translator("en");
  assert.deepEqual(arrivalStatusLines({ waiting: 0, error: null }, en), [], "nothing while all is well");
  assert.deepEqual(arrivalStatusLines({ waiting: 3, error: "host_error" }, en), [], "a failure on one mail is not a missing host");
  assert.deepEqual(arrivalStatusLines(null, en), []);
  const one = arrivalStatusLines({ waiting: 1, error: "not_installed" }, en);
  assert.equal(one.length, 2);
  assert.equal(one[0], en("arrivalPanelHostDown"));
  assert.match(one[1], /^1 mail waiting/);
  assert.doesNotMatch(one[1], /mails/, "singular for one");
  const many = arrivalStatusLines({ waiting: 12, error: "timeout" }, en);
  assert.match(many[1], /^12 mails waiting/);
  assert.match(arrivalStatusLines({ waiting: 12, error: "unreachable" }, ja)[1], /12 通/);
  assert.match(arrivalStatusLines({ waiting: 1, error: "unreachable" }, ja)[1], /1 通/);
  assert.match(arrivalStatusLines({ waiting: 1, error: "unreachable" }, ja)[0], /ホスト/);
  assert.deepEqual(arrivalStatusLines({ waiting: 0, error: "unreachable" }, en), [en("arrivalPanelHostDown")], "no count when nothing waits");

  const doc = new FakeDocument();
  assert.equal(renderArrivalStatus(doc, { waiting: 0, error: null }, en), null);
  const note = renderArrivalStatus(doc, { waiting: 2, error: "not_installed" }, en);
  assert.equal(note.getAttribute("role"), "status");
  const texts = allElements(note).filter((e) => e.tagName === "P").map((p) => p.textContent);
  assert.deepEqual(texts, [en("arrivalPanelHostDown"), en("arrivalPanelWaiting", 2)]);
});

test("host missing, then back: the button and the panel's status say one mail waits; new mail then checks it too", async () => {
  const hostOpts = { missing: true, classify: (req) => makeResult(verdictOf(req.raw)) };
  const f = setup({ spec: [["phishing", 1], ["ordinary", 1], ["genuine", 1]], hostOpts, uiLanguage: "en" });
  await newMail(f, [1, 2]);
  await tick(5);
  await f.app.arrival.drain();
  assert.deepEqual(f.headers[1].tags, [], "nothing tagged without the host");
  assert.deepEqual(f.store[QUEUE_KEY].map((it) => it.id), [1], "the Amazon-looking mail waits");
  const t = await translator("en");
  assert.equal(f.defaultTitle.value, `Honmono: ${t("arrivalPanelHostDown")} ${t("arrivalPanelWaitingOne")}`);
  // What the panel asks the background for.
  const status = await f.messenger.runtime.sendMessage({ type: "honmono:arrival-status" });
  assert.deepEqual(status, { waiting: 1, error: "not_installed" });
  // The host is installed; the next new mail runs the queue: the mail that waited is checked.
  hostOpts.missing = false;
  await newMail(f, [3]);
  await tick(5);
  await f.app.arrival.drain();
  assert.deepEqual(f.headers[1].tags, ["honmono_phishing"], "the mail that waited");
  assert.deepEqual(f.headers[3].tags, ["honmono_genuine"]);
  assert.deepEqual(f.headers[2].tags, []);
  assert.deepEqual(await f.messenger.runtime.sendMessage({ type: "honmono:arrival-status" }), { waiting: 0, error: null });
  assert.equal(f.defaultTitle.value, t("actionTitle"), "the plain tooltip is back");
});

test("the junk move of one batch runs while the next batch is checked; batches leave the queue in order", async () => {
  const f = setup({ spec: [["phishing", 4], ["genuine", 4]], settings: { arrival: "junk" } });
  f.app.arrival.batchSize = 4;
  const gate = deferred();
  const realMove = f.messenger.messages.move;
  const order = [];
  f.messenger.messages.move = async (...args) => {
    order.push("move-start");
    await gate.promise;
    order.push("move-end");
    return realMove(...args);
  };
  const realRaw = f.messenger.messages.getRaw;
  f.messenger.messages.getRaw = async (id, opts) => {
    order.push(`read-${id}`);
    return realRaw(id, opts);
  };
  await newMail(f, [1, 2, 3, 4, 5, 6, 7, 8]);
  // Batch 1 (phishing) is tagged and its move started; batch 2 is read and tagged meanwhile.
  for (let i = 0; i < 100 && !f.headers[8].tags.length; i += 1) await tick(2);
  assert.deepEqual(f.headers[8].tags, ["honmono_genuine"], `the next batch was checked while the move waited: ${order.join(" ")}`);
  assert.ok(order.includes("move-start") && !order.includes("move-end"), order.join(" "));
  assert.equal(f.headers[1].folder.id, INBOX.id, "not moved yet");
  assert.deepEqual(f.store[QUEUE_KEY].map((it) => it.id), [1, 2, 3, 4, 5, 6, 7, 8], "nothing leaves the queue before batch 1's move is done");
  assert.equal(f.events.filter((e) => e.event === "arrival-batch").length, 0);
  gate.resolve();
  await f.app.arrival.drain();
  for (const id of [1, 2, 3, 4]) {
    assert.equal(f.headers[id].folder.id, JUNK.id);
    assert.deepEqual(f.headers[id].tags, ["honmono_phishing"]);
  }
  for (const id of [5, 6, 7, 8]) assert.equal(f.headers[id].folder.id, INBOX.id);
  const batches = f.events.filter((e) => e.event === "arrival-batch");
  assert.deepEqual(batches.map((b) => [b.done, b.waiting]), [[4, 4], [4, 0]], "in order, the second after the first");
  assert.ok(batches[0].steps.move >= 0 && batches[0].classifyMs <= batches[0].ms);
  assert.deepEqual(f.store[QUEUE_KEY], []);
  assert.equal(f.events.filter((e) => e.event === "tagged" && e.moved).length, 4);
});

test("host lost in the middle of a burst: the batches already checked are finished, the rest waits", async () => {
  let answered = 0;
  const f = setup({
    spec: [["phishing", 6]],
    settings: { arrival: "junk" },
    timeoutMs: 50,
    hostOpts: { classify: (req) => (answered++ < 3 ? makeResult(verdictOf(req.raw)) : undefined) },
  });
  f.app.arrival.batchSize = 3;
  f.app.arrival.concurrency = 1;
  await newMail(f, [1, 2, 3, 4, 5, 6]);
  await tick(5);
  await f.app.arrival.drain();
  for (const id of [1, 2, 3]) assert.equal(f.headers[id].folder.id, JUNK.id, `batch 1 finished: ${id}`);
  for (const id of [4, 5, 6]) assert.deepEqual(f.headers[id].tags, []);
  assert.deepEqual(f.store[QUEUE_KEY].map((it) => it.id), [4, 5, 6]);
  assert.equal(f.store["arrival-status"].error, "timeout");
  assert.equal(f.store["arrival-status"].waiting, 3);
});
