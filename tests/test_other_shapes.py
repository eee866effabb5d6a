"""A framework of another shape and scale, run as a user would.

DigCompEdu's shape (tests/data/digcompedu-shape.yaml): six areas of three to five competences with no
split into knowledge, skills and attitudes, a five-level proficiency scale scored 1 to 5 whose target is
level 4 (the master programme aims for 5), texts in English and Dutch, three programmes. Template, fill
the workbooks as lecturers would, aggregate without --framework, and read what the report says.
"""

from __future__ import annotations

import copy
import csv
import re
from html import unescape
from pathlib import Path

import openpyxl
import pytest
import yaml

from conftest import REPO, run
from curriculum_map.core.catalogue import render
from curriculum_map.framework.check import check_framework_file
from curriculum_map.framework.model import Level, Scale, Text, build_framework, load_framework
from make_examples import fill_workbook

FRAMEWORK = REPO / "tests" / "data" / "digcompedu-shape.yaml"
SUBJECT = {"nl": "DigCompEdu-vaardigheden van lerarenopleiders", "en": "DigCompEdu competences of teacher educators"}

# Who answers, in which language; Gus types scores instead of choosing labels.
RESPONDENTS = {
    "primary": [("An Peeters", "nl"), ("Bo Claes", "nl")],
    "secondary": [("Cas Maes", "nl"), ("Dirk Wouters", "nl"), ("Eva Jacobs", "nl")],
    "master": [("Fien Smet", "en"), ("Gus Janssens", "en")],
}
# Per area (its one component) and programme: each respondent's (level, ambition), in the order above.
# Every competence of an area is answered like its area, except where COMPETENCES says otherwise.
AREAS = {
    "1.1": {"primary": [(4, 4), (4, 4)], "secondary": [(3, 3)] * 3, "master": [(4, 5), (4, 5)]},
    "2.1": {"primary": [(3, 4), (3, 4)], "secondary": [(4, 4), (4, 4), (5, 5)], "master": [(5, 5), (5, 5)]},
    "3.1": {"primary": [(2, 4), (4, 4)], "secondary": [(3, 4)] * 3, "master": [(4, 4), (4, 4)]},
    "4.1": {"primary": [(3, 4), (4, 4)], "secondary": [(3, 3)] * 3, "master": [(3, 4), (4, 4)]},
    "5.1": {"primary": [(2, 4), (2, 4)], "secondary": [(2, 3), (3, 3), (2, 3)], "master": [(4, 5), (4, 5)]},
    "6.1": {"primary": [(1, 2), (1, 2)], "secondary": [(1, 3)] * 3, "master": [(1, 3), (1, 3)]},
}
COMPETENCES = {"6.1.5": {"primary": [(3, 3), (3, 3)]}}  # the primary programme does practise problem solving


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def answers_of(programme: str, person: int, lang: str, typed_scores: bool) -> dict:
    """One respondent's answers, keyed as fill_workbook wants them: labels in the workbook's language, or scores."""
    framework = load_framework(FRAMEWORK)

    def value(score: int) -> object:
        return score if typed_scores else framework.level(score).label.get(lang)

    answers = {}
    for component in framework.components:
        level, ambition = AREAS[component.id][programme][person]
        answers[("matrix", component.id, "level")] = value(level)
        answers[("matrix", component.id, "ambition")] = value(ambition)
        for competence in component.competences:
            own = COMPETENCES.get(competence.id, {}).get(programme)
            level, ambition = own[person] if own else (level, ambition)
            answers[("competences", competence.id, "level")] = value(level)
            answers[("competences", competence.id, "ambition")] = value(ambition)
    return answers


@pytest.fixture(scope="module")
def filled(tmp_path_factory) -> Path:
    """The workbooks of seven lecturers of three programmes, made by `template` and filled in with openpyxl."""
    root = tmp_path_factory.mktemp("digcompedu")
    blank = {}
    for lang in ("nl", "en"):
        result = run("--lang", lang, "template", "--framework", str(FRAMEWORK), "--out", str(root / f"blank-{lang}"))
        assert result.exit_code == 0, result.output
        framework = load_framework(FRAMEWORK)
        blank[lang] = {p.id: root / f"blank-{lang}" / f"{p.name.get(lang)}.xlsx" for p in framework.programmes}
    folder = root / "in"
    folder.mkdir()
    for programme, people in RESPONDENTS.items():
        for person, (name, lang) in enumerate(people):
            fill_workbook(
                blank[lang][programme],
                folder / f"{programme} - {name}.xlsx",
                answers_of(programme, person, lang, typed_scores=name.startswith("Gus")),
                {"name": name, "role": "lector", "date": "2026-03-02"},
                lang=lang,
            )
    return folder


@pytest.fixture(scope="module")
def report(filled, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report") / "rapport"
    result = run("aggregate", str(filled), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "test.digcompedu-shape" in result.stderr  # it says it read the framework the workbooks carry
    return out


def components(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    return [r for r in rows if r["item_type"] == "component"]


def test_the_framework_is_valid_and_keeps_its_scale():
    assert check_framework_file(FRAMEWORK) == []
    framework = load_framework(FRAMEWORK)
    assert [len(k.competences) for k in framework.components] == [4, 3, 4, 3, 3, 5]
    scale = framework.scale
    assert (scale.bottom, scale.top, scale.target, scale.covered, scale.disagreement) == (1, 5, 4, 4, 2)
    assert [framework.target_for(p) for p in framework.programmes] == [4, 4, 5]
    assert framework.level(1).label.get("nl") == "Nieuwkomer"  # by score, not by position
    assert framework.subject.get("en") == SUBJECT["en"]


def test_validate_passes_without_the_framework(filled):
    result = run("validate", str(filled))
    assert result.exit_code == 0, result.output
    assert "7 bestanden nagekeken: 7 zonder problemen" in result.output


def test_no_false_problem(report):
    assert read_csv(report / "problems.csv") == []


def test_scores_and_typed_scores_keep_their_meaning(report):
    rows = read_csv(report / "responses.csv")
    gus = {(r["item_id"], r["field"]): (r["score"], r["label"]) for r in rows if r["respondent"] == "Gus Janssens"}
    assert gus[("1.1", "level")] == ("4", "Expert")  # typed 4: the fourth level, scored 4
    assert gus[("6.1", "level")] == ("1", "Newcomer")  # typed 1: the lowest level, not an error
    consensus = {(r["programme_id"], r["item_id"], r["field"]): r for r in read_csv(report / "consensus.csv")}
    assert consensus[("primary", "3.1", "level")]["consensus"] == "3"  # median of 2 and 4
    assert consensus[("primary", "3.1", "level")]["label"] == "Integrator"


def test_disagreements_are_counted_with_the_scales_threshold(report):
    consensus = {(r["programme_id"], r["item_id"], r["field"]): r for r in read_csv(report / "consensus.csv")}
    assert consensus[("primary", "3.1", "level")]["disagreement"] == "true"  # 2 and 4: two levels apart
    assert consensus[("primary", "4.1", "level")]["disagreement"] == "false"  # 3 and 4: one level
    assert consensus[("secondary", "5.1", "level")]["disagreement"] == "false"
    prompts = components(read_csv(report / "prompts.csv"))
    listed = {
        kind: {(p["programme_id"], p["item_id"]) for p in prompts if p["list"] == kind}
        for kind in ("within", "between", "ambition")
    }
    assert listed["within"] == {("primary", "3.1")}
    assert listed["between"] == {("", "2.1"), ("", "5.1")}  # 3, 4, 5 and 2, 2, 4 lie two levels apart
    assert listed["ambition"] == {("primary", "5.1"), ("secondary", "6.1"), ("master", "6.1")}
    assert all(int(p["levels_apart"]) >= 2 for p in prompts)


def test_an_ambition_equal_to_the_current_level_is_no_gap(report):
    prompts = read_csv(report / "prompts.csv")
    ambitions = {(p["programme_id"], p["item_id"]) for p in prompts if p["list"] == "ambition"}
    assert ("primary", "1.1") not in ambitions and (
        "master",
        "2.1",
    ) not in ambitions  # Expert -> Expert, Leader -> Leader
    assert ("primary", "6.1.5") not in ambitions  # 3 -> 3


def findings(report: Path) -> dict[str, list[str]]:
    """The headline findings of report.html: each headline with the lines under it (clusters and their components)."""
    import html5lib

    document = html5lib.parse((report / "report.html").read_text(encoding="utf-8"), namespaceHTMLElements=False)
    headlines = next(e for e in document.iter("ul") if e.get("class") == "headlines")
    found = {}
    for item in headlines.findall("li"):
        sub = item.find("ul")
        lines = [" ".join("".join(li.itertext()).split()) for li in sub.findall("li")] if sub is not None else []
        found[" ".join((item.text or "").split())] = lines
    return found


def test_not_practised_means_no_programme_reaches_its_target(report):
    shown = findings(report)
    head = render("html.headline.not_practised", "nl", count=4, total=6, target="Expert")
    # 1.1: Expert in the primary programme; 2.1: Expert and Leader. 3.1 and 5.1 reach Expert only in the
    # master programme, whose own target is Leader; 4.1 and 6.1 reach Expert nowhere.
    assert [line.split(".")[0] for line in shown[head]] == ["3", "4", "5", "6"]
    assert all(line.endswith(": het domein als geheel") for line in shown[head])
    assert render("html.headline.not_covered", "nl", count=1, total=6, lowest="Nieuwkomer") in shown
    assert render("html.headline.competences", "nl", count=15, total=22, target="Expert") in shown
    gaps = openpyxl.load_workbook(report / "coverage.xlsx")["Hiaten"]
    titles = [row[0] for row in gaps.iter_rows(values_only=True) if row[0] and "'" in str(row[0])]
    assert titles[0] == "In geen enkele opleiding 'Expert'"


def test_the_titles_carry_the_frameworks_subject(report, filled):
    html = (report / "report.html").read_text(encoding="utf-8")
    title = f"{SUBJECT['nl']} per opleiding: dekking"
    assert f"<title>{title}" in html and "Digitale competenties" not in html
    assert "0 tot" not in html and "(0–" not in html  # the scale runs from 1
    assert "(1 tot 5)" in html
    text = unescape(html)
    assert "per cluster en component (het domein als geheel)" in text and "kennis" not in text
    assert "Geen hiaten: elke component is in minstens één opleiding 'Expert'." in text  # area 1
    coverage = openpyxl.load_workbook(report / "coverage.xlsx")
    assert coverage.worksheets[0]["A1"].value == title
    workbook = openpyxl.load_workbook(next(filled.glob("master - *.xlsx")))
    cells = [str(c.value) for ws in workbook.worksheets[:3] for row in ws.iter_rows(max_row=3) for c in row if c.value]
    assert f"{SUBJECT['en']} per programme – Educational Master" in cells
    assert not [c for c in cells if "Digital competences" in c or "Digitale competenties" in c]
    instructions = " ".join(str(c.value) for row in workbook.worksheets[0].iter_rows() for c in row if c.value)
    assert "per cluster and component (the area as a whole)" in instructions and "knowledge" not in instructions


def test_the_english_report(filled, tmp_path):
    out = tmp_path / "report"
    result = run("--lang", "en", "aggregate", str(filled), "--out", str(out), "--no-pictures")
    assert result.exit_code == 0, result.output
    html = (out / "report.html").read_text(encoding="utf-8")
    assert f"<title>{SUBJECT['en']} per programme: coverage" in html and "Digital competences" not in html
    assert "Respondents of one programme disagree (2+ levels)" in html


# -- the keys, one by one ----------------------------------------------------------------------------


def document() -> dict:
    return copy.deepcopy(yaml.safe_load(FRAMEWORK.read_text(encoding="utf-8")))


def problems_of(doc: dict) -> list[tuple[str, str]]:
    framework, problems = build_framework(doc)
    assert framework is None
    return [(p.path, p.text("en")) for p in problems]


def test_the_builtin_framework_keeps_todays_readings(framework):
    scale = framework.scale
    assert (scale.bottom, scale.top, scale.covered, scale.target, scale.disagreement) == (0, 3, 2, 3, 2)
    assert scale.label(scale.covered) == "goed gekaderd" and scale.label(scale.target) == "geoefend"
    assert framework.subject.get("nl") == "Digitale competenties"
    assert framework.subject.get("en") == "Digital competences"
    assert all(framework.target_for(p) == 3 for p in framework.programmes)


def test_defaults_follow_the_scale():
    doc = document()
    for key in ("target_level", "subject"):
        del doc[key]
    del doc["programmes"][2]["target_level"]
    framework, problems = build_framework(doc)
    assert problems == [] and framework is not None
    assert (framework.scale.target, framework.scale.covered, framework.scale.disagreement) == (5, 4, 2)
    assert framework.subject == framework.title
    assert framework.target_for(framework.programmes[2]) == 5


@pytest.mark.parametrize(
    ("count", "expected"),
    [(2, (0, 1, 1)), (3, (1, 2, 1)), (4, (2, 3, 2)), (5, (3, 4, 2)), (8, (6, 7, 4)), (10, (8, 9, 5))],
)
def test_the_default_disagreement_is_half_the_range_rounded_up(count, expected):
    levels = tuple(Level(score, Text({"en": f"level {score}"}), Text({"en": ""})) for score in range(count))
    scale = Scale.of(levels)
    assert (scale.covered, scale.target, scale.disagreement) == expected


def test_reading_keys_do_not_change_the_hash():
    plain = build_framework(document())[0]
    doc = document()
    doc.update(target_level=3, covered_level=2, disagreement=1, subject="Something else")
    doc["programmes"][0]["target_level"] = 5
    changed = build_framework(doc)[0]
    assert plain is not None and changed is not None
    assert changed.hash == plain.hash and changed.scale.target == 3
    doc["levels"][0]["label"]["en"] = "Beginner"
    assert build_framework(doc)[0].hash != plain.hash  # what a workbook asks does change it


@pytest.mark.parametrize(
    ("change", "path", "words"),
    [
        (
            {"target_level": 7},
            "target_level",
            "7 is the score of no level; choose a score of the legend: 1, 2, 3, 4, 5",
        ),
        ({"target_level": 0}, "target_level", "0 is the score of no level"),
        ({"covered_level": "high"}, "covered_level", "expected a whole number"),
        ({"covered_level": 6}, "covered_level", "6 is the score of no level"),
        ({"disagreement": 0}, "disagreement", "expected a number of levels from 1 to 4"),
        ({"disagreement": 5}, "disagreement", "found 5"),
        ({"disagreement": 1.5}, "disagreement", "expected a whole number"),
        ({"subject": ["a", "list"]}, "subject", "expected a text"),
        ({"target_levle": 4}, "target_levle", "unknown key 'target_levle'; did you mean 'target_level'?"),
        ({"covered": 4}, "covered", "did you mean 'covered_level'?"),
        ({"subjet": "x"}, "subjet", "did you mean 'subject'?"),
    ],
)
def test_a_bad_value_is_a_clear_problem(change, path, words):
    doc = document()
    doc.update(change)
    assert any(p == path and words in text for p, text in problems_of(doc)), problems_of(doc)


def test_a_programmes_target_is_checked_too():
    doc = document()
    doc["programmes"][0]["target_level"] = 9
    doc["programmes"][1]["target_levle"] = 4
    found = problems_of(doc)
    assert (
        "programmes[0].target_level",
        "9 is the score of no level; choose a score of the legend: 1, 2, 3, 4, 5",
    ) in found
    assert (
        "programmes[1].target_levle",
        "unknown key 'target_levle'; did you mean 'target_level'?",
    ) in found


@pytest.mark.parametrize(
    ("scores", "path", "words"),
    [
        ([1, 2, 4, 5, 6], "levels[2].score", "expected 3, found 4"),
        ([0, 1, 2, 3, 3], "levels[4].score", "expected 4, found 3"),
    ],
)
def test_scores_may_start_anywhere_but_follow_each_other(scores, path, words):
    doc = document()
    for level, score in zip(doc["levels"], scores, strict=True):
        level["score"] = score
    doc.pop("target_level")
    doc["programmes"][2].pop("target_level")
    assert any(p == path and words in text for p, text in problems_of(doc))


def test_two_to_ten_levels():
    doc = document()
    doc["levels"] = [{"score": s, "label": {"en": f"L{s}", "nl": f"N{s}"}} for s in range(1, 11)]
    framework, problems = build_framework(doc)
    assert problems == [] and framework is not None and framework.scale.disagreement == 5
    doc["levels"].append({"score": 11, "label": {"en": "L11", "nl": "N11"}})
    assert ("levels", "a legend has 2 to 10 levels, not 11") in problems_of(doc)


def test_validate_names_a_bad_target_once(tmp_path):
    doc = document()
    doc["target_level"] = 7
    doc["disagreement"] = 0
    path = tmp_path / "kader.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    result = run("framework", "validate", str(path))
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.startswith(str(path))]
    assert sorted(line.split(": ")[1] for line in lines) == ["disagreement", "target_level"]


def test_the_slides_carry_the_subject(report, tmp_path):
    from pptx import Presentation

    deck = tmp_path / "deck.pptx"
    result = run("slides", str(report), "--framework", str(FRAMEWORK), "--out", str(deck))
    assert result.exit_code == 0, result.output
    presentation = Presentation(str(deck))
    assert presentation.core_properties.title == f"{SUBJECT['nl']} per opleiding: dekking"
    # another shape (six levels from 0, areas of one component) keeps the rules of a deck for the room
    from deck_inspection import check_deck_rules, check_no_people

    check_deck_rules(presentation)
    check_no_people(presentation, [name for people in RESPONDENTS.values() for name, _ in people], [])


def test_the_sources_own_codes_are_shown_next_to_our_ids(filled, report):
    """DigCompEdu numbers its competences 1.1 to 6.5: the workbook, coverage.xlsx and prompts.csv show it."""
    framework = load_framework(FRAMEWORK)
    first = framework.competences[0]  # id 1.1.1, code 1.1
    assert (first.id, first.code) == ("1.1.1", "1.1")
    workbook = openpyxl.load_workbook(next(filled.glob("*.xlsx")), read_only=True)
    texts = [str(cell) for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True) for cell in row]
    assert any(t.startswith("1.1 – ") and first.text.get(lang) in t for t in texts for lang in ("nl", "en"))
    prompts = {r["item_id"]: r["item"] for r in read_csv(report / "prompts.csv")}
    labelled = [item for item_id, item in prompts.items() if item_id.count(".") == 2]
    assert labelled and all(re.match(r"\d\.\d\.\d \d\.\d – ", item) for item in labelled), labelled
    sheet_texts = [
        str(cell)
        for sheet in openpyxl.load_workbook(report / "coverage.xlsx", read_only=True).worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if cell is not None
    ]
    assert any(t.startswith("1.1 – ") and first.text.get("nl") in t for t in sheet_texts)  # the competences sheet


def test_the_summary_names_clusters_in_the_reports_language(report):
    """The framework's default language is English; a Dutch report's summary names its clusters in Dutch."""
    book = openpyxl.load_workbook(report / "coverage.xlsx", read_only=True)
    texts = {str(cell) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for cell in row}
    assert "Professionele betrokkenheid" in texts
    assert "Professional engagement" not in texts
    html = (report / "report.html").read_text(encoding="utf-8")
    assert "1. Professionele betrokkenheid" in html and "Professional engagement" not in html


def test_a_report_folder_keeps_its_framework_for_slides_heatmap_and_compare(report, tmp_path):
    """A facilitator makes slides and pictures from the folder alone, whatever framework it was made with."""
    kept = load_framework(report / "framework.yaml")
    assert kept.hash == load_framework(FRAMEWORK).hash
    assert kept.scale == load_framework(FRAMEWORK).scale  # the reporting keys travel too
    deck = tmp_path / "deck.pptx"
    result = run("slides", str(report), "--out", str(deck))
    assert result.exit_code == 0, result.output
    assert deck.stat().st_size > 0 and "test.digcompedu-shape" in result.stderr
    result = run("heatmap", str(report), "--out", str(tmp_path / "pictures"))
    assert result.exit_code == 0, result.output
    assert list((tmp_path / "pictures").glob("*.png"))
    result = run("compare", str(report), str(report), "--out", str(tmp_path / "compare"))
    assert result.exit_code == 0, result.output


def test_read_report_orders_the_tables_by_the_reports_own_framework(report):
    """Issue 21, item 19: `cm.read_report()` of a report of another framework, with no framework given."""
    import curriculum_map as cm

    tables = cm.read_report(report)
    own = load_framework(FRAMEWORK)
    assert list(tables.consensus["programme_id"].cat.categories) == [p.id for p in own.programmes]
    assert list(tables.consensus["programme_id"].unique()) == [p.id for p in own.programmes]
    assert [str(c) for c in tables.consensus["label"].cat.categories] == [lv.label.get() for lv in own.levels]
    assert list(tables.consensus["item_id"].cat.categories)[:3] == [
        own.components[0].id,
        *[c.id for c in own.components[0].competences][:2],
    ]
