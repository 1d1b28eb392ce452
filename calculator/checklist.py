"""Temporary alias of ``calculator.core.checklist`` for ``tests/test_rules_data.py`` (owned by the
rule-data branch). Delete once it imports from core."""

from .core.checklist import CONDITIONS

__all__ = ["CONDITIONS"]
