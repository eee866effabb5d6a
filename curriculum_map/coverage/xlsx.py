"""coverage.xlsx: the seed's programme table filled in, plus summaries, gaps, ambitions, respondents, problems."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import xlsxwriter
from xlsxwriter.workbook import Format, Workbook
from xlsxwriter.worksheet import Worksheet

from curriculum_map.core.numbers import format_range
from curriculum_map.core.palette import level_colours
from curriculum_map.core.problems import ProblemRecord, problem_cells
from curriculum_map.core.report_files import COURSE_MAP_CSV, LEARNING_LINES_CSV, PROMPTS_CSV
from curriculum_map.core.texts import text
from curriculum_map.coverage.aggregate import Aggregation, GroupSummary
from curriculum_map.coverage.courses import CourseMap, year_label
from curriculum_map.coverage.findings import PROMPT_KINDS, SHEETS, Findings
from curriculum_map.coverage.labels import Wording, data_note
from curriculum_map.framework.model import Cluster, Competence, Component, Focus, Programme, with_source_code
from curriculum_map.render.xlsx_style import (
    A4,
    COMPACT_TABLE,
    PAGE_MARGINS,
    WORKBOOK_OPTIONS,
    add_fills,
    add_styles,
    banner,
    row_height,
    write_header,
)
from curriculum_map.workbook.courses import CourseUnit
from curriculum_map.workbook.roster import RosterStatus

TITLE_ROW, NOTE_ROW, HEADER_ROW = 0, 1, 3
# Printed on A4 landscape a table of at most about 130 characters' width (LibreOffice's measure, the
# widest) keeps the sheets' 10-point text at 8 points or more: the widths below are chosen for that.
PRINTED_WIDTH = 130
LEVEL_WIDTH, RANGE_WIDTH = 12, 7
GAP_WIDTHS = (13, 7, 80, 16)
# programme, respondents, the two sheets' fill, strongest, weakest, largest ambition, errors, warnings
FINDINGS_WIDTHS = (17, 13, 11, 11, 19, 19, 19, 9, 12)
# the summary's mean levels, light (lowest) to dark (highest), as in the level colours
MEAN_SCALE = {"type": "3_color_scale", "min_color": "#ffffcc", "mid_color": "#41b6c4", "max_color": "#225ea8"}


@dataclass(frozen=True)
class _Book:
    """The workbook being written, its styles and what it reports."""

    workbook: Workbook
    styles: dict[str, Format]
    levels: dict[int, Format]
    agg: Aggregation
    problems: Sequence[ProblemRecord]
    lang: str

    def t(self, key: str, **values: object) -> str:
        return text(key, self.lang, **values)

    def label(self, score: int) -> str:
        return self.agg.framework.level(score).label.get(self.lang)

    def sheet(self, key: str, title: str, note: str, widths: Sequence[float]) -> Worksheet:
        """A sheet with its title and note over its columns, printed landscape on A4, one page wide."""
        ws = self.workbook.add_worksheet(self.t(f"report.sheet.{key}"))
        for col, width in enumerate(widths):
            ws.set_column(col, col, width)
        self.banner(ws, TITLE_ROW, title, "title", widths)
        if note:
            self.banner(ws, NOTE_ROW, note, "note", widths)
        ws.set_landscape()
        ws.set_paper(A4)
        ws.fit_to_pages(1, 0)
        ws.set_margins(**PAGE_MARGINS)
        return ws

    def banner(self, ws: Worksheet, row: int, value: str, style: str, widths: Sequence[float]) -> None:
        """A title or note over the table's columns, wrapped (never running on past the last column)."""
        banner(ws, row, value, self.styles[f"{style}_wrap"], widths, 14 if style == "title" else 10)

    def header(self, ws: Worksheet, row: int, labels: Sequence[str], widths: Sequence[float]) -> None:
        """A table's header row, repeated on every printed page, tall enough for its wrapped labels."""
        columns = list(zip(labels, widths, strict=True))
        write_header(ws, row, columns, self.styles["header"])
        ws.set_row(row, row_height(columns, 13))
        ws.repeat_rows(row)

    def level_cell(self, ws: Worksheet, row: int, col: int, score: int | None) -> str:
        """A level in its colour, or 'not answered' in grey; returns the text written (its row's height needs it)."""
        if score is None:
            shown = self.t("report.not_answered")
            ws.write_string(row, col, shown, self.styles["blank"])
        else:
            shown = self.label(score)
            ws.write_string(row, col, shown, self.levels[score])
        return shown

    def data_note(self) -> str:
        return data_note(self.agg, self.lang)

    def describe(self, item: Component | Competence) -> list[str]:
        """The columns that say what an item is: id, where it sits in the framework, its text."""
        fw = self.agg.framework
        cluster = fw.cluster_of(item.id)
        cluster_name = f"{cluster.id}. {cluster.name.get(self.lang)}"
        if isinstance(item, Component):
            return [item.id, fw.focus_of(cluster).name.get(self.lang), cluster_name, item.kind.label.get(self.lang)]
        component = fw.item(item.component_id)
        assert isinstance(component, Component)
        subtheme = item.subtheme.get(self.lang) if item.subtheme else ""
        statement = with_source_code(item, item.text.get(self.lang))
        return [item.id, cluster_name, component.kind.label.get(self.lang), subtheme, statement]


def write_coverage_xlsx(
    aggregation: Aggregation,
    problems: Sequence[ProblemRecord],
    path: Path,
    lang: str,
    courses: CourseMap | None = None,
    roster: RosterStatus | None = None,
    findings: Findings | None = None,
) -> None:
    """Write the coverage workbook; every text is written as a string, so nothing becomes a formula.

    With course links (aggregate --courses) it has a course map and a learning lines sheet; with a
    roster, its findings name whom to remind.
    """
    workbook = xlsxwriter.Workbook(str(path), WORKBOOK_OPTIONS)
    fw = aggregation.framework
    colours = level_colours(len(fw.levels))
    # a level's words wrap in their narrow column ("goed / gekaderd"), never cut off
    wrapped = {**COMPACT_TABLE, "text_wrap": True}
    levels = add_fills(workbook, wrapped, {lv.score: c for lv, c in zip(fw.levels, colours, strict=True)})
    styles = add_styles(workbook, COMPACT_TABLE, {"blank": {"text_wrap": True}})
    book = _Book(workbook, styles, levels, aggregation, problems, lang)
    wording = Wording(aggregation, lang, roster, findings)
    _findings(book, wording)
    _item_table(book, "overview", fw.components)
    _item_table(book, "competences", fw.competences)
    _summary(book)
    _gaps(book)
    _ambitions(book)
    _notes(book)
    if courses is not None:
        _course_map(book, wording, courses)
        _learning_lines(book, courses)
    _respondents(book)
    _problems(book)
    for kind in PROMPT_KINDS:
        _prompts(book, wording, kind)
    workbook.close()


def _item_table(book: _Book, key: str, items: Sequence[Component | Competence]) -> None:
    """The programme table: each component (or competence) with every programme's consensus and spread.

    What an item is takes few columns, so that the table prints one page wide at 8 points or more: the
    cluster is in the item's id, a competence's sub-theme leads its text."""
    agg, styles = book.agg, book.styles
    if key == "overview":
        labels = [book.t(f"column.{c}") for c in ("id", "cluster", "component")]
        widths: list[float] = [6, 30, 12]
    else:
        labels = [book.t(f"column.{c}") for c in ("id", "component", "competence")]
        widths = [6, 10, 35]
    # per programme its level column, and the range of its answers only where it has several respondents:
    # a column that could only be empty is left out (it widened every printed page)
    columns: list[tuple[Programme, int, int | None]] = []
    for programme in agg.programmes:
        count = agg.respondent_count(programme.id)
        labels.append(f"{programme.short.get(book.lang)} (n={count})")
        widths.append(LEVEL_WIDTH)
        spread = None
        if count > 1:
            labels.append(book.t("report.spread"))
            widths.append(RANGE_WIDTH)
            spread = len(labels) - 1
        columns.append((programme, len(labels) - (2 if spread is not None else 1), spread))
    title = book.t("report.title", subject=book.agg.framework.subject.get(book.lang))
    ws = book.sheet(key, title, book.data_note() + " " + book.t("report.consensus_rule"), widths)
    book.header(ws, HEADER_ROW, labels, widths)
    for row, item in enumerate(items, start=HEADER_ROW + 1):
        described = _item_columns(book, item)
        for col, value in enumerate(described):
            ws.write_string(row, col, value, styles["text"])
        shown = list(zip(described, widths, strict=False))
        for programme, col, spread in columns:
            cell = agg.cell(programme.id, item.id)
            shown.append((book.level_cell(ws, row, col, cell.consensus), LEVEL_WIDTH))
            if spread is None:
                continue
            if len(cell.scores) > 1:  # the range of the answers: "0–3", never "±"
                ws.write_string(row, spread, format_range(min(cell.scores), max(cell.scores)), styles["plain"])
            else:
                ws.write_blank(row, spread, None, styles["plain"])
        ws.set_row(row, row_height(shown, 13))
    ws.freeze_panes(HEADER_ROW + 1, 1)
    ws.autofilter(HEADER_ROW, 0, HEADER_ROW + len(items), len(labels) - 1)


def _item_columns(book: _Book, item: Component | Competence) -> list[str]:
    """Id, cluster and component of a component; id, component and text (after its sub-theme) of a competence."""
    described = book.describe(item)
    if isinstance(item, Component):
        return [described[0], described[2], described[3]]
    item_id, _, component, subtheme, statement = described
    return [item_id, component, f"{subtheme}: {statement}" if subtheme else statement]


def _summary(book: _Book) -> None:
    """Mean levels per cluster, then per focus, with the share at the threshold and the counts at the bottom."""
    fw = book.agg.framework
    ws = book.sheet("summary", book.t("report.sheet.summary"), book.data_note(), _summary_widths(book))
    row = HEADER_ROW - 1
    for key, groups in (("report.summary.clusters", fw.clusters), ("report.summary.focuses", fw.focuses)):
        row = _summary_table(book, ws, row, key, groups) + 3


def _summary_widths(book: _Book) -> list[float]:
    return [5, 22] + [11.0] * len(book.agg.programmes) + [12, 11, 11]


def _summary_table(book: _Book, ws: Worksheet, row: int, key: str, groups: Sequence[Cluster | Focus]) -> int:
    """One summary table from `row` on; returns its last row."""
    agg, fw = book.agg, book.agg.framework
    scale = fw.scale.placeholders(book.lang)
    widths = _summary_widths(book)
    book.banner(ws, row, book.t(key, **scale), "title", widths)
    row += 1
    labels = [book.t("column.id"), book.t("report.column.name")]
    labels += [p.short.get(book.lang) for p in agg.programmes]
    labels += [
        book.t("report.summary.share", threshold=scale["threshold"]),
        book.t("report.summary.lowest", lowest=scale["lowest"]),
        book.t("report.summary.unanswered"),
    ]
    book.header(ws, row, labels, widths)
    for summary in agg.group_summaries(groups):
        row += 1
        _summary_row(book, ws, row, summary)
    if agg.programmes:
        colours = {"min_type": "num", "min_value": fw.scale.bottom, "max_type": "num", "max_value": fw.scale.top}
        ws.conditional_format(row - len(groups) + 1, 2, row, 1 + len(agg.programmes), {**MEAN_SCALE, **colours})
    return row


def _summary_row(book: _Book, ws: Worksheet, row: int, summary: GroupSummary) -> None:
    styles = book.styles
    ws.write_string(row, 0, summary.group_id, styles["plain"])
    name = summary.name.get(book.lang)
    ws.write_string(row, 1, name, styles["text"])
    ws.set_row(row, row_height([(name, _summary_widths(book)[1])], 13))
    col = 2
    for programme in book.agg.programmes:
        mean = summary.means[programme.id]
        if mean is None:
            ws.write_string(row, col, book.t("report.not_answered"), styles["blank"])
        else:
            ws.write_number(row, col, mean, styles["mean"])
        col += 1
    if summary.share_at_least is None:
        ws.write_blank(row, col, None, styles["plain"])
    else:
        ws.write_number(row, col, summary.share_at_least, styles["percent"])
    ws.write_number(row, col + 1, summary.lowest_count, styles["integer"])
    ws.write_number(row, col + 2, summary.unanswered_count, styles["integer"])


def _gaps(book: _Book) -> None:
    """Components, then competences, that no programme practises, covers, or answered."""
    fw = book.agg.framework
    scale = fw.scale.placeholders(book.lang)
    widths = GAP_WIDTHS
    ws = book.sheet("gaps", book.t("report.sheet.gaps"), book.data_note(), widths)
    labels = [
        book.t("report.column.type"),
        book.t("column.id"),
        book.t("report.column.text"),
        book.t("report.gaps.highest"),
    ]
    row = HEADER_ROW - 1
    for items in (fw.components, fw.competences):
        not_practised, not_covered, no_data = book.agg.gap_items(x.id for x in items)
        for key, ids in (
            ("report.gaps.not_practised", not_practised),
            ("report.gaps.not_covered", not_covered),
            ("report.gaps.no_data", no_data),
        ):
            book.banner(ws, row, book.t(key, **scale), "title", widths)
            row += 1
            for col, label in enumerate(labels):
                ws.write_string(row, col, label, book.styles["header"])
            if not ids:
                row += 1
                ws.write_string(row, 0, book.t("report.gaps.none"), book.styles["note"])
            for item_id in ids:
                row += 1
                _gap_row(book, ws, row, item_id)
            row += 3


def _gap_row(book: _Book, ws: Worksheet, row: int, item_id: str) -> None:
    """One item in a gap list, with the highest level any programme reached for it."""
    item = book.agg.framework.item(item_id)
    assert isinstance(item, (Component, Competence))
    kind = "component" if isinstance(item, Component) else "competence"
    described = " · ".join(book.describe(item)[1:])
    ws.write_string(row, 0, book.t(f"item_type.{kind}"), book.styles["plain"])
    ws.write_string(row, 1, item_id, book.styles["plain"])
    ws.write_string(row, 2, described, book.styles["text"])
    best = [book.agg.cell(p.id, item_id).consensus for p in book.agg.programmes]
    answered = [b for b in best if b is not None]
    shown = book.level_cell(ws, row, 3, max(answered) if answered else None)
    ws.set_row(row, row_height([(described, GAP_WIDTHS[2]), (shown, GAP_WIDTHS[3])], 13))


def _ambitions(book: _Book) -> None:
    """Per programme and component: the current level, the ambition and the step between them.

    A row per programme and component (to filter on), not three columns per programme: so the table
    prints one page wide at a readable size whatever the number of programmes."""
    agg = book.agg
    keys = ("column.id", "column.cluster", "column.component", "column.level", "column.ambition")
    labels = [book.t("report.column.programme"), *(book.t(k) for k in keys), book.t("report.ambitions.gap")]
    widths: list[float] = [22, 5, 40, 11, 14, 14, 8]
    ws = book.sheet("ambitions", book.t("report.sheet.ambitions"), book.t("report.ambitions.note"), widths)
    book.header(ws, HEADER_ROW, labels, widths)
    row = HEADER_ROW
    for programme in agg.programmes:
        for component in agg.framework.components:
            row += 1
            described = book.describe(component)
            texts = [programme.name.get(book.lang), described[0], described[2], described[3]]
            for col, value in enumerate(texts):
                ws.write_string(row, col, value, book.styles["text"])
            current = agg.cell(programme.id, component.id, "level").consensus
            ambition = agg.cell(programme.id, component.id, "ambition").consensus
            shown = [book.level_cell(ws, row, 4, current), book.level_cell(ws, row, 5, ambition)]
            if current is None or ambition is None:
                ws.write_blank(row, 6, None, book.styles["plain"])
            else:
                ws.write_number(row, 6, ambition - current, book.styles["signed"])
            ws.set_row(row, row_height([*zip(texts, widths, strict=False), *zip(shown, widths[4:6], strict=False)], 13))
    ws.freeze_panes(HEADER_ROW + 1, 0)
    if row > HEADER_ROW:
        ws.autofilter(HEADER_ROW, 0, row, len(labels) - 1)


def _respondents(book: _Book) -> None:
    """Every submission used, then the programmes nobody answered for."""
    styles = book.styles
    keys = ("programme", "respondent", "role", "date", "file", "language", "answered", "unanswered")
    widths = [24, 20, 14, 11, 35, 6, 10, 10]
    ws = book.sheet("respondents", book.t("report.sheet.respondents"), book.data_note(), widths)
    book.header(ws, HEADER_ROW, [book.t(f"report.column.{k}") for k in keys], widths)
    row = HEADER_ROW
    for submission in book.agg.submissions:
        row += 1
        values = [
            submission.programme.name.get(book.lang),
            submission.respondent,
            submission.role,
            submission.date,
            submission.file,
            submission.language,
        ]
        for col, value in enumerate(values):
            ws.write_string(row, col, value, styles["text"])
        ws.set_row(row, row_height(zip(values, widths, strict=False), 13))
        ws.write_number(row, 6, submission.answered, styles["integer"])
        ws.write_number(row, 7, submission.unanswered, styles["integer"])
    row += 3
    book.banner(ws, row, book.t("report.respondents.missing"), "title", widths)
    if not book.agg.missing_programmes:
        ws.write_string(row + 1, 0, book.t("report.gaps.none"), styles["note"])
    for programme in book.agg.missing_programmes:
        row += 1
        ws.write_string(row, 0, programme.name.get(book.lang), styles["plain"])


def _problems(book: _Book) -> None:
    """Every problem found, one row each, with a filter on the header."""
    keys = ("file", "sheet", "cell", "code", "severity", "message")
    widths = [24, 12, 6, 18, 10, 60]
    ws = book.sheet("problems", book.t("report.sheet.problems"), book.data_note(), widths)
    book.header(ws, HEADER_ROW, [book.t(f"report.column.{k}") for k in keys], widths)
    for row, problem in enumerate(book.problems, start=HEADER_ROW + 1):
        values = problem_cells(problem, book.lang)
        for col, value in enumerate(values):
            ws.write_string(row, col, value, book.styles["text"])
        ws.set_row(row, row_height(zip(values, widths, strict=False), 13))
    ws.freeze_panes(HEADER_ROW + 1, 0)
    if book.problems:
        ws.autofilter(HEADER_ROW, 0, HEADER_ROW + len(book.problems), len(keys) - 1)


def _findings(book: _Book, wording: Wording) -> None:
    """The first sheet: what to do next, the findings across programmes and a row per programme."""
    styles = book.styles
    widths = FINDINGS_WIDTHS
    title = book.t("report.title", subject=book.agg.framework.subject.get(book.lang))
    ws = book.sheet("findings", title, book.data_note(), widths)
    across = sum(widths[:7])  # the texts run over the first seven columns
    row = HEADER_ROW - 1
    book.banner(ws, row, book.t("html.todo.heading"), "title", widths)
    actions = [wording.action(a) for a in wording.findings.actions]
    if not actions:
        row += 1
        book.banner(ws, row, book.t("html.todo.none"), "note", widths)
    for number, action in enumerate(actions, start=1):
        row += 1
        lines = [action["text"], *(f"  · {line}" for line in action["details"])]
        lines += [f"  · {action['more']}"] if action["more"] else []
        ws.merge_range(row, 0, row, 6, f"{number}. " + "\n".join(lines), styles["text"])
        ws.set_row(row, row_height([(line, across) for line in lines], 13) + 13 * (len(lines) - 1))
    row += 2
    book.banner(ws, row, book.t("html.findings.heading"), "title", widths)
    for line in wording.across() if book.agg.programmes else []:
        row += 1
        ws.merge_range(row, 0, row, 6, line, styles["text"])
        ws.set_row(row, row_height([(line, across)], 13))
    row += 2
    book.banner(ws, row, book.t("report.findings.cards"), "title", widths)
    row = _cards(book, ws, wording, row + 1) + 2
    book.banner(ws, row, book.t("report.findings.note", csv=PROMPTS_CSV), "note", widths)
    ws.activate()


def _cards(book: _Book, ws: Worksheet, wording: Wording, row: int) -> int:
    """A row per programme: who answered, how much, its strongest and weakest items; returns the last row."""
    styles, widths = book.styles, FINDINGS_WIDTHS
    labels = [
        book.t("report.column.programme"),
        book.t("html.respondents"),
        *(book.t("report.findings.filled", sheet=book.t(f"sheet.{key}")) for key in SHEETS),
        book.t("html.card.strongest"),
        book.t("html.card.weakest"),
        book.t("html.card.ambitions"),
        book.t("report.column.errors"),
        book.t("report.column.warnings"),
    ]
    book.header(ws, row, labels, list(widths))
    for card in wording.findings.cards:
        row += 1
        words = wording.card(card)
        texts = [words["name"], words["respondents"]]
        for col, value in enumerate(texts):
            ws.write_string(row, col, value, styles["text"])
        for col, fill in enumerate(card.sheets, start=2):
            ws.write_number(row, col, fill.share, styles["percent"])
        lists = ["; ".join(words[key]) for key in ("strongest", "weakest", "ambitions")]
        for col, value in enumerate(lists, start=4):
            ws.write_string(row, col, value, styles["text"])
        ws.write_number(row, 7, card.errors, styles["integer"])
        ws.write_number(row, 8, card.warnings, styles["integer"])
        ws.set_row(row, row_height([*zip(texts, widths, strict=False), *zip(lists, widths[4:7], strict=False)], 13))
    return row


def _prompts(book: _Book, wording: Wording, kind: str) -> None:
    """Every discussion prompt of one kind, largest first (the report shows the first few)."""
    found = wording.findings.prompts[kind]
    title = wording.t(f"html.prompts.{kind}", levels=book.agg.disagreement)
    note = book.t("report.prompts.note", total=text("count.prompts", book.lang, count=len(found)), csv=PROMPTS_CSV)
    keys = ("rank", "programme", "item", "levels_apart", "scores")
    widths = [5, 22, 60, 9, 34]
    ws = book.sheet(f"prompts.{kind}", title, note, widths)
    book.header(ws, HEADER_ROW, [book.t(f"report.column.{k}") for k in keys], widths)
    for row, (number, prompt) in enumerate(enumerate(found, start=1), start=HEADER_ROW + 1):
        item = wording.item_label(prompt.item_id)
        ws.write_number(row, 0, number, book.styles["integer"])
        programme = prompt.programme.name.get(book.lang) if prompt.programme else ""
        ws.write_string(row, 1, programme, book.styles["text"])
        ws.write_string(row, 2, item, book.styles["text"])
        ws.write_number(row, 3, prompt.size, book.styles["integer"])
        scores = wording.prompt_scores(prompt, kind)
        ws.write_string(row, 4, scores, book.styles["text"])
        ws.set_row(row, row_height([(programme, widths[1]), (item, widths[2]), (scores, widths[4])], 13))
    ws.freeze_panes(HEADER_ROW + 1, 0)
    if found:
        ws.autofilter(HEADER_ROW, 0, HEADER_ROW + len(found), len(keys) - 1)


def _notes(book: _Book) -> None:
    """What respondents wrote beside an item: the course units and comments (on paper only the comments)."""
    widths = [6, 20, 16, 44, 44]
    ws = book.sheet("notes", book.t("report.sheet.notes"), book.t("report.notes.note"), widths)
    labels = [
        book.t("column.id"),
        book.t("report.column.programme"),
        book.t("report.column.respondent"),
        book.t("column.evidence"),
        book.t("column.comment"),
    ]
    book.header(ws, HEADER_ROW, labels, widths)
    fw = book.agg.framework
    ids = [k.id for k in fw.components] + [x.id for x in fw.competences]
    order = {item_id: index for index, item_id in enumerate(ids)}
    notes = sorted(book.agg.notes, key=lambda n: (order.get(n.item_id, len(order)), n.programme.id, n.respondent))
    for row, note in enumerate(notes, start=HEADER_ROW + 1):
        values = [note.item_id, note.programme.name.get(book.lang), note.respondent, note.evidence, note.comment]
        for col, value in enumerate(values):
            ws.write_string(row, col, value, book.styles["text"])
        ws.set_row(row, row_height(zip(values, widths, strict=True), 13))
    ws.freeze_panes(HEADER_ROW + 1, 1)
    if notes:
        ws.autofilter(HEADER_ROW, 0, HEADER_ROW + len(notes), len(labels) - 1)


def _course_map(book: _Book, wording: Wording, courses: CourseMap) -> None:
    """Per programme and course unit, every item it was named with and the highest current level given there."""
    fw = book.agg.framework
    keys = ("programme", "code", "course_unit", "study_year", "id", "type", "item", "highest", "named_by")
    labels = [book.t(f"report.column.{k}") if k != "id" else book.t("column.id") for k in keys]
    widths = [10, 7, 22, 7, 6, 9, 36, 12, 18]
    title, note = book.t("report.course_map.title"), book.t("report.course_map.note", csv=COURSE_MAP_CSV)
    ws = book.sheet("course_map", title, note, widths)
    book.header(ws, HEADER_ROW, labels, widths)
    programmes = {p.id: i for i, p in enumerate(fw.programmes)}
    items = {item_id: i for i, item_id in enumerate([*(k.id for k in fw.components), *(c.id for c in fw.competences)])}
    rows: dict[tuple[str, CourseUnit, str, str], tuple[int, dict[str, None]]] = {}
    for link in courses.links:
        if link.field != "level":
            continue
        key = (link.programme_id, link.unit, link.item_id, link.item_type)
        best, respondents = rows.get(key, (-1, {}))
        respondents[link.respondent] = None
        rows[key] = (max(best, link.score), respondents)
    years = {programme: {year: i for i, year in enumerate(found)} for programme, found in courses.years.items()}
    order = sorted(
        rows, key=lambda k: (programmes[k[0]], years[k[0]].get(k[1].year, 0), k[1].code, k[1].name, items[k[2]])
    )
    names = {p.id: p.short.get(book.lang) for p in fw.programmes}  # short: a narrow column
    for row, key in enumerate(order, start=HEADER_ROW + 1):
        programme, unit, item_id, kind = key
        best, named = rows[key]
        item = wording.item_label(item_id).split(" ", 1)[1]
        values = [names[programme], unit.code, unit.name, unit.year, item_id, book.t(f"item_type.{kind}"), item]
        for col, value in enumerate(values):
            ws.write_string(row, col, value, book.styles["text"])
        shown = book.level_cell(ws, row, 7, best)
        ws.write_string(row, 8, ", ".join(named), book.styles["text"])
        ws.set_row(row, row_height(zip([*values, shown, ", ".join(named)], widths, strict=True), 13))
    if not order:
        book.banner(ws, HEADER_ROW + 1, book.t("report.course_map.none"), "note", widths)
    ws.freeze_panes(HEADER_ROW + 1, 3)
    if order:
        ws.autofilter(HEADER_ROW, 0, HEADER_ROW + len(order), len(keys) - 1)


def _learning_lines(book: _Book, courses: CourseMap) -> None:
    """Per programme and component, a level and the course units for each study year: the learning line as a table."""
    fw = book.agg.framework
    title, note = book.t("report.learning_lines.title"), book.t("report.learning_lines.note", csv=LEARNING_LINES_CSV)
    programmes = courses.programmes(book.agg)
    years = list(dict.fromkeys(year for p in programmes for year in courses.years[p.id]))
    # the programme's short name and the component (its cluster is in its id, and in the overview): the
    # study years get the room
    labels = [book.t("report.column.programme"), book.t("column.id"), book.t("column.component")]
    widths: list[float] = [12, 5, 11]
    # the years share what is left of a printed page's width (the course units at least 14 wide)
    units_width = max(14.0, (PRINTED_WIDTH - sum(widths)) / max(1, len(years)) - LEVEL_WIDTH)
    for year in years:
        shown = year_label(year, book.lang)
        labels += [book.t("report.learning_lines.level", year=shown), book.t("report.learning_lines.units", year=shown)]
        widths += [LEVEL_WIDTH, units_width]
    ws = book.sheet("learning_lines", title, note, widths)
    book.header(ws, HEADER_ROW, labels, widths)
    row = HEADER_ROW
    for programme in programmes:
        line = courses.line_of(programme.id)
        for component in fw.components:
            row += 1
            described = book.describe(component)
            texts = [programme.short.get(book.lang), component.id, described[3]]
            for col, value in enumerate(texts):
                ws.write_string(row, col, value, book.styles["text"])
            heights = list(zip(texts, widths, strict=False))
            for index, year in enumerate(years):
                col = len(texts) + 2 * index
                found = line.get(component.id, {}).get(year)
                if found is None:  # no course unit of this year named: blank, not 'not answered'
                    ws.write_blank(row, col, None, book.styles["plain"])
                    ws.write_blank(row, col + 1, None, book.styles["plain"])
                    continue
                units = "; ".join(f"{u.code} {u.name}".strip() for u in found.units)
                heights.append((book.level_cell(ws, row, col, found.score), LEVEL_WIDTH))
                ws.write_string(row, col + 1, units, book.styles["text"])
                heights.append((units, units_width))
            ws.set_row(row, row_height(heights, 13))
    ws.freeze_panes(HEADER_ROW + 1, 2)
    if row > HEADER_ROW:
        ws.autofilter(HEADER_ROW, 0, row, len(labels) - 1)
