"""Printed pages and the smallest printed text of the workbooks people print (issue 23).

    python benchmarks/print_sizes.py [--keep FOLDER] [--lang en]

Writes, from this tree, the lecturer's workbook (`template` with the examples' roster and course
list), the staff's workbook (`positions template` as it comes, without a proposal), the reviewer's
consultation workbook (`consult template --reviewer "Lotte Claeys"`) and the coverage.xlsx of the
examples (`aggregate` of the programme examples with their lists), exports each to PDF with LibreOffice,
as a person printing from Calc would, and reads every page with pypdf: the number of
pages and the smallest printed text size per sheet (a sheet fitted to the page width prints smaller
than its font). Needs soffice and pypdf (the test extra).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO))

from pdf_pages import text_sizes  # noqa: E402


def cli(*args: object) -> None:
    command = [sys.executable, "-m", "curriculum_map", *map(str, args)]
    environment = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(command, capture_output=True, text=True, cwd=REPO, env=environment)
    if done.returncode not in (0, 1):  # 1: the examples' planted problems were found
        sys.exit(f"curriculum-map {' '.join(map(str, args))} failed:\n{done.stdout}{done.stderr}")


def to_pdf(source: Path, folder: Path) -> Path:
    profile = folder / ".lo-profile"
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(folder), str(source)],
        check=True, capture_output=True, timeout=300, env={**os.environ, "HOME": str(folder)},
    )  # fmt: skip
    shutil.rmtree(profile, ignore_errors=True)
    return folder / (source.stem + ".pdf")


def one_sheet(source: Path, title: str, folder: Path) -> Path:
    """A copy of `source` with only `title` visible: LibreOffice prints the visible sheets only."""
    import openpyxl

    wb = openpyxl.load_workbook(source)
    for ws in wb.worksheets:
        ws.sheet_state = "visible" if ws.title == title else "hidden"
    wb.active = wb.sheetnames.index(title)
    copy = folder / f"{source.stem} - {title}.xlsx"
    wb.save(copy)
    return copy


def measure(name: str, source: Path, folder: Path) -> None:
    """One line for the workbook as printed, one per visible sheet printed on its own."""
    import openpyxl

    pages = text_sizes(to_pdf(source, folder))
    print(f"{name}: {len(pages)} pages, smallest {min(size for page in pages for size, _ in page)} pt")
    sheets = openpyxl.load_workbook(source, read_only=True).worksheets
    titles = [ws.title for ws in sheets if ws.sheet_state == "visible"]
    for title in titles:
        pages = text_sizes(to_pdf(one_sheet(source, title, folder), folder))
        sizes = [size for page in pages for size, _ in page]
        print(f"  {title}: {len(pages)} pages, smallest {min(sizes, default=0)} pt")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="write the workbooks and PDFs here (default: a temporary folder)")
    parser.add_argument("--lang", default="nl", help="the workbooks' language (nl or en)")
    given = parser.parse_args()
    folder, lang = given.keep or Path(tempfile.mkdtemp(prefix="print-")), given.lang
    folder.mkdir(parents=True, exist_ok=True)
    lists = REPO / "examples" / "lijsten"
    programmes = REPO / "examples" / "opleidingen"
    if not programmes.is_dir():  # before the examples were split by kind
        programmes = REPO / "examples"
    lecturer = folder / "template"
    cli("template", "--out", lecturer, "--programme", "Sociaal werk", "--force", "--lang", lang,
        "--roster", lists / "lectoren.csv", "--courses", lists / "opleidingsonderdelen.csv")  # fmt: skip
    staff = folder / "positions"
    cli("positions", "template", "--out", staff, "--organisation", "De Vonk vzw", "--force", "--lang", lang)
    consultation = folder / "consult"
    cli("consult", "template", "--out", consultation, "--reviewer", "Lotte Claeys", "--force", "--lang", lang)
    report = folder / "report"
    cli("aggregate", programmes, "--out", report, "--no-pictures", "--lang", lang,
        "--roster", lists / "lectoren.csv", "--courses", lists / "opleidingsonderdelen.csv")  # fmt: skip
    measure("template (Sociaal werk, --roster, --courses)", next(lecturer.glob("* - Fatima El Amrani.xlsx")), folder)
    measure("positions template (De Vonk vzw)", min(staff.glob("*.xlsx")), folder)
    measure("coverage.xlsx (aggregate of the examples)", report / "coverage.xlsx", folder)
    measure("consult template (Lotte Claeys)", min(consultation.glob("*.xlsx")), folder)
    print(f"files in {folder}")


if __name__ == "__main__":
    main()
