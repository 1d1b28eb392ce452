"""How a family's points serve a child, per city: a view of ``rules.default()``.

The rule (``[family.<city>]`` in ``data/cities.toml``) is read and checked by ``rules.load`` like
every other rule. ``use`` is ``higher`` (Hangzhou: a child uses the higher of the parents'
points) or ``either`` (Shanghai: a parent who reaches the line is enough); the comparison of two
parents (``surfaces/compare.py``) uses it to say who should apply.
"""

from __future__ import annotations

from typing import Any

from .rules import FamilyRule, default
from .sources import CONFIDENCE_LABELS, document, evidence

__all__ = ["FamilyRule", "family_json", "family_rule"]


def family_rule(city: str) -> FamilyRule:
    return default().family(city)


def family_json(city: str) -> dict[str, Any]:
    """The rule as the comparison shows it: sentence, document, article, pages, confidence."""
    rule = family_rule(city)
    d = document(rule.citation.document)
    return {
        "sentence": rule.sentence,
        "document": {"title": d.title, "number": d.number, "issuer": d.issuer, "date": d.date},
        "article": rule.citation.article,
        "evidence": evidence((rule.citation.source, *rule.also_sources)),
        "confidence": rule.confidence,
        "confidence_label": CONFIDENCE_LABELS[rule.confidence],
    }
