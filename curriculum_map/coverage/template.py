"""Write the Excel workbooks that lecturers fill in, one per programme."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import xlsxwriter
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from curriculum_map.core.texts import text_list
from curriculum_map.core.version import __version__
from curriculum_map.framework.model import Framework, Programme
from curriculum_map.render.output import OutputError, atomic_path, ensure_folder, safe_filename
from curriculum_map.render.xlsx_style import LINE_HEIGHT, row_height
from curriculum_map.workbook.builder import (
    COLUMN_WIDTHS,
    ExistingFilesError,
    InstructionSheet,
    TemplateOptions,
    WorkbookBuilder,
    refuse_existing,
)
from curriculum_map.workbook.embedded import embedded_rows
from curriculum_map.workbook.layout import (
    COMPETENCES,
    LEVEL_FIELDS,
    MATRIX,
    METADATA_SHEET,
    RESPONDENT_LABEL_COLUMN,
    RESPONDENT_ROWS,
    RESPONDENT_VALUE_COLUMN,
    TEMPLATE_VERSION,
    SheetLayout,
)

# the builder's options and refusal are part of this module's interface too
__all__ = [
    "ExistingFilesError",
    "TemplateOptions",
    "TemplateResult",
    "WrittenWorkbook",
    "write_template",
    "write_templates",
]


@dataclass(frozen=True)
class WrittenWorkbook:
    programme: Programme
    path: Path


@dataclass(frozen=True)
class TemplateResult:
    """The workbooks one run wrote."""

    workbooks: tuple[WrittenWorkbook, ...]


def workbook_filename(programme: Programme, lang: str) -> str:
    """The file name of a programme's workbook: the programme's name, as users know it."""
    return safe_filename(programme.name.get(lang)) + ".xlsx"


def write_templates(
    framework: Framework,
    out_dir: Path,
    programmes: Sequence[Programme] | None = None,
    options: TemplateOptions | None = None,
    overwrite: bool = False,
) -> TemplateResult:
    """Write one blank workbook per programme (all programmes when none are given) into `out_dir`.

    Without `overwrite`, raises ExistingFilesError before writing anything when a workbook's file exists:
    the folder may hold workbooks that came back filled in, under the same names.
    """
    options = options or TemplateOptions()
    targets = [
        WrittenWorkbook(programme, out_dir / workbook_filename(programme, options.lang))
        for programme in programmes or framework.programmes
    ]
    if not overwrite:
        refuse_existing(target.path for target in targets)
    ensure_folder(out_dir)
    for target in targets:
        write_template(framework, target.programme, target.path, options)
    return TemplateResult(tuple(targets))


def write_template(framework: Framework, programme: Programme, path: Path, options: TemplateOptions) -> Path:
    """Write one programme's blank workbook to `path`, atomically."""
    try:
        with atomic_path(path) as temporary:
            workbook = xlsxwriter.Workbook(str(temporary), {"strings_to_numbers": False})
            _ProgrammeWorkbook(workbook, framework, programme, options, path.name).write()
            workbook.close()
    except OSError as exc:
        raise OutputError(path, exc.strerror or str(exc)) from None
    return path


class _ProgrammeWorkbook(WorkbookBuilder):
    """The workbook of one programme: instructions, the matrix, the competences, metadata."""

    def __init__(
        self, workbook: Workbook, framework: Framework, programme: Programme, options: TemplateOptions, name: str
    ):
        super().__init__(
            workbook, framework, options, name, programme.name.get(options.lang), framework.level_labels(options.lang)
        )
        self.programme = programme
        previous = options.previous
        self.previous = previous if previous is not None and programme in previous.programmes else None
        prefilled = self.previous is not None
        self.layouts = {layout.key: layout.with_previous() if prefilled else layout for layout in (MATRIX, COMPETENCES)}

    def write(self) -> None:
        self.workbook.set_properties(
            {
                "title": self.t("matrix.title", programme=self.programme.name.get(self.lang)),
                "subject": self.framework.title.get(self.lang),
                "author": "curriculum-map",
                "comments": f"{self.framework.id} {self.framework.version}",
            }
        )
        instructions = self.workbook.add_worksheet(self.sheet_names["instructions"])
        matrix = self.workbook.add_worksheet(self.sheet_names["matrix"])
        competences = self.workbook.add_worksheet(self.sheet_names["competences"])
        metadata = self.workbook.add_worksheet(METADATA_SHEET)
        self._write_instructions(instructions)
        self._write_matrix(matrix)
        self._write_competences(competences)
        rows = metadata_rows(self.framework, self.programme, self.lang)
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
        sheet.title(self.t("instructions.title", programme=self.subject), self.framework_line())
        sheet.paragraph(self.t("instructions.task.heading"), self.t("instructions.task", **names))
        sheet.legend(self.t("instructions.legend.heading"), self.framework.levels)
        steps = text_list("instructions.how", self.lang, lowest=self.labels[0], matrix=names["matrix"], **columns)
        sheet.steps(self.t("instructions.how.heading"), steps)
        sheet.paragraph(self.t("instructions.comments.heading"), self.t("instructions.comments", **columns))
        sheet.sending()

    def _after_item(self, ws: Worksheet, layout: SheetLayout, row: int, item_id: str) -> None:
        self._previous(ws, layout, row, item_id)

    def _previous(self, ws: Worksheet, layout: SheetLayout, row: int, item_id: str) -> None:
        """Prefill last year's consensus into the level cells, and say so in the locked 'previous' column."""
        if self.previous is None:
            return
        labels = {}
        for field in LEVEL_FIELDS:
            score = self.previous.cell(self.programme.id, item_id, field).consensus
            if score is not None:
                labels[field] = self.labels[score]
                ws.write_string(row, layout.column(field), self.labels[score], self.formats["input_level"])
        note = self.t("prefill.none")
        if labels:
            parts = [f"{self.t(f'column.{field}')}: {label}" for field, label in labels.items()]
            note = self.t("prefill.note", date=self.previous.data_date or "-", answers="; ".join(parts))
        ws.write_string(row, layout.column("previous"), note, self.formats["previous"])

    def _write_matrix(self, ws: Worksheet) -> None:
        layout = self.layouts["matrix"]
        f = self.formats
        programme = self.programme.name.get(self.lang)
        self._prepare_data_sheet(
            ws,
            layout,
            self.t("matrix.title", programme=programme),
            self.t("matrix.subtitle", instructions=f"'{self.sheet_names['instructions']}'"),
        )
        for field, row in RESPONDENT_ROWS.items():
            ws.write_string(row - 1, RESPONDENT_LABEL_COLUMN, self.t(f"respondent.{field}"), f["label"])
            ws.merge_range(row - 1, RESPONDENT_VALUE_COLUMN, row - 1, RESPONDENT_VALUE_COLUMN + 2, "", f["input"])
        row = layout.first_data_row - 1
        data_rows: list[int] = []
        for number, focus in enumerate(self.framework.focuses, 1):
            self._group_row(ws, layout, row, self._focus_label(number, focus.name.get(self.lang)), "focus_row")
            row += 1
            for cluster in focus.clusters:
                first = row
                for component in cluster.components:
                    ws.write_string(row, layout.column("id"), component.id, f["id"])
                    ws.write_string(row, layout.column("component"), component.kind.label.get(self.lang), f["cell"])
                    self._input_cells(ws, layout, row)
                    self._previous(ws, layout, row, component.id)
                    ws.set_row(row, 2 * LINE_HEIGHT)
                    data_rows.append(row)
                    row += 1
                label = self._cluster_label(cluster)
                column = layout.column("cluster")
                if row - first > 1:
                    ws.merge_range(first, column, row - 1, column, label, f["cluster_cell"])
                else:
                    ws.write_string(first, column, label, f["cluster_cell"])
                needed = row_height([(label, COLUMN_WIDTHS["cluster"])])
                for r in range(first, row):
                    ws.set_row(r, max(2 * LINE_HEIGHT, needed / max(row - first, 1)))
        self._level_cells(ws, layout, data_rows)
        self._protect(ws)

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
