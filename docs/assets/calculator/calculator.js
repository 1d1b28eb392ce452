// Page glue for the calculator: reads the generated form, sends the answers to the Python
// engine in a Web Worker and renders what it returns. No scoring, validation or checklist logic
// lives here. Everything is rendered with createElement/textContent, never innerHTML.

import { Engine } from "./engine.js";
import { clear, el, fmt, importSvg, link, show, storage, today } from "./dom.js";
import { renderDeadlines, renderProjection, renderWhatifs } from "./plan.js";

const STORE_ANSWERS = "jzz-calculator-answers-v1";
const STORE_TICKS = "jzz-calculator-ticks-v1";
const DEBOUNCE_MS = 150;
const LINK_PREFIX = "#p=";

const STAGES = {
  runtime: "正在下载并启动 Python 运行环境（首次打开约 7 MB，之后会快很多）。你可以先填写。",
  package: "正在载入积分计算程序……",
  import: "正在载入积分计算程序……",
};

// ---------------------------------------------------------------------------------------------
// The page

class CalculatorPage {
  constructor(root, engine) {
    this.root = root;
    this.engine = engine;
    this.form = root.querySelector("#calc-form");
    this.results = root.querySelector("#calc-results");
    this.labels = this.readLabels();
    this.timer = null;
    this.seq = 0;
    this.lastResult = null;
    this.fromLink = false; // answers came from a share link and are not saved yet
    this.linkSeq = 0;
  }

  readLabels() {
    const node = this.root.querySelector("#calc-labels");
    try {
      return JSON.parse(node ? node.textContent : "{}");
    } catch {
      return {};
    }
  }

  $(selector) {
    return this.root.querySelector(selector);
  }

  start() {
    this.root.dataset.engine = this.engine.state;
    this.form.addEventListener("input", (event) => this.changed(event));
    this.form.addEventListener("change", (event) => this.changed(event));
    this.form.addEventListener("submit", (event) => event.preventDefault());
    this.root.addEventListener("click", (event) => this.clicked(event));
    this.results.addEventListener("change", (event) => this.ticked(event));
    window.addEventListener("hashchange", () => this.openLinkFromHash());
    window.addEventListener("beforeprint", () => this.fillPrintMeta());
    this.watchResults();

    this.prefillDates();
    if (location.hash.startsWith(LINK_PREFIX)) {
      this.openLinkFromHash();
    } else {
      const saved = storage.get(STORE_ANSWERS);
      if (saved && typeof saved === "object") this.restore(saved);
      this.refresh();
    }
  }

  // The "jump to result" bar (phones) hides while the result is on screen.
  watchResults() {
    if (typeof IntersectionObserver !== "function") return;
    const observer = new IntersectionObserver((entries) => {
      for (const entry of entries) {
        this.root.classList.toggle("calc-results-in-view", entry.isIntersecting);
      }
    });
    observer.observe(this.results);
  }

  // -- engine state --------------------------------------------------------------------------

  engineState(state, detail) {
    this.root.dataset.engine = state;
    const status = this.$(".calc-status");
    const statusText = this.$(".calc-status-text");
    if (state === "loading") {
      if (detail && STAGES[detail]) statusText.textContent = STAGES[detail];
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

  // -- reading and writing the form ----------------------------------------------------------

  city() {
    const checked = this.form.querySelector('input[name="city"]:checked');
    return checked ? checked.value : "";
  }

  section(city = this.city()) {
    if (!city) return null;
    for (const node of this.form.querySelectorAll(".calc-fields")) {
      if (node.dataset.city === city) return node;
    }
    return null;
  }

  fieldNode(section, id) {
    for (const node of section.querySelectorAll(".calc-field")) {
      if (node.dataset.field === id) return node;
    }
    return null;
  }

  control(fieldNode) {
    return fieldNode.querySelector("select, input:not([data-offence])");
  }

  // The value a field holds, as the string a form gives ("" when empty).
  formValue(fieldNode) {
    const type = fieldNode.dataset.type;
    if (type === "offences") return this.offences(fieldNode).length ? "filled" : "";
    const control = this.control(fieldNode);
    if (!control) return "";
    if (type === "bool") return control.checked ? "true" : "false";
    return control.value.trim();
  }

  offences(fieldNode) {
    const rows = [];
    for (const row of fieldNode.querySelectorAll(".calc-offence")) {
      const date = row.querySelector('input[data-offence="date"]').value;
      const kinds = [...row.querySelectorAll('input[data-offence="kind"]:checked')].map(
        (box) => box.value,
      );
      if (date || kinds.length) rows.push({ date, kinds });
    }
    return rows;
  }

  // Show or hide fields by their generated show_if condition (parents come first).
  updateVisibility() {
    const city = this.city();
    for (const node of this.form.querySelectorAll(".calc-fields")) {
      show(node, node.dataset.city === city);
    }
    const section = this.section();
    if (!section) return;
    for (let pass = 0; pass < 5; pass++) {
      let changed = false;
      for (const node of section.querySelectorAll(".calc-field[data-show-field]")) {
        const parent = this.fieldNode(section, node.dataset.showField);
        let visible = false;
        if (parent && !parent.hidden) {
          let allowed = [];
          try {
            allowed = JSON.parse(node.dataset.showIn || "[]");
          } catch {
            allowed = [];
          }
          visible = allowed.includes(this.formValue(parent));
        }
        if (node.hidden === visible) {
          node.hidden = !visible;
          changed = true;
        }
      }
      if (!changed) break;
    }
  }

  answers() {
    const city = this.city();
    const out = { city };
    const section = this.section(city);
    if (!section) return out;
    for (const node of section.querySelectorAll(".calc-field")) {
      if (node.hidden) continue;
      const id = node.dataset.field;
      if (node.dataset.type === "offences") {
        const rows = this.offences(node);
        if (rows.length) out[id] = rows;
        continue;
      }
      const value = this.formValue(node);
      if (value !== "") out[id] = value;
    }
    return out;
  }

  prefillDates() {
    // The assessment date starts as today; the user can change it.
    for (const input of this.form.querySelectorAll('[data-field="assessment_date"] input')) {
      if (!input.value) input.value = today();
    }
  }

  resetForm() {
    this.form.reset();
    for (const list of this.form.querySelectorAll(".calc-offence-list")) clear(list);
    this.prefillDates();
    this.clearErrors();
  }

  restore(answers) {
    this.resetForm();
    const city = typeof answers.city === "string" ? answers.city : "";
    const radio = [...this.form.querySelectorAll('input[name="city"]')].find(
      (input) => input.value === city,
    );
    if (!radio) {
      this.updateVisibility();
      return;
    }
    radio.checked = true;
    const section = this.section(city);
    for (const [id, value] of Object.entries(answers)) {
      if (id === "city") continue;
      const node = this.fieldNode(section, id);
      if (node) this.setValue(node, value);
    }
    this.updateVisibility();
  }

  setValue(node, value) {
    const type = node.dataset.type;
    if (type === "offences") {
      if (!Array.isArray(value)) return;
      for (const item of value) {
        if (item && typeof item === "object") this.addOffence(node, item);
      }
      return;
    }
    const control = this.control(node);
    if (!control) return;
    if (type === "bool") {
      control.checked = value === true || String(value).toLowerCase() === "true";
    } else {
      control.value = value === null || value === undefined ? "" : String(value);
    }
  }

  addOffence(fieldNode, item = null) {
    const template = fieldNode.querySelector("template.calc-offence-template");
    const list = fieldNode.querySelector(".calc-offence-list");
    const row = template.content.firstElementChild.cloneNode(true);
    if (item) {
      row.querySelector('input[data-offence="date"]').value = fmt(item.date);
      const kinds = Array.isArray(item.kinds) ? item.kinds.map(String) : [];
      for (const box of row.querySelectorAll('input[data-offence="kind"]')) {
        box.checked = kinds.includes(box.value);
      }
    }
    list.append(row);
    return row;
  }

  // -- events --------------------------------------------------------------------------------

  changed(event) {
    if (event.target && event.target.closest && event.target.closest(".calc-results")) return;
    this.userEdited();
    this.updateVisibility();
    this.schedule();
  }

  userEdited() {
    if (this.fromLink) {
      // The answers now differ from the link: forget the link, remember the answers here.
      this.fromLink = false;
      this.linkSeq++; // a link still being read must not overwrite what the person typed
      history.replaceState(null, "", location.pathname + location.search);
    }
    this.hideNotice();
  }

  clicked(event) {
    const button = event.target.closest("[data-action]");
    if (!button || !this.root.contains(button)) return;
    const action = button.dataset.action;
    if (action === "add-offence") {
      const row = this.addOffence(button.closest(".calc-field"));
      row.querySelector("input").focus();
      this.userEdited();
      this.schedule();
    } else if (action === "remove-offence") {
      button.closest(".calc-offence").remove();
      this.userEdited();
      this.schedule();
    } else if (action === "clear") {
      this.clearData();
    } else if (action === "share") {
      this.share();
    } else if (action === "copy") {
      this.copyText();
    } else if (action === "print") {
      this.fillPrintMeta();
      window.print();
    } else if (action === "deadlines") {
      this.deadlines();
    } else if (action === "jump") {
      this.results.scrollIntoView({ behavior: "smooth", block: "start" });
    }
  }

  schedule() {
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => this.refresh(), DEBOUNCE_MS);
  }

  // -- evaluation ----------------------------------------------------------------------------

  async refresh() {
    this.updateVisibility();
    const answers = this.answers();
    if (!this.fromLink) {
      if (answers.city) storage.set(STORE_ANSWERS, answers);
    }
    const seq = ++this.seq;
    if (!answers.city) {
      this.renderEmpty();
      return;
    }
    if (this.engine.state === "failed") return;
    let response;
    try {
      response = await this.engine.json("evaluate", JSON.stringify(answers));
    } catch {
      return; // engine failure is shown by engineState
    }
    if (seq !== this.seq) return; // a newer evaluation is on its way
    this.render(response);
  }

  renderEmpty() {
    this.lastResult = null;
    this.clearErrors();
    show(this.$(".calc-empty"), this.engine.state !== "failed");
    for (const selector of [
      ".calc-missing", ".calc-summary", ".calc-gate", ".calc-veto", ".calc-warnings",
      ".calc-breakdown", ".calc-actions", ".calc-checklist", ".calc-plan", ".calc-deadlines",
    ]) {
      show(this.$(selector), false);
    }
    show(this.$(".calc-mini"), false);
  }

  clearErrors() {
    for (const node of this.form.querySelectorAll(".calc-error")) {
      node.textContent = "";
      node.hidden = true;
    }
    for (const node of this.form.querySelectorAll(".calc-field.calc-has-error")) {
      node.classList.remove("calc-has-error");
    }
  }

  render(response) {
    show(this.$(".calc-empty"), false);
    this.clearErrors();
    if (!response || !response.ok) {
      this.renderErrors((response && response.errors) || []);
      return;
    }
    show(this.$(".calc-missing"), false);
    this.lastResult = response;
    this.renderSummary(response.result);
    this.renderGate(response.result);
    this.renderWarnings(response.result);
    this.renderLines(response.result);
    this.renderChecklist(response.checklist || [], response.result.city);
    show(this.$(".calc-actions"), true);
    this.fillPrintMeta();
    this.refreshPlan(this.seq);
  }

  // What-ifs and projection: slower (about a hundred re-scorings), so asked for after the result.
  async refreshPlan(seq) {
    const block = this.$(".calc-plan");
    this.$(".calc-plan-status").textContent = "正在计算提分办法和五年预测……";
    show(block, true);
    show(this.$(".calc-deadlines"), true);
    const deadlineFrom = this.$("#calc-deadline-from");
    if (deadlineFrom && !deadlineFrom.value) deadlineFrom.value = today();
    let response;
    try {
      response = await this.engine.json("plan", JSON.stringify(this.answers()));
    } catch {
      return;
    }
    if (seq !== this.seq || !response.ok) return;
    const city = this.city();
    const rulePage = (this.labels.rule_pages || {})[city] || "";
    const labels = {};
    for (const line of (this.lastResult && this.lastResult.result.lines) || []) {
      labels[line.id] = line.label;
    }
    renderWhatifs(
      this.$(".calc-whatifs"), this.$(".calc-plan-status"), response.whatifs || [], rulePage, labels,
    );
    renderProjection(
      this.$(".calc-projection-summary"), this.$(".calc-projection-chart"),
      this.$(".calc-projection-assumptions"), response.projection,
    );
  }

  async deadlines() {
    const answers = this.answers();
    const request = {
      city: answers.city,
      from: this.$("#calc-deadline-from").value,
      purpose: answers.purpose || "",
    };
    let response;
    try {
      response = await this.engine.json("deadlines", JSON.stringify(request));
    } catch {
      return;
    }
    renderDeadlines(this.$(".calc-deadlines"), response);
  }

  renderErrors(errors) {
    this.lastResult = null;
    const section = this.section();
    const list = this.$(".calc-missing-list");
    clear(list);
    for (const error of errors) {
      const message = fmt(error.message);
      list.append(el("li", { text: message, data: { field: fmt(error.field) } }));
      const node = section && error.field ? this.fieldNode(section, error.field) : null;
      // Inline only where the person has typed something: empty required fields are listed above.
      if (node && !node.hidden && this.formValue(node) !== "") {
        const slot = node.querySelector(".calc-error");
        slot.textContent = slot.textContent ? `${slot.textContent} ${message}` : message;
        slot.hidden = false;
        node.classList.add("calc-has-error");
      }
    }
    show(this.$(".calc-missing"), errors.length > 0);
    for (const selector of [
      ".calc-summary", ".calc-gate", ".calc-veto", ".calc-warnings", ".calc-breakdown",
      ".calc-actions", ".calc-checklist", ".calc-plan", ".calc-deadlines",
    ]) {
      show(this.$(selector), false);
    }
    show(this.$(".calc-mini"), false);
  }

  renderSummary(result) {
    this.$(".calc-summary-city").textContent = `${fmt(result.city_label)} · 评估日期 ${fmt(
      result.assessment_date,
    )}${result.cutoff_date && result.cutoff_date !== result.assessment_date
      ? ` · 积分截止日 ${result.cutoff_date}` : ""}`;
    this.$(".calc-total").textContent = fmt(result.total);
    const threshold = this.$(".calc-threshold");
    threshold.textContent =
      result.threshold === null || result.threshold === undefined
        ? ""
        : ` / ${fmt(result.threshold_label)} ${fmt(result.threshold)} 分`;

    const gap = this.$(".calc-gap");
    if (result.threshold === null || result.threshold === undefined) {
      gap.textContent = fmt(result.threshold_label);
    } else if (result.gap > 0) {
      gap.textContent = `距离${fmt(result.threshold_label)}还差 ${fmt(result.gap)} 分`;
    } else {
      gap.textContent = `已达到${fmt(result.threshold_label)}`;
    }

    const verdict = this.$(".calc-verdict");
    const gateFailed = (result.gate || []).some((g) => !g.passed);
    let verdictText;
    let state;
    if (result.vetoed) {
      verdictText = "有一票否决情形，不能申请。";
      state = "bad";
    } else if (gateFailed) {
      verdictText = "还不满足申请条件，见下面的“申请资格”。";
      state = "bad";
    } else if (result.eligible) {
      verdictText = "按你填写的情况，估算可以达到要求。";
      state = "good";
    } else {
      verdictText = "估算还没有达到要求。";
      state = "warn";
    }
    verdict.textContent = verdictText;
    this.$(".calc-summary").dataset.state = state;

    const policy = result.policy || {};
    const policyNode = this.$(".calc-policy");
    clear(policyNode);
    policyNode.append(`政策版本：${fmt(policy.label)}`);
    if (policy.document) policyNode.append(`（${policy.document}`);
    if (policy.effective) policyNode.append(`，${policy.effective} 起施行`);
    if (policy.document) policyNode.append("）");
    if (policy.note) policyNode.append(el("br"), fmt(policy.note));
    show(this.$(".calc-summary"), true);

    const mini = this.$(".calc-mini");
    if (mini) {
      this.$(".calc-mini-text").textContent =
        result.threshold === null || result.threshold === undefined
          ? `估算 ${fmt(result.total)} 分`
          : `估算 ${fmt(result.total)} / ${fmt(result.threshold)} 分`;
      show(mini, true);
    }
  }

  renderGate(result) {
    const list = this.$(".calc-gate-list");
    clear(list);
    for (const gate of result.gate || []) {
      list.append(
        el(
          "li",
          { className: gate.passed ? "calc-ok" : "calc-bad", data: { testid: "gate-item", id: fmt(gate.id) } },
          el("span", { className: "calc-mark", text: gate.passed ? "✓" : "✗" }),
          el("strong", { text: gate.label }),
          gate.message ? `：${gate.message}` : "",
        ),
      );
    }
    show(this.$(".calc-gate"), (result.gate || []).length > 0);

    const veto = this.$(".calc-veto-list");
    clear(veto);
    for (const reason of result.veto_reasons || []) {
      veto.append(el("li", { className: "calc-bad", text: reason }));
    }
    show(this.$(".calc-veto"), Boolean(result.vetoed) || (result.veto_reasons || []).length > 0);
  }

  renderWarnings(result) {
    const list = this.$(".calc-warning-list");
    clear(list);
    for (const warning of result.warnings || []) {
      list.append(el("li", { text: warning.message, data: { id: fmt(warning.id) } }));
    }
    show(this.$(".calc-warnings"), (result.warnings || []).length > 0);
  }

  confidenceBadge(line) {
    const labels = this.labels.confidence || {};
    const explained = this.labels.confidence_explained || {};
    const key = fmt(line.confidence);
    return el("span", {
      className: `calc-badge calc-badge--${key.replace(/[^a-z-]/g, "")}`,
      text: line.confidence_label || labels[key] || key,
      title: explained[key] || "",
      data: { testid: "confidence" },
    });
  }

  renderLines(result) {
    const list = this.$(".calc-lines");
    const zeroList = this.$(".calc-lines-zero");
    clear(list);
    clear(zeroList);
    let zeros = 0;
    for (const line of result.lines || []) {
      // Lines without points go into a collapsed list, so the ones that count stand out.
      if (Number(line.points) === 0) {
        zeroList.append(this.lineItem(line, result.city));
        zeros += 1;
      } else {
        list.append(this.lineItem(line, result.city));
      }
    }
    this.$(".calc-lines-zero-count").textContent = String(zeros);
    show(this.$(".calc-lines-more"), zeros > 0);
    show(this.$(".calc-breakdown"), true);
  }

  lineItem(line, city) {
    const points = el("span", { className: "calc-line-points" },
      el("strong", { text: fmt(line.points) }),
      line.max === null || line.max === undefined || Number(line.max) === 0
        ? " 分" : ` / ${fmt(line.max)} 分`);
    const source = line.source || {};
    const meta = el("p", { className: "calc-line-meta" }, this.confidenceBadge(line), " 出处：");
    meta.append(source.url ? link(source.url, fmt(source.title || source.id)) : fmt(source.title));
    if (source.article) meta.append(` ${source.article}`);
    const rulePage = (this.labels.rule_pages || {})[city];
    if (rulePage && line.id) {
      const ruleLink = link(`${rulePage}#${encodeURIComponent(line.id)}`, "看规则");
      ruleLink.classList.add("calc-rule-link");
      meta.append(el("span", { className: "calc-rule-link" }, " · ", ruleLink));
    }
    const classes = ["calc-line"];
    if (Number(line.points) < 0) classes.push("calc-line--minus");
    if (Number(line.points) === 0) classes.push("calc-line--zero");
    return el(
      "li",
      {
        className: classes.join(" "),
        data: { testid: "line", id: fmt(line.id), group: fmt(line.group) },
      },
      el("div", { className: "calc-line-head" },
        el("span", { className: "calc-line-label", text: line.label }), points),
      el("p", { className: "calc-line-explanation", text: line.explanation }),
      meta,
    );
  }

  // -- checklist -----------------------------------------------------------------------------

  ticks(city) {
    const all = storage.get(STORE_TICKS) || {};
    return new Set(Array.isArray(all[city]) ? all[city].map(String) : []);
  }

  saveTicks(city, set) {
    const all = storage.get(STORE_TICKS) || {};
    all[city] = [...set];
    storage.set(STORE_TICKS, all);
  }

  renderChecklist(items, city) {
    const box = this.$(".calc-checklist-groups");
    clear(box);
    const ticked = this.ticks(city);
    const groups = new Map();
    for (const item of items) {
      const key = fmt(item.group_label || item.group || "材料");
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(item);
    }
    for (const [title, groupItems] of groups) {
      const ul = el("ul", { className: "calc-checklist-list" });
      for (const item of groupItems) ul.append(this.checklistItem(item, ticked));
      box.append(el("div", { className: "calc-checklist-group" }, el("h4", { text: title }), ul));
    }
    show(this.$(".calc-checklist"), items.length > 0);
    this.updateProgress();
  }

  checklistItem(item, ticked) {
    const id = fmt(item.id);
    const name = fmt(item.name);
    const box = el("input");
    box.type = "checkbox";
    box.className = "calc-tick";
    box.dataset.id = id;
    box.checked = ticked.has(id);
    box.setAttribute("aria-label", `已准备：${name}`);
    const head = el("span", { className: "calc-item-head" },
      el("strong", { className: "calc-item-title", text: name }));
    if (item.original) head.append(el("span", { className: "calc-item-copy", text: item.original }));
    if (item.unconfirmed) {
      head.append(el("span", { className: "calc-badge calc-badge--unconfirmed", text: "要求未证实" }));
    }
    const body = el("span", { className: "calc-item-body" }, head);
    if (item.why) body.append(el("span", { className: "calc-item-line", text: `用途：${item.why}` }));
    if (item.where) {
      body.append(el("span", { className: "calc-item-line", text: `在哪里办：${item.where}` }));
    }
    if (item.note) body.append(el("span", { className: "calc-item-line", text: item.note }));
    const label = el("label", { className: "calc-item-label" }, box, body);
    const li = el("li", { className: "calc-item", data: { testid: "checklist-item", id } }, label);
    const source = item.source || {};
    if (source.url) {
      const meta = el("span", { className: "calc-item-line calc-item-source" }, "出处：",
        link(source.url, fmt(source.title || source.id)));
      if (source.article) meta.append(` ${source.article}`);
      body.append(meta);
    }
    if (box.checked) li.classList.add("calc-item--done");
    return li;
  }

  ticked(event) {
    const box = event.target;
    if (!box.classList || !box.classList.contains("calc-tick")) return;
    const city = this.lastResult ? this.lastResult.result.city : this.city();
    const set = this.ticks(city);
    if (box.checked) set.add(box.dataset.id);
    else set.delete(box.dataset.id);
    this.saveTicks(city, set);
    box.closest(".calc-item").classList.toggle("calc-item--done", box.checked);
    this.updateProgress();
  }

  updateProgress() {
    const boxes = [...this.results.querySelectorAll(".calc-tick")];
    const done = boxes.filter((box) => box.checked).length;
    this.$(".calc-checklist-progress").textContent = `已准备 ${done} / ${boxes.length} 项`;
  }

  // -- share, copy, print, clear ------------------------------------------------------------

  message(text) {
    this.$(".calc-action-msg").textContent = text;
  }

  async share() {
    const answers = this.answers();
    let payload;
    try {
      payload = this.payloadOf(await this.engine.call("encode_link", JSON.stringify(answers)));
    } catch {
      payload = null;
    }
    if (!payload) {
      this.message("生成分享链接失败，请检查填写的内容。");
      return;
    }
    const url = `${location.origin}${location.pathname}${location.search}${LINK_PREFIX}${payload}`;
    const input = this.$("#calc-share-link");
    input.value = url;
    show(this.$(".calc-share"), true);
    input.focus();
    input.select();
    this.drawQr(url);
    if (await this.toClipboard(url)) {
      this.message("链接已复制。打开链接的人会看到你填写的全部答案，请只发给信任的人。");
    } else {
      this.message("请复制上面的链接。打开链接的人会看到你填写的全部答案，请只发给信任的人。");
    }
  }

  // The link's QR code, drawn by calculator/surfaces/qr.py in the worker; hidden if it fails.
  async drawQr(url) {
    const figure = this.$(".calc-share-qr");
    const box = this.$(".calc-share-qr-code");
    show(figure, false);
    clear(box);
    let svg = null;
    try {
      const out = JSON.parse(await this.engine.call("qr", JSON.stringify({ link: url })));
      svg = out.ok ? importSvg(out.svg) : null;
    } catch {
      svg = null;
    }
    if (!svg || this.$("#calc-share-link").value !== url) return; // failed, or a newer link
    box.append(svg);
    show(figure, true);
  }

  // encode_link returns the payload ("v1.…"), a fragment ("p=v1.…") or a JSON object holding one.
  payloadOf(raw) {
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

  async toClipboard(text) {
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

  async copyText() {
    const text = this.lastResult ? fmt(this.lastResult.text) : "";
    const area = this.$(".calc-copy-fallback");
    area.value = text;
    if (!text) return;
    if (await this.toClipboard(text)) {
      show(area, false);
      this.message("结果已复制为文字，可以粘贴到微信等应用。");
    } else {
      show(area, true);
      area.focus();
      area.select();
      this.message("无法自动复制，请手动复制下面的文字。");
    }
  }

  fillPrintMeta() {
    const meta = this.$(".calc-print-meta");
    if (!meta) return;
    const result = this.lastResult && this.lastResult.result;
    if (!result) {
      meta.textContent = "";
      return;
    }
    const policy = result.policy || {};
    meta.textContent =
      `${fmt(result.city_label)} · 打印日期 ${today()} · 评估日期 ${fmt(result.assessment_date)}` +
      ` · 政策版本 ${fmt(policy.label)}`;
  }

  clearData() {
    storage.remove(STORE_ANSWERS);
    storage.remove(STORE_TICKS);
    this.fromLink = false;
    if (location.hash) history.replaceState(null, "", location.pathname + location.search);
    this.resetForm();
    this.updateVisibility();
    show(this.$(".calc-share"), false);
    show(this.$(".calc-share-qr"), false);
    clear(this.$(".calc-share-qr-code"));
    this.$("#calc-share-link").value = "";
    show(this.$(".calc-copy-fallback"), false);
    this.message("");
    this.seq++;
    this.renderEmpty();
    this.showNotice("已清除本设备上保存的答案和勾选记录。", [], "info");
  }

  // -- share links in ------------------------------------------------------------------------

  showNotice(text, items = [], kind = "warning") {
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

  async openLinkFromHash() {
    const hash = location.hash;
    if (!hash.startsWith(LINK_PREFIX)) return;
    const mine = ++this.linkSeq; // a newer link supersedes this one
    const current = () => mine === this.linkSeq;
    this.fromLink = true;
    this.seq++;
    this.resetForm();
    for (const radio of this.form.querySelectorAll('input[name="city"]')) radio.checked = false;
    this.updateVisibility();
    this.renderEmpty();
    this.showNotice("正在读取分享链接……", [], "info");
    let decoded;
    let response = null;
    try {
      decoded = await this.engine.json("decode_link", hash.slice(1));
      if (decoded && decoded.ok) {
        response = await this.engine.json("evaluate", JSON.stringify(decoded.answers));
      }
    } catch {
      if (!current()) return;
      if (this.engine.state === "failed") {
        this.hideNotice(); // the engine failure message is already shown
      } else {
        // The engine runs but could not handle this link: still a clear message.
        this.showNotice("分享链接无法读取。", ["下面是空白表格，可以直接填写。"]);
      }
      return;
    }
    if (!current()) return;
    if (!decoded || !decoded.ok) {
      const reasons = ((decoded && decoded.errors) || []).map((e) => fmt(e.message));
      this.showNotice(reasons.shift() || "分享链接无法读取。", [
        ...reasons,
        "下面是空白表格，可以直接填写。",
      ]);
      return;
    }
    if (!response || !response.ok) {
      this.showNotice(
        "分享链接里的答案无法使用（可能被改动过），已忽略。下面是空白表格，可以直接填写。",
        ((response && response.errors) || []).map((e) => fmt(e.message)),
      );
      return;
    }
    this.restore(decoded.answers);
    this.seq++;
    this.render(response);
    this.showNotice("已按分享链接填入答案。修改任何一项后，答案会保存在本设备上。", [], "info");
  }
}

// ---------------------------------------------------------------------------------------------
// Boot (also after Material's instant navigation, if it is ever enabled)

let engine = null;
let page = null;

function boot() {
  const root = document.getElementById("calc");
  if (!root || root.dataset.booted) return;
  root.dataset.booted = "true";
  if (!engine) engine = new Engine((state, detail) => page && page.engineState(state, detail));
  page = new CalculatorPage(root, engine);
  page.start();
  page.engineState(engine.state, engine.reason);
}

if (window.document$ && typeof window.document$.subscribe === "function") {
  window.document$.subscribe(boot);
} else {
  boot();
}
