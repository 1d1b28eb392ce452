// Scenarios: the current answers saved under a name on this device (storage.js), listed with
// open, rename and delete; two or three of them compared in one table by Python
// (api.compare, drawn by compare.js); and the "second person" mode that starts from the current
// answers and a spouse's, to answer "我和配偶谁来申请？".

import { clear, el, fmt, show } from "./dom.js";
import { hideComparison, showComparison } from "./compare.js";
import { deleteScenario, renameScenario, saveScenario, scenarios } from "./storage.js";

const SECOND_NAME = "配偶";

function sameAnswers(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

export class Scenarios {
  // page: the CalculatorPage (its form, viewing state, and showOwn/enterSecond).
  constructor(root, engine, page) {
    this.root = root;
    this.box = root.querySelector(".calc-scenarios");
    this.engine = engine;
    this.page = page;
    this.first = null; // {name, answers}: the answers a second person is compared with
    this.renaming = null; // the id whose name is being edited
    this.render();
  }

  $(selector) {
    return this.box.querySelector(selector);
  }

  message(text) {
    this.$(".calc-scenario-msg").textContent = fmt(text);
  }

  cityLabel(city) {
    const radio = this.root.querySelector(`input[name="city"][value="${CSS.escape(fmt(city))}"]`);
    const label = radio && radio.closest("label");
    return label ? label.textContent.trim() : "";
  }

  // A click on a data-action button; true if it was one of ours.
  act(action, button) {
    const id = button.closest("[data-id]") ? button.closest("[data-id]").dataset.id : "";
    if (action === "save-scenario") this.save();
    else if (action === "open-scenario") this.open(id);
    else if (action === "rename-scenario") this.startRename(id);
    else if (action === "rename-ok") this.finishRename(id);
    else if (action === "rename-cancel") this.stopRename();
    else if (action === "delete-scenario") this.remove(id);
    else if (action === "compare-scenarios") this.compareChosen();
    else if (action === "add-second") this.startSecond();
    else if (action === "compare-second") this.compareSecond();
    else return false;
    return true;
  }

  // -- the list -----------------------------------------------------------------------------

  render() {
    const list = this.$(".calc-scenario-list");
    const chosen = new Set(this.chosen());
    clear(list);
    const all = scenarios();
    for (const s of all) list.append(this.item(s, chosen.has(s.id)));
    show(this.$(".calc-scenario-empty"), all.length === 0);
  }

  item(s, chosen) {
    const li = el("li", { className: "calc-scenario", data: { id: s.id, testid: "scenario" } });
    const check = el("input");
    check.type = "checkbox";
    check.className = "calc-scenario-pick";
    check.checked = chosen;
    check.setAttribute("aria-label", `比较“${s.name}”`);
    const where = [this.cityLabel(s.answers.city), s.saved ? `保存于 ${fmt(s.saved)}` : ""]
      .filter(Boolean).join(" · ");
    if (this.renaming === s.id) {
      const input = el("input", { className: "calc-scenario-rename" });
      input.type = "text";
      input.maxLength = 30;
      input.value = s.name;
      input.setAttribute("aria-label", "新的方案名称");
      input.dataset.testid = "scenario-rename";
      li.append(
        check,
        input,
        this.button("确定", "rename-ok"),
        this.button("取消", "rename-cancel"),
      );
      return li;
    }
    li.append(
      el("label", { className: "calc-scenario-label" }, check, " ",
        el("span", { className: "calc-scenario-name", text: s.name, data: { testid: "scenario-title" } })),
      el("span", { className: "calc-scenario-meta", text: where }),
      el("span", { className: "calc-scenario-buttons" },
        this.button("打开", "open-scenario"),
        this.button("重命名", "rename-scenario"),
        this.button("删除", "delete-scenario")),
    );
    return li;
  }

  button(text, action) {
    const b = el("button", { className: "calc-link-button", text, data: { action, testid: action } });
    b.type = "button";
    return b;
  }

  chosen() {
    return [...this.box.querySelectorAll(".calc-scenario")]
      .filter((li) => li.querySelector(".calc-scenario-pick").checked)
      .map((li) => li.dataset.id);
  }

  find(id) {
    return scenarios().find((s) => s.id === id) || null;
  }

  save() {
    const answers = this.page.form.answers();
    if (!answers.city) {
      this.message("请先选择城市并填写答案，再保存为方案。");
      return;
    }
    const input = this.$("#calc-scenario-name");
    const saved = saveScenario(input.value, answers);
    if (!saved) {
      this.message("无法保存：方案已满 20 个，或者这个浏览器不允许保存。可以先删除一些方案。");
      return;
    }
    input.value = "";
    this.render();
    this.message(`已保存方案“${saved.name}”（只在本设备上）。`);
  }

  // Opening a scenario makes its answers the current ones (saved as the person's own).
  open(id) {
    const s = this.find(id);
    if (!s) return;
    this.page.showOwn(s.answers);
    this.message(`已打开方案“${s.name}”，上面的表格已按它填好。`);
    this.page.form.form.scrollIntoView({ behavior: "smooth", block: "start" });
  }

  startRename(id) {
    this.renaming = id;
    this.render();
    const input = this.$(".calc-scenario-rename");
    if (input) {
      input.focus();
      input.select();
      input.addEventListener("keydown", (event) => {
        if (event.key === "Enter") this.finishRename(id);
        else if (event.key === "Escape") this.stopRename();
      });
    }
  }

  finishRename(id) {
    const input = this.$(".calc-scenario-rename");
    if (!input || !renameScenario(id, input.value)) {
      this.message("方案名称不能为空。");
      return;
    }
    this.stopRename();
    this.message("已重命名。");
  }

  stopRename() {
    this.renaming = null;
    this.render();
  }

  remove(id) {
    const s = this.find(id);
    if (!s) return;
    deleteScenario(id);
    this.render();
    this.message(`已删除方案“${s.name}”。`);
  }

  // "Clear my data" removed them all.
  cleared() {
    this.first = null;
    this.renaming = null;
    this.render();
    hideComparison(this.root);
    this.message("");
  }

  // -- comparing ----------------------------------------------------------------------------

  async compareChosen() {
    const all = scenarios();
    const picked = this.chosen().map((id) => all.find((s) => s.id === id)).filter(Boolean);
    await this.compare(picked.map((s) => ({ name: s.name, answers: s.answers })));
  }

  // Python compares; its errors (too few, different cities, invalid answers) are shown as given.
  async compare(items) {
    let out;
    try {
      out = await this.engine.json("compare", JSON.stringify({ scenarios: items }));
    } catch {
      this.message("比较失败：计算引擎没有响应。");
      return null;
    }
    if (!out || !out.ok) {
      const errors = (out && out.errors) || [];
      this.message(errors.map((e) => fmt(e.message)).join(" ") || "无法比较这些方案。");
      return out;
    }
    showComparison(this.root, out.comparison);
    this.message("");
    this.$(".calc-compare").scrollIntoView({ behavior: "smooth", block: "start" });
    return out;
  }

  // "加一位配偶的答案": the current answers are the first person; the form is cleared for the
  // second (same city and date), which is never saved as the person's own answers.
  startSecond() {
    const answers = this.page.form.answers();
    if (!answers.city) {
      this.message("请先选择城市并填写你的答案，再加第二个人的答案。");
      return;
    }
    this.first = { name: this.page.viewing.own ? "我" : "分享的答案", answers };
    this.page.enterSecond({ city: answers.city, assessment_date: answers.assessment_date });
    this.message("");
  }

  async compareSecond() {
    if (!this.first) return;
    const second = { name: SECOND_NAME, answers: this.page.form.answers() };
    const out = await this.compare([this.first, second]);
    if (!out || !out.ok) return; // the reasons are in the message; the fields show their own
    for (const s of [this.first, second]) {
      if (!scenarios().some((k) => sameAnswers(k.answers, s.answers))) saveScenario(s.name, s.answers);
    }
    this.first = null;
    this.render();
    this.page.showOwn();
    this.message("两份答案已存为方案，比较结果在下面；你的答案已恢复。");
  }

  leaveSecond() {
    this.first = null;
  }
}
