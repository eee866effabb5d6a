"""`staff slides` and `sector slides`: the team conversation's and the sector meeting's decks, built from the
organisation workflow of tests/test_organisation.py (a roster, personal workbooks filled with openpyxl, read
back), read back from their XML and converted by LibreOffice Impress; no name anywhere, a withheld count in words."""

from __future__ import annotations

import pytest
from deck_inspection import check_deck_rules, check_no_people, deck_text, notes_text, slide_text, tables
from test_organisation import STAFF, csv_rows, positions, profiles, staff  # noqa: F401 (fixtures)

from conftest import run, soffice_convert
from curriculum_map.core.numbers import format_share
from curriculum_map.core.texts import text
from curriculum_map.framework.model import load_framework

__all__ = ["positions", "profiles", "staff"]


def deck(kind, folder, path, *options):
    from pptx import Presentation

    result = run(kind, "slides", folder, "--out", path, *options)
    assert result.exit_code == 0, result.output
    return Presentation(str(path)), result


def titles(presentation):
    return [slide.shapes.title.text_frame.text for slide in presentation.slides]


def people_of_staff():
    return [part for name, email, _ in STAFF for part in (name, email)]


def grid(slide):
    """The rows of the slide's one table, as texts (a section heading is a row of one merged cell)."""
    (table,) = tables(slide)
    return [[cell.text for cell in row.cells] for row in table.table.rows]


def expected_cell(row, lang):
    """What a group's cell says for a competence, from the same catalogue and the team's CSV."""
    if row["below_minimum"] == "true":
        return text("staff.slides.cell.withheld", lang)
    words = text("organisation.team.finding.of", lang, people=row["people_with_need"], asked=row["asked"])
    if int(row["needs_essential"] or 0):
        words += "\n" + text("staff.slides.cell.essential", lang, count=int(row["needs_essential"]))
    return words


def expected_finding(team, group, lang="nl"):
    """A group's finding: its three components with the largest share of colleagues with a need, and how many
    competences with a need its function profile calls essential (withheld counts in neither)."""
    fw = load_framework()
    clusters = {c.id: c.name.get(lang) for c in fw.clusters}
    labels = {k.id: f"{k.id} {k.kind.label.get(lang)} – {clusters[k.cluster_id]}" for k in fw.components}
    needs = [r for r in csv_rows(team / "training-needs.csv")
             if r["group"] == group and r["below_minimum"] == "false" and int(r["people_with_need"] or 0)]  # fmt: skip
    needs.sort(key=lambda r: (-int(r["people_with_need"]) / int(r["asked"]), r["component_id"]))
    of = "organisation.team.finding.of"
    where = "; ".join(
        f"{labels[r['component_id']]} ({text(of, lang, people=r['people_with_need'], asked=r['asked'])})"
        for r in needs[:3]
    )
    essential = sum(1 for r in csv_rows(team / "competence-needs.csv") if r["group"] == group
                    and r["below_minimum"] == "false" and int(r["needs_essential"] or 0))  # fmt: skip
    return text("staff.slides.finding", lang, group=group, where=where, essential=essential)


def test_the_team_deck_puts_findings_first_and_each_clusters_needs_per_group_in_a_native_table(staff, tmp_path):
    team = staff["out"] / "team"
    presentation, result = deck("staff", team, tmp_path / "team.pptx")
    check_deck_rules(presentation)
    names = titles(presentation)
    assert names[:3] == ["Opleidingsnoden van het team – De Vonk vzw", "Wat opvalt", "Zo lees je de tabellen"]
    assert result.stdout == f"{tmp_path / 'team.pptx'}\n"
    assert f"{len(names)} dia's geschreven" in result.output
    groups = [r["group"] for r in csv_rows(team / "team-groups.csv")]
    cover = slide_text(presentation.slides[0]).replace("\n", " ")
    assert text("staff.slides.cover", "nl", respondents=6, groups=2, minimum=3) in cover  # Onthaal's one is in none
    findings = slide_text(presentation.slides[1])
    assert groups == ["Hulpverlener", "Teamcoach"]
    rows = csv_rows(team / "competence-needs.csv")
    for group in groups:
        assert expected_finding(team, group) in findings.replace("\n", " ")
    assert text("staff.slides.withheld", "nl", minimum=3) in findings.replace("\n", "")
    by = {(r["group"], r["item_id"]): r for r in rows}
    fw = load_framework()
    shown = set()
    for slide in list(presentation.slides)[3:]:
        table = grid(slide)
        assert table[0] == ["Competentie", *groups]
        for cells in table[1:]:
            if not any(cells[1:]):  # a component's heading, merged over the row
                assert cells[0].split(" ", 1)[0] in {k.id for k in fw.components}
                continue
            item = cells[0].split(" ", 1)[0]
            shown.add(item)
            assert cells[0].startswith(f"{item} {' '.join(fw.item(item).text.get('nl').split(chr(10))[0].split())}")
            assert cells[1:] == [expected_cell(by[(g, item)], "nl") if (g, item) in by else "–" for g in groups]
    # exactly the competences with a learning need shown in some group
    assert shown == {r["item_id"] for r in rows if r["below_minimum"] == "false" and int(r["people_with_need"] or 0)}
    assert any(text("staff.slides.cell.withheld", "nl") in slide_text(s) for s in list(presentation.slides)[3:])


def test_the_team_deck_names_nobody_and_no_withheld_count(staff, tmp_path):
    presentation, _ = deck("staff", staff["out"], tmp_path / "team.pptx")  # the output folder is as good as team/
    check_no_people(presentation, people_of_staff(), staff["paths"])
    everything = deck_text(presentation)
    assert "(wens " not in everything and "coaching door een collega" not in everything
    assert "Onthaal" not in everything  # one respondent: no group of its own
    withheld = text("staff.slides.cell.withheld", "nl")
    for slide in presentation.slides:
        for shape in tables(slide):
            for row in shape.table.rows:
                for cell in row.cells:
                    assert cell.text == withheld or withheld not in cell.text
    notes = "\n".join(notes_text(slide) for slide in list(presentation.slides)[3:])
    assert f": {withheld}" in notes  # the notes say it in the same words


def test_a_team_without_a_group_large_enough_gets_the_findings_only(staff, tmp_path):
    out = tmp_path / "acht"
    assert run("staff", "read", staff["paths"][0].parent, "--out", out, "--min-respondents", 8).exit_code == 1
    presentation, result = deck("staff", out / "team", tmp_path / "leeg.pptx", "--lang", "en")
    check_deck_rules(presentation)
    assert titles(presentation) == ["Training needs of the team", "Findings"]
    assert slide_text(presentation.slides[1]) == "Findings\n" + text("staff.slides.none", "en")
    assert "2 slides written" in result.output


def test_a_folder_of_another_command_is_named(staff, tmp_path):
    result = run("staff", "slides", staff["out"] / "desk", "--out", tmp_path / "x.pptx", "--lang", "en")
    assert result.exit_code == 2
    assert result.output == (
        f"Error: {staff['out'] / 'desk' / 'team-groups.csv'}: file not found "
        "(give the output folder of 'curriculum-map staff read')\n"
    )
    assert not (tmp_path / "x.pptx").exists()


@pytest.fixture(scope="module")
def sector(staff, tmp_path_factory):
    out = tmp_path_factory.mktemp("sector") / "sector"
    result = run("sector", "aggregate", staff["paths"][0].parent, "--out", out)
    assert result.exit_code == 1  # the staff fixture's deliberate problems, named in desk/
    return out


def share(row, lang="nl"):
    return text("sector.slides.share", lang, people=row["people_with_need"], asked=row["asked"],
                share=format_share(float(row["need_share"]), lang))  # fmt: skip


def test_the_sector_deck_shows_largest_needs_thin_offer_and_each_organisation(sector, staff, tmp_path):
    presentation, _ = deck("sector", sector, tmp_path / "sector.pptx")
    check_deck_rules(presentation)
    names = titles(presentation)
    assert names == ["Digitale competenties in de sector: noden en aanbod", "Wat opvalt",
                     "Waar de noden het grootst zijn", "Waar het aanbod dun is", "Per organisatie",
                     "De Vonk vzw: de grootste leernoden"]  # fmt: skip
    rows = [r for r in csv_rows(sector / "report" / "sector-competences.csv") if r["scope"] == "sector"]
    needs = [r for r in rows if r["below_minimum"] == "false" and int(r["people_with_need"] or 0)]
    largest = sorted(needs, key=lambda r: (-float(r["need_share"]), -int(r["people_with_need"])))[:5]
    table = grid(presentation.slides[2])
    assert [cells[1] for cells in table[1:]] == [share(r) for r in largest]
    assert [cells[0].split(" ", 1)[0] for cells in table[1:]] == [r["item_id"] for r in largest]
    findings = slide_text(presentation.slides[1])
    assert largest[0]["item_id"] in findings and share(largest[0]) in findings.replace("\n", " ")
    thin = grid(presentation.slides[3])
    assert {cells[3] for cells in thin[1:]} == {text("sector.slides.no_maps", "nl")}  # no training map read
    assert grid(presentation.slides[4])[1] == ["De Vonk vzw", "7", text("sector.slides.shown", "nl")]
    check_no_people(presentation, people_of_staff(), staff["paths"])


def test_the_sector_deck_says_in_words_what_it_withholds(staff, tmp_path):
    out = tmp_path / "acht"
    assert run("sector", "aggregate", staff["paths"][0].parent, "--out", out, "--min-respondents", 8).exit_code == 1
    presentation, _ = deck("sector", out / "report", tmp_path / "acht.pptx", "--lang", "en")
    check_deck_rules(presentation)
    names = titles(presentation)
    assert names == ["Digital competences in the sector: needs and offer", "Findings", "Where the needs are largest",
                     "Where the offer is thin", "Per organisation"]  # fmt: skip
    assert grid(presentation.slides[4])[1] == ["De Vonk vzw", "7", text("sector.slides.not_shown", "en")]
    assert text("sector.slides.no_needs", "en") in slide_text(presentation.slides[2])
    assert "7 of the" not in deck_text(presentation) and "%" not in deck_text(presentation)


@pytest.mark.libreoffice
def test_libreoffice_shows_one_page_per_slide_in_english(staff, sector, tmp_path):
    from pypdf import PdfReader

    from pdf_pages import page_texts

    for kind, folder in (("staff", staff["out"] / "team"), ("sector", sector / "report")):
        presentation, _ = deck(kind, folder, tmp_path / f"{kind}.pptx", "--lang", "en")
        pdf = soffice_convert(tmp_path / f"{kind}.pptx", tmp_path / f"pdf-{kind}", "pdf")
        assert len(PdfReader(pdf).pages) == len(presentation.slides)
        pages = [" ".join(page.split()) for page in page_texts(pdf)]
        assert pages[1].startswith("Findings")
        if kind == "staff":
            assert "too few answers" in " ".join(pages[3:]) and "of the 3" in pages[3]
