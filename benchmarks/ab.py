"""A/B: `aggregate` of one tree against another on the same workbooks, runs alternated.

    python benchmarks/ab.py OLD_TREE NEW_TREE WORKBOOK_FOLDER [--repeat 5] [--no-pictures]

Each run is `python -m curriculum_map aggregate FOLDER --out OUT -q` in a fresh process with
PYTHONPATH set to the tree, so both trees run on the same Python and libraries; A and B alternate
so that a busy moment on a shared machine hits both alike. Prints every time and the medians.
Make a tree of an older commit with `git worktree add --detach /tmp/old COMMIT`, and a folder of
workbooks with `python benchmarks/aggregate_bench.py --workbooks 300 --repeat 1 --keep /tmp/bench`.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from statistics import median


def run(tree: Path, folder: Path, extra: list[str]) -> float:
    out = Path(tempfile.mkdtemp(prefix="ab-")) / "out"
    environment = {**os.environ, "PYTHONPATH": str(tree)}
    command = [sys.executable, "-m", "curriculum_map", "aggregate", str(folder), "--out", str(out), "-q", *extra]
    start = time.perf_counter()
    subprocess.run(command, env=environment, check=False, capture_output=True, cwd=tree)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-pictures", action="store_true")
    args = parser.parse_args()
    extra = ["--no-pictures"] if args.no_pictures else []
    times: dict[str, list[float]] = {"old": [], "new": []}
    for _ in range(args.repeat):
        for name, tree in (("old", args.old), ("new", args.new)):
            times[name].append(run(tree.resolve(), args.folder.resolve(), extra))
    for name, found in times.items():
        print(f"{name}: median {median(found):.2f} s  ({', '.join(f'{t:.2f}' for t in found)})")
    print(f"difference: {median(times['new']) - median(times['old']):+.2f} s")


if __name__ == "__main__":
    main()
