// DOM helpers for the calculator page: elements built with createElement/textContent only,
// and SVG drawn by the Python engine taken in as parsed XML, never as HTML.

export function el(tag, options = {}, ...children) {
  const node = document.createElement(tag);
  if (options.className) node.className = options.className;
  if (options.text !== undefined && options.text !== null) node.textContent = String(options.text);
  if (options.title) node.title = String(options.title);
  for (const [key, value] of Object.entries(options.data || {})) {
    node.dataset[key] = String(value);
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return node;
}

export function safeHref(url) {
  // Only http(s) links, or relative ones; anything else (javascript:, data:) is dropped.
  try {
    const parsed = new URL(String(url), document.baseURI);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
  } catch {
    return null;
  }
}

export function link(url, label) {
  const href = safeHref(url);
  if (!href) return el("span", { text: label });
  const a = el("a", { text: label });
  a.href = href;
  if (new URL(href).origin !== location.origin) {
    a.target = "_blank";
    a.rel = "noopener noreferrer";
  }
  return a;
}

export function show(node, visible) {
  if (node) node.hidden = !visible;
}

export function clear(node) {
  if (node) node.replaceChildren();
}

export function fmt(value) {
  return value === null || value === undefined ? "" : String(value);
}

// The object in an inline JSON data block (<script type="application/json">), or {}.
export function jsonData(node) {
  try {
    const value = JSON.parse(node ? node.textContent : "{}");
    return value && typeof value === "object" ? value : {};
  } catch {
    return {};
  }
}

export function today() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

const SVG_NS = "http://www.w3.org/2000/svg";
// The elements a chart drawn by Python is made of; anything else (script, foreignObject,
// use, image, animation) is dropped, as are event handler and link attributes.
const SVG_ELEMENTS = new Set([
  "svg", "g", "title", "desc", "rect", "line", "polyline", "polygon", "path", "circle", "text",
  "tspan",
]);

function keepSafe(node) {
  for (const child of [...node.children]) {
    if (child.namespaceURI !== SVG_NS || !SVG_ELEMENTS.has(child.localName)) child.remove();
    else keepSafe(child);
  }
  for (const attr of [...node.attributes]) {
    const name = attr.localName.toLowerCase();
    if (name.startsWith("on") || name === "href") {
      node.removeAttributeNode(attr);
    }
  }
}

// An <svg> string from the engine as a node of this document, or null if it is not one.
export function importSvg(text) {
  if (typeof text !== "string" || !text) return null;
  const doc = new DOMParser().parseFromString(text, "image/svg+xml");
  const root = doc.documentElement;
  if (!root || root.namespaceURI !== SVG_NS || root.localName !== "svg") return null;
  if (doc.getElementsByTagNameNS("*", "parsererror").length) return null;
  keepSafe(root);
  return document.importNode(root, true);
}
