"""Scenarios side by side (calculator/surfaces/compare.py), the family rule per city
(``[family.<city>]`` in data/cities.toml, loaded by calculator/rules.py), ``api.compare`` and
``python -m calculator compare``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calculator import family, rules
from calculator.core.validation import parse_profile
from calculator.surfaces import api, compare
from calculator.surfaces.payload import build_report
from calculator.surfaces.report import md_escape
from tests.helpers import HZ_BASE, SH_BASE, run_cli
from tests.strategies import hangzhou_profiles, shanghai_profiles

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
LEAD = "如果这两个方案分别是父母双方的情况："


def scenario(name: str, base: dict[str, Any], **overrides: Any) -> compare.Scenario:
    return compare.Scenario(name, parse_profile({**base, **overrides}))


def sh(name: str, **overrides: Any) -> compare.Scenario:
    return scenario(name, SH_BASE, **overrides)


def hz_school(name: str, **overrides: Any) -> compare.Scenario:
    return scenario(name, HZ_BASE, purpose="school", **overrides)


# Shanghai base (tests/helpers.py SH_BASE, assessed 2026-11-01): age 36 -> 30, 12 months of
# social insurance = 1 full year x 3 = 3.
# Hangzhou base (HZ_BASE, 积分入学, 2024-09-01): age 34 -> 30.
CASES = [
    pytest.param(
        [hz_school("甲", education="master"), hz_school("乙", education="benke")],
        # 甲: 30 age + 70 master = 100; 乙: 30 + 50 benke = 80 -> the child uses 甲's 100
        {"甲": 100, "乙": 80},
        {"education": [70, 50]},
        "总分最高的是“甲”，100 分；“乙” 80 分。",
        LEAD + "子女用积分较高一方的积分，也就是“甲”的 100 分，由“甲”申请积分。",
        id="hangzhou-higher-parent",
    ),
    pytest.param(
        [hz_school("乙", education="benke"), hz_school("甲", education="benke")],
        # both 30 + 50 = 80: the same, either parent may apply
        {"甲": 80, "乙": 80},
        {},
        "这几个方案的结果相同：都是 80 分，没有差别。",
        LEAD + "“乙”和“甲”积分相同（80 分），由哪一方申请积分都可以。",
        id="hangzhou-tie",
    ),
    pytest.param(
        [sh("我", education="benke"), sh("配偶", education="master")],
        # 我: 30 + 60 benke + 3 = 93 (27 short of 120); 配偶: 30 + 100 master + 3 = 133 -> reached
        {"我": 93, "配偶": 133},
        {"education": [60, 100]},
        "总分最高的是“配偶”，133 分；“我” 93 分。",
        LEAD + "“配偶”已达到标准分值，由“配偶”申请就够了。",
        id="shanghai-one-reaches",
    ),
    pytest.param(
        [sh("我", education="master"), sh("配偶", education="doctor")],
        # 我: 30 + 100 + 3 = 133; 配偶: 30 + 110 doctor + 3 = 143: both reach 120
        {"我": 133, "配偶": 143},
        {"education": [100, 110]},
        "总分最高的是“配偶”，143 分；“我” 133 分。",
        LEAD + "“我”和“配偶”都已达到标准分值，由任一方申请都可以。",
        id="shanghai-both-reach",
    ),
    pytest.param(
        [sh("我"), sh("配偶", education="benke")],
        # 我: 30 + 3 = 33 (87 short); 配偶: 30 + 60 + 3 = 93 (27 short): neither, 配偶 closest
        {"我": 33, "配偶": 93},
        {"education": [0, 60]},
        "总分最高的是“配偶”，93 分；“我” 33 分。",
        LEAD + "还没有一方达到标准分值；最接近的是“配偶”，还差 27 分。",
        id="shanghai-neither",
    ),
    pytest.param(
        [sh("我", education="master", si_months_last_12=3), sh("配偶", education="benke")],
        # 我: 133 but only 3 of the last 12 months insured (6 needed): cannot apply at all;
        # 配偶: 93, 27 short -> the only parent who may apply has not reached 120 yet
        {"我": 133, "配偶": 93},
        {"education": [100, 60]},
        "总分最高的是“我”，133 分；“配偶” 93 分。",
        LEAD + "还没有一方达到标准分值；最接近的是“配偶”，还差 27 分。",
        id="shanghai-gate-failed-parent",
    ),
    pytest.param(
        [
            sh("本科", education="benke"),
            sh("读完在职硕士", education="master"),
            sh("博士", education="doctor"),
        ],
        # 读完在职研究生后会怎样: 93 -> 133 -> 143 (60, 100, 110 for the degree)
        {"本科": 93, "读完在职硕士": 133, "博士": 143},
        {"education": [60, 100, 110]},
        "总分最高的是“博士”，143 分；“读完在职硕士” 133 分，“本科” 93 分。",
        # one person's three options, not two parents: the family rule is not applied
        "家庭积分规则只比较父母双方两个人：要看由谁为子女申请，请只比较两个方案（父母各一个）。",
        id="shanghai-three-degrees",
    ),
]


@pytest.mark.parametrize(("scenarios", "totals", "differing", "best", "family_text"), CASES)
def test_comparison(
    scenarios: list[compare.Scenario],
    totals: dict[str, float],
    differing: dict[str, list[float | None]],
    best: str,
    family_text: str,
) -> None:
    cmp = compare.build(scenarios)
    assert {c["name"]: c["total"] for c in cmp["columns"]} == totals
    assert {r["indicator"]: r["points"] for r in cmp["rows"] if r["differs"]} == differing
    assert cmp["same"] is (not differing)
    assert cmp["conclusion"] == {"best": best, "family": family_text}
    # Each column's verdict is the one the page shows for that scenario alone.
    for s, column in zip(scenarios, cmp["columns"], strict=True):
        alone = json.loads(api.evaluate(json.dumps(_answers(s))))["result"]["verdict"]
        assert column["verdict"]["headline"] == alone["headline"]
        assert column["verdict"]["short"] == alone["short"]


def _answers(s: compare.Scenario) -> dict[str, Any]:
    from calculator.core.profile import to_dict

    return to_dict(s.profile)


def test_rows_are_aligned_by_indicator_with_chinese_labels() -> None:
    cmp = compare.build([sh("我", education="benke"), sh("配偶", education="master")])
    # age 30 / 30, education 60 / 100, SI years 3 / 3; the rest score 0 in both and are counted
    assert [(r["label"], r["points"]) for r in cmp["rows"]] == [
        ("年龄", [30, 30]),
        ("教育背景", [60, 100]),
        ("社保缴费年限", [3, 3]),
    ]
    assert cmp["zero_rows"] > 0
    assert cmp["city_label"] == "上海"


def test_each_column_carries_its_own_when_to_apply() -> None:
    # The same when a person sees for that scenario alone (payload.build_report), one row.
    mine, spouse = sh("我"), sh("配偶", education="master")
    cmp = compare.build([mine, spouse])
    want = [build_report(s.profile)["when"] for s in (mine, spouse)]
    assert [c["when"] for c in cmp["columns"]] == want
    assert want[0]["sentence"] != want[1]["sentence"]
    row = f"| 什么时候申请 | {md_escape(want[0]['sentence'])} | {md_escape(want[1]['sentence'])} |"
    assert row in compare.markdown(cmp)
    line = f"什么时候申请：我 {want[0]['sentence']} ｜ 配偶 {want[1]['sentence']}"
    assert line in compare.text(cmp)


def test_a_scenario_that_cannot_apply_says_which_to_open() -> None:
    # 我: only 3 of the last 12 months insured (6 needed): gate fails; 配偶: 93, not reached
    cmp = compare.build(
        [sh("我", education="master", si_months_last_12=3), sh("配偶", education="benke")]
    )
    verdict = next(r for r in cmp["table"]["rows"] if r["kind"] == "verdict")
    assert verdict["cells"] == [compare.TABLE_HEADLINES["gate_failed"], "估算还没有达到要求。"]
    assert not any("见下面" in cell for row in cmp["table"]["rows"] for cell in row["cells"])


# ------------------------------------------------------------------------------------------
# Properties


def _named(profiles: list[dict[str, Any]]) -> list[compare.Scenario]:
    return [compare.Scenario(f"方案{i + 1}", parse_profile(p)) for i, p in enumerate(profiles)]


SAME_CITY = st.one_of(
    st.lists(shanghai_profiles(), min_size=2, max_size=3),
    st.lists(hangzhou_profiles(), min_size=2, max_size=3),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(shanghai_profiles(), hangzhou_profiles()))
def test_a_scenario_compared_with_itself_shows_no_difference(raw: dict[str, Any]) -> None:
    cmp = compare.build(_named([raw, raw]))
    assert cmp["same"]
    assert not any(r["differs"] for r in cmp["rows"])
    assert cmp["conclusion"]["best"].startswith("这几个方案的结果相同")
    assert cmp["columns"][0]["total"] == cmp["columns"][1]["total"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(SAME_CITY, st.randoms(use_true_random=False))
def test_the_order_of_the_scenarios_does_not_change_the_conclusion(
    raws: list[dict[str, Any]], rnd: Any
) -> None:
    named = _named(raws)
    shuffled = list(named)
    rnd.shuffle(shuffled)
    a, b = compare.build(named), compare.build(shuffled)
    assert a["conclusion"] == b["conclusion"]
    assert a["same"] == b["same"]
    by_name = {c["name"]: c for c in b["columns"]}
    assert all(by_name[c["name"]] == c for c in a["columns"])


# ------------------------------------------------------------------------------------------
# The family rule: rule data, cited


@pytest.mark.parametrize(
    ("city", "use", "document", "confidence"),
    [
        ("hangzhou", "higher", "《杭州市居住证积分管理办法》", "official"),
        # that one parent is enough is our reading of the holder's benefits
        ("shanghai", "either", "《上海市居住证积分管理办法》", "inference"),
    ],
)
def test_family_rule_per_city_is_cited(city: str, use: str, document: str, confidence: str) -> None:
    rule = family.family_rule(city)
    assert rule.use == use
    assert rule.confidence == confidence
    assert rule.citation.article and rule.citation.source
    shown = family.family_json(city)
    assert shown["document"]["title"] == document
    assert shown["evidence"] and all(e["url"] for e in shown["evidence"])
    assert shown["sentence"].startswith(rules.CITY_LABELS[city])
    assert shown["confidence_label"] in {"官方原文", "我们的推断"}


# ------------------------------------------------------------------------------------------
# The API (the page's worker): strings in and out, never raises


def _request(*answers: dict[str, Any], names: list[Any] | None = None) -> str:
    names = names or [f"方案{i + 1}" for i in range(len(answers))]
    return json.dumps(
        {"scenarios": [{"name": n, "answers": a} for n, a in zip(names, answers, strict=True)]},
        ensure_ascii=False,
    )


def test_api_compare_ok() -> None:
    out = json.loads(api.compare(_request({**SH_BASE, "education": "master"}, SH_BASE)))
    assert out["ok"]
    # 30 + 100 + 3 = 133 and 30 + 3 = 33
    assert [c["total"] for c in out["comparison"]["columns"]] == [133, 33]
    assert out["comparison"]["family"]["sentence"].startswith("上海")


@pytest.mark.parametrize(
    ("request_text", "message"),
    [
        (_request(SH_BASE), "一次可以比较 2 到 3 个方案；收到的是 1 个。"),
        (_request(SH_BASE, SH_BASE, SH_BASE, SH_BASE), "收到的是 4 个"),
        (_request(SH_BASE, HZ_BASE), "只能比较同一个城市的方案；这几个方案分别是上海、杭州的。"),
        (_request(SH_BASE, {"city": "shanghai"}, names=["我", "配偶"]), "方案“配偶”：缺少必填字段"),
        (_request(SH_BASE, SH_BASE, names=["我", "名" * 31]), "名称太长，最多 30 个字"),
        (_request(SH_BASE, SH_BASE, names=["我", 5]), "第 2 个方案的名称应为文字"),
        (
            _request(SH_BASE, SH_BASE, names=["我\u202e", "配偶"]),
            "「方案列表」第 1 项的「方案名称」含有不可见",
        ),
        ('{"scenarios": 3}', "请求里应列出要比较的方案"),
        ("[" * 50 + "]" * 50, "嵌套"),
        ('{"scenarios": [], "scenarios": []}', "「方案列表」"),
        ("{", "不是有效的 JSON"),
    ],
)
def test_api_compare_refuses_bad_requests_in_chinese(request_text: str, message: str) -> None:
    out = json.loads(api.compare(request_text))
    assert out["ok"] is False
    assert message in " ".join(e["message"] for e in out["errors"])


# ------------------------------------------------------------------------------------------
# The CLI


def _files(tmp_path: Path, *answers: dict[str, Any], names: tuple[str, ...] = ()) -> list[str]:
    paths = []
    for i, a in enumerate(answers):
        path = tmp_path / f"{names[i] if names else f'p{i + 1}'}.json"
        path.write_text(json.dumps(a, ensure_ascii=False), encoding="utf-8")
        paths.append(str(path))
    return paths


def test_cli_compare_json_text_markdown(tmp_path: Path) -> None:
    files = _files(
        tmp_path,
        {**SH_BASE, "education": "benke"},
        {**SH_BASE, "education": "master"},
        names=("我", "配偶"),
    )
    out = run_cli("compare", *files)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    # 30 + 60 + 3 = 93; 30 + 100 + 3 = 133
    assert [(c["name"], c["total"]) for c in data["columns"]] == [("我", 93), ("配偶", 133)]
    text = run_cli("compare", *files, "--format", "text")
    assert text.returncode == 0
    assert "总分：我 93 ｜ 配偶 133" in text.stdout
    assert LEAD + "“配偶”已达到标准分值" in text.stdout
    md = run_cli("compare", *files, "--format", "markdown")
    assert md.returncode == 0
    assert "| 总分 | 93 | 133 |" in md.stdout
    assert "## 家庭积分规则" in md.stdout


def test_cli_compare_three_examples() -> None:
    names = ("not-yet", "master-graduate", "skilled-lingang")
    out = run_cli(
        "compare", *(str(EXAMPLES / f"shanghai-{n}.json") for n in names), "--format", "markdown"
    )
    assert out.returncode == 0, out.stderr
    assert (
        "|  | shanghai-not-yet | shanghai-master-graduate | shanghai-skilled-lingang |"
        in out.stdout
    )
    assert "\n|---|---|---|---|\n" in out.stdout
    # not-yet: 30 age + 60 benke + 9 SI years + 25 SI base - 50 detention = 74
    # master-graduate: 30 + 100 master + 6 = 136
    # skilled-lingang: 30 + 100 skill + 24 + 25 + 4 lingang + 28 spouse = 211
    assert "| 总分 | 74 | 136 | 211 |" in out.stdout


def test_cli_compare_escapes_markdown_in_names(tmp_path: Path) -> None:
    files = _files(tmp_path, SH_BASE, SH_BASE, names=("a|b", "<i>x"))
    md = run_cli("compare", *files, "--format", "markdown")
    assert md.returncode == 0, md.stderr
    assert "a\\|b" in md.stdout and "&lt;i&gt;x" in md.stdout and "<i>" not in md.stdout


@pytest.mark.parametrize(
    ("contents", "count", "message"),
    [
        ([b"{}"], 1, "一次可以比较 2 到 3 个方案；收到的是 1 个。"),
        ([b"{}"] * 4, 4, "收到的是 4 个"),
        ([None, b'{"city": "shanghai",}'], 2, "bad2.json"),
        ([None, '{"city": "上海"}'.encode("gbk")], 2, "bad2.json"),
        ([None, b'{"city": "shanghai"}'], 2, "文件 {dir}/bad2.json：缺少必填字段"),
        ([None, json.dumps(HZ_BASE).encode()], 2, "只能比较同一个城市的方案"),
    ],
)
def test_cli_compare_bad_input_exits_2(
    tmp_path: Path, contents: list[bytes | None], count: int, message: str
) -> None:
    paths = []
    for i, data in enumerate(contents[:count]):
        path = tmp_path / f"bad{i + 1}.json"
        path.write_bytes(json.dumps(SH_BASE).encode() if data is None else data)
        paths.append(str(path))
    out = run_cli("compare", *paths)
    assert out.returncode == 2
    assert message.format(dir=tmp_path) in out.stderr
    assert out.stdout == ""


def test_cli_compare_missing_file_is_named(tmp_path: Path) -> None:
    ok = _files(tmp_path, SH_BASE)[0]
    out = run_cli("compare", ok, str(tmp_path / "无.json"))
    assert out.returncode == 2
    assert f"无法读取文件 {tmp_path / '无.json'}：文件不存在。" in out.stderr
