// Renders the planning part of the result (what-ifs, the five-year projection, the working-day
// timetable) from what the Python engine returns. Drawing only: every number comes from Python.

import { clear, el, fmt, link, show } from "./dom.js";

const SVG = "http://www.w3.org/2000/svg";

function svgEl(tag, attrs = {}) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  return node;
}

export function renderWhatifs(list, status, whatifs, rulePage, labels = {}) {
  clear(list);
  if (!whatifs.length) {
    status.textContent = "没有找到能马上或在五年内提高分数的可行改变（已到上限或不适用）。";
    return;
  }
  status.textContent = `共 ${whatifs.length} 项，依据的规则可点开查看。`;
  for (const w of whatifs) {
    const when = w.months_needed > 0 ? `最早 ${fmt(w.earliest)}（约 ${w.months_needed} 个月后）` : "取决于你自己";
    const item = el(
      "li",
      { data: { testid: "whatif", id: fmt(w.id) } },
      el("strong", { text: fmt(w.change) }),
      el("span", { className: "calc-whatif-gain", text: ` +${fmt(w.points_gained)} 分 → ${fmt(w.new_total)} 分` }),
      el("br"),
      el("span", { className: "calc-whatif-when", text: when }),
    );
    for (const pre of w.prerequisites || []) {
      item.append(el("br"), el("span", { className: "calc-whatif-pre", text: fmt(pre) }));
    }
    const rules = (w.rule || []).map((id) => String(id).split(".")[1] || String(id));
    if (rules.length && rulePage) {
      item.append(el("br"), "依据：");
      rules.forEach((id, i) => {
        if (i) item.append("、");
        item.append(link(`${rulePage}#${encodeURIComponent(id)}`, labels[id] || id));
      });
    }
    list.append(item);
  }
}

export function renderProjection(summary, chart, assumptionsList, projection) {
  const threshold = projection.threshold;
  if (threshold === null || threshold === undefined) {
    summary.textContent = "没有固定分数线（按积分排序）。下图只显示分数随时间的变化。";
  } else if (projection.reaches_threshold_on) {
    summary.textContent = `如果一切照旧，预计 ${projection.reaches_threshold_on} 达到 ${fmt(threshold)} 分。`;
  } else {
    summary.textContent = `如果一切照旧，未来五年内达不到 ${fmt(threshold)} 分，可参考上面的提分办法。`;
  }
  clear(assumptionsList);
  for (const text of projection.assumptions || []) assumptionsList.append(el("li", { text: fmt(text) }));
  drawChart(chart, projection.points || [], threshold);
}

function drawChart(container, points, threshold) {
  clear(container);
  if (!points.length) return;
  const width = 640;
  const height = 220;
  const pad = { left: 44, right: 12, top: 12, bottom: 28 };
  const totals = points.map((p) => Number(p.total));
  const top = Math.max(...totals, threshold || 0, 10);
  const bottom = Math.min(0, ...totals);
  const x = (i) => pad.left + (i * (width - pad.left - pad.right)) / Math.max(1, points.length - 1);
  const y = (v) => pad.top + ((top - v) * (height - pad.top - pad.bottom)) / (top - bottom || 1);
  const svg = svgEl("svg", {
    viewBox: `0 0 ${width} ${height}`, role: "img", class: "calc-chart",
    "aria-label": `未来五年分数：从 ${totals[0]} 分到 ${totals[totals.length - 1]} 分`,
  });
  svg.append(svgEl("line", { x1: pad.left, y1: y(bottom), x2: width - pad.right, y2: y(bottom), class: "calc-chart-axis" }));
  for (const value of [bottom, Math.round((top + bottom) / 2), top]) {
    const label = svgEl("text", { x: pad.left - 6, y: y(value) + 4, "text-anchor": "end", class: "calc-chart-label" });
    label.textContent = String(value);
    svg.append(label);
  }
  if (threshold !== null && threshold !== undefined) {
    svg.append(svgEl("line", {
      x1: pad.left, y1: y(threshold), x2: width - pad.right, y2: y(threshold), class: "calc-chart-threshold",
    }));
  }
  svg.append(svgEl("polyline", {
    points: totals.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(" "),
    class: "calc-chart-line", fill: "none",
  }));
  for (let i = 0; i < points.length; i += 12) {
    const label = svgEl("text", { x: x(i), y: height - 8, "text-anchor": "middle", class: "calc-chart-label" });
    label.textContent = String(points[i].date).slice(0, 7);
    svg.append(label);
  }
  container.append(svg);
}

export function renderDeadlines(block, response) {
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
