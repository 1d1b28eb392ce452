"""How a family's points serve a child, per city (``[family.<city>]`` in ``data/cities.toml``).

The comparison of two parents (``surfaces/compare.py``) uses it to say who should apply:
``higher`` (Hangzhou: a child uses the higher of the parents' points) or ``either`` (Shanghai: a
parent who reaches the line is enough). Each rule is cited like every other rule: document,
article, the page we read, confidence. Loaded and checked once, at import.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from .rules import (
    DATA_FOLDER,
    Confidence,
    Document,
    RuleDataError,
    RuleSet,
    Source,
    _confidence,
    _read,
    default,
)
from .sources import CONFIDENCE_LABELS, evidence

Use = Literal["higher", "either"]
USES: tuple[Use, ...] = ("higher", "either")


@dataclass(frozen=True)
class FamilyRule:
    city: str
    use: Use
    sentence: str  # the rule in one plain Chinese sentence
    document: Document
    article: str
    evidence: tuple[Source, ...]  # the page we read first, then the others that say the same
    confidence: Confidence

    def to_dict(self) -> dict[str, Any]:
        d = self.document
        return {
            "sentence": self.sentence,
            "document": {"title": d.title, "number": d.number, "issuer": d.issuer, "date": d.date},
            "article": self.article,
            "evidence": evidence(s.id for s in self.evidence),
            "confidence": self.confidence,
            "confidence_label": CONFIDENCE_LABELS[self.confidence],
        }


def load(folder: Path, data: RuleSet) -> dict[str, FamilyRule]:
    """The family rule of every city in ``data``; ``RuleDataError`` naming the entry on a defect."""
    docs = {d.id: d for d in data.documents}
    pages = {s.id: s for s in data.sources}
    conf = tuple(k for k, _ in data.confidence_labels)
    out: dict[str, FamilyRule] = {}
    for city, t in _read(folder, "cities.toml").sub("family"):
        t.only(
            ("use", "sentence", "document", "article", "source", "confidence"), ("also_sources",)
        )
        if city not in dict(data.cities):
            raise t.fail(f"unknown city {city!r}")
        use = t.text("use")
        if use not in USES:
            raise t.fail(f"use must be one of {', '.join(USES)}")
        if t.text("document") not in docs:
            raise t.fail(f"unknown document {t.text('document')!r} (sources.toml)")
        cited = (t.text("source"), *t.texts("also_sources"))
        for page in cited:
            if page not in pages:
                raise t.fail(f"unknown source page {page!r} (sources.toml)")
        out[city] = FamilyRule(
            city=city,
            use=use,
            sentence=t.text("sentence"),
            document=docs[t.text("document")],
            article=t.text("article"),
            evidence=tuple(pages[p] for p in cited),
            confidence=_confidence(t, conf),
        )
    missing = sorted(set(dict(data.cities)) - set(out))
    if missing:
        raise RuleDataError(f"cities.toml: no [family.<city>] for {', '.join(missing)}")
    return out


FAMILY: dict[str, FamilyRule] = load(DATA_FOLDER, default())


def family_rule(city: str) -> FamilyRule:
    return FAMILY[city]
