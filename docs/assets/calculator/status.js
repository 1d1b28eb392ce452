// What the page tells a person about itself: the engine's loading state and its failure, the
// notice above the form (share links, cleared data) and the message under the action buttons.

import { clear, el, show } from "./dom.js";

const STAGES = {
  runtime: "正在下载并启动 Python 运行环境（首次打开需下载{size}，之后会快很多）。你可以先填写。",
  package: "正在载入积分计算程序……",
  import: "正在载入积分计算程序……",
};

export class Status {
  constructor(root) {
    this.root = root;
  }

  $(selector) {
    return this.root.querySelector(selector);
  }

  engine(state, detail) {
    this.root.dataset.engine = state;
    const status = this.$(".calc-status");
    if (state === "loading") {
      const text = this.$(".calc-status-text");
      const size = text.dataset.engineSize || "数 MB"; // the build writes the real size (build_sw.py)
      if (detail && STAGES[detail]) text.textContent = STAGES[detail].replace("{size}", size);
      show(status, true);
    } else if (state === "ready") {
      show(status, false);
    } else if (state === "failed") {
      show(status, false);
      if (detail === "load") {
        this.$(".calc-fail-text").textContent =
          "计算引擎没能加载（可能是网络中断，或这个浏览器不支持 WebAssembly）。" +
          "请刷新页面重试，换用较新的浏览器，或者对照规则表手工计算：";
      }
      show(this.$(".calc-fail"), true);
      show(this.$(".calc-empty"), false);
    }
  }

  notice(text, items = [], kind = "warning") {
    const notice = this.$(".calc-notice");
    notice.classList.remove("warning", "info");
    notice.classList.add(kind);
    this.$(".calc-notice-text").textContent = text;
    const list = this.$(".calc-notice-list");
    clear(list);
    for (const item of items) list.append(el("li", { text: item }));
    show(notice, true);
  }

  hideNotice() {
    show(this.$(".calc-notice"), false);
  }

  // The line under the share, copy and print buttons.
  message(text) {
    this.$(".calc-action-msg").textContent = text;
  }
}
