"""Write a positions aggregate: CSV files, positions.xlsx, heatmaps and report.html."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import xlsxwriter

from curriculum_map import __version__
from curriculum_map.core.problems import counts_as_failure, problem_cells
from curriculum_map.core.report_files import (
    ADDED_CSV,
    EXPECTATIONS_CSV,
    PICTURE_POSITION_CLUSTERS,
    PICTURE_POSITION_COMPETENCES,
    POSITIONS_XLSX,
    PROBLEMS_CSV,
    REPORT_HTML,
    RESPONSES_CSV,
)
from curriculum_map.core.texts import text
from curriculum_map.framework.model import Framework
from curriculum_map.positions.aggregate import CLASSES, PositionsAggregation, aggregate_positions
from curriculum_map.positions.reader import read_positions_workbook
from curriculum_map.render.csv import PROBLEM_COLUMNS, problem_rows, write_rows
from curriculum_map.render.html import level_styles, picture_markup, problem_entries, render_template
from curriculum_map.render.output import atomic_path, run_folder
from curriculum_map.render.xlsx_style import row_height
from curriculum_map.workbook.ingest import read_workbooks

RESPONSE_COLUMNS = (
    "file", "sheet", "cell", "organisation", "respondent", "item_id", "position", "label", "score",
    "position_id", "value", "own_choice", "respondent_role", "respondent_date", "language",
)  # fmt: skip
EXPECTATION_COLUMNS = ("item_id", "position", "position_id", "answered", "expecting", "share", "essential", "class")
ADDED_COLUMNS = ("file", "sheet", "cell", "respondent", "component_id", "competence", "positions", "own_choice")
CLASS_COLOURS = {
    "consensus-expected": "#225ea8", "majority-expected": "#7fcdbb", "discuss": "#fdb863",
    "majority-not-expected": "#edf8b1", "consensus-not-expected": "#ffffff", "too-few": "#d9d9d9",
}  # fmt: skip


@dataclass(frozen=True)
class PositionsResult:
    aggregation: PositionsAggregation
    written: list[Path]

    @property
    def clean(self) -> bool:
        return not counts_as_failure(self.aggregation.problems)


def run_positions_aggregate(
    inputs: Sequence[Path],
    framework: Framework,
    out_dir: Path,
    lang: str = "nl",
    min_respondents: int = 3,
    jobs: int | None = None,
    pictures: bool = True,
    on_progress: Callable[[Any, int], None] | None = None,
) -> PositionsResult:
    """Read positions workbooks, aggregate them and write every output into `out_dir` (one run's files)."""
    with run_folder(out_dir, "positions") as run:
        ingest = read_workbooks(
            inputs, framework, jobs=jobs, reader=read_positions_workbook, on_progress=on_progress, exclude=[out_dir]
        )
        aggregation = aggregate_positions(ingest.readings, framework, ingest.problems)
        writer = _Writer(aggregation, lang, min_respondents)
        rendered = []
        if pictures and aggregation.used:
            from curriculum_map.render.pictures import render

            rendered = [render(picture, run.staging, ("png",)) for picture in writer.pictures()]
        outputs = [
            (RESPONSES_CSV, lambda p: write_rows(p, RESPONSE_COLUMNS, writer.response_rows())),
            (PROBLEMS_CSV, lambda p: write_rows(p, PROBLEM_COLUMNS, problem_rows(aggregation.problems, lang))),
            (EXPECTATIONS_CSV, lambda p: write_rows(p, EXPECTATION_COLUMNS, writer.expectation_rows())),
            (ADDED_CSV, lambda p: write_rows(p, ADDED_COLUMNS, writer.added_rows())),
            (POSITIONS_XLSX, writer.write_xlsx),
            (REPORT_HTML, lambda p: p.write_text(writer.html(rendered), encoding="utf-8")),
        ]
        for name, write in outputs:
            with atomic_path(run.path(name)) as temporary:
                write(temporary)
        run.publish()
        written = [out_dir / name for name, _ in outputs]
        written += [out_dir / path.name for picture in rendered for path in picture.paths]
        return PositionsResult(aggregation, written)


class _Writer:
    def __init__(self, aggregation: PositionsAggregation, lang: str, min_respondents: int):
        self.agg = aggregation
        self.fw = aggregation.framework
        self.lang = lang
        self.min_respondents = min_respondents

    def t(self, key: str, **values: object) -> str:
        return text(key, self.lang, **values)

    def share_text(self, share: float | None) -> str:
        return "–" if share is None else f"{share:.0%}"

    def alpha_text(self, alpha: float | None) -> str:
        return "–" if alpha is None else f"{alpha:.2f}"

    def data_note(self) -> str:
        return self.t("positions.report.data_of", date=self.agg.data_date or "-", count=len(self.agg.used))

    def rule(self) -> str:
        return self.t("positions.report.rule", low=self.fw.expectations[1].label.get(self.lang))

    # -- rows -----------------------------------------------------------------------------------

    def response_rows(self):
        default = self.fw.default_language
        names = {p.id: p.name.get(default) for p in self.fw.positions}
        for reading in self.agg.used:
            for a in reading.answers:
                yield (
                    reading.file,
                    a.sheet,
                    a.cell,
                    reading.organisation,
                    reading.respondent.name,
                    a.item_id,
                    names[a.position_id],
                    a.level.label.get(default),
                    a.level.score,
                    a.position_id,
                    a.raw,
                    a.own_choice,
                    reading.respondent.role,
                    reading.respondent.date,
                    reading.language,
                )

    def expectation_rows(self):
        for competence in self.fw.competences:
            for position in self.fw.positions:
                cell = self.agg.cell(competence.id, position.id)
                share = "" if cell.share is None else round(cell.share, 4)
                essential = sum(score == self.fw.expectations[-1].score for score in cell.scores)
                yield (
                    competence.id,
                    position.name.get(self.fw.default_language),
                    position.id,
                    cell.answered,
                    cell.expecting,
                    share,
                    essential,
                    cell.consensus,
                )

    def added_rows(self):
        names = {p.id: p.name.get(self.lang) for p in self.fw.positions}
        for added in self.agg.added:
            choices = "; ".join(f"{names[pid]}: {level.label.get(self.lang)}" for pid, level in added.own.choices)
            yield (
                added.file,
                added.own.sheet,
                added.own.cell,
                added.respondent,
                added.own.component_id,
                added.own.text,
                choices,
                added.own.own_choice,
            )

    # -- xlsx -----------------------------------------------------------------------------------

    def write_xlsx(self, path: Path) -> None:
        wb = xlsxwriter.Workbook(
            str(path), {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
        )
        title = wb.add_format({"bold": True, "font_size": 14, "font_color": "#1f3b57"})
        note = wb.add_format({"italic": True, "font_color": "#404040"})
        header = wb.add_format({"bold": True, "bg_color": "#e7e6e6", "border": 1, "text_wrap": True, "valign": "top"})
        cell = wb.add_format({"border": 1, "text_wrap": True, "valign": "top"})
        percent = wb.add_format({"border": 1, "num_format": "0%", "valign": "top"})
        number = wb.add_format({"border": 1, "num_format": "0.00", "valign": "top"})
        classes = {
            c: wb.add_format(
                {
                    "border": 1,
                    "bg_color": colour,
                    "valign": "top",
                    "font_color": "#ffffff" if c == "consensus-expected" else "#000000",
                }
            )
            for c, colour in CLASS_COLOURS.items()
        }

        def sheet(key: str, heading: str, remark: str, columns: Sequence[tuple[str, float]]):
            ws = wb.add_worksheet(self.t(key))
            ws.write_string(0, 0, heading, title)
            ws.write_string(1, 0, remark, note)
            for col, (label, width) in enumerate(columns):
                ws.write_string(3, col, label, header)
                ws.set_column(col, col, width)
            ws.freeze_panes(4, 0)
            ws.set_landscape()
            ws.fit_to_pages(1, 0)
            return ws

        positions = self.fw.positions
        columns = [(self.t("column.id"), 7), (self.t("column.competence"), 60)]
        for position in positions:
            columns += [
                (f"{position.name.get(self.lang)}: {self.t('positions.column.share')}", 12),
                (f"{position.name.get(self.lang)}: {self.t('positions.column.class')}", 20),
            ]
        ws = sheet(
            "positions.sheet.expectations",
            self.t("positions.report.title"),
            self.data_note() + " " + self.rule(),
            columns,
        )
        for r, competence in enumerate(self.fw.competences, start=4):
            statement = competence.text.get(self.lang)
            ws.write_string(r, 0, competence.id, cell)
            ws.write_string(r, 1, statement, cell)
            ws.set_row(r, row_height([(statement, 60)], 13))
            for j, position in enumerate(positions):
                expectation = self.agg.cell(competence.id, position.id)
                if expectation.share is None:
                    ws.write_blank(r, 2 + 2 * j, None, cell)
                else:
                    ws.write_number(r, 2 + 2 * j, expectation.share, percent)
                ws.write_string(r, 3 + 2 * j, self.t(f"class.{expectation.consensus}"), classes[expectation.consensus])

        columns = [(self.t("column.cluster"), 44), (self.t("column.component"), 16)]
        columns += [(p.name.get(self.lang), 14) for p in positions]
        ws = sheet(
            "positions.sheet.profiles", self.t("positions.sheet.profiles"), self.t("positions.profile.note"), columns
        )
        r = 4
        for cluster in self.fw.clusters:
            for component in cluster.components:
                ids = [x.id for x in component.competences]
                ws.write_string(r, 0, f"{cluster.id}. {cluster.name.get(self.lang)}", cell)
                ws.write_string(r, 1, f"{component.id} {component.kind.label.get(self.lang)} ({len(ids)})", cell)
                for j, position in enumerate(positions):
                    ws.write_number(r, 2 + j, self.agg.profile(position.id, ids), cell)
                r += 1

        ws = sheet(
            "positions.sheet.agreement",
            self.t("positions.sheet.agreement"),
            self.t("positions.alpha.note"),
            [(self.t("column.cluster"), 50), (self.t("positions.column.alpha"), 18)],
        )
        rows = [(self.t("positions.alpha.overall"), self.agg.alpha)]
        rows += [(f"{c.id}. {c.name.get(self.lang)}", self.agg.alpha_per_cluster.get(c.id)) for c in self.fw.clusters]
        for r, (label, alpha) in enumerate(rows, start=4):
            ws.write_string(r, 0, label, cell)
            if alpha is None:
                ws.write_string(r, 1, "–", cell)
            else:
                ws.write_number(r, 1, alpha, number)

        ws = sheet(
            "positions.sheet.prompts",
            self.t("positions.sheet.prompts"),
            self.t("positions.prompts.note"),
            [
                (self.t("column.id"), 7),
                (self.t("column.competence"), 70),
                (self.t("positions.column.disagreement"), 14),
            ],
        )
        for r, (item_id, score) in enumerate(self.agg.most_disagreement(), start=4):
            ws.write_string(r, 0, item_id, cell)
            ws.write_string(r, 1, self.fw.item(item_id).text.get(self.lang), cell)
            ws.write_number(r, 2, score, number)

        ws = sheet(
            "positions.sheet.added",
            self.t("positions.sheet.added"),
            "",
            [
                (self.t(f"report.column.{k}") if k in ("file", "respondent") else k, w)
                for k, w in (("file", 28), ("respondent", 20))
            ]
            + [
                (self.t("column.component"), 10),
                (self.t("column.competence"), 60),
                (self.t("positions.column.position"), 40),
                (self.t("column.own_choice"), 30),
            ],
        )
        for r, row in enumerate(self.added_rows(), start=4):
            values = [row[0], row[3], row[4], row[5], row[6], row[7]]
            for col, value in enumerate(values):
                ws.write_string(r, col, str(value), cell)

        ws = sheet(
            "report.sheet.respondents",
            self.t("report.sheet.respondents"),
            self.data_note(),
            [
                (self.t(f"report.column.{k}"), w)
                for k, w in (("respondent", 24), ("role", 18), ("date", 12), ("file", 36), ("answered", 12))
            ],
        )
        for r, person in enumerate(self.agg.respondents, start=4):
            for col, value in enumerate((person.respondent, person.role, person.date, person.file)):
                ws.write_string(r, col, value, cell)
            ws.write_number(r, 4, person.answered, cell)

        ws = sheet(
            "report.sheet.problems",
            self.t("report.sheet.problems"),
            "",
            [
                (self.t(f"report.column.{k}"), w)
                for k, w in (("file", 30), ("sheet", 12), ("cell", 8), ("code", 24), ("severity", 12), ("message", 90))
            ],
        )
        for r, problem in enumerate(self.agg.problems, start=4):
            for col, value in enumerate(problem_cells(problem, self.lang)):
                ws.write_string(r, col, value, cell)
        wb.close()

    # -- pictures -------------------------------------------------------------------------------

    def pictures(self) -> list[Any]:
        from curriculum_map.positions.pictures import SharePainter
        from curriculum_map.render.pictures import A3_PORTRAIT, Grid, competence_rows

        painter = SharePainter(self.fw, self.lang, self.data_note())
        positions = self.fw.positions
        columns = [p.name.get(self.lang).replace(" met ", "\nmet ") for p in positions]
        clusters = self.fw.clusters
        values = np.full((len(clusters), len(positions)), np.nan)
        for i, cluster in enumerate(clusters):
            ids = [x.id for k in cluster.components for x in k.competences]
            for j, position in enumerate(positions):
                shares = [s for s in (self.agg.cell(item, position.id).share for item in ids) if s is not None]
                if shares:
                    values[i, j] = float(np.mean(shares))
        texts = [[self.share_text(None if np.isnan(v) else v) for v in row] for row in values]
        labels = ["\n".join(textwrap.wrap(f"{c.id}. {c.name.get(self.lang)}", 44)) for c in clusters]
        first = painter.share_picture(
            PICTURE_POSITION_CLUSTERS,
            self.t("positions.heatmap.clusters"),
            Grid(values, texts, labels, columns),
            (11.69, 6.5),
            9,
        )
        competences = self.fw.competences
        values = np.full((len(competences), len(positions)), np.nan)
        for i, competence in enumerate(competences):
            for j, position in enumerate(positions):
                share = self.agg.cell(competence.id, position.id).share
                if share is not None:
                    values[i, j] = share
        texts = [[self.share_text(None if np.isnan(v) else v) for v in row] for row in values]
        labels, groups = competence_rows(self.fw, self.lang)
        second = painter.share_picture(
            PICTURE_POSITION_COMPETENCES,
            self.t("positions.heatmap.competences"),
            Grid(values, texts, labels, columns, groups),
            A3_PORTRAIT,
            6.2,
            22,
        )
        return [first, second]

    # -- html -----------------------------------------------------------------------------------

    def html(self, pictures: Sequence[Any]) -> str:
        show_individuals = len(self.agg.used) >= self.min_respondents
        positions = [p.name.get(self.lang) for p in self.fw.positions]
        names = {p.id: p.name.get(self.lang) for p in self.fw.positions}
        clusters = []
        for cluster in self.fw.clusters:
            rows = []
            for component in cluster.components:
                for competence in component.competences:
                    cells = []
                    for position in self.fw.positions:
                        expectation = self.agg.cell(competence.id, position.id)
                        cells.append(
                            {
                                "text": f"{self.share_text(expectation.share)} · "
                                f"{self.t(f'class.{expectation.consensus}')}",
                                "css": expectation.consensus,
                            }
                        )
                    rows.append(
                        {
                            "label": f"{competence.id} {competence.text.get(self.lang)}".replace("\n", " "),
                            "cells": cells,
                        }
                    )
            clusters.append(
                {
                    "id": cluster.id,
                    "heading": f"{self.t('column.cluster')} {cluster.id}. {cluster.name.get(self.lang)}",
                    "alpha": self.alpha_text(self.agg.alpha_per_cluster.get(cluster.id)),
                    "rows": rows,
                }
            )
        prompts = []
        for item_id, score in self.agg.most_disagreement():
            entry = {
                "label": f"{item_id} {self.fw.item(item_id).text.get(self.lang)}".replace("\n", " "),
                "score": f"{score:.2f}",
                "answers": [],
            }
            if show_individuals:
                for reading in self.agg.used:
                    chosen = {
                        a.position_id: a.level.label.get(self.lang) for a in reading.answers if a.item_id == item_id
                    }
                    entry["answers"].append(
                        {
                            "respondent": reading.respondent.name,
                            "choices": [chosen.get(p.id, "–") for p in self.fw.positions],
                        }
                    )
            prompts.append(entry)
        profiles = []
        for cluster in self.fw.clusters:
            ids = [x.id for k in cluster.components for x in k.competences]
            profiles.append(
                {
                    "label": f"{cluster.id}. {cluster.name.get(self.lang)} ({len(ids)})",
                    "counts": [self.agg.profile(p.id, ids) for p in self.fw.positions],
                }
            )
        context = {
            "lang": self.lang,
            "version": __version__,
            "title": self.t("positions.report.title"),
            "data_note": self.data_note(),
            "rule": self.rule(),
            "levels": level_styles(self.fw, self.lang),
            "na_colour": "#d9d9d9",
            "positions": positions,
            "class_colours": CLASS_COLOURS,
            "classes": [(c, self.t(f"class.{c}")) for c in CLASSES],
            "privacy": "" if show_individuals else self.t("positions.privacy", minimum=self.min_respondents),
            "alpha": self.alpha_text(self.agg.alpha),
            "alpha_note": self.t("positions.alpha.note"),
            "clusters": clusters,
            "prompts": prompts,
            "prompts_note": self.t("positions.prompts.note"),
            "profiles": profiles,
            "profile_note": self.t("positions.profile.note"),
            "added": [
                {
                    "component": a.own.component_id,
                    "text": a.own.text,
                    "respondent": a.respondent if show_individuals else "",
                    "choices": "; ".join(f"{names[pid]}: {lv.label.get(self.lang)}" for pid, lv in a.own.choices),
                    "own_choice": a.own.own_choice,
                }
                for a in self.agg.added
            ],
            "respondents": [{"respondent": p.respondent, "role": p.role, "date": p.date} for p in self.agg.respondents]
            if show_individuals
            else [],
            "respondent_count": len(self.agg.used),
            "problems": problem_entries(self.agg.problems, self.lang),
            "pictures": [{"svg": picture_markup(p), "title": p.title} for p in pictures],
            "t": {
                k: self.t(v)
                for k, v in {
                    "agreement": "positions.sheet.agreement",
                    "prompts": "positions.sheet.prompts",
                    "profiles": "positions.sheet.profiles",
                    "added": "positions.sheet.added",
                    "added_none": "positions.added.none",
                    "respondents": "html.respondents",
                    "problems": "html.problems",
                    "problems_none": "html.problems.none",
                    "competence": "column.competence",
                    "alpha": "positions.column.alpha",
                    "overall": "positions.alpha.overall",
                    "individual": "positions.individual",
                    "respondent": "report.column.respondent",
                    "role": "report.column.role",
                    "date": "report.column.date",
                    "file": "report.column.file",
                    "cell": "report.column.cell",
                    "code": "report.column.code",
                    "severity": "report.column.severity",
                    "message": "report.column.message",
                    "component": "column.component",
                    "own_choice": "column.own_choice",
                    "position": "positions.column.position",
                    "disagreement": "positions.column.disagreement",
                    "legend": "html.legend",
                    "cluster": "column.cluster",
                }.items()
            },
            "footer": self.t("html.footer", version=__version__, framework=self.fw.id, fw_version=self.fw.version),
        }
        return render_template("positions.html.j2", context)
