"""What several coverage outputs (report, pictures, workbook, slides) write alike: the data note and
how the maps are cut into pages. No matplotlib here: the HTML report needs these without it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from curriculum_map.core.dates import written_date
from curriculum_map.core.numbers import NOT_A_NUMBER, format_mean, format_number, format_share
from curriculum_map.core.problems import ProblemRecord, sheet_ref
from curriculum_map.core.report_files import COVERAGE_XLSX, ROSTER_CSV, picture_stem
from curriculum_map.core.texts import text
from curriculum_map.coverage.aggregate import Aggregation, Prompt
from curriculum_map.coverage.findings import FINDINGS_SHOWN, Action, Findings, ProgrammeCard, find
from curriculum_map.framework.model import Competence, Component, Framework, with_source_code
from curriculum_map.render.pages import Page, pages
from curriculum_map.workbook.roster import RosterStatus

TODO_PROBLEMS_SHOWN = 4  # cells named under one action before "and n more"
TODO_PEOPLE_SHOWN = 6  # people named in one reminder before "and n more" (roster.csv has them all)
# The rows one picture holds, so that its labels read and never overprint (a framework with more
# gives a picture per focus, a focus with more is cut between its clusters: render/pages.py):
# the competence map, 6.8-point labels on A4 landscape and on a 1366 x 768 screen;
MAP_ROWS = 42
# the maps of components (overview, agreement, ambitions), 8.5-point labels on A4 landscape;
COMPONENT_ROWS = 40
# the mean per cluster, names of up to two lines beside each row.
CLUSTER_ROWS = 16


def data_note(aggregation: Aggregation, lang: str) -> str:
    """'Gegevens van 2025-06-05; 7 werkmappen van 6 opleidingen.', with the plurals right."""
    return text(
        "report.data_note",
        lang,
        date=written_date(aggregation.data_date, lang) if aggregation.data_date else "-",
        workbooks=text("count.workbooks", lang, count=len(aggregation.submissions)),
        programmes=text("count.programmes", lang, count=len(aggregation.programmes)),
    )


def map_pages(framework: Framework) -> list[Page]:
    """The competence map: a picture per focus, a focus with more than MAP_ROWS competences cut in parts."""
    return pages(framework, "competences", MAP_ROWS, whole=False)


def component_pages(framework: Framework) -> list[Page]:
    """The maps of components: one picture, or one per focus (and part) above COMPONENT_ROWS components."""
    return pages(framework, "components", COMPONENT_ROWS)


def cluster_pages(framework: Framework) -> list[Page]:
    """The map of cluster means: one picture, or one per focus (and part) above CLUSTER_ROWS clusters."""
    return pages(framework, "clusters", CLUSTER_ROWS)


def page_stem(name: str, page: Page, lang: str) -> str:
    """A page's file stem: heatmap-competenties-2, or heatmap-competenties-2-1 for a part of focus 2."""
    return picture_stem(name, lang) + page.suffix


class Wording:
    """The findings of an aggregation in words, alike in report.html, coverage.xlsx and the slides."""

    def __init__(
        self,
        aggregation: Aggregation,
        lang: str,
        roster: RosterStatus | None = None,
        findings: Findings | None = None,
    ):
        """`findings`: those of `aggregation` when already found (a run finds them once for all its outputs)."""
        self.agg = aggregation
        self.fw = aggregation.framework
        self.lang = lang
        self.roster = roster
        self.findings: Findings = findings if findings is not None else find(aggregation, roster)

    def t(self, key: str, **values: object) -> str:
        return text(key, self.lang, **values)

    def label(self, score: int | None) -> str:
        return self.fw.level(score).label.get(self.lang) if score is not None else self.t("report.not_answered")

    def item_label(self, item_id: str) -> str:
        item = self.fw.item(item_id)
        if isinstance(item, Component):
            cluster = self.fw.cluster_of(item_id)
            kind = with_source_code(item, item.kind.label.get(self.lang))
            return f"{item.id} {kind} – {cluster.name.get(self.lang)}"
        assert isinstance(item, Competence)
        return f"{item.id} {with_source_code(item, item.text.get(self.lang))}".replace("\n", " ")

    def score(self, score: int | None) -> str:
        return NOT_A_NUMBER if score is None else str(score)

    def sheet_name(self, key: str) -> str:
        return self.t(f"sheet.{key}")

    # -- the summary ------------------------------------------------------------------------------

    def card(self, card: ProgrammeCard) -> dict[str, Any]:
        def cluster(mean: Any) -> str:
            return f"{mean.cluster.id}. {mean.cluster.name.get(self.lang)} ({format_mean(mean.mean, self.lang)})"

        ambitions = [f"{p.item_id} {self.item_kind(p.item_id)} ({p.detail[0]} → {p.detail[1]})" for p in card.ambitions]
        problems = [
            text(f"count.{key}", self.lang, count=count)
            for key, count in (("errors", card.errors), ("warnings", card.warnings))
            if count
        ]
        return {
            "response": self.response_rate(*card.response) if card.response else "",
            "name": card.programme.name.get(self.lang),
            "respondents": text("count.respondents", self.lang, count=len(card.respondents))
            + ": "
            + ", ".join(card.respondents),
            "sheets": [
                {
                    "label": self.sheet_name(fill.sheet),
                    "share": format_share(fill.share, self.lang),
                    "percent": round(fill.share * 100),
                }
                for fill in card.sheets
            ],  # fmt: skip
            "strongest": [cluster(m) for m in card.strongest],
            "weakest": [cluster(m) for m in card.weakest],
            "ambitions": ambitions,
            "problems": ", ".join(problems) if problems else self.t("html.card.no_problems"),
            "problem_css": "severity-error" if card.errors else "severity-warning" if card.warnings else "",
        }

    def response_rate(self, answered: int, expected: int) -> str:
        """'9 van 12 (75%)': how many of the people on the roster answered ('–' when nobody is on it)."""
        if not expected:
            return NOT_A_NUMBER
        share = format_share(answered / expected, self.lang)
        return self.t("html.roster.rate", answered=answered, expected=expected, share=share)

    def item_kind(self, item_id: str) -> str:
        item = self.fw.item(item_id)
        return item.kind.label.get(self.lang) if isinstance(item, Component) else ""

    def problem_line(self, problem: ProblemRecord) -> str:
        where = sheet_ref(problem.sheet, problem.cell)
        return f"{where}: {problem.message(self.lang)}" if where else problem.message(self.lang)

    def action(self, action: Action) -> dict[str, Any]:
        programme = action.programme.name.get(self.lang) if action.programme else ""
        details: list[str] = []
        more = ""
        if action.kind in ("fix", "check"):
            cells = text("count.cells", self.lang, count=len(action.problems))
            key = f"html.todo.{action.kind}" if action.programme else "html.todo.file"
            line = self.t(key, respondent=action.respondent, programme=programme, cells=cells, file=action.file)
            details = [self.problem_line(p) for p in action.problems[:TODO_PROBLEMS_SHOWN]]
            if len(action.problems) > TODO_PROBLEMS_SHOWN:
                more = self.t(
                    "html.todo.more", count=len(action.problems) - TODO_PROBLEMS_SHOWN, where=self.t("html.problems")
                )
        elif action.kind == "missing":
            line = self.t("html.todo.missing", programme=programme)
        elif action.kind == "remind":
            # names, never e-mail addresses: the report is shared with focus groups (roster.csv has the addresses)
            names = ", ".join(person.name for person in action.people[:TODO_PEOPLE_SHOWN])
            if len(action.people) > TODO_PEOPLE_SHOWN:
                names += " " + self.t("html.findings.more", count=len(action.people) - TODO_PEOPLE_SHOWN)
            line = self.t("html.todo.remind", names=names, programme=programme, csv=ROSTER_CSV)
        elif action.kind == "stranger":
            line = self.t("html.todo.stranger", respondent=action.respondent, programme=programme, file=action.file)
        else:
            line = self.t(
                "html.todo.empty",
                respondent=action.respondent,
                programme=programme,
                sheet=self.sheet_name(action.sheet),
            )
        return {"kind": action.kind, "text": line, "details": details, "more": more}

    def across(self) -> list[str]:
        """The few findings across programmes: what nobody practises or covers, where programmes differ most."""
        f = self.findings
        scale = self.fw.scale.placeholders(self.lang)
        lowest, target = scale["lowest"], scale["target"]

        def items(ids: Sequence[str]) -> str:
            named = [f"{i} {self.item_kind(i)}" for i in ids[:FINDINGS_SHOWN]]
            if len(ids) > FINDINGS_SHOWN:
                named.append(self.t("html.findings.more", count=len(ids) - FINDINGS_SHOWN))
            return ", ".join(named)

        lines = []
        if f.not_practised:
            lines.append(self.t("html.findings.not_practised", target=target, items=items(f.not_practised)))
        else:
            lines.append(self.t("html.findings.all_practised", target=target))
        if f.not_covered:
            lines.append(self.t("html.findings.not_covered", lowest=lowest, items=items(f.not_covered)))
        lines.append(
            self.t(
                "html.findings.competences",
                count=format_number(f.competences_not_practised, self.lang),
                total=format_number(len(self.fw.competences), self.lang),
                target=target,
                xlsx=COVERAGE_XLSX,
                sheet=self.t("report.sheet.gaps"),
            )
        )
        if f.most_different:
            shown = [
                f"{p.item_id} {self.short_item(p.item_id)} ({self.per_programme(p.item_id)})"
                for p in f.most_different[:2]
            ]
            lines.append(self.t("html.findings.different", items="; ".join(shown)))
        else:
            lines.append(self.t("html.findings.no_difference", levels=self.agg.disagreement))
        return lines

    def short_item(self, item_id: str) -> str:
        """A component as 'kennis – Cluster name' without its id."""
        return self.item_label(item_id).split(" ", 1)[1]

    def per_programme(self, item_id: str) -> str:
        return ", ".join(
            f"{p.short.get(self.lang)} {consensus}"
            for p in self.agg.programmes
            if (consensus := self.agg.cell(p.id, item_id).consensus) is not None
        )

    # -- prompts ------------------------------------------------------------------------------------

    def prompt_scores(self, prompt: Prompt, kind: str) -> str:
        """What lies behind a prompt: the respondents' scores, each programme's level, or now → ambition."""
        if kind == "ambition":
            current, ambition = prompt.detail
            return f"{self.label(current)} → {self.label(ambition)}"
        if prompt.programme is not None:
            return ", ".join(str(s) for s in prompt.detail)
        return self.per_programme(prompt.item_id)

    def prompt_text(self, prompt: Prompt, kind: str) -> str:
        scores = ", ".join(str(s) for s in prompt.detail)
        item = self.item_label(prompt.item_id)
        if kind == "ambition":
            assert prompt.programme is not None  # ambition prompts are per programme
            current, ambition = prompt.detail
            return f"{prompt.programme.name.get(self.lang)} · {item}: {self.label(current)} → {self.label(ambition)}"
        if prompt.programme is not None:
            return f"{prompt.programme.name.get(self.lang)} · {item} ({self.t('html.prompts.scores')}: {scores})"
        return f"{item} ({self.per_programme(prompt.item_id)})"
