"""Cited sources for every rule, material and process step (data in ``data/sources.toml``).

Source ids follow the research files in ``shared/policy/`` (S1... Shanghai, S01... Hangzhou),
prefixed with the city so the two numbering schemes never collide: ``SH-S3``, ``HZ-S13``.
A rule cites a document (what it implements) and a page (where we read it); ``SOURCES`` are the
pages, ``DOCUMENTS`` the documents.
"""

from __future__ import annotations

from .rules import Confidence, Document, Source, default

__all__ = [
    "CONFIDENCE_EXPLAINED",
    "CONFIDENCE_LABELS",
    "DOCUMENTS",
    "SOURCES",
    "Confidence",
    "Document",
    "Source",
    "document",
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
