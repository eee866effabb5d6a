"""Benchmark: `curriculum-map sector aggregate` on many small self-assessment workbooks, and the naive loop.

    python benchmarks/sector_bench.py                          # N = 1000, 5000 and 20000; naive at 1000
    python benchmarks/sector_bench.py --workbooks 1000 --naive 1000 --keep /tmp/sector-bench

For each N it makes N filled self-assessment workbooks of ORGANISATIONS organisations: one personal
workbook per organisation is written by the tool (`staff template`, with a function profile of 15
competences, so a small workbook) and filled with openpyxl as a staff member would (relevant, how far
acquired, a wish); every further workbook is a hard link to one of those (a copy where links are not
possible), so that generating 20,000 takes seconds and no disk space. The sector view does not look for
duplicates (a self-assessment is personal; it counts each file), so the links count as N staff members.

Each measurement runs in a fresh process, which reports the largest resident set of itself (the main
process, where the stream is folded into running counts) and of its children (the worker processes that
read; resource.getrusage RUSAGE_SELF and RUSAGE_CHILDREN):
- `sector aggregate DIR --out OUT` end to end (report/ and desk/ written);
- the naive loop: every workbook read with openpyxl into a list (its data sheet's values), then the
  learning needs per organisation and competence counted from the list.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
ORGANISATIONS = 20
ASKED = 15  # competences in the function profile: the rows of each self-assessment

MEASURE = """
import resource, sys, time
started = time.perf_counter()
sys.argv = ["curriculum-map", *sys.argv[1:]]
from curriculum_map.cli import main
try:
    main()
except SystemExit as exc:
    status = exc.code
took = time.perf_counter() - started
self_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
children_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(f"RESULT {took:.3f} {self_mb:.1f} {children_mb:.1f} {status}")
"""

NAIVE = """
import resource, sys, time
from collections import Counter
from pathlib import Path
import openpyxl
started = time.perf_counter()
readings = []
for path in sorted(Path(sys.argv[1]).glob("*.xlsx")):
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    meta = {r[0]: r[1] for r in wb["_metadata"].iter_rows(values_only=True) if r and r[0]}
    readings.append((meta.get("organisation", ""), list(wb["Zelfevaluatie"].iter_rows(values_only=True))))
    wb.close()
needs = Counter()
for organisation, rows in readings:
    for row in rows[7:]:
        if row and row[0] and len(row) > 4 and row[3] != "nee" and row[4] in ("in ontwikkeling", "nog niet"):
            needs[(organisation, row[0])] += 1
took = time.perf_counter() - started
self_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"RESULT {took:.3f} {self_mb:.1f} 0 {len(readings)}")
"""


def make_bases(folder: Path) -> list[Path]:
    """One filled self-assessment per organisation, written by the tool from a profile of ASKED competences."""
    import openpyxl

    from curriculum_map.framework.model import load_framework
    from curriculum_map.organisation.staff import StaffMember, write_staff_templates
    from curriculum_map.workbook.builder import TemplateOptions

    framework = load_framework()
    profiles = folder / "profiel"
    profiles.mkdir(parents=True)
    asked = [c for c in framework.competences][:: len(framework.competences) // ASKED][:ASKED]
    rows = ["function,item_id,component_id,competence,choice_id,choice"]
    rows += [f'Hulpverlener,{c.id},{c.component_id},"{c.text.get("nl")}",essential,essentieel' for c in asked]
    (profiles / "profiles.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    bases = []
    acquired = ("verworven", "in ontwikkeling", "nog niet")
    for number in range(ORGANISATIONS):
        person = StaffMember(f"id-{number}", f"Medewerker {number}", f"m{number}@org{number}.be", "Hulpverlener")
        (path,) = write_staff_templates(framework, folder / f"org{number}", [person], profiles,
                                        TemplateOptions("nl"), f"Organisatie {number:02d}")  # fmt: skip
        wb = openpyxl.load_workbook(path)
        ws = wb["Zelfevaluatie"]
        data = [row[0].row for row in ws.iter_rows(min_row=8) if row[0].value]
        for offset, row in enumerate(data):
            ws.cell(row, 4, "ja" if (number + offset) % 4 else "nee")
            ws.cell(row, 5, acquired[(number + offset) % 3])
        ws.cell(data[0], 6, "een vorming")
        wb.save(path)
        bases.append(path)
    return bases


def make_workbooks(bases: list[Path], folder: Path, count: int) -> Path:
    """`count` workbooks: hard links to the bases in turn (copies where the file system has no links)."""
    folder.mkdir(parents=True)
    for number in range(count):
        target = folder / f"Zelfevaluatie - {number:06d}.xlsx"
        try:
            os.link(bases[number % len(bases)], target)
        except OSError:
            shutil.copyfile(bases[number % len(bases)], target)
    return folder


def measure(script: str, *args: object) -> tuple[float, float, float, str]:
    """Run `script` in a fresh process; its time and the peak memory (MB) of itself and its children."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-c", script, *map(str, args)], capture_output=True, text=True,
                          env=env, check=False)  # fmt: skip
    line = next((x for x in done.stdout.splitlines() if x.startswith("RESULT")), None)
    if line is None:
        raise SystemExit(f"the measured run failed:\n{done.stdout}\n{done.stderr}")
    took, self_mb, children_mb, status = line.split()[1:]
    return float(took), float(self_mb), float(children_mb), status


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workbooks", type=int, nargs="+", default=[1000, 5000, 20000])
    parser.add_argument("--naive", type=int, nargs="*", default=[1000], help="sizes to run the naive loop at")
    parser.add_argument("--keep", type=Path, default=None, help="folder to generate into (kept afterwards)")
    options = parser.parse_args()
    root = options.keep or Path(tempfile.mkdtemp(prefix="sector-bench-"))
    sys.path.insert(0, str(REPO))
    started = time.perf_counter()
    bases = make_bases(root / "bases")
    print(f"{len(bases)} filled base workbooks in {time.perf_counter() - started:.1f} s", flush=True)
    header = "| N | way | total (s) | ms per workbook | peak MB main process | peak MB largest worker | exit |"
    print(header + "\n|---:|---|---:|---:|---:|---:|---:|", flush=True)
    for count in options.workbooks:
        started = time.perf_counter()
        folder = make_workbooks(bases, root / f"n{count}", count)
        made = time.perf_counter() - started
        took, self_mb, children_mb, status = measure(MEASURE, "sector", "aggregate", folder, "--out",
                                                     root / f"out{count}")  # fmt: skip
        print(f"| {count} | sector aggregate | {took:.1f} | {1000 * took / count:.2f} | {self_mb:.0f} | "
              f"{children_mb:.0f} | {status} |  (made in {made:.1f} s)", flush=True)  # fmt: skip
        if count in options.naive:
            took, self_mb, _, read = measure(NAIVE, folder)
            print(f"| {count} | naive openpyxl loop | {took:.1f} | {1000 * took / count:.2f} | {self_mb:.0f} | "
                  f"- | ({read} read) |", flush=True)  # fmt: skip
        if options.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
            shutil.rmtree(root / f"out{count}", ignore_errors=True)
    if options.keep is None:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
