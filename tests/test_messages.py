"""One message catalogue: every code in both languages, and every command speaking one language only."""

from __future__ import annotations

import ast
import json
import pickle
import re
from pathlib import Path
from string import Formatter

import click
import pytest

from conftest import REPO, run
from curriculum_map.cli import cli
from curriculum_map.core.catalogue import (
    LANGUAGES,
    SOURCES,
    CurriculumMapError,
    Message,
    codes,
    counted,
    entries,
    languages,
    placeholders,
    plural_forms,
    render,
)
from curriculum_map.core.problems import Problem

PLACEHOLDER = re.compile(r"\{[^{}:]*(?::([^{}]*))?\}")
WORD = re.compile(r"[a-zà-ÿ]{3,}")
# a plural hedged with brackets, as in werkmap(pen), opleiding(en), file(s), focus(es), cel(len)
HEDGE = re.compile(r"[^\W\d_]\([a-z]{1,4}\)")


def words(text: str) -> set[str]:
    """The words of a text; of a placeholder only the words of its plural forms ({count:werkmap|werkmappen})."""
    forms = PLACEHOLDER.sub(lambda m: " " + (m[1] or "").replace("|", " ") + " ", text)
    return set(WORD.findall(forms.lower()))


def texts_of_code(code: str, lang: str) -> list[str]:
    value = languages(code)[lang]
    return value if isinstance(value, list) else [value]


def texts_of(lang: str) -> list[str]:
    return [t for code in codes() for t in texts_of_code(code, lang)]


DUTCH = set().union(*(words(t) for t in texts_of("nl")))
ENGLISH = set().union(*(words(t) for t in texts_of("en")))
ONLY = {"nl": DUTCH - ENGLISH, "en": ENGLISH - DUTCH}  # words that give a language away


def command_words() -> set[str]:
    """Names the user types (commands, options, choices): the same in both languages."""
    found: set[str] = set()

    def walk(command: click.Command) -> None:
        found.update(words(command.name or ""))
        for param in command.params:
            for name in (*param.opts, *param.secondary_opts):
                found.update(words(name))
            if isinstance(param.type, click.Choice):
                found.update(words(" ".join(map(str, param.type.choices))))
        for sub in getattr(command, "commands", {}).values():
            walk(sub)

    walk(cli)
    return found | {"help"}  # -h, --help


def data_words() -> set[str]:
    """Words of the framework (keys of its format, names of programmes and positions) that output may quote."""
    from curriculum_map.framework.model import load_framework

    schema = json.loads((REPO / "curriculum_map" / "data" / "framework.schema.json").read_text(encoding="utf-8"))
    keys: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            keys.update(node.get("properties", {}))
            keys.update(node.get("required", []))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    framework = load_framework()
    names = [n for item in (*framework.programmes, *framework.positions) for n in item.name.all()]
    return words(" ".join(keys)) | words(" ".join(names))


TYPED = command_words() | data_words()


def foreign_words(output: str, lang: str, *strip: Path) -> set[str]:
    """Words of the other language in `output`, leaving out paths and what the user typed."""
    for path in sorted(map(str, strip), key=len, reverse=True):
        output = re.sub(re.escape(path) + r"[^\s:;,']*", " ", output)
    other = "en" if lang == "nl" else "nl"
    return (words(output) - TYPED) & ONLY[other]


# -- the catalogue --------------------------------------------------------------------------------


def test_every_code_has_both_languages_with_the_same_placeholders():
    assert len(entries()) == sum(len(codes(source)) for source in SOURCES)  # no code defined twice
    for code in codes():
        texts = languages(code)
        assert set(texts) == set(LANGUAGES), code
        assert all(texts.values()), code
        assert placeholders(code, "nl") == placeholders(code, "en"), code
        if isinstance(texts["nl"], list):
            assert len(texts["nl"]) == len(texts["en"]), code


def test_the_languages_are_told_apart_by_their_own_words():
    assert {"niet", "het", "een", "bestand", "gevonden"} <= ONLY["nl"]
    assert {"not", "the", "file", "found"} <= ONLY["en"]


def test_every_message_code_is_documented():
    documented = (REPO / "docs" / "messages.md").read_text(encoding="utf-8")
    for code in codes("messages.yaml"):
        assert f"| `{code}` |" in documented, code
    for code in ("cli.error", "cli.unknown_programme", "cli.inputs_missing", "cli.existing_files", "cli.no_positions"):
        assert f"| `{code}` |" in documented, code


def test_clicks_words_in_the_catalogue_are_clicks_own():
    """The English text of every click.* entry is a text click has, so that the translation is found."""
    source = Path(click.__file__).parent
    literals = {
        node.value
        for path in source.glob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }
    stale = [code for code in codes() if code.startswith("click.") and languages(code)["en"] not in literals]
    assert stale == []


def test_no_text_hedges_a_plural():
    """Issue 16: "werkmap(pen)", "opleiding(en)", "item(s)" read as unfinished; a count names its word in both forms."""
    texts = [(code, lang, t) for lang in LANGUAGES for code in codes() for t in texts_of_code(code, lang)]
    assert [(code, lang, HEDGE.findall(t)) for code, lang, t in texts if HEDGE.search(t)] == []
    assert HEDGE.findall("3 werkmap(pen), 1 file(s), 2 focus(es), 4 cel(len)") == ["p(pen)", "e(s)", "s(es)", "l(len)"]


def test_every_plural_spec_has_a_form_for_one_and_for_many():
    specs = [
        (code, spec)
        for code in codes()
        for lang in LANGUAGES
        for t in texts_of_code(code, lang)
        for _, name, spec, _ in Formatter().parse(t)
        if name and spec and "|" in spec
    ]
    assert len(specs) > 100
    for code, spec in specs:
        one, many, _ = plural_forms(spec) or ("", "", True)
        assert one and many and one != many, (code, spec)


@pytest.mark.parametrize(
    ("count", "nl", "en"),
    [
        (0, "0 werkmappen", "0 workbooks"),
        (1, "1 werkmap", "1 workbook"),
        (2, "2 werkmappen", "2 workbooks"),
        (1000, "1.000 werkmappen", "1,000 workbooks"),
    ],
)
def test_a_count_is_written_with_the_word_that_fits_it(count, nl, en):
    assert render("count.workbooks", "nl", count=count) == nl
    assert render("count.workbooks", "en", count=count) == en
    assert render("count.workbooks", "fr", count=count) == en  # a language the catalogue lacks: English


@pytest.mark.parametrize(
    ("count", "nl", "en"),
    [
        (0, "0 rijen ontbreken (verwijderd?): –; die tellen", "0 rows missing (deleted?): –; they count"),
        (1, "1 rij ontbreekt (verwijderd?): 1.2; die telt", "1 row missing (deleted?): 1.2; it counts"),
        (2, "2 rijen ontbreken (verwijderd?): 1.2, 2.1; die tellen", "2 rows missing (deleted?): 1.2, 2.1; they count"),
        (1000, "1.000 rijen ontbreken (verwijderd?): …; die tellen", "1,000 rows missing (deleted?): …; they count"),
    ],
)
def test_the_words_that_agree_with_a_count_follow_it(count, nl, en):
    """{count:|die telt|die tellen}: the word without the number, in a problem of the catalogue."""
    ids = {0: "–", 1: "1.2", 2: "1.2, 2.1", 1000: "…"}[count]
    problem = Problem("rows-missing", sheet="Matrix", params={"count": count, "ids": ids})
    assert problem.message("nl").startswith(nl) and problem.message("en").startswith(en)


def test_a_summary_counts_each_of_its_numbers():
    values = {"used": 1, "programmes": 1000, "errors": 0, "warnings": 1, "notes": 2, "out": "rapport"}
    assert render("cli.aggregate.summary", "nl", **values) == (
        "1 werkmap verwerkt van 1.000 opleidingen; 0 fouten, 1 waarschuwing, 2 opmerkingen. Rapport in rapport"
    )
    assert render("cli.aggregate.summary", "en", **values) == (
        "1 workbook aggregated from 1,000 programmes; 0 errors, 1 warning, 2 notes. Report in rapport"
    )


def test_a_count_is_a_number_not_a_formatted_text():
    assert placeholders("rows-missing") == {"count", "ids"}  # the name is the part before ':'
    with pytest.raises(KeyError, match="count"):
        Problem("rows-missing", params={"ids": "1.2"})
    with pytest.raises(TypeError):
        render("count.workbooks", "nl", count="1.000")
    with pytest.raises(TypeError):
        counted(1.0, "werkmap|werkmappen", "nl")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        counted(1, "werkmap|werkmappen|werkmapjes", "nl")
    assert counted(1, "|heeft|hebben", "nl") == "heeft"
    assert counted(1000, "werkmap|werkmappen", "nl") == "1.000 werkmappen"


def test_a_message_needs_a_known_code_and_all_its_values():
    with pytest.raises(KeyError):
        Message("no-such-code")
    with pytest.raises(KeyError):
        CurriculumMapError("case-not-found")  # {path} missing
    assert render("case-not-found", "en", path="x.json") == "x.json: file not found"


def test_errors_render_in_both_languages_and_survive_a_process_boundary():
    from curriculum_map.render.output import OutputError

    error = pickle.loads(pickle.dumps(OutputError(Path("out"), Message("output-in-use"))))
    assert error.path == Path("out") and error.reason == Message("output-in-use")
    assert error.message("nl") == str(error) == "kan niet schrijven in 'out': " + render("output-in-use", "nl")
    assert error.message("en").startswith("cannot write to 'out': the file is in use")


def test_framework_problems_render_in_both_languages(tmp_path):
    from curriculum_map.framework.model import FrameworkError, load_framework

    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\nversion: 1\nfocuses: []\n", encoding="utf-8")
    with pytest.raises(FrameworkError) as caught:
        load_framework(bad)
    error = caught.value
    assert str(error) == error.message("nl") and str(bad) in error.message("en")
    assert foreign_words(error.message("en"), "en", bad) == set()
    assert foreign_words(error.message("nl"), "nl", bad) == set()
    first = error.problems[0]
    assert first.message == first.text("nl") and first.text("en") != first.text("nl")


# -- every command, with bad input, in both languages -------------------------------------------


@pytest.fixture
def bad(tmp_path) -> dict[str, Path]:
    """Inputs that each make a command fail."""
    paths = {}
    paths["framework"] = tmp_path / "kader.yaml"
    paths["framework"].write_text(
        "id: x\nversion: 1\nlevels: [{score: 3, label: a}]\ncomponent_kinds: []\nfocuses: [{id: F, clusters: []}]\n",
        encoding="utf-8",
    )
    paths["not-yaml"] = tmp_path / "broken.yaml"
    paths["not-yaml"].write_text("id: x\nfocuses: [\n", encoding="utf-8")
    paths["case"] = tmp_path / "case.json"
    paths["case"].write_text(json.dumps({"CFItems": []}), encoding="utf-8")
    paths["empty"] = tmp_path / "empty"
    paths["empty"].mkdir()
    paths["crosswalk"] = tmp_path / "crosswalk.yaml"
    paths["crosswalk"].write_text("map: {}\n", encoding="utf-8")
    paths["existing"] = tmp_path / "exists.yaml"
    paths["existing"].write_text("# mine\n", encoding="utf-8")
    paths["missing"] = tmp_path / "missing"
    paths["out"] = tmp_path / "out"
    return paths


def parser_words(path: Path) -> str:
    """What PyYAML says about a file that is not YAML; the tool passes it on as it is."""
    import yaml

    from curriculum_map.core.yamlfile import parse_yaml

    try:
        parse_yaml(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        return str(exc.problem)
    return "\0"


COMMANDS = {
    "framework validate": (["framework", "validate", "{framework}"], 1),
    "framework validate (not YAML)": (["framework", "validate", "{not-yaml}"], 1),
    "framework show": (["framework", "show", "--framework", "{missing}"], 2),
    "framework new": (["framework", "new", "--out", "{existing}"], 2),
    "framework export": (["framework", "export", "--framework", "{framework}", "--out", "{out}"], 2),
    "framework import": (["framework", "import", "{case}", "--out", "{out}"], 2),
    "framework import --depths": (["framework", "import", "{case}", "--out", "{out}", "--depths", "1,2"], 2),
    "framework import --types": (["framework", "import", "{case}", "--out", "{out}", "--types", "Domain"], 2),
    "template": (["template", "--programme", "Nope", "--out", "{out}"], 2),
    "validate": (["validate", "{missing}"], 2),
    "aggregate": (["aggregate", "{missing}", "--out", "{out}"], 2),
    "aggregate --crosswalk": (["aggregate", "{empty}", "--out", "{out}", "--crosswalk", "{crosswalk}"], 2),
    "heatmap": (["heatmap", "{empty}", "--out", "{out}"], 2),
    "compare": (["compare", "{empty}", "{empty}", "--out", "{out}"], 2),
    "positions template": (["positions", "template", "--framework", "{missing}", "--out", "{out}"], 2),
    "positions aggregate": (["positions", "aggregate", "{missing}", "--out", "{out}"], 2),
    "gap": (["gap", "{empty}", "{empty}", "--out", "{out}"], 2),
    "click: missing argument": (["aggregate", "--out", "{out}"], 2),
    "click: no such option": (["validate", "--bogus", "{missing}"], 2),
    "click: path does not exist": (["heatmap", "{missing}", "--out", "{out}"], 2),
    "click: not a choice": (["framework", "show", "--format", "xml"], 2),
    "click: not in range": (["aggregate", "{empty}", "--out", "{out}", "--jobs", "0"], 2),
}


def invoke(args: list[str], bad: dict[str, Path], env: dict[str, str] | None = None):
    filled = [arg.format(**bad) if arg.startswith("{") else arg for arg in args]
    return run(*filled, env=env)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", list(COMMANDS))
def test_each_command_with_bad_input_speaks_one_language(name, lang, bad, tmp_path):
    args, status = COMMANDS[name]
    result = invoke([*args, "--lang", lang], bad)
    assert result.exit_code == status, result.output
    assert "Traceback" not in result.output and result.output.strip()
    output = result.output.replace(parser_words(bad["not-yaml"]), " ")  # the YAML parser's own (English) words
    assert foreign_words(output, lang, tmp_path) == set(), result.output
    if status == 2:
        assert result.output.splitlines()[-1].startswith({"nl": "Fout: ", "en": "Error: "}[lang]), result.output
    if name.startswith("click"):
        assert ("Gebruik:" in result.output) == (lang == "nl") and ("Usage:" in result.output) == (lang == "en")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_lang_before_the_command_reaches_it(lang, bad, tmp_path):
    result = invoke(["--lang", lang, "framework", "validate", "{framework}"], bad)
    assert result.exit_code == 1
    assert foreign_words(result.output, lang, tmp_path) == set(), result.output


def test_the_environment_sets_the_default_and_an_explicit_lang_wins(bad, tmp_path):
    english = invoke(["aggregate", "{missing}", "--out", "{out}"], bad, env={"CURRICULUM_MAP_LANG": "en"})
    assert english.exit_code == 2 and english.output.startswith("Error: not found: ")
    assert invoke(
        ["framework", "validate", "{framework}"], bad, {"CURRICULUM_MAP_LANG": "en_GB.UTF-8"}
    ).output.endswith("problems found.\n")
    dutch = invoke(["aggregate", "{missing}", "--out", "{out}", "--lang", "nl"], bad, env={"CURRICULUM_MAP_LANG": "en"})
    assert dutch.output.startswith("Fout: niet gevonden: ")
    assert invoke(["aggregate", "{missing}", "--out", "{out}"], bad, {"CURRICULUM_MAP_LANG": "fr"}).output.startswith(
        "Fout: "
    )


def help_pages() -> list[list[str]]:
    pages = [[]]

    def walk(group: click.Group, path: list[str]) -> None:
        for name, command in group.commands.items():
            pages.append([*path, name])
            if isinstance(command, click.Group):
                walk(command, [*path, name])

    walk(cli, [])
    return pages


@pytest.mark.parametrize("page", help_pages(), ids=lambda page: " ".join(page) or "curriculum-map")
def test_help_is_in_the_language_asked_for(page):
    for lang, usage, options in (("nl", "Gebruik:", "Opties:"), ("en", "Usage:", "Options:")):
        result = run(*page, "--help", env={"CURRICULUM_MAP_LANG": lang})
        assert result.exit_code == 0, result.output
        assert result.output.startswith(usage) and options in result.output
        assert foreign_words(result.output, lang) == set(), result.output
    explicit = run("--lang", "en", *page, "--help", env={"CURRICULUM_MAP_LANG": "nl"})
    assert explicit.output.startswith("Usage:")


def test_version_speaks_the_language_too():
    assert run("--version", env={"CURRICULUM_MAP_LANG": "nl"}).output.startswith("curriculum-map, versie ")
    assert run("--lang", "en", "--version").output.startswith("curriculum-map, version ")


def test_case_import_warnings_speak_the_language(tmp_path):
    """A foreign package of two levels imports with a warning, in the language asked for."""
    package = {
        "CFDocument": {"identifier": "doc", "title": "Two levels", "language": "en"},
        "CFItems": [
            {"identifier": "a", "fullStatement": "Area"},
            {"identifier": "b", "fullStatement": "Skill", "humanCodingScheme": "S1"},
        ],
        "CFAssociations": [
            {
                "associationType": "isChildOf",
                "sequenceNumber": "1",
                "originNodeURI": {"identifier": "a"},
                "destinationNodeURI": {"identifier": "doc"},
            },
            {
                "associationType": "isChildOf",
                "originNodeURI": {"identifier": "b"},
                "destinationNodeURI": {"identifier": "a"},
            },
        ],
    }
    source = tmp_path / "two.json"
    source.write_text(json.dumps(package), encoding="utf-8")
    for lang, marker in (("nl", ": let op: "), ("en", ": note: ")):
        result = run("framework", "import", str(source), "--out", str(tmp_path / "k.yaml"), "--lang", lang)
        assert result.exit_code == 0, result.output
        assert marker in result.output and "sequenceNumber '1'" in result.output
        assert foreign_words(result.output, lang, tmp_path) == set(), result.output
