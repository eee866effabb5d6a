"""The course map and the learning lines: which course units, in which study year, build which component.

From the course units lecturers picked or typed beside each answer (the column 'Waar komt dit aan
bod?'), matched to the programme's course list. No I/O but the CSV writers.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from curriculum_map.core.problems import Problem
from curriculum_map.coverage.aggregate import Aggregation, programme_of
from curriculum_map.render.csv import write_rows
from curriculum_map.workbook.courses import Courses, CourseUnit

COURSE_MAP_COLUMNS = (
    "programme_id", "programme", "course_code", "course_name", "study_year", "item_id", "item_type", "field",
    "label", "score", "respondent", "file", "sheet", "cell",
)  # fmt: skip
LEARNING_LINE_COLUMNS = ("programme_id", "programme", "item_id", "study_year", "course_codes", "label", "score")


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
class CourseMap:
    links: list[CourseLink]
    problems: list[Problem]  # course units written that are on no list (notes)


def course_map(aggregation: Aggregation, courses: Courses) -> CourseMap:
    """Every counted answer whose evidence names course units, one link per unit; unknown names as notes."""
    links: list[CourseLink] = []
    problems: list[Problem] = []
    for reading in aggregation.used:
        programme = programme_of(reading)
        noted: set[tuple[str, str]] = set()
        for answer in reading.answers:
            if not answer.evidence:
                continue
            units, unknown = courses.match(programme.id, answer.evidence)
            links += [
                CourseLink(programme.id, unit, answer.item_id, answer.item_type, answer.field, answer.level.score,
                           reading.respondent.name, reading.file, answer.sheet, answer.cell)
                for unit in units
            ]  # fmt: skip
            for part in unknown:
                if (answer.item_id, part) not in noted:  # once per row, not per level and ambition
                    noted.add((answer.item_id, part))
                    problems.append(Problem("course-unit-unknown", reading.file, answer.sheet, answer.cell,
                                            {"value": part, "item": answer.item_id}))  # fmt: skip
    return CourseMap(links, problems)


def learning_lines(aggregation: Aggregation, links: list[CourseLink]) -> list[tuple[str, str, str, list[str], int]]:
    """Per programme, component and study year: the course units that address it and the highest current level.

    A competence's link counts for its component, so that the line shows where a component is built.
    """
    framework = aggregation.framework
    lines: dict[tuple[str, str, str], tuple[set[str], int]] = {}
    for link in links:
        if link.field != "level":
            continue
        component = link.item_id if link.item_type == "component" else framework.competence(link.item_id).component_id
        key = (link.programme_id, component, link.unit.year)
        codes, best = lines.get(key, (set(), -1))
        codes.add(link.unit.code or link.unit.name)
        lines[key] = (codes, max(best, link.score))
    order = {p.id: i for i, p in enumerate(framework.programmes)}
    components = {k.id: i for i, k in enumerate(framework.components)}
    return [
        (programme, component, year, sorted(codes), best)
        for (programme, component, year), (codes, best) in sorted(
            lines.items(), key=lambda item: (order[item[0][0]], components[item[0][1]], item[0][2])
        )
    ]


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
    write_rows(path, COURSE_MAP_COLUMNS, rows)


def write_learning_lines_csv(aggregation: Aggregation, links: list[CourseLink], path: Path) -> None:
    framework = aggregation.framework
    default = framework.default_language
    names = {p.id: p.name.get(default) for p in framework.programmes}
    labels = {level.score: level.label.get(default) for level in framework.levels}
    rows = [
        (programme, names[programme], component, year, "; ".join(codes), labels[best], best)
        for programme, component, year, codes, best in learning_lines(aggregation, links)
    ]
    write_rows(path, LEARNING_LINE_COLUMNS, rows)


def by_year(lines: list[tuple[str, str, str, list[str], int]]) -> dict[tuple[str, str], dict[str, int]]:
    """(programme, component) -> study year -> highest level: the learning line as a small table."""
    table: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
    for programme, component, year, _, best in lines:
        table[(programme, component)][year] = best
    return table
