"""Temporary alias of ``calculator.core.schema`` for ``scripts/build_rules.py`` (owned by the
rule-data branch). Delete once it imports from core."""

from .core.schema import json_schema

__all__ = ["json_schema"]
