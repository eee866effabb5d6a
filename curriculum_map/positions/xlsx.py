"""positions.xlsx: the summary first, then the consensus per competence, per organisation, the departures
from the proposal, the conversation list, the profiles, the agreement, added competences, respondents
and problems, one sheet each."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import xlsxwriter
from xlsxwriter.workbook import Format, Workbook
from xlsxwriter.worksheet import Worksheet

from curriculum_map.core.palette import level_colours
from curriculum_map.core.problems import problem_cells
from curriculum_map.core.texts import text
from curriculum_map.positions.aggregate import CompetenceResult, GroupResult, PositionsAggregation
from curriculum_map.positions.labels import (
    alpha_sentence,
    choice_text,
    competence_text,
    consensus_rule,
    data_note,
    departure_text,
    departures_note,
    distribution_text,
    proposal_note,
    show_names,
    spread_text,
    talk_rule,
    title,
)
from curriculum_map.positions.rows import added_rows
from curriculum_map.positions.template import NOT_APPLICABLE_FILL
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
    choices: dict[str, Format]  # a fill per answer, as in the form
    agg: PositionsAggregation
    lang: str
    names: bool  # --show-names
    min_respondents: int

    def t(self, key: str, **values: object) -> str:
        return text(key, self.lang, **values)

    def sheet(self, key: str, heading: str, remark: str, columns: Columns) -> Worksheet:
        """A sheet with its title, a remark and the header of its table, printed landscape one page wide."""
        ws = self.workbook.add_worksheet(self.t(key))
        ws.write_string(0, 0, heading, self.styles["title"])
        ws.write_string(1, 0, remark, self.styles["note"])
        write_header(ws, HEADER_ROW, columns, self.styles["header"])
        ws.set_row(HEADER_ROW, row_height([(label, width) for label, width in columns]))
        ws.freeze_panes(FIRST_ROW, 0)
        ws.set_landscape()
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(HEADER_ROW)
        return ws

    def texts(self, ws: Worksheet, row: int, values: Sequence[str], first: int = 0) -> None:
        """Texts in a row from column `first` on, wrapped."""
        for col, value in enumerate(values, first):
            ws.write_string(row, col, value, self.styles["text"])

    def choice(self, ws: Worksheet, row: int, col: int, choice: str | None) -> None:
        """An answer in its colour, or a dash."""
        if choice:
            ws.write_string(row, col, choice_text(self.agg, choice, self.lang), self.choices[choice])
        else:
            ws.write_string(row, col, "–", self.styles["text"])

    def share(self, ws: Worksheet, row: int, col: int, share: float | None) -> None:
        if share is None:
            ws.write_blank(row, col, None, self.styles["text"])
        else:
            ws.write_number(row, col, share, self.styles["percent"])

    def statement(self, item_id: str) -> str:
        return competence_text(self.agg.framework, item_id, self.lang)


def write_positions_xlsx(
    aggregation: PositionsAggregation, path: Path, lang: str, show_names: bool = False, min_respondents: int = 3
) -> None:
    """Write positions.xlsx; every text is written as a string, so nothing becomes a formula."""
    workbook = xlsxwriter.Workbook(str(path), WORKBOOK_OPTIONS)
    styles = add_styles(workbook, DEFAULT_TABLE, {"header": {"valign": "top"}})
    scale = aggregation.scale
    colours = [*level_colours(max(2, len(scale.choices) - 1))[: len(scale.choices) - 1], NOT_APPLICABLE_FILL]
    fills = add_fills(workbook, DEFAULT_TABLE, dict(zip(scale.choices, colours, strict=True)))
    book = _Book(workbook, styles, fills, aggregation, lang, show_names, min_respondents)
    sheets = [_summary, _consensus, _per_organisation, _departures, _moves, _conversation, _profiles, _agreement]
    for write_sheet in (*sheets, _added, _respondents, _problems):
        write_sheet(book)
    workbook.close()


def _summary(book: _Book) -> None:
    """Per group, the findings in one row: respondents, agreement, consensus per answer, departures, conversation."""
    agg = book.agg
    columns = [(book.t("positions.column.organisation"), 28), (book.t("positions.column.respondents"), 13)]
    columns += [(book.t("positions.column.alpha"), 10), (book.t("positions.column.alpha_meaning"), 44)]
    columns += [(book.t("positions.column.consensus_at", choice=choice_text(agg, c, book.lang)), 14)
                for c in agg.scale.choices]  # fmt: skip
    columns += [(book.t("positions.column.departures"), 14), (book.t("positions.column.conversation"), 14)]
    remark = " ".join(filter(None, (data_note(agg, book.lang), proposal_note(agg, book.lang))))
    ws = book.sheet("positions.sheet.summary", title(agg, book.lang), remark, columns)
    for r, group in enumerate(agg.groups, start=FIRST_ROW):
        book.texts(ws, r, [group.label])
        ws.write_number(r, 1, group.respondents, book.styles["integer"])
        _alpha_cells(book, ws, r, 2, group.alpha)
        ws.set_row(r, row_height([(group.label, 28), (alpha_sentence(group.alpha, book.lang), 44)]))
        consensus = [result.consensus for result in group.competences.values()]
        for j, choice in enumerate(agg.scale.choices, start=4):
            ws.write_number(r, j, consensus.count(choice), book.styles["integer"])
        col = 4 + len(agg.scale.choices)
        if agg.proposal is not None:
            ws.write_number(r, col, len(group.departures), book.styles["integer"])
        else:
            ws.write_string(r, col, "–", book.styles["text"])
        ws.write_number(r, col + 1, len(group.conversation), book.styles["integer"])


def _alpha_cells(book: _Book, ws: Worksheet, row: int, col: int, alpha: float | None) -> None:
    if alpha is None:
        ws.write_string(row, col, "–", book.styles["text"])
    else:
        ws.write_number(row, col, alpha, book.styles["number"])
    ws.write_string(row, col + 1, alpha_sentence(alpha, book.lang), book.styles["text"])


def _consensus(book: _Book) -> None:
    """Per competence, for all respondents (or the one organisation): counts per answer, consensus, spread."""
    agg, lang = book.agg, book.lang
    group = agg.overall
    columns = [(book.t("column.id"), 7), (book.t("column.competence"), 56), (book.t("positions.column.proposal"), 16)]
    columns += [(choice_text(agg, c, lang), 11) for c in agg.scale.choices]
    columns += [(book.t("positions.column.consensus"), 18), (book.t("positions.column.share"), 10)]
    columns += [(book.t("positions.column.spread"), 30), (book.t("positions.column.departure"), 18)]
    remark = f"{group.label}. {consensus_rule(lang)}"
    ws = book.sheet("positions.sheet.consensus", book.t("positions.sheet.consensus.title"), remark, columns)
    for r, competence in enumerate(agg.framework.competences, start=FIRST_ROW):
        result = group.competences[competence.id]
        statement = book.statement(competence.id)
        spread = spread_text(agg, result, lang)
        book.texts(ws, r, [competence.id, statement])
        labels = [(choice_text(agg, c, lang), 16) for c in (result.proposal, result.consensus)]
        ws.set_row(r, row_height([(statement, 56), (spread, 30), *labels]))
        book.choice(ws, r, 2, result.proposal)
        for j, count in enumerate(result.counts.values(), start=3):
            ws.write_number(r, j, count, book.styles["integer"])
        col = 3 + len(result.counts)
        book.choice(ws, r, col, result.consensus)
        book.share(ws, r, col + 1, result.share)
        book.texts(ws, r, [spread, departure_text(result.departure, lang)], col + 2)


def _per_organisation(book: _Book) -> None:
    """Each organisation's consensus side by side (only when several organisations answered)."""
    agg, lang = book.agg, book.lang
    groups = [g for g in agg.groups if g.key]
    if len(agg.groups) < 2 or not groups:
        return
    columns = [(book.t("column.id"), 7), (book.t("column.competence"), 50), (book.t("positions.column.proposal"), 16)]
    for group in agg.groups:
        columns += [(f"{group.label}: {book.t('positions.column.consensus')}", 18)]
        columns += [(f"{group.label}: {book.t('positions.column.share')}", 11)]
    key = "positions.sheet.organisations"
    ws = book.sheet(key, book.t(key), consensus_rule(lang), columns)
    for r, competence in enumerate(agg.framework.competences, start=FIRST_ROW):
        statement = book.statement(competence.id)
        book.texts(ws, r, [competence.id, statement])
        ws.set_row(r, row_height([(statement, 50)]))
        book.choice(ws, r, 2, agg.groups[0].competences[competence.id].proposal)
        for j, group in enumerate(agg.groups):
            result = group.competences[competence.id]
            book.choice(ws, r, 3 + 2 * j, result.consensus)
            book.share(ws, r, 4 + 2 * j, result.share)


def _departures(book: _Book) -> None:
    """Per group, the competences whose consensus lies before or after the proposal, largest first."""
    agg, lang = book.agg, book.lang
    columns = [(book.t("positions.column.organisation"), 24), (book.t("column.id"), 7)]
    columns += [(book.t("column.competence"), 56), (book.t("positions.column.proposal"), 16)]
    columns += [(book.t("positions.column.consensus"), 16), (book.t("positions.column.departure"), 20)]
    columns += [(book.t("positions.column.steps"), 9), (book.t("positions.column.share"), 10)]
    remark = departures_note(agg, lang)
    key = "positions.sheet.departures"
    ws = book.sheet(key, book.t(key), remark, columns)
    r = FIRST_ROW
    for group in agg.groups:
        for result in group.departures:
            statement = book.statement(result.item_id)
            book.texts(ws, r, [group.label, result.item_id, statement])
            ws.set_row(r, row_height([(statement, 56)]))
            book.choice(ws, r, 3, result.proposal)
            book.choice(ws, r, 4, result.consensus)
            book.texts(ws, r, [departure_text(result.departure, lang)], 5)
            ws.write_number(r, 6, result.departure or 0, book.styles["signed"])
            book.share(ws, r, 7, result.share)
            r += 1


def _moves(book: _Book) -> None:
    """Per group and answer: competences the consensus moved in (proposed elsewhere) and out (proposed here)."""
    agg = book.agg
    if agg.proposal is None:
        return
    columns = [(book.t("positions.column.organisation"), 24), (book.t("positions.column.position"), 28)]
    columns += [(book.t("positions.column.proposed_here"), 14), (book.t("positions.column.consensus_here"), 14)]
    columns += [(book.t("positions.column.moved_in"), 14), (book.t("positions.column.moved_out"), 14)]
    key = "positions.sheet.moves"
    ws = book.sheet(key, book.t(key), book.t("positions.moves.note"), columns)
    r = FIRST_ROW
    for group in agg.groups:
        results = list(group.competences.values())
        for move in group.moves:
            book.texts(ws, r, [group.label])
            book.choice(ws, r, 1, move.choice)
            proposed = sum(x.proposal == move.choice for x in results)
            agreed = sum(x.consensus == move.choice for x in results)
            for j, value in enumerate((proposed, agreed, move.moved_in, move.moved_out), start=2):
                ws.write_number(r, j, value, book.styles["integer"])
            r += 1


def _comments(book: _Book, group: GroupResult, result: CompetenceResult) -> str:
    named = show_names(group, book.names, book.min_respondents)
    lines = []
    for comment in result.comments:
        who = (
            f"{comment.respondent} ({choice_text(book.agg, comment.choice or None, book.lang)})"
            if named
            else (choice_text(book.agg, comment.choice or None, book.lang))
        )
        lines.append(f"{who}: {comment.text}")
    return "\n".join(lines)


def _conversation(book: _Book) -> None:
    """The competences to talk about, per organisation, ordered by disagreement, with the explanations."""
    agg, lang = book.agg, book.lang
    columns = [(book.t("positions.column.organisation"), 20), (book.t("positions.column.number"), 5)]
    columns += [(book.t("column.id"), 7), (book.t("column.competence"), 48)]
    columns += [(book.t("positions.column.choices"), 30), (book.t("positions.column.consensus"), 16)]
    columns += [(book.t("positions.column.share"), 9), (book.t("positions.column.spread"), 26)]
    columns += [(book.t("positions.column.comments"), 60)]
    key = "positions.sheet.conversation"
    ws = book.sheet(key, book.t(key), talk_rule(lang), columns)
    r = FIRST_ROW
    for group in agg.talking_groups:
        for number, result in enumerate(group.conversation, 1):
            statement = book.statement(result.item_id)
            comments = _comments(book, group, result)
            book.texts(ws, r, [group.label])
            ws.write_number(r, 1, number, book.styles["integer"])
            book.texts(ws, r, [result.item_id, statement, distribution_text(agg, result, lang)], 2)
            book.choice(ws, r, 5, result.consensus)
            book.share(ws, r, 6, result.share)
            book.texts(ws, r, [spread_text(agg, result, lang), comments], 7)
            ws.set_row(r, row_height([(statement, 48), (comments, 60)]))
            r += 1


def _profiles(book: _Book) -> None:
    """Per group and cluster: how many competences each position is expected to have (cumulative)."""
    agg, lang = book.agg, book.lang
    positions = agg.framework.positions
    columns = [(book.t("positions.column.organisation"), 24), (book.t("column.cluster"), 44)]
    columns += [(book.t("positions.column.competences"), 13)]
    columns += [(p.name.get(lang), 14) for p in positions]
    key = "positions.sheet.profiles"
    ws = book.sheet(key, book.t(key), book.t("positions.profile.note"), columns)
    r = FIRST_ROW
    for group in agg.groups:
        for cluster in (*agg.framework.clusters, None):
            ids = [x.id for k in cluster.components for x in k.competences] if cluster else list(group.competences)
            label = f"{cluster.id}. {cluster.name.get(lang)}" if cluster else book.t("positions.alpha.overall")
            book.texts(ws, r, [group.label, label])
            ws.write_number(r, 2, len(ids), book.styles["integer"])
            for j, position in enumerate(positions, start=3):
                ws.write_number(r, j, len(group.profile(agg.scale, position.id, ids)), book.styles["integer"])
            r += 1


def _agreement(book: _Book) -> None:
    """Krippendorff's alpha per group, overall and per cluster."""
    agg, lang = book.agg, book.lang
    columns = [(book.t("column.cluster"), 50)] + [(group.label, 16) for group in agg.groups]
    key = "positions.sheet.agreement"
    ws = book.sheet(key, book.t(key), book.t("positions.alpha.note"), columns)
    rows: list[tuple[str, list[float | None]]] = [(book.t("positions.alpha.overall"), [g.alpha for g in agg.groups])]
    for cluster in agg.framework.clusters:
        rows.append(
            (f"{cluster.id}. {cluster.name.get(lang)}", [g.alpha_per_cluster.get(cluster.id) for g in agg.groups])
        )
    for r, (label, alphas) in enumerate(rows, start=FIRST_ROW):
        book.texts(ws, r, [label])
        for j, alpha in enumerate(alphas, start=1):
            if alpha is None:
                ws.write_string(r, j, "–", book.styles["text"])
            else:
                ws.write_number(r, j, alpha, book.styles["number"])
    r = FIRST_ROW + len(rows) + 1
    for group in agg.groups:
        book.texts(ws, r, [f"{group.label}: {alpha_sentence(group.alpha, lang)}"])
        r += 1


def _added(book: _Book) -> None:
    """The competences respondents added, verbatim."""
    columns = [
        (book.t("report.column.file"), 28),
        (book.t("positions.column.organisation"), 20),
        (book.t("report.column.respondent"), 20),
        (book.t("column.component"), 10),
        (book.t("column.competence"), 56),
        (book.t("positions.column.choice"), 22),
        (book.t("positions.column.comment"), 36),
    ]
    key = "positions.sheet.added"
    ws = book.sheet(key, book.t(key), book.t("positions.added.note"), columns)
    for r, row in enumerate(added_rows(book.agg, book.lang), start=FIRST_ROW):
        # the sheet leaves out where the competence was typed (sheet and cell): the CSV has them
        book.texts(ws, r, [str(value) for value in (row[0], *row[3:])])


def _respondents(book: _Book) -> None:
    """Every respondent whose workbook was used."""
    columns = [
        (book.t("report.column.respondent"), 24),
        (book.t("positions.column.organisation"), 22),
        (book.t("report.column.role"), 18),
        (book.t("report.column.date"), 12),
        (book.t("report.column.file"), 36),
        (book.t("report.column.answered"), 12),
    ]
    key = "report.sheet.respondents"
    ws = book.sheet(key, book.t(key), data_note(book.agg, book.lang), columns)
    for r, person in enumerate(book.agg.respondents, start=FIRST_ROW):
        book.texts(ws, r, [person.respondent, person.organisation, person.role, person.date, person.file])
        ws.write_number(r, 5, person.answered, book.styles["integer"])


def _problems(book: _Book) -> None:
    """Every problem found, one row each."""
    keys = (("file", 30), ("sheet", 12), ("cell", 8), ("code", 24), ("severity", 12), ("message", 90))
    columns = [(book.t(f"report.column.{k}"), w) for k, w in keys]
    key = "report.sheet.problems"
    ws = book.sheet(key, book.t(key), "", columns)
    for r, problem in enumerate(book.agg.problems, start=FIRST_ROW):
        book.texts(ws, r, problem_cells(problem, book.lang))
