// Answers leaving and entering the page: share links (the answers encoded by Python into the URL
// fragment, never sent to a server), and the result copied as text.

import { clear, fmt, importSvg, show } from "./dom.js";

const LINK_PREFIX = "#p=";
const BLANK_FORM = "下面是空白表格，可以直接填写。";
const OWN_FORM = "下面是你自己保存在本设备上的答案。";

export function isLink(hash = location.hash) {
  return hash.startsWith(LINK_PREFIX);
}

// Drop the link from the address bar (the answers on the page no longer match it).
function forgetLink() {
  history.replaceState(null, "", location.pathname + location.search);
}

// encode_link returns the payload ("v1.…"), a fragment ("p=v1.…") or a JSON object holding one.
function payloadOf(raw) {
  let value = raw;
  try {
    const parsed = JSON.parse(raw);
    if (parsed && typeof parsed === "object") {
      if (parsed.ok === false) return null;
      value = parsed.payload || parsed.fragment || parsed.link || "";
    } else if (typeof parsed === "string") {
      value = parsed;
    }
  } catch {
    // a bare payload is not JSON
  }
  value = String(value);
  if (value.includes("#")) value = value.slice(value.indexOf("#") + 1);
  if (value.startsWith("p=")) value = value.slice(2);
  return /^[A-Za-z0-9._-]+$/.test(value) ? value : null;
}

async function toClipboard(text) {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall through
  }
  return false;
}

// Reads a link: {answers, response} (decoded and evaluated by the engine in one call,
// open_link, which prestart.js may have sent already), {problem: {text, items}} to tell the
// person, or {engineFailed: true} (that failure is already on the page).
async function readLink(engine, hash, tail) {
  let opened;
  try {
    opened = await engine.json("open_link", hash.slice(1));
  } catch {
    if (engine.state === "failed") return { engineFailed: true };
    // The engine runs but could not handle this link: still a clear message.
    return { problem: { text: "分享链接无法读取。", items: [tail] } };
  }
  if (!opened || !opened.ok) {
    const reasons = ((opened && opened.errors) || []).map((e) => fmt(e.message));
    const text = reasons.shift() || "分享链接无法读取。";
    return { problem: { text, items: [...reasons, tail] } };
  }
  const response = opened.evaluation;
  if (!response || !response.ok) {
    const text = `分享链接里的答案无法使用（可能被改动过），已忽略。${tail}`;
    return { problem: { text, items: ((response && response.errors) || []).map((e) => fmt(e.message)) } };
  }
  return { answers: opened.answers, response };
}

// A share link in the address bar. Its answers fill the form as someone else's (viewing.js):
// they are never saved on this device and never replace the person's own answers, edited or
// not, until the person chooses to keep them. Leaving drops the link from the address bar.
export class SharedLink {
  constructor(engine, status) {
    this.engine = engine;
    this.status = status;
    this.reading = false;
    this.seq = 0; // the link being read; a newer one, or an edit, supersedes it
  }

  // Reads the link in the address bar: {answers, response} to show, {superseded: true} (a newer
  // link or an edit came first), or null (nothing to show; the person has been told why, and
  // that their own answers, if `ownSaved`, are shown).
  async open(ownSaved) {
    const hash = location.hash;
    if (!isLink(hash)) return null;
    const mine = ++this.seq;
    this.reading = true;
    this.status.notice("正在读取分享链接……", [], "info");
    const outcome = await readLink(this.engine, hash, ownSaved ? OWN_FORM : BLANK_FORM);
    if (mine !== this.seq) return { superseded: true };
    this.reading = false;
    if (outcome.engineFailed) {
      this.status.hideNotice();
      return null;
    }
    if (outcome.problem) {
      this.status.notice(outcome.problem.text, outcome.problem.items);
      return null;
    }
    this.status.hideNotice(); // the banner says what is shown
    return outcome;
  }

  // The person changed an answer: a link still being read must not overwrite what they typed.
  edited() {
    if (!this.reading) return;
    this.reading = false;
    this.seq++;
  }

  // Back to the person's own answers, the answers kept, or "clear my data".
  leave() {
    this.reading = false;
    this.seq++;
    if (location.hash) forgetLink();
  }
}

// The share, copy and print buttons' outputs: the link box and the copy fallback.
export class Sharing {
  constructor(root, engine, status) {
    this.root = root;
    this.engine = engine;
    this.status = status;
  }

  $(selector) {
    return this.root.querySelector(selector);
  }

  async share(answers) {
    let payload;
    try {
      payload = payloadOf(await this.engine.call("encode_link", JSON.stringify(answers)));
    } catch {
      payload = null;
    }
    if (!payload) {
      this.status.message("生成分享链接失败，请检查填写的内容。");
      return;
    }
    const url = `${location.origin}${location.pathname}${location.search}${LINK_PREFIX}${payload}`;
    const input = this.$("#calc-share-link");
    input.value = url;
    show(this.$(".calc-share"), true);
    input.focus();
    input.select();
    this.drawQr(url);
    const how = (await toClipboard(url)) ? "链接已复制。" : "请复制上面的链接。";
    this.status.message(`${how}打开链接的人会看到你填写的全部答案，请只发给信任的人。`);
  }

  // The link's QR code, drawn by calculator/surfaces/qr.py in the worker; hidden if that fails.
  async drawQr(url) {
    const figure = this.$(".calc-share-qr");
    const box = this.$(".calc-share-qr-code");
    show(figure, false);
    clear(box);
    let svg = null;
    try {
      const out = await this.engine.json("qr", JSON.stringify({ link: url }));
      svg = out && out.ok ? importSvg(out.svg) : null;
    } catch {
      svg = null;
    }
    if (!svg || this.$("#calc-share-link").value !== url) return; // failed, or a newer link
    box.append(svg);
    show(figure, true);
  }

  async copy(text) {
    const area = this.$(".calc-copy-fallback");
    area.value = text;
    if (!text) return;
    if (await toClipboard(text)) {
      show(area, false);
      this.status.message("结果已复制为文字，可以粘贴到微信等应用。");
    } else {
      show(area, true);
      area.focus();
      area.select();
      this.status.message("无法自动复制，请手动复制下面的文字。");
    }
  }

  reset() {
    show(this.$(".calc-share"), false);
    show(this.$(".calc-share-qr"), false);
    clear(this.$(".calc-share-qr-code"));
    this.$("#calc-share-link").value = "";
    show(this.$(".calc-copy-fallback"), false);
    this.status.message("");
  }
}
