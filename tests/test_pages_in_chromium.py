"""The pages people open together, in the system Chromium at a projector's 1024x768: the positions report's
figures read from the back of the room (no figure text under 12 CSS pixels), and axe-core finds no violation
(best practices included) on the positions report, compare.html and trend.html (issue 22)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import POSITION_EXAMPLES, axe_violations, describe_violations, run

PROJECTOR = {"width": 1024, "height": 768}
SMALLEST_TEXT = 12  # CSS pixels

# Per SVG text element of a figure: its text, the height of its box and its font size, both in CSS pixels.
FIGURE_TEXTS = """() => Array.from(document.querySelectorAll('figure svg text')).map(t => {
    const box = t.getBoundingClientRect();
    const scale = t.getScreenCTM().a;
    return {text: t.textContent, height: box.height, font: parseFloat(getComputedStyle(t).fontSize) * scale};
})"""
SCROLLING = """() => Array.from(document.querySelectorAll('*'))
    .filter(e => e.scrollWidth > e.clientWidth + 1 && ['auto', 'scroll'].includes(getComputedStyle(e).overflowX))
    .map(e => [e.className, e.tabIndex])"""


@pytest.fixture(scope="module")
def positions_report(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("posities")
    result = run("positions", "aggregate", str(POSITION_EXAMPLES), "--out", str(out))
    assert result.exit_code == 1, result.output  # one typed answer is no position: named with its cell
    return out


def open_page(browser, path: Path):
    page = browser.new_page(viewport=PROJECTOR)
    page.goto(path.as_uri())
    return page


def test_every_figure_text_is_at_least_12_pixels_at_1024_by_768(browser, positions_report, tmp_path):
    page = open_page(browser, positions_report / "report.html")
    try:
        figures = page.locator("figure svg")
        # a consensus map per cluster (cluster 5 in three parts, cluster 2 in two) and the profiles
        assert figures.count() == 13
        texts = page.evaluate(FIGURE_TEXTS)
        assert len(texts) > 500  # the labels, counts and legends are text, not drawn shapes
        smallest = min(texts, key=lambda t: t["height"])
        assert smallest["height"] >= SMALLEST_TEXT, smallest
        assert min(t["font"] for t in texts) >= SMALLEST_TEXT
        assert {"4.2.1 leren werken met de online tools die in", "stippellijn = geen meerderheid"} <= {
            t["text"] for t in texts
        }
        # every figure at its own size: none wider than the page, none shrunk
        widths = page.evaluate("() => Array.from(document.querySelectorAll('figure svg')).map(s => s.clientWidth)")
        assert max(widths) <= PROJECTOR["width"]
        page.screenshot(path=str(tmp_path / "first-screen.png"))
        figures.nth(4).screenshot(path=str(tmp_path / "figure.png"))
    finally:
        page.close()
    # and copies for e-mail, one per figure
    assert len(list(positions_report.glob("posities-*.png"))) == 13


def test_the_positions_report_has_no_axe_violation(browser, positions_report):
    page = open_page(browser, positions_report / "report.html")
    try:
        assert page.locator("main").count() == 1
        violations = axe_violations(page)
        assert violations == [], describe_violations(violations)
        # the tables behind the figures, opened: still none, and whatever scrolls takes the keyboard's focus
        page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
        violations = axe_violations(page)
        assert violations == [], describe_violations(violations)
        assert all(tab_index >= 0 for _, tab_index in page.evaluate(SCROLLING))
    finally:
        page.close()


def test_what_staff_read_has_no_command_file_name_or_code(browser, positions_report):
    page = open_page(browser, positions_report / "report.html")
    try:
        shown = page.inner_text("body")
    finally:
        page.close()
    for technical in ("curriculum-map", "--", ".csv", ".xlsx", "show-names", "invalid-position-suggestion"):
        assert technical not in shown, technical
    assert "Ilias Bouzid" not in shown  # the file with the problem carries a name
    assert "een werkmap van De Vonk vzw" in shown and '"Pionir" is geen positie uit de lijst' in shown
    assert "Laat de fouten in 1 werkmap verbeteren (zie Problemen)." in shown


@pytest.fixture(scope="module")
def rounds(tmp_path_factory) -> dict[str, Path]:
    """compare.html and trend.html of the examples and the same workbooks two years later."""
    from make_rounds import make_rounds

    root = tmp_path_factory.mktemp("rondes")
    inboxes = make_rounds(root / "inbox")
    reports = root / "rapporten"
    for label in ("2024-2025", "2026-2027"):
        folder = inboxes[label][0].parent
        result = run("aggregate", str(folder), "--out", str(reports / label), "--round", label, "--no-pictures")
        assert result.exit_code == 1, result.output  # the examples hold deliberate mistakes
    history = reports / "curriculum-map.sqlite"
    assert run("history", "trend", "--history", str(history), "--out", str(root / "trend")).exit_code == 0
    compared = run("compare", str(reports / "2024-2025"), str(reports / "2026-2027"), "--out", str(root / "groei"))
    assert compared.exit_code == 0, compared.output
    return {"compare": root / "groei" / "compare.html", "trend": root / "trend" / "trend.html"}


@pytest.mark.parametrize("name", ["compare", "trend"])
def test_compare_and_trend_have_no_axe_violation(browser, rounds, name):
    page = open_page(browser, rounds[name])
    try:
        assert page.locator("main").count() == 1
        violations = axe_violations(page)
        assert violations == [], describe_violations(violations)
    finally:
        page.close()


def test_the_change_map_of_compare_reads_on_a_projector(browser, rounds):
    """compare.html shows its change map as a table: text as text, 12 CSS px or more at 1024x768, no sideways scroll."""
    from test_audiences import figure_text_sizes

    page = browser.new_page(viewport={"width": 1024, "height": 768})
    page.goto(rounds["compare"].as_uri())
    sizes = figure_text_sizes(page)
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    page.close()
    assert len(sizes) > 27 * 2
    assert [(text, px) for text, px in sizes if px < 12] == []
    assert overflow <= 0
