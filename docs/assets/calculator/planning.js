// The planning part of the result: what-ifs and the five-year projection (api.plan, asked for
// after the result is on screen because it re-scores the profile about a hundred times) and the
// working-day timetable (api.deadlines). Rendering only: every number, and the chart itself,
// comes from Python.

import { clear, el, fmt, importSvg, link, show, today } from "./dom.js";

// The what-ifs come from Python already in group order (马上能办, 等时间累积, 生活上的改变): each
// run of the same `effort` becomes one headed list.
function renderWhatifs(list, status, whatifs, rulePage) {
  clear(list);
  if (!whatifs.length) {
    status.textContent = "没有找到能马上或在五年内提高分数的可行改变（已到上限或不适用）。";
    return;
  }
  status.textContent = `共 ${whatifs.length} 项，依据的规则可点开查看。`;
  let group = null;
  let effort = null;
  for (const w of whatifs) {
    if (!group || w.effort !== effort) {
      effort = w.effort;
      group = el("ol", { className: "calc-whatif-list" });
      list.append(el(
        "section",
        { className: "calc-whatif-group", data: { testid: "whatif-group", effort: fmt(effort) } },
        el("h4", { text: fmt(w.effort_label) }),
        group,
      ));
    }
    const item = el(
      "li",
      { data: { testid: "whatif", id: fmt(w.id) } },
      el("strong", { text: fmt(w.change) }),
      el("span", { className: "calc-whatif-gain", text: ` +${fmt(w.points_gained)} 分 → ${fmt(w.new_total)} 分` }),
      el("br"),
      el("span", { className: "calc-whatif-when", text: fmt(w.time_text) }),
    );
    for (const pre of w.prerequisites || []) {
      item.append(el("br"), el("span", { className: "calc-whatif-pre", text: fmt(pre) }));
    }
    const basis = w.basis || [];
    if (basis.length && rulePage) {
      item.append(el("br"), "依据：");
      basis.forEach((b, i) => {
        if (i) item.append("、");
        item.append(link(`${rulePage}#${encodeURIComponent(fmt(b.indicator))}`, fmt(b.label)));
      });
    }
    group.append(item);
  }
}

function renderProjection(summary, chart, assumptionsList, projection, svgText) {
  // The sentence is Python's (Projection.sentence): never a date for a line already reached.
  summary.textContent = fmt(projection.sentence);
  clear(assumptionsList);
  for (const text of projection.assumptions || []) assumptionsList.append(el("li", { text: fmt(text) }));
  clear(chart);
  const svg = importSvg(svgText);
  if (svg) {
    svg.classList.add("calc-chart");
    chart.append(svg);
  }
}

function renderDeadlines(block, response) {
  const steps = block.querySelector(".calc-deadline-steps");
  const warnings = block.querySelector(".calc-deadline-warnings");
  const ics = block.querySelector("[data-testid=deadline-ics]");
  clear(steps);
  clear(warnings);
  if (ics.dataset.url) URL.revokeObjectURL(ics.dataset.url);
  if (!response.ok) {
    for (const error of response.errors || []) warnings.append(el("li", { text: fmt(error.message) }));
    show(ics, false);
    return;
  }
  for (const step of response.deadlines.steps || []) {
    const days = step.working_days ? `（第 ${step.working_days} 个工作日）` : "";
    steps.append(el(
      "li", { data: { testid: "deadline-step", id: fmt(step.id) } },
      el("strong", { text: `${fmt(step.date)} ${fmt(step.label)}` }), days,
      step.note ? el("br") : null, step.note ? el("span", { className: "calc-whatif-pre", text: fmt(step.note) }) : null,
    ));
  }
  for (const warning of response.deadlines.warnings || []) {
    warnings.append(el("li", { text: fmt(warning.message) }));
  }
  const url = URL.createObjectURL(new Blob([response.ics], { type: "text/calendar;charset=utf-8" }));
  ics.href = url;
  ics.dataset.url = url;
  show(ics, true);
}

export class Planning {
  constructor(root, engine, rulePages) {
    this.root = root;
    this.engine = engine;
    this.rulePages = rulePages || {};
  }

  $(selector) {
    return this.root.querySelector(selector);
  }

  // Asks for what-ifs and the projection of `answers`, whose result is `result`; `current()`
  // says whether the page still shows that result when the answer arrives. Resolves to the
  // answer (it also carries "when" and "text", dated by this projection), or null.
  async refresh(answers, result, current) {
    this.$(".calc-plan-status").textContent = "正在计算提分办法和五年预测……";
    show(this.$(".calc-plan"), true);
    show(this.$(".calc-deadlines"), true);
    const from = this.$("#calc-deadline-from");
    if (from && !from.value) from.value = today();
    if (from && !from.dataset.watched) {
      from.dataset.watched = "1";
      from.addEventListener("input", () => { from.dataset.typed = "1"; });
    }
    let response;
    try {
      response = await this.engine.json("plan", JSON.stringify(answers));
    } catch {
      return null; // engine failure is shown by the status
    }
    if (!current() || !response.ok) return null;
    renderWhatifs(this.$(".calc-whatifs"), this.$(".calc-plan-status"), response.whatifs || [],
      this.rulePages[result.city] || "");
    renderProjection(this.$(".calc-projection-summary"), this.$(".calc-projection-chart"),
      this.$(".calc-projection-assumptions"), response.projection, response.projection_svg);
    return response;
  }

  // The timetable starts from the date Python's "when" gives (not from today), until the person
  // types a date of their own into the field.
  startFrom(when) {
    const from = this.$("#calc-deadline-from");
    if (from && when && when.date && !from.dataset.typed) from.value = when.date;
  }

  // The working-day timetable from the date in the timetable's own field.
  async deadlines(answers) {
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
}
