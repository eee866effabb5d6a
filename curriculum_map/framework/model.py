"""The competence framework as a typed model, loaded and validated from a data file."""

from __future__ import annotations

import difflib
import hashlib
import json
import math
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from curriculum_map.core.catalogue import DEFAULT_LANGUAGE, CurriculumMapError, check, render
from curriculum_map.core.report_files import FRAMEWORK_YAML
from curriculum_map.core.yamlfile import YamlLimitError, dump_yaml, parse_yaml
from curriculum_map.framework.schema import keys as schema_keys

BUILTIN_FRAMEWORK = "framework.yaml"
_ID = re.compile(r"^[0-9A-Za-z][0-9A-Za-z_-]*(\.[0-9A-Za-z_-]+)*$")

# The keys that say how answers are reported, not what a workbook asks: the content hash leaves them
# out, so that a target or a subject can change after the workbooks went out without every returned
# workbook counting as made from other content (docs/framework-format.md).
REPORTING_KEYS = ("subject", "covered_level", "target_level", "disagreement")
LEVEL_COUNT = (2, 10)  # a legend has this many levels at least and at most


@dataclass(frozen=True)
class Text:
    """A text in one or more languages; falls back to the framework's default language."""

    values: Mapping[str, str]
    default_language: str = "nl"

    def get(self, lang: str | None = None) -> str:
        """The text in `lang`, or in the default language when there is no translation."""
        if lang and lang in self.values:
            return self.values[lang]
        if self.default_language in self.values:
            return self.values[self.default_language]
        return next(iter(self.values.values()), "")

    def all(self) -> tuple[str, ...]:
        """Every translation, default language first."""
        first = self.values.get(self.default_language)
        rest = [v for k, v in self.values.items() if k != self.default_language]
        return tuple([first, *rest] if first is not None else rest)

    def to_json(self) -> str | dict[str, str]:
        if set(self.values) == {self.default_language}:
            return self.values[self.default_language]
        return dict(self.values)


@dataclass(frozen=True)
class Level:
    score: int
    label: Text
    description: Text


def default_disagreement(bottom: int, top: int) -> int:
    """Respondents this many levels apart disagree unless the file says otherwise: half the range, rounded up."""
    return max(1, math.ceil((top - bottom) / 2))


@dataclass(frozen=True)
class Scale:
    """The legend of the programme workbooks and how reports read it: what counts as well covered, the
    target, and how far apart answers must lie to be a discussion point."""

    levels: tuple[Level, ...]
    covered: int  # the score from which an item counts as well covered (default: the level below the highest)
    target: int  # the score programmes aim for (default: the highest); below it everywhere, an item is 'not practised'
    disagreement: int  # scores this many levels apart are a discussion point (default: half the range, rounded up)

    @classmethod
    def of(
        cls,
        levels: tuple[Level, ...],
        covered: int | None = None,
        target: int | None = None,
        disagreement: int | None = None,
    ) -> Scale:
        """A scale over `levels`, with the defaults for what the file leaves out."""
        bottom, top = levels[0].score, levels[-1].score
        return cls(
            levels,
            levels[-2].score if covered is None else covered,
            top if target is None else target,
            default_disagreement(bottom, top) if disagreement is None else disagreement,
        )

    @cached_property
    def _by_score(self) -> dict[int, Level]:
        return {level.score: level for level in self.levels}

    @property
    def lowest(self) -> Level:
        return self.levels[0]

    @property
    def highest(self) -> Level:
        return self.levels[-1]

    @property
    def bottom(self) -> int:
        """The lowest score (0 in the built-in legend, but a legend may start anywhere)."""
        return self.levels[0].score

    @property
    def top(self) -> int:
        return self.levels[-1].score

    @property
    def scores(self) -> tuple[int, ...]:
        return tuple(level.score for level in self.levels)

    def level(self, score: int) -> Level:
        """The level with this score (a KeyError for a score the legend does not have)."""
        return self._by_score[score]

    def label(self, score: int, lang: str | None = None) -> str:
        """The label of the level with this score, in `lang`."""
        return self._by_score[score].label.get(lang)

    def placeholders(self, lang: str | None = None) -> dict[str, Any]:
        """The values texts about the legend fill in: labels of the lowest, highest, target and covered
        levels, the lowest and highest score, a score between them, and the disagreement threshold."""
        return {
            "lowest": self.lowest.label.get(lang),
            "highest": self.highest.label.get(lang),
            "target": self.label(self.target, lang),
            "threshold": self.label(self.covered, lang),
            "bottom": self.bottom,
            "top": self.top,
            "median": (self.bottom + self.top) // 2,
            "levels": self.disagreement,
        }


@dataclass(frozen=True)
class ComponentKind:
    id: str
    label: Text


@dataclass(frozen=True)
class Competence:
    id: str
    text: Text
    subtheme: Text | None
    component_id: str
    code: str = ""  # the source's own code (CASE humanCodingScheme), shown next to our id
    short: Text | None = None  # a short name (CASE abbreviatedStatement)


@dataclass(frozen=True)
class Component:
    id: str
    kind: ComponentKind
    competences: tuple[Competence, ...]
    cluster_id: str
    code: str = ""
    short: Text | None = None


@dataclass(frozen=True)
class Cluster:
    id: str
    name: Text
    aliases: tuple[str, ...]
    description: Text
    explanation: Text | None
    components: tuple[Component, ...]
    focus_id: str
    code: str = ""
    short: Text | None = None


@dataclass(frozen=True)
class Focus:
    id: str
    name: Text
    aliases: tuple[str, ...]
    description: Text
    explanation: Text | None
    clusters: tuple[Cluster, ...]
    code: str = ""
    short: Text | None = None


def source_code(item: Focus | Cluster | Component | Competence) -> str:
    """The item's code in its source (CASE humanCodingScheme) when it says more than our id; else ''."""
    return item.code if item.code and item.code != item.id else ""


def with_source_code(item: Focus | Cluster | Component | Competence, statement: str) -> str:
    """A text with the item's source code in front, as workbooks and reports show it: 'RL.3.1 – Ask and answer ...'."""
    code = source_code(item)
    return f"{code} – {statement}" if code else statement


@dataclass(frozen=True)
class Programme:
    id: str
    name: Text
    short: Text
    # this programme's own target score, instead of the framework's; a reading, not part of who the programme is
    target_level: int | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Position:
    id: str
    name: Text
    aliases: tuple[str, ...]
    description: Text
    entry: bool = False  # the position of a newly hired graduate


NOT_APPLICABLE = "n/a"  # a proposal's or a respondent's answer: expected of no position in the organisation


@dataclass(frozen=True)
class Proposal:
    """A proposed position per competence (the framework's 'voorstel positie'): position id or NOT_APPLICABLE."""

    name: Text
    positions: Mapping[str, str]


@dataclass(frozen=True)
class OutlineStep:
    """One step of `Framework.outline`: a heading (focus, cluster, component, sub-theme) or a competence."""

    kind: str  # "focus", "cluster", "component", "subtheme", "competence", "component-end" (after its competences)
    focus: Focus
    cluster: Cluster | None = None
    component: Component | None = None
    competence: Competence | None = None
    subtheme: str | None = None
    number: int = 0  # the focus's number, counted from 1


@dataclass(frozen=True)
class Framework:
    id: str
    version: str
    hash: str
    title: Text
    default_language: str
    languages: tuple[str, ...]
    component_kinds: tuple[ComponentKind, ...]
    levels: tuple[Level, ...]
    programmes: tuple[Programme, ...]
    positions: tuple[Position, ...]
    focuses: tuple[Focus, ...]
    expectations: tuple[Level, ...] = ()
    unofficial: dict[str, str] = field(default_factory=dict, compare=False)  # language -> note
    source: str = ""
    path: str = ""
    _index: dict[str, Focus | Cluster | Component | Competence] = field(default_factory=dict, compare=False, repr=False)
    proposal: Proposal | None = field(default=None, compare=False, repr=False)  # the optional 'proposal' section
    # the parsed file it was built from: embedded in every workbook, so that a workbook can be read without the file
    document: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    _subject: Text | None = None  # what the framework is about, in titles; the title when the file has none
    _scale: Scale | None = None  # the levels with what counts as covered and the target (defaults when None)

    @property
    def subject(self) -> Text:
        """What the framework is about, as titles name it ('Digitale competenties'): the title when not given."""
        return self._subject or self.title

    @property
    def scale(self) -> Scale:
        """The legend with what counts as well covered, the target and the disagreement threshold."""
        return self._scale or Scale.of(self.levels)

    def level(self, score: int) -> Level:
        """The level with this score (scores need not start at 0: never index `levels` by a score)."""
        return self.scale.level(score)

    def target_for(self, programme: Programme | None) -> int:
        """The target score of a programme: its own when the file gives one, else the framework's."""
        if programme is not None and programme.target_level is not None:
            return programme.target_level
        return self.scale.target

    @property
    def clusters(self) -> tuple[Cluster, ...]:
        return tuple(c for f in self.focuses for c in f.clusters)

    @property
    def components(self) -> tuple[Component, ...]:
        return tuple(k for c in self.clusters for k in c.components)

    @property
    def competences(self) -> tuple[Competence, ...]:
        return tuple(x for k in self.components for x in k.competences)

    def outline(self, lang: str | None = None, competences: bool = True) -> Iterator[OutlineStep]:
        """The framework as its tables show it: focus, cluster, component, sub-theme, competence, in order.

        Every writer that lays the framework out (workbook sheets, the text outline) walks this
        instead of nesting four loops; a sub-theme step comes where the sub-theme (in `lang`) changes,
        and a component-end step after a component's competences (where own rows may follow).
        """
        for number, focus in enumerate(self.focuses, 1):
            yield OutlineStep("focus", focus, number=number)
            for cluster in focus.clusters:
                yield OutlineStep("cluster", focus, cluster, number=number)
                for component in cluster.components:
                    yield OutlineStep("component", focus, cluster, component, number=number)
                    if not competences:
                        continue
                    subtheme = None
                    for competence in component.competences:
                        if competence.subtheme is not None and competence.subtheme.get(lang) != subtheme:
                            subtheme = competence.subtheme.get(lang)
                            yield OutlineStep("subtheme", focus, cluster, component, subtheme=subtheme, number=number)
                        yield OutlineStep("competence", focus, cluster, component, competence, number=number)
                    yield OutlineStep("component-end", focus, cluster, component, number=number)

    def item(self, item_id: str) -> Focus | Cluster | Component | Competence | None:
        """The focus, cluster, component or competence with this id (ids are unique per kind)."""
        return self._index.get(item_id)

    def competence(self, item_id: str) -> Competence:
        """The competence with this id (a KeyError for any other id: the caller knows it is one)."""
        item = self._index[item_id]
        if not isinstance(item, Competence):
            raise KeyError(item_id)
        return item

    def cluster_of(self, item_id: str) -> Cluster:
        """The cluster a component or competence belongs to."""
        item = self._index[item_id]
        if isinstance(item, Competence):
            item = self._index[item.component_id]
        assert isinstance(item, Component)
        cluster = self._index["cluster:" + item.cluster_id]
        assert isinstance(cluster, Cluster)
        return cluster

    def focus_of(self, cluster: Cluster) -> Focus:
        focus = self._index["focus:" + cluster.focus_id]
        assert isinstance(focus, Focus)
        return focus

    def level_labels(self, lang: str | None = None) -> list[str]:
        return [level.label.get(lang) for level in self.levels]

    def kind_labels(self, lang: str | None = None) -> list[str]:
        """The labels of the component kinds, in order ('kennis', 'vaardigheden', 'attitudes')."""
        return [kind.label.get(lang) for kind in self.component_kinds]

    @property
    def entry_position(self) -> Position | None:
        return next((p for p in self.positions if p.entry), None)

    def find_programme(self, name: str) -> Programme | None:
        """The programme whose id or name (in any language) matches `name`, ignoring case."""
        wanted = _fold(name)
        for programme in self.programmes:
            if wanted in {_fold(programme.id), *(_fold(n) for n in programme.name.all())}:
                return programme
        return None

    def programme_id(self, name: str) -> str | None:
        """The id of the programme `name` names (see `find_programme`), or None: how lists name programmes."""
        programme = self.find_programme(name)
        return programme.id if programme is not None else None

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        """A JSON-ready view of the framework; texts in `lang` (default language when None)."""

        def text(value: Text | None) -> str | None:
            return value.get(lang) if value is not None else None

        return {
            "id": self.id,
            "version": self.version,
            "hash": self.hash,
            "title": text(self.title),
            "subject": text(self.subject),
            "language": lang or self.default_language,
            "levels": [
                {"label": text(lv.label), "score": lv.score, "description": text(lv.description)} for lv in self.levels
            ],
            "covered_level": self.scale.covered,
            "target_level": self.scale.target,
            "disagreement": self.scale.disagreement,
            "component_kinds": [{"id": k.id, "label": text(k.label)} for k in self.component_kinds],
            "programmes": [
                {"id": p.id, "name": text(p.name), "target_level": self.target_for(p)} for p in self.programmes
            ],
            "positions": [
                {"id": p.id, "name": text(p.name), "description": text(p.description)} for p in self.positions
            ],
            "focuses": [
                {
                    "id": f.id,
                    "name": text(f.name),
                    "description": text(f.description),
                    "clusters": [
                        {
                            "id": c.id,
                            "name": text(c.name),
                            "aliases": list(c.aliases),
                            "description": text(c.description),
                            "components": [
                                {
                                    "id": k.id,
                                    "kind": k.kind.id,
                                    "competences": [
                                        {"id": x.id, "text": text(x.text), "subtheme": text(x.subtheme)}
                                        for x in k.competences
                                    ],
                                }
                                for k in c.components
                            ],
                        }
                        for c in f.clusters
                    ],
                }
                for f in self.focuses
            ],
        }


@dataclass(frozen=True)
class FrameworkProblem:
    """One thing wrong with a framework file: the path of the offending entry and a catalogue code with values."""

    path: str
    code: str
    params: dict[str, Any] = field(default_factory=dict, hash=False)

    def __post_init__(self) -> None:
        check(self.code, self.params)

    def text(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """What is wrong, in `lang`, without the path."""
        return render(self.code, lang, **self.params)

    @property
    def message(self) -> str:
        """What is wrong, in Dutch (the default language); `text(lang)` gives it in another."""
        return self.text()

    def render(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """The path in the file, then what is wrong, in `lang`."""
        return f"{self.path}: {self.text(lang)}" if self.path else self.text(lang)

    def __str__(self) -> str:
        return self.render()


class FrameworkError(CurriculumMapError):
    """A framework file that cannot be used; carries every problem found, names the first."""

    def __init__(self, source: str, problems: list[FrameworkProblem]):
        first = problems[0] if problems else FrameworkProblem("", "framework-unknown-error")
        if len(problems) > 1:
            super().__init__("framework-invalid-more", source=source, problem=first, more=len(problems) - 1)
        else:
            super().__init__("framework-invalid", source=source, problem=first)
        self.source = source
        self.problems = problems


def _fold(value: str) -> str:
    return " ".join(str(value).split()).casefold()


def content_hash(document: Mapping[str, Any]) -> str:
    """A SHA-256 over the framework's content, independent of layout, comments and key order.

    The keys that only say how answers are reported (REPORTING_KEYS, also per programme) are left out.
    """
    canonical = json.dumps(_asked(document), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _asked(document: Mapping[str, Any]) -> dict[str, Any]:
    """The document without REPORTING_KEYS, at the top and in each programme."""
    asked = {key: value for key, value in document.items() if key not in REPORTING_KEYS}
    if isinstance(asked.get("programmes"), list):
        asked["programmes"] = [
            {key: value for key, value in p.items() if key not in REPORTING_KEYS} if isinstance(p, dict) else p
            for p in asked["programmes"]
        ]
    return asked


def builtin_framework_path() -> Path:
    return Path(str(resources.files("curriculum_map") / "data" / BUILTIN_FRAMEWORK))


def yaml_problem(exc: yaml.YAMLError, reason: object) -> FrameworkProblem:
    """A file that is not YAML, with the line and column where the parser stopped when it says so."""
    mark = getattr(exc, "problem_mark", None)
    if mark is None:
        return FrameworkProblem("", "framework-not-yaml", {"reason": reason})
    place = {"line": mark.line + 1, "column": mark.column + 1}
    if isinstance(exc, YamlLimitError):  # YAML, but an alias bomb or nested beyond any framework
        return FrameworkProblem("", exc.code, {**place, **exc.values})
    return FrameworkProblem("", "framework-not-yaml-at", {**place, "reason": reason})


def report_framework(report: str | Path) -> Framework:
    """The framework a report folder was made with (its framework.yaml); the built-in one for a folder of an
    older version, which kept none. `report` is the folder or a file in it."""
    report = Path(report)
    kept = (report if report.is_dir() else report.parent) / FRAMEWORK_YAML
    return load_framework(kept if kept.is_file() else None)


def load_framework(path: str | Path | None = None) -> Framework:
    """Load and validate a framework file (the built-in framework when `path` is None)."""
    source = Path(path) if path is not None else builtin_framework_path()
    try:
        raw_text = source.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FrameworkError(str(source), [FrameworkProblem("", "framework-not-found")]) from None
    except IsADirectoryError:
        raise FrameworkError(str(source), [FrameworkProblem("", "framework-is-a-folder")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise FrameworkError(
            str(source), [FrameworkProblem("", "framework-unreadable", {"reason": str(exc)})]
        ) from None
    try:
        document = parse_yaml(raw_text)
    except yaml.YAMLError as exc:
        reason = getattr(exc, "problem", None) or type(exc).__name__
        raise FrameworkError(str(source), [yaml_problem(exc, reason)]) from None
    framework, problems = build_framework(document, source=str(source))
    if problems or framework is None:
        raise FrameworkError(str(source), problems)
    return framework


def write_framework_file(framework: Framework, path: Path, comment: str) -> None:
    """The framework as a framework file, as it was read (`load_framework(path)` gives it back, same hash).

    `comment`: a first line that says what the file is.
    """
    path.write_text(f"# {comment}\n" + dump_yaml(framework.document), encoding="utf-8")


def framework_output(framework: Framework, lang: str) -> tuple[str, Callable[[Path], None]]:
    """framework.yaml of a report folder and its writer: the report says which framework it was made with."""
    comment = render("report.framework_file", lang, id=framework.id, version=framework.version)
    return FRAMEWORK_YAML, lambda path: write_framework_file(framework, path, comment)


class _Builder:
    """Turns a parsed document into a Framework while collecting every problem with its path."""

    def __init__(self, document: Any):
        self.document = document
        self.problems: list[FrameworkProblem] = []
        self.default_language = "nl"

    def problem(self, path: str, code: str, **params: Any) -> None:
        self.problems.append(FrameworkProblem(path, code, params))

    def mapping(self, value: Any, path: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.problem(path, "framework-mapping-expected")
            return {}
        return value

    def sequence(self, parent: dict[str, Any], key: str, path: str, required: bool = True) -> list[Any]:
        value = parent.get(key)
        if value is None:
            if required:
                self.problem(f"{path}.{key}" if path else key, "framework-missing")
            return []
        if not isinstance(value, list):
            self.problem(f"{path}.{key}" if path else key, "framework-list-expected")
            return []
        return value

    def string(self, parent: dict[str, Any], key: str, path: str, required: bool = True) -> str:
        value = parent.get(key)
        where = f"{path}.{key}" if path else key
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problem(where, "framework-missing-or-empty")
            return ""
        if isinstance(value, (dict, list)):
            self.problem(where, "framework-text-expected")
            return ""
        return str(value).strip()

    def text(self, parent: dict[str, Any], key: str, path: str, required: bool = True) -> Text | None:
        value = parent.get(key)
        where = f"{path}.{key}" if path else key
        if value is None or value == "":
            if required:
                self.problem(where, "framework-missing-or-empty")
            return None
        if isinstance(value, dict):
            values = {str(k): str(v).strip() for k, v in value.items() if v is not None and str(v).strip()}
            if not values:
                self.problem(where, "framework-no-translation")
                return None
            if self.default_language not in values:
                self.problem(where, "framework-default-language-missing", lang=self.default_language)
            return Text(values, self.default_language)
        if isinstance(value, list):
            self.problem(where, "framework-text-or-mapping-expected")
            return None
        return Text({self.default_language: str(value).strip()}, self.default_language)

    def known_keys(self, raw: dict[str, Any], path: str, part: str) -> None:
        """A problem for every key this part of the file does not have, with the closest known key when there is one."""
        allowed = schema_keys(part)  # the schema is the one table of keys (framework/schema.py)
        for key in raw:
            if key in allowed:
                continue
            where = f"{path}.{key}" if path else str(key)
            close = difflib.get_close_matches(str(key).lower(), allowed, n=1, cutoff=0.6)
            if close:
                self.problem(where, "framework-unknown-key-suggestion", key=key, suggestion=close[0])
            else:
                self.problem(where, "framework-unknown-key", key=key, allowed=", ".join(allowed))

    def item_extras(self, raw: dict[str, Any], path: str, part: str) -> tuple[str, Text | None]:
        """The keys every item may have besides its own: checks them, returns the code and the short name."""
        self.known_keys(raw, path, part)
        if raw.get("case") is not None and not isinstance(raw["case"], dict):
            self.problem(f"{path}.case", "framework-mapping-expected")
        return self.string(raw, "code", path, required=False), self.text(raw, "short", path, required=False)

    def aliases(self, parent: dict[str, Any], path: str) -> tuple[str, ...]:
        return tuple(str(a).strip() for a in self.sequence(parent, "aliases", path, required=False) if a)

    def item_id(self, parent: dict[str, Any], path: str, seen: dict[str, str], kind: str) -> str:
        item_id = self.string(parent, "id", path)
        if item_id and not _ID.match(item_id):
            self.problem(f"{path}.id", "framework-invalid-id", id=item_id)
        if item_id:
            key = f"{kind}:{item_id}"
            if key in seen:
                self.problem(f"{path}.id", "framework-duplicate-id", id=item_id, other=seen[key])
            seen[key] = path
        return item_id

    def levels(self, doc: dict[str, Any], key: str, required: bool) -> tuple[Level, ...]:
        """An ordered legend: whole-number scores from low to high, each one more than the one before
        (0, 1, 2, ... or 1, 2, 3, ...), labels unique per language."""
        levels: list[Level] = []
        for i, raw in enumerate(self.sequence(doc, key, "", required=required)):
            path = f"{key}[{i}]"
            raw = self.mapping(raw, path)
            self.known_keys(raw, path, "level")
            score = raw.get("score")
            expected = levels[-1].score + 1 if levels else None
            if not isinstance(score, int) or isinstance(score, bool):
                self.problem(f"{path}.score", "framework-integer-expected")
                score = expected if expected is not None else i
            elif expected is not None and score != expected:
                self.problem(f"{path}.score", "framework-level-order", expected=expected, found=score)
            label = self.text(raw, "label", path)
            description = self.text(raw, "description", path, required=False) or Text({"nl": ""})
            levels.append(Level(score, label or Text({"nl": str(score)}), description))
        low, high = LEVEL_COUNT
        if levels and not low <= len(levels) <= high:
            self.problem(key, "framework-level-count", count=len(levels), minimum=low, maximum=high)
        for lang in {lang for lv in levels for lang in lv.label.values}:
            labels = [_fold(lv.label.get(lang)) for lv in levels]
            for i, folded in enumerate(labels):
                if folded in labels[:i]:
                    self.problem(f"{key}[{i}].label", "framework-level-duplicate", label=folded, lang=lang)
        return tuple(levels)

    def score(self, raw: dict[str, Any], key: str, path: str, levels: tuple[Level, ...]) -> int | None:
        """A key that names a level by its score (`target_level`, `covered_level`), or None when absent or wrong."""
        value = raw.get(key)
        where = f"{path}.{key}" if path else key
        if value is None:
            return None
        if not isinstance(value, int) or isinstance(value, bool):
            self.problem(where, "framework-integer-expected")
            return None
        scores = [level.score for level in levels]
        if scores and value not in scores:
            self.problem(where, "framework-level-unknown", value=value, scores=", ".join(map(str, scores)))
            return None
        return value

    def scale(self, doc: dict[str, Any], levels: tuple[Level, ...]) -> Scale | None:
        """How reports read the legend: the covered level, the target and the disagreement threshold."""
        covered = self.score(doc, "covered_level", "", levels)
        target = self.score(doc, "target_level", "", levels)
        disagreement = doc.get("disagreement")
        span = levels[-1].score - levels[0].score if levels else 0
        if disagreement is not None:
            if not isinstance(disagreement, int) or isinstance(disagreement, bool):
                self.problem("disagreement", "framework-integer-expected")
                disagreement = None
            elif levels and not 1 <= disagreement <= span:
                self.problem("disagreement", "framework-disagreement-range", value=disagreement, maximum=span)
                disagreement = None
        if len(levels) < 2:
            return None
        return Scale.of(levels, covered, target, disagreement)

    def proposal(
        self, doc: dict[str, Any], index: dict[str, Any], positions: list[str], title: Text
    ) -> Proposal | None:
        """The optional 'proposal' section: a proposed position (or n/a) per competence, checked here."""
        if doc.get("proposal") is None:
            return None
        raw = self.mapping(doc["proposal"], "proposal")
        self.known_keys(raw, "proposal", "proposal")
        name = self.text(raw, "name", "proposal", required=False) or title
        chosen: dict[str, str] = {}
        for item_id, value in self.mapping(raw.get("positions"), "proposal.positions").items():
            path = f"proposal.positions.{item_id}"
            if not isinstance(index.get(str(item_id)), Competence):
                self.problem(path, "framework-proposal-unknown-competence", id=item_id)
            elif str(value) not in [*positions, NOT_APPLICABLE]:
                choices = ", ".join([*positions, NOT_APPLICABLE])
                self.problem(path, "framework-proposal-unknown-position", value=value, positions=choices)
            else:
                chosen[str(item_id)] = str(value)
        return Proposal(name, chosen)

    def build(self, source: str) -> Framework | None:
        doc = self.mapping(self.document, "")
        if not doc:
            if not self.problems:
                self.problem("", "framework-empty")
            return None
        self.default_language = self.string(doc, "default_language", "", required=False) or "nl"
        self.known_keys(doc, "", "framework")
        for lang, info in (doc.get("translations") or {}).items() if isinstance(doc.get("translations"), dict) else ():
            if isinstance(info, dict):
                self.known_keys(info, f"translations.{lang}", "translation")
        if doc.get("case") is not None:
            self.known_keys(self.mapping(doc["case"], "case"), "case", "case")
        seen: dict[str, str] = {}
        framework_id = self.string(doc, "id", "")
        version = self.string(doc, "version", "")
        title = self.text(doc, "title", "") or Text({self.default_language: framework_id})
        languages = tuple(str(x) for x in self.sequence(doc, "languages", "", required=False)) or (
            self.default_language,
        )

        kinds = []
        for i, raw in enumerate(self.sequence(doc, "component_kinds", "")):
            path = f"component_kinds[{i}]"
            raw = self.mapping(raw, path)
            self.known_keys(raw, path, "kind")
            kind_id = self.item_id(raw, path, seen, "kind")
            kinds.append(ComponentKind(kind_id, self.text(raw, "label", path) or Text({"nl": kind_id})))
        kinds_by_id = {k.id: k for k in kinds}

        subject = self.text(doc, "subject", "", required=False)
        levels = self.levels(doc, "levels", required=True)
        scale = self.scale(doc, levels)
        expectations = self.levels(doc, "expectation_levels", required=False)

        programmes = []
        for i, raw in enumerate(self.sequence(doc, "programmes", "", required=False)):
            path = f"programmes[{i}]"
            raw = self.mapping(raw, path)
            self.known_keys(raw, path, "programme")
            pid = self.item_id(raw, path, seen, "programme")
            name = self.text(raw, "name", path) or Text({"nl": pid})
            short = self.text(raw, "short", path, required=False) or name
            programmes.append(Programme(pid, name, short, self.score(raw, "target_level", path, levels)))

        positions = []
        for i, raw in enumerate(self.sequence(doc, "positions", "", required=False)):
            path = f"positions[{i}]"
            raw = self.mapping(raw, path)
            self.known_keys(raw, path, "position")
            pid = self.item_id(raw, path, seen, "position")
            positions.append(
                Position(
                    pid,
                    self.text(raw, "name", path) or Text({"nl": pid}),
                    self.aliases(raw, path),
                    self.text(raw, "description", path, required=False) or Text({"nl": ""}),
                    entry=raw.get("entry") is True,
                )
            )

        index: dict[str, Any] = {}
        focuses = []
        raw_focuses = self.sequence(doc, "focuses", "")
        if isinstance(doc.get("focuses"), list) and not raw_focuses:
            self.problem("focuses", "framework-no-focus")
        for fi, raw_focus in enumerate(raw_focuses):
            fpath = f"focuses[{fi}]"
            raw_focus = self.mapping(raw_focus, fpath)
            focus_code, focus_short = self.item_extras(raw_focus, fpath, "focus")
            focus_id = self.item_id(raw_focus, fpath, seen, "focus")
            clusters = []
            raw_clusters = self.sequence(raw_focus, "clusters", fpath)
            if isinstance(raw_focus.get("clusters"), list) and not raw_clusters:
                self.problem(f"{fpath}.clusters", "framework-focus-without-clusters")
            for ci, raw_cluster in enumerate(raw_clusters):
                cpath = f"{fpath}.clusters[{ci}]"
                raw_cluster = self.mapping(raw_cluster, cpath)
                cluster_code, cluster_short = self.item_extras(raw_cluster, cpath, "cluster")
                cluster_id = self.item_id(raw_cluster, cpath, seen, "cluster")
                components = []
                raw_components = self.sequence(raw_cluster, "components", cpath)
                if kinds and len(raw_components) != len(kinds):
                    self.problem(
                        f"{cpath}.components",
                        "framework-component-count",
                        cluster=cluster_id,
                        count=len(raw_components),
                        expected=len(kinds),
                        kinds=", ".join(k.id for k in kinds),
                    )
                for ki, raw_component in enumerate(raw_components):
                    kpath = f"{cpath}.components[{ki}]"
                    raw_component = self.mapping(raw_component, kpath)
                    component_code, component_short = self.item_extras(raw_component, kpath, "component")
                    component_id = self.item_id(raw_component, kpath, seen, "item")
                    if component_id and cluster_id and not component_id.startswith(cluster_id + "."):
                        self.problem(
                            f"{kpath}.id", "framework-component-prefix", component=component_id, cluster=cluster_id
                        )
                    kind_name = self.string(raw_component, "kind", kpath)
                    kind = kinds_by_id.get(kind_name)
                    if kind_name and kind is None:
                        self.problem(
                            f"{kpath}.kind",
                            "framework-kind-unknown",
                            kind=kind_name,
                            kinds=", ".join(k.id for k in kinds),
                        )
                    elif kind is not None and ki < len(kinds) and kinds[ki].id != kind.id:
                        self.problem(f"{kpath}.kind", "framework-kind-order", expected=kinds[ki].id, found=kind.id)
                    competences = []
                    for xi, raw_competence in enumerate(
                        self.sequence(raw_component, "competences", kpath, required=False)
                    ):
                        xpath = f"{kpath}.competences[{xi}]"
                        raw_competence = self.mapping(raw_competence, xpath)
                        competence_code, competence_short = self.item_extras(raw_competence, xpath, "competence")
                        competence_id = self.item_id(raw_competence, xpath, seen, "item")
                        if competence_id and component_id and not competence_id.startswith(component_id + "."):
                            self.problem(
                                f"{xpath}.id",
                                "framework-competence-prefix",
                                competence=competence_id,
                                component=component_id,
                            )
                        competence = Competence(
                            competence_id,
                            self.text(raw_competence, "text", xpath) or Text({"nl": ""}),
                            self.text(raw_competence, "subtheme", xpath, required=False),
                            component_id,
                            competence_code,
                            competence_short,
                        )
                        competences.append(competence)
                        index[competence_id] = competence
                    component = Component(
                        component_id,
                        kind or ComponentKind(kind_name, Text({"nl": kind_name})),
                        tuple(competences),
                        cluster_id,
                        component_code,
                        component_short,
                    )
                    components.append(component)
                    index[component_id] = component
                cluster = Cluster(
                    cluster_id,
                    self.text(raw_cluster, "name", cpath) or Text({"nl": cluster_id}),
                    self.aliases(raw_cluster, cpath),
                    self.text(raw_cluster, "description", cpath) or Text({"nl": ""}),
                    self.text(raw_cluster, "explanation", cpath, required=False),
                    tuple(components),
                    focus_id,
                    cluster_code,
                    cluster_short,
                )
                clusters.append(cluster)
                index["cluster:" + cluster_id] = cluster
            focus = Focus(
                focus_id,
                self.text(raw_focus, "name", fpath) or Text({"nl": focus_id}),
                self.aliases(raw_focus, fpath),
                self.text(raw_focus, "description", fpath, required=False) or Text({"nl": ""}),
                self.text(raw_focus, "explanation", fpath, required=False),
                tuple(clusters),
                focus_code,
                focus_short,
            )
            focuses.append(focus)
            index["focus:" + focus_id] = focus
        proposal = self.proposal(doc, index, [p.id for p in positions], title)
        if self.problems:
            return None
        return Framework(
            id=framework_id,
            version=version,
            hash=content_hash(doc),
            title=title,
            default_language=self.default_language,
            languages=languages,
            component_kinds=tuple(kinds),
            levels=levels,
            expectations=expectations,
            unofficial={
                str(lang): str(info.get("note") or "unofficial translation")
                for lang, info in (doc.get("translations") or {}).items()
                if isinstance(info, dict) and not info.get("official", False)
            },
            programmes=tuple(programmes),
            positions=tuple(positions),
            focuses=tuple(focuses),
            source=str(doc.get("source", "")),
            path=source,
            _index=index,
            proposal=proposal,
            document=doc,
            _subject=subject,
            _scale=scale,
        )


def build_framework(document: Any, source: str = "") -> tuple[Framework | None, list[FrameworkProblem]]:
    """Build a framework from a parsed document; returns it (or None) with every problem found."""
    builder = _Builder(document)
    framework = builder.build(source)
    return framework, builder.problems


def iter_items(framework: Framework) -> Iterator[Component | Competence]:
    """Every component, then every competence, in framework order."""
    yield from framework.components
    yield from framework.competences
