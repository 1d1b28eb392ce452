"""Small builders for table-driven scoring tests."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from calculator.core.result import Result
from calculator.core.scoring import score
from calculator.core.validation import parse_profile

REPO = Path(__file__).resolve().parent.parent


def load_script(name: str) -> ModuleType:
    """``scripts/<name>.py`` as a module (scripts/ is not a package), loaded once per session."""
    key = f"site_{name}"
    if key in sys.modules:
        return sys.modules[key]
    spec = importlib.util.spec_from_file_location(key, REPO / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[key] = module  # before running it: dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def run_calculator(
    argv: list[str], stdin: str | bytes, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[Any]:
    """``python -m calculator <argv>`` from the repository root; text in gives text out."""
    return subprocess.run(
        [sys.executable, "-m", "calculator", *argv],
        input=stdin,
        capture_output=True,
        text=isinstance(stdin, str),
        cwd=REPO,
        env=env,
        check=False,
    )


# Every page of the built site, relative to its root ("" is the home page).
SITE_PAGES = [
    "",
    "calculator/",
    "shanghai/guide/",
    "shanghai/rules/",
    "hangzhou/guide/",
    "hangzhou/rules/",
    "profile-format/",
    "sources/",
]

SH_BASE: dict[str, Any] = {
    "city": "shanghai",
    "assessment_date": "2026-11-01",
    "birth_date": "1990-01-01",
    "si_months_last_12": 12,
    "si_months_total": 12,
}
HZ_BASE: dict[str, Any] = {
    "city": "hangzhou",
    "assessment_date": "2024-09-01",
    "birth_date": "1990-01-01",
}


def sh(**overrides: Any) -> Result:
    return score(parse_profile({**SH_BASE, **overrides}))


def hz(**overrides: Any) -> Result:
    return score(parse_profile({**HZ_BASE, **overrides}))


def points(result: Result, line_id: str) -> float:
    return next(line.points for line in result.lines if line.id == line_id)


def line_max(result: Result, line_id: str) -> float | None:
    return next(line.max for line in result.lines if line.id == line_id)


def warning_ids(result: Result) -> set[str]:
    return {w.id for w in result.warnings}


def qr_decode(svg: str, tmp: Path) -> str:
    """The text a real decoder reads from the SVG (rsvg-convert to PNG, then zbarimg)."""
    for tool, package in (("rsvg-convert", "librsvg2-bin"), ("zbarimg", "zbar-tools")):
        assert shutil.which(tool), f"{tool} is missing: apt-get install {package} (make chromium)"
    src, png = tmp / "code.svg", tmp / "code.png"
    src.write_text(svg, encoding="utf-8")
    subprocess.run(["rsvg-convert", "-w", "600", "-o", str(png), str(src)], check=True)
    out = subprocess.run(
        ["zbarimg", "--quiet", "--raw", "-Sbinary", str(png)],
        capture_output=True,
        check=True,
    )
    return out.stdout.decode("utf-8").removesuffix("\n")


def run_cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """``python -m calculator ARGS`` from the repository root, output as text."""
    return run_calculator(list(args), stdin)
