"""Temporary alias of ``calculator.core.validation`` for ``tests/test_build_rules.py`` (owned by
the rule-data branch). Delete once it imports from core."""

from .core.validation import parse_profile

__all__ = ["parse_profile"]
