"""No internal name reaches a person: no rule, field or page id, no Python value, no version
code in the text and Markdown reports, the batch reports, the CLI's error messages or the
generated guide pages (the browser test in test_no_internal_names_browser.py scans the page)."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from helpers import REPO, load_script, run_cli

from calculator.core.profile import PROFILE_TYPES
from calculator.core.validation import parse_profile
from calculator.surfaces import batch_report, cli

br = load_script("build_rules")
EXAMPLES = sorted((REPO / "examples").glob("*.json"))

# What an internal name looks like, and what it is.
ID_SHAPES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("a snake_case key (field, rule or indicator id)", re.compile(r"\b[a-z]+_[a-z0-9_]+\b")),
    ("a page id", re.compile(r"\b(?:SH|HZ)-[A-Z0-9]+\b")),
    ("a Python value", re.compile(r"\b(?:None|True|False)\b")),
    ("a material or rule id with its city prefix", re.compile(r"\b(?:sh|hz)\.[a-z]")),
    ("a policy version code", re.compile(r"(?<![A-Za-z0-9])V[1-9](?![A-Za-z0-9])")),
    # An English title or phrase (four words or more): page titles and articles are said in
    # Chinese ("第二条", "新华社英文报道：…（英文页面）"); names like "GitHub uni-app" stay.
    ("an English phrase", re.compile(r"\b[A-Za-z]{2,}(?:[ :'’.\-]+[A-Za-z]{2,}){3,}\b")),
    ("an English article number", re.compile(r"\bArt\.\s*\d")),
)
# Parts a person reads that may legitimately hold such shapes: addresses (a page we read, a
# share link), Markdown link targets and anchors, HTML tags and comments, and the file names the
# batch report refers to.
NOT_READ = re.compile(
    r"https?://[^\s)）>\"'|]+"  # an address
    r"|\]\([^)]*\)"  # a Markdown link target
    r"|\{ #[^}]*\}"  # a heading anchor
    r"|<!--.*?-->"  # a comment
    r"|<style>.*?</style>"  # a report's style sheet
    r"|<[^>]+>",  # a tag with its attributes (hrefs, classes, data-testids)
    re.DOTALL,
)

MD_ESCAPE = re.compile(r"\\([\\`*_\[\]#!|~])")


def internal_names(text: str) -> list[str]:
    """Every id-shaped piece of ``text`` a person would read, with what it looks like."""
    read = MD_ESCAPE.sub(r"\1", NOT_READ.sub(" ", text))  # title\_skill is read as title_skill
    return [
        f"{what}: {m.group()!r} in …{read[max(0, m.start() - 30) : m.end() + 30]}…"
        for what, shape in ID_SHAPES
        for m in shape.finditer(read)
    ]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("依据：lingang_2024", ["lingang_2024"]),
        ("值 None 不是支持的城市", ["None"]),
        ("（未证实，SH-U2）", ["SH-U2"]),
        ("本结果按V4分值计算", ["V4"]),
        ("见 Xinhua: Points System Widens Options", ["Xinhua: Points System Widens Options"]),
        ("Art. 2，见文件", ["Art. 2"]),
        ("GitHub uni-app《上海市居住证》积分计算器", []),
        ("材料 sh.basic.hr_letter", ["sh.b", "hr_letter"]),
        ("| title\\_skill |", ["title_skill"]),  # Markdown-escaped
        ("[转载页](http://a.example/x_y?SH-S1=None)、沪府发〔2017〕98号", []),
        ('<span class="badge badge-official_x">文件原文</span>', []),
    ],
)
def test_the_scanner_finds_what_it_should(text: str, found: list[str]) -> None:
    hits = internal_names(text)
    assert len(hits) == len(found), hits
    assert all(any(repr(f)[1:-1] in h for h in hits) for f in found)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
@pytest.mark.parametrize(
    "argv",
    [
        ["score", "--format", "text"],
        ["score", "--format", "markdown"],
        ["checklist", "--format", "markdown"],
    ],
    ids=lambda a: f"{a[0]}-{a[2]}",
)
def test_cli_reports_hold_no_internal_names(
    path: Path, argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main([*argv, str(path)]) == 0
    out = capsys.readouterr().out
    assert out and not internal_names(out)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_batch_reports_hold_no_internal_names(path: Path) -> None:
    profile = parse_profile(json.loads(path.read_text(encoding="utf-8")))
    client = batch_report.Client(row=2, client_id="客户1", name="张三", profile=profile)
    rep = batch_report.build(client, today=date(2026, 11, 30))
    for text in (batch_report.markdown(rep, "客户1.svg"), batch_report.html_page(rep)):
        assert "张三" in text and not internal_names(text)


SH = {"city": "shanghai", "assessment_date": "2026-11-01", "birth_date": "1990-01-01"}
HZ = {"city": "hangzhou", "assessment_date": "2026-09-01", "birth_date": "1990-01-01"}


@pytest.mark.parametrize(
    ("raw", "said"),
    [
        ({}, "「城市」"),  # city missing: never "值 None"
        ({"city": None}, "「城市」"),
        ({"city": True}, "「城市」"),  # never "True"
        ({"city": "beijing"}, "上海"),
        ({"city": "shanghai"}, "「评估日期」"),  # the missing required fields, by label
        ({**SH, "education": "phd"}, "「最高学历学位」"),
        ({**SH, "paying_now": None}, "是或否"),
        ({**SH, "si_months_total": False}, "「累计缴纳本市职工社保的月数」"),
        ({**SH, "birth_date": "1990/01/01"}, "年-月-日"),
        ({**SH, "birth_date": "2030-01-01"}, "「出生日期」"),
        ({**SH, "offences": [{"date": "2024-01-01", "kinds": ["speeding"]}]}, "「不良记录」"),
        ({**SH, "offences": [None]}, "「不良记录」"),
        ({**SH, "marital_status": "married", "spouse_shanghai_hukou": True}, "「结婚登记日期」"),
        ({**HZ, "policy_version": "2099版"}, "2024年调整"),
        ({**HZ, "purpose": "job"}, "积分落户"),
        ({**SH, "schema_version": 99}, "「档案格式版本」"),
        ([1], "JSON 对象"),
    ],
)
def test_cli_error_messages_hold_no_internal_names(raw: object, said: str) -> None:
    out = run_cli("score", "-", stdin=json.dumps(raw))
    assert out.returncode == 2, out.stderr
    assert said in out.stderr
    assert not internal_names(out.stderr), out.stderr


def test_every_field_label_is_plain_chinese() -> None:
    # the labels messages name fields by
    for cls in PROFILE_TYPES.values():
        for f in cls.__dataclass_fields__.values():
            assert not internal_names(f.metadata["label"]), f.name


# profile-format.md and the JSON Schema document the profile's keys for people who write the
# JSON themselves: the keys are what they type there.
GUIDE_PAGES = sorted(
    rel for rel in br.render_all() if rel.endswith(".md") and rel != "profile-format.md"
)


@pytest.mark.parametrize("rel", GUIDE_PAGES)
def test_generated_pages_hold_no_internal_names(rel: str) -> None:
    text = br.render_all()[rel]
    assert not internal_names(text), internal_names(text)[:5]


@pytest.mark.parametrize("city", ["shanghai", "hangzhou"])
def test_calendar_events_hold_no_internal_names(
    city: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # the .ics a person imports: event titles and descriptions (its UIDs and keys are not read)
    assert cli.main(["deadlines", "--city", city, "--from", "2025-01-20", "--format", "ics"]) == 0
    read = "\n".join(
        line
        for line in capsys.readouterr().out.replace("\r\n ", "").splitlines()
        if line.startswith(("SUMMARY", "DESCRIPTION"))
    )
    assert "依据：" in read and not internal_names(read.replace("\\n", "\n"))


@pytest.mark.parametrize("argv", [[], ["score"], ["checklist"], ["link"], ["deadlines"], ["batch"]])
def test_cli_help_is_in_chinese(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        cli.main([*argv, "--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("用法：") and "选项：" in out and "显示本帮助并退出" in out
    assert not re.search(r"usage:|positional arguments|options:|show this help", out)
