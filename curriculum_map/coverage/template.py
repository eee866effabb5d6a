"""Write the Excel workbooks that lecturers fill in, one per programme."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import xlsxwriter
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from curriculum_map.core.filenames import unique_file_names
from curriculum_map.core.texts import text_list
from curriculum_map.core.version import __version__
from curriculum_map.framework.model import Cluster, Component, Framework, Programme
from curriculum_map.render.output import OutputError, atomic_path, ensure_folder
from curriculum_map.render.xlsx_style import LINE_HEIGHT, row_height
from curriculum_map.workbook.builder import (
    COLUMN_WIDTHS,
    ExistingFilesError,
    InstructionSheet,
    TemplateOptions,
    WorkbookBuilder,
    page_breaks,
    print_scale,
    refuse_existing,
)
from curriculum_map.workbook.courses import CourseUnit
from curriculum_map.workbook.embedded import embedded_rows
from curriculum_map.workbook.layout import (
    COMPETENCES,
    LEVEL_FIELDS,
    MATRIX,
    METADATA_SHEET,
    REMARK_ROW,
    RESPONDENT_LABEL_COLUMN,
    RESPONDENT_ROWS,
    RESPONDENT_VALUE_COLUMN,
    TEMPLATE_VERSION,
    SheetLayout,
)
from curriculum_map.workbook.roster import Person, Roster

# the builder's options and refusal are part of this module's interface too
__all__ = [
    "ExistingFilesError",
    "TemplateOptions",
    "TemplateResult",
    "WrittenWorkbook",
    "write_template",
    "write_templates",
]

# what a crosswalk of `framework revise` may say of an item (texts compare.change.*)
CHANGES = ("reworded", "moved", "split", "merged", "merged_into", "added")


# The Matrix is read on a 13-inch laptop and printed on A4. On a 1366x768 screen Excel at 100 % leaves
# about 490 px of grid under its ribbon: the frozen block (title, respondent block, header) stays within a
# quarter of the screen's 768 px and every data row is one line high, so that a dozen rows are in view.
# Printed to the width of A4 landscape the seven columns keep 11-point text at 9 points or more.
MATRIX_WIDTHS = {
    "id": 6, "cluster": 22, "component": 30, "level": 16, "ambition": 16, "evidence": 22, "comment": 20,
    "previous": 24,
}  # fmt: skip
COURSE_WIDTHS = (50, 12, 40, 12)  # the course units' sheet: label (as the dropdown shows it), code, name, year
SCREEN_GRID_PX = 490  # Excel's grid on a 1366x768 screen at 100 %, under the ribbon, formula bar and tabs
FROZEN_MAX_PX = 768 / 4
TITLE_HEIGHT = 20.0


def estimated_minutes(rows: Sequence[str], choices: int = 2) -> int:
    """Minutes a sheet takes, rounded up to 5: each row's text read at 180 words a minute, `choices`
    dropdown choices of 4 seconds each, and a course unit noted for one row in three (10 seconds)."""
    seconds = sum(len(row.split()) / 3 + 4 * choices + 10 / 3 for row in rows)
    return max(5, -(-int(seconds) // 300) * 5)


def matrix_page_breaks(
    groups: Sequence[tuple[int, int]], headings: set[int], heights: Mapping[int, float], top: float
) -> list[int]:
    """Rows (0-based) that start a page, so that no cluster's rows are split over two pages and a focus
    heading goes to the new page with the cluster below it. `top` is the height of the rows above the
    first data row (title, respondent block, header) on the first page."""
    clusters = [(first - 1 if first - 1 in headings else first, last) for first, last in groups]
    return page_breaks(clusters, heights, top, print_scale(MATRIX_WIDTHS[c] for c in MATRIX.columns))


@dataclass(frozen=True)
class WrittenWorkbook:
    programme: Programme
    path: Path
    person: Person | None = None  # the person it is for, when written from a roster


@dataclass(frozen=True)
class TemplateResult:
    """The workbooks one run wrote."""

    workbooks: tuple[WrittenWorkbook, ...]


def workbook_filename(programme: Programme, lang: str, person: Person | None = None) -> str:
    """The file name of a programme's workbook: the programme's name, as users know it (and the person's)."""
    return workbook_filenames([(programme, person)], lang)[0]


def workbook_filenames(
    targets: Sequence[tuple[Programme, Person | None]], lang: str, numbered: bool = False
) -> list[str]:
    """The file names of one run's workbooks: each safe, and never two the same file (core.filenames).

    `numbered`: copies of one programme's workbook for several respondents, 'Sociaal werk (1)', '(2)', ...
    """
    seen: dict[str, int] = {}
    wanted = []
    for programme, person in targets:
        seen[programme.id] = seen.get(programme.id, 0) + 1
        hint = str(seen[programme.id]) if numbered else _email_hint(person)
        wanted.append((programme.name.get(lang) + (f" - {person.name}" if person is not None else ""), hint))
    return unique_file_names(wanted, ".xlsx")


def _email_hint(person: Person | None) -> str:
    """What tells two people of the same name apart in a file name: their e-mail address before the @."""
    return person.email.partition("@")[0] if person is not None else ""


def write_templates(
    framework: Framework,
    out_dir: Path,
    programmes: Sequence[Programme] | None = None,
    options: TemplateOptions | None = None,
    overwrite: bool = False,
    roster: Roster | None = None,
    copies: int = 1,
) -> TemplateResult:
    """Write one blank workbook per programme (all programmes when none are given) into `out_dir`;
    with a roster, one personal workbook per person on it (of those programmes), name and role filled in.

    Without `overwrite`, raises ExistingFilesError before writing anything when a workbook's file exists:
    the folder may hold workbooks that came back filled in, under the same names.
    """
    options = options or TemplateOptions()
    chosen = list(programmes or framework.programmes)
    pairs: list[tuple[Programme, Person | None]]
    if roster is None:  # one workbook per programme, or `copies` numbered ones: each respondent their own file
        pairs = [(p, None) for p in chosen for _ in range(max(1, copies))]
    else:
        pairs = [(p, person) for p in chosen for person in roster.of_group(p.id)]
    names = workbook_filenames(pairs, options.lang, numbered=copies > 1 and roster is None)
    targets = [WrittenWorkbook(p, out_dir / name, person) for (p, person), name in zip(pairs, names, strict=True)]
    if not overwrite:
        refuse_existing(target.path for target in targets)
    ensure_folder(out_dir)
    for target in targets:
        write_template(framework, target.programme, target.path, options, target.person)
    return TemplateResult(tuple(targets))


def write_template(
    framework: Framework, programme: Programme, path: Path, options: TemplateOptions, person: Person | None = None
) -> Path:
    """Write one programme's blank workbook (a person's, with a roster) to `path`, atomically."""
    try:
        with atomic_path(path) as temporary:
            workbook = xlsxwriter.Workbook(str(temporary), {"strings_to_numbers": False})
            _ProgrammeWorkbook(workbook, framework, programme, options, path.name, person).write()
            workbook.close()
    except OSError as exc:
        raise OutputError(path, exc.strerror or str(exc)) from None
    return path


class _ProgrammeWorkbook(WorkbookBuilder):
    """The workbook of one programme: instructions, the matrix, the competences, metadata."""

    def __init__(
        self,
        workbook: Workbook,
        framework: Framework,
        programme: Programme,
        options: TemplateOptions,
        name: str,
        person: Person | None = None,
    ):
        super().__init__(
            workbook, framework, options, name, programme.name.get(options.lang), framework.level_labels(options.lang)
        )
        self.programme = programme
        self.person = person
        previous = options.previous
        self.previous = previous if previous is not None and programme in previous.programmes else None
        prefilled = self.previous is not None
        # the legend stands beside the respondent block: a longer scale moves the table down
        matrix = replace(MATRIX, header_row=max(MATRIX.header_row, 3 + len(framework.levels)))
        self.layouts = {layout.key: layout.with_previous() if prefilled else layout for layout in (matrix, COMPETENCES)}

    def write(self) -> None:
        self.workbook.set_properties(
            {
                "title": self.t(
                    "matrix.title",
                    subject=self.framework.subject.get(self.lang),
                    programme=self.programme.name.get(self.lang),
                ),
                "subject": self.framework.title.get(self.lang),
                "author": "curriculum-map",
                "comments": f"{self.framework.id} {self.framework.version}",
            }
        )
        instructions = self.workbook.add_worksheet(self.sheet_names["instructions"])
        matrix = self.workbook.add_worksheet(self.sheet_names["matrix"])
        competences = self.workbook.add_worksheet(self.sheet_names["competences"])
        units = self.options.courses.of_group(self.programme.id) if self.options.courses is not None else []
        course_list = self._write_courses(units) if units else None
        metadata = self.workbook.add_worksheet(METADATA_SHEET)
        self._write_instructions(instructions)
        self._write_matrix(matrix)
        self._write_competences(competences)
        if course_list is not None:
            for sheet, key in ((matrix, "matrix"), (competences, "competences")):
                self._course_dropdowns(sheet, self.layouts[key], course_list)
        rows = metadata_rows(self.framework, self.programme, self.lang)
        if self.person is not None:
            rows += [("respondent_id", self.person.respondent_id), ("respondent_email", self.person.email)]
        if self.previous is not None:
            rows.append(("prefilled_from", self.previous.data_date or "-"))
        self._write_metadata(metadata, rows)
        instructions.activate()
        instructions.set_first_sheet()

    # -- instructions -------------------------------------------------------------------------

    def _write_instructions(self, ws: Worksheet) -> None:
        names = {
            "matrix": f"'{self.sheet_names['matrix']}'",
            "competences": f"'{self.sheet_names['competences']}'",
        }
        columns = {key: self.t(f"column.{key}") for key in ("id", "level", "ambition", "evidence", "comment")}
        sheet = InstructionSheet(self, ws)
        sheet.title(
            self.t("instructions.title", subject=self.framework.subject.get(self.lang), programme=self.subject),
            self.framework_line(),
        )
        sheet.paragraph(
            self.t("instructions.task.heading"),
            self.t("instructions.task", kinds=", ".join(self.framework.kind_labels(self.lang)), **names),
        )
        sheet.paragraph(self.t("instructions.when.heading"), self._when_and_scope())
        minutes = {
            "matrix_minutes": estimated_minutes([self._component_statements(k) for k in self.framework.components]),
            "competence_minutes": estimated_minutes([c.text.get(self.lang) for c in self.framework.competences]),
        }
        sheet.paragraph(self.t("instructions.time.heading"), self.t("instructions.time", **names, **minutes))
        sheet.legend(self.t("instructions.legend.heading"), self.framework.levels)
        steps = text_list("instructions.how", self.lang, lowest=self.labels[0], matrix=names["matrix"], **columns)
        sheet.steps(self.t("instructions.how.heading"), steps)
        remark = self.t("instructions.remark", matrix=names["matrix"], remark=self.t("respondent.remark"))
        sheet.paragraph(
            self.t("instructions.comments.heading"), self.t("instructions.comments", **columns) + "\n" + remark
        )
        sheet.sending()

    def _write_courses(self, units: Sequence[CourseUnit]) -> str:
        """A sheet with the programme's course units; returns the range the dropdowns list."""
        keys = ("label", "code", "name", "year")
        columns = [(self.t(f"courses.column.{key}"), width) for key, width in zip(keys, COURSE_WIDTHS, strict=True)]
        return self.write_unit_list(
            self.t("sheet.courses"),
            self.t("courses.title", programme=self.programme.name.get(self.lang)),
            self.t("courses.subtitle", evidence=self.t("column.evidence")),
            columns,
            [(unit.label(), unit.code, unit.name, unit.year) for unit in units],
        )

    def _course_dropdowns(self, ws: Worksheet, layout: SheetLayout, source: str) -> None:
        """The course units as a dropdown in the evidence column; typing several (or anything) stays allowed."""
        title, message = self.t("courses.validation.title"), self.t("courses.validation.message")
        self.unit_dropdowns(ws, layout.first_data_row - 1, layout.column("evidence"), source, title, message)

    def _when_and_scope(self) -> str:
        scope = self.t(f"instructions.scope.{self.options.scope}")
        if self.options.deadline:
            return self.t("instructions.deadline", deadline=self.options.deadline) + " " + scope
        return scope

    def _after_item(self, ws: Worksheet, layout: SheetLayout, row: int, item_id: str) -> None:
        self._previous(ws, layout, row, item_id)

    def _competence_row(
        self, ws: Worksheet, layout: SheetLayout, row: int, item_id: str, statement: str, width: float
    ) -> None:
        super()._competence_row(ws, layout, row, item_id, statement, width)
        if self.previous is not None:  # last year's note, in a narrower column, is read whole too
            note = (self._previous_note(item_id), self.printed_widths[layout.column("previous")])
            self._set_row(ws, row, row_height([(statement, width), note]))

    def _previous_levels(self, item_id: str) -> dict[str, str]:
        """Last year's consensus per level field, as the level's label."""
        assert self.previous is not None
        cells = {field: self.previous.cell(self.programme.id, item_id, field).consensus for field in LEVEL_FIELDS}
        return {f: self.framework.level(s).label.get(self.lang) for f, s in cells.items() if s is not None}

    def _previous_note(self, item_id: str) -> str:
        """What the locked 'previous' column says: what was taken over, a merged competence's other answer, a change."""
        assert self.previous is not None
        labels = self._previous_levels(item_id)
        note = self.t("prefill.none")
        if labels:
            parts = [f"{self.t(f'column.{field}')}: {label}" for field, label in labels.items()]
            note = self.t("prefill.note", date=self.previous.data_date or "-", answers="; ".join(parts))
        for merged in self.options.merged_for(self.programme.id, item_id):
            level = self.framework.level(merged.score).label.get(self.lang)
            answer = f"{self.t(f'column.{merged.field}')}: {level}"
            note += " " + self.t("prefill.merged", id=merged.merged_id, answer=answer)
        change = (self.options.changed or {}).get(item_id)
        if change in CHANGES:
            note += " " + self.t("prefill.changed", change=self.t(f"compare.change.{change}"))
        return note

    def _previous(self, ws: Worksheet, layout: SheetLayout, row: int, item_id: str) -> None:
        """Prefill last year's consensus into the level cells, and say so in the locked 'previous' column."""
        if self.previous is None:
            return
        for field, label in self._previous_levels(item_id).items():
            ws.write_string(row, layout.column(field), label, self.formats["input_level"])
        ws.write_string(row, layout.column("previous"), self._previous_note(item_id), self.formats["previous"])

    def _write_matrix(self, ws: Worksheet) -> None:
        layout = self.layouts["matrix"]
        f = self.formats
        programme = self.programme.name.get(self.lang)
        self._prepare_data_sheet(
            ws,
            layout,
            self.t("matrix.title", subject=self.framework.subject.get(self.lang), programme=programme),
            self.t("matrix.subtitle"),
            widths=MATRIX_WIDTHS,
            frozen_columns=layout.column("component") + 1,
        )
        known = {"name": self.person.name, "role": self.person.role} if self.person is not None else {}
        for field, row in (*RESPONDENT_ROWS.items(), ("remark", REMARK_ROW)):
            ws.write_string(row - 1, RESPONDENT_LABEL_COLUMN, self.t(f"respondent.{field}"), f["label"])
            if known.get(field):  # from the roster: filled in and locked
                ws.write_string(row - 1, RESPONDENT_VALUE_COLUMN, known[field], f["cell"])
            else:
                ws.write_blank(row - 1, RESPONDENT_VALUE_COLUMN, None, f["input"])
        self._matrix_legend(ws, layout)
        top = self._top_block_heights(ws, layout)
        data_rows, clusters = self._matrix_rows(ws, layout)
        self._level_cells(ws, layout, data_rows)
        ws.set_h_pagebreaks(matrix_page_breaks(clusters, self._headings, self._row_heights, sum(top.values())))
        self._protect(ws)

    def _top_block_heights(self, ws: Worksheet, layout: SheetLayout) -> dict[int, float]:
        """Title, subtitle and respondent block one line each: the frozen block stays a quarter of a laptop screen."""
        header = layout.header_row - 1
        heights = {0: TITLE_HEIGHT, **{row: LINE_HEIGHT for row in range(1, header)}}
        heights[1] = row_height([(self.t("matrix.subtitle"), sum(MATRIX_WIDTHS[c] for c in layout.columns))]) - 3
        heights[header] = 2 * LINE_HEIGHT
        for row, height in heights.items():
            ws.set_row(row, height)
        return heights

    def _matrix_legend(self, ws: Worksheet, layout: SheetLayout) -> None:
        """The levels beside the respondent block, one line each; each level's definition, never shortened,
        in its note (and on the instruction sheet, which prints it)."""
        first = layout.column("level")
        last = len(layout.columns) - 1
        for offset, (level, fmt) in enumerate(zip(self.framework.levels, self.legend_formats, strict=True)):
            row = 2 + offset
            ws.write_string(row, first, level.label.get(self.lang), fmt)
            definition = f"{level.score} – {level.description.get(self.lang)}"
            ws.write_comment(row, first, definition, {"x_scale": 2, "y_scale": 1})
        levels = len(self.framework.levels)
        hint = self.t(
            "matrix.legend_hint",
            instructions=f"'{self.sheet_names['instructions']}'",
            competences=f"'{self.sheet_names['competences']}'",
        )
        ws.merge_range(2, first + 1, 1 + levels, last, hint, self.formats["body"])

    def _matrix_rows(self, ws: Worksheet, layout: SheetLayout) -> tuple[list[int], list[tuple[int, int]]]:
        """A row per component, one line high; returns the data rows and each cluster's (first, last) row."""
        f = self.formats
        row = layout.first_data_row - 1
        data_rows: list[int] = []
        clusters: list[tuple[int, int]] = []
        self._row_heights: dict[int, float] = {}
        self._headings: set[int] = set()
        across = sum(MATRIX_WIDTHS[c] for c in layout.columns[1:])
        for number, focus in enumerate(self.framework.focuses, 1):
            label = self._focus_label(number, focus.name.get(self.lang))
            self._group_row(ws, layout, row, label, "focus_row")
            self._row_heights[row] = row_height([(label, across)])
            self._headings.add(row)
            row += 1
            for cluster in focus.clusters:
                first = row
                for component in cluster.components:
                    content = self._component_content(component)
                    ws.write_string(row, layout.column("id"), component.id, f["id"])
                    ws.write_string(row, layout.column("component"), content, f["cell"])
                    if component.competences:
                        full = "\n".join(f"{c.id} {c.text.get(self.lang)}" for c in component.competences)
                        ws.write_comment(row, layout.column("component"), full, {"x_scale": 3, "y_scale": 3})
                    self._input_cells(ws, layout, row)
                    self._previous(ws, layout, row, component.id)
                    self._row_heights[row] = row_height([(content, MATRIX_WIDTHS["component"])])
                    data_rows.append(row)
                    row += 1
                self._cluster_cell(ws, layout, cluster, first, row - 1)
                clusters.append((first, row - 1))
        for number, height in self._row_heights.items():
            ws.set_row(number, height)
        return data_rows, clusters

    def _component_content(self, component: Component) -> str:
        """'kennis – 4 competenties': what the row asks about, in full; the statements are in its note and,
        on paper, on the sheet of the competences."""
        count = self.t("matrix.competence_count", count=len(component.competences))
        return f"{component.kind.label.get(self.lang)} – {count}"

    def _component_statements(self, component: Component) -> str:
        """What a lecturer reads for a row: its content and every statement (in the note on screen)."""
        statements = " ".join(c.text.get(self.lang) for c in component.competences)
        return f"{self._component_content(component)}: {statements}"

    def _cluster_cell(self, ws: Worksheet, layout: SheetLayout, cluster: Cluster, first: int, last: int) -> None:
        label = self._cluster_label(cluster)
        column = layout.column("cluster")
        if last > first:
            ws.merge_range(first, column, last, column, label, self.formats["cluster_cell"])
        else:
            ws.write_string(first, column, label, self.formats["cluster_cell"])
        needed = row_height([(label, MATRIX_WIDTHS["cluster"])])
        rows = range(first, last + 1)
        if sum(self._row_heights[r] for r in rows) < needed:
            for r in rows:
                self._row_heights[r] = needed / len(rows)

    def _write_competences(self, ws: Worksheet) -> None:
        layout = self.layouts["competences"]
        programme = self.programme.name.get(self.lang)
        self._prepare_data_sheet(
            ws,
            layout,
            self.t("competences.title", programme=programme, count=len(self.framework.competences)),
            self.t("competences.subtitle", matrix=f"'{self.sheet_names['matrix']}'"),
        )
        data_rows = self._write_competence_rows(ws, layout, COLUMN_WIDTHS["competence"])
        self._level_cells(ws, layout, data_rows)
        self._protect(ws)


def metadata_rows(framework: Framework, programme: Programme, lang: str) -> list[tuple[str, str]]:
    """The key/value pairs of the hidden metadata sheet."""
    return [
        ("framework_id", framework.id),
        ("framework_version", framework.version),
        ("framework_hash", framework.hash),
        ("programme_id", programme.id),
        ("programme", programme.name.get(lang)),
        ("template_version", TEMPLATE_VERSION),
        ("language", lang),
        ("generator", f"curriculum-map {__version__}"),
        *embedded_rows(framework),
    ]
