"""Every examples/*.json has its expected ``score`` output (JSON and text) in examples/expected/.

A difference fails with the unified diff. Expected files change only through
``make golden GOLDEN_ARGS=--write`` (scripts/golden.py), after reading that diff.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from helpers import load_script

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.json"))
golden = load_script("golden")


@pytest.fixture(scope="module")
def now() -> dict[Path, str]:
    return golden.outputs()


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_example_matches_its_expected_output(example: Path, now: dict[Path, str]) -> None:
    for suffix in (".json", ".txt"):
        path = ROOT / "examples" / "expected" / (example.stem + suffix)
        assert path.exists(), f"missing {path.name}: run make golden GOLDEN_ARGS=--write"
        patch = golden.diff(path, now[path])
        assert not patch, "expected output changed (make golden shows it):\n" + patch


def test_every_expected_file_has_its_example(now: dict[Path, str]) -> None:
    assert EXAMPLES and golden.orphans(now) == []


def test_expected_json_is_the_score_command_output() -> None:
    stored = json.loads(
        (ROOT / "examples" / "expected" / "shanghai-not-yet.json").read_text(encoding="utf-8")
    )
    # 5 of the last 12 months of SI (6 needed): the gate decides, whatever the points.
    assert stored["verdict"]["status"] == "gate_failed"
    assert {"checklist", "whatifs", "projection", "lines"} <= set(stored)


def test_golden_prints_the_diff_and_writes_only_when_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    examples = tmp_path / "examples"
    examples.mkdir()
    shutil.copy(ROOT / "examples" / "hangzhou-school-2023.json", examples)
    # Nothing stored yet: exit 1, a diff on stdout, nothing written.
    assert golden.main(["--examples", str(examples)]) == 1
    assert "+++ " in capsys.readouterr().out
    assert not (examples / "expected").exists()
    # --write stores both files; then everything matches.
    assert golden.main(["--examples", str(examples), "--write"]) == 0
    assert sorted(p.name for p in (examples / "expected").iterdir()) == [
        "hangzhou-school-2023.json",
        "hangzhou-school-2023.txt",
    ]
    assert golden.main(["--examples", str(examples)]) == 0
    # A changed file is reported and left alone without --write; an orphan is reported.
    stored = examples / "expected" / "hangzhou-school-2023.txt"
    stored.write_text("old\n", encoding="utf-8")
    (examples / "expected" / "gone.txt").write_text("x", encoding="utf-8")
    capsys.readouterr()
    assert golden.main(["--examples", str(examples)]) == 1
    captured = capsys.readouterr()
    assert "-old" in captured.out and "gone.txt" in captured.err
    assert stored.read_text(encoding="utf-8") == "old\n"
