// DOM helpers for the calculator page: elements built with createElement/textContent only.


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

// An SVG document drawn by our own Python (the QR code) as a node of this page, or null if the
// text is not one <svg> element.
export function importSvg(text) {
  const doc = new DOMParser().parseFromString(String(text), "image/svg+xml");
  const root = doc.documentElement;
  if (!root || root.localName !== "svg" || doc.getElementsByTagName("parsererror").length) return null;
  return document.importNode(root, true);
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

export function today() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export const storage = {
  get(key) {
    try {
      const raw = window.localStorage.getItem(key);
      return raw ? JSON.parse(raw) : null;
    } catch {
      return null;
    }
  },
  set(key, value) {
    try {
      window.localStorage.setItem(key, JSON.stringify(value));
    } catch {
      // Storage disabled or full: the page still works, it just forgets.
    }
  },
  remove(key) {
    try {
      window.localStorage.removeItem(key);
    } catch {
      // ignore
    }
  },
};
