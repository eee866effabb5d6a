"""The two pages `aggregate` writes, each for its own readers; self-contained (inline CSS, no scripts, no network).

report.html is for the room: the focus group of lecturers, staff and partners. It tells what the
programmes cover, in words first (the headline findings, a card per programme), then the maps as
coloured tables (text as text: sharp on a projector, searchable, read by screen readers), the
prompts and the clusters. It names no lecturer and no file, shows no problem and no to-do list:
respondents are counted per programme; names appear only when asked for (`NameRule`), never for a
programme with fewer respondents than the minimum.

desk.html is the coordinator's desk: whom to remind, whom to ask to fix which cell, the response per
programme, every respondent with their file, every problem. It is not shared.
Every text goes through Jinja2's autoescaping: a comment typed in a workbook stays text.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from curriculum_map.core.numbers import NOT_A_NUMBER, format_mean, format_range, format_share, format_signed
from curriculum_map.core.palette import NOT_ANSWERED
from curriculum_map.core.problems import sheet_ref
from curriculum_map.core.report_files import COVERAGE_XLSX, PICTURE_COMPETENCES, REPORT_HTML, ROSTER_CSV
from curriculum_map.core.texts import interface_note, text, text_list
from curriculum_map.core.version import __version__
from curriculum_map.coverage.aggregate import Aggregation
from curriculum_map.coverage.courses import CourseMap, year_label
from curriculum_map.coverage.findings import PROMPT_KINDS, Findings, ProgrammeCard
from curriculum_map.coverage.labels import Wording, data_note, map_pages, page_stem
from curriculum_map.framework.model import Competence, Component
from curriculum_map.render.html import hyphenated, level_styles, problem_entries, render_template
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
    "overview_caption": "html.overview.caption", "competence_maps": "html.competence_maps",
    "respondent_count": "html.respondent_count", "table_word": "html.table_word",
}  # fmt: skip


@dataclass(frozen=True)
class NameRule:
    """Whether the shared report names respondents: only when asked, and never for a programme with fewer
    respondents than `minimum` (a name there would say who gave which answer)."""

    show: bool = False
    minimum: int = 3

    def allows(self, respondents: int) -> bool:
        return self.show and respondents >= self.minimum


NO_NAMES = NameRule()


class _ReportBuilder(Wording):
    def __init__(
        self,
        aggregation: Aggregation,
        lang: str,
        courses: CourseMap | None = None,
        roster: RosterStatus | None = None,
        findings: Findings | None = None,
        names: NameRule = NO_NAMES,
    ):
        super().__init__(aggregation, lang, roster, findings)
        self.courses = courses
        self.names = names

    def named(self, programme_id: str) -> bool:
        """Whether the room may see the names of this programme's respondents."""
        return self.names.allows(self.agg.respondent_count(programme_id))

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

    def prompts(self, limit: int = 12) -> list[dict[str, Any]]:
        blocks = []
        for kind in PROMPT_KINDS:
            found = self.findings.prompts[kind]
            note = self.t("html.prompts.shown_room", shown=limit, total=len(found)) if len(found) > limit else ""
            blocks.append(
                {
                    "title": self.t(f"html.prompts.{kind}", levels=self.agg.disagreement),
                    "entries": [self.prompt_text(p, kind) for p in found[:limit]],
                    "note": note,
                }
            )
        return blocks

    # -- the first screen: the findings in words ------------------------------------------------------

    def mean_words(self, mean: float | None) -> str:
        """'1,7 – tussen exemplarisch en goed gekaderd': a mean score with the level words it lies between."""
        if mean is None:
            return NOT_A_NUMBER
        low, high = math.floor(mean), math.ceil(mean)
        number = format_mean(mean, self.lang)
        if low == high:
            return f"{number} – {self.label(low)}"
        return f"{number} – " + self.t("html.between", low=self.label(low), high=self.label(high))

    def level_words(self, score: int | None) -> str:
        """'3 geoefend': a score with its level word."""
        return NOT_A_NUMBER if score is None else f"{score} {self.label(score)}"

    def room_card(self, card: ProgrammeCard) -> dict[str, Any]:
        """A programme at a glance for the room: how many answered, strongest and weakest clusters, ambitions."""
        count = len(card.respondents)
        respondents = text("count.respondents", self.lang, count=count)
        if self.names.allows(count):
            respondents += ": " + ", ".join(card.respondents)

        def cluster(mean: Any) -> str:
            return f"{mean.cluster.id}. {mean.cluster.name.get(self.lang)} ({self.mean_words(mean.mean)})"

        ambitions = [
            self.t(
                "html.card.ambition",
                item=self.item_label(p.item_id).split(" ", 1)[1],
                now=self.level_words(p.detail[0]),
                aim=self.level_words(p.detail[1]),
            )
            for p in card.ambitions
        ]
        return {
            "name": card.programme.name.get(self.lang),
            "respondents": respondents,
            "strongest": [cluster(m) for m in card.strongest],
            "weakest": [cluster(m) for m in card.weakest],
            "ambitions": ambitions,
        }

    def by_cluster(self, item_ids: Sequence[str]) -> list[dict[str, Any]]:
        """Components grouped under their cluster's name: what a reader can find back in the framework."""
        groups: dict[str, dict[str, Any]] = {}
        for item_id in item_ids:
            cluster = self.fw.cluster_of(item_id)
            group = groups.setdefault(
                cluster.id, {"cluster": f"{cluster.id}. {cluster.name.get(self.lang)}", "kinds": []}
            )
            group["kinds"].append(self.item_kind(item_id))
        return [{"cluster": g["cluster"], "names": ", ".join(g["kinds"])} for g in groups.values()]

    def headlines(self) -> list[dict[str, Any]]:
        """The findings across programmes, counted and named: what nobody practises or covers, where they differ."""
        f = self.findings
        scale = self.fw.scale.placeholders(self.lang)
        total = len(self.fw.components)
        lines: list[dict[str, Any]] = []
        if f.not_practised:
            words = self.t(
                "html.headline.not_practised", count=len(f.not_practised), total=total, target=scale["target"]
            )
            lines.append({"text": words, "groups": self.by_cluster(f.not_practised)})
        else:
            lines.append({"text": self.t("html.findings.all_practised", target=scale["target"]), "groups": []})
        if f.not_covered:
            words = self.t("html.headline.not_covered", count=len(f.not_covered), total=total, lowest=scale["lowest"])
            lines.append({"text": words, "groups": self.by_cluster(f.not_covered)})
        words = self.t(
            "html.headline.competences",
            count=f.competences_not_practised,
            total=len(self.fw.competences),
            target=scale["target"],
        )
        lines.append({"text": words, "groups": []})
        if f.most_different:
            prompt = f.most_different[0]
            levels = [
                f"{p.name.get(self.lang)} {self.level_words(consensus)}"
                for p in self.agg.programmes
                if (consensus := self.agg.cell(p.id, prompt.item_id).consensus) is not None
            ]
            item = self.item_label(prompt.item_id).split(" ", 1)[1]
            lines.append(
                {
                    "text": self.t("html.headline.different", item=item),
                    "groups": [{"cluster": "", "names": "; ".join(levels)}],
                }
            )
        else:
            lines.append({"text": self.t("html.findings.no_difference", levels=self.agg.disagreement), "groups": []})
        return lines

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
                    # the room sees who wrote it only when names are asked for and the programme is large enough
                    "respondent": note.respondent
                    if self.names.allows(self.agg.respondent_count(note.programme.id))
                    else "",
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

    def competence_tables(self) -> list[dict[str, Any]]:
        """The competence map as tables, a focus (or part of one) each, as the maps were cut into pages."""
        return [
            {
                "anchor": page_stem(PICTURE_COMPETENCES, page, self.lang),
                "title": page.title(self.t("heatmap.competences"), self.lang),
                "rows": self.rows(page.competences, short=False),
            }
            for page in map_pages(self.fw)
        ]

    # -- learning lines and response (aggregate --courses, --roster) ---------------------------------

    def learning_tables(self) -> list[dict[str, Any]] | None:
        """The learning lines as a table per programme (which course units, in which study year, build what)."""
        if self.courses is None:
            return None
        return [self.line_table(p) for p in self.courses.programmes(self.agg)]

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

    def respondent_counts(self) -> list[dict[str, Any]]:
        """Per programme how many answered (with the roster: of how many asked), and names only where allowed."""
        rows = []
        for programme in self.fw.programmes:
            count = self.agg.respondent_count(programme.id)
            asked = self.roster.rate(programme.id) if self.roster is not None else None
            names = [s.respondent for s in self.agg.submissions if s.programme.id == programme.id]
            rows.append(
                {
                    "programme": programme.name.get(self.lang),
                    "count": count,
                    "response": self.response_rate(*asked) if asked and asked[1] else "",
                    "names": ", ".join(names) if self.names.allows(count) else "",
                }
            )
        return rows

    def common(self) -> dict[str, Any]:
        """What both pages have: language, title, data note, texts, the legend."""
        scale = self.fw.scale.placeholders(self.lang)
        t = {name: self.t(key) for name, key in TEXT_KEYS.items()}
        t["share"] = self.t("report.summary.share", threshold=scale["threshold"])
        t["gap_none"] = self.t("html.gap.none", target=scale["target"])
        t["lowest_count"] = self.t("report.summary.lowest", lowest=scale["lowest"])
        t["marked"] = self.t("html.consensus.marked", levels=self.agg.disagreement)
        levels = level_styles(self.fw, self.lang)
        return {
            "lang": self.lang,
            "version": __version__,
            "title": self.t("report.title", subject=self.fw.subject.get(self.lang)),
            "scale_line": " · ".join(f"{level['score']} {level['label']}" for level in levels),
            "data_note": " ".join(filter(None, (data_note(self.agg, self.lang), interface_note(self.lang)))),
            "t": t,
            "levels": levels,
            "na_colour": NOT_ANSWERED,
            "footer": self.t("html.footer", version=__version__, framework=self.fw.id, fw_version=self.fw.version),
        }

    def room_context(self) -> dict[str, Any]:
        """report.html: for the focus group; no names (unless allowed), no files, no problems, no to-do list."""
        context = self.common()
        t = context["t"]
        scale = self.fw.scale.placeholders(self.lang)
        has_data = bool(self.agg.programmes)
        clusters = self.cluster_sections() if has_data else []
        competences = self.competence_tables() if has_data else []
        learning = self.learning_tables() if has_data else None
        contents = [("samenvatting", t["at_a_glance"]), ("leeswijzer", t["guide_heading"])]
        if has_data:
            contents += [("overzicht", t["overview"]), ("gesprekspunten", t["prompts"])]
            contents += [(f"cluster-{c['id']}", c["heading"]) for c in clusters]
            contents += [(table["anchor"], table["title"]) for table in competences]
        if learning is not None:
            contents.append(("leerlijnen", t["learning_lines"]))
        contents.append(("respondenten", t["respondents"]))
        return {
            **context,
            "contents": contents,
            "headlines": self.headlines() if has_data else [],
            "cards": [self.room_card(c) for c in self.findings.cards],
            "guide": text_list("html.guide", self.lang, kinds=", ".join(self.fw.kind_labels(self.lang)), **scale),
            "programmes": [
                f"{hyphenated(p.name.get(self.lang), self.lang)} (n={self.agg.respondent_count(p.id)})"
                for p in self.agg.programmes
            ],
            "overview_rows": self.rows(self.fw.components, short=False),
            "summary_rows": self.summary_rows() if has_data else [],
            "prompts": self.prompts() if has_data else [],
            "clusters": clusters,
            "competence_tables": competences,
            "learning": learning,
            "learning_intro": text_list("html.learning_lines.intro", self.lang),
            "respondents": self.respondent_counts(),
            "show_names": self.names.show,
            "names_note": self.t("html.names.hidden", minimum=self.names.minimum) if not self.names.show else "",
        }

    def desk_context(self) -> dict[str, Any]:
        """desk.html: for the coordinator; whom to remind, whom to ask to fix which cell, every problem, names."""
        context = self.common()
        learning = self.learning_tables() if self.agg.programmes else None
        return {
            **context,
            "title": self.t("desk.title", subject=self.fw.subject.get(self.lang)),
            "intro": self.t("desk.intro", report=REPORT_HTML, xlsx=COVERAGE_XLSX),
            "todo": [self.action(a) for a in self.findings.actions],
            "cards": [self.card(c) for c in self.findings.cards],
            "roster": self.roster_section(),
            "unmatched": self.unmatched() if learning is not None else None,
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
            "problems": problem_entries(self.agg.problems, self.lang),
            "notes_not_printed": self.notes_not_printed(),
        }


def render_html(
    aggregation: Aggregation,
    lang: str = "nl",
    courses: CourseMap | None = None,
    roster: RosterStatus | None = None,
    findings: Findings | None = None,
    names: NameRule = NO_NAMES,
) -> str:
    """report.html, for the room, as one HTML document (a string): the maps as coloured tables, no names
    unless `names` allows them. With course links it shows the learning lines; with a roster, the response."""
    builder = _ReportBuilder(aggregation, lang, courses, roster, findings, names)
    return render_template("report.html.j2", builder.room_context())


def render_desk(
    aggregation: Aggregation,
    lang: str = "nl",
    courses: CourseMap | None = None,
    roster: RosterStatus | None = None,
    findings: Findings | None = None,
) -> str:
    """desk.html, the coordinator's page: what to do, who answered with which file, every problem."""
    builder = _ReportBuilder(aggregation, lang, courses, roster, findings)
    return render_template("desk.html.j2", builder.desk_context())
