"""Expected outputs of every example profile, stored beside it and checked by a test.

For each ``examples/<name>.json`` the folder ``examples/expected/`` holds ``<name>.json`` (the
output of ``python -m calculator score examples/<name>.json``) and ``<name>.txt`` (the same with
``--format text``). Run without arguments (``make golden``) to print a unified diff of every
expected file that differs from what the calculator says now (exit 1 if any); run with
``--write`` to rewrite them, after reading that diff. Tests never rewrite them.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import io
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # run as a script: make the calculator package importable
    sys.path.append(str(REPO))

from calculator.surfaces.cli import main as cli_main  # noqa: E402

EXAMPLES = REPO / "examples"
FORMATS = {"json": ".json", "text": ".txt"}


def expected_dir(examples: Path = EXAMPLES) -> Path:
    return examples / "expected"


def example_files(examples: Path = EXAMPLES) -> list[Path]:
    return sorted(examples.glob("*.json"))


def render(example: Path, fmt: str) -> str:
    """What ``python -m calculator score <example> --format <fmt>`` prints."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli_main(["score", str(example), "--format", fmt])
    if code != 0:
        raise SystemExit(f"{example.name}: exit {code}: {err.getvalue().strip()}")
    return out.getvalue()


def outputs(examples: Path = EXAMPLES) -> dict[Path, str]:
    """Every expected file and the text it should hold now."""
    folder = expected_dir(examples)
    return {
        folder / (example.stem + suffix): render(example, fmt)
        for example in example_files(examples)
        for fmt, suffix in FORMATS.items()
    }


def diff(path: Path, want: str) -> str:
    """A unified diff from the stored file (empty if missing) to ``want``; "" when equal."""
    have = path.read_text(encoding="utf-8") if path.exists() else ""
    if have == want:
        return ""
    rel = path.relative_to(REPO) if path.is_relative_to(REPO) else path
    return "".join(
        difflib.unified_diff(
            have.splitlines(keepends=True),
            want.splitlines(keepends=True),
            fromfile=f"{rel} (stored)",
            tofile=f"{rel} (now)",
        )
    )


def orphans(want: dict[Path, str], examples: Path = EXAMPLES) -> list[Path]:
    """Stored expected files that no example produces any more."""
    folder = expected_dir(examples)
    return [p for p in sorted(folder.glob("*")) if p not in want] if folder.exists() else []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help="rewrite the expected files")
    parser.add_argument("--examples", type=Path, default=EXAMPLES, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    want = outputs(args.examples)
    unused = orphans(want, args.examples)
    changed = 0
    for path, text in want.items():
        patch = diff(path, text)
        if patch:
            changed += 1
            sys.stdout.write(patch)
            if args.write:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
    for path in unused:
        print(f"{path.name}: no example examples/{path.stem}.json", file=sys.stderr)
        if args.write:
            path.unlink()
    if not changed and not unused:
        print(f"golden: {len(want)} expected files match", file=sys.stderr)
        return 0
    if args.write:
        print(f"golden: rewrote {changed} and removed {len(unused)} files", file=sys.stderr)
        return 0
    print(
        f"golden: {changed} files differ, {len(unused)} orphans; "
        "check the diff, then run: .venv/bin/python scripts/golden.py --write",
        file=sys.stderr,
    )
    return 1


if __name__ == "__main__":
    sys.exit(main())
