"""positions.xlsx: the expectations per competence and position, profiles, agreement, prompts, added
competences, respondents and problems, one sheet each."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import xlsxwriter
from xlsxwriter.workbook import Format, Workbook
from xlsxwriter.worksheet import Worksheet

from curriculum_map.core.problems import problem_cells
from curriculum_map.core.texts import text
from curriculum_map.positions.aggregate import PositionsAggregation
from curriculum_map.positions.labels import CLASS_COLOURS, competence_text, data_note, rule
from curriculum_map.positions.rows import added_rows
from curriculum_map.render.xlsx_style import (
    DEFAULT_TABLE,
    WORKBOOK_OPTIONS,
    add_fills,
    add_styles,
    row_height,
    write_header,
)

HEADER_ROW = 3
FIRST_ROW = HEADER_ROW + 1
Columns = Sequence[tuple[str, float]]


@dataclass(frozen=True)
class _Book:
    """The workbook being written, its styles and what it reports."""

    workbook: Workbook
    styles: dict[str, Format]
    classes: dict[str, Format]
    agg: PositionsAggregation
    lang: str

    def t(self, key: str, **values: object) -> str:
        return text(key, self.lang, **values)

    def sheet(self, key: str, heading: str, remark: str, columns: Columns) -> Worksheet:
        """A sheet with its title, a remark and the header of its table, printed landscape one page wide."""
        ws = self.workbook.add_worksheet(self.t(key))
        ws.write_string(0, 0, heading, self.styles["title"])
        ws.write_string(1, 0, remark, self.styles["note"])
        write_header(ws, HEADER_ROW, columns, self.styles["header"])
        ws.freeze_panes(FIRST_ROW, 0)
        ws.set_landscape()
        ws.fit_to_pages(1, 0)
        return ws

    def write_texts(self, ws: Worksheet, row: int, values: Sequence[str]) -> None:
        """Texts in a row from the first column on, wrapped."""
        for col, value in enumerate(values):
            ws.write_string(row, col, value, self.styles["text"])


def write_positions_xlsx(aggregation: PositionsAggregation, path: Path, lang: str) -> None:
    """Write positions.xlsx; every text is written as a string, so nothing becomes a formula."""
    workbook = xlsxwriter.Workbook(str(path), WORKBOOK_OPTIONS)
    # headers have always sat at the top of their cells here
    styles = add_styles(workbook, DEFAULT_TABLE, {"header": {"valign": "top"}})
    book = _Book(workbook, styles, add_fills(workbook, DEFAULT_TABLE, CLASS_COLOURS), aggregation, lang)
    for write_sheet in (_expectations, _profiles, _agreement, _prompts, _added, _respondents, _problems):
        write_sheet(book)
    workbook.close()


def _expectations(book: _Book) -> None:
    """Per competence and position: the share expecting it and its consensus class, in the class colour."""
    fw, agg, lang, cell = book.agg.framework, book.agg, book.lang, book.styles["text"]
    columns = [(book.t("column.id"), 7), (book.t("column.competence"), 60)]
    for position in fw.positions:
        columns += [
            (f"{position.name.get(lang)}: {book.t('positions.column.share')}", 12),
            (f"{position.name.get(lang)}: {book.t('positions.column.class')}", 20),
        ]
    remark = data_note(agg, lang) + " " + rule(fw, lang)
    ws = book.sheet("positions.sheet.expectations", book.t("positions.report.title"), remark, columns)
    for r, competence in enumerate(fw.competences, start=FIRST_ROW):
        statement = competence.text.get(lang)
        book.write_texts(ws, r, [competence.id, statement])
        ws.set_row(r, row_height([(statement, 60)], 13))
        for j, position in enumerate(fw.positions):
            expectation = agg.cell(competence.id, position.id)
            if expectation.share is None:
                ws.write_blank(r, 2 + 2 * j, None, cell)
            else:
                ws.write_number(r, 2 + 2 * j, expectation.share, book.styles["percent"])
            consensus = expectation.consensus
            ws.write_string(r, 3 + 2 * j, book.t(f"class.{consensus}"), book.classes[consensus])


def _profiles(book: _Book) -> None:
    """Per component: how many of its competences a majority expects of each position."""
    fw, lang = book.agg.framework, book.lang
    columns = [(book.t("column.cluster"), 44), (book.t("column.component"), 16)]
    columns += [(p.name.get(lang), 14) for p in fw.positions]
    key = "positions.sheet.profiles"
    ws = book.sheet(key, book.t(key), book.t("positions.profile.note"), columns)
    r = FIRST_ROW
    for cluster in fw.clusters:
        for component in cluster.components:
            ids = [x.id for x in component.competences]
            cluster_label = f"{cluster.id}. {cluster.name.get(lang)}"
            book.write_texts(ws, r, [cluster_label, f"{component.id} {component.kind.label.get(lang)} ({len(ids)})"])
            for j, position in enumerate(fw.positions):
                ws.write_number(r, 2 + j, book.agg.profile(position.id, ids), book.styles["text"])
            r += 1


def _agreement(book: _Book) -> None:
    """Krippendorff's alpha, overall and per cluster."""
    fw, lang = book.agg.framework, book.lang
    columns = [(book.t("column.cluster"), 50), (book.t("positions.column.alpha"), 18)]
    key = "positions.sheet.agreement"
    ws = book.sheet(key, book.t(key), book.t("positions.alpha.note"), columns)
    rows = [(book.t("positions.alpha.overall"), book.agg.alpha)]
    rows += [(f"{c.id}. {c.name.get(lang)}", book.agg.alpha_per_cluster.get(c.id)) for c in fw.clusters]
    for r, (label, alpha) in enumerate(rows, start=FIRST_ROW):
        ws.write_string(r, 0, label, book.styles["text"])
        if alpha is None:
            ws.write_string(r, 1, "–", book.styles["text"])
        else:
            ws.write_number(r, 1, alpha, book.styles["number"])


def _prompts(book: _Book) -> None:
    """The competences respondents disagree on most."""
    columns = [
        (book.t("column.id"), 7),
        (book.t("column.competence"), 70),
        (book.t("positions.column.disagreement"), 14),
    ]
    key = "positions.sheet.prompts"
    ws = book.sheet(key, book.t(key), book.t("positions.prompts.note"), columns)
    for r, (item_id, score) in enumerate(book.agg.most_disagreement(), start=FIRST_ROW):
        book.write_texts(ws, r, [item_id, competence_text(book.agg.framework, item_id, book.lang)])
        ws.write_number(r, 2, score, book.styles["number"])


def _added(book: _Book) -> None:
    """The competences respondents added."""
    columns = [
        (book.t("report.column.file"), 28),
        (book.t("report.column.respondent"), 20),
        (book.t("column.component"), 10),
        (book.t("column.competence"), 60),
        (book.t("positions.column.position"), 40),
        (book.t("column.own_choice"), 30),
    ]
    key = "positions.sheet.added"
    ws = book.sheet(key, book.t(key), "", columns)
    for r, row in enumerate(added_rows(book.agg, book.lang), start=FIRST_ROW):
        # the sheet leaves out where the competence was typed (sheet and cell): the CSV has them
        book.write_texts(ws, r, [str(value) for value in (row[0], *row[3:])])


def _respondents(book: _Book) -> None:
    """Every respondent whose workbook was used."""
    keys = (("respondent", 24), ("role", 18), ("date", 12), ("file", 36), ("answered", 12))
    columns = [(book.t(f"report.column.{k}"), w) for k, w in keys]
    key = "report.sheet.respondents"
    ws = book.sheet(key, book.t(key), data_note(book.agg, book.lang), columns)
    for r, person in enumerate(book.agg.respondents, start=FIRST_ROW):
        book.write_texts(ws, r, [person.respondent, person.role, person.date, person.file])
        ws.write_number(r, 4, person.answered, book.styles["text"])


def _problems(book: _Book) -> None:
    """Every problem found, one row each."""
    keys = (("file", 30), ("sheet", 12), ("cell", 8), ("code", 24), ("severity", 12), ("message", 90))
    columns = [(book.t(f"report.column.{k}"), w) for k, w in keys]
    key = "report.sheet.problems"
    ws = book.sheet(key, book.t(key), "", columns)
    for r, problem in enumerate(book.agg.problems, start=FIRST_ROW):
        book.write_texts(ws, r, problem_cells(problem, book.lang))
