"""Personal workbooks from a roster, and who has answered: the coordinator stops comparing names by eye."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import html5lib
import openpyxl
from click.testing import CliRunner

from curriculum_map.cli import cli
from make_examples import fill_workbook

PEOPLE = [
    ("An Peeters", "an.peeters@hogeschool.be", "Sociaal werk", "lector"),
    ("Bram De Smet", "bram.desmet@hogeschool.be", "Sociaal werk", "opleidingshoofd"),
    ("Chloë Maes", "chloe.maes@hogeschool.be", "Orthopedagogie", "lector"),
    ("Dries Wouters", "dries.wouters@hogeschool.be", "Orthopedagogie", ""),
    ("Eva Claes", "eva.claes@hogeschool.be", "Gezinswetenschappen", "lector"),
    ("Fatima El Amrani", "fatima.elamrani@hogeschool.be", "Gezinswetenschappen", "lector"),
    ("Gert Jacobs", "gert.jacobs@hogeschool.be", "Toegepaste psychologie", "lector"),
    ("Hanne Peeters", "hanne.peeters@hogeschool.be", "Toegepaste psychologie", "lector"),
    ("Ilias Bouzid", "ilias.bouzid@hogeschool.be", "Pedagogie van het jonge kind", "lector"),
    ("Joke Verstraete", "joke.verstraete@hogeschool.be", "Pedagogie van het jonge kind", "lector"),
    ("Kobe Lambrecht", "kobe.lambrecht@hogeschool.be", "Sociale readaptatiewetenschappen", "lector"),
    ("Lotte Janssens", "lotte.janssens@hogeschool.be", "Sociale readaptatiewetenschappen", "lector"),
]


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def write_roster(path: Path, delimiter: str = ";") -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(["Naam", "E-mail", "Opleiding", "Rol"])
        writer.writerows(PEOPLE)
    return path


def test_twelve_personal_workbooks_and_who_answered(tmp_path, blank_workbooks):
    roster = write_roster(tmp_path / "lectoren.csv")
    made = run("template", "--out", str(tmp_path / "werkmappen"), "--roster", str(roster))
    assert made.exit_code == 0, made.output
    workbooks = sorted((tmp_path / "werkmappen").glob("*.xlsx"))
    assert len(workbooks) == 12
    first = openpyxl.load_workbook(tmp_path / "werkmappen" / "Sociaal werk - An Peeters.xlsx")
    assert first["Matrix"]["C3"].value == "An Peeters" and first["Matrix"]["C3"].protection.locked is not False
    assert first["Matrix"]["C4"].value == "lector"

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    answered = [w for w in workbooks if not any(n in w.name for n in ("Bram", "Hanne", "Lotte"))]
    assert len(answered) == 9
    for path in answered:
        fill_workbook(path, inbox / path.name, {("matrix", "1.1", "level"): "geoefend"}, {"date": "1/3/2027"})
    # one person sent theirs twice (a later version), one workbook comes from someone not on the roster
    twice = next(w for w in answered if "Chloë" in w.name)
    fill_workbook(twice, inbox / "Chloë opnieuw.xlsx", {("matrix", "1.2", "level"): "geoefend"}, {"date": "5/3/2027"})
    fill_workbook(blank_workbooks["sociaal-werk"], inbox / "Zoë.xlsx", {("matrix", "1.1", "level"): "exemplarisch"},
                  {"name": "Zoë Vermeulen"})  # fmt: skip

    result = run("aggregate", str(inbox), "--out", str(tmp_path / "rapport"), "--roster", str(roster), "--no-pictures")
    assert result.exit_code in (0, 1), result.output
    assert "Respons: 9 van 12 (75%)" in result.output
    for missing in ("bram.desmet@hogeschool.be", "hanne.peeters@hogeschool.be", "lotte.janssens@hogeschool.be"):
        assert missing in result.output
    assert "twee keer: Chloë Maes" in result.output and "niet op de lijst: Zoë Vermeulen" in result.output
    rows = list(csv.DictReader((tmp_path / "rapport" / "roster.csv").read_text(encoding="utf-8-sig").splitlines()))
    status = {r["name"]: r["status"] for r in rows}
    assert status["Bram De Smet"] == "nog niet geantwoord" and status["An Peeters"] == "geantwoord"
    assert status["Chloë Maes"] == "twee keer geantwoord" and status["Zoë Vermeulen"] == "niet op de lijst"
    report_shows_the_response(tmp_path / "rapport")


def flat(element) -> str:
    return " ".join(" ".join(element.itertext()).split())


def report_shows_the_response(report: Path) -> None:
    """report.html: the response per programme, whom to remind (by name) and the cards; never an e-mail address."""
    html = (report / "report.html").read_text(encoding="utf-8")
    assert "@hogeschool.be" not in html  # the report is shared with focus groups: addresses stay in roster.csv
    document = html5lib.parse(html, namespaceHTMLElements=False)
    section = next(e for e in document.iter("div") if e.get("id") == "respons")
    assert any(a.get("href") == "#respons" for a in document.iter("a"))  # in the table of contents
    table = {
        cells[0]: cells[1:] for cells in ([flat(td) for td in tr.iter("td")] for tr in section.iter("tr")) if cells
    }
    # answered, not yet, twice, not on the roster
    assert table["Alle opleidingen"] == ["9 van 12 (75%)", "3", "1", "1"]
    assert table["Sociaal werk"] == ["1 van 2 (50%)", "1", "0", "1"]
    assert table["Orthopedagogie"] == ["2 van 2 (100%)", "0", "1", "0"]
    text = flat(section)
    assert "roster.csv" in text and "Chloë Maes (Orthopedagogie)" in text and "Zoë Vermeulen (Sociaal werk)" in text
    todo = flat(next(e for e in document.iter("div") if e.get("id") == "te-doen"))
    for name, programme in (("Bram De Smet", "Sociaal werk"), ("Hanne Peeters", "Toegepaste psychologie"),
                            ("Lotte Janssens", "Sociale readaptatiewetenschappen")):  # fmt: skip
        assert f"Herinner {name} ({programme}): nog geen werkmap terug (e-mail in roster.csv)." in todo
    assert "Zoë Vermeulen (Sociaal werk, Zoë.xlsx) staat niet op de lijst van lectoren" in todo
    cards = [flat(e) for e in document.iter("article")]
    assert "Respons 1 van 2 (50%)" in next(c for c in cards if c.startswith("Sociaal werk"))
    # the findings sheet of coverage.xlsx says the same
    findings = openpyxl.load_workbook(report / "coverage.xlsx")["Bevindingen"]
    cells = " ".join(str(c.value) for row in findings.iter_rows() for c in row if c.value)
    assert "Herinner Bram De Smet (Sociaal werk)" in cells and "@" not in cells


def test_a_roster_with_a_mistake_is_a_usage_error_naming_the_row(tmp_path):
    roster = write_roster(tmp_path / "lectoren.csv", delimiter=",")
    text = roster.read_text(encoding="utf-8-sig").replace("Orthopedagogie", "Orthopedagogiek", 1)
    roster.write_text(text, encoding="utf-8")
    result = run("template", "--out", str(tmp_path / "w"), "--roster", str(roster))
    assert result.exit_code == 2
    assert "rij 4" in result.output and "Orthopedagogiek" in result.output
    assert not (tmp_path / "w").exists() or not list((tmp_path / "w").iterdir())


def test_a_roster_in_a_workbook_works_too(tmp_path):
    book = openpyxl.Workbook()
    book.active.append(["Name", "Email", "Programme", "Role"])
    for person in PEOPLE[:2]:
        book.active.append(list(person))
    book.save(tmp_path / "roster.xlsx")
    result = run("template", "--out", str(tmp_path / "w"), "--roster", str(tmp_path / "roster.xlsx"), "--lang", "en")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "w").iterdir()) == [
        "Social Work - An Peeters.xlsx",
        "Social Work - Bram De Smet.xlsx",
    ]
    shutil.rmtree(tmp_path / "w")
