// A tiny DOM for rendering tests: enough of Document/Element for lib/render.js.
// Markup sinks (innerHTML, outerHTML, insertAdjacentHTML, document.write) throw, and
// on* attributes are recorded, so a test fails if rendering ever parses text as HTML.

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
    return node;
  }
  removeChild(node) {
    const i = this.childNodes.indexOf(node);
    if (i >= 0) this.childNodes.splice(i, 1);
    node.parentNode = null;
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

export class FakeDocument {
  constructor() {
    this.created = []; // tag names, in creation order
    this.sinks = []; // markup sinks that were touched
    this.documentElement = new FakeElement(this, "html");
    this.body = new FakeElement(this, "body");
    this.documentElement.appendChild(this.body);
  }
  createElement(tag) {
    this.created.push(String(tag).toLowerCase());
    return new FakeElement(this, tag);
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
