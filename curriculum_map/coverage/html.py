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
from curriculum_map.core.problems import sheet_ref
from curriculum_map.core.report_files import (
    COURSE_MAP_CSV,
    COVERAGE_XLSX,
    LEARNING_LINES_CSV,
    PICTURE_AMBITIONS,
    PICTURE_CLUSTERS,
    PICTURE_COMPETENCES,
    PICTURE_COMPONENTS,
    PICTURE_CONSENSUS,
    PICTURE_LEARNING_LINES,
    PROMPTS_CSV,
    ROSTER_CSV,
    picture_stem,
)
from curriculum_map.core.texts import interface_note, text, text_list
from curriculum_map.core.version import __version__
from curriculum_map.coverage.aggregate import Aggregation
from curriculum_map.coverage.courses import CourseMap, year_label
from curriculum_map.coverage.findings import PROMPT_KINDS, Findings
from curriculum_map.coverage.labels import Wording, cluster_pages, component_pages, data_note, map_pages, page_stem
from curriculum_map.framework.model import Competence, Component
from curriculum_map.render.html import level_styles, picture_markup, problem_entries, render_template
from curriculum_map.workbook.courses import fold
from curriculum_map.workbook.roster import RosterStatus

TEXT_KEYS = {
    "contents": "html.contents", "guide_heading": "html.guide.heading", "legend": "html.legend",
    "not_answered": "report.not_answered", "overview": "html.overview", "table": "html.table",
    "components": "html.components", "gaps": "html.gaps",
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
    "card_response": "html.card.response", "learning_lines": "html.learning_lines", "roster": "html.roster",
    "roster_all": "html.roster.all", "roster_response": "html.roster.column.response",
    "roster_missing": "html.roster.column.missing", "roster_double": "html.roster.column.double",
    "roster_strangers": "html.roster.column.strangers", "roster_doubles": "html.roster.doubles",
    "roster_stranger_list": "html.roster.strangers", "unmatched": "html.learning_lines.unmatched",
    "unmatched_intro": "html.learning_lines.unmatched_intro", "unmatched_none": "html.learning_lines.unmatched_none",
    "written": "html.learning_lines.written", "read_as": "html.learning_lines.read_as",
    "where": "html.learning_lines.where", "lines_none": "html.learning_lines.none",
}  # fmt: skip


class _ReportBuilder(Wording):
    def __init__(
        self,
        aggregation: Aggregation,
        pictures: Sequence[Any],
        lang: str,
        courses: CourseMap | None = None,
        roster: RosterStatus | None = None,
        findings: Findings | None = None,
    ):
        super().__init__(aggregation, lang, roster, findings)
        self.pictures = {p.name: p for p in pictures}
        self.courses = courses

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
                note = self.t("html.prompts.all", total=text("count.prompts", self.lang, count=len(found)), **where)
            blocks.append(
                {
                    "title": self.t(f"html.prompts.{kind}", levels=self.agg.disagreement),
                    "entries": [self.prompt_text(p, kind) for p in found[:limit]],
                    "note": note if found else "",
                }
            )
        return blocks

    # -- clusters -----------------------------------------------------------------------------------

    def cluster_sections(self) -> list[dict[str, Any]]:
        target = self.fw.scale.label(self.fw.scale.target, self.lang)
        sections = []
        notes_by_item: dict[str, list] = {}
        for note in self.agg.notes:
            notes_by_item.setdefault(note.item_id, []).append(note)
        for cluster in self.fw.clusters:
            ids = [k.id for k in cluster.components] + [x.id for k in cluster.components for x in k.competences]
            not_practised, not_covered, _ = self.agg.gap_items(ids)
            gaps = [f"{self.item_label(i)}: {self.t('html.gap.not_covered')}" for i in not_covered]
            gaps += [
                f"{self.item_label(i)}: {self.t('html.gap.not_practised', target=target)}"
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
                    "name": f"{summary.group_id}. {summary.name.get(self.lang)}",
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

    # -- learning lines and response (aggregate --courses, --roster) ---------------------------------

    def learning_lines(self) -> dict[str, Any] | None:
        """The learning-line section: the picture(s), a table per programme behind them, the names not on the list."""
        if self.courses is None:
            return None
        stem = picture_stem(PICTURE_LEARNING_LINES, self.lang)
        pictures = [
            found
            for name in sorted(self.pictures, key=lambda n: (len(n), n))
            if name == stem or name.startswith(f"{stem}-")
            if (found := self.picture(name)) is not None
        ]
        in_files = self.t(
            "html.learning_lines.in_files",
            xlsx=COVERAGE_XLSX,
            course_map=self.t("report.sheet.course_map"),
            lines=self.t("report.sheet.learning_lines"),
            map_csv=COURSE_MAP_CSV,
            lines_csv=LEARNING_LINES_CSV,
        )
        unmatched = self.unmatched()
        # on paper (for focus groups) the names are counted, not listed: they are the coordinator's to fix
        not_printed = (
            self.t(
                "html.learning_lines.not_printed",
                names=text("count.names", self.lang, count=len(unmatched)),
                xlsx=COVERAGE_XLSX,
                sheet=self.t("report.sheet.problems"),
            )
            if unmatched
            else ""
        )
        return {
            "intro": text_list("html.learning_lines.intro", self.lang),
            "pictures": pictures,
            "empty": not self.courses.lines,
            "in_files": in_files,
            "tables": [self.line_table(p) for p in self.courses.programmes(self.agg)],
            "unmatched": unmatched,
            "unmatched_not_printed": not_printed,
        }

    def line_table(self, programme: Any) -> dict[str, Any]:
        """One programme's learning lines: a row per component, per study year its level and course units."""
        assert self.courses is not None
        years = self.courses.years[programme.id]
        line = self.courses.line_of(programme.id)
        rows = []
        for component in self.fw.components:
            cells: list[dict[str, str] | None] = []
            for year in years:
                found = line.get(component.id, {}).get(year)
                cells.append(
                    None
                    if found is None
                    else {
                        "text": f"{found.score} {self.label(found.score)}",
                        "css": f"lv{found.score}",
                        "units": ", ".join(found.codes),
                    }
                )
            rows.append({"label": f"{component.id} {component.kind.label.get(self.lang)}", "cells": cells})
        return {
            "title": self.t("html.learning_lines.table", programme=programme.name.get(self.lang)),
            "years": [year_label(year, self.lang) for year in years],
            "rows": rows,
        }

    def unmatched(self) -> list[dict[str, str]]:
        """Course-unit names typed that are on no list, or were read despite a typo: once per programme and name."""
        assert self.courses is not None
        submissions = {s.file: s for s in self.agg.submissions}
        grouped: dict[tuple[str, str, str], dict[str, Any]] = {}
        for problem in self.courses.problems:
            submission = submissions.get(problem.file)
            programme = submission.programme.name.get(self.lang) if submission else ""
            written = str(problem.params["value"])
            read_as = str(problem.params.get("unit", "")) or self.t("html.learning_lines.not_found")
            entry = grouped.setdefault(
                (programme, fold(written), read_as),
                {"written": written, "programme": programme, "read_as": read_as, "known": "unit" in problem.params,
                 "places": []},
            )  # fmt: skip
            who = submission.respondent if submission else problem.file
            entry["places"].append(f"{who}, {sheet_ref(problem.sheet, problem.cell)}")
        entries = sorted(grouped.values(), key=lambda e: (e["known"], e["programme"], fold(e["written"])))
        return [{**entry, "where": "; ".join(entry["places"])} for entry in entries]

    def roster_section(self) -> dict[str, Any] | None:
        """Response against the roster per programme: answered of asked, missing, double, not on the roster."""
        status = self.roster
        if status is None:
            return None
        names = {p.id: p.name.get(self.lang) for p in self.fw.programmes}
        missing = [p.group for p in status.missing()]
        doubles = status.doubles()
        strangers = [group for _, group, _ in status.strangers]
        rows = []
        for programme in self.fw.programmes:
            answered, asked = status.rate(programme.id)
            if not asked and programme.id not in strangers:
                continue
            rows.append(
                {
                    "programme": names[programme.id],
                    "response": self.response_rate(answered, asked),
                    "missing": missing.count(programme.id),
                    "double": sum(p.group == programme.id for p in doubles),
                    "strangers": strangers.count(programme.id),
                }
            )
        total = {
            "programme": self.t("html.roster.all"),
            "response": self.response_rate(*status.rate()),
            "missing": len(missing),
            "double": len(doubles),
            "strangers": len(strangers),
        }
        return {
            "intro": self.t("html.roster.intro", csv=ROSTER_CSV),
            "rows": rows,
            "total": total,
            "doubles": [f"{p.name} ({names[p.group]}): {', '.join(status.answered[p.respondent_id])}" for p in doubles],
            "strangers": [f"{name} ({names.get(group, group)}): {file}" for file, group, name in status.strangers],
        }

    def notes_not_printed(self) -> str:
        """On paper the problems table lists errors and warnings; the notes are named by number."""
        count = sum(p.severity == "info" for p in self.agg.problems)
        if not count:
            return ""
        notes = text("count.notes", self.lang, count=count)
        return self.t(
            "html.problems.notes_not_printed", notes=notes, xlsx=COVERAGE_XLSX, sheet=self.t("report.sheet.problems")
        )

    def context(self) -> dict[str, Any]:
        scale = self.fw.scale.placeholders(self.lang)
        t = {name: self.t(key) for name, key in TEXT_KEYS.items()}
        t["share"] = self.t("report.summary.share", threshold=scale["threshold"])
        t["gap_none"] = self.t("html.gap.none", target=scale["target"])
        t["lowest_count"] = self.t("report.summary.lowest", lowest=scale["lowest"])
        t["marked"] = self.t("html.consensus.marked", levels=self.agg.disagreement)
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
        learning = self.learning_lines() if self.agg.programmes else None
        roster = self.roster_section()
        contents = [("samenvatting", t["at_a_glance"]), ("leeswijzer", t["guide_heading"])]
        if self.agg.programmes:
            contents += [("overzicht", t["overview"]), ("gesprekspunten", t["prompts"])]
            contents += [(f"cluster-{c['id']}", c["heading"]) for c in clusters]
            contents += [(p["anchor"], p["title"]) for p in others]
        if learning is not None:
            contents.append(("leerlijnen", t["learning_lines"]))
        if roster is not None:
            contents.append(("respons", t["roster"]))
        contents += [("respondenten", t["respondents"]), ("problemen", t["problems"])]
        problems = problem_entries(self.agg.problems, self.lang)
        return {
            "lang": self.lang,
            "version": __version__,
            "title": self.t("report.title", subject=self.fw.subject.get(self.lang)),
            "data_note": " ".join(filter(None, (data_note(self.agg, self.lang), interface_note(self.lang)))),
            "t": t,
            "contents": contents,
            "cards": [self.card(c) for c in self.findings.cards],
            "todo": [self.action(a) for a in self.findings.actions],
            "across": self.across() if self.agg.programmes else [],
            "guide": text_list("html.guide", self.lang, kinds=", ".join(self.fw.kind_labels(self.lang)), **scale),
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
            "learning": learning,
            "roster": roster,
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


def render_html(
    aggregation: Aggregation,
    pictures: Sequence[Any] = (),
    lang: str = "nl",
    courses: CourseMap | None = None,
    roster: RosterStatus | None = None,
    findings: Findings | None = None,
) -> str:
    """The report as one HTML document (a string), the rendered pictures embedded in it.

    With course links it has a section on the learning lines; with a roster, the response per programme.
    """
    builder = _ReportBuilder(aggregation, pictures, lang, courses, roster, findings)
    return render_template("report.html.j2", builder.context())
