// The personal checklist of documents (calculator/core/checklist.py, through api.evaluate), grouped as
// Python groups it, with a tick box per item that is remembered on this device per city.

import { citation } from "./cite.js";
import { clear, el, fmt, show } from "./dom.js";
import { saveTicks, ticks } from "./storage.js";

function item(entry, ticked) {
  const id = fmt(entry.id);
  const name = fmt(entry.name);
  const box = el("input");
  box.type = "checkbox";
  box.className = "calc-tick";
  box.dataset.id = id;
  box.checked = ticked.has(id);
  box.setAttribute("aria-label", `已准备：${name}`);
  const head = el("span", { className: "calc-item-head" },
    el("strong", { className: "calc-item-title", text: name }));
  if (entry.original) head.append(el("span", { className: "calc-item-copy", text: entry.original }));
  if (entry.unconfirmed) {
    head.append(el("span", { className: "calc-badge calc-badge--unconfirmed", text: "要求未证实" }));
  }
  const body = el("span", { className: "calc-item-body" }, head);
  if (entry.why) body.append(el("span", { className: "calc-item-line", text: `用途：${entry.why}` }));
  if (entry.where) {
    body.append(el("span", { className: "calc-item-line", text: `在哪里办：${entry.where}` }));
  }
  if (entry.note) body.append(el("span", { className: "calc-item-line", text: entry.note }));
  const alt = entry.alternative;
  if (alt && alt.text) {
    body.append(el("span", { className: "calc-item-line calc-item-alt", data: { testid: "checklist-alternative" } },
      el("strong", { text: "另有说法：" }), `${fmt(alt.text)}（依据：${fmt(alt.source)}）`));
  }
  const cite = citation(entry.source, "出处：");
  body.append(el("span", { className: "calc-item-line calc-item-source" }, cite.doc));
  const li = el("li", { className: "calc-item", data: { testid: "checklist-item", id } },
    el("label", { className: "calc-item-label" }, box, body), cite.pages);
  if (box.checked) li.classList.add("calc-item--done");
  return li;
}

export class Checklist {
  constructor(root) {
    this.block = root.querySelector(".calc-checklist");
    this.city = "";
  }

  render(items, city) {
    this.city = city;
    const box = this.block.querySelector(".calc-checklist-groups");
    clear(box);
    const ticked = ticks(city);
    const groups = new Map();
    for (const entry of items) {
      const key = fmt(entry.group_label || entry.group || "材料");
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(entry);
    }
    for (const [title, entries] of groups) {
      const ul = el("ul", { className: "calc-checklist-list" });
      for (const entry of entries) ul.append(item(entry, ticked));
      box.append(el("div", { className: "calc-checklist-group" }, el("h4", { text: title }), ul));
    }
    show(this.block, items.length > 0);
    this.progress();
  }

  // A tick box changed (the page forwards change events from the result area).
  ticked(box) {
    if (!box.classList || !box.classList.contains("calc-tick")) return;
    const set = ticks(this.city);
    if (box.checked) set.add(box.dataset.id);
    else set.delete(box.dataset.id);
    saveTicks(this.city, set);
    box.closest(".calc-item").classList.toggle("calc-item--done", box.checked);
    this.progress();
  }

  progress() {
    const boxes = [...this.block.querySelectorAll(".calc-tick")];
    const done = boxes.filter((box) => box.checked).length;
    this.block.querySelector(".calc-checklist-progress").textContent =
      `已准备 ${done} / ${boxes.length} 项`;
  }
}
