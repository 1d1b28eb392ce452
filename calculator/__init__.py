"""居住证积分自测: scoring, validation and checklists for Shanghai and Hangzhou points.

Public API: ``parse_profile`` (validation), ``score`` (pure scoring), ``checklist`` (materials).
Layout: ``cities/`` (one module per city), ``core/`` (profile registry, fields, validation, result
and verdict, scoring dispatch, checklist, schema), ``planning/`` (what-ifs, projection and its
chart, deadlines, ics), ``surfaces/`` (api, cli, batch, report, share); rule data in ``rules.py``,
``sources.py``, ``materials.py``.
"""

from .core.checklist import checklist
from .core.scoring import score
from .core.validation import ProfileError, parse_profile

__all__ = ["ProfileError", "checklist", "parse_profile", "score"]
