"""The positions workbook, as the framework's own tables ask it: per competence a proposed position
("voorstel positie", locked) and the respondent's own choice ("eigen keuze", a dropdown), with a
free-text explanation, and empty rows under each component for competences of one's own.

The earlier form (per competence and position an expectation: 4 x 3 choices per row) is no longer
written; the reader refuses its workbooks with a problem of their own (positions-grid-form).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import xlsxwriter
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from curriculum_map.core.filenames import unique_file_names
from curriculum_map.core.palette import level_colours, text_colour
from curriculum_map.core.texts import text, text_list
from curriculum_map.core.version import __version__
from curriculum_map.framework.model import NOT_APPLICABLE, Component, Framework, Proposal
from curriculum_map.positions.choices import Scale
from curriculum_map.positions.lists import Invitee, encode_proposal, plain_proposal_name
from curriculum_map.render.output import OutputError, atomic_path, ensure_folder
from curriculum_map.render.xlsx_style import LINE_HEIGHT, row_height
from curriculum_map.workbook.builder import (
    InstructionSheet,
    TemplateOptions,
    WorkbookBuilder,
    contiguous_runs,
    refuse_existing,
)
from curriculum_map.workbook.embedded import embedded_rows
from curriculum_map.workbook.layout import (
    METADATA_SHEET,
    RESPONDENT_LABEL_COLUMN,
    RESPONDENT_ROWS,
    RESPONDENT_VALUE_COLUMN,
    TEMPLATE_VERSION,
    SheetLayout,
)

OWN_ROWS_PER_COMPONENT = 2
WORKBOOK_KIND = "positions"
FORM = "choice"  # metadata 'positions_form'; workbooks of the earlier grid form have none
LAYOUT = SheetLayout(
    key="positions",
    item_type="competence",
    columns=("id", "competence", "proposal", "choice", "comment"),
    header_row=7,
)
# printed to the width of A4 landscape, 11-point text stays at 9 points or more (see workbook.builder)
WIDTHS = {"id": 7, "competence": 50, "proposal": 18, "choice": 24, "comment": 25}
NOT_APPLICABLE_FILL = "#bdbdbd"
PROPOSAL_FILL = "#f2f2f2"

# How long the form takes, estimated from the framework itself (see docs/positions.md): reading the
# competences at 150 to 250 words a minute, 5 to 10 seconds to decide each, a few minutes of instructions.
WORDS_PER_MINUTE = (250, 150)
SECONDS_PER_CHOICE = (5, 10)
INSTRUCTION_MINUTES = 3


def positions_layout(framework: Framework | None = None) -> SheetLayout:
    """The data sheet's columns: id, competence, proposed position, own choice, explanation."""
    return LAYOUT


def own_row_id(component_id: str, number: int) -> str:
    """The id of an empty row where a respondent may add a competence: '1.2.eigen1'."""
    return f"{component_id}.eigen{number}"


def positions_filename(organisation: str | None, lang: str, respondent: str | None = None) -> str:
    """'Posities - De Vonk vzw - Hanne Peeters.xlsx' (parts left out when not given)."""
    return positions_filenames(organisation, lang, [Invitee(respondent)] if respondent else [None])[0]


def positions_filenames(
    organisation: str | None, lang: str, people: Sequence[Invitee | None], numbered: bool = False
) -> list[str]:
    """The file names of one run's workbooks: each safe, and never two the same file (core.filenames).

    `numbered`: copies of the blank workbook for several respondents, 'Posities - De Vonk vzw (1)', '(2)', ...
    """
    wanted = []
    for number, person in enumerate(people, 1):
        parts = [text("positions.filename", lang), organisation, person.name if person else None]
        hint = person.email.partition("@")[0] if person else str(number) if numbered else ""
        wanted.append((" - ".join(p for p in parts if p), hint))
    return unique_file_names(wanted, ".xlsx")


def form_minutes(framework: Framework, lang: str, choices_per_row: int = 1) -> tuple[int, int]:
    """How many minutes filling in the form takes, from quick to careful (rounded to 5 minutes)."""
    words = sum(len(x.text.get(lang).split()) for x in framework.competences)
    count = len(framework.competences) * choices_per_row
    quick, careful = (
        INSTRUCTION_MINUTES + words / speed + count * seconds / 60
        for speed, seconds in zip(WORDS_PER_MINUTE, SECONDS_PER_CHOICE, strict=True)
    )
    return max(5, 5 * math.floor(quick / 5)), 5 * math.ceil(careful / 5)


@dataclass(frozen=True)
class PositionsTemplate:
    """What one run of `positions template` puts in every workbook."""

    organisation: str = ""
    proposal: Proposal | None = None


def write_positions_templates(
    framework: Framework,
    out_dir: Path,
    template: PositionsTemplate,
    options: TemplateOptions | None = None,
    invitees: Sequence[Invitee] = (),
    overwrite: bool = False,
    copies: int = 1,
) -> list[Path]:
    """One workbook per invitee (their name filled in), or `copies` blank ones (numbered when more than
    one: every respondent returns their own file); returns the paths.

    Without `overwrite`, raises ExistingFilesError naming every file that exists (it may be filled in),
    and writes nothing.
    """
    options = options or TemplateOptions()
    if not framework.positions:
        raise ValueError("this framework defines no positions")
    people: Sequence[Invitee | None] = list(invitees) or [None] * max(1, copies)
    numbered = not invitees and copies > 1
    paths = [out_dir / name for name in positions_filenames(template.organisation, options.lang, people, numbered)]
    if not overwrite:
        refuse_existing(paths)
    ensure_folder(out_dir)
    for path, person in zip(paths, people, strict=True):
        try:
            with atomic_path(path) as temporary:
                workbook = xlsxwriter.Workbook(str(temporary), {"strings_to_numbers": False})
                _PositionsWorkbook(workbook, framework, options, path.name, template, person).write()
                workbook.close()
        except OSError as exc:
            raise OutputError(path, exc.strerror or str(exc)) from None
    return paths


def write_positions_template(
    framework: Framework,
    out_dir: Path,
    organisation: str | None = None,
    options: TemplateOptions | None = None,
    overwrite: bool = False,
    proposal: Proposal | None = None,
) -> Path:
    """Write one blank positions workbook into `out_dir`; returns its path."""
    template = PositionsTemplate(organisation or "", proposal if proposal is not None else framework.proposal)
    return write_positions_templates(framework, out_dir, template, options, overwrite=overwrite)[0]


class _PositionsWorkbook(WorkbookBuilder):
    def __init__(
        self,
        workbook: Workbook,
        framework: Framework,
        options: TemplateOptions,
        name: str,
        template: PositionsTemplate,
        invitee: Invitee | None,
    ):
        self.scale = Scale(framework)
        super().__init__(workbook, framework, options, name, template.organisation, self.scale.labels(options.lang))
        self.organisation = template.organisation
        self.proposal = template.proposal
        self.invitee = invitee
        self.layout = LAYOUT
        self.level_columns = frozenset({"choice"})
        self.text_columns = frozenset({"comment"})
        self.sheet_names["positions"] = text("sheet.positions", self.lang)
        # the positions light to dark, as they follow each other; 'not applicable' apart, in grey
        colours = [*level_colours(max(2, len(framework.positions)))[: len(framework.positions)], NOT_APPLICABLE_FILL]
        add = self.workbook.add_format
        self.choice_formats = [add({"bg_color": c, "font_color": text_colour(c)}) for c in colours]
        self.legend_formats = [
            add({"bold": True, "border": 1, "border_color": "#a6a6a6", "bg_color": c, "font_color": text_colour(c),
                 "valign": "top", "text_wrap": True})
            for c in colours
        ]  # fmt: skip
        base = {"border": 1, "border_color": "#a6a6a6", "valign": "vcenter", "font_name": "Calibri", "font_size": 11}
        self.formats["proposal"] = add({**base, "italic": True, "font_color": "#404040", "bg_color": PROPOSAL_FILL})

    def column(self, key: str) -> str:
        return self.t(f"positions.column.{key}")

    def write(self) -> None:
        self.workbook.set_properties(
            {"title": self._title(), "subject": self.framework.title.get(self.lang), "author": "curriculum-map"}
        )
        instructions = self.workbook.add_worksheet(self.sheet_names["instructions"])
        data = self.workbook.add_worksheet(self.sheet_names["positions"])
        metadata = self.workbook.add_worksheet(METADATA_SHEET)
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
        rows = [
            ("workbook_kind", WORKBOOK_KIND),
            ("positions_form", FORM),
            ("framework_id", self.framework.id),
            ("framework_version", self.framework.version),
            ("framework_hash", self.framework.hash),
            ("organisation", self.organisation),
            ("template_version", TEMPLATE_VERSION),
            ("language", self.lang),
            ("generator", f"curriculum-map {__version__}"),
        ]
        if self.proposal is not None:
            rows += [("proposal_name", self.proposal.name.get(self.lang)), ("proposal", encode_proposal(self.proposal))]
        return [*rows, *embedded_rows(self.framework)]  # the framework itself: read without its file

    # -- the instruction sheet ----------------------------------------------------------------

    def _write_instructions(self, ws: Worksheet) -> None:
        sheet = InstructionSheet(self, ws)
        sheet.title(self._title(), self.framework_line())
        sheet.paragraph(self.t("instructions.task.heading"), self.t("positions.instructions.task"))
        self._positions_table(sheet)
        sheet.paragraph(self.t("positions.instructions.order.heading"), self._order_text())
        sheet.paragraph(self.t("positions.instructions.proposal.heading"), self._proposal_text())
        steps = text_list(
            "positions.instructions.how",
            self.lang,
            sheet=f"'{self.sheet_names['positions']}'",
            choice=self.column("choice"),
            comment=self.column("comment"),
            competence=self.t("column.competence"),
            id=self.t("column.id"),
            not_applicable=self.scale.label(NOT_APPLICABLE, self.lang),
        )
        sheet.steps(self.t("instructions.how.heading"), steps)
        low, high = form_minutes(self.framework, self.lang)
        sheet.paragraph(
            self.t("positions.instructions.time.heading"),
            self.t("positions.instructions.time", low=low, high=high, count=len(self.framework.competences)),
        )
        sheet.paragraph(self.t("positions.instructions.privacy.heading"), self.t("positions.instructions.privacy"))
        self._sending(sheet)

    def _positions_table(self, sheet: InstructionSheet) -> None:
        """The positions, numbered in their order and in their colours, with the framework's descriptions."""
        sheet.heading(self.t("positions.instructions.positions"))
        ws = sheet.ws
        rows = [
            (f"{rank}. {p.name.get(self.lang)}", p.description.get(self.lang))
            for rank, p in enumerate(self.framework.positions, 1)
        ]
        rows.append((self.scale.label(NOT_APPLICABLE, self.lang), self.t("positions.instructions.not_applicable")))
        for (label, body), fmt in zip(rows, self.legend_formats, strict=True):
            ws.write_string(sheet.row, 0, label, fmt)
            ws.write_string(sheet.row, 1, body, self.formats["cell"])
            sheet.set_height(sheet.row, row_height([(body, 88), (label, 24)]))
            sheet.row += 1
        sheet.row += 1

    def _order_text(self) -> str:
        """The rule that the positions build on each other, with an example from this framework's positions."""
        positions = self.framework.positions
        names = [p.name.get(self.lang) for p in positions]
        example = min(2, len(positions) - 1)
        joined = f" {self.t('positions.and')} "
        return self.t(
            "positions.instructions.order",
            first=names[0],
            example=names[example],
            from_example=joined.join(names[example:]),
            before_example=joined.join(names[:example]) if example else "–",
            not_applicable=self.scale.label(NOT_APPLICABLE, self.lang),
        )

    def _proposal_text(self) -> str:
        columns = {"column": self.column("proposal"), "choice": self.column("choice")}
        if self.proposal is None:
            return self.t("positions.instructions.no_proposal", **columns)
        name = plain_proposal_name(self.proposal, self.lang)  # never a file name: staff read this
        if not name:
            return self.t("positions.instructions.proposal.unnamed", **columns)
        return self.t("positions.instructions.proposal", **columns, name=name)

    def _sending(self, sheet: InstructionSheet) -> None:
        """Whom to send it to (the organisation's contact) and that it will be checked; print set-up, protection."""
        if self.options.contact:
            contact = self.options.contact
        elif self.organisation:
            contact = self.t("positions.instructions.send.nobody", organisation=self.organisation)
        else:
            contact = self.t("positions.instructions.send.nobody.plain")
        sheet.paragraph(
            self.t("instructions.send.heading"),
            self.t("instructions.send", contact=contact) + "\n" + self.t("positions.instructions.check"),
        )
        sheet.print_setup()
        self._protect(sheet.ws)

    # -- the data sheet -----------------------------------------------------------------------

    def header_label(self, column: str) -> str:
        if column in ("proposal", "choice", "comment"):
            return self.column(column)
        return super().header_label(column)

    def _write_data(self, ws: Worksheet) -> None:
        layout = self.layout
        subtitle = self.t(
            "positions.subtitle", instructions=f"'{self.sheet_names['instructions']}'", choice=self.column("choice")
        )
        if self.proposal is None:
            subtitle += " " + self.t("positions.subtitle.no_proposal", proposal=self.column("proposal"))
        self._prepare_data_sheet(ws, layout, self._title(), subtitle, widths=WIDTHS)
        self._respondent_block(ws)
        data_rows = self._write_competence_rows(ws, layout, WIDTHS["competence"])
        self._choice_cells(ws, data_rows)
        self._protect(ws)

    def _respondent_block(self, ws: Worksheet) -> None:
        f = self.formats
        prefilled = {"name": self.invitee.name, "role": self.invitee.role} if self.invitee else {}
        for field, row in RESPONDENT_ROWS.items():
            ws.write_string(row - 1, RESPONDENT_LABEL_COLUMN, self.t(f"respondent.{field}"), f["label"])
            ws.merge_range(
                row - 1,
                RESPONDENT_VALUE_COLUMN,
                row - 1,
                RESPONDENT_VALUE_COLUMN + 1,
                prefilled.get(field, ""),
                f["input"],
            )

    def _after_item(self, ws: Worksheet, layout: SheetLayout, row: int, item_id: str) -> None:
        """The proposed position, locked, beside the competence."""
        proposed = self.proposal.positions.get(item_id) if self.proposal else None
        value = self.scale.label(proposed, self.lang) if proposed else ""
        ws.write_string(row, layout.column("proposal"), value, self.formats["proposal"])

    def _after_component(
        self, ws: Worksheet, layout: SheetLayout, row: int, component: Component, data_rows: list[int]
    ) -> int:
        """Empty rows where a respondent may add competences of their own (the framework's '...' rows)."""
        for own in range(1, OWN_ROWS_PER_COMPONENT + 1):
            ws.write_string(row, 0, own_row_id(component.id, own), self.formats["id"])
            ws.write_blank(row, layout.column("competence"), None, self.formats["input"])
            ws.write_blank(row, layout.column("proposal"), None, self.formats["proposal"])
            self._input_cells(ws, layout, row)
            self._set_row(ws, row, 2 * LINE_HEIGHT)
            data_rows.append(row)
            row += 1
        return row

    def _choice_cells(self, ws: Worksheet, data_rows: list[int]) -> None:
        """A dropdown of the ordered choices on the choice column; proposal and choice coloured alike."""
        labels = self.labels
        validation = {
            "validate": "list",
            "source": self.choice_list(labels),  # any name: with a comma, and longer together than 255 characters
            "ignore_blank": True,
            "input_title": self.t("positions.validation.title")[:32],
            "input_message": self.t("positions.validation.message")[:255],
            "error_title": self.t("positions.validation.error_title")[:32],
            "error_message": self.t("positions.validation.error_message", labels=", ".join(labels))[:255],
            "error_type": "stop",
        }
        column = self.layout.column("choice")
        for first, last in contiguous_runs(data_rows):
            status = ws.data_validation(first, column, last, column, validation)
            if status != 0:
                raise RuntimeError(f"xlsxwriter refused the data validation (status {status})")
        if not data_rows:
            return
        first_col, last_col = self.layout.column("proposal"), column
        for label, fmt in zip(labels, self.choice_formats, strict=True):
            quoted = '"' + label.replace('"', '""') + '"'
            ws.conditional_format(
                data_rows[0], first_col, data_rows[-1], last_col,
                {"type": "cell", "criteria": "==", "value": quoted, "format": fmt},
            )  # fmt: skip
