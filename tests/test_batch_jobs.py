"""Batch in worker processes (``--jobs``): the same bytes as one process, the pool's order and
bounds, and the option's Chinese messages."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from helpers import run_cli

from calculator.surfaces import batch, pool
from calculator.surfaces.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_ROWS = (ROOT / "examples" / "clients.csv").read_text(encoding="utf-8").splitlines()
HEADER, GOOD = EXAMPLE_ROWS[0], EXAMPLE_ROWS[1:]


def _with(line: str, client_id: str, assessment_date: str = "") -> str:
    """An example line under another client id (and assessment date, the 4th column)."""
    _, name, city, day, rest = line.split(",", 4)
    return ",".join((client_id, name, city, assessment_date or day, rest))


# data row -> client id; a date of month 13 makes a bad row. Dup/dup/DUP/dUp collide ignoring
# case, "same" twice exactly; they are spread over several chunks of the pool (CHUNK rows each).
SPECIAL = {0: "Dup", 1: "same", 5: "", 10: "DUP", 14: "same", 15: "dUp", 16: "", 20: "Dup"}
SPECIAL |= {25: "dup", 27: "", 30: "DUP", 35: "dUp", 40: "Dup", 49: "dup"}
BAD = {3, 17, 24, 38, 45}


def mixed_csv() -> str:
    """50 rows: the example clients again and again, with bad rows, repeated ids and ids that
    differ only in case."""
    rows = []
    for i in range(50):
        line = GOOD[i % len(GOOD)]
        if i in BAD:
            rows.append(_with(line, f"X{i}", "2026-13-01"))
        else:
            rows.append(_with(line, SPECIAL.get(i, f"c{i}")))
    return "\r\n".join([HEADER, *rows]) + "\r\n"


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("flags", [["--no-plan"], ["--no-plan", "--no-qr"]], ids=["qr", "no-qr"])
def test_two_jobs_write_the_same_bytes_as_one(tmp_path: Path, flags: list[str]) -> None:
    src = tmp_path / "clients.csv"
    src.write_text(mixed_csv(), encoding="utf-8")
    runs = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"out-{jobs}"
        args = ("batch", str(src), "--out", str(out), "--date", "2026-01-05", *flags)
        done = run_cli(*args, "--jobs", jobs)
        assert done.returncode == 1, done.stderr  # some rows are bad, the others are written
        runs[jobs] = (files_of(out), done.stderr.replace(str(out), "OUT"))
    one, two = runs["1"], runs["2"]
    assert one[0] == two[0]  # every report, QR code and summary.csv, byte for byte
    assert one[1] == two[1]  # the same messages, in row order
    names = set(one[0])
    # data rows 0, 10, 15, 20, 25, ... 49 are Dup, DUP, dUp, Dup, dup, ...: a name each, in order
    stems = ["Dup", "DUP-2", "dUp-3", "Dup-4", "dup-5", "DUP-6", "dUp-7", "Dup-8", "dup-9"]
    assert {f"{stem}.html" for stem in stems} <= names
    assert "same.html" in names and "same-2.html" in names  # data rows 1 and 14
    assert "第5行（X3）：" in one[1] and "client_id（客户编号）为空" in one[1]


def test_a_crashing_row_gives_the_same_output_with_two_jobs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if multiprocessing.get_start_method() != "fork":
        pytest.skip("the patched build reaches the workers only when they are forked")
    real = batch.build

    def build(client: batch.Client, today: date, plan: bool, base: str) -> batch.ClientReport:
        if client.client_id in ("dup", "c18"):
            raise RecursionError
        return real(client, today, plan, base)

    monkeypatch.setattr(batch, "build", build)
    src = tmp_path / "clients.csv"
    src.write_text(mixed_csv(), encoding="utf-8")
    seen = {}
    for jobs in (1, 2):
        out = tmp_path / f"out-{jobs}"
        outcomes: list[batch.Outcome] = []
        with src.open("rb") as fh:
            _, rows = batch.read_file(fh)
            batch.run(
                rows, str(out), date(2026, 1, 5), plan=False, on_row=outcomes.append, jobs=jobs
            )
        seen[jobs] = (files_of(out), outcomes)
    assert seen[1] == seen[2]
    crashed = [o for o in seen[2][1] if o.reasons == (batch.INTERNAL_ERROR,)]
    assert [o.client_id for o in crashed] == ["c18", "dup", "dup"]  # data rows 18, 25, 49
    # the crashed "dup" of data row 25 leaves its stem dup-5 unused; the next DUP gets -6
    assert "dup-5.html" not in seen[2][0] and "DUP-6.html" in seen[2][0]


# --- the pool -----------------------------------------------------------------------------------


def _pid_and_square(n: int) -> tuple[int, int]:
    return os.getpid(), n * n


def _fail_on_seven(n: int) -> int:
    if n == 7:
        raise OSError(28, "No space left on device")
    return n


def test_pool_keeps_the_order_and_uses_other_processes() -> None:
    got = list(pool.ordered_map(_pid_and_square, range(100), 2, chunk=3))
    assert [square for _, square in got] == [n * n for n in range(100)]
    pids = {pid for pid, _ in got}
    assert os.getpid() not in pids and 1 <= len(pids) <= 2


@pytest.mark.parametrize(("jobs", "items"), [(1, 100), (2, 5)], ids=["one-job", "under-a-chunk"])
def test_pool_runs_here_for_one_job_or_a_short_input(jobs: int, items: int) -> None:
    got = list(pool.ordered_map(_pid_and_square, range(items), jobs, chunk=10))
    assert got == [(os.getpid(), n * n) for n in range(items)]


def test_pool_reads_ahead_at_most_its_window() -> None:
    read = []

    def items() -> Iterator[int]:
        for n in range(1000):
            read.append(n)
            yield n

    results = pool.ordered_map(_pid_and_square, items(), 2, chunk=4)
    next(results)
    # 2 jobs x 2 chunks in flight x 4 items, plus the chunk being filled: never the whole input
    assert len(read) <= 2 * 2 * 4 + 4
    results.close()  # stops the workers


def test_an_error_in_a_worker_is_raised_here() -> None:
    with pytest.raises(OSError) as caught:
        list(pool.ordered_map(_fail_on_seven, range(50), 2, chunk=4))
    assert caught.value.strerror == "No space left on device"


# --- the option -----------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["0", "-1", "65", "1.5", "abc", "２", " ", "1e3"])
def test_a_bad_jobs_value_is_refused_in_chinese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], value: str
) -> None:
    src = tmp_path / "clients.csv"
    src.write_text(mixed_csv(), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["batch", str(src), "--out", str(out), "--jobs", value]) == 2
    err = capsys.readouterr().err
    assert "进程数（--jobs）应为 1 到 64 的整数" in err and "Traceback" not in err
    assert not out.exists()  # refused before anything is written


def test_help_explains_jobs_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["batch", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "--jobs N" in text and "同时计算的进程数" in text and "CPU 核数" in text
