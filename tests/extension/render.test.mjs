import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";

import { panelEvent, renderManagedTrust, renderState, renderResult, renderError, showBidiControls } from "../../extension/lib/render.js";
import { makeTranslator } from "../../extension/lib/i18n.js";
import { FakeDocument, allElements } from "./fake-dom.mjs";
import { EXTENSION_DIR, makeResult } from "./fake-messenger.mjs";

const XSS = `<img src=x onerror=alert(1)>`;
const SCRIPT = `<script>alert("x")</script>`;

async function translator(lang) {
  const file = path.join(EXTENSION_DIR, "_locales", lang, "messages.json");
  return makeTranslator(JSON.parse(await readFile(file, "utf8")));
}

function hostileState() {
  return {
    kind: "result",
    language: "en",
    messageId: 1,
    header: { subject: `Subject ${XSS}`, author: `Amazon ${SCRIPT} <a@b>` },
    truncated: false,
    versions: { honmono: "0.1.0" },
    result: makeResult("phishing", {
      summary: `Summary ${XSS}`,
      evidence: [
        { id: "e1", category: "sender", status: "fail", title: `Title ${XSS}`, detail: `Detail ${SCRIPT}`, source: `From: ${XSS}` },
        { id: "e2", category: "auth", status: "pass", title: "second", detail: "d2", source: "s2" },
        { id: "e3", category: "links", status: "warn", title: "third", detail: "d3", source: "s3" },
        { id: "e4", category: "wording", status: "info", title: "fourth", detail: "d4", source: "s4" },
        { id: "e5", category: "x", status: "bogus", title: "fifth", detail: "", source: "" },
      ],
      advice: [`Advice ${XSS}`, "Open Amazon from a bookmark."],
      details: {
        links: [
          { text: `Sign in ${XSS}`, href: `https://evil.example/?q=${encodeURIComponent("<b>")}"><img src=x onerror=alert(2)>`, host: `evil.example${XSS}`, status: "fail" },
          { text: "https://www.amazon.co.jp/", href: "https://www.amazon.co.jp/gp/css", host: "www.amazon.co.jp", status: "pass" },
        ],
        auth: {
          signatures: [{ domain: `amazon.co.jp${XSS}`, result: "pass", selector: "s1" }],
          dmarc: { from_domain: "amazon.co.jp", result: "fail", policy_name: "reject" },
          arh: { used: [], ignored: [{ authserv_id: `mx.example${XSS}`, results: [{ method: "dkim", result: "pass" }] }] },
          [`key${XSS}`]: "v",
          local: "unknown",
          backing: [],
        },
        route: { hops: [{ position: 2, helo: `mail.example${XSS}`, ip: "203.0.113.66", by: "mx.example" }] },
        notice: { kind: "sign_in_attempt", code_present: true, datetime: `2025-11-03 09:56 ${XSS}`, device: "Google Chrome Windows", location: "Tokyo, Japan" },
        defects: [`Defect ${XSS}`],
      },
    }),
  };
}

test("mail text with markup is rendered as text, never as elements", async () => {
  const doc = new FakeDocument();
  const t = await translator("en");
  const root = renderState(doc, hostileState(), t);
  doc.body.appendChild(root);

  assert.deepEqual(doc.sinks, [], "no markup sink was touched");
  const tags = new Set(doc.created);
  for (const bad of ["img", "script", "iframe", "a", "object", "embed", "style", "link"]) {
    assert.ok(!tags.has(bad), `no <${bad}> element was created`);
  }
  for (const el of allElements(root)) {
    for (const name of el.attributes.keys()) assert.ok(!name.startsWith("on"), `no ${name} attribute`);
  }
  const text = root.textContent;
  assert.ok(text.includes(`Summary ${XSS}`));
  assert.ok(text.includes(`Title ${XSS}`));
  assert.ok(text.includes(`Detail ${SCRIPT}`));
  assert.ok(text.includes(`Sign in ${XSS}`));
  assert.ok(text.includes(`Advice ${XSS}`));
  assert.ok(text.includes(`Defect ${XSS}`));
  assert.ok(text.includes(`Subject ${XSS}`));
  assert.ok(text.includes(`amazon.co.jp${XSS}`));
  const html = root.serialize();
  assert.ok(!html.includes("<img"), "serialised markup only contains escaped <img");
  assert.ok(!html.includes("<script"), "serialised markup only contains escaped <script");
  assert.ok(html.includes("&lt;img src=x onerror=alert(1)&gt;"));
});

test("evidence by weight: failing first on a phishing mail, the proof first on a genuine one", async () => {
  const doc = new FakeDocument();
  const root = renderResult(doc, hostileState(), await translator("en"));
  const items = root.querySelectorAll("li.ev");
  assert.deepEqual(items.map((li) => li.getAttribute("data-id")), ["e1", "e3", "e2", "e4", "e5"]);
  assert.deepEqual(items.map((li) => li.className), ["ev ev-fail", "ev ev-warn", "ev ev-pass", "ev ev-info", "ev ev-info"]);
  const marks = items.map((li) => li.querySelector("span.mark").textContent);
  assert.deepEqual(marks, ["✗", "!", "✓", "i", "i"]);
  assert.equal(items[0].querySelector("span.mark").getAttribute("aria-label"), "Problem");
  // the first three are shown, the rest folded away
  assert.equal(root.querySelector("details.more-reasons").querySelectorAll("li.ev").length, 2);
  const genuine = hostileState();
  genuine.result.verdict = "genuine";
  const g = renderResult(new FakeDocument(), genuine, await translator("en"));
  assert.deepEqual(g.querySelectorAll("li.ev").map((li) => li.getAttribute("data-id")), ["e2", "e1", "e3", "e4", "e5"]);
});

test("first screen: verdict, what to do now with the buttons, then the top reasons", async () => {
  const doc = new FakeDocument();
  const root = renderResult(doc, hostileState(), await translator("ja"));
  const order = root.children.map((c) => c.className.split(" ")[0]);
  assert.deepEqual(order.slice(0, 3), ["verdict", "do-now", "evidence"]);
  const buttons = root.querySelector("section.do-now").querySelectorAll("button");
  assert.deepEqual(buttons.map((b) => b.textContent), ["迷惑メールにする", "削除", "報告する"]);
  assert.deepEqual(buttons.map((b) => b.getAttribute("data-action")), ["junk", "delete", "report"]);
  const genuine = hostileState();
  genuine.result.verdict = "genuine";
  assert.equal(renderResult(new FakeDocument(), genuine, await translator("ja")).querySelectorAll("section.do-now button").length, 0);
});

test("verdict, advice, links table, auth, notice and defects are all there", async () => {
  const doc = new FakeDocument();
  const t = await translator("ja");
  const root = renderResult(doc, hostileState(), t);
  assert.equal(root.querySelector("h1.verdict-label").textContent, "フィッシング詐欺です(Amazonからではありません)");
  assert.equal(root.querySelector("p.summary").textContent, `Summary ${XSS}`);
  assert.deepEqual(root.querySelectorAll("ul.advice-list li").map((li) => li.textContent), [`Advice ${XSS}`, "Open Amazon from a bookmark."]);
  const rows = root.querySelectorAll("tr.link");
  assert.equal(rows.length, 2);
  assert.equal(rows[0].className, "link link-fail");
  assert.equal(rows[0].querySelector("td.link-text").textContent, `Sign in ${XSS}`);
  assert.equal(rows[1].querySelector("div.link-host").textContent, "www.amazon.co.jp");
  assert.equal(rows[1].querySelector("div.link-href").textContent, "https://www.amazon.co.jp/gp/css");
  assert.ok(root.querySelector("details.links").hasAttribute("open"), "opened when a link fails");
  const notice = root.querySelector("section.notice");
  const dts = notice.querySelectorAll("dt").map((d) => d.textContent);
  assert.deepEqual(dts, ["通知の種類", "日時", "デバイス", "付近", "確認コード"]);
  const dds = notice.querySelectorAll("dd").map((d) => d.textContent);
  assert.equal(dds[0], "サインイン試行(アクションが必要です: サインイン試行)");
  assert.equal(dds[1], `2025-11-03 09:56 ${XSS}`);
  assert.equal(dds[3], "Tokyo, Japan");
  assert.match(dds[4], /ここには表示しません/);
  // Said once, by the host's advice (advice.message_center_gaps), not again by the panel.
  assert.doesNotMatch(notice.textContent, /メッセージセンター/);
  const auth = root.querySelector("details.auth");
  // labelled fields in the UI language: no internal keys, no JSON
  const labels = auth.querySelectorAll("dt").map((d) => d.textContent);
  assert.deepEqual(labels, ["署名したドメイン", "結果", "署名したドメイン", "結果", "ドメインのポリシー", "判定したサーバー", "信頼するサーバー", "DKIM"]);
  const values = auth.querySelectorAll("dd").map((d) => d.textContent);
  assert.deepEqual(values, [`amazon.co.jp${XSS}`, "有効", "amazon.co.jp", "無効", "reject", `mx.example${XSS}`, "いいえ", "有効"]);
  for (const internal of ["local", "backing", "exposed", "{", "key<img"]) assert.ok(!auth.textContent.includes(internal), internal);
  const route = root.querySelector("details.route");
  assert.ok(route.querySelectorAll("dt").map((d) => d.textContent).includes("IP アドレス"));
  assert.deepEqual(root.querySelectorAll("ul.defects-list li").map((li) => li.textContent), [`Defect ${XSS}`]);
  assert.equal(root.querySelector("footer").textContent, "Honmono 0.1.0 · 確認時間 3 ミリ秒");
  assert.equal(root.getAttribute("lang"), "en");
});

test("a truncated message says so, with the byte counts", async () => {
  const doc = new FakeDocument();
  const state = { ...hostileState(), truncated: true, sentBytes: 1024, originalBytes: 5000 };
  const root = renderResult(doc, state, await translator("en"));
  assert.equal(
    root.querySelector("p.truncated").textContent,
    "This message is large: only its first 1024 of 5000 bytes were checked.",
  );
  const plain = renderResult(new FakeDocument(), hostileState(), await translator("en"));
  assert.equal(plain.querySelector("p.truncated"), null);
});

test("not installed: the panel shows the exact commands to run", async () => {
  const doc = new FakeDocument();
  const state = {
    kind: "error",
    code: "not_installed",
    message: "No such native application honmono",
    commands: ["pip install honmono", "honmono install"],
    language: "en",
  };
  const root = renderError(doc, state, await translator("en"));
  assert.equal(root.querySelector("h1.error-title").textContent, "The Honmono program is not installed");
  assert.equal(root.querySelector("pre.command code").textContent, "pip install honmono\nhonmono install");
  assert.ok(root.textContent.includes("No such native application honmono"));
});

test("every error code has its own title and body, in both languages", async () => {
  const codes = ["not_installed", "unreachable", "timeout", "protocol_mismatch", "too_large", "host_error", "bad_reply", "read_failed"];
  for (const lang of ["en", "ja"]) {
    const t = await translator(lang);
    const titles = new Set();
    for (const code of codes) {
      const root = renderError(new FakeDocument(), { kind: "error", code, message: "m" }, t);
      const title = root.querySelector("h1.error-title").textContent;
      assert.ok(t.has(title) === false && title.length > 3, `${lang}/${code} has a real title: ${title}`);
      titles.add(title);
    }
    assert.equal(titles.size, codes.length, `${lang}: distinct titles`);
  }
});

test("none and checking states", async () => {
  const t = await translator("en");
  const none = renderState(new FakeDocument(), { kind: "none", reason: "multiple" }, t);
  assert.equal(none.querySelector("h1").textContent, "Several messages selected");
  const checking = renderState(new FakeDocument(), null, t);
  assert.equal(checking.textContent, "Checking…");
});

// Every Unicode bidi control: embeddings/overrides, isolates, the marks LRM, RLM, ALM.
const BIDI = ["\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067", "\u2068", "\u2069", "\u200E", "\u200F", "\u061C"];
const ANY_BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;

test("bidi controls are shown as visible markers, everything else as it was", () => {
  assert.equal(showBidiControls("invoice\u202Egnp.exe"), "invoice[U+202E]gnp.exe");
  assert.equal(showBidiControls(BIDI.join("")),
    "[U+202A][U+202B][U+202C][U+202D][U+202E][U+2066][U+2067][U+2068][U+2069][U+200E][U+200F][U+061C]");
  // not bidi controls: kept (zero-width joiner in emoji, Arabic and Hebrew letters, Japanese)
  for (const keep of ["👨\u200D👩", "مرحبا", "שלום", "アマゾン", "https://www.amazon.co.jp/", "", "a\u2060b"]) {
    assert.equal(showBidiControls(keep), keep);
  }
  assert.equal(showBidiControls(null), "");
  assert.equal(showBidiControls(42), "42");
});

test("links: bidi controls in texts, hosts and URLs cannot reorder them; cells are left to right", async () => {
  const doc = new FakeDocument();
  const state = hostileState();
  state.result.details.links = [
    // shows "https://www.amazon.co.jp/exe.png" without the marker; really ends in .exe
    { text: "https://www.amazon.co.jp/\u202Egnp.exe", href: "http://evil.example/\u202Egnp.exe", host: "evil.example", status: "fail" },
    // a host whose labels would appear swapped, and every other control
    { text: `a${BIDI.join("b")}`, href: `https://x.example/${BIDI.join("/")}`, host: "\u202Eelpmaxe.live\u202C.amazon.co.jp", status: "warn" },
  ];
  state.header = { subject: "Order \u202E1234\u202C shipped", author: "Amazon \u2067<a@evil.example>\u2069" };
  const root = renderResult(doc, state, await translator("en"));
  const rows = root.querySelectorAll("tr.link");
  assert.equal(rows[0].querySelector("td.link-text").textContent, "https://www.amazon.co.jp/[U+202E]gnp.exe");
  assert.equal(rows[0].querySelector("div.link-href").textContent, "http://evil.example/[U+202E]gnp.exe");
  assert.equal(rows[1].querySelector("div.link-host").textContent, "[U+202E]elpmaxe.live[U+202C].amazon.co.jp");
  assert.equal(rows[1].querySelector("td.link-text").textContent,
    "a[U+202A]b[U+202B]b[U+202C]b[U+202D]b[U+202E]b[U+2066]b[U+2067]b[U+2068]b[U+2069]b[U+200E]b[U+200F]b[U+061C]");
  for (const row of rows) {
    for (const cell of [row.querySelector("td.link-text"), row.querySelector("td.link-dest"), row.querySelector("div.link-host"), row.querySelector("div.link-href")]) {
      assert.equal(cell.getAttribute("dir"), "ltr", cell.className);
    }
  }
  // nowhere in the panel: the header and the rest go through the same path
  assert.doesNotMatch(root.textContent, ANY_BIDI);
  assert.match(root.querySelector("div.message-subject span.value").textContent, /^Order \[U\+202E\]1234\[U\+202C\] shipped$/);
});

test("the panel's stylesheet isolates link cells left to right", async () => {
  const css = await readFile(path.join(EXTENSION_DIR, "popup", "popup.css"), "utf8");
  const rule = /\.link-text, \.link-dest, \.link-host, \.link-href \{([^}]*)\}/.exec(css);
  assert.ok(rule, "a rule for the link cells");
  assert.match(rule[1], /direction: ltr;/);
  assert.match(rule[1], /unicode-bidi: isolate;/);
});

test("no UI string carries a bidi control", async () => {
  for (const lang of ["en", "ja"]) {
    const text = await readFile(path.join(EXTENSION_DIR, "_locales", lang, "messages.json"), "utf8");
    assert.doesNotMatch(text, ANY_BIDI, lang);
  }
});

test("an unknown notice kind is shown as the host sent it; no notice, no section", async () => {
  const t = await translator("en");
  const state = hostileState();
  state.result.details.notice = { kind: `new_kind${XSS}`, datetime: "", device: null };
  const root = renderResult(new FakeDocument(), state, t);
  assert.equal(root.querySelector("section.notice dd").textContent, `new_kind${XSS}`);
  state.result.details.notice = null;
  assert.equal(renderResult(new FakeDocument(), state, t).querySelector("section.notice"), null);
});

test("options: an administrator's trusted servers are listed as text with the note", async () => {
  const doc = new FakeDocument();
  const t = await translator("en");
  assert.equal(renderManagedTrust(doc, [], t), null);
  assert.equal(renderManagedTrust(doc, undefined, t), null);
  const node = renderManagedTrust(doc, ["mx.corp.example", XSS], t);
  doc.body.appendChild(node);
  assert.deepEqual(doc.sinks, []);
  assert.match(node.querySelector("p.managed-note").textContent, /set by your administrator/i);
  assert.deepEqual(node.querySelectorAll("ul.managed-list li").map((li) => li.textContent), ["mx.corp.example", XSS]);
  assert.ok(!doc.created.includes("img"));
  const ja = renderManagedTrust(new FakeDocument(), ["mx.corp.example"], await translator("ja"));
  assert.match(ja.querySelector("p").textContent, /管理者/);
});

test("panel event: verdict and the rendered evidence ids, never mail text", async () => {
  const doc = new FakeDocument();
  const t = await translator("en");
  const state = hostileState();
  state.result.evidence.push({ id: `x ${XSS}`, category: "sender", status: "fail", title: "t", detail: "d", source: "s" });
  const root = doc.createElement("main");
  root.appendChild(renderState(doc, state, t));
  const event = panelEvent(state, root, 7);
  assert.deepEqual(event, {
    event: "panel",
    kind: "result",
    tabId: 7,
    messageId: 1,
    verdict: "phishing",
    evidence: ["e1", "?", "e3", "e2", "e4", "e5"],
    error: null,
  });
  const line = JSON.stringify(event);
  for (const text of ["Title", "Summary", "Subject", "Advice", "<img", "evil", "Amazon"]) {
    assert.ok(!line.includes(text), `no ${text} in ${line}`);
  }
});

test("panel event: errors and 'none' states carry codes only", async () => {
  const doc = new FakeDocument();
  const t = await translator("ja");
  const error = { kind: "error", code: "not_installed", message: `No such native application ${XSS}`, messageId: 3, language: "ja" };
  const root = doc.createElement("main");
  root.appendChild(renderState(doc, error, t));
  assert.deepEqual(panelEvent(error, root, 2), {
    event: "panel", kind: "error", tabId: 2, messageId: 3, verdict: null, evidence: [], error: "not_installed",
  });
  assert.equal(panelEvent({ kind: "error", code: `bogus ${XSS}` }, null, null).error, null);
  const none = { kind: "none", reason: "multiple", language: "en" };
  assert.deepEqual(panelEvent(none, doc.createElement("main"), null), {
    event: "panel", kind: "none", tabId: null, messageId: null, verdict: null, evidence: [], error: null,
  });
  assert.equal(panelEvent({ kind: "result", result: { verdict: `x${XSS}` } }, null, 1).verdict, null);
  assert.equal(panelEvent(undefined, undefined, undefined).kind, null);
});

test("links found in attachments, QR codes and the message header name where, as text", async () => {
  for (const [lang, attachment, qr, header] of [["en", "attachment: ", "QR code in ", "message header: "], ["ja", "添付ファイル ", "のQRコード", "メッセージヘッダー "]]) {
    const doc = new FakeDocument();
    const t = await translator(lang);
    const state = hostileState();
    state.language = lang;
    state.result.details.links = [
      { text: "", href: "https://evil.example/login.php", host: "evil.example", status: "fail", origin: "form", found_in: "attachment", source: `請求書.pdf${XSS}` },
      { text: "https://qr.example/", href: "https://qr.example/", host: "qr.example", status: "fail", origin: "text", found_in: "qr", source: "image1.png\u202Egnp.exe" },
      { text: "mailto:stop@evil.example", href: "mailto:stop@evil.example", host: "evil.example", status: "fail", origin: "header", found_in: "header", source: `List-Unsubscribe${XSS}` },
      { text: "body", href: "https://www.amazon.co.jp/", host: "www.amazon.co.jp", status: "pass", origin: "html" },
    ];
    const root = renderState(doc, state, t);
    assert.deepEqual(doc.sinks, []);
    const found = allElements(root).filter((e) => (e.getAttribute("class") || "") === "link-found-in");
    assert.equal(found.length, 3, "only the links from files and the header say where they were found");
    assert.ok(found[2].textContent.includes(header) && found[2].textContent.includes(`List-Unsubscribe${XSS}`));
    assert.ok(found[0].textContent.includes(attachment) && found[0].textContent.includes(`請求書.pdf${XSS}`));
    assert.ok(found[1].textContent.includes(qr));
    assert.ok(found[1].textContent.includes("[U+202E]"), "a right-to-left override in a file name is shown, not obeyed");
    assert.ok(!new Set(doc.created).has("img"));
  }
});
