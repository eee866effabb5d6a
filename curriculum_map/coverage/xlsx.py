"""coverage.xlsx: the seed's programme table filled in, plus summaries, gaps, ambitions, respondents, problems."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import xlsxwriter
from xlsxwriter.workbook import Format, Workbook
from xlsxwriter.worksheet import Worksheet

from curriculum_map.core.palette import NOT_ANSWERED, level_colours, text_colour
from curriculum_map.core.problems import Problem, problem_cells
from curriculum_map.core.texts import text
from curriculum_map.coverage.aggregate import Aggregation
from curriculum_map.framework.model import Competence, Component
from curriculum_map.render.xlsx_style import row_height

TITLE_ROW, NOTE_ROW, HEADER_ROW = 0, 1, 3


class _CoverageWriter:
    def __init__(self, workbook: Workbook, aggregation: Aggregation, problems: Sequence[Problem], lang: str):
        self.wb = workbook
        self.agg = aggregation
        self.fw = aggregation.framework
        self.problems = problems
        self.lang = lang
        add = workbook.add_format
        base = {"font_name": "Calibri", "font_size": 10, "valign": "top", "border": 1, "border_color": "#bfbfbf"}
        self.f: dict[str, Format] = {
            "title": add({"bold": True, "font_size": 14, "font_color": "#1f3b57"}),
            "note": add({"italic": True, "font_color": "#404040"}),
            "header": add({**base, "bold": True, "bg_color": "#e7e6e6", "text_wrap": True, "valign": "vcenter"}),
            "text": add({**base, "text_wrap": True}),
            "plain": add(base),
            "number": add({**base, "num_format": "0.00"}),
            "integer": add({**base, "num_format": "0"}),
            "signed": add({**base, "num_format": "+0;-0;0"}),
            "percent": add({**base, "num_format": "0%"}),
            "blank": add({**base, "italic": True, "font_color": "#595959", "bg_color": NOT_ANSWERED}),
        }
        colours = level_colours(len(self.fw.levels))
        self.level_format = {
            level.score: add({**base, "bg_color": colour, "font_color": text_colour(colour)})
            for level, colour in zip(self.fw.levels, colours, strict=True)
        }

    def t(self, key: str, **values: object) -> str:
        return text(key, self.lang, **values)

    def sheet(self, key: str, title: str, note: str = "") -> Worksheet:
        ws = self.wb.add_worksheet(self.t(f"report.sheet.{key}"))
        ws.write_string(TITLE_ROW, 0, title, self.f["title"])
        if note:
            ws.write_string(NOTE_ROW, 0, note, self.f["note"])
        ws.set_landscape()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
        return ws

    def header(self, ws: Worksheet, row: int, labels: Sequence[str], widths: Sequence[float]) -> None:
        for col, (label, width) in enumerate(zip(labels, widths, strict=True)):
            ws.write_string(row, col, label, self.f["header"])
            ws.set_column(col, col, width)
        ws.repeat_rows(row)

    def level_cell(self, ws: Worksheet, row: int, col: int, score: int | None) -> None:
        if score is None:
            ws.write_string(row, col, self.t("report.not_answered"), self.f["blank"])
        else:
            ws.write_string(row, col, self.fw.levels[score].label.get(self.lang), self.level_format[score])

    def data_note(self) -> str:
        return self.t(
            "report.data_of",
            date=self.agg.data_date or "-",
            count=len(self.agg.submissions),
            programmes=len(self.agg.programmes),
        )

    # -- sheets -----------------------------------------------------------------------------

    def write(self) -> None:
        self.item_table("overview", self.fw.components)
        self.item_table("competences", self.fw.competences)
        self.summary()
        self.gaps()
        self.ambitions()
        self.respondents()
        self.problem_sheet()

    def describe(self, item: Component | Competence) -> list[str]:
        cluster = self.fw.cluster_of(item.id)
        focus = self.fw.focus_of(cluster)
        if isinstance(item, Component):
            return [
                item.id,
                focus.name.get(self.lang),
                f"{cluster.id}. {cluster.name.get(self.lang)}",
                item.kind.label.get(self.lang),
            ]
        component = self.fw.item(item.component_id)
        assert isinstance(component, Component)
        subtheme = item.subtheme.get(self.lang) if item.subtheme else ""
        return [
            item.id,
            f"{cluster.id}. {cluster.name.get(self.lang)}",
            component.kind.label.get(self.lang),
            subtheme,
            item.text.get(self.lang),
        ]

    def item_table(self, key: str, items: Sequence[Component | Competence]) -> None:
        ws = self.sheet(key, self.t("report.title"), self.data_note() + " " + self.t("report.consensus_rule"))
        if key == "overview":
            labels = [self.t(f"column.{c}") for c in ("id", "focus", "cluster", "component")]
            widths: list[float] = [6, 28, 34, 13]
        else:
            labels = [self.t(f"column.{c}") for c in ("id", "cluster", "component", "subtheme", "competence")]
            widths = [7, 24, 12, 16, 50]
        fixed = len(labels)
        for programme in self.agg.programmes:
            n = self.agg.respondent_count(programme.id)
            labels += [f"{programme.short.get(self.lang)} (n={n})", self.t("report.spread")]
            widths += [15, 4]
        self.header(ws, HEADER_ROW, labels, widths)
        for offset, item in enumerate(items):
            row = HEADER_ROW + 1 + offset
            described = self.describe(item)
            for col, value in enumerate(described):
                ws.write_string(row, col, value, self.f["text"])
            ws.set_row(row, row_height(zip(described, widths, strict=False), 13))
            for index, programme in enumerate(self.agg.programmes):
                cell = self.agg.cell(programme.id, item.id)
                col = fixed + 2 * index
                self.level_cell(ws, row, col, cell.consensus)
                if len(cell.scores) > 1:
                    ws.write_number(row, col + 1, cell.spread, self.f["integer"])
                else:
                    ws.write_blank(row, col + 1, None, self.f["plain"])
        ws.freeze_panes(HEADER_ROW + 1, 1)
        ws.autofilter(HEADER_ROW, 0, HEADER_ROW + len(items), len(labels) - 1)

    def summary(self) -> None:
        lowest, highest = self.fw.levels[0].label.get(self.lang), self.fw.levels[-1].label.get(self.lang)
        threshold = self.fw.levels[self.agg.threshold].label.get(self.lang)
        ws = self.sheet("summary", self.t("report.sheet.summary"), self.data_note())
        row = HEADER_ROW - 1
        for key, groups in (("report.summary.clusters", self.fw.clusters), ("report.summary.focuses", self.fw.focuses)):
            ws.write_string(
                row, 0, self.t(key, lowest=lowest, highest=highest, top=self.fw.levels[-1].score), self.f["title"]
            )
            row += 1
            labels = [self.t("column.id"), self.t("report.column.name")]
            labels += [p.short.get(self.lang) for p in self.agg.programmes]
            labels += [
                self.t("report.summary.share", threshold=threshold),
                self.t("report.summary.lowest", lowest=lowest),
                self.t("report.summary.unanswered"),
            ]
            self.header(ws, row, labels, [6, 44] + [12] * len(self.agg.programmes) + [14, 12, 12])
            for summary in self.agg.group_summaries(groups):
                row += 1
                ws.write_string(row, 0, summary.group_id, self.f["plain"])
                ws.write_string(row, 1, summary.name, self.f["text"])
                ws.set_row(row, row_height([(summary.name, 44)], 13))
                col = 2
                for programme in self.agg.programmes:
                    mean = summary.means[programme.id]
                    if mean is None:
                        ws.write_string(row, col, self.t("report.not_answered"), self.f["blank"])
                    else:
                        ws.write_number(row, col, mean, self.f["number"])
                    col += 1
                if summary.share_at_least is None:
                    ws.write_blank(row, col, None, self.f["plain"])
                else:
                    ws.write_number(row, col, summary.share_at_least, self.f["percent"])
                ws.write_number(row, col + 1, summary.lowest_count, self.f["integer"])
                ws.write_number(row, col + 2, summary.unanswered_count, self.f["integer"])
            if self.agg.programmes:
                ws.conditional_format(
                    row - len(groups) + 1,
                    2,
                    row,
                    1 + len(self.agg.programmes),
                    {
                        "type": "3_color_scale",
                        "min_color": "#ffffcc",
                        "mid_color": "#41b6c4",
                        "max_color": "#225ea8",
                        "min_type": "num",
                        "min_value": 0,
                        "max_type": "num",
                        "max_value": self.fw.levels[-1].score,
                    },
                )
            row += 3

    def gaps(self) -> None:
        lowest, highest = self.fw.levels[0].label.get(self.lang), self.fw.levels[-1].label.get(self.lang)
        ws = self.sheet("gaps", self.t("report.sheet.gaps"), self.data_note())
        row = HEADER_ROW - 1
        ws.set_column(0, 0, 13)
        ws.set_column(1, 1, 7)
        ws.set_column(2, 2, 80)
        ws.set_column(3, 3, 16)
        for items in (self.fw.components, self.fw.competences):
            not_practised, not_covered, no_data = self.agg.gap_items(x.id for x in items)
            for key, ids in (
                ("report.gaps.not_practised", not_practised),
                ("report.gaps.not_covered", not_covered),
                ("report.gaps.no_data", no_data),
            ):
                ws.write_string(row, 0, self.t(key, lowest=lowest, highest=highest), self.f["title"])
                row += 1
                for col, label in enumerate(
                    [
                        self.t("report.column.type"),
                        self.t("column.id"),
                        self.t("report.column.text"),
                        self.t("report.gaps.highest"),
                    ]
                ):
                    ws.write_string(row, col, label, self.f["header"])
                if not ids:
                    row += 1
                    ws.write_string(row, 0, self.t("report.gaps.none"), self.f["note"])
                for item_id in ids:
                    row += 1
                    item = self.fw.item(item_id)
                    assert isinstance(item, (Component, Competence))
                    kind = "component" if isinstance(item, Component) else "competence"
                    described = " · ".join(self.describe(item)[1:])
                    ws.write_string(row, 0, self.t(f"item_type.{kind}"), self.f["plain"])
                    ws.write_string(row, 1, item_id, self.f["plain"])
                    ws.write_string(row, 2, described, self.f["text"])
                    ws.set_row(row, row_height([(described, 80)], 13))
                    best = [self.agg.cell(p.id, item_id).consensus for p in self.agg.programmes]
                    answered = [b for b in best if b is not None]
                    self.level_cell(ws, row, 3, max(answered) if answered else None)
                row += 3

    def ambitions(self) -> None:
        ws = self.sheet("ambitions", self.t("report.sheet.ambitions"), self.t("report.ambitions.note"))
        labels = [self.t(f"column.{c}") for c in ("id", "cluster", "component")]
        widths: list[float] = [6, 34, 13]
        for programme in self.agg.programmes:
            short = programme.short.get(self.lang)
            labels += [
                f"{short}: {self.t('column.level')}",
                f"{short}: {self.t('column.ambition')}",
                self.t("report.ambitions.gap"),
            ]
            widths += [13, 13, 8]
        self.header(ws, HEADER_ROW, labels, widths)
        for offset, component in enumerate(self.fw.components):
            row = HEADER_ROW + 1 + offset
            described = self.describe(component)
            for col, value in enumerate([described[0], described[2], described[3]]):
                ws.write_string(row, col, value, self.f["text"])
            ws.set_row(row, row_height([(described[2], widths[1])], 13))
            for index, programme in enumerate(self.agg.programmes):
                col = 3 + 3 * index
                current = self.agg.cell(programme.id, component.id, "level").consensus
                ambition = self.agg.cell(programme.id, component.id, "ambition").consensus
                self.level_cell(ws, row, col, current)
                self.level_cell(ws, row, col + 1, ambition)
                if current is None or ambition is None:
                    ws.write_blank(row, col + 2, None, self.f["plain"])
                else:
                    ws.write_number(row, col + 2, ambition - current, self.f["signed"])
        ws.freeze_panes(HEADER_ROW + 1, 1)

    def respondents(self) -> None:
        ws = self.sheet("respondents", self.t("report.sheet.respondents"), self.data_note())
        keys = ("programme", "respondent", "role", "date", "file", "language", "answered", "unanswered")
        self.header(ws, HEADER_ROW, [self.t(f"report.column.{k}") for k in keys], [28, 24, 16, 12, 36, 6, 10, 10])
        row = HEADER_ROW
        for submission in self.agg.submissions:
            row += 1
            values = [
                submission.programme.name.get(self.lang),
                submission.respondent,
                submission.role,
                submission.date,
                submission.file,
                submission.language,
            ]
            for col, value in enumerate(values):
                ws.write_string(row, col, value, self.f["text"])
            ws.write_number(row, 6, submission.answered, self.f["integer"])
            ws.write_number(row, 7, submission.unanswered, self.f["integer"])
        row += 3
        ws.write_string(row, 0, self.t("report.respondents.missing"), self.f["title"])
        if not self.agg.missing_programmes:
            ws.write_string(row + 1, 0, self.t("report.gaps.none"), self.f["note"])
        for programme in self.agg.missing_programmes:
            row += 1
            ws.write_string(row, 0, programme.name.get(self.lang), self.f["plain"])

    def problem_sheet(self) -> None:
        ws = self.sheet("problems", self.t("report.sheet.problems"), self.data_note())
        keys = ("file", "sheet", "cell", "code", "severity", "message")
        self.header(ws, HEADER_ROW, [self.t(f"report.column.{k}") for k in keys], [30, 14, 7, 22, 12, 90])
        for offset, problem in enumerate(self.problems):
            row = HEADER_ROW + 1 + offset
            values = problem_cells(problem, self.lang)
            for col, value in enumerate(values):
                ws.write_string(row, col, value, self.f["text"])
            ws.set_row(row, row_height([(values[0], 30), (values[-1], 90)], 13))
        ws.freeze_panes(HEADER_ROW + 1, 0)
        if self.problems:
            ws.autofilter(HEADER_ROW, 0, HEADER_ROW + len(self.problems), len(keys) - 1)


def write_coverage_xlsx(aggregation: Aggregation, problems: Sequence[Problem], path: Path, lang: str) -> None:
    """Write the coverage workbook; every text is written as a string, so nothing becomes a formula."""
    workbook = xlsxwriter.Workbook(
        str(path), {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    )
    _CoverageWriter(workbook, aggregation, problems, lang).write()
    workbook.close()
