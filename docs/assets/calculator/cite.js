// What a result line or a checklist item rests on (sources.cite in Python): the document in
// one line, a link to the government page when we read it on one, and the pages we read,
// each with the kind of site Python worked out from its url. Print shows only the document.

import { el, fmt, link } from "./dom.js";

export function citation(source, lead) {
  const src = source || {};
  const pages = Array.isArray(src.evidence) ? src.evidence : [];
  const doc = el("span", { className: "calc-cite-doc" }, lead, fmt(src.text));
  for (const page of pages) {
    if (page.kind === "government" && page.url) {
      doc.append(" · ", link(page.url, "政府网站原文"));
    }
  }
  if (!pages.length) return { doc, pages: null };
  const list = el("ul", { className: "calc-cite-list" });
  for (const page of pages) {
    const title = fmt(page.title);
    list.append(el("li", { className: `calc-cite-page calc-cite-page--${fmt(page.kind).replace(/[^a-z_]/g, "")}` },
      page.url ? link(page.url, title) : title, `（${fmt(page.kind_label)}）`));
  }
  const more = el("details", { className: "calc-cite-pages" },
    el("summary", { text: `我们读到的 ${pages.length} 个页面` }), list);
  return { doc, pages: more };
}
