// Whose answers the form holds. Normally the person's own, saved on this device as they change.
// Two other cases never touch what is saved: a share link someone sent ("shared"), and a second
// person's answers filled in to compare with the first ("second"). While the form holds those,
// a banner says so and offers the ways out; calculator.js saves answers only when `own` is true.

import { show } from "./dom.js";

const MODES = {
  shared: {
    title: "正在查看别人分享的答案",
    text: "这些是分享链接里的答案，只显示在这里：不会保存，也不会替换你在本设备上保存的答案。"
      + "可以随意修改试算；想留下它们，点“把这些答案存为我的”。",
    keep: true,
    compare: false,
  },
  second: {
    title: "正在填写第二个人的答案",
    text: "在下面填写第二个人（例如配偶）的答案，它们不会替换你的答案。"
      + "填好后点“比较两人的结果”，两份答案会存为方案并放在一张表里比较。",
    keep: false,
    compare: true,
  },
};

export class Viewing {
  constructor(root) {
    this.banner = root.querySelector(".calc-viewing");
    this.mode = "own";
  }

  get own() {
    return this.mode === "own";
  }

  enter(mode) {
    const how = MODES[mode];
    if (!how || !this.banner) return;
    this.mode = mode;
    this.banner.dataset.mode = mode;
    this.banner.querySelector(".calc-viewing-title").textContent = how.title;
    this.banner.querySelector(".calc-viewing-text").textContent = how.text;
    show(this.banner.querySelector('[data-action="keep-view"]'), how.keep);
    show(this.banner.querySelector('[data-action="compare-second"]'), how.compare);
    show(this.banner, true);
  }

  leave() {
    this.mode = "own";
    show(this.banner, false);
  }
}
