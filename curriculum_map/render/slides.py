"""Slide decks (pptx, python-pptx) of native content a facilitator can project and edit: titles and text
as text, maps as tables whose cells carry a colour and a number, speaker notes. Generic: what the slides
say is up to the workflow that describes them.

Every text run gets an explicit size of at least MIN_POINTS (18 pt: readable from the back of a room on
a 1024 x 768 projector) and no text frame shrinks its text to fit. Instead the content is measured
before it is placed: a table that does not fit continues on the next slide (its header repeated), and
so does a list of points. Text is measured with DejaVu Sans, wider than PowerPoint's Calibri and what
LibreOffice shows when Calibri and Carlito are missing, so what fits here fits in both.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

from curriculum_map.core.palette import text_colour
from curriculum_map.core.texts import text
from curriculum_map.render.csv import neutralise
from curriculum_map.render.output import atomic_path

# 13.333 x 7.5 inches, PowerPoint's "Widescreen" (16:9), in EMU (914,400 per inch)
SLIDE_WIDTH, SLIDE_HEIGHT = 12_192_000, 6_858_000
EMU = 914_400
SLIDE_INCHES = (SLIDE_WIDTH / EMU, SLIDE_HEIGHT / EMU)
LANGUAGE_TAGS = {"nl": "nl-BE", "en": "en-GB"}

MIN_POINTS = 18  # no text on a slide is smaller
TABLE_POINTS = 18
BODY_POINTS = 22
NOTES_POINTS = 18  # the notes are read from the presenter's screen: the same rule
TITLE_POINTS = (32, 28, 24)  # the largest at which the title fits on one line; else the last, wrapped
COVER_TITLE_POINTS = 40
COVER_POINTS = 24

MARGIN = 0.45  # inches left and right of the content
TOP = 0.25
GAP = 0.2  # between the title, the text, the table and its legend
BOTTOM = 0.3
LINE = 1.2  # a line of text takes its size times this (DejaVu in LibreOffice 1.16, Calibri in PowerPoint 1.22)
CELL_X, CELL_Y = 0.08, 0.04  # inches of padding inside a table cell
FRAME_X, FRAME_Y = 0.1, 0.05  # inches of padding inside a text box
BULLET_INDENT = 0.35  # inches
TITLE_INK = "#1f3b57"
INK = "#1b1b1b"
HEADER_FILL = "#1f3b57"
SECTION_FILL = "#e7ecf2"
LABEL_FILL = "#f7f7f7"


# -- what a slide holds -----------------------------------------------------------------------------


@dataclass(frozen=True)
class TableCell:
    """One cell: its text, its fill (#rrggbb; the text is black or white to match), bold, centred."""

    text: str
    fill: str | None = None
    bold: bool = False
    centre: bool = False


@dataclass(frozen=True)
class TableSection:
    """Rows under a heading that spans the table (a cluster, a competence); no heading row when empty."""

    heading: str
    rows: tuple[tuple[TableCell, ...], ...]
    bold: bool = True  # the heading: bold for a group's name, plain for a long text (a competence)


@dataclass(frozen=True)
class SlideTable:
    """A table: its header row, its sections, and a one-row legend under it (what colours and numbers mean).

    `even`: the columns after the first are equally wide (a map: one column per programme); otherwise each
    column is as wide as its texts ask, as a browser lays out a table.
    """

    header: tuple[TableCell, ...]
    sections: tuple[TableSection, ...]
    legend: tuple[TableCell, ...] = ()
    even: bool = False
    description: str = ""  # alternative text for screen readers

    @property
    def header_cells(self) -> tuple[TableCell, ...]:
        """The header row as it is written: bold."""
        return tuple(replace(cell, bold=True) for cell in self.header)

    def column(self, index: int) -> list[TableCell]:
        return [self.header_cells[index], *(row[index] for section in self.sections for row in section.rows)]


@dataclass(frozen=True)
class SlideContent:
    """One slide as the workflow describes it; a table or a list too long for one slide continues on the next.

    `cover`: the title slide (a band with the title, `lines` as its subtitle).
    """

    title: str
    lines: tuple[str, ...] = ()
    bullets: bool = False
    table: SlideTable | None = None
    notes: tuple[str, ...] = ()
    cover: bool = False


# -- measuring --------------------------------------------------------------------------------------


@cache
def _font(bold: bool) -> Any:
    import matplotlib
    from PIL import ImageFont

    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(str(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / name), 1000)


def text_width(value: str, points: float, bold: bool = False) -> float:
    """The width of one line of text in inches."""
    return float(_font(bold).getlength(value)) / 1000 * points / 72


def line_count(value: str, width: float, points: float, bold: bool = False) -> int:
    """How many lines `value` takes in a box `width` inches wide, wrapped between words as slides wrap."""
    space = text_width(" ", points, bold)
    count = 0
    for paragraph in value.split("\n"):
        lines, used = 1, 0.0
        for word in paragraph.split():
            size = text_width(word, points, bold)
            if size > width:  # a word wider than the box is broken anywhere
                extra = math.ceil(size / width)
                lines += extra - (1 if used == 0 else 0)
                used = size - (extra - 1) * width
                continue
            if used and used + space + size > width:
                lines += 1
                used = size
            else:
                used += (space if used else 0) + size
        count += lines
    return count


def text_height(lines: int, points: float) -> float:
    return lines * points * LINE / 72


def longest_word(values: Sequence[str], points: float, bold: bool = False) -> float:
    """The width of the widest word among `values`: a column narrower than this breaks a word."""
    return max((text_width(word, points, bold) for value in values for word in value.split()), default=0.0)


# -- laying out -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Row:
    cells: tuple[TableCell, ...]
    height: float
    heading: bool = False


@dataclass
class _Page:
    title: str
    title_points: int
    title_height: float
    lines: list[str] = field(default_factory=list)
    table: SlideTable | None = None  # the part of the content's table on this slide (its columns)
    rows: list[_Row] = field(default_factory=list)


def _title_fit(title: str, width: float) -> tuple[int, float]:
    """The title's size (the largest that keeps it on one line) and the height of its box."""
    for points in TITLE_POINTS:
        if line_count(title, width - 2 * FRAME_X, points, True) == 1:
            return points, text_height(1, points) + 2 * FRAME_Y
    points = TITLE_POINTS[-1]
    return points, text_height(line_count(title, width - 2 * FRAME_X, points, True), points) + 2 * FRAME_Y


class Layout:
    """Places the content of slides on as many slides as it needs, measured at its real size."""

    def __init__(self, lang: str):
        self.lang = lang
        self.width = SLIDE_INCHES[0] - 2 * MARGIN
        self.bottom = SLIDE_INCHES[1] - BOTTOM

    def paragraph_height(self, line: str, bullets: bool) -> float:
        width = self.width - 2 * FRAME_X - (BULLET_INDENT if bullets else 0)
        return text_height(line_count(line, width, BODY_POINTS), BODY_POINTS) + BODY_POINTS * 0.5 / 72

    def columns(self, table: SlideTable) -> list[float]:
        """Column widths in inches that add up to the width of the slide's content."""
        count = len(table.header)
        natural = [_natural(table.column(i)) for i in range(count)]
        least = [_least(table.column(i)) for i in range(count)]
        if table.even and count > 1:
            rest = max(max(natural[1:]), max(least[1:]))
            first = min(max(natural[0], least[0]), self.width - rest * (count - 1))
            first = max(first, least[0], self.width / (2 * count))
            return [first] + [(self.width - first) / (count - 1)] * (count - 1)
        return _spread(natural, least, self.width)

    def widths(self, cells: Sequence[TableCell]) -> list[float]:
        """The widths of a one-row table (a legend): each cell as wide as its text asks."""
        columns = [[cell] for cell in cells]
        return _spread([_natural(c) for c in columns], [_least(c) for c in columns], self.width)

    def row_height(self, cells: Sequence[TableCell], widths: Sequence[float]) -> float:
        lines = max(
            line_count(cell.text, width - 2 * CELL_X, TABLE_POINTS, cell.bold)
            for cell, width in zip(cells, widths, strict=True)
        )
        return text_height(lines, TABLE_POINTS) + 2 * CELL_Y

    def heading_height(self, heading: TableCell) -> float:
        width = self.width - 2 * CELL_X
        return text_height(line_count(heading.text, width, TABLE_POINTS, heading.bold), TABLE_POINTS) + 2 * CELL_Y

    def pages(self, content: SlideContent) -> list[_Page]:
        """The slides one content needs: the text first, then the table's sections, continued where they overflow."""
        continued = f"{content.title} ({text('slides.continued', self.lang)})"

        def new_page(first: bool) -> _Page:
            title = content.title if first else continued
            points, height = _title_fit(title, self.width)
            return _Page(title, points, height)

        def top(page: _Page) -> float:
            used = sum(self.paragraph_height(line, content.bullets) for line in page.lines)
            return TOP + page.title_height + GAP + (used + GAP if page.lines else 0)

        pages = [new_page(True)]
        for line in content.lines:
            page = pages[-1]
            if page.lines and top(page) + self.paragraph_height(line, content.bullets) > self.bottom:
                pages.append(new_page(False))
            pages[-1].lines.append(line)
        if content.table is not None:
            for number, part in enumerate(self.column_parts(content.table)):
                if number:
                    pages.append(new_page(False))
                self.place_table(part, pages, new_page, top)
        return pages

    def column_parts(self, table: SlideTable) -> list[SlideTable]:
        """A map in parts of its columns when a word in a column would have to be broken (many programmes):
        each part has the first column and as many of the others as fit unbroken, about as many in each."""
        count = len(table.header) - 1
        if not table.even or count < 2:
            return [table]
        first = self.columns(table)[0]
        least = max(_least(table.column(i)) for i in range(1, count + 1))
        fit = max(1, int((self.width - first) // least))
        if fit >= count:
            return [table]
        parts = -(-count // fit)
        size = -(-count // parts)
        chunks = [list(range(1, count + 1))[n : n + size] for n in range(0, count, size)]
        return [
            replace(
                table,
                header=(table.header[0], *(table.header[i] for i in chunk)),
                sections=tuple(
                    replace(section, rows=tuple((row[0], *(row[i] for i in chunk)) for row in section.rows))
                    for section in table.sections
                ),
            )
            for chunk in chunks
        ]

    def place_table(self, table: SlideTable, pages: list[_Page], new_page: Any, top: Any) -> None:
        widths = self.columns(table)
        header = self.row_height(table.header_cells, widths)
        legend = self.legend_height(table) + GAP if table.legend else 0.0
        room = self.bottom - legend

        def used(page: _Page) -> float:
            return top(page) + header + sum(row.height for row in page.rows)

        def fresh() -> float:
            return TOP + new_page(False).title_height + GAP + header

        for section in table.sections:
            heading_cell = TableCell(section.heading, bold=section.bold)
            heading = _Row((heading_cell,), self.heading_height(heading_cell), True)
            rows = [_Row(cells, self.row_height(cells, widths)) for cells in section.rows]
            whole = (heading.height if section.heading else 0) + sum(row.height for row in rows)
            page = pages[-1]
            # a section that does not fit under what the slide holds starts a slide of its own, when it fits there
            if (page.rows or page.lines) and used(page) + whole > room and fresh() + whole <= room:
                pages.append(new_page(False))
            first = True
            for row in rows:
                page = pages[-1]
                page.table = table
                lead = heading.height if section.heading and (first or not page.rows) else 0
                if (page.rows or page.lines) and used(page) + lead + row.height > room:
                    pages.append(new_page(False))
                    page = pages[-1]
                    page.table = table
                if section.heading and (first or not page.rows):
                    label = section.heading if first else f"{section.heading} ({text('slides.continued', self.lang)})"
                    cell = TableCell(label, bold=section.bold)
                    page.rows.append(_Row((cell,), self.heading_height(cell), True))
                page.rows.append(row)
                first = False

    def legend_height(self, table: SlideTable) -> float:
        return self.row_height(table.legend, self.widths(table.legend))

    def fits(self, content: SlideContent) -> bool:
        """Whether the content takes one slide."""
        return len(self.pages(content)) == 1


def _natural(cells: Sequence[TableCell]) -> float:
    """The width a column asks for: its longest line unwrapped."""
    return (
        max(
            (text_width(line, TABLE_POINTS, cell.bold) for cell in cells for line in cell.text.split("\n")), default=0.0
        )
        + 2 * CELL_X
        + 0.02
    )


def _least(cells: Sequence[TableCell]) -> float:
    """The narrowest a column can be without breaking a word."""
    return max(longest_word([cell.text], TABLE_POINTS, cell.bold) for cell in cells) + 2 * CELL_X + 0.02


def _spread(natural: Sequence[float], least: Sequence[float], width: float) -> list[float]:
    """Widths as a browser's automatic table layout gives them: what each asks when all fit, else at least
    its longest word and the rest of the room in proportion to what each still asks."""
    if sum(natural) <= width:
        extra = (width - sum(natural)) / len(natural)
        return [n + extra for n in natural]
    floor = [min(lo, n) for lo, n in zip(least, natural, strict=True)]
    room = width - sum(floor)
    wants = [n - f for n, f in zip(natural, floor, strict=True)]
    if room <= 0 or not sum(wants):
        return [width * f / sum(floor) for f in floor]
    return [f + room * w / sum(wants) for f, w in zip(floor, wants, strict=True)]


# -- writing ----------------------------------------------------------------------------------------


def _rgb(colour: str) -> Any:
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(colour.lstrip("#").upper())


def _inches(value: float) -> int:
    return round(value * EMU)


class _Writer:
    """Writes laid-out pages with python-pptx, every run with its size, colour and language."""

    def __init__(self, lang: str):
        from pptx import Presentation
        from pptx.util import Emu

        self.lang = lang
        self.tag = LANGUAGE_TAGS.get(lang, lang)
        self.layout = Layout(lang)
        self.deck = Presentation()
        self.deck.slide_width, self.deck.slide_height = Emu(SLIDE_WIDTH), Emu(SLIDE_HEIGHT)
        layouts = {layout.name: layout for layout in self.deck.slide_layouts}
        self.title_only = layouts["Title Only"]

    def run(self, paragraph: Any, value: str, points: int, colour: str = INK, bold: bool = False) -> None:
        from pptx.util import Pt

        run = paragraph.add_run()
        run.text = value
        run.font.size = Pt(max(points, MIN_POINTS))
        run.font.bold = bold
        run.font.color.rgb = _rgb(colour)
        run.font._rPr.set("lang", self.tag)

    def frame(self, frame: Any, margin_x: float = FRAME_X, margin_y: float = FRAME_Y) -> None:
        from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE

        frame.word_wrap = True
        frame.auto_size = MSO_AUTO_SIZE.NONE  # never shrink text to fit: it was measured to fit
        frame.vertical_anchor = MSO_ANCHOR.TOP
        frame.margin_left = frame.margin_right = _inches(margin_x)
        frame.margin_top = frame.margin_bottom = _inches(margin_y)

    def slide(self, page: _Page, content: SlideContent) -> None:
        slide = self.deck.slides.add_slide(self.title_only)
        if content.cover:
            self.cover(slide, content)
        else:
            self.title(slide, page)
            y = TOP + page.title_height + GAP
            if page.lines:
                y = self.lines(slide, page.lines, content.bullets, y) + GAP
            if page.rows and page.table is not None:
                y = self.table(slide, page.table, page.rows, y)
                if page.table.legend:
                    self.legend(slide, page.table, y + GAP)
        self.notes(slide, content.notes)

    def title(self, slide: Any, page: _Page) -> None:
        from pptx.enum.text import PP_ALIGN

        shape = slide.shapes.title
        shape.left, shape.top = _inches(MARGIN), _inches(TOP)
        shape.width, shape.height = _inches(self.layout.width), _inches(page.title_height)
        frame = shape.text_frame
        self.frame(frame)
        paragraph = frame.paragraphs[0]
        paragraph.alignment = PP_ALIGN.LEFT
        self.run(paragraph, page.title, page.title_points, TITLE_INK, bold=True)

    def cover(self, slide: Any, content: SlideContent) -> None:
        from pptx.enum.text import MSO_ANCHOR, PP_ALIGN

        width = self.layout.width
        lines = line_count(content.title, width - 2 * FRAME_X, COVER_TITLE_POINTS, True)
        band = text_height(lines, COVER_TITLE_POINTS) + 1.2
        shape = slide.shapes.title
        shape.left, shape.top, shape.width, shape.height = 0, _inches(0.9), SLIDE_WIDTH, _inches(band)
        shape.fill.solid()
        shape.fill.fore_color.rgb = _rgb(HEADER_FILL)
        frame = shape.text_frame
        self.frame(frame, MARGIN + FRAME_X, 0.3)
        frame.vertical_anchor = MSO_ANCHOR.MIDDLE
        paragraph = frame.paragraphs[0]
        paragraph.alignment = PP_ALIGN.LEFT
        self.run(paragraph, content.title, COVER_TITLE_POINTS, "#ffffff", bold=True)
        y = 0.9 + band + 0.4
        box = slide.shapes.add_textbox(
            _inches(MARGIN), _inches(y), _inches(width), _inches(SLIDE_INCHES[1] - y - BOTTOM)
        )
        box.name = "Subtitle"
        self.frame(box.text_frame)
        for number, line in enumerate(content.lines):
            paragraph = box.text_frame.paragraphs[0] if number == 0 else box.text_frame.add_paragraph()
            paragraph.space_after = _points(COVER_POINTS * 0.5)
            self.run(paragraph, line, COVER_POINTS, TITLE_INK if number == 0 else INK, bold=number == 0)

    def lines(self, slide: Any, lines: Sequence[str], bullets: bool, y: float) -> float:
        height = sum(self.layout.paragraph_height(line, bullets) for line in lines)
        box = slide.shapes.add_textbox(_inches(MARGIN), _inches(y), _inches(self.layout.width), _inches(height))
        box.name = "Text"
        self.frame(box.text_frame)
        for number, line in enumerate(lines):
            paragraph = box.text_frame.paragraphs[0] if number == 0 else box.text_frame.add_paragraph()
            paragraph.space_after = _points(BODY_POINTS * 0.5)
            if bullets:
                _bullet(paragraph)
            self.run(paragraph, line, BODY_POINTS)
        return y + height

    def table(self, slide: Any, table: SlideTable, rows: Sequence[_Row], y: float) -> float:
        widths = self.layout.columns(table)
        header = _Row(table.header_cells, self.layout.row_height(table.header_cells, widths))
        placed = [header, *rows]
        height = sum(row.height for row in placed)
        frame = slide.shapes.add_table(
            len(placed), len(widths), _inches(MARGIN), _inches(y), _inches(sum(widths)), _inches(height)
        )
        frame.name = "Table"
        if table.description:
            frame._element.nvGraphicFramePr.cNvPr.set("descr", table.description)
        grid = frame.table
        grid.first_row = True
        grid.horz_banding = False
        for index, width in enumerate(widths):
            grid.columns[index].width = _inches(width)
        for index, row in enumerate(placed):
            grid.rows[index].height = _inches(row.height)
            if row.heading:
                first = grid.cell(index, 0)
                first.merge(grid.cell(index, len(widths) - 1))
                self.cell(first, replace(row.cells[0], fill=SECTION_FILL))
                continue
            for column, cell in enumerate(row.cells):
                fill = cell.fill or (HEADER_FILL if index == 0 else LABEL_FILL if column == 0 else "#ffffff")
                bold = cell.bold or index == 0
                self.cell(grid.cell(index, column), TableCell(cell.text, fill, bold, cell.centre))
        return y + height

    def cell(self, cell: Any, content: TableCell) -> None:
        from pptx.enum.text import MSO_ANCHOR, PP_ALIGN

        fill = content.fill or "#ffffff"
        cell.fill.solid()
        cell.fill.fore_color.rgb = _rgb(fill)
        cell.margin_left = cell.margin_right = _inches(CELL_X)
        cell.margin_top = cell.margin_bottom = _inches(CELL_Y)
        cell.vertical_anchor = MSO_ANCHOR.MIDDLE
        frame = cell.text_frame
        frame.word_wrap = True
        for number, line in enumerate(content.text.split("\n")):
            paragraph = frame.paragraphs[0] if number == 0 else frame.add_paragraph()
            paragraph.alignment = PP_ALIGN.CENTER if content.centre else PP_ALIGN.LEFT
            if line:
                self.run(paragraph, line, TABLE_POINTS, text_colour(fill), content.bold)
            _end_size(paragraph, TABLE_POINTS)

    def legend(self, slide: Any, table: SlideTable, y: float) -> None:
        count = len(table.legend)
        widths = self.layout.widths(table.legend)
        height = self.layout.legend_height(table)
        frame = slide.shapes.add_table(1, count, _inches(MARGIN), _inches(y), _inches(sum(widths)), _inches(height))
        frame.name = "Legend"
        frame._element.nvGraphicFramePr.cNvPr.set("descr", " · ".join(cell.text for cell in table.legend))
        grid = frame.table
        grid.first_row = False
        grid.horz_banding = False
        grid.rows[0].height = _inches(height)
        for index, cell in enumerate(table.legend):
            grid.columns[index].width = _inches(widths[index])
            self.cell(grid.cell(0, index), cell)

    def notes(self, slide: Any, lines: Sequence[str]) -> None:
        """The speaker notes, a line each: a name typed over two lines stays on one, and a line a spreadsheet
        would run as a formula (notes get pasted) starts with an apostrophe, as in the CSV files."""
        if not lines:
            return
        frame = slide.notes_slide.notes_text_frame
        for number, line in enumerate(lines):
            paragraph = frame.paragraphs[0] if number == 0 else frame.add_paragraph()
            if line.strip():
                self.run(paragraph, str(neutralise(" ".join(line.split()))), NOTES_POINTS)
            _end_size(paragraph, NOTES_POINTS)


def _points(value: float) -> int:
    from pptx.util import Pt

    return int(Pt(value))


def _end_size(paragraph: Any, points: int) -> None:
    """The size of an empty paragraph (or the end of one): an empty cell is as high as its text would be."""
    paragraph._p.get_or_add_endParaRPr().set("sz", str(points * 100))


def _bullet(paragraph: Any) -> None:
    """A bullet with a hanging indent (the text lines up after the bullet)."""
    from pptx.oxml.xmlchemy import OxmlElement

    properties = paragraph._p.get_or_add_pPr()
    properties.set("marL", str(_inches(BULLET_INDENT)))
    properties.set("indent", str(-_inches(BULLET_INDENT)))
    bullet = OxmlElement("a:buChar")
    bullet.set("char", "•")
    properties.append(bullet)


def write_deck(path: Path, slides: Sequence[SlideContent], title: str, lang: str) -> int:
    """Lay the slides out, write the deck to `path` atomically (a deck open in PowerPoint is never half
    replaced) and return how many slides it has."""
    writer = _Writer(lang)
    for content in slides:
        for page in writer.layout.pages(content):
            writer.slide(page, content)
    properties = writer.deck.core_properties
    properties.title = title
    properties.language = writer.tag
    properties.author = properties.last_modified_by = "curriculum-map"
    with atomic_path(path) as temporary:
        writer.deck.save(str(temporary))
    return len(writer.deck.slides)
