"""`curriculum-map slides`: the focus-group deck, native PowerPoint content read back from its XML, and
converted by LibreOffice Impress as a facilitator's laptop would."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from deck_inspection import (
    cell_fill,
    check_deck_rules,
    check_no_people,
    notes_text,
    roster_names,
    slide_text,
    table_cells,
    tables,
)

from conftest import EXAMPLES, REPO, run, soffice_convert
from curriculum_map.core.palette import NOT_ANSWERED, level_colours
from curriculum_map.coverage.results import load_results
from curriculum_map.framework.model import load_framework

ROSTER = REPO / "examples" / "lijsten" / "lectoren.csv"
WORKBOOKS = sorted((EXAMPLES).glob("*.xlsx"))


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """The examples aggregated with the roster: the report folder knows every lecturer's name."""
    out = tmp_path_factory.mktemp("report")
    result = run("aggregate", str(EXAMPLES), "--out", str(out), "--roster", str(ROSTER), "--no-pictures")
    assert result.exit_code == 1, result.output  # one example holds deliberate mistakes
    return out


@pytest.fixture(scope="module")
def dutch(report, tmp_path_factory):
    from pptx import Presentation

    path = tmp_path_factory.mktemp("deck") / "focusgroep.pptx"
    result = run("slides", str(report), "--out", str(path))
    assert result.exit_code == 0, result.output
    return path, Presentation(str(path)), result


def titles(presentation) -> list[str]:
    return [slide.shapes.title.text_frame.text for slide in presentation.slides]


def test_the_deck_is_short_enough_for_a_meeting_and_in_the_order_of_the_talk(dutch):
    path, presentation, result = dutch
    fw = load_framework()
    assert presentation.slide_width * 9 == presentation.slide_height * 16
    # title, who took part, how to read; a map per focus; per cluster its map and what to talk about; closing
    count = 3 + len(fw.focuses) + 2 * len(fw.clusters) + 1
    assert count == 25
    assert result.stdout.strip().splitlines()[0] == str(path)
    assert f"{count} dia's geschreven" in result.output
    assert titles(presentation) == [
        "Digitale competenties per opleiding: dekking",
        "Wie deed mee?",
        "Zo lees je de kaarten",
        *(f"Focus {f.id}. {f.name.get('nl')}: vandaag" for f in fw.focuses),
        *(
            title
            for c in fw.clusters
            for title in (
                f"Cluster {c.id}. {c.name.get('nl')}",
                f"Om over te praten: cluster {c.id}. {c.name.get('nl')}",
            )
        ),
        "Tot slot",
    ]


def test_every_run_is_18_points_or_more_and_no_slide_is_a_picture(dutch):
    _, presentation, _ = dutch
    check_deck_rules(presentation)
    assert presentation.slides[0].shapes.title.text_frame.paragraphs[0].runs[0].font.size.pt == 40


def test_every_map_is_a_native_table_coloured_by_level_with_its_number_and_legend(dutch, report):
    _, presentation, _ = dutch
    fw = load_framework()
    colours = dict(zip(fw.scale.scores, level_colours(len(fw.levels)), strict=True))
    maps = [s for s in presentation.slides if s.shapes.title.text_frame.text.startswith(("Focus", "Cluster"))]
    assert len(maps) == len(fw.focuses) + len(fw.clusters)
    for slide in maps:
        table, legend = tables(slide)  # the map and the legend under it
        assert slide.shapes[0].shape_type != 13 and table.top < legend.top
        assert [cell.text for cell in legend.table.rows[0].cells] == [
            "0 komt niet aan bod", "1 exemplarisch", "2 goed gekaderd", "3 geoefend", "– geen antwoord",
        ]  # fmt: skip
        for cell in table_cells(slide):
            number = cell.text.split(" ")[0]
            if number.isdigit():  # a score: its level's colour (the range beside it when answers differ)
                assert cell_fill(cell) == colours[int(number)], cell.text
            elif number == "–":
                assert cell_fill(cell) == NOT_ANSWERED
    # cluster 1's map: the programmes' short names over the columns, today then the ambition
    cluster = maps[len(fw.focuses)]
    grid = tables(cluster)[0].table
    assert [cell.text for cell in grid.rows[0].cells][1:] == [p.short.get("nl") for p in fw.programmes]
    rows = [row.cells[0].text for row in grid.rows][1:]
    assert rows == ["Vandaag (huidig niveau)", "kennis", "vaardigheden", "attitudes", "Ambitie", "kennis",
                    "vaardigheden", "attitudes"]  # fmt: skip
    aggregation = load_results(report, fw)
    social = [p.id for p in fw.programmes].index("sociaal-werk") + 1
    expected = aggregation.cell("sociaal-werk", "1.1").consensus
    assert grid.cell(2, social).text == str(expected)


def test_the_notes_say_which_number_is_which(dutch, report):
    _, presentation, _ = dutch
    fw = load_framework()
    aggregation = load_results(report, fw)

    def level(score):
        return f"{score} ({fw.level(score).label.get('nl')})"

    cluster_one = next(s for s in presentation.slides if s.shapes.title.text_frame.text.startswith("Cluster 1."))
    notes = notes_text(cluster_one).splitlines()
    assert notes[0] == "kennis:"
    now = aggregation.cell("sociaal-werk", "1.1").consensus
    ambition = aggregation.cell("sociaal-werk", "1.1", "ambition").consensus
    assert f"Sociaal werk: nu {level(now)}, ambitie {level(ambition)}" in notes
    # Orthopedagogie's two respondents differ: the range of their answers, in words
    assert any(line.startswith("Orthopedagogie: nu ") and "antwoorden van" in line for line in notes)
    cover = notes_text(presentation.slides[0])
    assert "Legende: 0 = komt niet aan bod; 1 = exemplarisch; 2 = goed gekaderd; 3 = geoefend" in cover
    assert "Gegevens van 5 juni 2025; 7 werkmappen van 6 opleidingen." in cover


def test_what_to_talk_about_names_components_and_competences_in_full(dutch):
    _, presentation, _ = dutch
    fw = load_framework()
    slides = [s for s in presentation.slides if s.shapes.title.text_frame.text.startswith("Om over te praten")]
    assert len(slides) == len(fw.clusters)
    texts = {competence.id: competence.text.get("nl") for competence in fw.competences}
    for slide in slides:
        shown = [line for line in slide_text(slide).splitlines()[1:] if line]
        assert 1 <= len(shown) <= 6
        for line in shown:
            assert "…" not in line  # nothing is cut
            item = line.split(" ")[0]
            if item in texts:  # a competence: its whole text from the framework
                assert line.startswith(f"{item} {' '.join(texts[item].split())}:"), line
        notes = notes_text(slide).splitlines()
        more = [line for line in shown if line.startswith("En nog ")]
        if more:  # the rest is in the notes: every point, the ones shown first
            assert notes[0] == shown[0]
    first = slide_text(slides[0])
    differ = "Orthopedagogie, attitudes: de collega's van de opleiding antwoorden verschillend"
    assert f"{differ}, van 0 (komt niet aan bod) tot 3 (geoefend)." in first
    assert "Gezinswetenschappen, kennis: nu 1 (exemplarisch), ambitie 3 (geoefend)." in first


def test_the_deck_names_nobody_and_no_file(dutch, report):
    _, presentation, _ = dutch
    names = roster_names()
    assert "Lies Wuyts" in names and (report / "roster.csv").read_text(encoding="utf-8-sig").count("Lies Wuyts")
    check_no_people(presentation, names, WORKBOOKS)
    who = slide_text(presentation.slides[1])
    assert "2 respondenten" in who and "Orthopedagogie" in who
    assert "%" not in "\n".join(slide_text(s) + notes_text(s) for s in presentation.slides)  # no fill rates


@pytest.mark.libreoffice
def test_libreoffice_shows_one_page_per_slide_with_its_text(report, tmp_path):
    from pypdf import PdfReader

    from pdf_pages import page_texts

    path = tmp_path / "deck.pptx"
    result = run("slides", str(report), "--out", str(path), "--lang", "en")
    assert result.exit_code == 0, result.output
    pdf = soffice_convert(path, tmp_path / "pdf", "pdf")
    fw = load_framework()
    reader = PdfReader(pdf)
    assert len(reader.pages) == 3 + len(fw.focuses) + 2 * len(fw.clusters) + 1
    for page in reader.pages:
        assert abs(float(page.mediabox.width) * 9 - float(page.mediabox.height) * 16) < 16
    pages = [" ".join(page.split()) for page in page_texts(pdf)]  # lines wrap where the slide wraps them
    assert "Digital competences per programme: coverage" in pages[0]
    assert "How to read the maps" in pages[2] and "not addressed" in pages[2]
    assert "Cluster 1. " in pages[3 + len(fw.focuses)] and "Ambition" in pages[3 + len(fw.focuses)]
    if shutil.which("pdftoppm"):  # a slide as a 1024-pixel-wide projector shows it
        subprocess.run(["pdftoppm", "-f", "1", "-l", "1", "-scale-to-x", "1024", "-scale-to-y", "-1", "-png",
                        str(pdf), str(tmp_path / "slide")], check=True, capture_output=True, timeout=60)  # fmt: skip
        assert list(tmp_path.glob("slide*.png"))


def test_a_table_too_long_for_one_slide_continues_on_the_next(tmp_path):
    from pptx import Presentation

    from curriculum_map.render.slides import SlideContent, SlideTable, TableCell, TableSection, write_deck

    rows = tuple((TableCell(f"rij {n} " + "met een lange tekst " * (n % 4)), TableCell(str(n))) for n in range(40))
    sections = (TableSection("Eerste deel", rows[:25]), TableSection("Tweede deel", rows[25:]))
    table = SlideTable((TableCell("Onderdeel"), TableCell("Cijfer")), sections, legend=(TableCell("0 niets"),))
    path = tmp_path / "lang.pptx"
    count = write_deck(path, [SlideContent("Een lange tabel", table=table, notes=("uitleg",))], "Lang", "nl")
    presentation = Presentation(str(path))
    assert count == len(presentation.slides) > 2
    check_deck_rules(presentation)
    assert titles(presentation)[1] == "Een lange tabel (vervolg)"
    shown = []
    for slide in presentation.slides:
        grid = tables(slide)[0].table
        assert [cell.text for cell in grid.rows[0].cells] == ["Onderdeel", "Cijfer"]  # the header on every slide
        shown += [row.cells[1].text for row in grid.rows if row.cells[1].text.isdigit()]
        assert notes_text(slide) == "uitleg"
    assert shown == [str(n) for n in range(40)]  # every row once, in order
    headings = [row.cells[0].text for s in presentation.slides for row in tables(s)[0].table.rows]
    assert "Eerste deel (vervolg)" in headings and headings.count("Tweede deel") == 1


def test_english_deck_and_usage_errors(report, tmp_path):
    from pptx import Presentation

    path = tmp_path / "en.pptx"
    assert run("slides", str(report), "--out", str(path), "--lang", "en").exit_code == 0
    presentation = Presentation(str(path))
    assert titles(presentation)[:3] == ["Digital competences per programme: coverage", "Who took part?",
                                        "How to read the maps"]  # fmt: skip
    assert "Data of 5 June 2025; 7 workbooks from 6 programmes." in notes_text(presentation.slides[0])
    assert presentation.core_properties.language == "en-GB"
    cluster_one = next(s for s in presentation.slides if s.shapes.title.text_frame.text.startswith("Cluster 1."))
    social = next(p for p in load_framework().programmes if p.id == "sociaal-werk").name.get("en")
    lines = notes_text(cluster_one).splitlines()
    assert any(line.startswith(f"{social}: now ") and ", ambition " in line for line in lines), lines
    missing = run("slides", str(tmp_path / "nowhere"), "--out", str(tmp_path / "x.pptx"))
    assert missing.exit_code == 2 and "Fout: " in missing.output and "bestaat niet" in missing.output
    not_a_report = tmp_path / "empty"
    not_a_report.mkdir()
    result = run("slides", str(not_a_report), "--out", str(tmp_path / "x.pptx"), "--lang", "en")
    assert result.exit_code == 2 and result.output.startswith("Error: ") and "responses.csv" in result.output
    assert not (tmp_path / "x.pptx").exists()


def test_a_map_of_many_programmes_continues_with_the_next_programmes(tmp_path):
    """Ten programmes with long names: rather than break a word, the map shows them over several slides."""
    from pptx import Presentation

    from curriculum_map.render.slides import (
        CELL_X,
        SlideContent,
        SlideTable,
        TableCell,
        TableSection,
        text_width,
        write_deck,
    )

    names = [f"Opleidingsnaam{n}" for n in range(10)]
    header = (TableCell(""), *(TableCell(name) for name in names))
    rows = tuple(
        (TableCell(kind), *(TableCell(str(n % 4), centre=True) for n in range(10))) for kind in ("kennis", "attitudes")
    )
    table = SlideTable(header, (TableSection("Cluster", rows),), legend=(TableCell("0 niets"),), even=True)
    path = tmp_path / "breed.pptx"
    write_deck(path, [SlideContent("Een brede kaart", table=table)], "Breed", "nl")
    presentation = Presentation(str(path))
    check_deck_rules(presentation)
    assert len(presentation.slides) > 1
    shown = []
    for slide in presentation.slides:
        grid = tables(slide)[0].table
        assert [row.cells[0].text for row in grid.rows] == ["", "Cluster", "kennis", "attitudes"]
        shown += [cell.text for cell in grid.rows[0].cells][1:]
        for column, cell in list(zip(grid.columns, grid.rows[0].cells, strict=True))[1:]:  # no word is broken
            assert column.width / 914_400 >= text_width(cell.text, 18, bold=True) + 2 * CELL_X, cell.text
    assert shown == names  # every programme once, in order
