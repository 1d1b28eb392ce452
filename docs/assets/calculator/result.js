// The result as Python returns it (calculator.surfaces.api.evaluate): summary and verdict, application
// conditions and vetoes, warnings, the line-by-line breakdown, the list of missing answers and
// the print header. Renders only: every number, sentence and decision comes from Python.

import { citation } from "./cite.js";
import { clear, el, fmt, link, show, today } from "./dom.js";

// Everything below the form that belongs to one result (the planning blocks included).
const PARTS = [
  ".calc-summary", ".calc-gate", ".calc-veto", ".calc-warnings", ".calc-breakdown",
  ".calc-actions", ".calc-checklist", ".calc-plan", ".calc-deadlines", ".calc-mini",
];

export class ResultView {
  constructor(root, labels) {
    this.root = root;
    this.labels = labels;
  }

  $(selector) {
    return this.root.querySelector(selector);
  }

  // The "jump to result" bar (phones) hides while the result is on screen.
  watch(results) {
    if (typeof IntersectionObserver !== "function") return;
    const observer = new IntersectionObserver((entries) => {
      for (const entry of entries) {
        this.root.classList.toggle("calc-results-in-view", entry.isIntersecting);
      }
    });
    observer.observe(results);
  }

  hide() {
    for (const selector of PARTS) show(this.$(selector), false);
  }

  // Nothing to show yet (no city chosen), or the engine failed.
  empty(engineFailed) {
    this.hide();
    show(this.$(".calc-missing"), false);
    show(this.$(".calc-empty"), !engineFailed);
  }

  // The answers are incomplete or wrong: list what to fix instead of a result.
  missing(errors) {
    this.hide();
    show(this.$(".calc-empty"), false);
    const list = this.$(".calc-missing-list");
    clear(list);
    for (const error of errors) {
      list.append(el("li", { text: fmt(error.message), data: { field: fmt(error.field) } }));
    }
    show(this.$(".calc-missing"), errors.length > 0);
  }

  show(result) {
    this.showScore(result);
    this.showDetails(result);
  }

  // The total and the verdict (with the other readings and the policy version) ...
  showScore(result) {
    show(this.$(".calc-empty"), false);
    show(this.$(".calc-missing"), false);
    this.summary(result);
  }

  // ... and what lies under them: eligibility, warnings, the lines, the actions.
  showDetails(result) {
    this.gate(result);
    this.warnings(result);
    this.lines(result);
    show(this.$(".calc-actions"), true);
    this.printMeta(result);
  }

  // When to apply (calculator/planning/when.py): Python's sentence, under the verdict.
  showWhen(when) {
    const node = this.$(".calc-when");
    if (!node) return;
    node.textContent = when && when.sentence ? `什么时候申请：${fmt(when.sentence)}` : "";
    show(node, Boolean(when && when.sentence));
  }

  summary(result) {
    this.$(".calc-summary-city").textContent = `${fmt(result.city_label)} · 评估日期 ${fmt(
      result.assessment_date,
    )}${result.cutoff_date && result.cutoff_date !== result.assessment_date
      ? ` · 积分截止日 ${result.cutoff_date}` : ""}`;
    this.$(".calc-total").textContent = fmt(result.total);
    this.$(".calc-threshold").textContent =
      result.threshold === null || result.threshold === undefined
        ? ""
        : ` / ${fmt(result.threshold_label)} ${fmt(result.threshold)} 分`;

    // The verdict is decided in Python (calculator/core/verdict.py); shown as it comes.
    const verdict = result.verdict || {};
    this.$(".calc-gap").textContent = fmt(verdict.gap_text);
    this.$(".calc-verdict").textContent = fmt(verdict.headline);
    this.$(".calc-summary").dataset.state = fmt(verdict.tone);
    const sure = this.$(".calc-sure");
    const unsure = verdict.sure_points !== undefined && verdict.sure_points !== result.total;
    sure.textContent = unsure ? `其中确定的部分 ${fmt(verdict.sure_points)} 分` : "";
    show(sure, unsure);
    this.readings(verdict);

    const policy = result.policy || {};
    const policyNode = this.$(".calc-policy");
    clear(policyNode);
    policyNode.append(`政策版本：${fmt(policy.label)}`);
    if (policy.document) policyNode.append(`（${policy.document}`);
    if (policy.effective) policyNode.append(`，${policy.effective} 起施行`);
    if (policy.document) policyNode.append("）");
    if (policy.note) policyNode.append(el("br"), fmt(policy.note));
    show(this.$(".calc-summary"), true);

    this.$(".calc-mini-text").textContent = fmt(verdict.short);
    show(this.$(".calc-mini"), true);
  }

  readings(verdict) {
    // The other readings the evidence allows, each re-scored by Python: what differs, the total
    // under it and the page that gives it.
    const list = this.$(".calc-readings");
    clear(list);
    for (const reading of verdict.readings || []) {
      list.append(el("li", { data: { testid: "reading" } },
        el("strong", { text: "另一种说法：" }),
        `${fmt(reading.label)}，合计 ${fmt(reading.total)} 分（依据：${fmt(reading.source)}）`));
    }
    show(list, (verdict.readings || []).length > 0);
  }

  gate(result) {
    const list = this.$(".calc-gate-list");
    clear(list);
    for (const gate of result.gate || []) {
      list.append(el("li",
        { className: gate.passed ? "calc-ok" : "calc-bad", data: { testid: "gate-item", id: fmt(gate.id) } },
        el("span", { className: "calc-mark", text: gate.passed ? "✓" : "✗" }),
        el("strong", { text: gate.label }),
        gate.message ? `：${gate.message}` : "",
      ));
    }
    show(this.$(".calc-gate"), (result.gate || []).length > 0);

    const veto = this.$(".calc-veto-list");
    clear(veto);
    for (const reason of result.veto_reasons || []) {
      veto.append(el("li", { className: "calc-bad", text: reason }));
    }
    show(this.$(".calc-veto"), Boolean(result.vetoed) || (result.veto_reasons || []).length > 0);
  }

  warnings(result) {
    const list = this.$(".calc-warning-list");
    clear(list);
    for (const warning of result.warnings || []) {
      list.append(el("li", { text: warning.message, data: { id: fmt(warning.id) } }));
    }
    show(this.$(".calc-warnings"), (result.warnings || []).length > 0);
  }

  // Lines that score go first; those without points go into a collapsed list.
  lines(result) {
    const list = this.$(".calc-lines");
    const zeroList = this.$(".calc-lines-zero");
    clear(list);
    clear(zeroList);
    let zeros = 0;
    for (const line of result.lines || []) {
      const zero = Number(line.points) === 0;
      (zero ? zeroList : list).append(this.line(line, result.city));
      if (zero) zeros += 1;
    }
    this.$(".calc-lines-zero-count").textContent = String(zeros);
    show(this.$(".calc-lines-more"), zeros > 0);
    show(this.$(".calc-breakdown"), true);
  }

  badge(line) {
    const key = fmt(line.confidence);
    return el("span", {
      className: `calc-badge calc-badge--${key.replace(/[^a-z-]/g, "")}`,
      text: line.confidence_label || (this.labels.confidence || {})[key] || key,
      title: (this.labels.confidence_explained || {})[key] || "",
      data: { testid: "confidence" },
    });
  }

  line(line, city) {
    const points = el("span", { className: "calc-line-points" },
      el("strong", { text: fmt(line.points) }),
      line.max === null || line.max === undefined || Number(line.max) === 0
        ? " 分" : ` / ${fmt(line.max)} 分`);
    const cite = citation(line.source, " 依据：");
    const meta = el("p", { className: "calc-line-meta" }, this.badge(line), cite.doc);
    const rulePage = (this.labels.rule_pages || {})[city];
    if (rulePage && line.id) {
      const ruleLink = link(`${rulePage}#${encodeURIComponent(line.id)}`, "看规则");
      ruleLink.classList.add("calc-rule-link");
      meta.append(el("span", { className: "calc-rule-link" }, " · ", ruleLink));
    }
    const classes = ["calc-line"];
    if (Number(line.points) < 0) classes.push("calc-line--minus");
    if (Number(line.points) === 0) classes.push("calc-line--zero");
    return el("li",
      { className: classes.join(" "), data: { testid: "line", id: fmt(line.id), group: fmt(line.group) } },
      el("div", { className: "calc-line-head" },
        el("span", { className: "calc-line-label", text: line.label }), points),
      el("p", { className: "calc-line-explanation", text: line.explanation }),
      meta,
      cite.pages,
    );
  }

  // The header line of the printed result (empty without a result).
  printMeta(result) {
    const meta = this.$(".calc-print-meta");
    if (!meta) return;
    const policy = (result && result.policy) || {};
    meta.textContent = result
      ? `${fmt(result.city_label)} · 打印日期 ${today()} · 评估日期 ${fmt(result.assessment_date)}` +
        ` · 政策版本 ${fmt(policy.label)}`
      : "";
  }
}
