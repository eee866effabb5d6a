"""report.html: one self-contained page (inline CSS, embedded pictures, no scripts, no network) for focus groups.

Every text goes through Jinja2's autoescaping: a comment typed in a workbook stays text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from curriculum_map.core.palette import NOT_ANSWERED
from curriculum_map.core.report_files import (
    PICTURE_AMBITIONS,
    PICTURE_CLUSTERS,
    PICTURE_COMPETENCES,
    PICTURE_COMPONENTS,
    PICTURE_CONSENSUS,
)
from curriculum_map.core.texts import text, text_list
from curriculum_map.core.version import __version__
from curriculum_map.coverage.aggregate import (
    DISAGREEMENT,
    Aggregation,
    Prompt,
    ambition_gaps,
    between_programme_disagreements,
    within_programme_disagreements,
)
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
    "unanswered_count": "report.summary.unanswered",
}  # fmt: skip


class _ReportBuilder:
    def __init__(self, aggregation: Aggregation, pictures: Sequence[Any], lang: str):
        self.agg = aggregation
        self.fw = aggregation.framework
        self.pictures = {p.name: p for p in pictures}
        self.lang = lang

    def t(self, key: str, **values: object) -> str:
        return text(key, self.lang, **values)

    def label(self, score: int | None) -> str:
        return self.fw.levels[score].label.get(self.lang) if score is not None else self.t("report.not_answered")

    def item_label(self, item_id: str) -> str:
        item = self.fw.item(item_id)
        if isinstance(item, Component):
            cluster = self.fw.cluster_of(item_id)
            return f"{item.id} {item.kind.label.get(self.lang)} – {cluster.name.get(self.lang)}"
        assert isinstance(item, Competence)
        return f"{item.id} {item.text.get(self.lang)}".replace("\n", " ")

    def level_cell(self, programme_id: str, item_id: str) -> dict[str, Any]:
        cell = self.agg.cell(programme_id, item_id)
        score = cell.consensus
        return {
            "text": f"{score} {self.label(score)}" if score is not None else "– " + self.label(None),
            "css": f"lv{score}" if score is not None else "na",
            "spread": f"±{cell.spread}" if len(cell.scores) > 1 and cell.spread else "",
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

    def prompt_text(self, prompt: Prompt, kind: str) -> str:
        scores = ", ".join(str(s) for s in prompt.detail)
        item = self.item_label(prompt.item_id)
        if kind == "ambition":
            assert prompt.programme is not None  # ambition prompts are per programme
            current, ambition = prompt.detail
            return f"{prompt.programme.name.get(self.lang)} · {item}: {self.label(current)} → {self.label(ambition)}"
        if prompt.programme is not None:
            return f"{prompt.programme.name.get(self.lang)} · {item} ({self.t('html.prompts.scores')}: {scores})"
        per_programme = ", ".join(
            f"{p.short.get(self.lang)} {consensus}"
            for p in self.agg.programmes
            if (consensus := self.agg.cell(p.id, prompt.item_id).consensus) is not None
        )
        return f"{item} ({per_programme})"

    def prompts(self, limit: int = 12) -> list[dict[str, Any]]:
        ids = [x.id for x in self.fw.components] + [x.id for x in self.fw.competences]
        blocks = [
            ("html.prompts.within", within_programme_disagreements(self.agg, ids, DISAGREEMENT), "within"),
            ("html.prompts.between", between_programme_disagreements(self.agg, ids, DISAGREEMENT), "between"),
            ("html.prompts.ambition", ambition_gaps(self.agg, ids, DISAGREEMENT), "ambition"),
        ]
        return [
            {"title": self.t(key, levels=DISAGREEMENT), "entries": [self.prompt_text(p, kind) for p in found[:limit]]}
            for key, found, kind in blocks
        ]

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
                        diff = f" ({ambition - current:+d})" if current is not None and ambition is not None else ""
                        values.append(f"{self.label(current)} → {self.label(ambition)}{diff}")
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
                }
            )
        return sections

    def summary_rows(self) -> list[dict[str, Any]]:
        rows = []
        for summary in self.agg.group_summaries(self.fw.clusters):
            rows.append(
                {
                    "name": f"{summary.group_id}. {summary.name}",
                    "means": [
                        "–" if m is None else f"{m:.2f}" for m in (summary.means[p.id] for p in self.agg.programmes)
                    ],
                    "share": "–" if summary.share_at_least is None else f"{summary.share_at_least:.0%}",
                    "lowest": summary.lowest_count,
                    "unanswered": summary.unanswered_count,
                }
            )
        return rows

    def context(self) -> dict[str, Any]:
        levels = self.fw.levels
        lowest, highest = levels[0].label.get(self.lang), levels[-1].label.get(self.lang)
        threshold = levels[self.agg.threshold].label.get(self.lang)
        t = {name: self.t(key) for name, key in TEXT_KEYS.items()}
        t["share"] = self.t("report.summary.share", threshold=threshold)
        t["lowest_count"] = self.t("report.summary.lowest", lowest=lowest)
        t["marked"] = self.t("html.consensus.marked", levels=DISAGREEMENT)
        others = []
        for name, rows in (
            (PICTURE_CONSENSUS, None),
            (PICTURE_AMBITIONS, None),
            (PICTURE_COMPETENCES, self.rows(self.fw.competences, short=False)),
        ):
            picture = self.picture(name)
            if picture is not None:
                others.append({**picture, "rows": rows})
        overview = [p for p in (self.picture(PICTURE_COMPONENTS), self.picture(PICTURE_CLUSTERS)) if p]
        clusters = self.cluster_sections() if self.agg.programmes else []
        contents = [("leeswijzer", t["guide_heading"])]
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
            "data_note": self.t(
                "report.data_of",
                date=self.agg.data_date or "-",
                count=len(self.agg.submissions),
                programmes=len(self.agg.programmes),
            ),
            "t": t,
            "contents": contents,
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
            "footer": self.t("html.footer", version=__version__, framework=self.fw.id, fw_version=self.fw.version),
        }


def render_html(aggregation: Aggregation, pictures: Sequence[Any] = (), lang: str = "nl") -> str:
    """The report as one HTML document (a string), the rendered pictures embedded in it."""
    return render_template("report.html.j2", _ReportBuilder(aggregation, pictures, lang).context())
