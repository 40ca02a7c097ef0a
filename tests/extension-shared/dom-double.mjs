// A small test double of the DOM, enough for the shared renderer (extension/shared/dialog-view.js):
// elements with attributes, dataset, children, text, the properties the renderer sets (hidden,
// disabled, checked, className), events, focus, getElementById and querySelectorAll for the few
// selectors the renderer uses (tag, #id, .class, [attr], :checked, joined by commas).

const camelToData = (k) => `data-${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

class Node {
  constructor(doc, tag) {
    this.ownerDocument = doc;
    this.tagName = tag.toUpperCase();
    this.attributes = new Map();
    this.children = [];
    this.parent = null;
    this.listeners = {};
    this.hidden = false;
    this.disabled = false;
    this.checked = false;
    this.ownText = "";
    const node = this;
    this.dataset = new Proxy({}, {
      get: (_, k) => node.attributes.get(camelToData(String(k))),
      set: (_, k, v) => { node.attributes.set(camelToData(String(k)), String(v)); return true; },
    });
  }
  get id() { return this.attributes.get("id") ?? ""; }
  get className() { return this.attributes.get("class") ?? ""; }
  set className(v) { this.attributes.set("class", String(v)); }
  get classList() { return this.className.split(/\s+/).filter(Boolean); }
  setAttribute(k, v) { this.attributes.set(k, String(v)); }
  getAttribute(k) { return this.attributes.get(k) ?? null; }
  append(...items) {
    for (const item of items) {
      const child = typeof item === "string" ? Object.assign(new Node(this.ownerDocument, "#text"), { ownText: item }) : item;
      child.parent = this;
      this.children.push(child);
    }
  }
  replaceChildren(...items) { this.children = []; this.append(...items); }
  get textContent() { return this.ownText + this.children.map((c) => c.textContent).join(""); }
  set textContent(v) { this.children = []; this.ownText = String(v); }
  addEventListener(type, fn) { (this.listeners[type] ??= []).push(fn); }
  dispatch(type, event = {}) {
    const e = { type, target: this, defaultPrevented: false, preventDefault() { this.defaultPrevented = true; }, ...event };
    const chain = [];
    for (let n = this; n; n = n.parent) chain.push(n);
    for (const n of [...chain, this.ownerDocument]) for (const fn of n.listeners[type] ?? []) fn(e);
    return e;
  }
  click() {
    if (this.disabled) return;
    if (this.tagName === "INPUT" && this.getAttribute("type") === "checkbox") { this.checked = !this.checked; this.dispatch("change"); return; }
    this.dispatch("click");
  }
  focus() { this.ownerDocument.activeElement = this; }
  matches(selector) { return selector.split(",").some((s) => matchOne(this, s.trim())); }
  *walk() { for (const c of this.children) { yield c; yield* c.walk(); } }
}

function matchOne(node, selector) {
  if (node.tagName === "#TEXT") return false;
  const parts = selector.match(/^([a-z0-9]*)((?:[#.][\w-]+|\[[\w-]+\]|:checked)*)$/i);
  if (!parts) throw new Error(`selector not supported by the double: ${selector}`);
  if (parts[1] && node.tagName !== parts[1].toUpperCase()) return false;
  for (const [, kind, name] of parts[2].matchAll(/([#.[:])([\w-]+)\]?/g)) {
    if (kind === "#" && node.id !== name) return false;
    if (kind === "." && !node.classList.includes(name)) return false;
    if (kind === "[" && !node.attributes.has(name)) return false;
    if (kind === ":" && !(name === "checked" && node.checked)) return false;
  }
  return true;
}

/** A document with an empty <head> and <body>; `keydown(key)` dispatches on the focused element. */
export function fakeDocument() {
  const doc = { listeners: {}, activeElement: null };
  doc.createElement = (tag) => new Node(doc, tag);
  doc.documentElement = new Node(doc, "html");
  doc.head = new Node(doc, "head");
  doc.body = new Node(doc, "body");
  doc.documentElement.append(doc.head, doc.body);
  doc.addEventListener = (type, fn) => { (doc.listeners[type] ??= []).push(fn); };
  const all = () => [doc.documentElement, ...doc.documentElement.walk()];
  doc.getElementById = (id) => all().find((n) => n.id === id) ?? null;
  doc.querySelectorAll = (selector) => all().filter((n) => n.matches(selector));
  doc.keydown = (key, target = doc.activeElement ?? doc.body) => target.dispatch("keydown", { key, repeat: false });
  return doc;
}
