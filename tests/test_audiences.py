"""Issue 22: each audience its own page. report.html goes to the focus group (no lecturer's name, no file, no
problem, text at least 12 CSS px on a 1024x768 projector, no accessibility violation); desk.html stays with the
coordinator (names, files, problems). Made as a coordinator makes them: the README's aggregate of the examples
with the roster and the course list, opened in the system Chromium."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from conftest import EXAMPLES, REPO, axe_violations, describe_violations, run

ROSTER = REPO / "examples" / "lijsten" / "lectoren.csv"
COURSES = REPO / "examples" / "lijsten" / "opleidingsonderdelen.csv"


def roster_names() -> list[str]:
    with ROSTER.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";" if ";" in handle.readline() else ","))
    return [row[0] for row in rows if row and row[0]]


def aggregate(out: Path, *options: str) -> Path:
    result = run("aggregate", EXAMPLES, "--out", out, "--roster", ROSTER, "--courses", COURSES, *options)
    assert result.exit_code == 1, result.output  # one example holds deliberate mistakes
    return out


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    return aggregate(tmp_path_factory.mktemp("audiences") / "rapport")


def visible_text(path: Path) -> str:
    import html5lib

    document = html5lib.parse(path.read_text(encoding="utf-8"), namespaceHTMLElements=False)
    for style in document.iter("style"):
        style.text = ""
    return " ".join(" ".join(document.itertext()).split())


def test_the_room_sees_no_name_and_no_file_and_the_desk_sees_them_all(report):
    names = roster_names()
    assert len(names) == 10
    files = [p.name for p in (EXAMPLES).glob("*.xlsx")]
    room, desk = visible_text(report / "report.html"), visible_text(report / "desk.html")
    assert [n for n in names if n in room] == []
    assert [f for f in files if f in room] == []
    for word in ("roster.csv", "coverage.xlsx", "problems.csv", ".csv", "curriculum-map aggregate", "--"):
        assert word not in room, word
    answered = [n for n in names if n in desk]
    assert len(answered) == 10  # who answered (in the table) and whom to remind (in the to-do list)
    assert all(f in desk for f in files)
    assert "invalid-level" in desk  # the coordinator sees the problems with their codes


def test_names_come_into_the_room_only_when_asked_and_only_above_the_minimum(tmp_path):
    # the examples: Orthopedagogie has two respondents, every other programme one
    shown = visible_text(aggregate(tmp_path / "twee", "--show-names", "--min-respondents", "2") / "report.html")
    assert "Bram De Smet" in shown and "Chloë Maes" in shown
    assert "Fatima El Amrani" not in shown and "An Peeters" not in shown  # programmes of one respondent
    shown = visible_text(aggregate(tmp_path / "drie", "--show-names") / "report.html")  # the default minimum, 3
    assert not [n for n in roster_names() if n in shown]


def figure_text_sizes(page) -> list[tuple[str, float]]:
    """(text, CSS px) of every text node inside a figure of the page, as Chromium lays it out."""
    return page.evaluate(
        """() => {
        const found = [];
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        while (walker.nextNode()) {
            const node = walker.currentNode;
            const element = node.parentElement;
            if (!node.textContent.trim() || !element.closest('figure')) continue;
            const box = element.getBoundingClientRect();
            if (box.width === 0 || box.height === 0) continue;
            found.push([node.textContent.trim().slice(0, 40), parseFloat(getComputedStyle(element).fontSize)]);
        }
        return found;
    }"""
    )


@pytest.mark.slow
@pytest.mark.parametrize("size", [(1024, 768), (1366, 768)])
def test_every_figure_text_is_at_least_12_pixels_on_a_projector(report, browser, size, tmp_path):
    page = browser.new_page(viewport={"width": size[0], "height": size[1]})
    page.goto((report / "report.html").as_uri())
    sizes = figure_text_sizes(page)
    assert len(sizes) > 1000  # every map: 27 components and 120 competences x 6 programmes, and their labels
    small = [(text, px) for text, px in sizes if px < 12]
    assert small == []
    # nothing wider than the screen: the maps fit without scrolling sideways
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    page.screenshot(path=str(tmp_path / "first-screen.png"))
    page.close()


@pytest.mark.slow
@pytest.mark.parametrize("name", ["report.html", "desk.html"])
def test_axe_finds_no_violation(report, browser, name):
    page = browser.new_page(viewport={"width": 1024, "height": 768})
    page.goto((report / name).as_uri())
    violations = axe_violations(page)
    page.close()
    assert violations == [], describe_violations(violations)
