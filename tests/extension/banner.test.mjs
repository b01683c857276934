// The in-message warning bar (extension/banner/banner.js), run in a fake message document:
// drawn in a closed shadow root on a randomly named host with inline !important styles,
// in the top layer, out of reach of the mail's CSS, and put back (boundedly) when the
// document loses it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import vm from "node:vm";

import { FakeDocument, FakeMutationObserver, allElements } from "./fake-dom.mjs";
import { EXTENSION_DIR } from "./fake-messenger.mjs";

const XSS = `<img src=x onerror=alert(1)>`;
const SCRIPT = `<script>alert("x")</script>`;
const LEGACY_ID = "honmono-phishing-banner";
const BANNER = Object.freeze({
  show: true,
  lang: "ja",
  title: `Warning ${XSS}`,
  summary: `Summary ${SCRIPT}`,
  hint: "Do not open its links.",
  trust: "Honmono's verdict is on the Honmono button.",
  close: "Hide this warning",
});
// Inline on the host, each !important (banner.js HOST_STYLE).
const HOST_MUST = {
  all: "initial",
  display: "block",
  position: "fixed",
  top: "0px",
  left: "0px",
  right: "0px",
  "z-index": "2147483647",
  visibility: "visible",
  opacity: "1",
  transform: "none",
  filter: "none",
  "clip-path": "none",
  mask: "none",
  "content-visibility": "visible",
  "pointer-events": "auto",
};

const code = await readFile(path.join(EXTENSION_DIR, "banner", "banner.js"), "utf8");

/** Let microtasks (mutation records, the query's promise) run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

/** Run the banner script in `doc` as Thunderbird runs a message display script. */
async function load({ banner = BANNER, doc = new FakeDocument() } = {}) {
  const win = doc.window();
  const sent = [];
  let onMessage = null;
  win.browser = {
    runtime: {
      sendMessage: async (m) => {
        sent.push(m);
        return typeof banner === "function" ? banner() : banner;
      },
      onMessage: { addListener: (fn) => { onMessage = fn; } },
    },
  };
  const context = vm.createContext(win);
  const run = () => vm.runInContext(code, context);
  run();
  await settle();
  return { doc, win, sent, push: (message) => onMessage(message), run };
}

/** Every shadow host in the document (the bar's host, if shown). */
function hosts(doc) {
  return allElements(doc.documentElement).filter((e) => e.openOrClosedShadowRoot);
}

function theHost(doc) {
  const found = hosts(doc);
  assert.equal(found.length, 1, `one bar, found ${found.length}`);
  return found[0];
}

function barOf(host) {
  return host.openOrClosedShadowRoot.querySelector("div.bar");
}

function spacerOf(doc) {
  return doc.body.firstChild;
}

function assertHostStyled(host) {
  for (const [prop, value] of Object.entries(HOST_MUST)) {
    assert.equal(host.style.getPropertyValue(prop), value, `host ${prop}`);
    assert.equal(host.style.getPropertyPriority(prop), "important", `host ${prop} !important`);
  }
}

test("the bar is built from text only, inside a closed shadow root", async () => {
  const { doc, sent } = await load();
  assert.deepEqual(JSON.parse(JSON.stringify(sent)), [{ type: "honmono:banner-query" }]);
  const host = theHost(doc);
  // closed: the mail's document (and its scripts, were there any) cannot reach inside
  assert.equal(host.shadowRoot, null);
  assert.equal(host.openOrClosedShadowRoot.mode, "closed");
  const bar = barOf(host);
  assert.ok(bar, "the bar is in the shadow root");
  assert.equal(bar.getAttribute("role"), "alert");
  assert.equal(bar.getAttribute("lang"), "ja");
  const text = bar.textContent;
  for (const part of [BANNER.title, BANNER.summary, BANNER.hint, BANNER.trust]) {
    assert.ok(text.includes(part), `the bar says ${part}`);
  }
  assert.equal(bar.querySelector("p.trust").textContent, BANNER.trust);
  assert.ok(!doc.created.includes("img") && !doc.created.includes("script"));
  assert.deepEqual(doc.sinks, []);
  // its styles are the extension's constant, inside the shadow root, not from the texts
  const style = host.openOrClosedShadowRoot.querySelector("style");
  assert.match(style.textContent, /:host\s*\{/);
  assert.match(style.textContent, /:host::before, :host::after \{ content: none !important; display: none !important; \}/);
  for (const part of Object.values(BANNER)) {
    if (typeof part === "string" && part.length > 3) assert.ok(!style.textContent.includes(part));
  }
  // nothing of it is in the mail's own tree but the host and the spacer
  assert.equal(doc.getElementById(LEGACY_ID), null);
  assert.equal(doc.querySelectorAll("div.bar").length, 0, "document selectors do not see inside");
});

test("the host: a random custom element name and id, last child of <html>, in the top layer, inline !important styles", async () => {
  const { doc } = await load();
  const host = theHost(doc);
  assert.ok(host.matches(":popover-open"), "shown as a popover");
  assert.deepEqual(doc.topLayer, [host]);
  assert.equal(host.getAttribute("popover"), "manual", "no light dismiss, no Esc");
  assert.match(host.localName, /^[a-z]{8}-[a-z]{8}$/);
  assert.ok(!host.localName.includes("honmono"));
  assert.match(host.id, /^[a-z]{12}$/);
  assert.equal(host.parentNode, doc.documentElement);
  assert.equal(doc.documentElement.lastChild, host, "after <body>: painted after everything of the mail");
  assertHostStyled(host);
  // no class, role or other attribute a selector could name (popover: every one has it)
  assert.deepEqual([...host.attributes.keys()].sort(), ["id", "popover", "style"]);
  // the spacer keeps the start of the mail from hiding under the fixed bar
  const spacer = spacerOf(doc);
  assert.notEqual(spacer, host);
  assert.match(spacer.localName, /^[a-z]{8}-[a-z]{8}$/);
  assert.equal(spacer.getAttribute("aria-hidden"), "true");
  assert.equal(spacer.style.getPropertyValue("height"), "60px", "as high as the bar");
  assert.equal(spacer.style.getPropertyPriority("height"), "important");
});

test("every insertion gets a new tag and id; a pushed banner replaces the old one", async () => {
  const { doc, push } = await load();
  const first = theHost(doc);
  assert.equal(await push({ type: "honmono:banner", banner: { ...BANNER, title: "second" } }), true);
  await settle();
  const second = theHost(doc);
  assert.notEqual(second, first);
  assert.notEqual(second.localName, first.localName);
  assert.notEqual(second.id, first.id);
  assert.ok(!first.isConnected);
  assert.ok(barOf(second).textContent.includes("second"));
  // one spacer only
  const spacers = doc.body.children.filter((e) => e.getAttribute("aria-hidden") === "true");
  assert.equal(spacers.length, 1);
  // the old bar's observer is gone: removing the old host again changes nothing
  assert.equal(doc.observers.length, 1);
});

test("the mail's CSS cannot hide or restyle the bar", async () => {
  const doc = new FakeDocument();
  // what a mail's <style> can say, all !important: by the old id, by element, by position
  doc.rules.push(
    { match: (el) => el.id === LEGACY_ID, decls: { display: "none" }, important: true },
    { match: (el) => el.localName === "div", decls: { display: "none" }, important: true },
    { match: (el) => el.parentNode === doc.documentElement && el !== doc.body && el !== doc.head,
      decls: { display: "none", visibility: "hidden", opacity: "0", position: "absolute", transform: "scale(0)", "clip-path": "inset(50%)" },
      important: true },
    { match: () => true, decls: { visibility: "hidden" }, important: true },
  );
  await load({ doc });
  const host = theHost(doc);
  const cs = doc.defaultView.getComputedStyle(host);
  assert.equal(cs.display, "block");
  assert.equal(cs.visibility, "visible");
  assert.equal(cs.opacity, "1");
  assert.equal(cs.position, "fixed");
  assert.equal(cs.transform, "none");
  assert.equal(cs.clipPath, "none");
  assert.ok(host.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true }));
  // the mail's rules do not reach into the shadow tree (the bar is a div)
  const bar = barOf(host);
  assert.equal(doc.defaultView.getComputedStyle(bar).display, "block");
  assert.ok(bar.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true }));
  // and it is what is drawn at the top of the message
  assert.equal(doc.elementFromPoint(500, 10), host);
});

test("removed, moved, restyled: the bar is put back with its styles", async () => {
  const { doc } = await load();
  const host = theHost(doc);
  host.remove();
  assert.deepEqual(doc.topLayer, [], "removed: out of the top layer");
  await settle();
  assert.equal(doc.documentElement.lastChild, host, "re-inserted");
  assert.deepEqual(doc.topLayer, [host], "and shown again");
  // something appended after it: it moves back to the end
  doc.documentElement.appendChild(doc.createElement("p"));
  await settle();
  assert.equal(doc.documentElement.lastChild, host);
  assert.deepEqual(doc.topLayer, [host]);
  // closed as a popover (hidePopover by someone else)
  host.hidePopover();
  await settle();
  assert.ok(host.matches(":popover-open"));
  // its inline styles changed
  host.style.setProperty("display", "none", "important");
  host.style.setProperty("opacity", "0");
  await settle();
  assertHostStyled(host);
  host.style.cssText = "";
  await settle();
  assertHostStyled(host);
  // the spacer removed
  spacerOf(doc).remove();
  await settle();
  assert.equal(spacerOf(doc).getAttribute("aria-hidden"), "true");
  // and then it settles: its own writes do not keep it busy
  const before = doc.mutations;
  await settle();
  await settle();
  assert.equal(doc.mutations, before);
  assert.equal(theHost(doc), host);
});

test("hidden through <html> by the mail's CSS: the root's hiding properties are reset, once", async () => {
  const { doc, win } = await load();
  const host = theHost(doc);
  const root = doc.documentElement;
  assert.equal(root.style.cssText, "", "nothing touched while the bar is shown");
  // the mail makes the whole document transparent (a <style> added, or found after load)
  doc.rules.push({ match: (el) => el === root, decls: { opacity: "0" }, important: true });
  assert.equal(host.checkVisibility({ checkOpacity: true }), false);
  win.fire("load");
  assert.equal(root.style.getPropertyValue("opacity"), "1");
  assert.equal(root.style.getPropertyPriority("opacity"), "important");
  for (const prop of ["filter", "transform", "clip-path", "mask"]) {
    assert.equal(root.style.getPropertyValue(prop), "none", prop);
  }
  assert.ok(host.checkVisibility({ checkOpacity: true }));
  // display: none on <html> from the start
  const hidden = new FakeDocument();
  hidden.rules.push({ match: (el) => el === hidden.documentElement, decls: { display: "none" }, important: true });
  await load({ doc: hidden });
  assert.equal(hidden.documentElement.style.getPropertyValue("display"), "block");
  assert.ok(theHost(hidden).checkVisibility());
});

test("a green bar the mail draws over everything (html::after, z-index max) stays under it", async () => {
  const doc = new FakeDocument();
  doc.coveredBy = doc.documentElement; // html::after hit-tests as <html>
  await load({ doc });
  const host = theHost(doc);
  assert.equal(doc.elementFromPoint(500, 10), host, "the top layer is above it");
  assert.equal(doc.documentElement.style.cssText, "", "nothing to reset");
});

test("a popover the mail opens later (the user clicked its button) goes under the bar again", async () => {
  const { doc } = await load();
  const host = theHost(doc);
  const fake = doc.createElement("div");
  fake.setAttribute("popover", "manual");
  doc.body.appendChild(fake);
  await settle();
  fake.showPopover();
  assert.equal(doc.elementFromPoint(500, 10), fake);
  await settle(); // the toggle event, caught in the capture phase
  await settle();
  assert.equal(doc.elementFromPoint(500, 10), host, "back on top");
  assert.deepEqual(doc.topLayer, [fake, host]);
  // and it settles: no toggling back and forth
  const toggles = doc.toggles;
  for (let i = 0; i < 10; i += 1) await settle();
  assert.equal(doc.toggles, toggles);
});

test("without the Popover API: last child of <html>; covered, the root is reset once", async () => {
  const doc = new FakeDocument();
  doc.noPopover = true;
  const fake = doc.createElement("p");
  doc.body.appendChild(fake);
  doc.coveredBy = fake; // e.g. clipped away by html {clip-path}, a green "genuine" bar drawn there
  await load({ doc });
  const host = theHost(doc);
  assert.equal(doc.documentElement.lastChild, host);
  assert.deepEqual(doc.topLayer, []);
  const root = doc.documentElement;
  assert.equal(root.style.getPropertyValue("clip-path"), "none");
  assert.equal(root.style.getPropertyPriority("clip-path"), "important");
  // still covered: it does not reset again and again
  root.style.cssText = "";
  await settle();
  assert.equal(root.style.cssText, "");
});

test("no viewport (a tab in the background): no repair on guesswork; checked when shown", async () => {
  const doc = new FakeDocument();
  doc.noPopover = true;
  doc.innerWidth = 0;
  doc.innerHeight = 0;
  const fake = doc.createElement("p");
  doc.body.appendChild(fake);
  doc.coveredBy = fake;
  const { win } = await load({ doc });
  assert.equal(doc.documentElement.style.cssText, "");
  doc.innerWidth = 1000;
  doc.innerHeight = 700;
  win.fire("resize");
  assert.equal(doc.documentElement.style.getPropertyValue("clip-path"), "none");
});

test("bounded: a document that keeps removing the bar wins after a few repairs", async () => {
  const { doc } = await load();
  const host = theHost(doc);
  let removals = 0;
  const fighter = new FakeMutationObserver(doc, () => {
    if (host.isConnected) {
      removals += 1;
      host.remove();
    }
  });
  fighter.observe(doc.documentElement, { childList: true, subtree: true });
  host.remove();
  for (let i = 0; i < 200; i += 1) await settle();
  assert.ok(removals >= 5, `it did repair (${removals})`);
  assert.ok(removals <= 25, `but not forever (${removals})`);
  assert.ok(!host.isConnected);
  assert.deepEqual(doc.observers, [fighter], "its observer is disconnected");
});

test("timers and window events only check; each is bounded and stopped with the bar", async () => {
  const { doc, win } = await load();
  assert.equal(win.timers.length, 4);
  assert.deepEqual(Object.keys(win.listeners).sort(), ["load", "resize"]);
  assert.equal((doc.listeners.visibilitychange || []).length, 1);
  assert.equal((doc.listeners.toggle || []).length, 1);
  const before = doc.mutations;
  win.runTimers();
  win.fire("resize");
  assert.equal(doc.mutations, before, "nothing to repair, nothing written");
  // the user closes it: everything stops
  theHost(doc).openOrClosedShadowRoot.querySelector("button").click();
  assert.deepEqual(hosts(doc), []);
  assert.ok(win.timers.every((t) => t.done));
  assert.deepEqual(win.listeners.load, []);
  assert.deepEqual(doc.listeners.visibilitychange, []);
  assert.deepEqual(doc.listeners.toggle, []);
  assert.deepEqual(doc.topLayer, []);
});

test("closed by the user: gone with its spacer, not brought back in this document", async () => {
  const { doc, push } = await load();
  const host = theHost(doc);
  const close = host.openOrClosedShadowRoot.querySelector("button");
  assert.equal(close.getAttribute("aria-label"), BANNER.close);
  close.click();
  assert.deepEqual(hosts(doc), []);
  assert.equal(doc.body.children.length, 0, "the spacer is gone too");
  assert.deepEqual(doc.observers, []);
  assert.equal(await push({ type: "honmono:banner", banner: BANNER }), false);
  assert.deepEqual(hosts(doc), []);
});

test("{show: false} shows nothing; a second injection asks again without a second bar", async () => {
  const none = await load({ banner: { show: false } });
  assert.deepEqual(hosts(none.doc), []);
  assert.equal(await none.push({ type: "honmono:banner", banner: { show: false } }), false);
  assert.equal(await none.push({ type: "other" }), undefined);

  const { doc, sent, run } = await load();
  const first = theHost(doc);
  run(); // scripting.executeScript after the registered script already ran
  await settle();
  assert.equal(sent.length, 2, "asked again");
  assert.notEqual(theHost(doc), first, "shown afresh, once");
});
