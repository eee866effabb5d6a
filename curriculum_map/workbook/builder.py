"""What every workbook to fill in shares: formats, grouped data sheets, dropdowns, protection,
the instruction sheet, and the rule that a workbook never replaces a file already there.

A workflow (coverage.template, positions.template) subclasses WorkbookBuilder and writes its sheets.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.workbook import Format, Workbook
from xlsxwriter.worksheet import Worksheet

from curriculum_map.core.palette import level_colours, text_colour
from curriculum_map.core.texts import interface_note, text
from curriculum_map.framework.model import Cluster, Component, Framework, Level, OutlineStep, with_source_code
from curriculum_map.render.xlsx_style import LINE_HEIGHT, row_height
from curriculum_map.workbook.courses import Courses
from curriculum_map.workbook.layout import (
    LEVEL_FIELDS,
    METADATA_SHEET,
    TEXT_FIELDS,
    SheetLayout,
)

A4 = 9
# A data sheet printed to the width of A4 landscape (the margins below) keeps 11-point text at 9 points
# or more as long as its columns add up to about 132 characters (LibreOffice's measure, the widest).
COLUMN_WIDTHS = {
    "id": 7,
    "cluster": 46,
    "component": 16,
    "competence": 51,
    "level": 16,
    "ambition": 16,
    "evidence": 22,
    "comment": 20,
    "previous": 24,
}
SIDE_MARGIN = 0.25  # inches
INSTRUCTION_WIDTHS = (26, 90)  # an instruction sheet's two columns: headings and labels, then the text
# A4 landscape with those margins (top 0.5, bottom 0.6 inch), in points
PRINTABLE_WIDTH = 842 - 2 * SIDE_MARGIN * 72
PRINTABLE_HEIGHT = 595 - 1.1 * 72
TITLE_LINE = 20.0  # a 15-point title
TITLE_SIZE, BODY_SIZE = 15, 11
LIST_COLUMN = 3  # the metadata sheet holds key and value in A and B; the dropdowns' choices from D on
FOCUS_FILL = "#1f3b57"
CLUSTER_FILL = "#d6e4f0"
COMPONENT_FILL = "#eef3f8"
HEADER_FILL = "#e7e6e6"
# the format of each heading row of a competence sheet
GROUP_FORMATS = {
    "focus": "focus_row",
    "cluster": "cluster_row",
    "component": "component_row",
    "subtheme": "component_row",
}


@dataclass(frozen=True)
class TemplateOptions:
    """Choices that shape every workbook of one run."""

    lang: str = "nl"
    contact: str | None = None
    password: str | None = None
    deadline: str | None = None  # when the workbook is due, as the coordinator writes it
    scope: str = "opleiding"  # answer for the programme as a whole ('opleiding') or one's own course units ('eigen')
    courses: Courses | None = None  # course units to pick from, per programme
    # last year's results of the workflow (coverage: its Aggregation), to prefill the answers from
    previous: Any = None
    # item id -> how the framework's new version changed it (a crosswalk of `framework revise`): said beside the
    # prefilled answers, so that a programme sees which of its answers concern a changed competence
    changed: Mapping[str, str] | None = None
    # last year's answers on merged competences that the prefill left out (coverage: MergedAnswer records with
    # programme_id, item_id, field, merged_id, score): said in the 'previous' column
    merged: Sequence[Any] = ()

    def merged_for(self, programme_id: str, item_id: str) -> list[Any]:
        """The left-out answers of one programme's merged competence."""
        return [m for m in self.merged if (m.programme_id, m.item_id) == (programme_id, item_id)]


class ExistingFilesError(Exception):
    """Workbooks that would replace files already there (perhaps returned, filled in); nothing was written."""

    def __init__(self, paths: Sequence[Path]):
        self.paths = tuple(paths)
        super().__init__(", ".join(str(path) for path in self.paths))


def refuse_existing(paths: Iterable[Path]) -> None:
    """Raise ExistingFilesError naming every path that already exists."""
    existing = [path for path in paths if path.exists() or path.is_symlink()]
    if existing:
        raise ExistingFilesError(existing)


class WorkbookBuilder:
    """What every workbook to fill in shares: formats, grouped data sheets, dropdowns, protection.

    Holds the formats, which belong to one xlsxwriter workbook. Subclasses write the sheets.
    """

    level_columns: frozenset[str] = frozenset(LEVEL_FIELDS)
    text_columns: frozenset[str] = frozenset(TEXT_FIELDS)

    def __init__(
        self,
        workbook: Workbook,
        framework: Framework,
        options: TemplateOptions,
        name: str,
        subject: str,
        labels: list[str],
    ):
        self.workbook = workbook
        self.framework = framework
        self.lang = options.lang
        self.options = options
        self.filename = name
        self.subject = subject
        self.labels = labels
        self.sheet_names = {key: text(f"sheet.{key}", self.lang) for key in ("instructions", "matrix", "competences")}
        self.formats = self._formats()
        self._lists: dict[tuple[str, ...], str] = {}  # the choices of each dropdown -> the range that holds them
        # the data sheet being written: its printed columns' widths and the heights of its rows, to place page breaks
        self.printed_widths: list[float] = []
        self.row_heights: dict[int, float] = {}

    def t(self, key: str, **values: object) -> str:
        return text(key, self.lang, **values)

    def _formats(self) -> dict[str, Format]:
        add = self.workbook.add_format
        base = {"font_name": "Calibri", "font_size": 11, "valign": "top"}
        bordered = {**base, "border": 1, "border_color": "#a6a6a6", "text_wrap": True}
        formats = {
            "title": add({**base, "bold": True, "font_size": TITLE_SIZE, "font_color": FOCUS_FILL, "text_wrap": True}),
            "subtitle": add({**base, "italic": True, "font_color": "#404040", "text_wrap": True}),
            "heading": add({**base, "bold": True, "font_size": 12, "font_color": FOCUS_FILL}),
            "body": add({**base, "text_wrap": True}),
            "label": add({**base, "bold": True, "align": "right"}),
            "header": add({**bordered, "bold": True, "bg_color": HEADER_FILL, "valign": "vcenter"}),
            "id": add({**bordered, "num_format": "@", "font_color": "#404040"}),
            "cell": add(bordered),
            "cluster_cell": add({**bordered, "valign": "vcenter"}),
            "focus_row": add(
                {**bordered, "bold": True, "bg_color": FOCUS_FILL, "font_color": "#ffffff", "valign": "vcenter"}
            ),
            "cluster_row": add({**bordered, "bold": True, "bg_color": CLUSTER_FILL, "valign": "vcenter"}),
            "component_row": add({**bordered, "italic": True, "bg_color": COMPONENT_FILL, "valign": "vcenter"}),
            "input": add({**bordered, "locked": False, "num_format": "@", "bg_color": "#ffffff"}),
            "previous": add({**bordered, "italic": True, "font_color": "#595959", "bg_color": "#f2f2f2"}),
            "input_level": add(
                {**bordered, "locked": False, "num_format": "@", "bg_color": "#ffffff", "valign": "vcenter"}
            ),
        }
        colours = level_colours(len(self.labels)) if self.labels else []  # a workbook may ask no level at all
        self.level_formats = [add({"bg_color": c, "font_color": text_colour(c)}) for c in colours]
        self.legend_formats = [
            add({**bordered, "bold": True, "bg_color": c, "font_color": text_colour(c)}) for c in colours
        ]
        return formats

    # -- data sheets --------------------------------------------------------------------------

    def framework_line(self) -> str:
        """Which framework and version the workbook is made from, and whether its texts are a translation."""
        line = self.t(
            "instructions.framework", title=self.framework.title.get(self.lang), version=self.framework.version
        )
        notes = [self.framework.unofficial.get(self.lang), interface_note(self.lang)]
        return " ".join([line, *(note for note in notes if note)])

    def banner(self, ws: Worksheet, row: int, value: str, style: str, widths: Sequence[float]) -> float:
        """A title or note over the printed columns, wrapped; returns its height.

        Written in one cell, a long text (an English translation, an organisation's name) runs on past
        the last column, and a sheet fitted to the page's width is then printed smaller to hold it."""
        fmt = self.formats[style]
        if len(widths) > 1:
            ws.merge_range(row, 0, row, len(widths) - 1, value, fmt)
        else:
            ws.write_string(row, 0, value, fmt)
        big = style == "title"
        characters = sum(widths) * BODY_SIZE / (TITLE_SIZE * 1.1 if big else BODY_SIZE)  # bold letters are wider
        height = row_height([(value, characters)], TITLE_LINE if big else LINE_HEIGHT)
        ws.set_row(row, height)
        return height

    def header_label(self, column: str) -> str:
        """The header of a data sheet's column."""
        return self.t(f"column.{column}")

    def _prepare_data_sheet(
        self,
        ws: Worksheet,
        layout: SheetLayout,
        title: str,
        subtitle: str,
        widths: Mapping[str, float] = COLUMN_WIDTHS,
        frozen_columns: int = 0,
    ) -> None:
        """Title, headers, column widths, frozen panes (header; row identity when asked), print set-up."""
        f = self.formats
        self.printed_widths = [widths[column] for column in layout.columns]
        for index, width in enumerate(self.printed_widths):
            ws.set_column(index, index, width)
        header = layout.header_row - 1
        self.row_heights = {
            0: self.banner(ws, 0, title, "title", self.printed_widths),
            1: self.banner(ws, 1, subtitle, "subtitle", self.printed_widths),
            header: 2 * LINE_HEIGHT + 2,
        }
        for index, column in enumerate(layout.columns):
            ws.write_string(header, index, self.header_label(column), f["header"])
        ws.set_row(header, self.row_heights[header])
        ws.freeze_panes(layout.header_row, frozen_columns)
        ws.set_landscape()
        ws.set_paper(A4)
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(header)
        ws.set_margins(left=SIDE_MARGIN, right=SIDE_MARGIN, top=0.5, bottom=0.6)
        ws.set_footer(f"&L{self.subject}&C&A&R&P / &N")

    def _set_row(self, ws: Worksheet, row: int, height: float) -> None:
        """A data row's height, kept to place the page breaks."""
        ws.set_row(row, height)
        self.row_heights[row] = height

    def _group_row(self, ws: Worksheet, layout: SheetLayout, row: int, label: str, fmt: str) -> None:
        # Column A stays empty on group rows: it holds item ids and nothing else.
        last = len(layout.columns) - 1
        ws.write_blank(row, 0, None, self.formats[fmt])
        ws.merge_range(row, 1, row, last, label, self.formats[fmt])
        self._set_row(ws, row, row_height([(label, sum(self.printed_widths[1:]))]))

    def _input_cells(self, ws: Worksheet, layout: SheetLayout, row: int) -> None:
        for column in layout.columns:
            if column in self.level_columns:
                ws.write_blank(row, layout.column(column), None, self.formats["input_level"])
            elif column in self.text_columns:
                ws.write_blank(row, layout.column(column), None, self.formats["input"])

    def _focus_label(self, index: int, name: str) -> str:
        return f"{self.t('column.focus')} {index}: {name}"

    def _cluster_label(self, cluster: Cluster) -> str:
        return f"{cluster.id}. {cluster.name.get(self.lang)}"

    def _component_label(self, component: Component) -> str:
        return f"{component.id} {component.kind.label.get(self.lang)}"

    def _write_competence_rows(self, ws: Worksheet, layout: SheetLayout, width: float) -> list[int]:
        """Every competence under its focus, cluster, component and sub-theme rows; returns the data rows.

        On paper the headings above a row go to the next page with it when it does not fit: a heading
        never ends a page."""
        row = layout.first_data_row - 1
        data_rows: list[int] = []
        headings: set[int] = set()
        for step in self.framework.outline(self.lang):
            if step.kind == "competence":
                assert step.competence is not None
                statement = with_source_code(step.competence, step.competence.text.get(self.lang))
                self._competence_row(ws, layout, row, step.competence.id, statement, width)
                data_rows.append(row)
                row += 1
            elif step.kind == "component-end":
                assert step.component is not None
                row = self._after_component(ws, layout, row, step.component, data_rows)
            else:
                self._group_row(ws, layout, row, self._heading(step), GROUP_FORMATS[step.kind])
                headings.add(row)
                row += 1
        top = sum(self.row_heights.get(r, LINE_HEIGHT) for r in range(layout.first_data_row - 1))
        kept = headed_rows(range(layout.first_data_row - 1, row), headings)
        ws.set_h_pagebreaks(page_breaks(kept, self.row_heights, top, print_scale(self.printed_widths)))
        return data_rows

    def _heading(self, step: OutlineStep) -> str:
        if step.kind == "focus":
            return self._focus_label(step.number, step.focus.name.get(self.lang))
        if step.kind == "cluster":
            assert step.cluster is not None
            return self._cluster_label(step.cluster)
        if step.kind == "component":
            assert step.component is not None
            return self._component_label(step.component)
        return f"{self.t('column.subtheme')}: {step.subtheme}"

    def _competence_row(
        self, ws: Worksheet, layout: SheetLayout, row: int, item_id: str, statement: str, width: float
    ) -> None:
        f = self.formats
        ws.write_string(row, layout.column("id"), item_id, f["id"])
        ws.write_string(row, layout.column("competence"), statement, f["cell"])
        self._input_cells(ws, layout, row)
        self._after_item(ws, layout, row, item_id)
        self._set_row(ws, row, row_height([(statement, width)]))

    def _after_item(self, ws: Worksheet, layout: SheetLayout, row: int, item_id: str) -> None:
        """Hook: more cells on an item's row."""

    def _after_component(
        self, ws: Worksheet, layout: SheetLayout, row: int, component: Component, data_rows: list[int]
    ) -> int:
        """Hook: more rows after a component's competences; returns the next free row."""
        return row

    def choice_list(self, choices: Sequence[str]) -> str:
        """The range of the hidden metadata sheet that holds `choices`, the source of a dropdown (written once).

        A range, not a list written into the validation ("niet,deels,volledig"): there a label with a
        comma ("Deels, met hulp") becomes two choices, neither of them a level, and all labels together
        may not pass 255 characters. Excel, LibreOffice and Google Sheets all take a range on a hidden sheet.
        """
        key = tuple(choices)
        if key not in self._lists:
            ws = self.workbook.get_worksheet_by_name(METADATA_SHEET)
            assert ws is not None, "the workbook's metadata sheet is added before its data sheets are written"
            column = LIST_COLUMN + len(self._lists)
            for row, choice in enumerate(choices):
                ws.write_string(row, column, choice)
            letter = xl_col_to_name(column)
            self._lists[key] = f"='{METADATA_SHEET}'!${letter}$1:${letter}${len(choices)}"
        return self._lists[key]

    def _level_cells(self, ws: Worksheet, layout: SheetLayout, data_rows: list[int]) -> None:
        """Dropdowns and colours on the level columns of the data rows."""
        validation = {
            "validate": "list",
            "source": self.choice_list(self.labels),
            "ignore_blank": True,
            "input_title": self.t("validation.title")[:32],
            "input_message": self.t("validation.message", lowest=self.labels[0])[:255],
            "error_title": self.t("validation.error_title")[:32],
            "error_message": self.t("validation.error_message", labels=", ".join(self.labels))[:255],
            "error_type": "stop",
        }
        level_columns = [c for c in layout.columns if c in self.level_columns]
        for first, last in contiguous_runs(data_rows):
            for field in level_columns:
                column = layout.column(field)
                status = ws.data_validation(first, column, last, column, validation)
                if status != 0:
                    raise RuntimeError(f"xlsxwriter refused the data validation (status {status})")
        if not data_rows:
            return
        first_col = min(layout.column(field) for field in level_columns)
        last_col = max(layout.column(field) for field in level_columns)
        for label, fmt in zip(self.labels, self.level_formats, strict=True):
            quoted = '"' + label.replace('"', '""') + '"'
            ws.conditional_format(
                data_rows[0],
                first_col,
                data_rows[-1],
                last_col,
                {"type": "cell", "criteria": "==", "value": quoted, "format": fmt},
            )

    # -- a list of units to pick from (course units, trainings) -------------------------------

    def write_unit_list(self, sheet: str, title: str, subtitle: str, columns: Sequence[tuple[str, float]],
                        rows: Sequence[Sequence[str]]) -> str:  # fmt: skip
        """A locked sheet listing units (the first column is what the dropdown shows); returns the dropdown's range."""
        ws = self.workbook.add_worksheet(sheet)
        f = self.formats
        widths = [width for _, width in columns]
        for column, (header, width) in enumerate(columns):
            ws.write_string(3, column, header, f["header"])
            ws.set_column(column, column, width)
        self.banner(ws, 0, title, "title", widths)
        self.banner(ws, 1, subtitle, "subtitle", widths)
        for row, values in enumerate(rows, start=4):
            for column, value in enumerate(values):
                ws.write_string(row, column, value, f["cell"])
            ws.set_row(row, row_height(zip(values, widths, strict=False)))
        ws.freeze_panes(4, 0)
        # on paper one page wide, the header on every page (the name no longer printed on a page of its own)
        ws.set_landscape()
        ws.set_paper(A4)
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(3)
        ws.set_margins(left=SIDE_MARGIN, right=SIDE_MARGIN, top=0.5, bottom=0.6)
        ws.set_footer(f"&L{self.subject}&C&A&R&P / &N")
        self._protect(ws)
        name = sheet.replace("'", "''")
        return f"='{name}'!$A$5:$A${4 + len(rows)}"

    def unit_dropdowns(self, ws: Worksheet, first_row: int, column: int, source: str, title: str, message: str) -> None:
        """The units as a dropdown in `column` from `first_row` (0-based) on; typing several or others stays allowed."""
        validation = {
            "validate": "list",
            "source": source,
            "ignore_blank": True,
            "error_type": "information",  # a note, not a refusal: several units, or one not on the list
            "input_title": title[:32],
            "input_message": message[:255],
            "show_error": False,
        }
        status = ws.data_validation(first_row, column, first_row + 2000, column, validation)
        if status != 0:
            raise RuntimeError(f"xlsxwriter refused the data validation (status {status})")

    # -- metadata -----------------------------------------------------------------------------

    def _write_metadata(self, ws: Worksheet, rows: list[tuple[str, str]]) -> None:
        for row, (key, value) in enumerate(rows):
            ws.write_string(row, 0, key)
            ws.write_string(row, 1, value)
        ws.set_column(0, 0, 22)
        ws.set_column(1, 1, 70)
        ws.hide()
        self._protect(ws)

    def _protect(self, ws: Worksheet) -> None:
        ws.protect(
            self.options.password or "",
            {"format_columns": True, "format_rows": True, "select_locked_cells": True, "select_unlocked_cells": True},
        )


class InstructionSheet:
    """The instruction sheet of a workbook, written top to bottom: title, paragraphs, legend, steps."""

    def __init__(self, builder: WorkbookBuilder, ws: Worksheet):
        self.builder = builder
        self.ws = ws
        self.f = builder.formats
        self.row = 0
        self.heights: dict[int, float] = {}
        self.headings: list[int] = []
        for column, width in enumerate(INSTRUCTION_WIDTHS):
            ws.set_column(column, column, width)
        ws.hide_gridlines(2)

    def set_height(self, row: int, height: float) -> None:
        """A row's height, kept to place the page breaks."""
        self.ws.set_row(row, height)
        self.heights[row] = height

    def page_breaks(self) -> list[int]:
        """Rows that start a printed page: a heading never ends a page, it goes over with its text.

        The sheet is printed at its own size (its two columns are narrower than the page), so a page
        holds the printable height of A4 landscape; each part (a heading and its text) that no longer
        fits starts a page."""
        capacity = PRINTABLE_HEIGHT * 0.95  # a little left for rounding
        starts = [*self.headings, self.row]
        used = sum(self.heights.get(row, LINE_HEIGHT) for row in range(starts[0]))
        breaks = []
        for first, end in zip(starts, starts[1:], strict=False):
            size = sum(self.heights.get(row, LINE_HEIGHT) for row in range(first, end))
            if used + size > capacity and used > 0:
                breaks.append(first)
                used = 0
            used += size
        return breaks

    def print_setup(self) -> None:
        """A4 landscape at full width, the pages broken between its parts."""
        self.ws.set_landscape()
        self.ws.set_paper(A4)
        self.ws.fit_to_pages(1, 0)
        self.ws.set_margins(left=SIDE_MARGIN, right=SIDE_MARGIN, top=0.5, bottom=0.6)
        self.ws.set_h_pagebreaks(self.page_breaks())

    def title(self, title: str, subtitle: str) -> None:
        for row, (value, style) in enumerate(((title, "title"), (subtitle, "subtitle"))):
            self.heights[row] = self.builder.banner(self.ws, row, value, style, INSTRUCTION_WIDTHS)
        self.row = 3

    def heading(self, heading: str) -> None:
        self.ws.write_string(self.row, 0, heading, self.f["heading"])
        self.headings.append(self.row)
        self.row += 1

    def paragraph(self, heading: str, body: str) -> None:
        self.heading(heading)
        self.ws.merge_range(self.row, 0, self.row, 1, body, self.f["body"])
        self.set_height(self.row, row_height([(body, 112)]))
        self.row += 2

    def legend(self, heading: str, levels: Sequence[Level]) -> None:
        self.heading(heading)
        for level, fmt in zip(levels, self.builder.legend_formats, strict=True):
            description = level.description.get(self.builder.lang)
            self.ws.write_string(self.row, 0, level.label.get(self.builder.lang), fmt)
            self.ws.write_string(self.row, 1, f"{level.score} – {description}", self.f["cell"])
            self.set_height(self.row, row_height([(description, 88)]))
            self.row += 1
        self.row += 1

    def table(self, heading: str, rows: Sequence[tuple[str, str]]) -> None:
        self.heading(heading)
        for label, body in rows:
            self.ws.write_string(self.row, 0, label, self.f["header"])
            self.ws.write_string(self.row, 1, body, self.f["cell"])
            self.set_height(self.row, row_height([(body, 88), (label, 24)]))
            self.row += 1
        self.row += 1

    def items(self, heading: str, items: Sequence[str]) -> None:
        """A list, one item per row (a table's cell rather than one block of text: found at a glance)."""
        self.heading(heading)
        for item in items:
            self.ws.merge_range(self.row, 0, self.row, 1, item, self.f["cell"])
            self.set_height(self.row, row_height([(item, 110)]))
            self.row += 1
        self.row += 1

    def steps(self, heading: str, steps: Sequence[str]) -> None:
        self.heading(heading)
        for number, step in enumerate(steps, 1):
            self.ws.merge_range(self.row, 0, self.row, 1, f"{number}. {step}", self.f["body"])
            self.set_height(self.row, row_height([(step, 110)]))
            self.row += 1
        self.row += 1

    def sending(self) -> None:
        """Where to send the workbook, how to check it first; then print set-up and protection."""
        t = self.builder.t
        contact = self.builder.options.contact or t("instructions.send.nobody")
        # no command-line step here: the coordinator checks the returned files, the lecturer sees coloured
        # cells and the dropdowns refuse anything that is not a level
        body = t("instructions.send", contact=contact) + "\n" + t("instructions.self_check")
        self.paragraph(t("instructions.send.heading"), body)
        self.print_setup()
        self.builder._protect(self.ws)


def print_scale(widths: Iterable[float]) -> float:
    """The scale at which columns of these widths (in characters) print to the width of A4 landscape.

    As Excel computes it (7 pixels a character and 5 of padding): the largest the programs use.
    LibreOffice's is a little smaller, so its pages hold a little more and breaks placed for Excel
    hold in both."""
    width = sum((w * 7 + 5) * 0.75 for w in widths)
    return min(1.0, PRINTABLE_WIDTH / width)


def headed_rows(rows: Iterable[int], headings: set[int]) -> list[tuple[int, int]]:
    """Rows that stay on one page: each row with the headings right above it ([(3, 5), (6, 6), ...])."""
    groups: list[tuple[int, int]] = []
    start: int | None = None
    for row in rows:
        if row in headings:
            start = row if start is None else start
        else:
            groups.append((row if start is None else start, row))
            start = None
    return groups


def page_breaks(groups: Sequence[tuple[int, int]], heights: Mapping[int, float], top: float, scale: float) -> list[int]:
    """Rows (0-based) that start a page, so that no group of rows (first, last) is split over two pages.

    `top` is the height of the rows above the first group on the first page (title, header, ...);
    every later page repeats the header. A group taller than a page is broken by the program."""
    header = 2 * LINE_HEIGHT
    capacity = PRINTABLE_HEIGHT / scale * 0.98 - header  # a little margin for the programs' rounding
    used = top
    breaks = []
    for first, last in groups:
        size = sum(heights.get(row, LINE_HEIGHT) for row in range(first, last + 1))
        if used + size > capacity and used > header:
            breaks.append(first)
            used = header  # the repeated header
        used += size
    return breaks


def contiguous_runs(rows: Iterable[int]) -> list[tuple[int, int]]:
    """Contiguous runs in a sorted list of row numbers: [3, 4, 5, 8] -> [(3, 5), (8, 8)]."""
    runs: list[tuple[int, int]] = []
    for row in rows:
        if runs and runs[-1][1] == row - 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs
