// The comparison of two or three scenarios, as calculator/surfaces/compare.py builds it: the
// table (rows, cells and which rows differ are Python's), the conclusions and the family rule
// with its source. Nothing is worked out here.

import { clear, el, fmt, link, show } from "./dom.js";

function head(names) {
  const row = el("tr", {}, el("th", { text: "" }));
  for (const name of names) {
    const th = el("th", { text: fmt(name) });
    th.scope = "col";
    row.append(th);
  }
  return el("thead", {}, row);
}

function body(rows) {
  const tbody = el("tbody");
  for (const row of rows) {
    const th = el("th", { text: fmt(row.label) });
    th.scope = "row";
    const tr = el("tr", { className: `calc-compare-${fmt(row.kind)}`, data: { kind: fmt(row.kind) } }, th);
    if (row.differs) tr.classList.add("calc-differs");
    (row.cells || []).forEach((cell, i) => {
      const td = el("td", { text: fmt(cell) });
      if (row.tones && row.tones[i]) td.dataset.tone = fmt(row.tones[i]);
      tr.append(td);
    });
    tbody.append(tr);
  }
  return tbody;
}

export function showComparison(root, cmp) {
  const box = root.querySelector(".calc-compare");
  const table = el("table", { className: "calc-compare-table", data: { testid: "compare-table" } },
    head(cmp.table.header || []), body(cmp.table.rows || []));
  box.querySelector(".calc-table-scroll").replaceChildren(table);
  box.querySelector(".calc-compare-best").textContent = fmt(cmp.conclusion.best);
  box.querySelector(".calc-compare-family").textContent = fmt(cmp.conclusion.family);
  box.querySelector(".calc-compare-zero").textContent = cmp.zero_rows
    ? `另有 ${cmp.zero_rows} 项在各方案中都不得分，表中未列出。`
    : "";
  const rule = cmp.family || {};
  box.querySelector(".calc-compare-rule-text").textContent = fmt(rule.sentence);
  box.querySelector(".calc-compare-rule-source").textContent = fmt(rule.cited);
  const evidence = box.querySelector(".calc-compare-rule-evidence");
  clear(evidence);
  for (const page of rule.evidence || []) {
    evidence.append(el("li", {}, page.url ? link(page.url, fmt(page.title)) : fmt(page.title), `（${fmt(page.kind_label)}）`));
  }
  show(box, true);
}

export function hideComparison(root) {
  const box = root.querySelector(".calc-compare");
  show(box, false);
  clear(box.querySelector(".calc-table-scroll")); // no empty table is left on the page
}
