"""One reader for every list (roster, course units, proposal, respondents, crosswalk), as spreadsheets save them."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import openpyxl
import pytest

from conftest import run
from curriculum_map.core.catalogue import Message, render
from curriculum_map.core.filenames import MAX_STEM_BYTES, safe_stem, unique_file_names
from curriculum_map.core.listfile import MAX_BYTES, MAX_ROWS, ListFileError, ListKind, read_list
from curriculum_map.core.texts import text
from curriculum_map.framework.crosswalk import load_crosswalk

ROSTER = ListKind("list.kind.roster")
HEADER = ["Naam", "E-mail", "Opleiding"]


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8", delimiter: str = ",") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    return path


def cells(path: Path) -> list[tuple[int, tuple[str, ...]]]:
    return [(row.number, row.cells) for row in read_list(path, ROSTER).rows]


def error_output(code: str, lang: str = "nl", **values) -> str:
    """The whole output of a command stopped by a list file, built from the catalogue."""
    return f"{text('cli.error', lang)}: {render(code, lang, **values)}\n"


# -- encodings, delimiters and quotes ----------------------------------------------------------------


def test_a_semicolon_csv_in_the_windows_encoding_is_read_with_its_accents(tmp_path):
    """Excel on Windows, 'CSV (puntkomma-gescheiden)': cp1252 and semicolons."""
    path = write_csv(tmp_path / "r.csv", [HEADER, ["Zoë Ça", "z@x.be", "Sociaal werk"]], "cp1252", ";")
    read = read_list(path, ROSTER)
    assert (read.encoding, read.delimiter) == ("cp1252", ";")
    assert [row.cells for row in read.rows] == [tuple(HEADER), ("Zoë Ça", "z@x.be", "Sociaal werk")]


@pytest.mark.parametrize(
    ("encoding", "delimiter", "expected"),
    [("utf-8-sig", ",", "utf-8-sig"), ("utf-8", ";", "utf-8"), ("utf-16", "\t", "utf-16")],
)
def test_utf8_with_or_without_bom_and_excels_unicode_text_are_read(tmp_path, encoding, delimiter, expected):
    path = write_csv(tmp_path / "r.csv", [HEADER, ["Chloë Maes", "c@x.be", "Orthopedagogie"]], encoding, delimiter)
    read = read_list(path, ROSTER)
    assert (read.encoding, read.delimiter) == (expected, delimiter)
    assert read.rows[1].cells == ("Chloë Maes", "c@x.be", "Orthopedagogie")


def test_a_doubled_quote_is_a_quote_in_the_text(tmp_path):
    """csv.Sniffer, shown a header without quotes, decided doublequote=False and kept a quote too many."""
    path = write_csv(tmp_path / "r.csv", [HEADER, ['Jan "JP" Peeters', "j@x.be", "Sociaal werk"]], delimiter=";")
    assert '"Jan ""JP"" Peeters"' in path.read_text(encoding="utf-8")
    assert cells(path)[1] == (2, ('Jan "JP" Peeters', "j@x.be", "Sociaal werk"))


def test_the_delimiter_is_counted_outside_quotes_on_the_header_line(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text('"Naam, voornaam";Opleiding\n"Peeters, An";Sociaal werk, avond\n', encoding="utf-8")
    assert cells(path) == [(1, ("Naam, voornaam", "Opleiding")), (2, ("Peeters, An", "Sociaal werk, avond"))]
    path.write_text("Naam\n\nAn Peeters\n", encoding="utf-8")  # one column: nothing to split
    assert cells(path) == [(1, ("Naam",)), (3, ("An Peeters",))]


def test_blank_rows_are_skipped_and_rows_keep_the_numbers_the_user_sees(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text('\nNaam;Opleiding\n;\n"Els\nVan Dam";Sociaal werk\n\nBo;Orthopedagogie\n', encoding="utf-8")
    assert cells(path) == [
        (2, ("Naam", "Opleiding")),
        (4, ("Els\nVan Dam", "Sociaal werk")),  # one row in Excel, two lines in a text editor
        (6, ("Bo", "Orthopedagogie")),
    ]
    book = openpyxl.Workbook()
    book.active["B3"], book.active["C3"] = "Naam", "Opleiding"
    book.active["B5"], book.active["C5"] = "Bo", 3.0
    book.save(tmp_path / "r.xlsx")
    assert cells(tmp_path / "r.xlsx") == [(3, ("", "Naam", "Opleiding")), (5, ("", "Bo", "3"))]


def test_what_a_file_is_is_decided_by_its_bytes_not_its_name(tmp_path):
    book = openpyxl.Workbook()
    book.active.append(HEADER)
    book.save(tmp_path / "r.xlsx")
    shutil.copy(tmp_path / "r.xlsx", tmp_path / "workbook.csv")
    assert cells(tmp_path / "workbook.csv") == [(1, tuple(HEADER))]
    (tmp_path / "text.xlsx").write_text("Naam;Opleiding\n", encoding="utf-8")
    assert cells(tmp_path / "text.xlsx") == [(1, ("Naam", "Opleiding"))]


# -- what stops reading, in the catalogue's words ---------------------------------------------------


def refusal(path: Path, kind: ListKind = ROSTER) -> str:
    with pytest.raises(ListFileError) as caught:
        read_list(path, kind)
    return caught.value.code


def test_a_quote_left_open_is_named_with_its_line(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text('Naam;Opleiding\nAn;Sociaal werk\n"Bo;Orthopedagogie\nCas;Sociaal werk\n', encoding="utf-8")
    with pytest.raises(ListFileError) as caught:
        read_list(path, ROSTER)
    expected = render("list-file-open-quote", "nl", path=path, line=3, what=ROSTER.describe())
    assert caught.value.message("nl") == expected


def test_missing_folder_binary_broken_and_sprawling_files_say_what_to_do(tmp_path):
    assert refusal(tmp_path / "nope.csv") == "list-file-not-found"
    assert refusal(tmp_path) == "list-file-is-folder"
    (tmp_path / "binary.csv").write_bytes(b"\x00\x81\x8d\x8f\x90\x9d" * 10)
    assert refusal(tmp_path / "binary.csv") == "list-file-not-text"
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    assert refusal(tmp_path / "broken.xlsx") == "list-file-unreadable"
    wide = openpyxl.Workbook()
    wide.active.append(HEADER)
    wide.active["XFD300"] = "a stray value far to the right"  # 300 rows of 16,384 cells: refused before read
    wide.save(tmp_path / "wide.xlsx")
    assert refusal(tmp_path / "wide.xlsx") == "list-file-unreadable"


def test_an_oversized_list_is_refused_with_the_catalogue_message(tmp_path):
    big = tmp_path / "lectoren.csv"
    with big.open("wb") as handle:
        handle.write(b"Naam;E-mail;Opleiding\n")
        handle.truncate(MAX_BYTES + 1)
    result = run("template", "--out", str(tmp_path / "w"), "--roster", str(big))
    assert result.exit_code == 2
    expected = error_output("list-file-too-large", path=big, megabytes=21, limit=20, what=ROSTER.describe())
    assert result.output == expected
    assert not (tmp_path / "w").exists()
    long = tmp_path / "lang.csv"
    long.write_text("Naam;Opleiding\n" + "An;Sociaal werk\n" * MAX_ROWS, encoding="utf-8")
    result = run("template", "--out", str(tmp_path / "w"), "--roster", str(long), "--lang", "en")
    assert result.exit_code == 2
    expected = error_output("list-file-too-many-rows", "en", path=long, limit=MAX_ROWS, what=ROSTER.describe())
    assert result.output == expected


def test_every_list_kind_uses_the_reader(tmp_path, framework):
    """Each command names its list in the same message."""
    missing = tmp_path / "nope.csv"
    cases = {
        "roster": ["template", "--out", str(tmp_path / "w"), "--roster", str(missing)],
        "courses": ["template", "--out", str(tmp_path / "w"), "--courses", str(missing)],
        "respondents": ["positions", "template", "--out", str(tmp_path / "w"), "--respondents", str(missing)],
        "proposal": ["positions", "template", "--out", str(tmp_path / "w"), "--proposal", str(missing)],
        "crosswalk": ["aggregate", str(tmp_path), "--out", str(tmp_path / "r"), "--crosswalk", str(missing)],
    }
    for kind, args in cases.items():
        result = run(*args)
        assert result.exit_code == 2, kind
        expected = error_output("list-file-not-found", path=missing, what=Message(f"list.kind.{kind}"))
        assert result.output == expected, kind


# -- crosswalks as a table ------------------------------------------------------------------------


def test_a_crosswalk_may_be_a_table_with_the_versions_in_its_header(tmp_path, framework):
    kept = framework.competences[0].id
    rows = [["2020-01-01", framework.version], ["9.9.9", kept], ["8.8.8", ""]]
    table = write_csv(tmp_path / "crosswalk.csv", rows, "cp1252", ";")
    crosswalk = load_crosswalk(table, framework)
    assert (crosswalk.from_version, crosswalk.to_version) == ("2020-01-01", framework.version)
    assert crosswalk.mapping == {"9.9.9": kept, "8.8.8": None}
    yaml = tmp_path / "crosswalk.yaml"
    yaml.write_text(f'from_version: "2020-01-01"\nmap:\n  "9.9.9": "{kept}"\n  "8.8.8": null\n', encoding="utf-8-sig")
    assert load_crosswalk(yaml, framework) == crosswalk


# -- file names made from people's names ------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "stem"),
    [
        ("CON", "CON_"), ("aux", "aux_"), ("NUL.txt", "NUL_.txt"), ("COM1", "COM1_"), ("lpt9", "lpt9_"),
        ("Sociaal werk - CON", "Sociaal werk - CON"), ("De/Smet: a\\b*?<>|", "De_Smet_ a_b_____"),
        ('Jan "JP" Peeters', "Jan 'JP' Peeters"), ("Eva V. ", "Eva V"), (" .verborgen", "verborgen"),
        ("An\tPeeters\n", "An Peeters"), ("...", "werkmap"),
    ],
)  # fmt: skip
def test_a_name_becomes_a_file_name_every_system_accepts(name, stem):
    assert safe_stem(name) == stem


def test_a_long_name_is_cut_at_a_character_within_the_byte_limit():
    stem = safe_stem("Sociaal werk - " + "Zoë " * 100)
    assert len(stem.encode("utf-8")) <= MAX_STEM_BYTES < 255 - len(" (99).xlsx")
    assert stem.startswith("Sociaal werk - Zoë Zoë") and stem.endswith("…") and " …" not in stem


def test_names_that_would_be_the_same_file_each_get_their_own():
    wanted = [
        ("Jan Peeters", "jan.peeters"), ("Jan Peeters", "jan.peeters2"),  # the same name: the e-mail tells them apart
        ("An Claes", ""), ("an claes", ""),  # case only, no e-mail: numbered
        ("De/Smet", ""), ("De_Smet", ""), ("Eva V.", ""), ("Eva V", ""), ("Zoë", ""), ("Zoe\u0308", ""),
    ]  # fmt: skip
    names = unique_file_names(wanted, ".xlsx")
    assert names == [
        "Jan Peeters (jan.peeters).xlsx", "Jan Peeters (jan.peeters2).xlsx", "An Claes.xlsx", "an claes (2).xlsx",
        "De_Smet.xlsx", "De_Smet (2).xlsx", "Eva V.xlsx", "Eva V (2).xlsx", "Zoë.xlsx", "Zoë (2).xlsx",
    ]  # fmt: skip
    assert unique_file_names(wanted, ".xlsx") == names  # the same every run
    long = unique_file_names([("x" * 400, ""), ("x" * 400, "")], ".xlsx")
    assert long[1].endswith("… (2).xlsx") and all(len(n.encode("utf-8")) <= MAX_STEM_BYTES + 5 for n in long)
