"""Numbers written the way readers read them, complete legends, all prompts kept, CSV for a double click.

Issue 16: "1.33" beside "1,3" in a Dutch report, "1 ±3" for answers 0 and 3, "1 werkmappen",
"opleidingen..", wrapped headers over the first row, Dutch picture names in an English run, twelve
prompts of 87 without saying so, and CSV files that a Dutch-language Excel puts in one column.
"""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import html5lib
import openpyxl
import pytest

from conftest import EXAMPLES, run
from curriculum_map.core.catalogue import codes, languages
from curriculum_map.core.numbers import format_mean, format_number, format_range, format_share
from curriculum_map.core.texts import text

SVG = "{http://www.w3.org/2000/svg}"


def page_text(path: Path) -> str:
    document = html5lib.parse(path.read_text(encoding="utf-8"), namespaceHTMLElements=False)
    return " ".join(" ".join(document.itertext()).split())


@pytest.fixture(scope="module")
def examples(tmp_path_factory) -> dict[str, Path]:
    """The examples aggregated in Dutch with ';' and in English with ',' (no pictures: the numbers are the point)."""
    out = {"nl": tmp_path_factory.mktemp("nl"), "en": tmp_path_factory.mktemp("en")}
    assert run("aggregate", str(EXAMPLES), "--out", str(out["nl"]), "--no-pictures").exit_code == 1
    result = run("aggregate", str(EXAMPLES), "--out", str(out["en"]), "--no-pictures", "--lang", "en")
    assert result.exit_code == 1
    return out


def test_one_formatter_for_every_number():
    assert format_number(1.333, "nl", 1) == "1,3" and format_number(1.333, "en", 1) == "1.3"
    assert format_number(1250, "nl") == "1.250" and format_number(1250, "en") == "1,250"
    assert format_mean(2 / 3, "nl") == "0,7" and format_mean(None, "nl") == "–"
    assert format_share(0.5, "nl") == "50%" and format_share(None, "en") == "–"
    assert format_range(0, 3) == "0–3" and format_range(2, 2) == "2"
    workbooks = [text("count.workbooks", "nl", count=n) for n in (1, 7)]
    assert workbooks == ["1 werkmap", "7 werkmappen"]
    assert [text("count.programmes", "en", count=n) for n in (1, 0)] == ["1 programme", "0 programmes"]
    # every count has both forms in both languages
    for code in codes():
        if code.startswith("count."):
            assert set(languages(code)) == {"nl", "en"}
            assert all("|" in t for t in languages(code).values()), code


def test_a_single_workbook_is_one_workbook_of_one_programme(fill, tmp_path):
    fill("sociaal-werk", "Sociaal werk.xlsx", {("matrix", "1.1", "level"): "geoefend"}, {"name": "Els"})
    for lang, note in (("nl", "1 werkmap van 1 opleiding."), ("en", "1 workbook from 1 programme.")):
        out = tmp_path / f"out-{lang}"
        assert run("aggregate", str(tmp_path / "in"), "--out", str(out), "--no-pictures", "--lang", lang).exit_code == 0
        shown = page_text(out / "report.html")
        assert note in shown, lang
        assert "werkmappen van 1" not in shown and "1 workbooks" not in shown
        assert "1 respondent" in shown and "Els" not in shown
        assert "1 respondent: Els" in page_text(out / "desk.html")
        values = {
            c.value for row in openpyxl.load_workbook(out / "coverage.xlsx").worksheets[0].iter_rows() for c in row
        }
        assert any(isinstance(v, str) and note in v for v in values), lang


def test_means_have_a_decimal_comma_in_dutch_and_a_point_in_english(examples):
    for lang, mean, other in (("nl", "1,3", re.compile(r"\b\d\.\d\b")), ("en", "1.3", re.compile(r"\b\d,\d\b"))):
        document = html5lib.parse(
            (examples[lang] / "report.html").read_text(encoding="utf-8"), namespaceHTMLElements=False
        )
        section = next(e for e in document.iter("section") if e.get("id") == "overzicht")
        cells = ["".join(td.itertext()) for td in section.iter("td") if td.get("class") == "number"]
        assert mean in cells and not any(other.search(c) for c in cells), lang
        assert not any(re.fullmatch(r"\d[.,]\d\d", c) for c in cells)  # one decimal, as in the pictures
        cards = " ".join(" ".join(a.itertext()) for a in document.iter("article"))
        card_means = re.findall(r"\((\d[.,]\d) – ", cards)  # 'Sterkst 2. Zelf mediawijs ... (1,7 – tussen ...)'
        assert card_means and all(m[1] == mean[1] for m in card_means), lang


def test_the_spread_is_the_range_of_the_answers(examples):
    shown = page_text(examples["nl"] / "report.html")
    assert "±" not in shown
    assert "1 exemplarisch (0–3)" in shown  # Orthopedagogie 1.3: answers 0 and 3, median rounded down 1
    book = openpyxl.load_workbook(examples["nl"] / "coverage.xlsx")
    overview = book["Overzicht"]
    header = [c.value for c in overview[4]]
    column = header.index("Orthoped. (n=2)") + 2  # its 'Antwoorden' column, 1-based
    assert header[column - 1] == "Antwoorden"
    row = next(r for r in range(5, overview.max_row + 1) if overview.cell(r, 1).value == "1.3")
    assert overview.cell(row, column).value == "0–3"


def test_coverage_xlsx_opens_with_the_findings_and_keeps_every_prompt(examples):
    book = openpyxl.load_workbook(examples["nl"] / "coverage.xlsx")
    assert book.sheetnames[0] == "Bevindingen" and book.active.title == "Bevindingen"
    first = [c.value for row in book["Bevindingen"].iter_rows() for c in row if c.value is not None]
    assert "Wat nu te doen" in first and "Per opleiding" in first
    assert any(str(v).startswith("1. Vraag Gert Jacobs (Toegepaste psychologie) om 2 cellen") for v in first)
    # the summary's means: numbers with one decimal (a Dutch-language Excel shows 1,3), headers tall enough
    summary = book["Samenvatting"]
    means = [c for row in summary.iter_rows(min_row=5, max_row=13, min_col=3, max_col=8) for c in row]
    assert means and all(isinstance(c.value, (int, float)) and c.number_format == "0.0" for c in means)
    assert any(isinstance(c.value, float) and round(c.value, 1) != c.value for c in means)  # 1.333..., shown 1,3
    header_row = next(r for r in range(1, 6) if summary.cell(r, 1).value == "ID")
    labels = [c.value or "" for c in summary[header_row]]
    assert max(len(label) for label in labels) > 20  # labels that wrap ...
    assert summary.row_dimensions[header_row].height >= 40  # ... in a row tall enough for them
    # every prompt, a sheet per list, as many as prompts.csv holds
    with (examples["nl"] / "prompts.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle, delimiter=","))
    per_list = {kind: sum(r["list"] == kind for r in rows) for kind in ("within", "between", "ambition")}
    assert per_list == {"within": 16, "between": 87, "ambition": 25}
    for kind, sheet in (("within", "Oneens binnen opleiding"), ("between", "Verschil tussen opleidingen"),
                        ("ambition", "Ambitie boven praktijk")):  # fmt: skip
        ws = book[sheet]
        numbers = [ws.cell(r, 1).value for r in range(5, ws.max_row + 1) if ws.cell(r, 1).value is not None]
        assert numbers == list(range(1, per_list[kind] + 1)), sheet
    within = next(r for r in rows if r["list"] == "within" and r["rank"] == "1")
    assert within["programme"] == "Orthopedagogie" and within["scores"] == "0, 3"
    assert "Opleidingsonderdelen" in book.sheetnames


def test_the_report_says_how_many_prompts_there_are_in_plain_words(examples):
    """The room's report counts the prompts it shows; it names no file (coverage.xlsx and prompts.csv have them all)."""
    shown = page_text(examples["nl"] / "report.html")
    assert "De 12 grootste van 16." in shown and "De 12 grootste van 87." in shown and "De 12 grootste van 25." in shown
    assert "coverage.xlsx" not in shown and "prompts.csv" not in shown
    english = page_text(examples["en"] / "report.html")
    assert "The 12 largest of 87." in english


def test_no_double_full_stop_between_two_rounds(examples, tmp_path):
    assert run("compare", str(examples["nl"]), str(examples["nl"]), "--out", str(tmp_path / "c")).exit_code == 0
    shown = page_text(tmp_path / "c" / "compare.html")
    assert "opleidingen.." not in shown and ".." not in shown.replace("...", "")
    assert "Vorige ronde: Gegevens van 5 juni 2025; 7 werkmappen van 6 opleidingen. Deze ronde:" in shown


def semicolon_rows(path: Path) -> list[list[str]]:
    """The file as a Dutch-language Excel reads it on a double click: UTF-8 (with BOM), split on ';'."""
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), path.name  # the BOM that makes Excel read UTF-8
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))


@pytest.mark.parametrize("how", ["option", "environment"])
def test_csv_files_split_into_columns_in_a_dutch_excel(examples, tmp_path, how):
    out = tmp_path / "rapport"
    args = ["aggregate", str(EXAMPLES), "--out", str(out), "--no-pictures"]
    if how == "option":
        result = run(*args, "--csv-delimiter", ";")
    else:
        result = run(*args, env={"CURRICULUM_MAP_CSV_DELIMITER": ";"})
    assert result.exit_code == 1, result.output
    files = sorted(out.glob("*.csv"))
    assert {"responses.csv", "problems.csv", "prompts.csv"} <= {p.name for p in files}
    for path in files:
        rows = semicolon_rows(path)
        assert len(rows[0]) > 3, path.name  # the columns are split
        assert all(len(row) == len(rows[0]) for row in rows), path.name
        # the same content as the comma files, cell for cell
        with (examples["nl"] / path.name).open(encoding="utf-8-sig", newline="") as handle:
            assert list(csv.reader(handle)) == rows, path.name
    import pandas

    prompts = pandas.read_csv(out / "prompts.csv", sep=";", encoding="utf-8-sig")
    assert list(prompts.columns)[:3] == ["list", "rank", "programme_id"] and len(prompts) == 16 + 87 + 25
    # a report written with ';' is read back like any other (compare, slides, heatmap, template --prefill)
    same = run("compare", str(examples["nl"]), str(out), "--out", str(tmp_path / "c"))
    assert same.exit_code == 0 and "0 keer hoger, 0 keer lager" in same.output


def test_the_comma_files_stay_rfc_4180(examples):
    raw = (examples["nl"] / "prompts.csv").read_text(encoding="utf-8-sig")
    assert raw.splitlines()[0] == "list,rank,programme_id,programme,item_id,item_type,item,levels_apart,scores"
    assert '"0, 3"' in raw  # a value holding the separator is quoted


def svg_texts(path: Path) -> list[str]:
    root = ElementTree.parse(path).getroot()
    return ["".join(t.itertext()).strip() for t in root.iter(f"{SVG}text")]


@pytest.mark.slow
def test_english_pictures_have_english_names_and_complete_legends(fill, tmp_path):
    fill("sociaal-werk", "Sociaal werk.xlsx", {("matrix", "1.1", "level"): "geoefend"}, {"name": "Els"})
    fill("orthopedagogie", "Orthopedagogie.xlsx", {("matrix", "1.1", "level"): "exemplarisch"}, {"name": "Bram"})
    out = tmp_path / "report"
    assert run("aggregate", str(tmp_path / "in"), "--out", str(out), "--lang", "en", "--pictures").exit_code == 0
    names = {p.stem for p in out.glob("*.png")}
    assert {"heatmap-components", "heatmap-clusters", "heatmap-ambitions", "heatmap-consensus"} <= names
    assert {"heatmap-competences-1", "heatmap-competences-2-1", "heatmap-competences-3"} <= names
    assert not any(
        name.startswith(("heatmap-componenten", "heatmap-competenties", "heatmap-ambities")) for name in names
    )
    assert run("heatmap", str(out), "--out", str(tmp_path / "svg"), "--format", "svg", "--lang", "en").exit_code == 0
    # clusters nobody answered are grey, and the grey is in the legend beside the colour bar
    clusters = svg_texts(tmp_path / "svg" / "heatmap-clusters.svg")
    assert "– = not answered" in clusters and "3 = practised" in clusters
    assert "1.0" in clusters or "3.0" in clusters  # means with a decimal point in English
    dutch = tmp_path / "svg-nl"
    assert run("heatmap", str(out), "--out", str(dutch), "--format", "svg").exit_code == 0
    assert "– = niet beantwoord" in svg_texts(dutch / "heatmap-clusters.svg")
    assert "3,0" in svg_texts(dutch / "heatmap-clusters.svg")
    assert text("report.not_answered", "en") == "not answered"
