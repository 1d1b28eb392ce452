"""居住证积分自测: scoring, validation and checklists for Shanghai and Hangzhou points.

Public API: ``parse_profile`` (validation), ``score`` (pure scoring), ``checklist`` (materials).
"""

from .checklist import checklist
from .scoring import score
from .validation import ProfileError, parse_profile

__all__ = ["ProfileError", "checklist", "parse_profile", "score"]
