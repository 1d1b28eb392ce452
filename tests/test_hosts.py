"""Sources people can trust: each page we read is classed from its url by one table
(calculator/hosts.py); a line's source names the document it implements and the pages we read;
"官方" is claimed only with a page on a government site."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from helpers import REPO, load_script
from hypothesis import given
from hypothesis import strategies as st

from calculator import sources
from calculator.core.scoring import score
from calculator.core.validation import parse_profile
from calculator.hosts import KIND_LABELS, KINDS, host_kind
from calculator.rules import DATA_FOLDER, RuleDataError, load
from calculator.surfaces import report

br = load_script("build_rules")


def score_of(path: Path) -> dict[str, Any]:
    """The result JSON of an example profile."""
    return score(parse_profile(json.loads(path.read_text(encoding="utf-8")))).to_dict()


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        # real pages from calculator/data/sources.toml
        (
            "https://english.shanghai.gov.cn/en-Bulletin/20240921/b1365d47af0c4ce395a4f6d6e2c1bb5c.html",
            "government",
        ),
        (
            "http://shcm.gov.cn/zmhd/004008/004008013/20210911/609a41c0-960e-436f-9b7f-72e8353aaefd.html",
            "government",
        ),
        (
            "https://mapi-jcss.police.hangzhou.gov.cn/web/mgop/gov-open/zj/2001100203/reserved/glbf.html",
            "government",
        ),
        ("http://en.chinagate.cn/2013-06/19/content_29165723.htm", "state_media"),
        ("http://district.ce.cn/newarea/roll/201307/31/t20130731_1162913.shtml", "state_media"),
        (
            "https://hznews.hangzhou.com.cn/chengshi/content/2020-03/01/content_7686273.htm",
            "state_media",
        ),
        ("http://www.ecns.cn/cns-wire/2023-08-03/detail-ihcrtyfp8429188.shtml", "state_media"),
        # content farms, whatever their names say ("news." proves nothing)
        ("http://news.dqsqz.com.cn/mrkx/202408/555203.html", "other"),
        ("http://news.qiuyi.cn/", "other"),
        ("https://iruorou.com/xinwen/2017-12/28/content_5251302.htm", "other"),
        ("http://m.zhongyaoyi.com/06183702.html", "other"),
        ("https://www.hzztb.cn/hzjfzc/3611.html", "other"),
        ("http://m.hz.bendibao.com/mip/100153.shtm", "other"),
        ("https://github.com/", "other"),
        # look-alikes: the domain must be the host's end, at a dot
        ("http://gov.cn.example.com/", "other"),
        ("http://notgov.cn/", "other"),
        ("http://xnews.cn/", "other"),
        ("http://www.news.cn/politics/", "state_media"),
        ("http://WWW.GOV.CN./", "government"),  # case and a trailing dot do not matter
        ("", "other"),  # a page with no public address
        ("http://[::1", "other"),  # an unreadable url
    ],
)
def test_host_kind(url: str, kind: str) -> None:
    assert host_kind(url) == kind


@given(st.from_regex(r"[a-z0-9]{1,12}(\.[a-z0-9]{1,12}){0,3}", fullmatch=True))
def test_any_gov_cn_subdomain_is_government_and_nothing_else_is(label: str) -> None:
    assert host_kind(f"https://{label}.gov.cn/x") == "government"
    assert host_kind(f"https://{label}.gov.cn.example.com/x") != "government"


def test_only_government_pages_are_called_official() -> None:
    for kind in KINDS:
        official = "官方" in KIND_LABELS[kind].replace("非官方", "")
        assert official == (kind == "government"), KIND_LABELS[kind]


def test_the_pages_we_read_by_kind() -> None:
    # 3 government + 4 state media pages; every other page is a reprint on some other site
    kinds = [host_kind(s.url) for s in sources.SOURCES]
    assert kinds.count("government") == 3
    assert kinds.count("state_media") == 4
    assert kinds.count("other") == len(sources.SOURCES) - 7


def test_sources_page_lists_the_pages_by_kind_with_counts() -> None:
    page = br.render_all()["sources.md"]
    for group in br.evidence_kinds():
        assert f"### {group['label']}（{len(group['pages'])} 个页面）" in page
        assert f"| [{group['label']}](#sources-{group['kind'].replace('_', '-')}) | " in page
    # each table holds exactly its kind's pages
    sections = page.split("### ")
    for group in br.evidence_kinds():
        (section,) = [s for s in sections if s.startswith(group["label"])]
        for s in sources.SOURCES:
            assert (f"]({s.url})" in section) == (
                bool(s.url) and host_kind(s.url) == group["kind"]
            ), s.id


def test_a_line_cites_its_document_and_the_pages_we_read() -> None:
    result = score_of(REPO / "examples" / "shanghai-skilled-lingang.json")
    line = next(x for x in result["lines"] if x["id"] == "age")
    src = line["source"]
    assert src["document"] == {
        "title": "《上海市居住证积分管理办法》",
        "number": "沪府发〔2017〕98号",
        "issuer": None,  # the sources read do not name it: left empty, never filled in
        "date": "2017-12-28",
    }
    assert src["article"] == "第六条（年龄）"
    assert (
        src["text"]
        == "《上海市居住证积分管理办法》（沪府发〔2017〕98号，2017-12-28） 第六条（年龄）"
    )
    assert src["evidence"] and all(
        set(e) == {"url", "title", "kind", "kind_label"} for e in src["evidence"]
    )
    assert all(e["kind"] == host_kind(e["url"] or "") for e in src["evidence"])


@pytest.mark.parametrize(
    ("document", "article", "text"),
    [
        # title only (the 文号 and date were not found): 《…》实施细则 + article
        ("sh-2017-98-detail", "第五条", "《上海市居住证积分管理办法》实施细则 第五条"),
        # the article repeats the 文号: said once
        (
            "hz-2023-33",
            "杭政办函〔2023〕33号",
            "《关于进一步深化户籍制度改革的实施意见》（杭政办函〔2023〕33号，杭州市人民政府办公厅）",
        ),
    ],
)
def test_document_text(document: str, article: str, text: str) -> None:
    src = {"document": sources.document_json(document), "article": article}
    assert sources.document_text(src) == text


def test_reports_print_documents_and_only_government_links() -> None:
    result = score_of(REPO / "examples" / "shanghai-skilled-lingang.json")
    md = report.markdown(result, [])
    farm_urls = {e["url"] for x in result["lines"] for e in x["source"]["evidence"]}
    farm_urls = {u for u in farm_urls if u and host_kind(u) != "government"}
    assert farm_urls and not any(u in md for u in farm_urls)
    assert "[政府网站原文](http://shcm.gov.cn/" in md  # 职称: the 崇明区 page is a government page
    assert "《上海市居住证积分管理办法》（沪府发〔2017〕98号，2017-12-28）" in md


def _copy_data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(DATA_FOLDER, folder)
    return folder


def test_official_needs_a_page_on_a_government_site(tmp_path: Path) -> None:
    folder = _copy_data(tmp_path)
    path = folder / "sources.toml"
    text = path.read_text(encoding="utf-8")
    # the 崇明区 page (the only government page the 职称 rule cites) moved to a reprint host
    path.write_text(text.replace("http://shcm.gov.cn/", "http://shcm.example.com/"), "utf-8")
    with pytest.raises(RuleDataError, match="confidence official needs a page on a government"):
        load(folder)


def test_every_official_label_rests_on_a_government_page() -> None:
    # the badge 官方原文 only where the line's pages include a government site, in every example
    for path in sorted((REPO / "examples").glob("*.json")):
        for line in score_of(path)["lines"]:
            label = sources.CONFIDENCE_LABELS[line["confidence"]]
            kinds = {e["kind"] for e in line["source"]["evidence"]}
            if "官方" in label:
                assert "government" in kinds, (path.name, line["id"])
    assert not any(
        "官方" in label for c, label in sources.CONFIDENCE_LABELS.items() if c != "official"
    )
