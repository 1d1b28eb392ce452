"""Cited sources for every rule, material and process step (data in ``data/sources.toml``).

Source ids follow the research files in ``shared/policy/`` (S1... Shanghai, S01... Hangzhou),
prefixed with the city so the two numbering schemes never collide: ``SH-S3``, ``HZ-S13``.
A rule cites a document (what it implements) and a page (where we read it); ``SOURCES`` are the
pages, ``DOCUMENTS`` the documents.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

from .hosts import KIND_LABELS, HostKind, host_kind
from .rules import Citation, Confidence, Document, Source, default

__all__ = [
    "CONFIDENCE_EXPLAINED",
    "CONFIDENCE_LABELS",
    "DOCUMENTS",
    "SOURCES",
    "Confidence",
    "Document",
    "Source",
    "cite",
    "document",
    "document_text",
    "evidence",
    "source",
]

CONFIDENCE_LABELS: dict[str, str] = dict(default().confidence_labels)
CONFIDENCE_EXPLAINED: dict[str, str] = dict(default().confidence_explained)
SOURCES: tuple[Source, ...] = default().sources
DOCUMENTS: tuple[Document, ...] = default().documents


def source(source_id: str) -> Source:
    return default().source(source_id)


def document(document_id: str) -> Document:
    for d in DOCUMENTS:
        if d.id == document_id:
            return d
    raise KeyError(document_id)


def document_json(document_id: str) -> dict[str, str | None] | None:
    """A document's identity as JSON; a field the sources do not state is null (never filled in)."""
    if not document_id:
        return None
    d = document(document_id)
    return {
        "title": d.title,
        "number": d.number or None,
        "issuer": d.issuer or None,
        "date": d.date or None,
    }


@functools.cache
def _page(page_id: str) -> tuple[str | None, str, HostKind]:
    page = source(page_id)
    return page.url or None, page.title, host_kind(page.url)


def evidence(page_ids: Iterable[str]) -> list[dict[str, str | None]]:
    """The pages we read, each with its kind worked out from its url (calculator.hosts)."""
    out = []
    for pid in dict.fromkeys(page_ids):
        url, title, kind = _page(pid)
        out.append({"url": url, "title": title, "kind": kind, "kind_label": KIND_LABELS[kind]})
    return out


def cite(citation: Citation, also: Iterable[str] = ()) -> dict[str, Any]:
    """``{document, article, evidence, text}``: what a line or material implements, where we
    read it, and ``text``, the document and article in one line of Chinese (``document_text``).
    A fresh dict each time (callers may change theirs); the work behind it is remembered."""
    doc, pages, text = _cited(citation, tuple(also))
    return {
        "document": None if doc is None else dict(doc),
        "article": citation.article,
        "evidence": [dict(p) for p in pages],
        "text": text,
    }


@functools.lru_cache(maxsize=1024)
def _cited(
    citation: Citation, also: tuple[str, ...]
) -> tuple[dict[str, Any] | None, tuple[dict[str, str | None], ...], str]:
    """What ``cite`` returns, worked out once per citation: scoring builds every line's source
    on each of the many re-scorings behind a projection or a when-to-apply date."""
    out: dict[str, Any] = {
        "document": document_json(citation.document),
        "article": citation.article,
        "evidence": evidence((citation.source, *also)),
    }
    return out["document"], tuple(out["evidence"]), document_text(out)


def document_text(src: dict[str, Any]) -> str:
    """The document's identity and article in one line of Chinese for reports and print:
    《title》（文号，issuer，date）article -- only the parts the sources state."""
    doc = src.get("document") or {}
    ids = "，".join(str(doc[k]) for k in ("number", "issuer", "date") if doc.get(k))
    head = f"{doc.get('title') or ''}{f'（{ids}）' if ids else ''}"
    article = src.get("article") or ""
    return " ".join(p for p in (head, "" if article in head else article) if p)
