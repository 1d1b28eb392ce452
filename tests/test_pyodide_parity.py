"""The browser runs the same package as CPython: both must give identical answers.

All inputs go to Pyodide in ONE Node process (scripts/pyodide_run.mjs; Pyodide takes seconds to
start), using exactly what the site ships: the runtime in site/assets/pyodide/ and the bundle
site/assets/py/calculator.zip (both written by `make build`). Inputs: every examples/*.json, a
few hundred profiles from tests/strategies.py (reproducible: derandomized), invalid answers,
the form spec, and share links in both directions.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from strategies import profiles

from calculator.surfaces import api

pytestmark = pytest.mark.pyodide

REPO = Path(__file__).resolve().parent.parent
SITE = REPO / "site"
BUNDLE = SITE / "assets" / "py" / "calculator.zip"
PYODIDE_INDEX = SITE / "assets" / "pyodide"
RUNNER = REPO / "scripts" / "pyodide_run.mjs"
EXAMPLES = sorted((REPO / "examples").glob("*.json"))

N_GENERATED = 300
N_LINKS = 25
# Answers that must be rejected the same way (messages included) in both interpreters.
INVALID_ANSWERS = [
    "",
    "not json",
    "[]",
    '{"city": "shanghai", "birth_date": "1990-01-01",}',  # trailing comma
    '{"city": "beijing"}',
    '{"city": "shanghai", "birth_date": "1990-13-40", "si_months_total": "abc"}',
    '{"city": "hangzhou", "birth_date": "2099-01-01", "purpose": "nope"}',
    '{"city": "shanghai", "offences": [{"date": "x", "kinds": ["nope"]}]}',
]
INVALID_FRAGMENTS = ["", "v1.", "v1.!!!", "v2.AAAA", "v1." + "A" * 5000]

# Hostile input that a recursive parser would die on (a fatal stack overflow in Pyodide, after
# which its docs call the interpreter unusable): 10 000 "[" in a 41-character link, and the same
# nesting as answers. They run first in the one Pyodide process, so every later group proves the
# engine still works after them.
_DEFLATE_10K_BRACKETS = "7cEBDQAAAMKgoO_fwxxuQAEAAAAAAAAAAMC_AQ"
HOSTILE_CALLS = [
    ("decode_link", "#p=v1." + _DEFLATE_10K_BRACKETS),
    ("decode_link", "v1." + _DEFLATE_10K_BRACKETS),
    ("open_link", "#p=v1." + _DEFLATE_10K_BRACKETS),
    ("evaluate", "[" * 100_000),
    ("plan", '{"city": "shanghai", "offences": ' + "[" * 50_000 + "]" * 50_000 + "}"),
    ("evaluate", '{"city": "shanghai", "city": "hangzhou"}'),
]


def generated_profiles(n: int) -> list[dict[str, Any]]:
    """Draw ``n`` profiles from the shared strategy (same ones on every run)."""
    drawn: list[dict[str, Any]] = []

    @settings(
        max_examples=n,
        derandomize=True,
        database=None,
        phases=[Phase.generate],
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(profiles())
    def collect(profile: dict[str, Any]) -> None:
        drawn.append(profile)

    collect()
    return drawn


def call_cpython(call: str, args: list[Any]) -> Any:
    func = getattr(api, call.rpartition(".")[2])
    return func(*args)


def call_pyodide(calls: list[dict[str, Any]]) -> list[Any]:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node not found: Node.js 20+ is needed (see README).")
    for needed in (BUNDLE, PYODIDE_INDEX / "pyodide.mjs", PYODIDE_INDEX / "pyodide.asm.wasm"):
        if not needed.is_file():
            pytest.fail(f"{needed} is missing: run `make build` first (`make test` does).")
    proc = subprocess.run(
        [node, str(RUNNER), "--zip", str(BUNDLE), "--index", str(PYODIDE_INDEX), "--mixed"],
        input=json.dumps(calls),
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )
    if proc.returncode != 0:
        pytest.fail(f"pyodide_run.mjs failed ({proc.returncode}):\n{proc.stderr}")
    outputs = json.loads(proc.stdout)
    assert isinstance(outputs, list) and len(outputs) == len(calls)
    return outputs


@pytest.fixture(scope="module")
def runs() -> dict[str, list[tuple[dict[str, Any], Any, Any]]]:
    """Group name -> [(call, CPython output, Pyodide output)], from one Pyodide process."""
    generated = generated_profiles(N_GENERATED)
    assert len(generated) >= N_GENERATED // 2, "the strategy produced too few profiles"
    groups: dict[str, list[dict[str, Any]]] = {
        "hostile": [
            {"call": f"calculator.surfaces.api.{fn}", "args": [arg]} for fn, arg in HOSTILE_CALLS
        ],
        "form_spec": [{"call": "calculator.surfaces.api.form_spec", "args": []}],
        "examples": [
            {"call": "calculator.surfaces.api.evaluate", "args": [path.read_text(encoding="utf-8")]}
            for path in EXAMPLES
        ],
        "generated": [
            {"call": "calculator.surfaces.api.evaluate", "args": [json.dumps(p)]} for p in generated
        ],
        "invalid": [
            {"call": "calculator.surfaces.api.evaluate", "args": [a]} for a in INVALID_ANSWERS
        ],
        "encode": [
            {"call": "calculator.surfaces.api.encode_link", "args": [json.dumps(p)]}
            for p in generated[:N_LINKS]
        ],
        "bad_links": [
            {"call": f"calculator.surfaces.api.{fn}", "args": [f]}
            for f in INVALID_FRAGMENTS
            for fn in ("decode_link", "open_link")
        ],
    }
    # Links made by CPython must open in the browser: decode CPython's fragments in Pyodide.
    groups["decode"] = []
    for call in groups["encode"]:
        encoded = json.loads(call_cpython(call["call"], call["args"]))
        assert encoded["ok"], encoded
        groups["decode"].append(
            {"call": "calculator.surfaces.api.decode_link", "args": [encoded["fragment"]]}
        )
    # The page opens a link with open_link: the same answers and score on both sides.
    groups["open"] = [
        {"call": "calculator.surfaces.api.open_link", "args": call["args"]}
        for call in groups["decode"]
    ]
    # The same QR code drawn on both sides (segno is imported lazily in the browser).
    links = [f"https://example.org/calculator/#{c['args'][0]}" for c in groups["decode"][:5]]
    groups["qr"] = [
        {"call": "calculator.surfaces.api.qr", "args": [json.dumps({"link": link})]}
        for link in [*links, "", "h" * 3000, "a b"]
    ] + [{"call": "calculator.surfaces.api.qr", "args": ["{"]}]

    flat = [(name, call) for name, calls in groups.items() for call in calls]
    py_out = call_pyodide([call for _, call in flat])
    result: dict[str, list[tuple[dict[str, Any], Any, Any]]] = {name: [] for name in groups}
    for (name, call), pyodide_out in zip(flat, py_out, strict=True):
        try:
            cpython_out: Any = call_cpython(call["call"], call["args"])
        except Exception as exc:  # the API must never raise; report it like the runner does
            cpython_out = {"__exception__": repr(exc)}
        result[name].append((call, cpython_out, pyodide_out))
    return result


def assert_same(rows: list[tuple[dict[str, Any], Any, Any]]) -> None:
    assert rows, "no inputs in this group"
    for call, cpython_out, pyodide_out in rows:
        where = f"{call['call']}({str(call['args'])[:300]})"
        assert isinstance(pyodide_out, str), f"Pyodide raised for {where}:\n{pyodide_out}"
        assert isinstance(cpython_out, str), f"CPython raised for {where}:\n{cpython_out}"
        assert pyodide_out == cpython_out, f"outputs differ for {where}"


def test_examples_exist() -> None:
    assert EXAMPLES, "examples/*.json is empty"


@pytest.mark.parametrize(
    "group",
    [
        "hostile",
        "form_spec",
        "examples",
        "generated",
        "invalid",
        "encode",
        "bad_links",
        "decode",
        "open",
        "qr",
    ],
)
def test_same_output(runs: dict[str, list[tuple[dict[str, Any], Any, Any]]], group: str) -> None:
    assert_same(runs[group])


def test_hostile_input_is_refused_and_the_engine_stays_usable(
    runs: dict[str, list[tuple[dict[str, Any], Any, Any]]],
) -> None:
    # Same refusal in both interpreters (a Chinese message, no exception) ...
    assert_same(runs["hostile"])
    for _, cpython_out, _ in runs["hostile"]:
        assert json.loads(cpython_out)["ok"] is False
    broken = json.loads(runs["hostile"][0][1])["errors"][0]["message"]
    assert broken.startswith("分享链接已损坏或不完整")
    # ... and a good profile evaluated afterwards in the same Pyodide is scored as in CPython
    # (the form spec and the examples are called after the hostile group).
    first_example = runs["examples"][0]
    assert json.loads(first_example[2])["ok"] is True
    assert first_example[2] == first_example[1]


def test_generated_profiles_are_scored(
    runs: dict[str, list[tuple[dict[str, Any], Any, Any]]],
) -> None:
    # The strategy yields valid profiles, so every one must be scored (not rejected).
    rejected = [out for _, out, _ in runs["generated"] if not json.loads(out)["ok"]]
    assert not rejected, f"{len(rejected)} generated profiles were rejected, e.g. {rejected[0]}"


def test_links_round_trip(runs: dict[str, list[tuple[dict[str, Any], Any, Any]]]) -> None:
    # A link made in the browser opens in CPython with the same answers as one made by CPython
    # (the compressed bytes may differ between zlib builds; the decoded answers may not).
    for _, cpython_encoded, pyodide_encoded in runs["encode"]:
        from_cpython = json.loads(api.decode_link(json.loads(cpython_encoded)["fragment"]))
        from_pyodide = json.loads(api.decode_link(json.loads(pyodide_encoded)["fragment"]))
        assert from_cpython["ok"], from_cpython
        assert from_pyodide == from_cpython


# The engine's interpreter options, as docs/assets/calculator/snapshot-base.js declares them.
SNAPSHOT_BASE = REPO / "docs" / "assets" / "calculator" / "snapshot-base.js"


def test_the_runner_uses_the_engines_interpreter_options() -> None:
    """The browser's Python runs with -OO (PYTHON_ENV, set when the snapshot is built and on an
    ordinary start); the parity runs above use the same options, so they test what ships."""
    declared = re.search(
        r'PYTHON_ENV = Object\.freeze\(\{ PYTHONOPTIMIZE: "(\d)" \}\)',
        SNAPSHOT_BASE.read_text(encoding="utf-8"),
    )
    assert declared is not None
    flags = call_pyodide(
        [
            {"call": "builtins.eval", "args": ["__import__('sys').flags.optimize"]},
            {"call": "builtins.eval", "args": ["__debug__"]},
        ]
    )
    assert flags == [int(declared.group(1)), False]
