"""`curriculum-map slides`: a 16:9 deck for the focus group, opened as LibreOffice Impress opens it."""

from __future__ import annotations

import pytest

from conftest import REPO, run, soffice_convert
from curriculum_map.framework.model import load_framework
from pdf_pages import drawn_images, page_texts


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    assert run("aggregate", str(REPO / "examples"), "--out", str(out), "--no-pictures").exit_code == 1
    return out


def deck(report, path, *options: str):
    result = run("slides", str(report), "--out", str(path), *options)
    assert result.exit_code == 0, result.output
    return result


def test_slides_are_16_9_with_a_picture_each_and_the_tables_in_the_notes(report, tmp_path):
    from pptx import Presentation

    result = deck(report, tmp_path / "focusgroep.pptx")
    clusters = len(load_framework().clusters)
    count = 3 + clusters + 2  # title, who responded, overview; a slide per cluster; agreement, ambition
    assert result.stdout.strip().splitlines()[0] == str(tmp_path / "focusgroep.pptx")
    assert f"{count} dia's geschreven" in result.output
    presentation = Presentation(str(tmp_path / "focusgroep.pptx"))
    assert presentation.slide_width * 9 == presentation.slide_height * 16
    titles = []
    for slide in presentation.slides:
        pictures = [shape for shape in slide.shapes if shape.shape_type == 13]  # MSO_SHAPE_TYPE.PICTURE
        assert len(pictures) == 1
        picture = pictures[0]
        assert (picture.width, picture.height) == (presentation.slide_width, presentation.slide_height)
        width, height = picture.image.size
        assert (width, height) == (2000, 1125)  # drawn at 16:9, not an A4 picture shrunk
        titles.append(picture._element.nvPicPr.cNvPr.get("descr"))
    assert titles[:3] == [
        "Digitale competenties per opleiding: dekking",
        "Wie heeft geantwoord?",
        "Dekking per opleiding en component (huidig niveau)",
    ]
    assert titles[3] == "Cluster 1. Aandacht hebben voor en bevorderen van digitale inclusie"
    assert titles[-2:] == ["Eensgezindheid binnen de opleidingen", "Huidig niveau en ambitie per opleiding"]
    notes = [slide.notes_slide.notes_text_frame.text for slide in presentation.slides]
    assert "Gegevens van 2025-06-05; 7 werkmappen van 6 opleidingen." in notes[0]
    assert "Orthopedagogie\tBram De Smet" in notes[1]
    overview = notes[2].splitlines()
    assert overview[0].split("\t")[1:] == [
        "Gezinswet.", "Orthoped.", "Ped. jonge kind", "Readapt. wet.", "Sociaal werk", "Toeg. psych.",
    ]  # fmt: skip
    assert overview[3].startswith("1.3 attitudes\t") and "1 (0–3)" in overview[3]  # the range, never ±
    assert "Gesprekspunten:" in notes[3] and "Orthopedagogie · 1.3 attitudes" in notes[3]


@pytest.mark.libreoffice
def test_libreoffice_shows_one_page_per_slide_each_with_its_16_9_picture(report, tmp_path):
    deck(report, tmp_path / "deck.pptx", "--lang", "en")
    pdf = soffice_convert(tmp_path / "deck.pptx", tmp_path / "pdf", "pdf")
    pages = drawn_images(pdf)
    assert len(pages) == 3 + len(load_framework().clusters) + 2
    for number, pictures in enumerate(pages, start=1):
        assert len(pictures) == 1, (number, pictures)
        width, height = pictures[0]
        assert width * 9 == height * 16, (number, width, height)
    from pypdf import PdfReader

    for page in PdfReader(pdf).pages:
        assert abs(float(page.mediabox.width) * 9 - float(page.mediabox.height) * 16) < 16
    assert all(not text.strip() for text in page_texts(pdf))  # the words are in the pictures (and notes)


def test_english_deck_and_usage_errors(report, tmp_path):
    from pptx import Presentation

    deck(report, tmp_path / "en.pptx", "--lang", "en")
    presentation = Presentation(str(tmp_path / "en.pptx"))
    first = presentation.slides[0]
    assert first.shapes[0]._element.nvPicPr.cNvPr.get("descr") == "Digital competences per programme: coverage"
    assert "Data of 2025-06-05; 7 workbooks from 6 programmes." in first.notes_slide.notes_text_frame.text
    assert presentation.core_properties.language == "en-GB"
    missing = run("slides", str(tmp_path / "nowhere"), "--out", str(tmp_path / "x.pptx"))
    assert missing.exit_code == 2 and "Fout: " in missing.output and "bestaat niet" in missing.output
    not_a_report = tmp_path / "empty"
    not_a_report.mkdir()
    result = run("slides", str(not_a_report), "--out", str(tmp_path / "x.pptx"), "--lang", "en")
    assert result.exit_code == 2 and result.output.startswith("Error: ") and "responses.csv" in result.output
    assert not (tmp_path / "x.pptx").exists()
