"""Temporary alias of ``calculator.core.profile`` for files owned by the rule-data branch
(``scripts/build_rules.py``, ``tests/test_rules_data.py``). Delete once they import from core."""

from .core.profile import PROFILE_TYPES, SCHEMA_VERSION

__all__ = ["PROFILE_TYPES", "SCHEMA_VERSION"]
