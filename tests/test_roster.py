"""Personal workbooks from a roster, and who has answered: the coordinator stops comparing names by eye."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import html5lib
import openpyxl

from conftest import run
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
    assert result.exit_code == 1, result.output  # Chloë's first workbook is a duplicate: a warning
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
    """desk.html: the response per programme, whom to remind (by name) and the cards; never an e-mail address.
    report.html, for the focus group, only counts who answered."""
    room = (report / "report.html").read_text(encoding="utf-8")
    for name in ("Bram De Smet", "Chloë Maes", "Zoë Vermeulen", "Zoë.xlsx", "@hogeschool.be"):
        assert name not in room
    html = (report / "desk.html").read_text(encoding="utf-8")
    assert "@hogeschool.be" not in html  # addresses stay in roster.csv
    document = html5lib.parse(html, namespaceHTMLElements=False)
    section = next(e for e in document.iter("section") if e.get("id") == "respons")
    table = {
        cells[0]: cells[1:]
        for cells in ([flat(cell) for cell in tr if cell.tag in ("th", "td")] for tr in section.iter("tr"))
        if cells and cells[0] != "Opleiding"
    }
    # answered, not yet, twice, not on the roster
    assert table["Alle opleidingen"] == ["9 van 12 (75%)", "3", "1", "1"]
    assert table["Sociaal werk"] == ["1 van 2 (50%)", "1", "0", "1"]
    assert table["Orthopedagogie"] == ["2 van 2 (100%)", "0", "1", "0"]
    text = flat(section)
    assert "roster.csv" in text and "Chloë Maes (Orthopedagogie)" in text and "Zoë Vermeulen (Sociaal werk)" in text
    todo = flat(next(e for e in document.iter("section") if e.get("id") == "te-doen"))
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


def written_paths(output: str) -> list[Path]:
    """The paths a template command printed, one per line (the count goes to stderr)."""
    return [Path(line) for line in output.splitlines() if line.endswith(".xlsx")]


def test_a_roster_saved_by_excel_on_windows_makes_the_personal_workbooks(tmp_path):
    """'CSV (puntkomma-gescheiden)' from Excel on Windows: cp1252, semicolons, quotes doubled inside a name."""
    roster = tmp_path / "lectoren.csv"
    with roster.open("w", encoding="cp1252", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["Naam", "E-mail", "Opleiding", "Rol"])
        writer.writerow(["René Françoise", "rene@hogeschool.be", "Sociaal werk", "lector"])
        writer.writerow(["Chloë Maes", "chloe@hogeschool.be", "Sociaal werk", "praktijklector; stage"])
        writer.writerow(['Jan "JP" Peeters', "jan@hogeschool.be", "Orthopedagogie", ""])
    assert b"Ren\xe9 Fran\xe7oise" in roster.read_bytes()  # the Windows encoding, not UTF-8
    out = tmp_path / "w"
    result = run("template", "--out", str(out), "--roster", str(roster))
    assert result.exit_code == 0, result.output
    names = {
        "Sociaal werk - René Françoise.xlsx": ("René Françoise", "lector"),
        "Sociaal werk - Chloë Maes.xlsx": ("Chloë Maes", "praktijklector; stage"),
        "Orthopedagogie - Jan 'JP' Peeters.xlsx": ('Jan "JP" Peeters', None),
    }
    assert sorted(p.name for p in out.iterdir()) == sorted(names)
    for name, (person, role) in names.items():
        matrix = openpyxl.load_workbook(out / name)["Matrix"]
        assert (matrix["C3"].value, matrix["C4"].value) == (person, role)


SAME_FILE = [  # people whose names would make the same file name, and names Windows reserves
    ("Jan Peeters", "jan.peeters@hogeschool.be"),
    ("Jan Peeters", "jan.peeters2@hogeschool.be"),
    ("An Claes", "an.claes@hogeschool.be"),
    ("an claes", "an.claes2@hogeschool.be"),
    ("De/Smet", "de.smet@hogeschool.be"),
    ("De_Smet", "desmet@hogeschool.be"),
    ("Eva V.", "eva.v@hogeschool.be"),
    ("Eva V", "eva@hogeschool.be"),
    ("CON", "con@hogeschool.be"),
    ("AUX", "aux@hogeschool.be"),
]


def test_people_whose_names_make_the_same_file_each_get_their_own_in_both_workflows(tmp_path):
    roster = tmp_path / "lijst.csv"
    with roster.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["Naam", "E-mail", "Opleiding"])
        writer.writerows([name, email, "Sociaal werk"] for name, email in SAME_FILE)
    runs = {
        "template": (["template", "--roster", str(roster)], "Matrix", "Sociaal werk - "),
        "positions template": (["positions", "template", "--respondents", str(roster)], "Posities", "Posities - "),
    }
    for command, (args, sheet, prefix) in runs.items():
        out = tmp_path / command.replace(" ", "-")
        result = run(*args, "--out", str(out))
        assert result.exit_code == 0, result.output
        printed = written_paths(result.output)
        assert sorted(printed) == sorted(out.iterdir()), command  # what is printed is what is on disk
        assert len(printed) == len(SAME_FILE), command
        owners = [openpyxl.load_workbook(path)[sheet]["C3"].value for path in printed]
        assert owners == [name for name, _ in SAME_FILE], command  # each person their own workbook
        assert [p.name.removeprefix(prefix) for p in printed] == [
            "Jan Peeters (jan.peeters).xlsx", "Jan Peeters (jan.peeters2).xlsx",
            "An Claes (an.claes).xlsx", "an claes (an.claes2).xlsx",
            "De_Smet (de.smet).xlsx", "De_Smet (desmet).xlsx",
            "Eva V (eva.v).xlsx", "Eva V (eva).xlsx",
            "CON.xlsx", "AUX.xlsx",
        ], command  # fmt: skip


def test_the_same_person_twice_is_refused_alike_in_both_workflows(tmp_path):
    twice = tmp_path / "dubbel.csv"
    twice.write_text("Naam,E-mail,Opleiding\nAn Peeters,,Sociaal werk\nan  peeters,,Sociaal werk\n", encoding="utf-8")
    template = run("template", "--out", str(tmp_path / "a"), "--roster", str(twice))
    positions = run("positions", "template", "--out", str(tmp_path / "b"), "--respondents", str(twice))
    assert (template.exit_code, positions.exit_code) == (2, 2)
    assert "rij 3: an  peeters staat al op rij 2" in template.output
    assert "regel 3: 'an peeters' staat al op regel 2" in positions.output
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()


def test_a_very_long_name_gets_a_shortened_file_and_the_others_still_theirs(tmp_path):
    roster = write_roster(tmp_path / "lectoren.csv")
    long_name = "Maximiliaan " + "van der " * 36 + "Bergh"
    assert len(long_name) > 300
    with roster.open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=";").writerow([long_name, "max@hogeschool.be", "Sociaal werk", "lector"])
    out = tmp_path / "w"
    result = run("template", "--out", str(out), "--roster", str(roster))
    assert result.exit_code == 0, result.output
    printed = written_paths(result.output)
    assert sorted(printed) == sorted(out.iterdir()) and len(printed) == len(PEOPLE) + 1
    shortened = next(p for p in printed if "Maximiliaan" in p.name)
    assert shortened.name.startswith("Sociaal werk - Maximiliaan van der") and shortened.name.endswith("….xlsx")
    assert len(shortened.name.encode("utf-8")) < 200
    assert openpyxl.load_workbook(shortened)["Matrix"]["C3"].value == long_name
