// Message display script: the bar at the top of a message — red for phishing (with its
// buttons: mark as junk, delete, report, see why), yellow for a suspicious mail or one that could
// not be checked (see why).
// Classic script (message display scripts are not modules). Text only, via textContent;
// the texts come from the extension (locale strings, the host's fixed verdict summary),
// never from the mail.
//
// The bar lives in the mail's own document, whose CSS applies (Thunderbird disables the
// mail's scripts, not its styles). So that the mail cannot hide, restyle or cover it:
// - it is drawn inside a closed shadow root (page CSS does not reach inside), attached to
//   a host element with a random tag name and id, made afresh for every insertion (no
//   selector of the mail can name it);
// - the host carries inline !important styles for everything (`all: initial`, then
//   display, position, visibility, opacity, z-index, …), which beat any rule of the mail,
//   and the shadow's own `:host` rules say the same (they win over the page's !important
//   rules: the cascade puts the inner context first); its ::before, ::after and
//   ::backdrop are off;
// - it is shown in the top layer (a manual popover, Popover API): above everything of the
//   mail whatever its z-index, html::after included, and out of reach of what the mail's
//   CSS does to <html> (opacity, clip-path, transform, …); fixed at the top of the viewport;
//   a spacer at the top of <body> keeps the start of the mail from hiding under it. Without
//   the Popover API it is the last child of <html> (after <body>) with the highest z-index;
// - a MutationObserver and a few checks after layout put it back if the document loses it,
//   restore its styles, bring it back on top of a later top-layer element of the mail, and
//   as a last resort undo what the mail's CSS does to <html> to hide everything in it
//   (display, opacity, filter, transform, clip-path, mask…) — bounded, so it never fights
//   forever.
// A mail can still draw anything inside itself (a green "genuine" bar too): the bar says
// that Honmono's verdict is on the toolbar button, which the mail cannot touch.
(() => {
  "use strict";
  const g = globalThis;
  // Injected a second time (scripting.executeScript after the registered script ran):
  // the first instance owns the bar; just ask again.
  if (g.__honmonoBanner) {
    g.__honmonoBanner.ask();
    return;
  }
  const api = g.messenger || g.browser;

  const MAX_REPAIRS = 20; // repairs per inserted bar, then it stops watching
  const MAX_CHECKS = 400; // checks (mutations, timers, resizes) per inserted bar
  const RECHECK_MS = [100, 400, 1200, 3000];
  const MIN_HEIGHT = 16; // px: a bar lower than this is not readable

  // Inline on the host, every one !important. `all: initial` first: no property of the
  // mail's rules (clip-path, mask, transform, filter, font-size: 0, …) reaches the host.
  const HOST_STYLE = Object.freeze([
    ["all", "initial"],
    ["display", "block"],
    ["position", "fixed"],
    ["top", "0px"],
    ["left", "0px"],
    ["right", "0px"],
    ["bottom", "auto"],
    ["width", "auto"],
    ["height", "auto"],
    ["min-height", `${MIN_HEIGHT}px`],
    ["max-height", "none"],
    ["margin", "0px"],
    ["padding", "0px"],
    ["z-index", "2147483647"],
    ["visibility", "visible"],
    ["opacity", "1"],
    ["transform", "none"],
    ["filter", "none"],
    ["clip-path", "none"],
    ["mask", "none"],
    ["overflow", "visible"],
    ["content-visibility", "visible"],
    ["pointer-events", "auto"],
    ["box-sizing", "border-box"],
    ["direction", "ltr"],
    ["unicode-bidi", "isolate"],
  ]);
  const SPACER_STYLE = Object.freeze([
    ["all", "initial"],
    ["display", "block"],
    ["position", "static"],
    ["margin", "0px"],
    ["padding", "0px"],
    ["visibility", "hidden"],
  ]);
  // What the mail's CSS could set on <html> to hide every descendant, the bar included (the
  // top layer escapes most of it, not display: none or content-visibility). Applied only
  // when the bar is found not rendered.
  const ROOT_RESET = Object.freeze([
    ["opacity", "1"],
    ["visibility", "visible"],
    ["filter", "none"],
    ["transform", "none"],
    ["translate", "none"],
    ["rotate", "none"],
    ["scale", "none"],
    ["clip-path", "none"],
    ["mask", "none"],
    ["contain", "none"],
    ["content-visibility", "visible"],
    ["zoom", "1"],
  ]);

  // Inside the closed shadow root; a constant of the extension, never built from text.
  const SHADOW_CSS = `
:host {
  all: initial !important; display: block !important; position: fixed !important;
  top: 0 !important; left: 0 !important; right: 0 !important; bottom: auto !important;
  width: auto !important; height: auto !important; min-height: ${MIN_HEIGHT}px !important;
  margin: 0 !important; padding: 0 !important; z-index: 2147483647 !important;
  visibility: visible !important; opacity: 1 !important; transform: none !important;
  filter: none !important; clip-path: none !important; mask: none !important;
  overflow: visible !important; content-visibility: visible !important;
  pointer-events: auto !important; box-sizing: border-box !important;
  direction: ltr !important; unicode-bidi: isolate !important;
}
:host::before, :host::after { content: none !important; display: none !important; }
:host::backdrop { display: none !important; background: none !important; }
:host::first-line, :host::first-letter {
  color: #ffffff !important; background: transparent !important; font-size: inherit !important;
  text-transform: none !important; letter-spacing: normal !important; text-shadow: none !important;
}
.bar {
  display: flex; align-items: flex-start; gap: 12px; box-sizing: border-box; width: 100%;
  margin: 0; padding: 10px 16px; background: #c62828; color: #ffffff;
  border-bottom: 4px solid #8e0000; box-shadow: 0 2px 6px rgba(0, 0, 0, 0.35);
  font: 14px/1.5 system-ui, "Hiragino Sans", "Yu Gothic UI", "Meiryo", sans-serif;
  text-align: left; visibility: visible; opacity: 1;
}
.bar.level-suspicious, .bar.level-error {
  background: #fdd663; color: #1b1b1b; border-bottom-color: #b26a00;
}
.level-suspicious .icon, .level-suspicious .body, .level-suspicious .title, .level-suspicious .trust,
.level-suspicious .status, .level-suspicious .close,
.level-error .icon, .level-error .body, .level-error .title, .level-error .trust,
.level-error .status, .level-error .close { color: #1b1b1b; }
.actions { display: flex; flex-wrap: wrap; gap: 8px; margin: 8px 0 0 0; }
.act {
  all: initial; cursor: pointer; box-sizing: border-box; padding: 4px 12px; border-radius: 4px;
  background: #ffffff; color: #8e0000; border: 1px solid #8e0000;
  font: 700 13px/1.5 system-ui, "Hiragino Sans", "Yu Gothic UI", "Meiryo", sans-serif;
}
.level-suspicious .act, .level-error .act { color: #1b1b1b; border-color: #1b1b1b; }
.act:focus-visible, .act:hover { outline: 2px solid currentColor; outline-offset: 1px; }
.status { display: block; margin: 6px 0 0 0; color: #ffffff; font-weight: 700; }
.icon { color: #ffffff; font: 700 22px/1.2 system-ui, sans-serif; }
.body { display: block; flex: 1; color: #ffffff; }
.title { display: block; color: #ffffff; font: 700 15px/1.4 system-ui, "Hiragino Sans", "Meiryo", sans-serif; }
.summary, .hint, .trust { display: block; margin: 4px 0 0 0; color: #ffffff; }
.trust { font-weight: 700; }
.close {
  all: initial; cursor: pointer; color: #ffffff; font: 700 20px/1 system-ui, sans-serif;
  padding: 0 4px;
}
.close:focus { outline: 2px solid #ffffff; }
`;

  let current = null; // the bar shown now: {host, spacer, observer, css, repairs, checks, ...}
  let closed = false; // the user closed it: not again in this document

  function randomLetters(n) {
    const bytes = new Uint8Array(n);
    if (g.crypto && typeof g.crypto.getRandomValues === "function") g.crypto.getRandomValues(bytes);
    else for (let i = 0; i < n; i += 1) bytes[i] = Math.floor(Math.random() * 256);
    let out = "";
    for (const b of bytes) out += String.fromCharCode(97 + (b % 26));
    return out;
  }

  // A valid custom element name (a letter, lower case, a hyphen), so it can host a shadow root.
  function freshTag() {
    return `${randomLetters(8)}-${randomLetters(8)}`;
  }

  /** Inline !important declarations; returns true when it had to (re)write them. */
  function impose(el, decls, memo, key) {
    if (memo[key] !== undefined && el.style.cssText === memo[key]) return false;
    el.style.cssText = "";
    for (const [prop, value] of decls) el.style.setProperty(prop, value, "important");
    memo[key] = el.style.cssText;
    return true;
  }

  function build(doc, banner) {
    const host = doc.createElement(freshTag());
    host.id = randomLetters(12);
    host.setAttribute("popover", "manual"); // shown in the top layer (toTopLayer)
    let root = host;
    try {
      root = host.attachShadow({ mode: "closed" });
    } catch (e) {
      // no shadow DOM: the inline styles on the host still hold
    }
    const style = doc.createElement("style");
    style.textContent = SHADOW_CSS;

    const level = ["phishing", "suspicious", "error"].includes(banner.level) ? banner.level : "phishing";
    const bar = doc.createElement("div");
    bar.className = `bar level-${level}`;
    bar.setAttribute("role", "alert");
    bar.setAttribute("lang", String(banner.lang || "en"));

    const icon = doc.createElement("span");
    icon.className = "icon";
    icon.setAttribute("aria-hidden", "true");
    icon.textContent = level === "phishing" ? "⚠" : level === "suspicious" ? "?" : "–";

    const body = doc.createElement("div");
    body.className = "body";
    const title = doc.createElement("strong");
    title.className = "title";
    title.textContent = String(banner.title || "");
    body.appendChild(title);
    for (const key of ["summary", "hint", "trust"]) {
      if (!banner[key]) continue;
      const p = doc.createElement("p");
      p.className = key;
      p.textContent = String(banner[key]);
      body.appendChild(p);
    }
    const status = doc.createElement("p");
    status.className = "status";
    status.setAttribute("role", "status");
    const actions = Array.isArray(banner.actions) ? banner.actions : [];
    if (actions.length) {
      const row = doc.createElement("div");
      row.className = "actions";
      for (const a of actions) {
        if (!a || typeof a.id !== "string") continue;
        const b = doc.createElement("button");
        b.type = "button";
        b.className = "act";
        b.setAttribute("data-action", a.id);
        b.textContent = String(a.label || a.id);
        b.addEventListener("click", () => {
          b.disabled = true;
          api.runtime.sendMessage({ type: "honmono:bar-action", action: a.id }).then(
            (r) => {
              b.disabled = false;
              status.textContent = r && typeof r.text === "string" ? r.text : "";
            },
            () => {
              b.disabled = false;
            },
          );
        });
        row.appendChild(b);
      }
      body.appendChild(row);
    }
    body.appendChild(status);

    const close = doc.createElement("button");
    close.type = "button";
    close.className = "close";
    close.textContent = "×";
    close.setAttribute("title", String(banner.close || "Close"));
    close.setAttribute("aria-label", String(banner.close || "Close"));
    close.addEventListener("click", () => {
      closed = true;
      teardown();
    });

    bar.append(icon, body, close);
    root.append(style, bar);

    const spacer = doc.createElement(freshTag());
    spacer.setAttribute("aria-hidden", "true");
    return { host, spacer, css: {}, repairs: 0, checks: 0, rootReset: false, observer: null, timers: [] };
  }

  function viewport() {
    const root = document.documentElement;
    return {
      width: g.innerWidth || (root && root.clientWidth) || 0,
      height: g.innerHeight || (root && root.clientHeight) || 0,
    };
  }

  /**
   * Whether the host is on screen, readable and on top: rendered (checkVisibility), of a
   * readable size inside the viewport, and the element at its centre. Unknown (true) while
   * the document has no viewport (a tab in the background): checked again when shown.
   */
  function rendered(host) {
    if (!host.isConnected) return false;
    const view = viewport();
    if (document.visibilityState === "hidden" || view.width === 0 || view.height === 0) return true;
    if (typeof host.checkVisibility === "function" && !host.checkVisibility({
      checkOpacity: true, checkVisibilityCSS: true, opacityProperty: true, visibilityProperty: true,
    })) return false;
    const r = host.getBoundingClientRect();
    if (!(r.height >= MIN_HEIGHT && r.width >= Math.min(200, view.width / 2))) return false;
    if (r.bottom <= 0 || r.right <= 0 || r.top >= view.height || r.left >= view.width) return false;
    if (typeof document.elementFromPoint === "function") {
      const x = Math.max(0, Math.min(view.width - 1, r.left + r.width / 2));
      const y = Math.max(0, Math.min(view.height - 1, r.top + Math.min(r.height / 2, 12)));
      const hit = document.elementFromPoint(x, y);
      if (hit && hit !== host) return false;
    }
    return true;
  }

  function inTopLayer(host) {
    try {
      return host.matches(":popover-open");
    } catch (e) {
      return false;
    }
  }

  /** Into the top layer (again: out and in, on top of what the mail put there since). */
  function toTopLayer(host, again) {
    if (typeof host.showPopover !== "function" || !host.isConnected) return false;
    try {
      if (again && inTopLayer(host)) host.hidePopover();
      if (!inTopLayer(host)) host.showPopover();
    } catch (e) {
      return false;
    }
    return inTopLayer(host);
  }

  function resetRoot(root) {
    for (const [prop, value] of ROOT_RESET) root.style.setProperty(prop, value, "important");
    const view = root.ownerDocument && root.ownerDocument.defaultView;
    const cs = view && typeof view.getComputedStyle === "function" ? view.getComputedStyle(root) : null;
    if (cs && (cs.display === "none" || cs.display === "contents")) root.style.setProperty("display", "block", "important");
  }

  /** Put the bar back where it belongs, with its styles; count what had to be repaired. */
  function ensure() {
    const bar = current;
    if (!bar || closed) return;
    bar.checks += 1;
    if (bar.checks > MAX_CHECKS) {
      stopWatching(bar);
      return;
    }
    const doc = document;
    const root = doc.documentElement;
    if (!root) return;
    let repaired = false;
    // last child of <html>: after everything of the mail, so it paints above it
    if (bar.host.parentNode !== root || bar.host.nextSibling) {
      root.appendChild(bar.host);
      repaired = true;
    }
    if (impose(bar.host, HOST_STYLE, bar.css, "host")) repaired = true;
    if (!inTopLayer(bar.host) && toTopLayer(bar.host, false)) repaired = true;
    const body = doc.body;
    if (body && body !== root) {
      if (bar.spacer.parentNode !== body) body.insertBefore(bar.spacer, body.firstChild);
      const height = Math.round(bar.host.getBoundingClientRect().height || 0);
      impose(bar.spacer, [...SPACER_STYLE, ["height", `${height}px`]], bar.css, "spacer");
    }
    if (!rendered(bar.host)) {
      // covered by a later top-layer element of the mail: back on top of it
      if (toTopLayer(bar.host, true)) repaired = true;
      if (!rendered(bar.host) && !bar.rootReset) {
        bar.rootReset = true;
        resetRoot(root);
        repaired = true;
      }
    }
    if (repaired && bar.checks > 1) {
      bar.repairs += 1;
      if (bar.repairs >= MAX_REPAIRS) stopWatching(bar);
    }
  }

  const onEvent = () => ensure();

  function stopWatching(bar) {
    if (bar.observer) bar.observer.disconnect();
    bar.observer = null;
    for (const t of bar.timers) if (typeof g.clearTimeout === "function") g.clearTimeout(t);
    bar.timers = [];
    if (bar === current && typeof g.removeEventListener === "function") {
      for (const type of ["load", "resize"]) g.removeEventListener(type, onEvent);
      document.removeEventListener("visibilitychange", onEvent);
      document.removeEventListener("toggle", onEvent, true);
    }
  }

  function teardown() {
    const bar = current;
    if (!bar) return;
    stopWatching(bar);
    current = null;
    bar.host.remove();
    bar.spacer.remove();
  }

  function watch(bar) {
    if (typeof g.MutationObserver === "function") {
      bar.observer = new g.MutationObserver(() => {
        if (current === bar) ensure();
      });
      // subtree: the host's removal, a style change on it or on <html>/<body>, added <style>s
      bar.observer.observe(document.documentElement, {
        childList: true,
        subtree: true,
        attributes: true,
        attributeFilter: ["style", "class", "id", "hidden"],
      });
    }
    if (typeof g.setTimeout === "function") {
      bar.timers = RECHECK_MS.map((ms) => g.setTimeout(onEvent, ms));
    }
    if (typeof g.addEventListener === "function") {
      for (const type of ["load", "resize"]) g.addEventListener(type, onEvent);
      document.addEventListener("visibilitychange", onEvent);
      // a popover or dialog of the mail opened (toggle does not bubble: capture it)
      document.addEventListener("toggle", onEvent, true);
    }
  }

  function show(banner) {
    if (!banner || banner.show !== true || closed) return false;
    const doc = document;
    if (!doc.documentElement) return false;
    teardown();
    current = build(doc, banner);
    ensure();
    watch(current);
    return true;
  }

  function ask() {
    api.runtime.sendMessage({ type: "honmono:banner-query" }).then(show, () => {});
  }

  Object.defineProperty(g, "__honmonoBanner", { value: Object.freeze({ ask }), configurable: false });
  api.runtime.onMessage.addListener((message) => {
    if (message && message.type === "honmono:banner") {
      return Promise.resolve(show(message.banner));
    }
    return undefined;
  });
  ask();
})();
