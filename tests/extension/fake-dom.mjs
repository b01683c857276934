// A tiny DOM for rendering tests: enough of Document/Element for lib/render.js and the
// banner script (banner/banner.js). Markup sinks (innerHTML, outerHTML,
// insertAdjacentHTML, document.write) throw, and on* attributes are recorded, so a test
// fails if rendering ever parses text as HTML.
//
// For the banner: closed/open shadow roots (attachShadow, and openOrClosedShadowRoot as
// Firefox gives it to privileged code), inline styles (element.style with priorities),
// mutation observers (FakeMutationObserver, delivered in a microtask), and a toy cascade:
// `doc.rules` holds the mail's CSS as {match(el), decls, important}; inline !important
// beats an !important rule, which beats inline, which beats a rule (selectors never reach
// into shadow trees). getBoundingClientRect, checkVisibility and elementFromPoint follow
// the computed display, opacity and visibility; `doc.coveredBy` stands for something the
// mail paints over everything else (html::after at the highest z-index, a clip-path on
// <html>). The top layer: popover="manual" elements, showPopover/hidePopover,
// `:popover-open`, `doc.topLayer` in order (above everything, the last one on top);
// `doc.noPopover` makes an engine without the Popover API.

function escapeText(s) {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
function escapeAttr(s) {
  return escapeText(s).replace(/"/g, "&quot;");
}

export class FakeText {
  constructor(doc, data) {
    this.ownerDocument = doc;
    this.nodeType = 3;
    this.data = String(data);
    this.parentNode = null;
  }
  get textContent() {
    return this.data;
  }
  set textContent(v) {
    this.data = String(v);
  }
  serialize() {
    return escapeText(this.data);
  }
}

/** element.style: declarations with priorities; every change is an attribute mutation. */
export class FakeStyle {
  constructor(owner) {
    this.owner = owner;
    this.decls = new Map(); // property -> {value, important}
  }
  setProperty(name, value, priority = "") {
    const prop = String(name).toLowerCase();
    if (value === null || value === "") this.decls.delete(prop);
    else this.decls.set(prop, { value: String(value), important: priority === "important" });
    this._changed();
  }
  getPropertyValue(name) {
    const d = this.decls.get(String(name).toLowerCase());
    return d ? d.value : "";
  }
  getPropertyPriority(name) {
    const d = this.decls.get(String(name).toLowerCase());
    return d && d.important ? "important" : "";
  }
  removeProperty(name) {
    const old = this.getPropertyValue(name);
    this.decls.delete(String(name).toLowerCase());
    this._changed();
    return old;
  }
  get cssText() {
    return [...this.decls].map(([p, d]) => `${p}: ${d.value}${d.important ? " !important" : ""};`).join(" ");
  }
  set cssText(text) {
    this.decls.clear();
    for (const part of String(text).split(";")) {
      const m = /^\s*([-\w]+)\s*:\s*(.*?)\s*(!important)?\s*$/i.exec(part);
      if (m && m[2]) this.decls.set(m[1].toLowerCase(), { value: m[2], important: Boolean(m[3]) });
    }
    this._changed();
  }
  _changed() {
    const text = this.cssText;
    if (text) this.owner.attributes.set("style", text);
    else this.owner.attributes.delete("style");
    this.owner.ownerDocument._mutated(this.owner, { type: "attributes", attributeName: "style" });
  }
}

// Elements that may host a shadow root besides autonomous custom elements (DOM standard).
const SHADOW_TAGS = new Set(["article", "aside", "blockquote", "body", "div", "footer", "h1", "h2", "h3",
  "h4", "h5", "h6", "header", "main", "nav", "p", "section", "span"]);
const CUSTOM_ELEMENT_NAME = /^[a-z][a-z0-9._]*-[a-z0-9._-]*$/;

export class FakeElement {
  constructor(doc, tag) {
    this.ownerDocument = doc;
    this.nodeType = 1;
    this.localName = String(tag).toLowerCase();
    this.tagName = this.localName.toUpperCase();
    this.attributes = new Map();
    this.childNodes = [];
    this.parentNode = null;
    this.listeners = {};
    this.disabled = false;
    this.value = "";
    this.style = new FakeStyle(this);
    this._shadow = null;
    this.rect = null; // the test's layout for this element; else a full-width bar
  }
  /** Element.attachShadow: a ShadowRoot; `shadowRoot` shows it only when open. */
  attachShadow(init) {
    if (this._shadow) throw new Error("NotSupportedError: already a shadow host");
    if (!SHADOW_TAGS.has(this.localName) && !CUSTOM_ELEMENT_NAME.test(this.localName)) {
      throw new Error(`NotSupportedError: <${this.localName}> cannot host a shadow root`);
    }
    const mode = init && init.mode;
    if (mode !== "open" && mode !== "closed") throw new TypeError("attachShadow: mode is required");
    this._shadow = new FakeShadowRoot(this.ownerDocument, this, mode);
    return this._shadow;
  }
  get shadowRoot() {
    return this._shadow && this._shadow.mode === "open" ? this._shadow : null;
  }
  /** What Firefox gives privileged code (and the tests): the shadow root, open or closed. */
  get openOrClosedShadowRoot() {
    return this._shadow;
  }
  get isConnected() {
    let node = this;
    while (node.parentNode) node = node.parentNode instanceof FakeShadowRoot ? node.parentNode.host : node.parentNode;
    return node === this.ownerDocument.documentElement;
  }
  get nextSibling() {
    if (!this.parentNode) return null;
    const siblings = this.parentNode.childNodes;
    return siblings[siblings.indexOf(this) + 1] || null;
  }
  get previousSibling() {
    if (!this.parentNode) return null;
    const siblings = this.parentNode.childNodes;
    return siblings[siblings.indexOf(this) - 1] || null;
  }
  get lastChild() {
    return this.childNodes[this.childNodes.length - 1] || null;
  }
  get showPopover() {
    if (this.ownerDocument.noPopover) return undefined;
    return () => {
      if (!this.hasAttribute("popover")) throw new Error("NotSupportedError: not a popover");
      if (!this.isConnected) throw new Error("InvalidStateError: not connected");
      if (this._popoverOpen) throw new Error("InvalidStateError: already open");
      this._popoverOpen = true;
      this.ownerDocument.topLayer.push(this);
      this.ownerDocument._toggled(this);
    };
  }
  get hidePopover() {
    if (this.ownerDocument.noPopover) return undefined;
    return () => {
      if (!this._popoverOpen) throw new Error("InvalidStateError: not open");
      this._closePopover();
    };
  }
  _closePopover() {
    this._popoverOpen = false;
    const layer = this.ownerDocument.topLayer;
    if (layer.includes(this)) layer.splice(layer.indexOf(this), 1);
    this.ownerDocument._toggled(this);
  }
  /** Hidden (display none, or opacity 0 with checkOpacity, or visibility hidden) = false. */
  checkVisibility(options = {}) {
    if (!this.isConnected) return false;
    const doc = this.ownerDocument;
    for (let node = this; node; node = node.parentNode instanceof FakeShadowRoot ? node.parentNode.host : node.parentNode) {
      if (doc.computed(node, "display") === "none") return false;
      if ((options.checkOpacity || options.opacityProperty) && Number(doc.computed(node, "opacity")) === 0) return false;
    }
    if ((options.checkVisibilityCSS || options.visibilityProperty) && doc.computed(this, "visibility") === "hidden") return false;
    return true;
  }
  getBoundingClientRect() {
    const zero = { top: 0, left: 0, right: 0, bottom: 0, width: 0, height: 0, x: 0, y: 0 };
    if (!this.checkVisibility()) return zero;
    const r = this.rect || { top: 0, left: 0, width: this.ownerDocument.innerWidth, height: 60 };
    return { ...r, right: r.left + r.width, bottom: r.top + r.height, x: r.left, y: r.top };
  }
  get children() {
    return this.childNodes.filter((n) => n.nodeType === 1);
  }
  get firstChild() {
    return this.childNodes[0] || null;
  }
  _adopt(node) {
    if (typeof node === "string") node = new FakeText(this.ownerDocument, node);
    if (node.parentNode) node.parentNode.removeChild(node);
    node.parentNode = this;
    return node;
  }
  appendChild(node) {
    node = this._adopt(node);
    this.childNodes.push(node);
    this.ownerDocument._mutated(this, { type: "childList", addedNodes: [node], removedNodes: [] });
    return node;
  }
  append(...nodes) {
    for (const n of nodes) this.appendChild(n);
  }
  prepend(...nodes) {
    for (const n of nodes.reverse()) this.insertBefore(n, this.firstChild);
  }
  insertBefore(node, ref) {
    node = this._adopt(node);
    const i = ref ? this.childNodes.indexOf(ref) : -1;
    if (i < 0) this.childNodes.push(node);
    else this.childNodes.splice(i, 0, node);
    this.ownerDocument._mutated(this, { type: "childList", addedNodes: [node], removedNodes: [] });
    return node;
  }
  removeChild(node) {
    const i = this.childNodes.indexOf(node);
    if (i >= 0) this.childNodes.splice(i, 1);
    node.parentNode = null;
    if (node._popoverOpen) node._closePopover(); // removed (or moved): out of the top layer
    this.ownerDocument._mutated(this, { type: "childList", addedNodes: [], removedNodes: [node] });
    return node;
  }
  remove() {
    if (this.parentNode) this.parentNode.removeChild(this);
  }
  replaceChildren(...nodes) {
    for (const n of [...this.childNodes]) this.removeChild(n);
    this.append(...nodes);
  }
  setAttribute(name, value) {
    const k = String(name).toLowerCase();
    if (k.startsWith("on")) this.ownerDocument.sinks.push(`attribute ${k}`);
    this.attributes.set(k, String(value));
    this.ownerDocument._mutated(this, { type: "attributes", attributeName: k });
  }
  getAttribute(name) {
    const v = this.attributes.get(String(name).toLowerCase());
    return v === undefined ? null : v;
  }
  hasAttribute(name) {
    return this.attributes.has(String(name).toLowerCase());
  }
  removeAttribute(name) {
    this.attributes.delete(String(name).toLowerCase());
    this.ownerDocument._mutated(this, { type: "attributes", attributeName: String(name).toLowerCase() });
  }
  get id() {
    return this.getAttribute("id") || "";
  }
  set id(v) {
    this.setAttribute("id", v);
  }
  get className() {
    return this.getAttribute("class") || "";
  }
  set className(v) {
    this.setAttribute("class", v);
  }
  get textContent() {
    return this.childNodes.map((n) => n.textContent).join("");
  }
  set textContent(v) {
    for (const n of [...this.childNodes]) this.removeChild(n);
    const s = v === null || v === undefined ? "" : String(v);
    if (s !== "") this.appendChild(new FakeText(this.ownerDocument, s));
  }
  get innerHTML() {
    return this.childNodes.map((n) => n.serialize()).join("");
  }
  set innerHTML(v) {
    this.ownerDocument.sinks.push("innerHTML");
    throw new Error("innerHTML assignment is not allowed");
  }
  get outerHTML() {
    return this.serialize();
  }
  set outerHTML(v) {
    this.ownerDocument.sinks.push("outerHTML");
    throw new Error("outerHTML assignment is not allowed");
  }
  insertAdjacentHTML() {
    this.ownerDocument.sinks.push("insertAdjacentHTML");
    throw new Error("insertAdjacentHTML is not allowed");
  }
  addEventListener(type, fn) {
    (this.listeners[type] ||= []).push(fn);
  }
  click() {
    for (const fn of this.listeners.click || []) fn({ type: "click", target: this, preventDefault() {} });
  }
  matches(selector) {
    if (selector === ":popover-open") return Boolean(this._popoverOpen);
    return selector.split(",").some((s) => matchDescendant(this, s.trim().split(/\s+/)));
  }
  querySelectorAll(selector) {
    const out = [];
    const walk = (node) => {
      for (const c of node.children) {
        if (c.matches(selector)) out.push(c);
        walk(c);
      }
    };
    walk(this);
    return out;
  }
  querySelector(selector) {
    return this.querySelectorAll(selector)[0] || null;
  }
  serialize() {
    const attrs = [...this.attributes].map(([k, v]) => ` ${k}="${escapeAttr(v)}"`).join("");
    return `<${this.localName}${attrs}>${this.innerHTML}</${this.localName}>`;
  }
}

// "a b c": this element matches c and has ancestors matching b, then a.
function matchDescendant(el, parts) {
  if (!matchSimple(el, parts[parts.length - 1])) return false;
  let rest = parts.slice(0, -1);
  let node = el.parentNode;
  while (rest.length && node && node.nodeType === 1) {
    if (matchSimple(node, rest[rest.length - 1])) rest = rest.slice(0, -1);
    node = node.parentNode;
  }
  return rest.length === 0;
}

// tag, .class, #id, [attr], tag.class, [attr="value"]
function matchSimple(el, sel) {
  const m = /^([a-z0-9-]*)((?:[.#][\w-]+)*)((?:\[[\w-]+(?:="[^"]*")?\])*)$/i.exec(sel);
  if (!m) throw new Error(`fake-dom: unsupported selector ${sel}`);
  const [, tag, parts, attrs] = m;
  if (tag && el.localName !== tag.toLowerCase()) return false;
  for (const p of parts.match(/[.#][\w-]+/g) || []) {
    if (p[0] === "." && !el.className.split(/\s+/).includes(p.slice(1))) return false;
    if (p[0] === "#" && el.id !== p.slice(1)) return false;
  }
  for (const a of attrs.match(/\[[^\]]+\]/g) || []) {
    const [, name, value] = /^\[([\w-]+)(?:="([^"]*)")?\]$/.exec(a);
    if (!el.hasAttribute(name)) return false;
    if (value !== undefined && el.getAttribute(name) !== value) return false;
  }
  return true;
}

/** A shadow root: a fragment of elements below its host; selectors of the document stop here. */
export class FakeShadowRoot extends FakeElement {
  constructor(doc, host, mode) {
    super(doc, "#shadow-root");
    this.host = host;
    this.mode = mode;
  }
  get isConnected() {
    return this.host.isConnected;
  }
  getElementById(id) {
    return this.querySelector(`#${id}`);
  }
}

/** MutationObserver over the fake DOM: childList/attributes/subtree/attributeFilter, microtask delivery. */
export class FakeMutationObserver {
  constructor(doc, callback) {
    this.doc = doc;
    this.callback = callback;
    this.targets = new Map(); // node -> options
    this.queue = [];
  }
  observe(target, options = {}) {
    this.targets.set(target, { ...options, attributes: options.attributes || Boolean(options.attributeFilter) });
    if (!this.doc.observers.includes(this)) this.doc.observers.push(this);
  }
  disconnect() {
    this.targets.clear();
    this.queue = [];
    this.doc.observers = this.doc.observers.filter((o) => o !== this);
  }
  takeRecords() {
    const out = this.queue;
    this.queue = [];
    return out;
  }
  _notify(node, record) {
    for (const [target, opts] of this.targets) {
      let hit = false;
      // subtree: `node` is the target or below it (not across a shadow root)
      for (let n = node; n; n = n.parentNode) {
        if (n === target) {
          hit = n === node || Boolean(opts.subtree);
          break;
        }
      }
      if (!hit) continue;
      if (record.type === "childList" && !opts.childList) continue;
      if (record.type === "attributes") {
        if (!opts.attributes) continue;
        if (opts.attributeFilter && !opts.attributeFilter.includes(record.attributeName)) continue;
      }
      this.queue.push({ ...record, target: node });
      if (this.queue.length === 1) {
        queueMicrotask(() => {
          const records = this.takeRecords();
          if (records.length) this.callback(records, this);
        });
      }
      return;
    }
  }
}

const INHERITED = new Set(["visibility", "color", "direction"]);
const INITIAL = { display: "block", opacity: "1", visibility: "visible", position: "static", "clip-path": "none", transform: "none", "z-index": "auto" };

export class FakeDocument {
  constructor() {
    this.created = []; // tag names, in creation order
    this.sinks = []; // markup sinks that were touched
    this.observers = []; // FakeMutationObservers observing something
    this.mutations = 0; // how many DOM mutations happened (for "it settles" tests)
    this.rules = []; // the mail's CSS: {match(el) => bool, decls: {prop: value}, important}
    this.coveredBy = null; // an element the mail paints over everything else (elementFromPoint)
    this.topLayer = []; // open popovers, bottom to top
    this.noPopover = false;
    this.toggles = 0;
    this.innerWidth = 1000;
    this.innerHeight = 700;
    this.visibilityState = "visible";
    this.listeners = {};
    this.documentElement = new FakeElement(this, "html");
    this.head = new FakeElement(this, "head");
    this.body = new FakeElement(this, "body");
    this.documentElement.appendChild(this.head);
    this.documentElement.appendChild(this.body);
    this.defaultView = {
      getComputedStyle: (el) => this.computedStyle(el),
    };
  }
  _mutated(node, record) {
    this.mutations += 1;
    for (const o of [...this.observers]) o._notify(node, record);
  }
  /** One computed property of `el` under the toy cascade (see the top of this file). */
  computed(el, prop) {
    const inline = el.style ? el.style.decls.get(prop) : undefined;
    if (inline && inline.important) return inline.value;
    const inShadow = (() => {
      for (let n = el; n; n = n.parentNode) if (n instanceof FakeShadowRoot) return true;
      return false;
    })();
    const matching = inShadow ? [] : this.rules.filter((r) => Object.prototype.hasOwnProperty.call(r.decls, prop) && r.match(el));
    const important = matching.filter((r) => r.important);
    if (important.length) return important[important.length - 1].decls[prop];
    if (inline) return inline.value;
    if (matching.length) return matching[matching.length - 1].decls[prop];
    if (INHERITED.has(prop)) {
      const parent = el.parentNode instanceof FakeShadowRoot ? el.parentNode.host : el.parentNode;
      if (parent && parent.nodeType === 1) return this.computed(parent, prop);
    }
    return INITIAL[prop] ?? "";
  }
  computedStyle(el) {
    const get = (prop) => this.computed(el, prop);
    return new Proxy({}, {
      get: (_, key) => (key === "getPropertyValue" ? get : get(String(key).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`))),
    });
  }
  /** Toggle events: queued as a task, dispatched to capturing document listeners. */
  _toggled(el) {
    this.toggles += 1;
    setImmediate(() => {
      for (const fn of [...(this.listeners.toggle || [])]) fn({ type: "toggle", target: el });
    });
  }
  /**
   * The element drawn at (x, y): the top layer's topmost there, else what the mail paints
   * over everything else, else the last one in tree order there.
   */
  elementFromPoint(x, y) {
    const inside = (el) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && x >= r.left && x < r.right && y >= r.top && y < r.bottom;
    };
    for (let i = this.topLayer.length - 1; i >= 0; i -= 1) if (inside(this.topLayer[i])) return this.topLayer[i];
    if (this.coveredBy) return this.coveredBy;
    let found = null;
    const walk = (node) => {
      for (const c of node.children) {
        const r = c.getBoundingClientRect();
        if (r.width > 0 && r.height > 0 && x >= r.left && x < r.right && y >= r.top && y < r.bottom) found = c;
        walk(c); // a shadow tree is not walked: a point in it gives its host (retargeting)
      }
    };
    walk(this.documentElement);
    return found;
  }
  addEventListener(type, fn) {
    (this.listeners[type] ||= []).push(fn);
  }
  removeEventListener(type, fn) {
    this.listeners[type] = (this.listeners[type] || []).filter((f) => f !== fn);
  }
  createElement(tag) {
    this.created.push(String(tag).toLowerCase());
    return new FakeElement(this, tag);
  }
  /** A window for a script running in this document: globals the banner script uses. */
  window() {
    const doc = this;
    const listeners = {};
    const timers = [];
    return {
      document: doc,
      get innerWidth() {
        return doc.innerWidth;
      },
      get innerHeight() {
        return doc.innerHeight;
      },
      MutationObserver: class extends FakeMutationObserver {
        constructor(callback) {
          super(doc, callback);
        }
      },
      addEventListener(type, fn) {
        (listeners[type] ||= []).push(fn);
      },
      removeEventListener(type, fn) {
        listeners[type] = (listeners[type] || []).filter((f) => f !== fn);
      },
      setTimeout(fn, ms) {
        timers.push({ fn, ms, done: false });
        return timers.length;
      },
      clearTimeout(id) {
        if (timers[id - 1]) timers[id - 1].done = true;
      },
      /** test side: fire a window event, run the pending timers */
      fire(type) {
        for (const fn of listeners[type] || []) fn({ type });
      },
      runTimers() {
        for (const t of timers) {
          if (!t.done) {
            t.done = true;
            t.fn();
          }
        }
      },
      listeners,
      timers,
      crypto: globalThis.crypto,
    };
  }
  createTextNode(data) {
    return new FakeText(this, data);
  }
  getElementById(id) {
    return this.documentElement.querySelector(`#${id}`);
  }
  querySelectorAll(selector) {
    return this.documentElement.querySelectorAll(selector);
  }
  querySelector(selector) {
    return this.documentElement.querySelector(selector);
  }
  write() {
    this.sinks.push("document.write");
    throw new Error("document.write is not allowed");
  }
}

/** Every element below `root` (inclusive). */
export function allElements(root) {
  const out = [root];
  for (const c of root.children) out.push(...allElements(c));
  return out;
}
