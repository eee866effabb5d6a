from __future__ import annotations

import os
from pathlib import Path

import openpyxl
import pytest

from conftest import REPO, run, soffice_convert
from curriculum_map.core.texts import text
from curriculum_map.coverage.template import TemplateOptions, write_template, write_templates
from workbook_inspection import WorkbookView, inspect_workbook

PROGRAMME_FILES = [
    "Gezinswetenschappen.xlsx",
    "Orthopedagogie.xlsx",
    "Pedagogie van het jonge kind.xlsx",
    "Sociaal werk.xlsx",
    "Sociale readaptatiewetenschappen.xlsx",
    "Toegepaste psychologie.xlsx",
]


def sheet_names(lang: str = "nl") -> dict[str, str]:
    return {key: text(f"sheet.{key}", lang) for key in ("instructions", "matrix", "competences")}


@pytest.fixture(scope="module")
def templates(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("templates")
    result = run("template", "--out", str(out), "--contact", "an@example.org")
    assert result.exit_code == 0, result.output
    return out


def assert_fillable(view: WorkbookView, framework, labels: list[str], names: dict[str, str]) -> None:
    assert view.sheetnames[0] == names["instructions"]
    assert view.active == names["instructions"]
    assert view.metadata_hidden and view.sheetnames[-1] == "_metadata"
    assert view.metadata["framework_id"] == framework.id
    assert view.metadata["framework_version"] == framework.version
    assert view.metadata["framework_hash"] == framework.hash
    assert view.metadata["template_version"] == "1"
    matrix, competences = view.sheets["matrix"], view.sheets["competences"]
    assert matrix.ids == [k.id for k in framework.components]
    assert competences.ids == [c.id for c in framework.competences]
    for sheet in (matrix, competences):
        assert sheet.protected
        assert sheet.locked_ids
        assert len(sheet.level_validation) == 2 * len(sheet.ids)
        missing = [ref for ref, offered in sheet.level_validation.items() if offered != labels]
        assert missing == [], f"{sheet.title}: cells without the dropdown: {missing[:5]}"
        locked = [ref for ref, unlocked in sheet.level_unlocked.items() if not unlocked]
        assert locked == [], f"{sheet.title}: level cells that are locked: {locked[:5]}"


def test_one_workbook_per_programme(templates, framework):
    assert sorted(p.name for p in templates.iterdir()) == PROGRAMME_FILES
    for path in templates.iterdir():
        view = inspect_workbook(path, sheet_names())
        assert_fillable(view, framework, framework.level_labels("nl"), sheet_names())
        assert framework.find_programme(view.metadata["programme"]).id == view.metadata["programme_id"]
        assert view.metadata["programme"] == path.stem
        assert view.metadata["language"] == "nl"


def test_instructions_explain_the_legend_and_contact(templates, framework):
    ws = openpyxl.load_workbook(templates / "Sociaal werk.xlsx")["Instructies"]
    values = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    joined = "\n".join(values)
    for level in framework.levels:
        assert level.label.get() in values
        assert level.description.get() in joined
    assert "an@example.org" in joined
    assert "niet beantwoord" in joined


def test_input_cells_are_text_cells_and_everything_else_is_locked(templates):
    wb = openpyxl.load_workbook(templates / "Orthopedagogie.xlsx")
    ws = wb["Matrix"]
    unlocked = {c.coordinate for row in ws.iter_rows() for c in row if c.protection.locked is False}
    # respondent block (C3:C5 merged over three columns) and four input columns on 27 rows
    assert {"C3", "C4", "C5"} <= unlocked
    for row in range(8, 8 + 30):
        if ws[f"A{row}"].value:
            assert {f"D{row}", f"E{row}", f"F{row}", f"G{row}"} <= unlocked
            assert f"A{row}" not in unlocked and f"B{row}" not in unlocked
            assert ws[f"D{row}"].number_format == "@"
    assert ws.freeze_panes == "D8"  # the header row, and each row's id, cluster and component
    assert ws.page_setup.orientation == "landscape"
    assert ws.print_title_rows == "$7:$7"
    assert ws.sheet_properties.pageSetUpPr.fitToPage


def test_conditional_formatting_colours_each_level(templates, framework):
    ws = openpyxl.load_workbook(templates / "Sociaal werk.xlsx")["Competenties"]
    rules = [rule for cf in ws.conditional_formatting for rule in cf.rules]
    formulas = sorted(rule.formula[0] for rule in rules)
    assert formulas == sorted(f'"{label}"' for label in framework.level_labels())
    fills = {rule.dxf.fill.bgColor.rgb for rule in rules}
    assert len(fills) == len(framework.levels)


def test_english_workbook(tmp_path, framework):
    programme = framework.find_programme("Sociaal werk")
    path = write_template(framework, programme, tmp_path / "x.xlsx", TemplateOptions(lang="en"))
    names = sheet_names("en")
    view = inspect_workbook(path, names)
    assert_fillable(view, framework, ["not addressed", "exemplary", "well framed", "practised"], names)
    assert view.metadata["language"] == "en"
    assert view.metadata["programme"] == "Social Work"


def test_password_protects_sheets(tmp_path, framework):
    programme = framework.programmes[0]
    path = write_template(framework, programme, tmp_path / "p.xlsx", TemplateOptions(password="geheim"))
    ws = openpyxl.load_workbook(path)["Matrix"]
    assert ws.protection.sheet and ws.protection.password
    path2 = write_template(framework, programme, tmp_path / "q.xlsx", TemplateOptions())
    assert not openpyxl.load_workbook(path2)["Matrix"].protection.password


def test_selected_programmes_only(tmp_path):
    result = run("template", "--out", str(tmp_path), "--programme", "sociaal werk", "--programme", "Orthopedagogie")
    assert result.exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Orthopedagogie.xlsx", "Sociaal werk.xlsx"]


def test_unknown_programme_is_a_usage_error(tmp_path):
    result = run("template", "--out", str(tmp_path), "--programme", "Sociologie")
    assert result.exit_code == 2
    assert result.output.startswith("Fout: onbekende opleiding 'Sociologie'; kies uit: Gezinswetenschappen")
    assert result.output.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def test_unwritable_folder_is_a_usage_error(tmp_path):
    if os.geteuid() == 0:
        unwritable = Path("/proc/curriculum-map-test")  # not even root may create folders in /proc
    else:
        unwritable = tmp_path / "locked"
        unwritable.mkdir()
        unwritable.chmod(0o500)
    result = run("template", "--out", str(unwritable))
    assert result.exit_code == 2
    assert result.output.startswith("Fout: kan niet schrijven in")
    assert result.output.count("\n") == 1


def test_output_that_is_a_file_is_a_usage_error(tmp_path):
    target = tmp_path / "bestand"
    target.write_text("x")
    result = run("template", "--out", str(target / "sub"))
    assert result.exit_code == 2
    assert result.output.startswith("Fout: kan niet schrijven in")
    assert result.output.count("\n") == 1


def test_no_temporary_files_are_left_behind(templates):
    assert not [p for p in templates.iterdir() if p.name.startswith(".tmp-")]


def _content(path: Path) -> dict:
    """Everything a user or the reader depends on: values, validations, protection, merges, metadata."""
    wb = openpyxl.load_workbook(path)
    content = {}
    for ws in wb.worksheets:
        content[ws.title] = {
            "state": ws.sheet_state,
            "values": [[c.value for c in row] for row in ws.iter_rows()],
            "unlocked": sorted(c.coordinate for row in ws.iter_rows() for c in row if c.protection.locked is False),
            "validations": sorted(
                (str(v.sqref), v.type, v.formula1, v.errorStyle, v.prompt) for v in ws.data_validations.dataValidation
            ),
            "protected": ws.protection.sheet,
            "merged": sorted(str(r) for r in ws.merged_cells.ranges),
            "conditional": sorted((str(cf.sqref), r.formula[0]) for cf in ws.conditional_formatting for r in cf.rules),
        }
    return content


def test_shipped_templates_match_a_fresh_generation(tmp_path, framework):
    shipped = REPO / "templates"
    fresh = write_templates(framework, tmp_path)
    assert sorted(p.name for p in shipped.glob("*.xlsx")) == sorted(w.path.name for w in fresh.workbooks)
    for written in fresh.workbooks:
        assert _content(shipped / written.path.name) == _content(written.path), (
            f"templates/{written.path.name} is out of date: run `curriculum-map template --out templates --force`"
        )


@pytest.mark.libreoffice
def test_libreoffice_round_trip_keeps_what_matters(templates, tmp_path, framework):
    for name in PROGRAMME_FILES:
        converted = soffice_convert(templates / name, tmp_path / "converted")
        view = inspect_workbook(converted, sheet_names())
        assert_fillable(view, framework, framework.level_labels("nl"), sheet_names())
        assert view.metadata["programme"] == Path(name).stem


def _instructions(path: Path) -> str:
    sheet = openpyxl.load_workbook(path).worksheets[0]
    return " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)


def test_two_copies_of_one_programme_without_a_roster_are_two_files_that_ask_to_keep_their_name(tmp_path):
    """Returned e-mail attachments of the same name overwrite each other in a download folder (issue 23)."""
    result = run("template", "--out", tmp_path, "--programme", "Sociaal werk", "--copies", 2)
    assert result.exit_code == 0, result.output
    written = sorted(tmp_path.glob("*.xlsx"))
    assert [p.name for p in written] == ["Sociaal werk (1).xlsx", "Sociaal werk (2).xlsx"]
    assert [Path(line).name for line in result.stdout.splitlines()] == [p.name for p in written]
    keep = text("instructions.send", "nl", contact=text("instructions.send.nobody", "nl"))
    assert all(keep in _instructions(path) for path in written)
    again = run("template", "--out", tmp_path, "--programme", "Sociaal werk", "--copies", 2)
    assert again.exit_code == 2  # they may have come back filled in


def test_positions_copies_without_respondents_are_numbered_files_that_ask_to_keep_their_name(tmp_path):
    result = run("positions", "template", "--out", tmp_path, "--organisation", "De Vonk vzw", "--copies", 3)
    assert result.exit_code == 0, result.output
    written = sorted(tmp_path.glob("*.xlsx"))
    assert [p.name for p in written] == [f"Posities - De Vonk vzw ({n}).xlsx" for n in (1, 2, 3)]
    assert [Path(line).name for line in result.stdout.splitlines()] == [p.name for p in written]
    nobody = text("positions.instructions.send.nobody", "nl", organisation="De Vonk vzw")
    keep = text("instructions.send", "nl", contact=nobody)
    assert all(keep in _instructions(path) for path in written)
    single = run("positions", "template", "--out", tmp_path / "een", "--lang", "en")
    assert single.exit_code == 0 and [p.name for p in (tmp_path / "een").iterdir()] == ["Positions.xlsx"]
