"""Consultant batch reports: good and bad rows, reports, summary, errors, the CLI."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest

from calculator.core.scoring import score
from calculator.core.validation import parse_profile
from calculator.surfaces import batch, batch_report, csvio
from calculator.surfaces.cli import main

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2026, 1, 5)

HEADER = (
    "client_id,name,city,assessment_date,birth_date,si_months_last_12,si_months_total,"
    "education,residence_months,si_months,offences"
)
GOOD_SH = "c1,张三,shanghai,2026-03-01,1990-05-01,12,60,benke_degree,,,"
GOOD_HZ = "c2,李四,hangzhou,2025-09-01,1988-02-01,,,benke,60,50,"
BAD_DATE = "c3,王五,shanghai,2026-03-01,1990-13-01,12,60,phd,,,"
BAD_OFFENCES = "c4,赵六,hangzhou,2025-09-01,1988-02-01,,,benke,60,50,not json"
ESCAPE = 'c5,"<b>&""x""</b>",hangzhou,2025-09-01,1995-02-01,,,master,10,10,' + (
    '"[{""date"": ""2023-05-01"", ""kinds"": [""detention""]}]"'
)


def csv_text(*rows: str) -> str:
    return "\r\n".join((HEADER, *rows)) + "\r\n"


class Run:
    """One batch.run over CSV text, with every row's outcome kept for the assertions."""

    def __init__(self, text: str, out: Path, *, plan: bool = True) -> None:
        self.outcomes: list[batch.Outcome] = []
        rows = batch.read_clients(csvio.records(io.StringIO(text)))
        self.totals = batch.run(rows, str(out), TODAY, plan=plan, on_row=self.outcomes.append)

    @property
    def files(self) -> list[str]:
        return [o.stem for o in self.outcomes if o.stem]

    @property
    def errors(self) -> list[batch.Outcome]:
        return [o for o in self.outcomes if not o.stem]


def read_summary(out: Path) -> list[dict[str, str]]:
    raw = (out / "summary.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM so spreadsheet programs read UTF-8
    # The headers and words a consultant reads, mapped back to the row dicts' keys and values.
    keys = {header: key for key, header in batch.SUMMARY_HEADERS.items()}
    back = {k: {shown: v for v, shown in words.items()} for k, words in batch.SUMMARY_WORDS.items()}
    return [
        {keys[h]: back.get(keys[h], {}).get(v, v) for h, v in row.items()}
        for row in csv.DictReader(io.StringIO(raw.decode("utf-8-sig")))
    ]


def test_good_and_bad_rows(tmp_path: Path) -> None:
    text = csv_text(GOOD_SH, BAD_DATE, "", GOOD_HZ, BAD_OFFENCES, ESCAPE)
    result = Run(text, tmp_path)
    # Rows are numbered as in the file: header = 1, the blank line (row 4) is skipped.
    assert [o.row for o in result.outcomes if o.stem] == [2, 5, 7]
    assert [(e.row, e.client_id) for e in result.errors] == [(3, "c3"), (6, "c4")]
    assert result.totals == batch.Totals(reports=3, errors=2)
    bad_date = result.errors[0].reasons
    assert len(bad_date) == 2
    assert "「出生日期」" in bad_date[0] and "1990-13-01" in bad_date[0]
    assert "「最高学历学位」" in bad_date[1] and "phd" in bad_date[1]
    assert "offences" in result.errors[1].reasons[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "c1.html",
        "c1.md",
        "c1.qr.svg",
        "c2.html",
        "c2.md",
        "c2.qr.svg",
        "c5.html",
        "c5.md",
        "c5.qr.svg",
        "summary.csv",
    ]

    rows = read_summary(tmp_path)
    assert list(rows[0]) == list(batch.SUMMARY_COLUMNS)
    assert [(r["row"], r["client_id"], r["status"]) for r in rows] == [
        ("2", "c1", "ok"),
        ("3", "c3", "error"),
        ("5", "c2", "ok"),
        ("6", "c4", "error"),
        ("7", "c5", "ok"),
    ]
    # c1: age 35 -> 30, benke_degree 90, 60 months = 5 years -> 15: 135 >= 120.
    c1 = rows[0]
    assert (c1["total"], c1["threshold"], c1["gap"], c1["eligible"], c1["vetoed"]) == (
        "135",
        "120",
        "0",
        "true",
        "false",
    )
    assert c1["earliest_date"] == "2026-03-01"
    assert c1["report"] == "c1.html"
    assert len(rows[1]["errors"].split("\n")) == 2 and rows[1]["total"] == ""
    # c5 is below 100 until the detention leaves the 5-year window.
    c5 = rows[4]
    assert c5["status"] == "ok" and float(c5["gap"]) > 0 and c5["earliest_date"] > "2025-09-01"
    assert c5["warnings"]


def test_summary_matches_scoring(tmp_path: Path) -> None:
    Run(csv_text(GOOD_SH), tmp_path)
    expected = score(
        parse_profile(
            {
                "city": "shanghai",
                "assessment_date": "2026-03-01",
                "birth_date": "1990-05-01",
                "si_months_last_12": "12",
                "si_months_total": "60",
                "education": "benke_degree",
            }
        )
    )
    row = read_summary(tmp_path)[0]
    result = expected.to_dict()
    assert (row["total"], row["threshold"], row["gap"]) == tuple(
        str(result[k]) for k in ("total", "threshold", "gap")
    )
    client = batch.read_clients(csvio.records(io.StringIO(csv_text(GOOD_SH))))
    first = next(client)
    assert isinstance(first, batch.Client) and score(first.profile).to_dict() == result


def test_report_contents(tmp_path: Path) -> None:
    Run(csv_text(GOOD_HZ, ESCAPE), tmp_path)
    md = (tmp_path / "c2.md").read_text(encoding="utf-8")
    assert md.startswith("# 李四（c2）· 杭州居住证积分评估")
    for needle in (
        "报告日期：2026-01-05",
        "政策版本：",
        "## 得分明细",
        "## 怎样提高积分",
        "## 积分预测（未来5年）",
        "## 材料清单",
        "假设：",
    ):
        assert needle in md
    assert md.index("## 得分明细") < md.index("## 怎样提高积分") < md.index("## 材料清单")

    page = (tmp_path / "c5.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "@media print" in page
    assert "<b>" not in page and "&lt;b&gt;&amp;&quot;x&quot;&lt;/b&gt;" in page
    assert "<script" not in page and "<link" not in page and "src=" not in page
    assert "<svg" in page and "报告日期：2026-01-05" in page
    assert "怎样提高积分" in page and "材料清单" in page


def test_duplicate_and_unsafe_ids(tmp_path: Path) -> None:
    row = GOOD_SH.split(",", 1)[1]
    text = csv_text("../x/y," + row, "../x/y," + row, "客户 7," + row)
    result = Run(text, tmp_path)
    assert result.files == ["x_y", "x_y-2", "客户_7"]
    assert all((tmp_path / f"{stem}.html").is_file() for stem in result.files)
    assert not (tmp_path.parent / "x").exists()


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("", "文件是空的"),
        ("name,city\r\n甲,shanghai\r\n", "client_id"),
        ("client_id,city,city\r\n", "重复"),
    ],
)
def test_unreadable_files(tmp_path: Path, text: str, needle: str) -> None:
    with pytest.raises(csvio.CsvInputError, match=needle):
        Run(text, tmp_path / "out")
    assert not (tmp_path / "out").exists()  # refused before anything is written


def test_row_level_problems(tmp_path: Path) -> None:
    text = csv_text(
        ",无编号,shanghai,2026-03-01,1990-05-01,12,60,benke,,,",
        GOOD_SH + ",extra",
        "c9,,beijing,2026-03-01,1990-05-01,,,,,,",
    )
    result = Run(text, tmp_path)
    reasons = {e.row: " ".join(e.reasons) for e in result.errors}
    assert "client_id" in reasons[2]
    assert "多1个" in reasons[3]
    assert "「城市」" in reasons[4] and "beijing" in reasons[4]
    assert result.files == []


@pytest.mark.parametrize(
    ("data", "label"),
    [
        (csv_text(GOOD_SH).encode("gb18030"), "GB18030（兼容 GBK）"),
        (b"\xef\xbb\xbf" + csv_text(GOOD_SH).encode("utf-8"), "UTF-8（带 BOM）"),
        (csv_text(GOOD_SH).encode("utf-8"), "UTF-8"),
    ],
)
def test_gb18030_and_bom(tmp_path: Path, data: bytes, label: str) -> None:
    encoding, rows = batch.read_file(io.BytesIO(data))
    assert encoding.label == label
    first = next(rows)
    assert isinstance(first, batch.Client) and first.name == "张三"


def test_template_is_shipped_and_complete() -> None:
    shipped = (ROOT / "examples" / "clients-template.csv").read_bytes().decode("utf-8")
    assert shipped == batch.template_csv()
    columns = shipped.strip().split(",")
    assert columns[:2] == ["client_id", "name"]
    assert len(columns) == len(set(columns))


def test_shipped_example_is_all_good(tmp_path: Path) -> None:
    text = (ROOT / "examples" / "clients.csv").read_text(encoding="utf-8")
    result = Run(text, tmp_path)
    assert result.errors == []
    assert len(result.files) >= 4
    assert {r["city"] for r in read_summary(tmp_path)} == {"shanghai", "hangzhou"}


def test_on_row_sees_every_row_in_order(tmp_path: Path) -> None:
    result = Run(csv_text(GOOD_SH, BAD_DATE), tmp_path)
    assert [(o.row, o.stem) for o in result.outcomes] == [(2, "c1"), (3, "")]
    assert [o.summary["status"] for o in result.outcomes] == ["ok", "error"]


def test_no_plan_reports(tmp_path: Path) -> None:
    Run(csv_text(GOOD_SH, GOOD_HZ, ESCAPE), tmp_path, plan=False)
    md = (tmp_path / "c2.md").read_text(encoding="utf-8")
    page = (tmp_path / "c2.html").read_text(encoding="utf-8")
    for text in (md, page):
        assert "不计算提分办法和积分预测" in text and "材料清单" in text
        assert "积分预测（未来5年）" not in text and "假设" not in text
    assert page.count("<svg") == 1 and '<div class="share-qr"><svg' in page  # the QR code, no chart
    rows = read_summary(tmp_path)
    # c1 (135 >= 120) has reached the line on its assessment date, known without a projection.
    # c2 has 130 >= 100, but only 50 of it is certain (benke 50; age 30 unconfirmed, SI 30 and
    # residence 20 unpublished since 2025): uncertain, so no date; c5 has not reached the line.
    assert [r["earliest_date"] for r in rows] == ["2026-03-01", "", ""]
    assert [r["结论"] for r in rows] == ["已达到", "还不确定", "未达到"]
    # c1: benke with degree 90 + age 30 + 5 years of SI 15 = 135, all confirmed: certain = total
    assert rows[0]["确定的部分（分）"] == rows[0]["total"]
    assert rows[1]["确定的部分（分）"] == "50"  # 130 - 30 - 30 - 20
    assert rows[1]["结论说明"].startswith("估算130分，其中80分来自")


def test_a_crashing_row_does_not_stop_the_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = batch.build

    def build(client: batch.Client, today: date, plan: bool, base: str) -> batch.ClientReport:
        if client.client_id == "c1":
            raise RecursionError
        return real(client, today, plan, base)

    monkeypatch.setattr(batch, "build", build)
    result = Run(csv_text(GOOD_SH, GOOD_HZ), tmp_path)
    assert result.files == ["c2"]
    assert result.errors[0].reasons == (batch.INTERNAL_ERROR,)
    assert [r["status"] for r in read_summary(tmp_path)] == ["error", "ok"]


# --- CLI ----------------------------------------------------------------------------------------


def test_cli_batch(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "clients.csv"
    src.write_text(csv_text(GOOD_SH, BAD_DATE), encoding="utf-8")
    out = tmp_path / "out"
    code = main(["batch", str(src), "--out", str(out), "--date", "2026-01-05"])
    captured = capsys.readouterr()
    assert code == 1  # some rows had problems; the others were written
    assert "第3行（c3）：" in captured.err and "「出生日期」" in captured.err
    assert "已生成 1 份报告，1 行有问题" in captured.err
    assert "处理中" not in captured.err and "已处理" not in captured.err  # a tiny run: silent
    assert f"读取 {src}：按 UTF-8 编码。" in captured.err
    assert (out / "c1.html").is_file()
    assert "报告日期：2026-01-05" in (out / "c1.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("flags", "suffixes"),
    [
        ([], [".html", ".md", ".qr.svg"]),  # the default: report, page and QR code, 3 per client
        (["--no-qr"], [".html", ".md"]),  # without QR codes: 2 per client, the link stays
        (["--no-plan", "--no-qr"], [".html", ".md"]),
    ],
    ids=["default", "no-qr", "no-plan-no-qr"],
)
def test_cli_batch_qr_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], flags: list[str], suffixes: list[str]
) -> None:
    src = tmp_path / "clients.csv"
    src.write_text(csv_text(GOOD_SH, GOOD_HZ, BAD_DATE), encoding="utf-8")
    day = ["--date", "2026-01-05", "--base-url", "https://example.org/calculator/"]
    plan = [f for f in flags if f == "--no-plan"]
    with_qr, out = tmp_path / "with-qr", tmp_path / "out"
    assert main(["batch", str(src), "--out", str(with_qr), *day, *plan]) == 1  # c3's bad date
    assert main(["batch", str(src), "--out", str(out), *day, *flags]) == 1
    capsys.readouterr()
    # 2 good clients x len(suffixes) files, plus summary.csv; the bad row writes no report
    expected = sorted(f"{stem}{suffix}" for stem in ("c1", "c2") for suffix in suffixes)
    assert sorted(p.name for p in out.iterdir()) == sorted([*expected, "summary.csv"])
    # the summary does not depend on the QR codes
    assert (out / "summary.csv").read_bytes() == (with_qr / "summary.csv").read_bytes()
    md = (out / "c1.md").read_text(encoding="utf-8")
    page = (out / "c1.html").read_text(encoding="utf-8")
    link = next(line[1:-1] for line in md.splitlines() if line.startswith("<https://"))
    assert f'<a href="{link}">' in page  # the link is in both files either way
    if ".qr.svg" in suffixes:
        assert md == (with_qr / "c1.md").read_text(encoding="utf-8")
        assert "![二维码](<c1.qr.svg>)" in md and '<div class="share-qr"><svg' in page
    else:
        assert "![二维码]" not in md and 'class="share-qr"' not in page
        assert batch_report.QR_NOTE not in md and batch_report.QR_NOTE not in page
        assert batch_report.LINK_NOTE in md and batch_report.LINK_NOTE in page


def test_cli_batch_all_good(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "clients.csv"
    src.write_text(csv_text(GOOD_SH), encoding="utf-8")
    assert main(["batch", str(src), "--out", str(tmp_path / "o")]) == 0
    assert "已生成 1 份报告，0 行有问题" in capsys.readouterr().err


def test_cli_template(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["batch", "--template"]) == 0
    assert capsys.readouterr().out == batch.template_csv()


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["batch", "missing.csv", "--out", "o"], "文件不存在"),
        (["batch", "--out", "o"], "客户 CSV 文件"),
        (["batch", "x.csv"], "--out"),
        (["batch", "x.csv", "--out", "o", "--date", "2026-02-30"], "--date"),
    ],
)
def test_cli_batch_bad_invocation(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    needle: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x.csv").write_text(csv_text(GOOD_SH), encoding="utf-8")
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert needle in err and "Traceback" not in err


def test_cli_batch_empty_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "empty.csv"
    src.write_bytes(b"")
    assert main(["batch", str(src), "--out", str(tmp_path / "o")]) == 2
    assert "文件是空的" in capsys.readouterr().err


def test_whatifs_and_projection_in_report_data() -> None:
    rows = batch.read_clients(csvio.records(io.StringIO(csv_text(GOOD_HZ))))
    client = next(rows)
    assert isinstance(client, batch.Client)
    rep = batch.build(client, TODAY)
    assert rep.whatifs and all(w.points_gained > 0 for w in rep.whatifs)
    assert rep.projection is not None and len(rep.projection.points) == 61
    json.dumps([w.to_dict() for w in rep.whatifs], ensure_ascii=False)
