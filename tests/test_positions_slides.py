"""`curriculum-map positions slides`: the consensus conversation's deck, read back from its XML and converted by
LibreOffice Impress; no name, and no number about fewer people than --min-respondents."""

from __future__ import annotations

import csv

import pytest
from deck_inspection import cell_fill, check_deck_rules, check_no_people, notes_text, slide_text, tables

from conftest import EXAMPLES, POSITION_EXAMPLES, run, soffice_convert
from curriculum_map.framework.model import load_framework


def read_csv(path):
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    out = tmp_path_factory.mktemp("posities")
    result = run("positions", "aggregate", str(POSITION_EXAMPLES), "--out", str(out), "--no-pictures", "-q")
    assert result.exit_code == 1, result.output  # one typed answer is no position: named with its cell
    return out


def deck(report, path, *options):
    from pptx import Presentation

    result = run("positions", "slides", str(report), "--out", str(path), *options)
    assert result.exit_code == 0, result.output
    return Presentation(str(path)), result


def titles(presentation):
    return [slide.shapes.title.text_frame.text for slide in presentation.slides]


def conversation(report, organisation):
    """Per cluster id, the competences on an organisation's conversation list, in its order (the report's CSV)."""
    fw = load_framework()
    rows = [r for r in read_csv(report / "position-choices.csv") if r["organisation"] == organisation]
    listed = sorted((r for r in rows if r["conversation_rank"]), key=lambda r: int(r["conversation_rank"]))
    found: dict[str, list[dict[str, str]]] = {}
    for row in listed:
        found.setdefault(fw.cluster_of(row["item_id"]).id, []).append(row)
    return {cluster.id: found[cluster.id] for cluster in fw.clusters if cluster.id in found}


def test_each_organisation_talks_cluster_by_cluster_with_the_spread_of_choices_and_the_proposal(report, tmp_path):
    presentation, result = deck(report, tmp_path / "gesprek.pptx")
    check_deck_rules(presentation)
    fw = load_framework()
    names = titles(presentation)
    # the positions in the framework's own words take a slide and its continuation
    assert names[:5] == ["Welke competenties voor welke positie? – CAW Het Anker, De Vonk vzw", "Wie deed mee?",
                         "De posities", "De posities (vervolg)", "Zo lees je de gespreksdia's"]  # fmt: skip
    assert names[-1] == "Tot slot"
    assert f"{len(names)} dia's geschreven" in result.output
    choices = ["Beginner", "Hulpverlener met ervaring", "Pionier", "Gangmaker", "niet van toepassing"]
    for organisation in ("CAW Het Anker", "De Vonk vzw"):
        start = names.index(f"Gesprek: {organisation}")
        expected = conversation(report, organisation)
        slides = [s for s in presentation.slides if titles_of(s).startswith(f"{organisation}: cluster ")]
        shown: dict[str, list[str]] = {}
        for slide in slides:
            (table,) = tables(slide)
            grid = table.table
            assert [cell.text for cell in grid.rows[0].cells] == [*choices, "Voorstel"]
            cluster = titles_of(slide).split("cluster ", 1)[1].split(".", 1)[0]
            rows = list(grid.rows)[1:]
            for heading, counts in zip(rows[::2], rows[1::2], strict=True):
                item = heading.cells[0].text.split(" ", 1)[0]
                shown.setdefault(cluster, []).append(item)
                row = next(r for r in expected[cluster] if r["item_id"] == item)
                numbers = [cell.text for cell in counts.cells][:5]
                assert numbers == [row[f"count_{c}"] for c in ("beginner", "ervaren", "pionier", "gangmaker", "n/a")]
                assert [cell_fill(cell) == "#ffffff" for cell in counts.cells][:5] == [n == "0" for n in numbers]
                assert counts.cells[5].text == (row["proposal"] or "–")
        assert shown == {cluster: [r["item_id"] for r in rows] for cluster, rows in expected.items()}
        assert names.index(titles_of(slides[0])) == start + 1
    # the notes say each number in words
    first = next(s for s in presentation.slides if titles_of(s).startswith("CAW Het Anker: cluster "))
    line = notes_text(first).splitlines()[0]
    assert "middelste keuze: " in line and " van 3)" in line and "voorstel: " in line
    texts = {x.id: x.text.get("nl") for x in fw.competences}
    item = line.split(" ", 1)[0]
    assert line.startswith(f"{item} {' '.join(texts[item].split())}: ")
    # the positions in the framework's own words, over the slide and its continuation
    positions = " ".join(" ".join(slide_text(presentation.slides[n]).split()) for n in (2, 3))
    assert all(" ".join(p.description.get("nl").split()) in positions for p in fw.positions)


def titles_of(slide):
    return slide.shapes.title.text_frame.text


def test_the_deck_names_nobody_and_no_file(report, tmp_path):
    presentation, _ = deck(report, tmp_path / "gesprek.pptx")
    people = sorted({r["respondent"] for r in read_csv(report / "responses.csv")})
    assert len(people) == 7
    check_no_people(presentation, people, sorted(POSITION_EXAMPLES.glob("*.xlsx")))
    who = slide_text(presentation.slides[1])
    assert "3 respondenten" in who and "4 respondenten" in who


def test_no_numbers_about_fewer_people_than_the_minimum(report, tmp_path):
    presentation, _ = deck(report, tmp_path / "vier.pptx", "--min-respondents", "4")
    check_deck_rules(presentation)
    names = titles(presentation)
    assert not [name for name in names if name.startswith("CAW Het Anker: cluster")]
    assert [name for name in names if name.startswith("De Vonk vzw: cluster")]
    who = slide_text(presentation.slides[1])
    assert "minder dan 4" in who and "3 respondenten" not in who and "4 respondenten" in who
    caw = presentation.slides[names.index("Gesprek: CAW Het Anker")]
    assert "Waar minder dan 4 collega's invulden, tonen we geen aantallen" in slide_text(caw)
    assert not tables(caw)


def test_one_organisations_deck(report, tmp_path):
    presentation, _ = deck(report, tmp_path / "vonk.pptx", "--organisation", "de vonk VZW")
    names = titles(presentation)
    assert names[0] == "Welke competenties voor welke positie? – De Vonk vzw"
    assert "Gesprek: De Vonk vzw" in names and "Gesprek: CAW Het Anker" not in names
    assert any(name.startswith("Cluster 1. ") for name in names)  # one conversation: no organisation in the titles
    assert "CAW" not in "\n".join(slide_text(s) + notes_text(s) for s in presentation.slides)
    result = run("positions", "slides", str(report), "--out", str(tmp_path / "x.pptx"), "--organisation", "Elders")
    assert result.exit_code == 2
    assert result.output == "Fout: 'Elders' staat niet in dit rapport; kies uit: CAW Het Anker, De Vonk vzw\n"
    assert not (tmp_path / "x.pptx").exists()


def test_a_coverage_report_is_no_positions_report(tmp_path):
    coverage = tmp_path / "rapport"
    assert run("aggregate", str(EXAMPLES), "--out", str(coverage), "--no-pictures", "-q").exit_code == 1
    result = run("positions", "slides", str(coverage), "--out", str(tmp_path / "x.pptx"), "--lang", "en")
    assert result.exit_code == 2 and "position-choices.csv: file not found" in result.output


@pytest.mark.libreoffice
def test_libreoffice_shows_one_page_per_slide(report, tmp_path):
    from pypdf import PdfReader

    from pdf_pages import page_texts

    presentation, _ = deck(report, tmp_path / "en.pptx", "--lang", "en")
    assert titles(presentation)[:2] == ["Which competences for which position? – CAW Het Anker, De Vonk vzw",
                                        "Who took part?"]  # fmt: skip
    pdf = soffice_convert(tmp_path / "en.pptx", tmp_path / "pdf", "pdf")
    assert len(PdfReader(pdf).pages) == len(presentation.slides)
    pages = [" ".join(page.split()) for page in page_texts(pdf)]
    assert "Experienced practitioner" in pages[2] and "Proposal" in pages[len(pages) - 2]
