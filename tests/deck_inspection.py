"""Reading a slide deck back in tests, as its XML says it: text runs and their sizes, tables, pictures, notes."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from conftest import REPO

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
MIN_SIZE = 1800  # hundredths of a point: 18 pt
PICTURE = 13  # MSO_SHAPE_TYPE.PICTURE
FILE_NAME = re.compile(r"[\w-]+\.(xlsx|xlsm|ods|csv|pptx|html|yaml|json|png|svg|pdf)\b", re.IGNORECASE)


def runs(presentation: Any) -> Iterator[tuple[int, str, Any]]:
    """Every text run of every slide and of its notes: (slide number, 'slide' or 'notes', the a:r element)."""
    for number, slide in enumerate(presentation.slides, start=1):
        for run in slide._element.iter(f"{A}r"):
            yield number, "slide", run
        if slide.has_notes_slide:
            for run in slide.notes_slide._element.iter(f"{A}r"):
                yield number, "notes", run


def run_sizes(presentation: Any) -> list[tuple[int, str, str, int | None]]:
    """(slide, where, text, size in hundredths of a point or None) of every run."""
    found = []
    for number, where, run in runs(presentation):
        properties = run.find(f"{A}rPr")
        size = properties.get("sz") if properties is not None else None
        found.append((number, where, "".join(run.itertext()), int(size) if size else None))
    return found


def tables(slide: Any) -> list[Any]:
    """The native tables on a slide (a graphicFrame holding a:tbl)."""
    return [shape for shape in slide.shapes if shape.has_table]


def table_cells(slide: Any) -> list[Any]:
    return [cell for shape in tables(slide) for row in shape.table.rows for cell in row.cells]


def cell_fill(cell: Any) -> str | None:
    """A cell's solid fill as '#rrggbb', or None."""
    fill = cell._tc.find(f"{A}tcPr/{A}solidFill/{A}srgbClr")
    return f"#{fill.get('val').lower()}" if fill is not None else None


def slide_text(slide: Any) -> str:
    """Every text on a slide: titles, text boxes and table cells."""
    return "\n".join("".join(t.itertext()) for t in slide._element.iter(f"{A}t"))


def notes_text(slide: Any) -> str:
    return slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""


def deck_text(presentation: Any) -> str:
    """Everything a reader of the deck can see, on the slides, in the notes and in its properties."""
    properties = presentation.core_properties
    parts = [properties.title or "", properties.author or "", properties.subject or "", properties.keywords or ""]
    for slide in presentation.slides:
        parts += [slide_text(slide), notes_text(slide)]
        parts += [shape._element.xpath("string(.//p:cNvPr/@descr)") for shape in slide.shapes]
    return "\n".join(parts)


def roster_names() -> list[str]:
    """Every name on the examples' roster of lecturers."""
    with (REPO / "examples" / "lijsten" / "lectoren.csv").open(encoding="utf-8-sig") as handle:
        return [row["Naam"] for row in csv.DictReader(handle, delimiter=";")]


def check_deck_rules(presentation: Any) -> None:
    """What every deck for a room must do: runs of 18 pt or more, each with its size; no slide that is only a
    picture; every shape on the slide."""
    sizes = run_sizes(presentation)
    assert sizes
    unsized = [(n, where, t) for n, where, t, size in sizes if size is None]
    assert unsized == [], unsized[:5]
    small = [(n, where, t, size) for n, where, t, size in sizes if size is not None and size < MIN_SIZE]
    assert small == [], small[:5]
    width, height = presentation.slide_width, presentation.slide_height
    for number, slide in enumerate(presentation.slides, start=1):
        shapes = list(slide.shapes)
        assert shapes, number
        assert not all(shape.shape_type == PICTURE for shape in shapes), f"slide {number} is only a picture"
        for shape in shapes:
            assert shape.left >= 0 and shape.top >= 0, (number, shape.name)
            assert shape.left + shape.width <= width, (number, shape.name, "too wide")
            assert shape.top + shape.height <= height, (number, shape.name, "below the slide")


def check_no_people(presentation: Any, names: list[str], files: list[Path]) -> None:
    """No name and no file name anywhere in the deck, its notes or its properties."""
    everything = deck_text(presentation)
    assert [name for name in names if name in everything] == []
    for name in (part for path in files for part in (path.name, path.stem)):
        assert name not in everything, name
    assert FILE_NAME.findall(everything) == []
