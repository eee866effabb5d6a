"""Reading PDF pages back in tests: the text of each page and the pictures each page draws (pypdf)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

# pypdf is imported where it is used: the test modules are imported at collection, and every test
# that starts a process after that (tests/test_hostile.py measures one's memory) pays for it.


def page_texts(pdf: Path) -> list[str]:
    """The text of every page."""
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(pdf).pages]


def _drawn(reader: Any, content: Any, resources: Any, found: list[tuple[int, int]]) -> None:
    from pypdf.generic import ContentStream

    xobjects = resources.get("/XObject") if resources else None
    xobjects = xobjects.get_object() if xobjects is not None else {}
    for operands, operator in ContentStream(content, reader).operations:
        if operator != b"Do" or operands[0] not in xobjects:
            continue
        xobject = xobjects[operands[0]].get_object()
        if xobject.get("/Subtype") == "/Image":
            found.append((int(xobject["/Width"]), int(xobject["/Height"])))
        elif xobject.get("/Subtype") == "/Form":  # a group of drawings, perhaps holding the picture
            _drawn(reader, xobject, xobject.get("/Resources"), found)


def drawn_images(pdf: Path) -> list[list[tuple[int, int]]]:
    """Per page, the (width, height) in pixels of every picture the page draws.

    A page's resources may list pictures it does not draw (LibreOffice shares them between
    pages), so this follows the drawing operators, not the resource list.
    """
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    pages = []
    for page in reader.pages:
        found: list[tuple[int, int]] = []
        content = page.get_contents()
        if content is not None:
            _drawn(reader, content, page.get("/Resources"), found)
        pages.append(found)
    return pages


def text_sizes(pdf: Path) -> list[list[tuple[float, str]]]:
    """Per page, every piece of text with the size it is printed at, in points (the font size scaled by
    the text and drawing matrices: a sheet fitted to the page width prints smaller than its font)."""
    from pypdf import PdfReader

    pages = []
    for page in PdfReader(pdf).pages:
        found: list[tuple[float, str]] = []

        def visit(text: str, cm: Any, tm: Any, font: Any, size: float, found: list = found) -> None:
            if text.strip():
                scale = abs(tm[3] * cm[3] + tm[1] * cm[2]) or abs(tm[0] * cm[0])  # the vertical scale
                found.append((round(size * scale, 1), text.strip()))

        page.extract_text(visitor_text=visit)
        pages.append(found)
    return pages


def smallest_text(pdf: Path) -> float:
    """The smallest printed text size of a PDF, in points."""
    return min(size for page in text_sizes(pdf) for size, _ in page)


def headings_of(workbook: Path) -> set[str]:
    """The headings a workbook prints: its bold texts of 12 points or more (an instruction sheet's parts, a
    report's section titles) and, on a sheet to fill in, the rows of focus, cluster, component and
    sub-theme (a label with no id in column A below the header)."""
    import openpyxl

    found: set[str] = set()
    book = openpyxl.load_workbook(workbook)
    to_fill = "_metadata" in book.sheetnames
    for ws in book.worksheets:
        header = next((r for r in range(1, 12) if str(ws.cell(r, 1).value or "") in ("ID", "Id")), None)
        for row in ws.iter_rows():
            for cell in row:
                if not isinstance(cell.value, str):
                    continue
                if cell.font is not None and cell.font.b and (cell.font.sz or 11) >= 12:
                    found.add(cell.value.strip())
                elif to_fill and header and cell.row > header and cell.column > 1 and not ws.cell(cell.row, 1).value:
                    found.add(cell.value.strip())
    return found


def bottom_lines(pdf: Path, footer: float = 0.6 * 72) -> list[list[tuple[str, bool]]]:
    """Per page, the texts of its lowest line above the footer (the page's own last line, whatever order
    the program drew it in), each with whether it is set in bold or italic, as headings are."""
    from pypdf import PdfReader

    pages = []
    for page in PdfReader(pdf).pages:
        found: list[tuple[float, str, bool]] = []

        def visit(text: str, cm: Any, tm: Any, font: Any, size: float, found: list = found) -> None:
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            name = str(font.get("/BaseFont", "")) if font else ""
            if text.strip() and y > footer:
                found.append((round(y), text.strip(), any(s in name for s in ("Bold", "Italic", "Oblique"))))

        page.extract_text(visitor_text=visit)
        lowest = min((y for y, _, _ in found), default=0)
        pages.append([(text, styled) for y, text, styled in found if y <= lowest + 2])
    return pages


def pages_ending_in_a_heading(pdf: Path, headings: set[str]) -> list[tuple[int, str]]:
    """(page number, text) of every page whose last line is a heading: set in bold or italic, and a
    heading's text (or a wrapped heading's last line)."""
    ends = []
    for number, line in enumerate(bottom_lines(pdf), 1):
        if line and all(styled for _, styled in line):
            texts = [text for text, _ in line]
            if any(h == text or h.endswith(" " + text) for h in headings for text in texts):
                ends.append((number, " ".join(texts)))
    return ends


def flat(text: str) -> str:
    """Text as compared: one space between words, ligatures (ﬁ) as their letters."""
    import unicodedata

    return " ".join(unicodedata.normalize("NFKC", text).split())


def html_headings(source: Path) -> set[str]:
    """What must not end a printed page of an HTML page: its h1-h3 headings and its tables' cluster rows."""
    import html5lib

    document = html5lib.parse(source.read_text(encoding="utf-8"), namespaceHTMLElements=False)
    ends = {flat("".join(h.itertext())) for tag in ("h1", "h2", "h3") for h in document.iter(tag)}
    ends |= {flat("".join(row.itertext())) for row in document.iter("tr") if row.get("class") == "cluster"}
    return ends - {""}


def html_pages_ending_in_a_heading(pdf: Path, source: Path) -> list[int]:
    """The numbers of the printed pages (all but the last) whose text ends with a heading of `source`."""
    texts = [flat(t) for t in page_texts(pdf)]
    ends = html_headings(source)
    return [number for number, text in enumerate(texts[:-1], start=1) if any(text.endswith(end) for end in ends)]


def positions_of(pdf: Path) -> list[list[tuple[float, float, str]]]:
    """Per page, where each piece of text starts (x, y in points from the bottom left)."""
    from pypdf import PdfReader

    found: list[list[tuple[float, float, str]]] = []
    for page in PdfReader(pdf).pages:
        on_page: list[tuple[float, float, str]] = []

        def visit(text: str, cm: Any, tm: Any, font: Any, size: float, on_page: list = on_page) -> None:
            if text.strip():
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                on_page.append((x, y, text.strip()))

        page.extract_text(visitor_text=visit)
        found.append(on_page)
    return found
