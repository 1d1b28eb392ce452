"""Batch speed and memory figures (a script, not a test): ``make bench-batch``.

Builds a client CSV of ``--rows`` rows (default 10,000) by repeating the rows of
``examples/clients.csv`` under fresh client ids, runs ``python -m calculator batch`` on it in a
subprocess per mode, and prints, with the load average as each run starts, the wall-clock seconds,
the CPU seconds (user + system: what the run costs when the machine is shared) and the peak
resident memory of the batch process (``resource.getrusage(RUSAGE_CHILDREN).ru_maxrss``, measured
in a fresh helper process per run so one run's peak never hides another's).

Modes: ``no-plan`` (``--no-plan``, QR codes drawn), ``no-qr`` (``--no-plan --no-qr``: two files
per client instead of three) and ``plan`` (the default batch, what-ifs and projection). Goals on
the reference machine: 10,000 rows in under 30 s without the plan, and a peak under 150 MB either
way. ``--plan-rows`` runs the slower mode on fewer rows (memory does not grow with the row count,
so its peak still answers the memory goal).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "clients.csv"
GOAL_SECONDS_NO_PLAN = 30.0
GOAL_PEAK_MB = 150.0


def client_csv(rows: int) -> str:
    """``rows`` client rows cycling through the example file, ids B00001, B00002, …"""
    examples = list(csv.reader(io.StringIO(EXAMPLE.read_text(encoding="utf-8"))))
    header, body = examples[0], examples[1:]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for i in range(rows):
        cells = list(body[i % len(body)])
        cells[0] = f"B{i + 1:05d}"
        writer.writerow(cells)
    return out.getvalue()


def measure(argv: list[str]) -> dict[str, float]:
    """Run ``argv`` and return its seconds and peak RSS; meant to run in a fresh process."""
    start = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"batch exited {done.returncode}")
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    # ru_maxrss is in KiB on Linux; CPU seconds tell the work apart from waiting on a busy machine.
    return {
        "seconds": seconds,
        "cpu_seconds": usage.ru_utime + usage.ru_stime,
        "peak_mb": usage.ru_maxrss / 1024,
    }


def run_once(src: Path, out: Path, flags: tuple[str, ...]) -> dict[str, float]:
    argv = [sys.executable, "-m", "calculator", "batch", str(src), "--out", str(out), *flags]
    helper = [sys.executable, __file__, "--measure", json.dumps(argv)]
    done = subprocess.run(helper, capture_output=True, text=True, check=True, cwd=ROOT)
    figures: dict[str, float] = json.loads(done.stdout)
    figures["files"] = len(os.listdir(out))
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--plan-rows", type=int, default=0, help="rows for the plan run")
    parser.add_argument("--only", choices=("plan", "no-plan", "no-qr"), default="")
    parser.add_argument("--json", default="", metavar="FILE", help="also write the figures here")
    parser.add_argument("--measure", default="", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        print(json.dumps(measure(json.loads(args.measure))))
        return 0
    modes = [
        ("no-plan", ("--no-plan",), args.rows),
        ("no-qr", ("--no-plan", "--no-qr"), args.rows),
        ("plan", (), args.plan_rows or args.rows),
    ]
    results = []
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        for label, flags, rows in modes:
            if args.only and label != args.only:
                continue
            src = Path(tmp) / f"clients-{rows}.csv"
            if not src.exists():
                src.write_text(client_csv(rows), encoding="utf-8")
            load = os.getloadavg()[0]  # the 1-minute load average as the run starts
            figures = run_once(src, Path(tmp) / f"out-{label}", flags)
            results.append({"mode": label, "rows": rows, "load": load, **figures})
    heads = ("seconds", "CPU s", "ms/row", "peak MB")
    print(
        f"{'mode':<8} {'rows':>6} "
        + " ".join(f"{h:>8}" for h in heads)
        + f" {'files':>6} {'load':>5}"
    )
    for r in results:
        ms = 1000 * r["seconds"] / r["rows"]
        print(
            f"{r['mode']:<8} {r['rows']:>6} {r['seconds']:>8.1f} {r['cpu_seconds']:>8.1f} "
            f"{ms:>8.2f} {r['peak_mb']:>8.1f} {r['files']:>6} {r['load']:>5.1f}"
        )
    goal = f"no-plan 10,000 rows < {GOAL_SECONDS_NO_PLAN:.0f} s; peak < {GOAL_PEAK_MB:.0f} MB"
    print(f"goals: {goal}")
    print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
