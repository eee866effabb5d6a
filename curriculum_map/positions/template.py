"""The positions workbook: one respondent says, per competence, of which positions it is expected."""

from __future__ import annotations

from pathlib import Path

import xlsxwriter
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from curriculum_map.core.texts import text, text_list
from curriculum_map.core.version import __version__
from curriculum_map.framework.model import Component, Framework
from curriculum_map.render.output import OutputError, atomic_path, ensure_folder, safe_filename
from curriculum_map.render.xlsx_style import LINE_HEIGHT
from curriculum_map.workbook.builder import (
    COLUMN_WIDTHS,
    InstructionSheet,
    TemplateOptions,
    WorkbookBuilder,
    refuse_existing,
)
from curriculum_map.workbook.layout import (
    RESPONDENT_LABEL_COLUMN,
    RESPONDENT_ROWS,
    RESPONDENT_VALUE_COLUMN,
    TEMPLATE_VERSION,
    SheetLayout,
)

OWN_ROWS_PER_COMPONENT = 2
POSITION_PREFIX = "position:"
WORKBOOK_KIND = "positions"


def positions_layout(framework: Framework) -> SheetLayout:
    """The data sheet's columns: id, competence, one per position (from the framework), own choice."""
    return SheetLayout(
        key="positions",
        item_type="competence",
        columns=("id", "competence", *(POSITION_PREFIX + p.id for p in framework.positions), "own_choice"),
        header_row=7,
    )


def own_row_id(component_id: str, number: int) -> str:
    """The id of an empty row where a respondent may add a competence: '1.2.eigen1'."""
    return f"{component_id}.eigen{number}"


def positions_filename(organisation: str | None, lang: str) -> str:
    base = text("positions.filename", lang)
    return safe_filename(f"{base} - {organisation}" if organisation else base) + ".xlsx"


def write_positions_template(
    framework: Framework,
    out_dir: Path,
    organisation: str | None = None,
    options: TemplateOptions | None = None,
    overwrite: bool = False,
) -> Path:
    """Write the positions workbook for one respondent into `out_dir`; returns its path.

    Without `overwrite`, raises ExistingFilesError when the file exists (it may be a filled-in copy).
    """
    options = options or TemplateOptions()
    if not framework.positions or not framework.expectations:
        raise ValueError("this framework defines no positions or no expectation levels")
    path = out_dir / positions_filename(organisation, options.lang)
    if not overwrite:
        refuse_existing([path])
    ensure_folder(out_dir)
    try:
        with atomic_path(path) as temporary:
            workbook = xlsxwriter.Workbook(str(temporary), {"strings_to_numbers": False})
            _PositionsWorkbook(workbook, framework, options, path.name, organisation).write()
            workbook.close()
    except OSError as exc:
        raise OutputError(path, exc.strerror or str(exc)) from None
    return path


class _PositionsWorkbook(WorkbookBuilder):
    def __init__(
        self, workbook: Workbook, framework: Framework, options: TemplateOptions, name: str, organisation: str | None
    ):
        labels = [level.label.get(options.lang) for level in framework.expectations]
        super().__init__(workbook, framework, options, name, organisation or "", labels)
        self.organisation = organisation or ""
        self.layout = positions_layout(framework)
        self.level_columns = frozenset(c for c in self.layout.columns if c.startswith(POSITION_PREFIX))
        self.text_columns = frozenset({"own_choice"})
        self.sheet_names["positions"] = text("sheet.positions", self.lang)

    def write(self) -> None:
        self.workbook.set_properties(
            {"title": self._title(), "subject": self.framework.title.get(self.lang), "author": "curriculum-map"}
        )
        instructions = self.workbook.add_worksheet(self.sheet_names["instructions"])
        data = self.workbook.add_worksheet(self.sheet_names["positions"])
        metadata = self.workbook.add_worksheet("_metadata")
        self._write_instructions(instructions)
        self._write_data(data)
        self._write_metadata(metadata, self.metadata_rows())
        instructions.activate()
        instructions.set_first_sheet()

    def _title(self) -> str:
        if self.organisation:
            return self.t("positions.title", organisation=self.organisation)
        return self.t("positions.title.plain")

    def metadata_rows(self) -> list[tuple[str, str]]:
        return [
            ("workbook_kind", WORKBOOK_KIND),
            ("framework_id", self.framework.id),
            ("framework_version", self.framework.version),
            ("framework_hash", self.framework.hash),
            ("organisation", self.organisation),
            ("template_version", TEMPLATE_VERSION),
            ("language", self.lang),
            ("generator", f"curriculum-map {__version__}"),
        ]

    def _write_instructions(self, ws: Worksheet) -> None:
        sheet = InstructionSheet(self, ws)
        sheet.title(self._title(), self.framework_line())
        sheet.paragraph(self.t("instructions.task.heading"), self.t("positions.instructions.task"))
        sheet.table(
            self.t("positions.instructions.positions"),
            [(p.name.get(self.lang), p.description.get(self.lang)) for p in self.framework.positions],
        )
        sheet.legend(self.t("positions.instructions.legend"), self.framework.expectations)
        steps = text_list(
            "positions.instructions.how",
            self.lang,
            sheet=f"'{self.sheet_names['positions']}'",
            labels="' / '".join(self.labels),
            own_choice=self.t("column.own_choice"),
            competence=self.t("column.competence"),
            id=self.t("column.id"),
        )
        sheet.steps(self.t("instructions.how.heading"), steps)
        sheet.paragraph(self.t("positions.instructions.privacy.heading"), self.t("positions.instructions.privacy"))
        sheet.sending()

    def _after_component(
        self, ws: Worksheet, layout: SheetLayout, row: int, component: Component, data_rows: list[int]
    ) -> int:
        """Empty rows where a respondent may add competences of their own (the source's '...' rows)."""
        for own in range(1, OWN_ROWS_PER_COMPONENT + 1):
            ws.write_string(row, 0, own_row_id(component.id, own), self.formats["id"])
            ws.write_blank(row, 1, None, self.formats["input"])
            self._input_cells(ws, layout, row)
            ws.set_row(row, 2 * LINE_HEIGHT)
            data_rows.append(row)
            row += 1
        return row

    def _write_data(self, ws: Worksheet) -> None:
        layout = self.layout
        f = self.formats
        widths = {**COLUMN_WIDTHS, "competence": 62, "own_choice": 30}
        for index, column in enumerate(layout.columns):
            ws.set_column(index, index, widths.get(column, 15))
        ws.write_string(0, 0, self._title(), f["title"])
        ws.write_string(
            1, 0, self.t("positions.subtitle", instructions=f"'{self.sheet_names['instructions']}'"), f["subtitle"]
        )
        for field, row in RESPONDENT_ROWS.items():
            ws.write_string(row - 1, RESPONDENT_LABEL_COLUMN, self.t(f"respondent.{field}"), f["label"])
            ws.merge_range(row - 1, RESPONDENT_VALUE_COLUMN, row - 1, RESPONDENT_VALUE_COLUMN + 1, "", f["input"])
        header = layout.header_row - 1
        positions = {POSITION_PREFIX + p.id: p.name.get(self.lang) for p in self.framework.positions}
        for index, column in enumerate(layout.columns):
            ws.write_string(header, index, positions.get(column) or self.t(f"column.{column}"), f["header"])
        ws.set_row(header, 2 * LINE_HEIGHT + 2)
        ws.freeze_panes(layout.header_row, 2)
        ws.set_landscape()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(header)
        ws.set_footer(f"&L{self.organisation}&C&A&R&P / &N")
        data_rows = self._write_competence_rows(ws, layout, widths["competence"])
        self._level_cells(ws, layout, data_rows)
        self._protect(ws)
