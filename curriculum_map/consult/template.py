"""`consult template`: the consultation workbook, one per reviewer or organisation.

The generic sheet of the organisation workflow (organisation/sheet.py) writes the competences, locked,
under their cluster and component, with the answer columns and dropdowns; this module adds a front sheet
(who answers, for which organisation and sector), per cluster rows for competences that are missing, and
the framework itself in the metadata (workbook/embedded.py), so that reading back needs nothing else.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from xlsxwriter.worksheet import Worksheet

from curriculum_map.consult.questions import (
    KIND,
    LAYOUT,
    NEW_ROWS,
    SECTOR,
    WIDTHS,
    consult_scale,
    is_new_row,
    new_row_id,
    questions,
)
from curriculum_map.core.filenames import unique_file_names
from curriculum_map.core.listfile import ListFileError, ListKind, read_list_table
from curriculum_map.core.texts import text
from curriculum_map.framework.model import Framework
from curriculum_map.organisation.sheet import OrganisationWorkbook, SheetRow, WorkbookSpec, write_workbooks
from curriculum_map.render.xlsx_style import LINE_HEIGHT, row_height
from curriculum_map.workbook.builder import SIDE_MARGIN, TemplateOptions, headed_rows, page_breaks, print_scale
from curriculum_map.workbook.embedded import embedded_rows
from curriculum_map.workbook.roster import HEADERS as ROSTER_HEADERS
from curriculum_map.workbook.roster import respondent_id

FRONT_FIELDS = ("name", "organisation", "sector", "remark")  # the front sheet's rows, from row FRONT_FIRST
FRONT_FIRST = 4
HEADERS = {  # a list of reviewers names people as a roster does
    "name": ROSTER_HEADERS["name"],
    "email": ROSTER_HEADERS["email"],
    "organisation": ("organisatie", "organisation", "organization", "instelling"),
    "sector": ("sector", "groep", "group"),
}


class ReviewersListError(ListFileError):
    """A list of reviewers that cannot be used, with the row and what to fix."""


REVIEWERS = ListKind("list.kind.reviewers", ReviewersListError)


@dataclass(frozen=True)
class Reviewer:
    """Who gets a workbook: a person (with their organisation) or, without a name, an organisation."""

    name: str = ""
    email: str = ""
    organisation: str = ""
    sector: str = ""  # a sector id of data/consultation.yaml, '' when the reviewer chooses it


def load_reviewers(path: Path) -> list[Reviewer]:
    """The list of reviewers (name, e-mail, organisation, sector); raises ReviewersListError naming the row."""
    table = read_list_table(
        path, REVIEWERS, HEADERS, lambda found: "name" in found or "organisation" in found,
        ("roster-empty", "reviewers-columns"),
    )  # fmt: skip
    sectors = consult_scale(SECTOR)
    reviewers: list[Reviewer] = []
    seen: dict[str, int] = {}
    for row in table.body:
        values = table.values(row)
        if not any(values.values()):
            continue
        if not values.get("name") and not values.get("organisation"):
            raise ReviewersListError("roster-no-name", path=path, row=row.number)
        sector = sectors.parse(values["sector"]).choice if values.get("sector") else ""
        if sector is None:
            raise ReviewersListError("reviewers-sector", path=path, row=row.number, value=values["sector"],
                                     labels=", ".join(sectors.labels("nl")))  # fmt: skip
        key = respondent_id(values.get("email", ""), values.get("name") or values.get("organisation", ""))
        if key in seen:
            raise ReviewersListError("roster-duplicate", path=path, row=row.number, first=seen[key],
                                     name=values.get("name") or values.get("organisation", ""))  # fmt: skip
        seen[key] = row.number
        reviewers.append(Reviewer(values.get("name", ""), values.get("email", ""), values.get("organisation", ""),
                                  sector or ""))  # fmt: skip
    return reviewers


def reviewers_from_options(names: Sequence[str], organisations: Sequence[str]) -> list[Reviewer]:
    """The reviewers named on the command line. One organisation with reviewers: each reviewer of that organisation
    (`--organisation "De Vonk vzw" --reviewer "An Peeters"`: one workbook, An Peeters of De Vonk vzw); otherwise
    each reviewer and each organisation a workbook of its own."""
    names = [n.strip() for n in names if n.strip()]
    organisations = [o.strip() for o in organisations if o.strip()]
    if len(organisations) == 1 and names:
        return [Reviewer(name=n, organisation=organisations[0]) for n in names]
    return [Reviewer(name=n) for n in names] + [Reviewer(organisation=o) for o in organisations]


def consult_rows(framework: Framework) -> tuple[SheetRow, ...]:
    """Every competence in the framework's order, each cluster followed by its rows for missing competences."""
    rows: list[SheetRow] = []
    for cluster in framework.clusters:
        for component in cluster.components:
            rows += [SheetRow(x.id, component.id) for x in component.competences]
        last = cluster.components[-1].id
        rows += [SheetRow(new_row_id(cluster.id, n), last) for n in range(1, NEW_ROWS + 1)]
    return tuple(rows)


def consult_specs(framework: Framework, reviewers: Sequence[Reviewer], lang: str) -> list[tuple[str, WorkbookSpec]]:
    """A file name and a workbook for each reviewer (one workbook without names when the list is empty)."""
    reviewers = list(reviewers) or [Reviewer()]
    prefix = text("consult.filename", lang)
    wanted = [(" - ".join(p for p in (prefix, r.organisation, r.name) if p), r.email.partition("@")[0])
              for r in reviewers]  # fmt: skip
    rows, asked = consult_rows(framework), questions(framework)
    specs = []
    for name, reviewer in zip(unique_file_names(wanted, ".xlsx"), reviewers, strict=True):
        who = reviewer.name or reviewer.organisation
        title = text("consult.title", lang, subject=framework.subject.get(lang)) + (f" – {who}" if who else "")
        metadata = (
            ("reviewer", reviewer.name),
            ("organisation", reviewer.organisation),
            ("sector", reviewer.sector),
            ("respondent_id", respondent_id(reviewer.email, who) if who else ""),
        )
        # the front sheet, not a respondent block on the data sheet, says who answers (metadata: filled in there)
        specs.append((name, WorkbookSpec(KIND, "sheet.consult", "consult", LAYOUT, asked, rows, title, metadata,
                                         widths=WIDTHS, frozen_columns=1)))  # fmt: skip
    return specs


def write_consult_templates(
    framework: Framework, out_dir: Path, reviewers: Sequence[Reviewer], options: TemplateOptions, force: bool = False
) -> list[Path]:
    """One consultation workbook per reviewer; raises ExistingFilesError (nothing written) when one is there."""
    specs = consult_specs(framework, reviewers, options.lang)
    return write_workbooks(framework, out_dir, specs, options, force, builder=ConsultationWorkbook)


class ConsultationWorkbook(OrganisationWorkbook):
    """The organisation's sheet with a front sheet, rows for missing competences and the framework embedded."""

    def column(self, key: str) -> str:
        return self.t(f"consult.column.{key}")

    def write_front(self, ws: Worksheet) -> None:
        """Who answers, for which organisation and sector (a dropdown), and a general remark."""
        f, metadata = self.formats, dict(self.spec.metadata)
        given = {"name": metadata.get("reviewer", ""), "organisation": metadata.get("organisation", ""),
                 "sector": consult_scale(SECTOR).label(metadata.get("sector", ""), self.lang)}  # fmt: skip
        ws.set_column(0, 0, 28)
        ws.set_column(1, 1, 70)
        ws.hide_gridlines(2)
        # over both columns: in column A alone the wrapped title and framework line were cut when printed
        self.banner(ws, 0, self.spec.title, "title", (28, 70))
        self.banner(ws, 1, self.framework_line(), "subtitle", (28, 70))
        ws.merge_range(2, 0, 2, 1, self.t("consult.front.intro"), f["body"])
        ws.set_row(2, row_height([(self.t("consult.front.intro"), 98)]))
        for offset, key in enumerate(FRONT_FIELDS):
            row = FRONT_FIRST - 1 + offset
            ws.write_string(row, 0, self.t(f"consult.front.{key}"), f["label"])
            value = given.get(key, "")
            ws.write_string(row, 1, value, f["input"]) if value else ws.write_blank(row, 1, None, f["input"])
            ws.set_row(row, 3 * LINE_HEIGHT if key == "remark" else LINE_HEIGHT + 4)
        sectors = consult_scale(SECTOR).labels(self.lang)
        row = FRONT_FIRST - 1 + FRONT_FIELDS.index("sector")
        status = ws.data_validation(row, 1, row, 1, {
            "validate": "list", "source": self.choice_list(sectors), "ignore_blank": True,
            "error_title": self.t("organisation.validation.error_title")[:32],
            "error_message": self.t("organisation.validation.error_message", labels=", ".join(sectors))[:255],
            "error_type": "stop",
        })  # fmt: skip
        if status != 0:
            raise RuntimeError(f"xlsxwriter refused the data validation (status {status})")
        ws.set_landscape()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
        self._protect(ws)

    def write(self) -> None:
        self.workbook.set_properties({"title": self.spec.title, "author": "curriculum-map"})
        instructions = self.workbook.add_worksheet(self.sheet_names["instructions"])
        front = self.workbook.add_worksheet(self.t("sheet.consult_front"))
        data = self.workbook.add_worksheet(self.t(self.spec.sheet_key))
        metadata = self.workbook.add_worksheet("_metadata")
        self._write_instructions(instructions)
        self.write_front(front)
        self._write_data(data)
        self._write_metadata(metadata, [*self.metadata_rows(), *embedded_rows(self.framework)])
        front.activate()

    def _write_data(self, ws: Worksheet) -> None:
        self.printed_widths = [WIDTHS[column] for column in self.layout.columns]
        super()._write_data(ws)
        # the subtitle wrapped over the table: text running past the last column would widen every printed page
        subtitle = self.t("organisation.consult.subtitle")
        width = sum(WIDTHS.values())
        ws.merge_range(1, 0, 1, len(self.layout.columns) - 1, subtitle, self.formats["body"])
        self._set_row(ws, 1, row_height([(subtitle, width)]))
        header = self.layout.header_row - 1
        self._set_row(ws, header, 3 * LINE_HEIGHT + 2)  # 'Relevant voor jullie werking?' on 3 lines
        ws.set_margins(left=SIDE_MARGIN, right=SIDE_MARGIN, top=0.5, bottom=0.6)
        # a cluster or component heading goes to the next page with its first competence: none ends a page
        top = sum(self.row_heights.get(r, LINE_HEIGHT) for r in range(header + 1))
        kept = headed_rows(range(header + 1, self._end), self._headings)
        ws.set_h_pagebreaks(page_breaks(kept, self.row_heights, top, print_scale(self.printed_widths)))

    def _write_rows(self, ws: Worksheet) -> list[int]:
        """The competences under their cluster and component; after each cluster its rows for missing ones."""
        row, data_rows = self.layout.first_data_row - 1, []
        self._headings: set[int] = set()
        components = {k.id: k for k in self.framework.components}
        clusters = {c.id: c for c in self.framework.clusters}
        cluster, component = None, None
        for item in self.spec.rows:
            part = components[item.component_id]
            if part.cluster_id != cluster:
                cluster, component = part.cluster_id, None
                self._group_row(ws, self.layout, row, self._cluster_label(clusters[cluster]), "cluster_row")
                self._headings.add(row)
                row += 1
            if is_new_row(item.item_id) and component != "new":
                component = "new"
                label = self.t("consult.new.heading", cluster=self._cluster_label(clusters[cluster]))
                self._group_row(ws, self.layout, row, label, "component_row")
                self._headings.add(row)
                row += 1
            elif not is_new_row(item.item_id) and part.id != component:
                component = part.id
                self._group_row(ws, self.layout, row, self._component_label(part), "component_row")
                self._headings.add(row)
                row += 1
            self._new_row(ws, row, item) if is_new_row(item.item_id) else self._row(ws, row, item)
            data_rows.append(row)
            row += 1
        self._end = row
        return data_rows

    def _new_row(self, ws: Worksheet, row: int, item: SheetRow) -> None:
        """A row to type a missing competence: its statement, where it belongs and a remark; the rest locked."""
        f, layout = self.formats, self.layout
        ws.write_string(row, layout.column("id"), item.item_id, f["id"])
        for column in layout.columns[1:]:
            open_cell = column in ("competence", "move", "remark")
            ws.write_blank(row, layout.column(column), None, f["input" if open_cell else "locked"])
        self._set_row(ws, row, 2 * LINE_HEIGHT + 2)
