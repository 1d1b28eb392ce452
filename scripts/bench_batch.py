"""Batch speed and memory figures (a script, not a test): ``make bench-batch``.

Builds a client CSV of ``--rows`` rows (default 10,000) by repeating the rows of
``examples/clients.csv`` under fresh client ids, runs ``python -m calculator batch`` on it in a
subprocess per mode and ``--jobs`` value, and prints, with the load average as each run starts,
the wall-clock seconds, the CPU seconds of the batch and its worker processes (user + system:
what the run costs when the machine is shared), rows per second, the peak resident memory of
the whole process tree (the batch process and its workers: the largest sum of their ``VmRSS``,
sampled from ``/proc`` every 20 ms; shared pages count once per process, so this overstates
a forked pool) and the peak of the largest single process
(``resource.getrusage(RUSAGE_CHILDREN).ru_maxrss``, measured in a fresh helper process per run
so one run's peak never hides another's).

Modes: ``no-qr`` (``--no-plan --no-qr``: two files per client instead of three), ``no-plan``
(``--no-plan``, QR codes drawn) and ``plan`` (the default batch, what-ifs and projection). Goals
on the reference machine: 10,000 rows in under 30 s without the plan, and a peak under 150 MB
either way. ``--plan-rows`` runs the slower mode on fewer rows (memory does not grow with the
row count, so its peak still answers the memory goal). ``--jobs 1,2`` runs every mode once per
``--jobs`` value (default: ``1`` and the CPUs available; ``0`` leaves the option out).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from calculator.surfaces.pool import default_jobs

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


def tree_rss_kib(root: int) -> int:
    """The summed VmRSS (KiB) of ``root`` and all its descendants now (Linux /proc)."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                stat = fh.read()
        except OSError:
            continue  # gone meanwhile
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        parents.setdefault(ppid, []).append(int(entry))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo.extend(parents.get(pid, ()))
        try:
            with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
                        break
        except OSError:
            continue
    return total


def measure(argv: list[str]) -> dict[str, float]:
    """Run ``argv`` and return its seconds, CPU and peaks; meant to run in a fresh process."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=err)
        tree_peak = 0
        while child.poll() is None:
            tree_peak = max(tree_peak, tree_rss_kib(child.pid))
            time.sleep(0.02)
        seconds = time.perf_counter() - start
        if child.returncode != 0:
            err.seek(0)
            sys.stderr.write(err.read().decode("utf-8", errors="replace"))
            raise SystemExit(f"batch exited {child.returncode}")
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    # ru_maxrss is in KiB on Linux; CPU seconds tell the work apart from waiting on a busy machine.
    return {
        "seconds": seconds,
        "cpu_seconds": usage.ru_utime + usage.ru_stime,
        "peak_mb": tree_peak / 1024,
        "process_peak_mb": usage.ru_maxrss / 1024,
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
    parser.add_argument(
        "--jobs",
        default=f"1,{default_jobs()}",
        help="comma-separated --jobs values to run; 0: no --jobs option (the CLI's default, "
        "or a version without it)",
    )
    parser.add_argument("--json", default="", metavar="FILE", help="also write the figures here")
    parser.add_argument("--measure", default="", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        print(json.dumps(measure(json.loads(args.measure))))
        return 0
    modes = [
        ("no-qr", ("--no-plan", "--no-qr"), args.rows),
        ("no-plan", ("--no-plan",), args.rows),
        ("plan", (), args.plan_rows or args.rows),
    ]
    jobs = [int(j) for j in args.jobs.split(",") if j.strip()]
    results = []
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        for label, flags, rows in modes:
            if args.only and label != args.only:
                continue
            src = Path(tmp) / f"clients-{rows}.csv"
            if not src.exists():
                src.write_text(client_csv(rows), encoding="utf-8")
            for n in jobs:
                load = os.getloadavg()[0]  # the 1-minute load average as the run starts
                out = Path(tmp) / f"out-{label}-{n}"
                jobs_flag = ("--jobs", str(n)) if n else ()
                figures = run_once(src, out, (*flags, *jobs_flag))
                shutil.rmtree(out)
                results.append({"mode": label, "jobs": n, "rows": rows, "load": load, **figures})
    heads = ("wall s", "CPU s", "rows/s", "CPU ms/row", "tree MB", "proc MB", "files", "load")
    print(f"{'mode':<8} {'jobs':>4} {'rows':>6} " + " ".join(f"{h:>10}" for h in heads))
    for r in results:
        print(
            f"{r['mode']:<8} {r['jobs']:>4} {r['rows']:>6} {r['seconds']:>10.1f} "
            f"{r['cpu_seconds']:>10.1f} {r['rows'] / r['seconds']:>10.0f} "
            f"{1000 * r['cpu_seconds'] / r['rows']:>10.2f} {r['peak_mb']:>10.1f} "
            f"{r['process_peak_mb']:>10.1f} {r['files']:>10} {r['load']:>10.1f}"
        )
    goal = f"no-plan 10,000 rows < {GOAL_SECONDS_NO_PLAN:.0f} s; peak < {GOAL_PEAK_MB:.0f} MB"
    print(f"goals: {goal}")
    print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
