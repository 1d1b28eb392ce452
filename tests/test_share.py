"""Share links: round trips, limits and hostile input (calculator/surfaces/share.py)."""

from __future__ import annotations

import base64
import io
import json
import zlib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculator.surfaces import api, share
from calculator.surfaces.cli import main as cli_main
from calculator.surfaces.share import ShareLinkError, decode, encode
from tests.helpers import SH_BASE
from tests.strategies import visible_text

ROOT = Path(__file__).resolve().parent.parent


def _raw_payload(data: bytes, version: str = "v1") -> str:
    """Build a payload by hand, bypassing encode(), to feed decode() arbitrary JSON bytes."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    raw = packer.compress(data) + packer.flush()
    return f"{version}." + base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


# --- round trips ---------------------------------------------------------------------------

ROUND_TRIPS: list[tuple[str, dict[str, Any]]] = [
    ("city only", {"city": "shanghai"}),
    (
        "typed values",
        {
            "city": "shanghai",
            "age": 30,
            "education": "bachelor_degree",
            "married": True,
            "si_years": 5.5,
        },
    ),
    (
        "form strings",
        {"city": "hangzhou", "age": "42", "married": "false", "birth_date": "1990-01-31"},
    ),
    ("chinese text", {"city": "shanghai", "note": "上海市浦东新区 世纪大道"}),
    (
        "offences",
        {
            "city": "shanghai",
            "offences": [
                {"date": "2023-05-01", "kinds": ["detention"]},
                {"date": "2024-02-29", "kinds": ["false_material", "crime_general"]},
            ],
        },
    ),
    ("list of scalars", {"city": "hangzhou", "tags": ["a", "b", 3]}),
    # Right-to-left letters are text; bidi overrides and controls are rejected (test_hostile_input).
    ("emoji and arabic", {"city": "shanghai", "note": "👩‍👩‍👧 abc \u0627\u0644"}),
    ("html is just text", {"city": "shanghai", "note": "<img src=x onerror=alert(1)>"}),
]


@pytest.mark.parametrize(("name", "answers"), ROUND_TRIPS, ids=[n for n, _ in ROUND_TRIPS])
def test_round_trip(name: str, answers: dict[str, Any]) -> None:
    payload = encode(answers, defaults={})
    assert payload.startswith("v1.")
    assert decode(payload) == answers
    assert decode("#p=" + payload) == answers
    assert decode("p=" + payload) == answers


def test_payload_is_url_safe_and_short() -> None:
    answers = {
        "city": "shanghai",
        "age": 30,
        "education": "master",
        "si_years": 6,
        "si_base": "one_to_two",
        "married": True,
        "spouse_hukou_years": 3,
    }
    payload = encode(answers, defaults={})
    assert set(payload[3:]) <= set(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    )
    # 7 short answers; raw JSON is ~130 bytes, base64 of it ~175 chars. Compression keeps it below.
    assert len(payload) < 175


COMPACT_CASES: list[tuple[str, dict[str, Any], dict[str, Any], dict[str, Any]]] = [
    # name, answers, defaults, expected compact form
    (
        "drops empty",
        {"city": "sh", "a": "", "b": None, "c": [], "d": 0},
        {},
        {"city": "sh", "d": 0},
    ),
    ("drops equal default", {"city": "sh", "a": 5, "b": 6}, {"a": 5}, {"city": "sh", "b": 6}),
    (
        "drops form string equal to default",
        {"city": "sh", "a": "5", "m": "false"},
        {"a": 5, "m": False},
        {"city": "sh"},
    ),
    ("keeps 1 when default is True", {"city": "sh", "m": 1}, {"m": True}, {"city": "sh", "m": 1}),
    ("keeps bad number string", {"city": "sh", "a": "x"}, {"a": 5}, {"city": "sh", "a": "x"}),
    ("keeps city even if default", {"city": "sh"}, {"city": "sh"}, {"city": "sh"}),
]


@pytest.mark.parametrize(
    ("name", "answers", "defaults", "expected"), COMPACT_CASES, ids=[c[0] for c in COMPACT_CASES]
)
def test_compact(
    name: str, answers: dict[str, Any], defaults: dict[str, Any], expected: dict[str, Any]
) -> None:
    assert share.compact(answers, defaults) == expected
    assert decode(encode(answers, defaults)) == expected


def test_make_link_replaces_fragment() -> None:
    link = share.make_link({"city": "shanghai"}, "https://example.org/calculator/#old")
    assert link.startswith("https://example.org/calculator/#p=v1.")
    assert decode(link.split("#", 1)[1]) == {"city": "shanghai"}


# --- hostile input -------------------------------------------------------------------------

GOOD = encode({"city": "shanghai", "age": 30}, defaults={})

BAD_INPUTS: list[tuple[str, str]] = [
    ("empty", ""),
    ("only hash", "#"),
    ("no p key", "#q=" + GOOD),
    ("no version", "#p=" + GOOD[3:]),
    ("unknown version v2", "#p=v2." + GOOD[3:]),
    ("version without dot", "#p=v1" + GOOD[3:]),
    ("bad base64 char", "#p=v1.abc$def"),
    ("standard base64 plus", "#p=v1.ab+/"),
    ("padding", "#p=" + GOOD + "=="),
    ("length mod 4 == 1", "#p=v1.AAAAA"),
    ("non-canonical trailing bits", "#p=v1.AB"),
    ("truncated", "#p=" + GOOD[:-3]),
    ("not deflate", "#p=v1." + base64.urlsafe_b64encode(b"hello world").decode().rstrip("=")),
    (
        "trailing garbage after stream",
        "#p=v1."
        + base64.urlsafe_b64encode(
            base64.urlsafe_b64decode(GOOD[3:] + "=" * (-len(GOOD[3:]) % 4)) + b"xyz"
        )
        .decode()
        .rstrip("="),
    ),
    ("json array", "#p=" + _raw_payload(b"[1,2,3]")),
    ("json string", "#p=" + _raw_payload(b'"city"')),
    ("json nan", "#p=" + _raw_payload(b'{"city":"sh","age":NaN}')),
    ("json infinity", "#p=" + _raw_payload(b'{"age":-Infinity}')),
    ("not json", "#p=" + _raw_payload(b"{city: sh}")),
    ("bad utf-8", "#p=" + _raw_payload(b'{"city":"\xff\xfe"}')),
    ("nested object", "#p=" + _raw_payload(b'{"a":{"b":1}}')),
    ("lone surrogate in value", "#p=" + _raw_payload(b'{"city":"\\ud800"}')),
    ("lone surrogate in key", "#p=" + _raw_payload(b'{"\\udfff":1}')),
    ("fullwidth version", "#p=\uff56\uff11." + GOOD[3:]),
    ("non-ascii in payload", "#p=v1." + GOOD[3:] + "\u00e9"),
    ("nested list", "#p=" + _raw_payload(b'{"a":[[1]]}')),
    ("object in list with nested list", "#p=" + _raw_payload(b'{"a":[{"b":[[1]]}]}')),
    ("object in list with object", "#p=" + _raw_payload(b'{"a":[{"b":{"c":1}}]}')),
    ("empty key", "#p=" + _raw_payload(b'{"":1}')),
    ("long key", "#p=" + _raw_payload(json.dumps({"k" * 65: 1}).encode())),
    ("long string", "#p=" + _raw_payload(json.dumps({"a": "x" * 1001}).encode())),
    ("long list", "#p=" + _raw_payload(json.dumps({"a": [1] * 101}).encode())),
    ("many keys", "#p=" + _raw_payload(json.dumps({f"k{i}": 1 for i in range(201)}).encode())),
    ("deep nesting", "#p=" + _raw_payload(b"[" * 5000 + b"]" * 5000)),
    ("oversize fragment", "#p=v1." + "A" * 9000),
    ("zip bomb", "#p=" + _raw_payload(b'{"a":"' + b" " * 2_000_000 + b'"}')),
]


@pytest.mark.parametrize(("name", "fragment"), BAD_INPUTS, ids=[n for n, _ in BAD_INPUTS])
def test_bad_input_raises_share_link_error(name: str, fragment: str) -> None:
    with pytest.raises(ShareLinkError) as info:
        decode(fragment)
    message = info.value.message
    assert message and any("\u4e00" <= ch <= "\u9fff" for ch in message)


def test_zip_bomb_payload_is_short_but_rejected() -> None:
    # 2 MB of spaces deflates to about 2 KB: under the 8 KB link limit, over the 32 KB JSON limit.
    bomb = _raw_payload(b'{"a":"' + b" " * 2_000_000 + b'"}')
    assert len(bomb) < share.MAX_FRAGMENT_CHARS
    with pytest.raises(ShareLinkError, match="过长"):
        decode(bomb)


def test_wrong_version_message_names_version() -> None:
    with pytest.raises(ShareLinkError, match="v9"):
        decode("#p=v9." + GOOD[3:])


def test_decoded_html_stays_a_plain_string() -> None:
    evil = "<img src=x onerror=alert(1)>"
    assert decode(encode({"city": "shanghai", "name": evil}, defaults={}))["name"] == evil


# --- fuzz: only ShareLinkError ever escapes -----------------------------------------------


def _decodes_to_a_dict_or_refuses(link: str) -> None:
    """Any link either decodes to a dict or is refused with ShareLinkError, nothing else."""
    try:
        result = decode(link)
    except ShareLinkError:
        return
    assert isinstance(result, dict)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_fuzz_text(text: str) -> None:
    _decodes_to_a_dict_or_refuses(text)


B64URL = st.text(
    alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", max_size=400
)


@settings(max_examples=300, deadline=None)
@given(B64URL)
def test_fuzz_base64_payload(body: str) -> None:
    _decodes_to_a_dict_or_refuses("#p=v1." + body)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_fuzz_inflated_bytes(data: bytes) -> None:
    _decodes_to_a_dict_or_refuses(_raw_payload(data))


JSON_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.text(max_size=40)
    | st.floats(allow_nan=False, allow_infinity=False)
)
JSON_ANY = st.recursive(
    JSON_SCALARS,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(JSON_ANY)
def test_fuzz_json_shapes(value: object) -> None:
    _decodes_to_a_dict_or_refuses(_raw_payload(json.dumps(value).encode()))


# What a validated form can hold (encode_link validates first): no invisible characters.
TYPED_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | visible_text()
    | st.floats(allow_nan=False, allow_infinity=False)
)
ANSWER_VALUES = TYPED_SCALARS | st.lists(
    TYPED_SCALARS
    | st.dictionaries(
        visible_text(min_size=1, max_size=8),
        TYPED_SCALARS | st.lists(TYPED_SCALARS, max_size=3),
        max_size=3,
    ),
    min_size=1,
    max_size=4,
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(visible_text(min_size=1, max_size=20), ANSWER_VALUES, max_size=12))
def test_fuzz_round_trip(answers: dict[str, Any]) -> None:
    answers = {"city": "shanghai", **answers}
    expected = share.compact(answers, {})
    assert decode(encode(answers, defaults={})) == expected


# --- CLI: python -m calculator link (exit 2 with a Chinese message on bad input) -----------


def run_link(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = cli_main(["link", *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "无法读取文件"),  # no file at all
        ("{city", "不是有效的 JSON"),
        ("[1]", "JSON 对象"),
        ('{"city": "shanghai"}', "缺少必填字段「评估日期」"),
        ('{"city": "beijing"}', "不是支持的城市"),
    ],
)
def test_link_command_rejects_bad_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str | None, expected: str
) -> None:
    path = tmp_path / "profile.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    code, out, err = run_link([str(path)], capsys)
    assert (code, out) == (2, "")
    assert expected in err


def test_link_command_reads_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(SH_BASE)))
    code, out, _ = run_link(["-", "--base", "https://example.org/c/"], capsys)
    assert code == 0 and out.startswith("https://example.org/c/#p=v1.")


EXAMPLES = sorted((ROOT / "examples").glob("*.json"))


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_link_command_examples_round_trip(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = "https://example.org/calculator/"
    code, out, _ = run_link([str(path), "--base", base], capsys)
    assert code == 0
    link = out.strip()
    assert link.startswith(base + "#p=v1.")
    answers = json.loads(path.read_text(encoding="utf-8"))
    # The link carries fewer keys (defaults dropped) but must evaluate to the same result.
    decoded = json.loads(api.decode_link(link.split("#", 1)[1]))
    assert decoded["ok"], decoded
    via_link = json.loads(api.evaluate(json.dumps(decoded["answers"])))
    direct = json.loads(api.evaluate(json.dumps(answers)))
    assert via_link == direct


# --- api.open_link: the link read and its answers evaluated in one call ----------------------

OPEN_LINK_CASES: list[tuple[str, str, dict[str, Any]]] = [
    # A link from the form: decoded, and the evaluation is what evaluate gives for its answers.
    ("valid answers", "#p=" + encode(SH_BASE, defaults={}), {"ok": True, "evaluation_ok": True}),
    # A well-formed link whose answers do not validate (a birth date that is no date): read, the
    # evaluation carries the error naming the field, so the page can say what is wrong.
    (
        "answers that do not validate",
        "#p=" + encode({**SH_BASE, "birth_date": "yesterday"}, defaults={}),
        {"ok": True, "evaluation_ok": False, "error_field": "birth_date"},
    ),
    # A broken link: decode_link's own error, and no evaluation.
    ("broken payload", "#p=v1.%%%", {"ok": False}),
    ("no payload", "#x=1", {"ok": False}),
    ("zip bomb", "#p=" + _raw_payload(b'{"a":"' + b" " * 2_000_000 + b'"}'), {"ok": False}),
]


@pytest.mark.parametrize(
    ("name", "fragment", "expected"), OPEN_LINK_CASES, ids=[c[0] for c in OPEN_LINK_CASES]
)
def test_open_link(name: str, fragment: str, expected: dict[str, Any]) -> None:
    out = json.loads(api.open_link(fragment))
    assert out["ok"] is expected["ok"]
    if not expected["ok"]:
        assert out == json.loads(api.decode_link(fragment))
        assert "evaluation" not in out
        return
    assert out["answers"] == json.loads(api.decode_link(fragment))["answers"]
    assert out["evaluation"] == json.loads(api.evaluate(json.dumps(out["answers"])))
    assert out["evaluation"]["ok"] is expected["evaluation_ok"]
    if "error_field" in expected:
        fields = [e["field"] for e in out["evaluation"]["errors"]]
        assert expected["error_field"] in fields


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_open_link_scores_each_example_as_evaluate_does(path: Path) -> None:
    answers = json.loads(path.read_text(encoding="utf-8"))
    fragment = json.loads(api.encode_link(json.dumps(answers)))["fragment"]
    out = json.loads(api.open_link(fragment))
    assert out["ok"] and out["evaluation"]["ok"]
    assert out["evaluation"] == json.loads(api.evaluate(json.dumps(answers)))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_open_link_never_raises_and_agrees_with_decode_link(text: str) -> None:
    out = json.loads(api.open_link(text))
    decoded = json.loads(api.decode_link(text))
    assert out["ok"] is decoded["ok"]
    if out["ok"]:
        assert out["answers"] == decoded["answers"]
        assert out["evaluation"] == json.loads(api.evaluate(json.dumps(decoded["answers"])))
    else:
        assert out == decoded
