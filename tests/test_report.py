"""Heatmaps, report.html and the comparison between rounds, checked as files and in a real browser."""

from __future__ import annotations

import csv
import re
import shutil
import struct
import subprocess
import uuid
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import html5lib
import pytest

from conftest import EXAMPLES, run

# the competence map is one picture per focus (focus 2, 55 competences, in two parts): a page each
COMPETENCE_MAPS = [
    "heatmap-competenties-1",
    "heatmap-competenties-2-1",
    "heatmap-competenties-2-2",
    "heatmap-competenties-3",
]
PICTURES = ["heatmap-componenten", "heatmap-clusters", *COMPETENCE_MAPS, "heatmap-ambities", "heatmap-consensus"]
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def report_dir(tmp_path_factory, blank_workbooks) -> Path:
    """The examples plus one workbook with hostile comments, aggregated with pictures."""
    from make_examples import fill_workbook

    inputs = tmp_path_factory.mktemp("inputs")
    for path in (EXAMPLES).glob("*.xlsx"):
        shutil.copy(path, inputs / path.name)
    fill_workbook(
        blank_workbooks["gezinswetenschappen"],
        inputs / "Gezinswetenschappen - Mallory.xlsx",
        {
            ("matrix", "1.1", "level"): "geoefend",
            ("matrix", "1.1", "comment"): "<script>alert('x')</script>",
            ("matrix", "1.1", "evidence"): '<img src="https://evil.example/x.png"> & "quotes"',
        },
        {"name": "<b>Mallory</b>"},
    )
    out = tmp_path_factory.mktemp("report")
    result = run("aggregate", str(inputs), "--out", str(out), "--pictures")
    assert result.exit_code == 1, result.output
    return out


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n"), f"{path.name} is not a PNG"
    return struct.unpack(">II", data[16:24])


def test_aggregate_writes_every_picture_as_png(report_dir):
    for name in PICTURES:
        width, height = png_size(report_dir / f"{name}.png")
        assert 1000 < width < 4000 and 500 < height < 4000, (name, width, height)
        assert (report_dir / f"{name}.png").stat().st_size > 30_000
    # every picture, the competence maps too, is landscape: one A4 page or one screen each
    for name in PICTURES:
        width, height = png_size(report_dir / f"{name}.png")
        assert width > height, name
    assert not list(report_dir.glob("heatmap-leerlijnen*"))  # drawn only with course lists (aggregate --courses)


def svg_texts(path: Path) -> list[str]:
    root = ElementTree.parse(path).getroot()
    return ["".join(t.itertext()).strip() for t in root.iter(f"{SVG}text")]


def test_heatmap_command_writes_svg_and_pdf_with_readable_text(report_dir, tmp_path):
    result = run(
        "heatmap", str(report_dir / "responses.csv"), "--out", str(tmp_path), "--format", "svg", "--format", "pdf"
    )
    assert result.exit_code == 0, result.output
    for name in PICTURES:
        pdf = (tmp_path / f"{name}.pdf").read_bytes()
        assert pdf.startswith(b"%PDF") and 10_000 < len(pdf) < 5_000_000
        texts = svg_texts(tmp_path / f"{name}.svg")
        joined = "\n".join(texts)
        assert "Gegevens van 5 juni 2025" in joined, name
        words = " ".join(" ".join(texts).split())  # a header may wrap over lines
        for programme in ("Gezinswet.", "Orthoped.", "Sociaal werk", "Toeg. psych."):
            assert programme in words, (name, programme)
    overview = svg_texts(tmp_path / "heatmap-componenten.svg")
    assert "Dekking per opleiding en component (huidig niveau)" in overview
    for label in (
        "0 = komt niet aan bod",
        "1 = exemplarisch",
        "2 = goed gekaderd",
        "3 = geoefend",
        "– = niet beantwoord",
        "1.1 kennis",
        "9.3 attitudes",
    ):
        assert label in overview
    cell_texts = [t for t in overview if t in {"0", "1", "2", "3", "–"}]
    assert len(cell_texts) == 27 * 6  # every cell shows its score as text
    consensus = svg_texts(tmp_path / "heatmap-consensus.svg")
    assert "respondenten 2+ niveaus uit elkaar" in consensus
    # the spread is the range of the answers, explained in the legend, never "±"
    assert "1 (0–3)" in consensus and not any("±" in t for t in consensus)
    assert "1 (0–3) = mediaan 1, antwoorden van 0 tot 3" in consensus
    competences = svg_texts(tmp_path / "heatmap-competenties-3.svg")
    assert any(t.startswith("9.3.3 nieuwe technologie") for t in competences)


def test_heatmap_command_usage_errors(tmp_path):
    missing = run("heatmap", str(tmp_path), "--out", str(tmp_path / "x"))
    assert missing.exit_code == 2 and missing.output.startswith("Fout: ") and "responses.csv" in missing.output
    bad = tmp_path / "responses.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    result = run("heatmap", str(bad), "--out", str(tmp_path / "x"))
    assert result.exit_code == 2 and "kolommen ontbreken" in result.output


def parse(path: Path):
    return html5lib.parse(path.read_text(encoding="utf-8"), namespaceHTMLElements=False)


def test_report_html_has_every_section_and_no_network(report_dir):
    html = (report_dir / "report.html").read_text(encoding="utf-8")
    document = parse(report_dir / "report.html")
    ids = {e.get("id") for e in document.iter() if e.get("id")}
    expected = {"samenvatting", "leeswijzer", "overzicht", "gesprekspunten", "respondenten"}
    expected |= {f"cluster-{i}" for i in range(1, 10)}
    expected |= set(COMPETENCE_MAPS)  # the competence maps, as tables
    assert expected <= ids
    assert not ids & {"te-doen", "problemen"}  # the coordinator's: desk.html
    assert not list(document.iter("img"))  # the maps are tables: text as text, no picture to shrink
    assert len(list(document.iter("table"))) >= 9 * 2 + 4
    assert not list(document.iter("script"))
    assert not list(document.iter("link"))
    assert not re.search(r"https?://|//[a-z0-9.-]+\.[a-z]{2,}/", html.replace("https://evil.example", "")), (
        "the report names a network address"
    )
    for element in document.iter():
        for attribute in ("src", "href"):
            value = element.get(attribute)
            assert value is None or value.startswith(("#", "data:")), (element.tag, value)
    text = " ".join(document.itertext())
    assert "Gesprekspunten" in text and "Leeswijzer" in text
    assert "goed gekaderd" in text
    assert "Toegepaste psychologie - Gert Jacobs.xlsx" not in text  # no file, no problem, no name
    assert "Gert Jacobs" not in text and "Mallory" not in text
    assert "Pedagogie van het jonge kind" in text
    desk = " ".join(parse(report_dir / "desk.html").itertext())
    assert "Toegepaste psychologie - Gert Jacobs.xlsx" in desk  # the problems are listed for the coordinator
    assert "@page" in html and "A4" in html


@pytest.mark.parametrize("page", ["report.html", "desk.html"])
def test_typed_markup_stays_text(report_dir, page):
    html = (report_dir / page).read_text(encoding="utf-8")
    assert "<script>alert" not in html and "<b>Mallory" not in html and '<img src="https' not in html
    document = parse(report_dir / page)
    typed_images = [img for img in document.iter("img") if not img.get("src", "").startswith("data:image/png")]
    assert not list(document.iter("script")) and not typed_images and not list(document.iter("b"))
    text = " ".join(document.itertext())
    if page == "report.html":  # the comment, without who wrote it
        assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html and "<script>alert('x')</script>" in text
        assert "Mallory" not in text
    else:  # the name, in the respondents' table
        assert "<b>Mallory</b>" in text


def test_prompts_name_disagreements_and_ambitions(report_dir):
    document = parse(report_dir / "report.html")
    section = next(e for e in document.iter("section") if e.get("id") == "gesprekspunten")
    items = ["".join(li.itertext()) for li in section.iter("li")]
    assert any(item.startswith("Orthopedagogie · ") for item in items)  # the two respondents who disagree
    assert any("→" in item for item in items)  # ambition far above current


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def test_report_renders_in_headless_chromium(report_dir, tmp_path):
    browser = chromium()
    if browser is None:
        pytest.skip("Chromium is not installed")
    screenshot = tmp_path / "report.png"
    profile = tmp_path / f"profile-{uuid.uuid4().hex}"
    subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={profile}",
            "--window-size=1280,2000",
            f"--screenshot={screenshot}",
            (report_dir / "report.html").as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    import matplotlib.image

    pixels = matplotlib.image.imread(screenshot)
    assert pixels.shape[0] >= 1000 and pixels.shape[1] >= 1000
    colours = {tuple(p) for p in (pixels[::7, ::7, :3] * 255).astype(int).reshape(-1, 3)}
    assert len(colours) > 50, "the screenshot is (nearly) blank"
    assert pixels[:, :, :3].std() > 0.05


def changed_round(source: Path, target: Path, changes: dict[tuple[str, str], str]) -> None:
    """Next year's round: the same workbooks, with some answers changed by the lecturers."""
    import openpyxl

    target.mkdir()
    for path in source.glob("*.xlsx"):
        wb = openpyxl.load_workbook(path)
        ws = wb["Matrix"]
        for row in range(8, ws.max_row + 1):
            key = (path.name, str(ws.cell(row, 1).value))
            if key in changes:
                ws.cell(row, 4).value = changes[key]
        wb.save(target / path.name)


def test_compare_shows_growth(fill, tmp_path):
    fill(
        "sociaal-werk",
        "Sociaal werk.xlsx",
        {
            ("matrix", "1.1", "level"): "exemplarisch",
            ("matrix", "1.2", "level"): "geoefend",
            ("matrix", "1.3", "level"): "goed gekaderd",
        },
        {"name": "Els"},
    )
    folder = tmp_path / "in"
    changed_round(
        folder,
        tmp_path / "in2",
        {
            ("Sociaal werk.xlsx", "1.1"): "geoefend",
            ("Sociaal werk.xlsx", "1.2"): "exemplarisch",
            ("Sociaal werk.xlsx", "2.1"): "goed gekaderd",
        },
    )
    for name, source in (("old", folder), ("new", tmp_path / "in2")):
        assert run("aggregate", str(source), "--out", str(tmp_path / name), "--no-pictures").exit_code == 0
    result = run("compare", str(tmp_path / "old"), str(tmp_path / "new"), "--out", str(tmp_path / "growth"))
    assert result.exit_code == 0, result.output
    assert "1 keer hoger, 1 keer lager, 1 keer gelijk" in result.output
    with (tmp_path / "growth" / "changes.csv").open(encoding="utf-8-sig") as handle:
        rows = {(r["item_id"], r["field"]): r for r in csv.DictReader(handle)}
    assert rows[("1.1", "level")]["change"] == "up" and rows[("1.1", "level")]["old_score"] == "1"
    assert rows[("1.2", "level")]["change"] == "down"
    assert rows[("1.3", "level")]["change"] == "same"
    assert rows[("2.1", "level")]["change"] == "new" and rows[("2.1", "level")]["old_label"] == ""
    png_size(tmp_path / "growth" / "heatmap-groei.png")
    document = parse(tmp_path / "growth" / "compare.html")
    assert next(e for e in document.iter("section") if e.get("id") == "groei") is not None
    cells = ["".join(td.itertext()) for td in document.iter("td")]
    assert "hoger (+2)" in cells and "lager (-2)" in cells and "nieuw" in cells
    assert not list(document.iter("script"))
