"""Materials per city and indicator (data in ``data/materials.toml``; ``checklist.py`` selects).

``when`` names a condition in ``checklist.CONDITIONS``: the item is listed only when it holds.
"""

from __future__ import annotations

from .rules import Material, default

__all__ = ["ALL_MATERIALS", "HANGZHOU_MATERIALS", "SHANGHAI_MATERIALS", "Material"]

ALL_MATERIALS: tuple[Material, ...] = default().materials
SHANGHAI_MATERIALS: tuple[Material, ...] = tuple(m for m in ALL_MATERIALS if m.city == "shanghai")
HANGZHOU_MATERIALS: tuple[Material, ...] = tuple(m for m in ALL_MATERIALS if m.city == "hangzhou")
