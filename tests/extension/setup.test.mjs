// Issue 12 item 7: the first run opens the setup page; the receiving server is detected
// from the Authentication-Results of recent mail, per account.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";

import { createApp, SETUP_PAGE } from "../../extension/lib/app.js";
import { authservIdOf, detectAuthservIds } from "../../extension/lib/authserv.js";
import { EXTENSION_DIR, FakeEvent, createFakeMessenger, fakeFetch } from "./fake-messenger.mjs";

test("authserv-id: the first token of the header, unfolded, comments dropped", () => {
  assert.equal(authservIdOf("mx.google.com;\r\n       dkim=pass header.i=@amazon.co.jp"), "mx.google.com");
  assert.equal(authservIdOf("MX.Example.JP 1; spf=pass"), "mx.example.jp");
  assert.equal(authservIdOf("(comment) mx.example; none"), "mx.example");
  assert.equal(authservIdOf("mx.example"), "mx.example");
  assert.equal(authservIdOf("; dkim=pass"), null);
  assert.equal(authservIdOf("<script>; x"), null);
  assert.equal(authservIdOf(undefined), null);
});

function mailbox() {
  const f = createFakeMessenger();
  const ar = {
    1: ["mx.isp.example; dkim=pass", "mx.upstream.example; spf=pass"],
    2: ["mx.isp.example; dmarc=pass"],
    3: ["forged.example; dkim=pass"],
    4: [],
    5: ["mx.work.example; dkim=fail"],
  };
  f.messenger.accounts.list = async () => [
    { id: "a1", name: "Home", type: "imap" },
    { id: "a2", name: "Work", type: "pop3" },
    { id: "local", name: "Local Folders", type: "none" },
  ];
  f.messenger.folders.query = async ({ accountId, specialUse }) => (specialUse && specialUse[0] === "inbox" ? [{ id: `${accountId}-inbox`, accountId }] : []);
  f.messenger.messages.list = async (folderId) => ({
    id: null,
    messages: folderId === "a1-inbox"
      ? [{ id: 1, date: "2026-01-01" }, { id: 2, date: "2026-01-02" }, { id: 3, date: "2025-01-01" }, { id: 4, date: "2026-01-03" }]
      : [{ id: 5, date: "2026-01-01" }],
  });
  f.messenger.messages.getFull = async (id) => ({ headers: { "authentication-results": ar[id] } });
  return f;
}

test("detection: the topmost header's authserv-id per account, most frequent first", async () => {
  const f = mailbox();
  const found = await detectAuthservIds(f.messenger);
  assert.deepEqual(found.map((x) => [x.authservId, x.accountName, x.count]), [
    ["mx.isp.example", "Home", 2],
    ["forged.example", "Home", 1],
    ["mx.work.example", "Work", 1],
  ]);
  assert.ok(!found.some((x) => x.authservId === "mx.upstream.example"), "only the topmost header (the user's own server)");
  // perAccount bounds the work: the newest first
  const newest = await detectAuthservIds(f.messenger, { perAccount: 2 });
  assert.deepEqual(newest.filter((x) => x.accountId === "a1").map((x) => x.authservId), ["mx.isp.example"]);
});

test("install opens the setup page once; an update does not", async () => {
  const f = createFakeMessenger();
  f.messenger.runtime.onInstalled = new FakeEvent();
  const opened = [];
  f.messenger.tabs.create = async (p) => {
    opened.push(p.url);
    return { id: 5 };
  };
  createApp(f.messenger, { fetch: fakeFetch, log: () => {}, events: () => {} });
  await f.messenger.runtime.onInstalled.fire({ reason: "update" });
  assert.deepEqual(opened, []);
  await f.messenger.runtime.onInstalled.fire({ reason: "install", temporary: false });
  assert.deepEqual(opened, [`moz-extension://00000000-fake/${SETUP_PAGE}`]);
  await readFile(path.join(EXTENSION_DIR, SETUP_PAGE)); // exists
});

test("the setup page says what trusting a server means, and uses the button's real label", async () => {
  const ja = JSON.parse(await readFile(path.join(EXTENSION_DIR, "_locales/ja/messages.json"), "utf8"));
  assert.match(ja.setupServerHelp.message, /選んだサーバーの結果だけを Honmono は信じます/);
  assert.match(ja.optAutoCheckHelp.message, /「Honmono」ボタン/);
  assert.equal(ja.labelProduct.message, "Honmono");
  assert.ok(!/authserv-id/.test(ja.optTrustLabel.message), "no unexplained jargon in the label");
});
