"""A large framework reads well: every map in pictures of legible rows, report.html a few megabytes.

The framework is generated (tests/large_framework.py): 283 competences in 48 components, 12 clusters,
3 focuses, 10 programmes with long names and long short names.
"""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from curriculum_map.coverage.labels import COMPONENT_ROWS, MAP_ROWS, cluster_pages, component_pages, map_pages
from curriculum_map.framework.model import Cluster, Competence, load_framework
from curriculum_map.render.pages import pages
from curriculum_map.render.pictures import DPI, LINE_SPACING, MIN_FONT
from large_framework import random_answers, random_choices, write_large_framework
from make_examples import fill_positions_workbook, fill_workbook

MIN_PIXELS = MIN_FONT * DPI / 72  # the smallest text of any picture, in pixels of its PNG
REPORT_BYTES = 5_000_000  # report.html of 283 competences and 10 programmes (it was 11 MB)


@pytest.fixture(scope="module")
def large(tmp_path_factory) -> Path:
    return write_large_framework(tmp_path_factory.mktemp("large") / "groot.yaml")


def png_size(path: Path) -> tuple[int, int]:
    width, height = struct.unpack(">II", path.read_bytes()[16:24])
    return width, height


def test_pages_keep_every_row_once_in_order_and_within_the_limit(large):
    framework = load_framework(large)
    assert len(framework.competences) == 283 and len(framework.programmes) == 10
    for unit, limit in (("competences", MAP_ROWS), ("components", COMPONENT_ROWS), ("clusters", 5)):
        found = pages(framework, unit, limit)
        rows = [row.id for page in found for row in page.rows]
        everything = {"competences": framework.competences, "components": framework.components}.get(
            unit, framework.clusters
        )
        assert rows == [row.id for row in everything], unit
        assert all(0 < len(page.rows) <= limit for page in found), unit
        for page in found:  # a page never mixes focuses
            focuses = {r.focus_id if isinstance(r, Cluster) else framework.cluster_of(r.id).focus_id for r in page.rows}
            assert page.focus is not None and focuses == {page.focus.id}
    # cluster 6 holds 48 competences, more than a page: it is cut between its components (6.1 | 6.2-6.4)
    parts = [page for page in map_pages(framework) if any(c.id.startswith("6.") for c in page.competences)]
    assert [p.suffix for p in parts] == ["-2-1", "-2-2"] and all(len(p.competences) <= MAP_ROWS for p in parts)
    assert {c.component_id for c in parts[0].competences if c.id.startswith("6.")} == {"6.1"}
    assert all(isinstance(c, Competence) for p in parts for c in p.rows)


def test_the_builtin_framework_keeps_its_pictures(framework):
    """27 components and 9 clusters: one picture each; the competence map per focus as it always was."""
    assert [p.suffix for p in component_pages(framework)] == [""]
    assert [p.suffix for p in cluster_pages(framework)] == [""]
    assert [p.suffix for p in map_pages(framework)] == ["-1", "-2-1", "-2-2", "-3"]


@pytest.mark.slow  # about 20 seconds: 12 workbooks of 283 rows read, 19 pictures drawn twice
def test_a_large_framework_gives_legible_pictures_and_a_small_report(large, tmp_path):
    from curriculum_map.coverage.pictures import render_pictures
    from curriculum_map.coverage.report import run_aggregate
    from curriculum_map.coverage.template import write_templates

    framework = load_framework(large)
    blank = write_templates(framework, tmp_path / "blank")
    inputs = tmp_path / "in"
    inputs.mkdir()
    for workbook in blank.workbooks:
        for n in range(2 if workbook.programme.id in ("programme-1", "programme-10") else 1):
            answers = random_answers(framework, f"{workbook.programme.id}/{n}")
            fill_workbook(workbook.path, inputs / f"{workbook.programme.id}-{n}.xlsx", answers, {"name": f"R{n}"})
    out = tmp_path / "report"
    result = run_aggregate([inputs], framework, out, pictures=True)
    assert result.clean, [p.code for p in result.problems][:5]

    pictures = sorted(out.glob("*.png"))
    expected = (
        len(map_pages(framework)) + 3 * len(component_pages(framework)) + len(cluster_pages(framework))
    )  # competences; components, ambitions, agreement; clusters
    assert len(pictures) == expected == 9 + 3 * 3 + 1
    for path in pictures:  # none taller or wider than an A4 landscape page at DPI
        width, height = png_size(path)
        assert width <= 11.7 * DPI and height <= 8.3 * DPI, (path.name, width, height)
    size = (out / "report.html").stat().st_size
    assert size < REPORT_BYTES, size
    print(f"report.html: {size / 1e6:.1f} MB with {len(pictures)} pictures")

    # what the painter decided, measured on each picture: no text below MIN_FONT, no row lower than its text
    for picture in render_pictures(result.aggregation, None, formats=(), embed=None):
        assert picture.legibility is not None, picture.name
        assert picture.legibility.font >= MIN_PIXELS - 0.01, (picture.name, picture.legibility)
        assert picture.legibility.row >= picture.legibility.font * LINE_SPACING, (picture.name, picture.legibility)


def test_the_positions_pictures_of_a_large_framework_are_in_pages(large, tmp_path):
    from curriculum_map.positions.maps import CLUSTER_ROWS, cluster_maps
    from curriculum_map.positions.pictures import FONT, draw_pictures
    from curriculum_map.positions.report import PositionsReportOptions, run_positions_aggregate
    from curriculum_map.positions.template import write_positions_template
    from curriculum_map.render.pictures import legibility

    framework = load_framework(large)
    blank = write_positions_template(framework, tmp_path / "blank", "Organisatie")
    inputs = tmp_path / "in"
    inputs.mkdir()
    for n in range(3):
        fill_positions_workbook(blank, inputs / f"p{n}.xlsx", random_choices(framework, f"p{n}"), {"name": f"P{n}"})
    result = run_positions_aggregate([inputs], framework, tmp_path / "out", PositionsReportOptions(pictures=False))
    pictures = draw_pictures(result.aggregation, "nl")
    maps = cluster_maps(framework)
    # a map per cluster, a large cluster in parts between components, a component too large in even parts
    assert [p.name for p in pictures] == [m.name for m in maps] + ["posities-profielen"]
    assert len(maps) > len(framework.clusters) and all(len(m.competences) <= CLUSTER_ROWS for m in maps)
    assert sum(len(m.competences) for m in maps) == len(framework.competences)
    for picture in pictures:
        measured = legibility(picture.figure)
        # no text is made smaller to fit: each picture is as tall as its rows need
        assert measured is not None and measured.font >= FONT * DPI / 72 - 0.01, (picture.name, measured)
        assert measured.row >= measured.font * LINE_SPACING, (picture.name, measured)
