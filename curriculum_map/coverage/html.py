"""report.html: one self-contained page (inline CSS, embedded pictures, no scripts, no network) for focus groups.

It opens with what a coordinator needs first (a card per programme, the findings across
programmes, what to do next), then the reading guide, the maps, the prompts and the clusters.
Every text goes through Jinja2's autoescaping: a comment typed in a workbook stays text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from curriculum_map.core.numbers import format_mean, format_range, format_share, format_signed
from curriculum_map.core.palette import NOT_ANSWERED
from curriculum_map.core.report_files import (
    COVERAGE_XLSX,
    PICTURE_AMBITIONS,
    PICTURE_CLUSTERS,
    PICTURE_COMPETENCES,
    PICTURE_COMPONENTS,
    PICTURE_CONSENSUS,
    PROMPTS_CSV,
)
from curriculum_map.core.texts import interface_note, plural, text_list
from curriculum_map.core.version import __version__
from curriculum_map.coverage.aggregate import DISAGREEMENT, Aggregation
from curriculum_map.coverage.findings import PROMPT_KINDS
from curriculum_map.coverage.labels import Wording, cluster_pages, component_pages, data_note, map_pages, page_stem
from curriculum_map.framework.model import Competence, Component
from curriculum_map.render.html import level_styles, picture_markup, problem_entries, render_template

TEXT_KEYS = {
    "contents": "html.contents", "guide_heading": "html.guide.heading", "legend": "html.legend",
    "not_answered": "report.not_answered", "overview": "html.overview", "table": "html.table",
    "components": "html.components", "gaps": "html.gaps", "gap_none": "html.gap.none",
    "ambition_vs_current": "html.ambition_vs_current", "notes": "html.notes", "prompts": "html.prompts",
    "prompts_none": "html.prompts.none", "respondents": "html.respondents", "missing": "html.missing",
    "none_missing": "html.none_missing", "problems": "html.problems", "problems_none": "html.problems.none",
    "problems_intro": "html.problems.intro", "item": "html.item", "no_data": "html.no_data",
    "programme": "report.column.programme", "respondent": "report.column.respondent", "role": "report.column.role",
    "date": "report.column.date", "file": "report.column.file", "answered": "report.column.answered",
    "unanswered": "report.column.unanswered", "cell": "report.column.cell", "code": "report.column.code",
    "severity": "report.column.severity", "message": "report.column.message", "evidence": "column.evidence",
    "comment": "column.comment", "cluster": "column.cluster", "summary_heading": "report.sheet.summary",
    "unanswered_count": "report.summary.unanswered", "at_a_glance": "html.summary.heading",
    "todo": "html.todo.heading", "todo_none": "html.todo.none", "across": "html.findings.heading",
    "filled": "html.card.filled", "strongest": "html.card.strongest", "weakest": "html.card.weakest",
    "card_ambitions": "html.card.ambitions", "card_problems": "html.card.problems",
}  # fmt: skip


class _ReportBuilder(Wording):
    def __init__(self, aggregation: Aggregation, pictures: Sequence[Any], lang: str):
        super().__init__(aggregation, lang)
        self.pictures = {p.name: p for p in pictures}

    def level_cell(self, programme_id: str, item_id: str) -> dict[str, Any]:
        cell = self.agg.cell(programme_id, item_id)
        score = cell.consensus
        several = len(cell.scores) > 1 and cell.spread
        return {
            "text": f"{score} {self.label(score)}" if score is not None else "– " + self.label(None),
            "css": f"lv{score}" if score is not None else "na",
            "spread": f"({format_range(min(cell.scores), max(cell.scores))})" if several else "",
        }

    def rows(self, items: Iterable[Component | Competence], short: bool = True) -> list[dict[str, Any]]:
        return [
            {
                "label": f"{item.id} {item.kind.label.get(self.lang)}"
                if isinstance(item, Component) and short
                else self.item_label(item.id),
                "cells": [self.level_cell(p.id, item.id) for p in self.agg.programmes],
            }
            for item in items
        ]

    def picture(self, name: str) -> dict[str, Any] | None:
        picture = self.pictures.get(name)
        if picture is None:
            return None
        return {"svg": picture_markup(picture), "title": picture.title, "marked": picture.marked, "anchor": name}

    def prompts(self, limit: int = 12) -> list[dict[str, Any]]:
        blocks = []
        for kind in PROMPT_KINDS:
            found = self.findings.prompts[kind]
            where = {"xlsx": COVERAGE_XLSX, "sheet": self.t(f"report.sheet.prompts.{kind}"), "csv": PROMPTS_CSV}
            if len(found) > limit:
                note = self.t("html.prompts.shown", shown=limit, total=len(found), **where)
            else:
                note = self.t("html.prompts.all", total=plural("count.prompts", len(found), self.lang), **where)
            blocks.append(
                {
                    "title": self.t(f"html.prompts.{kind}", levels=DISAGREEMENT),
                    "entries": [self.prompt_text(p, kind) for p in found[:limit]],
                    "note": note if found else "",
                }
            )
        return blocks

    # -- clusters -----------------------------------------------------------------------------------

    def cluster_sections(self) -> list[dict[str, Any]]:
        highest = self.fw.levels[-1].label.get(self.lang)
        sections = []
        notes_by_item: dict[str, list] = {}
        for note in self.agg.notes:
            notes_by_item.setdefault(note.item_id, []).append(note)
        for cluster in self.fw.clusters:
            ids = [k.id for k in cluster.components] + [x.id for k in cluster.components for x in k.competences]
            not_practised, not_covered, _ = self.agg.gap_items(ids)
            gaps = [f"{self.item_label(i)}: {self.t('html.gap.not_covered')}" for i in not_covered]
            gaps += [
                f"{self.item_label(i)}: {self.t('html.gap.not_practised', highest=highest)}"
                for i in not_practised
                if i not in not_covered
            ]
            ambitions = []
            for component in cluster.components:
                values = []
                for programme in self.agg.programmes:
                    current = self.agg.cell(programme.id, component.id, "level").consensus
                    ambition = self.agg.cell(programme.id, component.id, "ambition").consensus
                    if current is None and ambition is None:
                        values.append("–")
                    else:
                        diff = (
                            f" ({format_signed(ambition - current)})"
                            if current is not None and ambition is not None
                            else ""
                        )
                        values.append(f"{self.score(current)} → {self.score(ambition)}{diff}")
                ambitions.append({"label": f"{component.id} {component.kind.label.get(self.lang)}", "texts": values})
            notes = [
                {
                    "item": note.item_id,
                    "programme": note.programme.name.get(self.lang),
                    "respondent": note.respondent,
                    "evidence": note.evidence,
                    "comment": note.comment,
                }
                for item_id in ids
                for note in notes_by_item.get(item_id, [])
            ]
            focus = self.fw.focus_of(cluster)
            sections.append(
                {
                    "id": cluster.id,
                    "heading": f"{self.t('column.cluster')} {cluster.id}. {cluster.name.get(self.lang)}",
                    "focus": f"{self.t('column.focus')}: {focus.name.get(self.lang)}",
                    "description": cluster.description.get(self.lang),
                    "explanation": cluster.explanation.get(self.lang) if cluster.explanation else "",
                    "rows": self.rows(cluster.components),
                    "gaps": gaps,
                    "ambitions": ambitions,
                    "notes": notes,
                    "commented": any(note["comment"] for note in notes),
                }
            )
        return sections

    def summary_rows(self) -> list[dict[str, Any]]:
        rows = []
        for summary in self.agg.group_summaries(self.fw.clusters):
            rows.append(
                {
                    "name": f"{summary.group_id}. {summary.name}",
                    "means": [format_mean(summary.means[p.id], self.lang) for p in self.agg.programmes],
                    "share": format_share(summary.share_at_least, self.lang),
                    "lowest": summary.lowest_count,
                    "unanswered": summary.unanswered_count,
                }
            )
        return rows

    def other_pictures(self) -> list[dict[str, Any]]:
        """The consensus and ambition maps, then the competence map of each focus with its table."""
        others = []
        for name in (PICTURE_CONSENSUS, PICTURE_AMBITIONS):
            for page in component_pages(self.fw):
                picture = self.picture(page_stem(name, page, self.lang))
                if picture is not None:
                    others.append({**picture, "rows": None, "in_xlsx": ""})
        for page in map_pages(self.fw):
            picture = self.picture(page_stem(PICTURE_COMPETENCES, page, self.lang))
            if picture is not None:
                competences = page.competences
                in_xlsx = self.t("html.table.in_xlsx", xlsx=COVERAGE_XLSX, sheet=self.t("report.sheet.competences"))
                others.append({**picture, "rows": self.rows(competences, short=False), "in_xlsx": in_xlsx})
        return others

    def notes_not_printed(self) -> str:
        """On paper the problems table lists errors and warnings; the notes are named by number."""
        count = sum(p.severity == "info" for p in self.agg.problems)
        if not count:
            return ""
        notes = plural("count.notes", count, self.lang)
        return self.t(
            "html.problems.notes_not_printed", notes=notes, xlsx=COVERAGE_XLSX, sheet=self.t("report.sheet.problems")
        )

    def context(self) -> dict[str, Any]:
        levels = self.fw.levels
        lowest, highest = levels[0].label.get(self.lang), levels[-1].label.get(self.lang)
        threshold = levels[self.agg.threshold].label.get(self.lang)
        t = {name: self.t(key) for name, key in TEXT_KEYS.items()}
        t["share"] = self.t("report.summary.share", threshold=threshold)
        t["lowest_count"] = self.t("report.summary.lowest", lowest=lowest)
        t["marked"] = self.t("html.consensus.marked", levels=DISAGREEMENT)
        t["notes_in_xlsx"] = self.t("html.notes.in_xlsx", xlsx=COVERAGE_XLSX, sheet=self.t("report.sheet.notes"))
        t["overview_in_xlsx"] = self.t("html.table.in_xlsx", xlsx=COVERAGE_XLSX, sheet=self.t("report.sheet.overview"))
        others = self.other_pictures()
        overview = [
            p
            for p in (
                *(self.picture(page_stem(PICTURE_COMPONENTS, page, self.lang)) for page in component_pages(self.fw)),
                *(self.picture(page_stem(PICTURE_CLUSTERS, page, self.lang)) for page in cluster_pages(self.fw)),
            )
            if p
        ]
        clusters = self.cluster_sections() if self.agg.programmes else []
        contents = [("samenvatting", t["at_a_glance"]), ("leeswijzer", t["guide_heading"])]
        if self.agg.programmes:
            contents += [("overzicht", t["overview"]), ("gesprekspunten", t["prompts"])]
            contents += [(f"cluster-{c['id']}", c["heading"]) for c in clusters]
            contents += [(p["anchor"], p["title"]) for p in others]
        contents += [("respondenten", t["respondents"]), ("problemen", t["problems"])]
        problems = problem_entries(self.agg.problems, self.lang)
        return {
            "lang": self.lang,
            "version": __version__,
            "title": self.t("report.title"),
            "data_note": " ".join(filter(None, (data_note(self.agg, self.lang), interface_note(self.lang)))),
            "t": t,
            "contents": contents,
            "cards": [self.card(c) for c in self.findings.cards],
            "todo": [self.action(a) for a in self.findings.actions],
            "across": self.across() if self.agg.programmes else [],
            "guide": text_list("html.guide", self.lang, lowest=lowest, highest=highest, top=levels[-1].score),
            "levels": level_styles(self.fw, self.lang),
            "na_colour": NOT_ANSWERED,
            "programmes": [
                f"{p.short.get(self.lang)} (n={self.agg.respondent_count(p.id)})" for p in self.agg.programmes
            ],
            "overview_pictures": overview,
            "overview_rows": self.rows(self.fw.components),
            "summary_rows": self.summary_rows() if self.agg.programmes else [],
            "prompts": self.prompts() if self.agg.programmes else [],
            "clusters": clusters,
            "other_pictures": others,
            "submissions": [
                {
                    "programme": s.programme.name.get(self.lang),
                    "respondent": s.respondent,
                    "role": s.role,
                    "date": s.date,
                    "file": s.file,
                    "answered": s.answered,
                    "unanswered": s.unanswered,
                }
                for s in self.agg.submissions
            ],
            "missing": [p.name.get(self.lang) for p in self.agg.missing_programmes],
            "problems": problems,
            "notes_not_printed": self.notes_not_printed(),
            "footer": self.t("html.footer", version=__version__, framework=self.fw.id, fw_version=self.fw.version),
        }


def render_html(aggregation: Aggregation, pictures: Sequence[Any] = (), lang: str = "nl") -> str:
    """The report as one HTML document (a string), the rendered pictures embedded in it."""
    return render_template("report.html.j2", _ReportBuilder(aggregation, pictures, lang).context())
