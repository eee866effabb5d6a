"""`template` and `positions template` never replace a file already there (a workbook that came back filled in)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import run
from curriculum_map.core.texts import text
from curriculum_map.coverage.reader import read_workbook
from curriculum_map.coverage.template import ExistingFilesError, workbook_filename, write_templates

ANSWERS = {("matrix", "1.1", "level"): "geoefend", ("competences", "1.1.1", "level"): "exemplarisch"}


def snapshot(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def refusal(paths: list[Path], lang: str = "nl") -> str:
    """The whole output of a refused run, built from the catalogue."""
    named = ", ".join(f"'{path}'" for path in paths)
    return f"{text('cli.error', lang)}: {text('cli.existing_files', lang, paths=named)}\n"


@pytest.fixture
def returned(fill, tmp_path) -> Path:
    """The folder where a coordinator keeps the workbooks that came back: one filled in, and a note."""
    folder = tmp_path / "returned"
    folder.mkdir()
    fill("sociaal-werk", "Sociaal werk.xlsx", ANSWERS, {"name": "Els"}, folder=folder)
    (folder / "notes.txt").write_text("Els sent hers on Monday\n", encoding="utf-8")
    return folder


def test_template_refuses_to_replace_a_filled_workbook_and_writes_nothing(returned, framework):
    before = snapshot(returned)
    result = run("template", "--out", str(returned))
    assert result.exit_code == 2
    assert result.output == refusal([returned / "Sociaal werk.xlsx"])
    assert result.output.startswith("Fout: bestaat al: '") and "--force" in result.output
    # the filled workbook is untouched, and none of the five other workbooks was written
    assert snapshot(returned) == before
    answers = read_workbook(returned / "Sociaal werk.xlsx", framework).answers
    assert {(a.item_id, a.level.label.get()) for a in answers} == {("1.1", "geoefend"), ("1.1.1", "exemplarisch")}


def test_template_names_every_existing_file(tmp_path):
    out = tmp_path / "templates"
    assert run("template", "--out", str(out)).exit_code == 0
    names = sorted(p.name for p in out.iterdir())
    assert len(names) == 6
    before = snapshot(out)
    result = run("template", "--out", str(out))
    assert result.exit_code == 2
    assert result.output.count("\n") == 1
    for name in names:
        assert f"'{out / name}'" in result.output
    assert snapshot(out) == before


def test_template_with_force_replaces_the_filled_workbook(returned, framework):
    filled = (returned / "Sociaal werk.xlsx").read_bytes()
    result = run("template", "--out", str(returned), "--force")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in returned.iterdir()) == [
        "Gezinswetenschappen.xlsx",
        "Orthopedagogie.xlsx",
        "Pedagogie van het jonge kind.xlsx",
        "Sociaal werk.xlsx",
        "Sociale readaptatiewetenschappen.xlsx",
        "Toegepaste psychologie.xlsx",
        "notes.txt",
    ]
    assert (returned / "Sociaal werk.xlsx").read_bytes() != filled
    assert read_workbook(returned / "Sociaal werk.xlsx", framework).answers == []
    assert (returned / "notes.txt").read_text(encoding="utf-8") == "Els sent hers on Monday\n"


def test_only_the_workbooks_asked_for_count(returned):
    result = run("template", "--out", str(returned), "--programme", "Orthopedagogie")
    assert result.exit_code == 0, result.output
    assert (returned / "Orthopedagogie.xlsx").exists()


def test_the_refusal_in_english_has_no_dutch_in_it(returned, framework):
    # English workbooks carry the English programme names: the filled one came back under that name
    english_name = workbook_filename(framework.find_programme("sociaal-werk"), "en")
    (returned / "Sociaal werk.xlsx").rename(returned / english_name)
    before = snapshot(returned)
    result = run("template", "--out", str(returned), "--lang", "en")
    assert result.exit_code == 2
    assert result.output == refusal([returned / english_name], "en")
    assert result.output.startswith("Error: already exists: '")
    assert snapshot(returned) == before

    def words(message: str) -> set[str]:
        return set(re.findall(r"[a-zà-ÿ]{3,}", message.lower()))

    dutch = words(text("cli.error", "nl") + " " + text("cli.existing_files", "nl", paths=""))
    english = words(text("cli.error", "en") + " " + text("cli.existing_files", "en", paths=""))
    only_dutch = dutch - english
    assert {"bestaat", "niets", "geschreven", "werkmap", "overschrijf", "fout"} <= only_dutch
    message = result.output.replace(str(returned / english_name), "")
    assert words(message) & only_dutch == set()


def test_positions_template_refuses_then_replaces_with_force(tmp_path):
    from make_examples import fill_positions_workbook

    out = tmp_path / "posities"
    result = run("positions", "template", "--out", str(out), "--organisation", "De Vonk vzw")
    assert result.exit_code == 0, result.output
    path = out / "Posities - De Vonk vzw.xlsx"
    assert result.output == f"{path}\n"
    fill_positions_workbook(path, path, {("1.1.1", "choice"): "Beginner"}, {"name": "Hanne"})
    filled = path.read_bytes()

    result = run("positions", "template", "--out", str(out), "--organisation", "De Vonk vzw")
    assert result.exit_code == 2
    assert result.output == refusal([path])
    assert path.read_bytes() == filled
    assert [p.name for p in out.iterdir()] == [path.name]

    result = run("positions", "template", "--out", str(out), "--organisation", "De Vonk vzw", "--force")
    assert result.exit_code == 0, result.output
    assert path.read_bytes() != filled
    assert [p.name for p in out.iterdir()] == [path.name]


def test_the_library_raises_with_the_paths(tmp_path, framework):
    (tmp_path / "Orthopedagogie.xlsx").write_bytes(b"filled in")
    (tmp_path / "Sociaal werk.xlsx").write_bytes(b"filled in too")
    with pytest.raises(ExistingFilesError) as caught:
        write_templates(framework, tmp_path)
    assert caught.value.paths == (tmp_path / "Orthopedagogie.xlsx", tmp_path / "Sociaal werk.xlsx")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Orthopedagogie.xlsx", "Sociaal werk.xlsx"]
    written = write_templates(framework, tmp_path, overwrite=True)
    assert len(written.workbooks) == 6
    assert (tmp_path / "Orthopedagogie.xlsx").read_bytes() != b"filled in"


def test_copies_of_one_programme_without_a_roster_are_different_files(tmp_path):
    """Issue 23: returned e-mail attachments never overwrite each other in a download folder."""
    from conftest import run

    result = run("template", "--out", tmp_path / "uit", "--programme", "Sociaal werk", "--copies", "2")
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in (tmp_path / "uit").iterdir())
    assert written == ["Sociaal werk (1).xlsx", "Sociaal werk (2).xlsx"]
    assert result.stdout.split() != [] and all(name in result.stdout for name in written)
