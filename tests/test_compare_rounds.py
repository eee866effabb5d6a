"""`compare` with a programme that took part in one round only: its answers are `gone` or `new`, never dropped."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import html5lib
import pytest

from conftest import run
from curriculum_map.core.texts import text

SOCIAAL_WERK = {
    ("matrix", "1.1", "level"): "geoefend",
    ("matrix", "1.1", "ambition"): "geoefend",
    ("competences", "1.1.2", "level"): "exemplarisch",
}
ORTHOPEDAGOGIE = {
    ("matrix", "1.1", "level"): "exemplarisch",
    ("matrix", "2.3", "level"): "goed gekaderd",
    ("matrix", "2.3", "ambition"): "geoefend",
    ("competences", "2.3.1", "level"): "komt niet aan bod",
    ("competences", "2.3.1", "ambition"): "exemplarisch",
}
SCORES = {"komt niet aan bod": "0", "exemplarisch": "1", "goed gekaderd": "2", "geoefend": "3"}
# what changes.csv holds for each answer: (item_id, item_type, field) -> (label, score)
ORTHOPEDAGOGIE_CELLS = {
    (item_id, "component" if sheet == "matrix" else "competence", field): (label, SCORES[label])
    for (sheet, item_id, field), label in ORTHOPEDAGOGIE.items()
}


def read_changes(folder: Path) -> list[dict[str, str]]:
    with (folder / "changes.csv").open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def parse(path: Path):
    return html5lib.parse(path.read_text(encoding="utf-8"), namespaceHTMLElements=False)


def paragraph(document, element_id: str) -> str | None:
    found = next((p for p in document.iter("p") if p.get("id") == element_id), None)
    return None if found is None else "".join(found.itertext())


def before_the_picture(document, element_id: str) -> bool:
    order = [e.get("id") if e.tag == "p" else e.tag for e in document.iter() if e.tag in ("p", "figure")]
    return element_id in order and "figure" in order and order.index(element_id) < order.index("figure")


@pytest.fixture
def rounds(fill, tmp_path) -> tuple[Path, Path]:
    """Round one: Sociaal werk and Orthopedagogie answered. Round two: only Sociaal werk, unchanged."""
    first, second = tmp_path / "round1", tmp_path / "round2"
    first.mkdir()
    second.mkdir()
    sw = fill("sociaal-werk", "Sociaal werk - Els.xlsx", SOCIAAL_WERK, {"name": "Els"}, folder=first)
    fill("orthopedagogie", "Orthopedagogie - Jo.xlsx", ORTHOPEDAGOGIE, {"name": "Jo"}, folder=first)
    shutil.copy(sw, second / sw.name)
    for name, source in (("old", first), ("new", second)):
        result = run("aggregate", str(source), "--out", str(tmp_path / name), "--no-pictures")
        assert result.exit_code == 0, result.output
    return tmp_path / "old", tmp_path / "new"


def test_a_programme_missing_from_the_new_round_is_gone(rounds, tmp_path):
    old, new = rounds
    out = tmp_path / "growth"
    result = run("compare", str(old), str(new), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "Let op: niet meer in de nieuwe ronde: Orthopedagogie. Hun antwoorden staan als 'weg' in changes.csv.\n"
    )
    assert result.stdout.startswith("1 opleiding vergeleken: 0 keer hoger, 0 keer lager, 1 keer gelijk.")

    rows = read_changes(out)
    gone = {
        (r["item_id"], r["item_type"], r["field"]): (r["old_label"], r["old_score"])
        for r in rows
        if r["programme"] == "Orthopedagogie"
    }
    assert gone == ORTHOPEDAGOGIE_CELLS
    assert {(r["change"], r["new_label"], r["new_score"]) for r in rows if r["programme"] == "Orthopedagogie"} == {
        ("gone", "", "")
    }
    assert sorted((r["item_id"], r["field"], r["change"]) for r in rows if r["programme"] == "Sociaal werk") == [
        ("1.1", "ambition", "same"),
        ("1.1", "level", "same"),
        ("1.1.2", "level", "same"),
    ]

    document = parse(out / "compare.html")
    assert paragraph(document, "dropped") == (
        "Niet meer in deze ronde: Orthopedagogie. Van deze opleiding kwam geen werkmap terug: "
        "al haar antwoorden van de vorige ronde staan in de figuur en de tabel als 'weg'."
    )
    assert paragraph(document, "added") is None
    assert before_the_picture(document, "dropped")
    table = [["".join(td.itertext()) for td in tr.iter("td")] for tr in document.iter("tr")]
    assert ["Orthopedagogie", "2.3", "Ambitie (toekomst)", "geoefend", "", "weg"] in table
    assert sum(row[:1] == ["Orthopedagogie"] for row in table) == len(ORTHOPEDAGOGIE)
    # the map keeps the programme as a column marked 'weg', its answered components 'weg' too
    shown = "".join(next(document.iter("figure")).itertext())
    assert "Orthopedagogie (weg)" in shown and "2 → – –" in shown
    assert (out / "heatmap-groei.png").read_bytes().startswith(b"\x89PNG")


def test_a_programme_new_in_the_new_round_is_new(rounds, tmp_path):
    old, new = rounds
    out = tmp_path / "growth"
    result = run("compare", str(new), str(old), "--out", str(out), "--lang", "en")
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "Note: only in the new round: Orthopedagogy. Their answers are listed as 'new' in changes.csv.\n"
    )
    assert result.stdout.startswith("1 programme compared: 0 times up, 0 times down, 1 time the same.")

    rows = [r for r in read_changes(out) if r["programme"] == "Orthopedagogie"]
    assert {(r["item_id"], r["item_type"], r["field"]): (r["new_label"], r["new_score"]) for r in rows} == (
        ORTHOPEDAGOGIE_CELLS
    )
    assert {(r["change"], r["old_label"], r["old_score"]) for r in rows} == {("new", "", "")}

    document = parse(out / "compare.html")
    assert paragraph(document, "added") == (
        "New in this round: Orthopedagogy. This programme did not take part in the previous round: "
        "its answers are shown in the picture and the table as 'new'."
    )
    assert paragraph(document, "dropped") is None
    assert before_the_picture(document, "added")
    shown = "".join(next(document.iter("figure")).itertext())
    assert "Orthopedagogy (new)" in shown


def test_no_programme_in_both_rounds_still_lists_every_answer(fill, tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    fill("sociaal-werk", "Sociaal werk.xlsx", SOCIAAL_WERK, {"name": "Els"}, folder=tmp_path / "a")
    fill("orthopedagogie", "Orthopedagogie.xlsx", ORTHOPEDAGOGIE, {"name": "Jo"}, folder=tmp_path / "b")
    for name in ("a", "b"):
        result = run("aggregate", str(tmp_path / name), "--out", str(tmp_path / f"{name}-out"), "--no-pictures")
        assert result.exit_code == 0, result.output
    out = tmp_path / "growth"
    result = run("compare", str(tmp_path / "a-out"), str(tmp_path / "b-out"), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("0 opleidingen vergeleken")
    changes = {(r["programme"], r["change"]) for r in read_changes(out)}
    assert changes == {("Sociaal werk", "gone"), ("Orthopedagogie", "new")}
    assert len(read_changes(out)) == len(SOCIAAL_WERK) + len(ORTHOPEDAGOGIE)
    document = parse(out / "compare.html")
    assert paragraph(document, "dropped").startswith("Niet meer in deze ronde: Sociaal werk.")
    assert paragraph(document, "added").startswith("Nieuw in deze ronde: Orthopedagogie.")
    texts = ["".join(p.itertext()) for p in document.iter("p")]
    assert text("compare.no_common", "nl") in texts
    assert (out / "heatmap-groei.png").exists()
