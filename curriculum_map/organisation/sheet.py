"""The workbooks of the organisation workflow, both kinds alike: a function profile (per competence
essential, nice-to-have or not needed) and a personal self-assessment (relevant? acquired? what helps?).

One data sheet of competences under their cluster and component, a locked column with what the
organisation already said (the consensus position, or the function's profile), answer columns with
dropdowns from the scales of data/organisation.yaml, and free text. The rows themselves (ids, the
organisation's own competences with their texts, the locked values) travel in the hidden metadata
sheet, so that the reader knows exactly what was written.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import xlsxwriter
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from curriculum_map.core.texts import text_list
from curriculum_map.core.version import __version__
from curriculum_map.framework.model import Framework, with_source_code
from curriculum_map.organisation.scales import OptionScale
from curriculum_map.render.output import OutputError, atomic_path, ensure_folder
from curriculum_map.render.xlsx_style import LINE_HEIGHT, row_height
from curriculum_map.workbook.builder import (
    A4,
    InstructionSheet,
    TemplateOptions,
    WorkbookBuilder,
    contiguous_runs,
    refuse_existing,
)
from curriculum_map.workbook.layout import (
    METADATA_SHEET,
    RESPONDENT_LABEL_COLUMN,
    RESPONDENT_ROWS,
    RESPONDENT_VALUE_COLUMN,
    TEMPLATE_VERSION,
    SheetLayout,
)

ROWS_KEY = "organisation_rows"
CHUNK = 30_000  # a cell holds at most 32,767 characters: the rows are spread over several when longer
WIDTHS = {"id": 9, "competence": 64, "consensus": 22, "profile": 22, "choice": 26, "relevant": 14,
          "acquired": 18, "comment": 40, "help": 44, "functions": 30, "trainings": 44}  # fmt: skip
OWN_PREFIX = "eigen"
LISTED_AT = 6  # a scale of more options than this is listed one per row on the instructions sheet


@dataclass(frozen=True)
class SheetRow:
    """One competence row: its id, component, text (read from the framework unless it is the organisation's
    own), the locked column's text, a prefilled answer (an option id) and a stored value for the reader."""

    item_id: str
    component_id: str
    own_text: str = ""
    locked: str = ""
    answer: str = ""
    value: str = ""  # profile workbooks: the consensus position id; self-assessments: the profile choice id

    def text(self, framework: Framework, lang: str) -> str:
        if self.own_text:
            return self.own_text
        competence = framework.competence(self.item_id)
        return with_source_code(competence, competence.text.get(lang))


@dataclass(frozen=True)
class Question:
    """An answer column: its layout key and scale (None for free text)."""

    column: str
    scale: OptionScale | None = None


@dataclass(frozen=True)
class UnitList:
    """A list to pick from in one answer column (the organisation's trainings), on a locked sheet of its own."""

    sheet_key: str  # text key of the sheet's name
    title: str
    subtitle: str
    column: str  # the answer column that gets the dropdown
    headers: tuple[tuple[str, float], ...]  # (header, width); the first column is what the dropdown shows
    rows: tuple[tuple[str, ...], ...]
    validation: tuple[str, str]  # the dropdown's title and message


@dataclass(frozen=True)
class WorkbookSpec:
    """What differs between the two kinds: kind, sheet, columns, questions, the texts' prefix and metadata."""

    kind: str
    sheet_key: str  # text key of the data sheet's name
    texts: str  # prefix of the kind's texts: 'profile' or 'self'
    layout: SheetLayout
    questions: tuple[Question, ...]
    rows: tuple[SheetRow, ...]
    title: str
    metadata: tuple[tuple[str, str], ...] = ()
    respondent: dict[str, str] | None = None  # a person's block (name, role filled in), None: no block
    units: UnitList | None = None
    widths: Mapping[str, float] | None = None  # the columns' widths (None: WIDTHS)
    frozen_columns: int = 0  # columns that stay in view when scrolling right (the id)
    labels: tuple[tuple[str, str], ...] = ()  # (column, text key): a column's header other than its own

    @property
    def locked_column(self) -> bool:
        """Whether the third column shows what the organisation already said (locked), not a question."""
        return self.layout.columns[2] not in {q.column for q in self.questions}


def encode_rows(rows: Sequence[SheetRow]) -> list[tuple[str, str]]:
    """The rows as metadata: JSON, spread over as many cells as needed."""
    packed = json.dumps([[r.item_id, r.component_id, r.own_text, r.locked, r.value] for r in rows], ensure_ascii=False)
    chunks = [packed[i : i + CHUNK] for i in range(0, len(packed), CHUNK)] or ["[]"]
    return [(ROWS_KEY if n == 1 else f"{ROWS_KEY}.{n}", chunk) for n, chunk in enumerate(chunks, 1)]


def decode_rows(metadata: dict[str, str]) -> tuple[SheetRow, ...] | None:
    """The rows a workbook was written with, or None when its metadata does not hold them (readably)."""
    parts, number = [], 1
    while (chunk := metadata.get(ROWS_KEY if number == 1 else f"{ROWS_KEY}.{number}")) is not None:
        parts.append(chunk)
        number += 1
    try:
        raw = json.loads("".join(parts)) if parts else None
        return tuple(SheetRow(str(i), str(k), str(t), str(lo), "", str(v)) for i, k, t, lo, v in raw) if raw else None
    except (ValueError, TypeError):
        return None


def write_workbook(
    framework: Framework,
    path: Path,
    spec: WorkbookSpec,
    options: TemplateOptions,
    builder: type[OrganisationWorkbook] | None = None,
) -> None:
    """Write one workbook of `spec` to `path` (atomically)."""
    try:
        with atomic_path(path) as temporary:
            workbook = xlsxwriter.Workbook(str(temporary), {"strings_to_numbers": False})
            (builder or OrganisationWorkbook)(workbook, framework, options, path.name, spec).write()
            workbook.close()
    except OSError as exc:
        raise OutputError(path, exc.strerror or str(exc)) from None


def write_workbooks(
    framework: Framework,
    out_dir: Path,
    specs: Sequence[tuple[str, WorkbookSpec]],
    options: TemplateOptions,
    force: bool,
    builder: type[OrganisationWorkbook] | None = None,
) -> list[Path]:
    """Write one workbook per (file name, spec); refuses (ExistingFilesError) to replace files unless `force`.

    `builder`: a subclass that adds sheets of its own (the consultation's front sheet)."""
    paths = [out_dir / name for name, _ in specs]
    if not force:
        refuse_existing(paths)
    ensure_folder(out_dir)
    for path, (_, spec) in zip(paths, specs, strict=True):
        write_workbook(framework, path, spec, options, builder)
    return paths


class OrganisationWorkbook(WorkbookBuilder):
    def __init__(
        self, workbook: Workbook, framework: Framework, options: TemplateOptions, name: str, spec: WorkbookSpec
    ):
        first = next((q.scale for q in spec.questions if q.scale), None)
        super().__init__(workbook, framework, options, name, spec.title, first.labels(options.lang) if first else [])
        self.spec = spec
        self.layout = spec.layout
        self.widths = spec.widths or WIDTHS
        self.formats["locked"] = workbook.add_format(
            {"border": 1, "border_color": "#a6a6a6", "italic": True, "bg_color": "#f2f2f2", "valign": "top",
             "text_wrap": True, "font_color": "#404040"}
        )  # fmt: skip

    def column(self, key: str) -> str:
        return self.t(dict(self.spec.labels).get(key, f"organisation.column.{key}"))

    def write(self) -> None:
        self.workbook.set_properties({"title": self.spec.title, "author": "curriculum-map"})
        instructions = self.workbook.add_worksheet(self.sheet_names["instructions"])
        data = self.workbook.add_worksheet(self.t(self.spec.sheet_key))
        units = self.spec.units
        source = (
            self.write_unit_list(self.t(units.sheet_key), units.title, units.subtitle, units.headers, units.rows)
            if units is not None
            else ""
        )
        metadata = self.workbook.add_worksheet(METADATA_SHEET)
        self._write_instructions(instructions)
        self._write_data(data)
        if units is not None and self.spec.rows:
            first, column = self.layout.first_data_row - 1, self.layout.column(units.column)
            self.unit_dropdowns(data, first, column, source, *units.validation)
        self._write_metadata(metadata, self.metadata_rows())
        instructions.activate()

    def metadata_rows(self) -> list[tuple[str, str]]:
        return [
            ("workbook_kind", self.spec.kind),
            ("framework_id", self.framework.id),
            ("framework_version", self.framework.version),
            ("framework_hash", self.framework.hash),
            ("template_version", TEMPLATE_VERSION),
            ("language", self.lang),
            ("generator", f"curriculum-map {__version__}"),
            *self.spec.metadata,
            *encode_rows(self.spec.rows),
        ]

    def _write_instructions(self, ws: Worksheet) -> None:
        sheet = InstructionSheet(self, ws)
        prefix = f"organisation.{self.spec.texts}"
        sheet.title(self.spec.title, self.framework_line())
        sheet.paragraph(self.t("instructions.task.heading"), self.t(f"{prefix}.task"))
        scales = [(self.column(q.column), q.scale.labels(self.lang)) for q in self.spec.questions if q.scale]
        answers = [(column, " / ".join(labels)) for column, labels in scales if len(labels) <= LISTED_AT]
        if answers:  # the training map has no list column: no heading with nothing under it
            sheet.table(self.t("organisation.answers.heading"), answers)
        for column, labels in scales:  # a long list (the consultation's 27 components): one per row, on its own
            if len(labels) > LISTED_AT:
                sheet.items(self.t("organisation.answers.list.heading", column=column), labels)
        steps = text_list(
            f"{prefix}.how", self.lang, sheet=f"'{self.t(self.spec.sheet_key)}'",
            **{c: f"'{self.column(c)}'" for c in self.layout.columns if c not in ("id", "competence")},
        )  # fmt: skip
        sheet.steps(self.t("instructions.how.heading"), steps)
        sheet.paragraph(self.t("organisation.privacy.heading"), self.t(f"{prefix}.privacy"))
        contact = self.options.contact or self.t("organisation.send.nobody")
        sheet.paragraph(self.t("instructions.send.heading"), self.t("instructions.send", contact=contact))
        sheet.print_setup()  # A4 landscape, pages broken so that no heading ends one
        self._protect(ws)

    def _write_data(self, ws: Worksheet) -> None:
        layout, f = self.layout, self.formats
        for index, column in enumerate(layout.columns):
            ws.set_column(index, index, self.widths[column])
        ws.write_string(0, 0, self.spec.title, f["title"])
        ws.write_string(1, 0, self.t(f"organisation.{self.spec.texts}.subtitle"), f["subtitle"])
        for key, row in RESPONDENT_ROWS.items() if self.spec.respondent is not None else ():
            ws.write_string(row - 1, RESPONDENT_LABEL_COLUMN, self.t(f"respondent.{key}"), f["label"])
            value = self.spec.respondent.get(key, "") if self.spec.respondent else ""
            if value:
                ws.write_string(row - 1, RESPONDENT_VALUE_COLUMN, value, f["locked"])
            else:
                ws.write_blank(row - 1, RESPONDENT_VALUE_COLUMN, None, f["input"])
        header = layout.header_row - 1
        for index, column in enumerate(layout.columns):
            label = self.t(f"column.{column}") if column in ("id", "competence") else self.column(column)
            ws.write_string(header, index, label, f["header"])
        ws.set_row(header, 2 * LINE_HEIGHT + 2)
        ws.freeze_panes(layout.header_row, self.spec.frozen_columns)
        ws.set_landscape()
        ws.set_paper(A4)
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(header)
        ws.set_footer(f"&L{self.spec.title}&C&A&R&P / &N")
        data_rows = self._write_rows(ws)
        self._dropdowns(ws, data_rows)
        self._protect(ws)

    def _write_rows(self, ws: Worksheet) -> list[int]:
        """The rows under their cluster and component headings; returns the data rows (0-based)."""
        row, data_rows = self.layout.first_data_row - 1, []
        component_of = {k.id: k for k in self.framework.components}
        cluster_of = {c.id: c for c in self.framework.clusters}
        cluster, component = None, None
        for item in self.spec.rows:
            part = component_of[item.component_id]
            if part.cluster_id != cluster:
                cluster = part.cluster_id
                self._group_row(ws, self.layout, row, self._cluster_label(cluster_of[cluster]), "cluster_row")
                row += 1
            if part.id != component:
                component = part.id
                self._group_row(ws, self.layout, row, self._component_label(part), "component_row")
                row += 1
            self._row(ws, row, item)
            data_rows.append(row)
            row += 1
        return data_rows

    def _row(self, ws: Worksheet, row: int, item: SheetRow) -> None:
        layout, f = self.layout, self.formats
        statement = item.text(self.framework, self.lang)
        ws.write_string(row, layout.column("id"), item.item_id, f["id"])
        ws.write_string(row, layout.column("competence"), statement, f["cell"])
        if self.spec.locked_column:
            ws.write_string(row, 2, item.locked, f["locked"])
        for question in self.spec.questions:
            answer = (
                question.scale.label(item.answer, self.lang) if question.scale and question.column == "choice" else ""
            )
            cell_format = f["input_level" if question.scale else "input"]
            if answer:
                ws.write_string(row, layout.column(question.column), answer, cell_format)
            else:
                ws.write_blank(row, layout.column(question.column), None, cell_format)
        self._set_row(ws, row, row_height([(statement, self.widths["competence"])]))

    def _dropdowns(self, ws: Worksheet, data_rows: list[int]) -> None:
        for question in self.spec.questions:
            if question.scale is None or not data_rows:
                continue
            labels = question.scale.labels(self.lang)
            validation = {
                "validate": "list",
                "source": self.choice_list(labels),
                "ignore_blank": True,
                "error_title": self.t("organisation.validation.error_title")[:32],
                "error_message": self.t("organisation.validation.error_message", labels=", ".join(labels))[:255],
                "error_type": "stop",
            }
            column = self.layout.column(question.column)
            for first, last in contiguous_runs(data_rows):
                status = ws.data_validation(first, column, last, column, validation)
                if status != 0:
                    raise RuntimeError(f"xlsxwriter refused the data validation (status {status})")
