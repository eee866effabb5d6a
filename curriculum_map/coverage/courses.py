"""The course map and the learning lines: which course units, in which study year, build which component.

From the course units lecturers picked or typed beside each answer (the column 'Waar komt dit aan
bod?'), matched to the programme's course list. The links are computed once per run (`course_map`) and
handed to every output that shows them: the CSV files here, coverage.xlsx, the picture and report.html.
No I/O but the CSV writers.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from curriculum_map.core.problems import Problem
from curriculum_map.core.tables import table
from curriculum_map.core.texts import text
from curriculum_map.coverage.aggregate import Aggregation, programme_of
from curriculum_map.framework.model import Programme
from curriculum_map.render.csv import write_table
from curriculum_map.workbook.courses import Courses, CourseUnit


@dataclass(frozen=True)
class CourseLink:
    """One answer that names a course unit: the unit builds the item at this level (per this respondent)."""

    programme_id: str
    unit: CourseUnit
    item_id: str
    item_type: str
    field: str
    score: int
    respondent: str
    file: str
    sheet: str
    cell: str


@dataclass(frozen=True)
class LearningLine:
    """Where one programme builds one component in one study year: the units named and the highest current level."""

    programme_id: str
    component_id: str
    year: str
    units: tuple[CourseUnit, ...]
    score: int

    @property
    def codes(self) -> list[str]:
        return [unit.code or unit.name for unit in self.units]


@dataclass(frozen=True)
class CourseMap:
    """The course links of one aggregation, computed once and handed to every output that shows them."""

    links: list[CourseLink]
    problems: list[Problem]  # course units written that are on no list, or read despite a typo (notes)
    lines: list[LearningLine]  # per programme, component and study year, in the framework's order
    years: dict[str, tuple[str, ...]]  # programme id -> the study years of its course units, in order

    def programmes(self, aggregation: Aggregation) -> list[Programme]:
        """The programmes with a learning line to show: they answered and have course units on the list."""
        return [p for p in aggregation.programmes if self.years.get(p.id)]

    def line_of(self, programme_id: str) -> dict[str, dict[str, LearningLine]]:
        """One programme's learning lines: component id -> study year -> line."""
        table: dict[str, dict[str, LearningLine]] = defaultdict(dict)
        for line in self.lines:
            if line.programme_id == programme_id:
                table[line.component_id][line.year] = line
        return table

    def summary(self) -> CourseMap:
        """Without the per-answer links and notes: what the pictures need, small to send to a worker process."""
        return CourseMap([], [], self.lines, self.years)


def course_map(aggregation: Aggregation, courses: Courses) -> CourseMap:
    """Every counted answer whose evidence names course units, one link per unit; unknown and guessed names as notes."""
    links: list[CourseLink] = []
    problems: list[Problem] = []
    for reading in aggregation.used:
        programme = programme_of(reading)
        noted: set[tuple[str, str]] = set()
        for answer in reading.answers:
            if not answer.evidence:
                continue
            found = courses.match(programme.id, answer.evidence)
            links += [
                CourseLink(programme.id, unit, answer.item_id, answer.item_type, answer.field, answer.level.score,
                           reading.respondent.name, reading.file, answer.sheet, answer.cell)
                for unit in found.units
            ]  # fmt: skip
            notes: list[tuple[str, str, dict[str, str]]] = [("course-unit-unknown", part, {}) for part in found.unknown]
            notes += [("course-unit-guessed", part, {"unit": unit.label()}) for part, unit in found.guessed]
            for code, part, values in notes:
                if (answer.item_id, part) not in noted:  # once per row, not per level and ambition
                    noted.add((answer.item_id, part))
                    problems.append(Problem(code, reading.file, answer.sheet, answer.evidence_cell or answer.cell,
                                            {"value": part, "item": answer.item_id, **values}))  # fmt: skip
    years = {group: study_years(courses.of_group(group)) for group in dict.fromkeys(u.group for u in courses.units)}
    return CourseMap(links, problems, learning_lines(aggregation, links), years)


def study_years(units: list[CourseUnit]) -> tuple[str, ...]:
    """The study years of some course units as the list writes them, in reading order (1, 2, ..., 10; 'fase 2')."""
    return tuple(sorted({u.year for u in units}, key=_year_order))


def year_label(year: str, lang: str) -> str:
    """A study year as a heading: 'Jaar 2' for a number, the list's own words otherwise ('Fase 2')."""
    if not year:
        label = text("learning.no_year", lang)
    else:
        label = text("learning.year", lang, year=year) if year.isdigit() else year
    return label[:1].upper() + label[1:]


def _year_order(year: str) -> tuple[bool, int, str]:
    number = re.search(r"\d+", year)
    return (not year, int(number.group()) if number else 0, year)  # a unit without a year last


def learning_lines(aggregation: Aggregation, links: list[CourseLink]) -> list[LearningLine]:
    """Per programme, component and study year: the course units that address it and the highest current level.

    A competence's link counts for its component, so that the line shows where a component is built.
    """
    framework = aggregation.framework
    found: dict[tuple[str, str, str], tuple[dict[CourseUnit, None], int]] = {}
    for link in links:
        if link.field != "level":
            continue
        component = link.item_id if link.item_type == "component" else framework.competence(link.item_id).component_id
        key = (link.programme_id, component, link.unit.year)
        units, best = found.get(key, ({}, -1))
        units[link.unit] = None
        found[key] = (units, max(best, link.score))
    order = {p.id: i for i, p in enumerate(framework.programmes)}
    components = {k.id: i for i, k in enumerate(framework.components)}
    lines = [
        LearningLine(programme, component, year, tuple(sorted(units, key=lambda u: (u.code, u.name))), best)
        for (programme, component, year), (units, best) in found.items()
    ]
    return sorted(
        lines, key=lambda line: (order[line.programme_id], components[line.component_id], _year_order(line.year))
    )


def write_course_map_csv(aggregation: Aggregation, links: list[CourseLink], path: Path) -> None:
    framework = aggregation.framework
    default = framework.default_language
    names = {p.id: p.name.get(default) for p in framework.programmes}
    labels = {level.score: level.label.get(default) for level in framework.levels}
    rows = [
        (link.programme_id, names[link.programme_id], link.unit.code, link.unit.name, link.unit.year, link.item_id,
         link.item_type, link.field, labels[link.score], link.score, link.respondent, link.file, link.sheet, link.cell)
        for link in links
    ]  # fmt: skip
    write_table(path, table("course_map"), rows)


def write_learning_lines_csv(aggregation: Aggregation, lines: list[LearningLine], path: Path) -> None:
    framework = aggregation.framework
    default = framework.default_language
    names = {p.id: p.name.get(default) for p in framework.programmes}
    labels = {level.score: level.label.get(default) for level in framework.levels}
    rows = [
        (line.programme_id, names[line.programme_id], line.component_id, line.year, "; ".join(line.codes),
         labels[line.score], line.score)
        for line in lines
    ]  # fmt: skip
    write_table(path, table("learning_lines"), rows)
