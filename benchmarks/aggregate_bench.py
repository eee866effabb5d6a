"""Benchmark: `curriculum-map aggregate` end to end against the naive pandas way, side by side.

    python benchmarks/aggregate_bench.py                      # N = 100, 1000 and 5000
    python benchmarks/aggregate_bench.py --workbooks 1000     # one size
    python benchmarks/aggregate_bench.py --workbooks 200 --naive-limit 200 --keep /tmp/bench

For each N it generates N filled programme workbooks from the tool's own templates (all 27 + 120
rows answered, level and ambition, with varied answers and a different respondent in each), then
times in the same run, each in a fresh process:
- `curriculum-map aggregate DIR --out OUT --quiet` end to end with every default output (the CSV
  files, coverage.xlsx, report.html and desk.html, the maps as tables), and again with `--pictures`
  (PNG copies of the heatmaps for e-mail: a fixed cost of seconds, drawn by matplotlib),
  each --repeat times (default 3, interleaved; the median is reported, as the machine may be shared);
- the naive way: `pandas.read_excel(engine="openpyxl", sheet_name=None)` on every file, one
  file after another (reading only, no report at all).
It prints workbooks per second, their ratio and the peak memory (resource.getrusage: the largest
resident set of the process or any of its workers). With --naive-limit, the naive way is timed
on that many files and extrapolated linearly for larger N (and marked so).

How the workbooks are made: 24 base workbooks (6 programmes x 4 answer profiles) are filled with
openpyxl as a lecturer would; every further workbook copies a base and gives it its own
respondent name by replacing a fixed-length placeholder in the stored sheet XML. That keeps
generating 5,000 workbooks to well under a minute.
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from statistics import median

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "examples"))

PLACEHOLDER = "Respondent-000000"
# a remark on one row that differs per workbook: without it, copies with the same answers would count
# once (identical-submission), and the run would aggregate 24 respondents instead of N
REMARK = "Opmerking-000000"
PROFILES = 4

NAIVE = """
import sys
from pathlib import Path
import pandas
files = sorted(Path(sys.argv[1]).glob("*.xlsx"))[: int(sys.argv[2])]
cells = 0
for path in files:
    for frame in pandas.read_excel(path, sheet_name=None, engine="openpyxl").values():
        cells += frame.size
print(len(files), cells)
"""


def make_bases(folder: Path) -> list[Path]:
    """Fill the tool's templates as lecturers would: every row answered, answers varying per profile."""
    from curriculum_map.coverage.template import write_templates
    from curriculum_map.framework.model import load_framework
    from make_examples import fill_workbook

    framework = load_framework()
    labels = framework.level_labels("nl")
    blanks = write_templates(framework, folder / "blank")
    bases = []
    for written in blanks.workbooks:
        for profile in range(PROFILES):
            rng = random.Random(f"{written.programme.id}/{profile}")
            answers: dict[tuple[str, str, str], object] = {}
            for sheet, items in (("matrix", framework.components), ("competences", framework.competences)):
                for item in items:
                    current = rng.randrange(len(labels))
                    answers[(sheet, item.id, "level")] = labels[current]
                    answers[(sheet, item.id, "ambition")] = labels[min(len(labels) - 1, current + rng.randrange(2))]
            answers[("matrix", framework.components[0].id, "comment")] = REMARK
            target = folder / f"base-{written.programme.id}-{profile}.xlsx"
            fill_workbook(written.path, target, answers, {"name": PLACEHOLDER, "role": "lector", "date": "2026-06-01"})
            bases.append(target)
    return bases


def make_workbooks(count: int, folder: Path, bases: list[Path]) -> None:
    """`count` workbooks: copies of the bases, each with its own respondent."""
    folder.mkdir(parents=True, exist_ok=True)
    members = []
    for base in bases:
        with zipfile.ZipFile(base) as archive:
            members.append([(info, archive.read(info.filename)) for info in archive.infolist()])
    placeholders = (PLACEHOLDER.encode(), REMARK.encode())
    for number in range(count):
        source = members[number % len(members)]
        names = (f"Respondent-{number:06d}".encode(), f"Opmerking-{number:06d}".encode())
        assert [len(n) for n in names] == [len(p) for p in placeholders]
        with zipfile.ZipFile(folder / f"werkmap-{number:06d}.xlsx", "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out:
            for info, data in source:
                if info.filename == "xl/sharedStrings.xml" or info.filename.startswith("xl/worksheets/"):
                    for placeholder, name in zip(placeholders, names, strict=True):
                        data = data.replace(placeholder, name)
                out.writestr(info.filename, data)


def check_counted(out: Path, count: int) -> None:
    """Stop when the run did not count every workbook as a respondent: its figures would measure less work."""
    with (out / "responses.csv").open(encoding="utf-8-sig", newline="") as handle:
        counted = len({row["file"] for row in csv.DictReader(handle)})
    if counted != count:
        raise SystemExit(f"the run counted {counted} of {count} workbooks: the benchmark's workbooks are not distinct")


# Runs a command and reports the peak resident set of it and its descendants (in KB, on Linux).
WRAPPER = """
import resource, subprocess, sys
result = subprocess.run(sys.argv[1:], capture_output=True, text=True)
sys.stderr.write(result.stderr)
print(result.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def timed(command: list[str]) -> tuple[float, float]:
    """Wall time and peak memory (MB: the largest process among the command and its workers)."""
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", WRAPPER, *command], capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    returncode, peak_kb = (int(x) for x in result.stdout.split())
    if returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stderr}")
    return elapsed, peak_kb / 1024


def spread(runs: list[tuple[float, float]]) -> str:
    times = sorted(t for t, _ in runs)
    return f"{median(times):.1f} s" + (f" [{times[0]:.1f} to {times[-1]:.1f}]" if len(times) > 1 else "")


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark curriculum-map aggregate against pandas.read_excel.")
    parser.add_argument("--workbooks", type=int, action="append", help="number of workbooks (repeatable)")
    parser.add_argument(
        "--naive-limit",
        type=int,
        default=1000,
        help="time the naive way on at most this many files and extrapolate (default 1000)",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="run the tool this many times per size and report the median (default 3; the machine is shared)",
    )
    parser.add_argument("--keep", type=Path, default=None, help="keep the generated workbooks in this folder")
    args = parser.parse_args()
    sizes = args.workbooks or [100, 1000, 5000]
    root = args.keep or Path(tempfile.mkdtemp(prefix="curriculum-map-bench-"))
    root.mkdir(parents=True, exist_ok=True)
    print(f"machine: {sys.platform}, Python {sys.version.split()[0]}, {__import__('os').cpu_count()} cores")
    start = time.perf_counter()
    bases = make_bases(root / "bases")
    print(f"{len(bases)} base workbooks filled from the templates in {time.perf_counter() - start:.1f} s")
    rows = []
    try:
        for count in sizes:
            folder = root / f"n{count}"
            start = time.perf_counter()
            make_workbooks(count, folder, bases)
            print(f"N = {count}: generated in {time.perf_counter() - start:.1f} s", flush=True)
            out = root / f"report-{count}"
            command = [sys.executable, "-m", "curriculum_map", "aggregate", str(folder), "--out", str(out), "--quiet"]
            runs, bare_runs = [], []
            for _ in range(max(1, args.repeat)):  # interleaved, so that a busy moment hits both alike
                runs.append(timed(command))
                bare_runs.append(timed([*command, "--pictures"]))
            check_counted(out, count)
            tool_s, bare_s = median(t for t, _ in runs), median(t for t, _ in bare_runs)
            tool_mb = max(mb for _, mb in runs)
            sample = min(count, args.naive_limit)
            naive_s, naive_mb = timed([sys.executable, "-c", NAIVE, str(folder), str(sample)])
            extrapolated = sample < count
            naive_total = naive_s * count / sample
            rows.append((count, tool_s, tool_mb, naive_total, naive_mb, extrapolated, bare_s))
            print(
                f"N = {count}: tool {spread(runs)} ({spread(bare_runs)} with --pictures), naive {naive_total:.1f} s"
                f"{' (extrapolated from ' + str(sample) + ')' if extrapolated else ''}",
                flush=True,
            )
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)
    print()
    print(
        "| N | aggregate, default outputs (s) | workbooks/s | ratio | with --pictures (s) | ratio |"
        " naive pandas+openpyxl (s) | workbooks/s | peak MB tool | peak MB naive |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for count, tool_s, tool_mb, naive_s, naive_mb, extrapolated, bare_s in rows:
        mark = "*" if extrapolated else ""
        print(
            f"| {count} | {tool_s:.1f} | {count / tool_s:.0f} | {naive_s / tool_s:.1f}x | {bare_s:.1f} |"
            f" {naive_s / bare_s:.1f}x | {naive_s:.1f}{mark} | {count / naive_s:.0f}{mark} | {tool_mb:.0f} |"
            f" {naive_mb:.0f} |"
        )
    print(f"Tool times: the median of {max(1, args.repeat)} runs; peak MB: the largest of them.")
    if any(row[5] for row in rows):
        print(f"* extrapolated linearly from the first {args.naive_limit} files")
    print("Peak MB: the largest resident set among the command's own process and its worker processes.")


if __name__ == "__main__":
    main()
