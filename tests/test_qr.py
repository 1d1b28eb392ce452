"""QR codes of share links: decoded back with a real decoder (zbarimg), SVG shape, bounds, the
API, the CLI (`link FILE --qr`) and the batch reports' codes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from helpers import qr_decode as decode
from helpers import run_cli as run
from hypothesis import given, settings
from hypothesis import strategies as st

from calculator.core.validation import parse_profile
from calculator.surfaces import api, qr, share

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.json"))
SITE = "https://example.org/居住证/calculator/"


def _answers(path: Path) -> dict[str, object]:
    return dict(json.loads(path.read_text(encoding="utf-8")))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
@pytest.mark.parametrize("base", [share.DEFAULT_BASE, SITE], ids=["relative", "site"])
def test_decoder_reads_the_exact_link(path: Path, base: str, tmp_path: Path) -> None:
    link = share.make_link(_answers(path), base)
    got = decode(qr.svg_of(link), tmp_path)
    assert got == link
    assert parse_profile(share.decode(got.split("#", 1)[1])) == parse_profile(_answers(path))


def test_a_long_link_falls_back_to_level_m_and_still_decodes(tmp_path: Path) -> None:
    # Level Q holds at most 1663 bytes (version 40); 2000 bytes need M (at most 2331).
    link = "https://example.org/calculator/#p=v1." + "A" * (2000 - 37)
    assert len(link) == 2000
    assert decode(qr.svg_of(link), tmp_path) == link


@pytest.mark.parametrize("mask", range(8))
def test_every_fixed_mask_decodes(mask: int, tmp_path: Path) -> None:
    # Batch reports fix the mask (qr.FAST_MASK) to skip segno's eight-mask trial; any of the
    # eight patterns must give a code a real decoder reads back exactly.
    link = share.make_link(_answers(EXAMPLES[0]), SITE)
    assert decode(qr.svg_of(link, mask), tmp_path) == link


def test_the_fixed_mask_is_one_segno_knows_and_the_default_is_segnos_choice() -> None:
    import segno

    link = share.make_link(_answers(EXAMPLES[0]), SITE)
    assert 0 <= qr.FAST_MASK <= 7
    chosen = segno.make_qr(link, error="q", boost_error=False, encoding="utf-8").mask
    assert qr.svg_of(link) == qr.svg_of(link, chosen)  # no mask given: segno's own pick


SVG_SHAPE = [
    (r'^<svg role="img" xmlns="http://www\.w3\.org/2000/svg" viewBox="0 0 (\d+) \1"', "scalable"),
    (rf"<title>{qr.TITLE}</title>", "Chinese title"),
    (r'<path fill="#fff" d="M0 0h(\d+)v\1h-\1z"/>', "white background over the quiet zone"),
    (r'<path stroke="#000" d="M4 4\.5h7', "dark modules start after a 4-module quiet zone"),
]


@pytest.mark.parametrize(("pattern", "what"), SVG_SHAPE, ids=[w for _, w in SVG_SHAPE])
def test_svg_shape(pattern: str, what: str) -> None:
    svg = qr.svg_of(share.make_link(_answers(EXAMPLES[0]), SITE))
    assert re.search(pattern, svg), what
    assert "width=" not in svg.split(">", 1)[0] and "href" not in svg and "<script" not in svg
    assert svg.count("http") == 1  # only the SVG namespace; the link is not written as text


def test_short_link_uses_level_q() -> None:
    # "https://x/#p=v1.a" is 17 bytes: version 1 at level Q holds 11, version 2 holds 20, so the
    # code is 25 modules + 2 x 4 quiet zone = 33 wide (level M would fit version 1, 29 wide).
    svg = qr.svg_of("https://x/#p=v1.a")
    assert 'viewBox="0 0 33 33"' in svg


BAD_LINKS = [
    ("", "为空"),
    ("   ", "为空"),
    (None, "为空"),
    (42, "为空"),
    ("https://x/#p=v1.a b", "空格"),
    ("https://x/#p=v1.a\nb", "控制字符"),
    ("https://x/#p=v1.a\x00", "控制字符"),
    ("h" * (qr.MAX_LINK_CHARS + 1), f"超过 {qr.MAX_LINK_CHARS} 个字符"),
    ("h" * 3000, "太长"),  # under the bound, over level M's 2331 bytes
]


@pytest.mark.parametrize(("link", "message"), BAD_LINKS, ids=range(len(BAD_LINKS)))
def test_bad_links_get_a_chinese_message(link: object, message: str) -> None:
    with pytest.raises(qr.QrError) as caught:
        qr.svg_of(link)
    assert message in caught.value.message


API_CASES = [
    (json.dumps({"link": "https://x/#p=v1.a"}), True, ""),
    (json.dumps({"link": ""}), False, "为空"),
    (json.dumps({"link": ["x"]}), False, "为空"),
    (json.dumps(["https://x/#p=v1.a"]), False, "为空"),
    ("{", False, "JSON"),
    ("", False, ""),
    (json.dumps({"link": "h" * 3000}), False, "太长"),
    ("[" * 10_000, False, ""),
]


@pytest.mark.parametrize(("request_json", "ok", "message"), API_CASES, ids=range(len(API_CASES)))
def test_api_qr_never_raises(request_json: str, ok: bool, message: str) -> None:
    out = json.loads(api.qr(request_json))
    assert out["ok"] is ok
    if ok:
        assert out["svg"].startswith('<svg role="img"')
    else:
        assert out["errors"] and message in out["errors"][0]["message"]


# ------------------------------------------------------------------------------------ CLI


def test_cli_link_writes_a_decodable_svg(tmp_path: Path) -> None:
    out_svg = tmp_path / "二维码.svg"
    done = run("link", str(EXAMPLES[0]), "--base", SITE, "--qr", str(out_svg))
    assert done.returncode == 0, done.stderr
    link = done.stdout.strip()
    assert link.startswith(SITE + "#p=v1.") and "已写入二维码" in done.stderr
    assert decode(out_svg.read_text(encoding="utf-8"), tmp_path) == link


CLI_BAD = [
    # (extra arguments, what is at the --qr path before, message on stderr)
    (("--qr", "{dir}"), "dir", "是一个目录"),
    (("--qr", "{tmp}/missing/x.svg"), "", "无法写入文件"),
    (("--qr", "{tmp}/x.svg", "--base", "h" * 3000), "", "太长"),
    (("--qr",), "", "后面要跟一个值"),
]


@pytest.mark.parametrize(("extra", "before", "message"), CLI_BAD, ids=range(len(CLI_BAD)))
def test_cli_link_qr_bad_input_exits_2(
    extra: tuple[str, ...], before: str, message: str, tmp_path: Path
) -> None:
    target = tmp_path / "out"
    if before == "dir":
        target.mkdir()
    args = [a.format(dir=target, tmp=tmp_path) for a in extra]
    done = run("link", str(EXAMPLES[0]), *args)
    assert done.returncode == 2
    assert message in done.stderr and "Traceback" not in done.stderr
    assert done.stdout == ""
    if before == "dir":
        assert target.is_dir() and not any(target.iterdir())


def test_cli_link_qr_rejects_a_bad_profile_before_writing(tmp_path: Path) -> None:
    src = tmp_path / "bad.json"
    src.write_text("[]", encoding="utf-8")
    done = run("link", str(src), "--qr", str(tmp_path / "x.svg"))
    assert done.returncode == 2 and "JSON 对象" in done.stderr
    assert not (tmp_path / "x.svg").exists()


# ---------------------------------------------------------------------------------- batch

CSV = ROOT / "examples" / "clients.csv"


def test_batch_reports_carry_their_clients_qr_code(tmp_path: Path) -> None:
    out = tmp_path / "o"
    done = run("batch", str(CSV), "--out", str(out), "--no-plan", "--base-url", SITE)
    assert done.returncode == 0, done.stderr
    assert "相对地址" not in done.stderr
    stems = sorted(p.name.removesuffix(".html") for p in out.glob("*.html"))
    assert stems
    for stem in stems:
        svg = (out / f"{stem}.qr.svg").read_text(encoding="utf-8")
        page = (out / f"{stem}.html").read_text(encoding="utf-8")
        md = (out / f"{stem}.md").read_text(encoding="utf-8")
        assert svg in page  # inline, the same drawing
        assert f"![二维码](<{stem}.qr.svg>)" in md
        link = decode(svg, tmp_path)
        assert link.startswith(SITE + "#p=v1.") and f"<{link}>" in md
        assert share.decode(link.split("#", 1)[1])["city"] in ("shanghai", "hangzhou")


BATCH_BASES = [
    ("javascript:alert(1)", 2, "只能以 https:// 或 http:// 开头"),
    ("https://x/#frag", 2, "不能含有 #"),
    ("https://x/ y", 2, "不能含有 #、空格"),
    ("", 2, "1 到 2048 个字符"),
    ("calculator/", 0, "相对地址"),
    ("http://intranet/calculator/", 0, ""),
]


@pytest.mark.parametrize(("base", "code", "message"), BATCH_BASES, ids=range(len(BATCH_BASES)))
def test_batch_base_url(base: str, code: int, message: str, tmp_path: Path) -> None:
    done = run("batch", str(CSV), "--out", str(tmp_path / "o"), "--no-plan", "--base-url", base)
    assert done.returncode == code, done.stderr
    assert message in done.stderr
    if code == 2:
        assert not (tmp_path / "o").exists()


@settings(max_examples=60, deadline=None)
@given(st.one_of(st.text(max_size=300), st.binary(max_size=300).map(lambda b: b.hex())))
def test_api_qr_answers_any_text_with_json(text: str) -> None:
    for request in (text, json.dumps({"link": text})):
        out = json.loads(api.qr(request))
        assert isinstance(out["ok"], bool)
        if out["ok"]:
            assert out["svg"].startswith('<svg role="img"') and out["svg"].endswith("</svg>")
        else:
            assert out["errors"][0]["message"]
