"""The workbooks people print, printed as LibreOffice prints them to PDF and read back page by page (issue 23):
the lecturer's workbook, the staff's positions workbook, the reviewer's consultation workbook (issue 25) and
coverage.xlsx of the examples. Every text is big
enough to read (9 points on the forms, 8 in coverage.xlsx), no cell's text is cut with '…', no page ends
with a heading, and the number of pages stays where it was measured (benchmarks/print_sizes.py gives the
figures per sheet)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import EXAMPLES, REPO, run, soffice_convert
from pdf_pages import headings_of, pages_ending_in_a_heading, text_sizes

LISTS = REPO / "examples" / "lijsten"
PROPOSAL = REPO / "docs" / "voorstel-posities.csv"


@dataclass(frozen=True)
class Printed:
    workbook: Path
    pdf: Path
    smallest: float  # the smallest printed text size it must keep, in points
    pages: int  # the pages it was measured at (LibreOffice without Calibri's metric twin, Carlito)


def lecturer(folder: Path, lang: str = "nl") -> Path:
    result = run("template", "--out", folder, "--programme", "Sociaal werk", "--lang", lang,
                 "--roster", LISTS / "lectoren.csv", "--courses", LISTS / "opleidingsonderdelen.csv")  # fmt: skip
    assert result.exit_code == 0, result.output
    return next(folder.glob("* - Fatima El Amrani.xlsx"))


def staff(folder: Path, lang: str = "nl") -> Path:
    result = run("positions", "template", "--out", folder, "--organisation", "De Vonk vzw", "--proposal", PROPOSAL,
                 "--lang", lang)  # fmt: skip
    assert result.exit_code == 0, result.output
    return next(folder.glob("*.xlsx"))


def consultation(folder: Path, lang: str = "nl") -> Path:
    result = run("consult", "template", "--out", folder, "--reviewer", "Lotte Claeys", "--lang", lang)
    assert result.exit_code == 0, result.output
    return next(folder.glob("*.xlsx"))


def english(make):
    """The same workbook in English (whose framework line, longer, once printed the instructions at 6.7 pt)."""
    return lambda folder: make(folder, "en")


def coverage(folder: Path) -> Path:
    result = run("aggregate", EXAMPLES, "--out", folder, "--no-pictures", "-q",
                 "--roster", LISTS / "lectoren.csv", "--courses", LISTS / "opleidingsonderdelen.csv")  # fmt: skip
    assert result.exit_code == 1, result.output  # the examples' planted mistakes
    return folder / "coverage.xlsx"


# Before issue 23: the lecturer's workbook 14 pages at 6.4 pt, the staff's 14 at 7.4 pt (8.7 pt and 6.7 pt in
# English once the columns were narrowed), coverage.xlsx 36 pages at 3.8 pt. The forms now break their pages
# so that no heading ends one (for Excel, which prints them at 11 points; a LibreOffice without Carlito
# prints them smaller, so its pages are not quite full).
CASES = {
    "template": (lecturer, 9, 19),
    "template --lang en": (english(lecturer), 9, 19),
    "positions template": (staff, 9, 22),
    "positions template --lang en": (english(staff), 9, 22),
    "coverage.xlsx": (coverage, 8, 70),
    # before issue 25's last round 16 pages, six of them ending in a heading ('Hoe vul je in?' alone at the foot
    # of page 1); now 3 pages of instructions (the 27 components one per row) and breaks placed for Excel
    "consult template": (consultation, 9, 21),
    "consult template --lang en": (english(consultation), 9, 22),
}


@pytest.fixture(scope="module", params=list(CASES))
def printed(request, tmp_path_factory) -> Printed:
    make, smallest, pages = CASES[request.param]
    folder = tmp_path_factory.mktemp("printed")
    workbook = make(folder / "out")
    return Printed(workbook, soffice_convert(workbook, folder / "pdf", "pdf"), smallest, pages)


@pytest.mark.libreoffice
def test_every_text_is_printed_big_enough_whole_and_no_heading_ends_a_page(printed):
    pages = text_sizes(printed.pdf)
    assert min(size for page in pages for size, _ in page) >= printed.smallest
    assert not [text for page in pages for _, text in page if text.endswith(("…", "..."))]
    assert pages_ending_in_a_heading(printed.pdf, headings_of(printed.workbook)) == []
    assert len(pages) <= printed.pages
