"""Write the zip archive that the browser unpacks into Pyodide.

The archive holds the ``calculator`` package from this repository and the pure-Python
``chinese_calendar`` package (distribution ``chinesecalendar``) taken from the interpreter
that runs this script, plus that distribution's metadata so ``importlib.metadata`` works.

The output is byte-for-byte deterministic: entries are sorted, timestamps and permissions are
fixed, and bytecode caches are never included.

Usage: python scripts/bundle_python.py OUTPUT.zip
"""

from __future__ import annotations

import argparse
import importlib.metadata
import importlib.util
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# Import name -> distribution name, for every third-party runtime dependency.
THIRD_PARTY = {"chinese_calendar": "chinesecalendar", "segno": "segno"}
# Metadata files copied from each dependency's dist-info folder (RECORD/INSTALLER are
# install-specific and would make the archive depend on the machine).
DIST_INFO_FILES = ("METADATA", "WHEEL", "top_level.txt", "LICENSE", "LICENSE.txt")
FIXED_DATE = (1980, 1, 1, 0, 0, 0)
SKIP_DIRS = {"__pycache__"}
SKIP_SUFFIXES = {".pyc", ".pyo"}


def package_files(pkg_dir: Path, arc_prefix: str) -> Iterator[tuple[str, Path]]:
    """Yield (archive name, source path) for every file of a package folder."""
    for path in sorted(pkg_dir.rglob("*")):
        rel = path.relative_to(pkg_dir)
        if not path.is_file() or SKIP_DIRS.intersection(rel.parts):
            continue
        if path.suffix in SKIP_SUFFIXES:
            continue
        yield f"{arc_prefix}/{rel.as_posix()}", path


def third_party_files(import_name: str, dist_name: str) -> Iterator[tuple[str, Path]]:
    """Yield the files of an installed pure-Python package and of its dist-info."""
    spec = importlib.util.find_spec(import_name)
    if spec is None or spec.origin is None:
        raise SystemExit(
            f"{import_name} is not installed in {sys.executable}; run `make venv` first."
        )
    pkg_dir = Path(spec.origin).parent
    native = [p for p in pkg_dir.rglob("*") if p.suffix in {".so", ".pyd", ".dylib"}]
    if native:
        raise SystemExit(f"{import_name} is not pure Python ({native[0]}); Pyodide cannot use it.")
    yield from package_files(pkg_dir, import_name)

    dist = importlib.metadata.distribution(dist_name)
    info_name = f"{dist_name}-{dist.version}.dist-info"
    for name in DIST_INFO_FILES:
        located = dist.locate_file(f"{info_name}/{name}")
        path = Path(str(located))
        if path.is_file():
            yield f"{info_name}/{name}", path


def collect(root: Path = REPO) -> list[tuple[str, Path]]:
    entries = list(package_files(root / "calculator", "calculator"))
    if not any(name == "calculator/__init__.py" for name, _ in entries):
        raise SystemExit("calculator/__init__.py is missing; nothing to bundle.")
    for import_name, dist_name in THIRD_PARTY.items():
        entries.extend(third_party_files(import_name, dist_name))
    names = [name for name, _ in entries]
    if len(names) != len(set(names)):
        raise SystemExit("duplicate archive entries")
    return sorted(entries)


def write_zip(output: Path, entries: list[tuple[str, Path]]) -> None:
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = output.with_suffix(output.suffix + ".tmp")
    with zipfile.ZipFile(tmp, "w") as zf:
        for name, path in entries:
            info = zipfile.ZipInfo(name, date_time=FIXED_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o100644 << 16  # regular file, rw-r--r--
            info.create_system = 3  # Unix, so the permission bits above are honoured
            zf.writestr(info, path.read_bytes(), compresslevel=9)
    tmp.replace(output)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("output", type=Path, help="zip file to write")
    parser.add_argument(
        "--root", type=Path, default=REPO, help="folder holding calculator/ (default: repo)"
    )
    args = parser.parse_args(argv)
    entries = collect(args.root)
    write_zip(args.output, entries)
    print(f"wrote {args.output} ({len(entries)} files)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
