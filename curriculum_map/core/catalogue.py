"""The one message catalogue: every text a user can see, by a stable code, in Dutch and English.

Three data files share one namespace of codes, each file one kind of text:

- ``data/problems.yaml``: problems found in filled workbooks, with a severity (docs/problems.md);
- ``data/messages.yaml``: what stops a command, and what is wrong in a framework, CASE, crosswalk
  or report file (docs/messages.md);
- ``data/texts.yaml``: interface texts of the workbooks, the reports and the command line, the
  command line's help and click's own words.

Code that shows a text names its code and passes values; errors carry a code and values
(`CurriculumMapError`) and are put into words only when shown, in the language asked for.

Templates are `str.format` templates with one addition, a count with its word in both forms:
``{count:werkmap|werkmappen}`` gives "1 werkmap", "0 werkmappen", "1.000 werkmappen" (the number as
`format_number` writes it in the language), and a leading bar leaves the number out:
``{count:|heeft|hebben}`` gives just "heeft" or "hebben". A form may be several words. The value
must be a whole number; one takes the first form, every other number the second (Dutch and English
agree on that).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources
from string import Formatter
from typing import Any, Protocol, runtime_checkable

from curriculum_map.core.numbers import format_number
from curriculum_map.core.yamlfile import parse_package_yaml

LANGUAGES = ("nl", "en")  # the languages of the catalogue: the tool's own texts
DEFAULT_LANGUAGE = "nl"
# The tool's own texts in a language the catalogue does not have (a framework may have French texts):
# English, the second language of most readers who read neither Dutch nor a language of the catalogue.
FALLBACK_LANGUAGE = "en"
# What --lang accepts: a language tag as frameworks write them (nl, fr, pt-BR, nds), not a name.
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")
SOURCES = ("problems.yaml", "messages.yaml", "texts.yaml")
_NOT_A_LANGUAGE = ("severity",)


@cache
def _load(source: str) -> dict[str, dict[str, Any]]:
    raw = (resources.files("curriculum_map") / "data" / source).read_text(encoding="utf-8")
    return parse_package_yaml(raw) or {}


@cache
def entries() -> dict[str, dict[str, Any]]:
    """Every code of the three files with its entry (a template per language, and a severity for problems)."""
    merged: dict[str, dict[str, Any]] = {}
    for source in SOURCES:
        for code, entry in _load(source).items():
            if code in merged:
                raise ValueError(f"message code {code!r} is defined twice (again in {source})")
            merged[code] = entry
    return merged


def codes(source: str | None = None) -> list[str]:
    """The codes of one data file (such as "problems.yaml"), or of all of them."""
    return list(_load(source)) if source is not None else list(entries())


def interface_language(lang: str) -> str:
    """The language of the tool's own texts in a run in `lang`: `lang` when the catalogue has it, else English."""
    return lang if lang in LANGUAGES else FALLBACK_LANGUAGE


def is_language_tag(value: str) -> bool:
    """Whether `value` reads as a language tag (fr, pt-BR), as --lang and a framework's languages are written."""
    return _LANGUAGE_TAG.fullmatch(value) is not None


def template(code: str, lang: str = DEFAULT_LANGUAGE) -> Any:
    """The raw template of `code` in `lang` (English for a language the catalogue lacks): a text or a list."""
    entry = entries()[code]
    return entry.get(interface_language(lang), entry[DEFAULT_LANGUAGE])


def languages(code: str) -> dict[str, Any]:
    """The templates of `code` per language."""
    return {lang: value for lang, value in entries()[code].items() if lang not in _NOT_A_LANGUAGE}


def placeholders(code: str, lang: str | None = None) -> frozenset[str]:
    """The names in {braces} that the templates of `code` use, in one language or in any."""
    templates = [template(code, lang)] if lang is not None else list(languages(code).values())
    texts = [t for value in templates for t in (value if isinstance(value, list) else [value])]
    return frozenset(name.split(".")[0].split("[")[0] for t in texts for _, name, _, _ in Formatter().parse(t) if name)


def check(code: str, params: Mapping[str, Any]) -> None:
    """Refuse an unknown code or missing values where the message is made, not later when it is shown."""
    if code not in entries():
        raise KeyError(f"unknown message code {code!r}")
    missing = placeholders(code) - params.keys()
    if missing:
        raise KeyError(f"message {code!r} needs {', '.join(sorted(missing))}")


@runtime_checkable
class Localised(Protocol):
    """A value that puts itself into words in a language: a Message, a problem, an error."""

    def render(self, lang: str = DEFAULT_LANGUAGE) -> str: ...


def localise(value: Any, lang: str) -> Any:
    """A value ready for a template: what can put itself into words does so in `lang`."""
    if isinstance(value, (str, int, float)):  # most values; a runtime-checkable Protocol is a slow isinstance
        return value
    return value.render(lang) if isinstance(value, Localised) else value


PLURAL_BAR = "|"  # in a format spec: the forms of the word for one and for any other number


def plural_forms(spec: str) -> tuple[str, str, bool] | None:
    """The forms of a plural spec ("werkmap|werkmappen") and whether the number is shown; None for any other spec."""
    if PLURAL_BAR not in spec:
        return None
    bare = spec.startswith(PLURAL_BAR)
    forms = spec.removeprefix(PLURAL_BAR).split(PLURAL_BAR)
    if len(forms) != 2:
        raise ValueError(f"a plural spec has two forms, one|many: {spec!r}")
    return forms[0], forms[1], not bare


def counted(count: int, spec: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """`count` with the word of a plural spec that fits it: "1 werkmap", "3 werkmappen", or just the word."""
    forms = plural_forms(spec)
    if forms is None:
        raise ValueError(f"not a plural spec (one|many): {spec!r}")
    if isinstance(count, bool) or not isinstance(count, int):
        # a number formatted beforehand ("1.000") would be read as text: pass the int, the spec writes it
        raise TypeError(f"a plural {{…:{spec}}} counts a whole number, not {count!r}")
    one, many, with_number = forms
    word = one if count == 1 else many
    return f"{format_number(count, interface_language(lang))} {word}" if with_number else word


class _Filler(Formatter):
    """str.format for one language, which also understands the plural spec {count:werkmap|werkmappen}."""

    def __init__(self, lang: str):
        self.lang = lang

    def format_field(self, value: Any, format_spec: str) -> Any:
        if PLURAL_BAR in format_spec:
            return counted(value, format_spec, self.lang)
        return super().format_field(value, format_spec)


@cache
def _filler(lang: str) -> _Filler:
    return _Filler(lang)


def fill(found: str, lang: str, values: Mapping[str, Any]) -> str:
    """A template with its placeholders filled in; str.format unless the template counts something."""
    # str.format is several times faster than a Formatter written in Python, and most texts count nothing
    return _filler(lang).vformat(found, (), values) if PLURAL_BAR in found else found.format(**values)


def render(code: str, lang: str = DEFAULT_LANGUAGE, **params: Any) -> str:
    """The text of `code` in `lang` with its placeholders filled in."""
    found = template(code, lang)
    return fill(found, lang, {k: localise(v, lang) for k, v in params.items()}) if params else found


def render_list(code: str, lang: str = DEFAULT_LANGUAGE, **params: Any) -> list[str]:
    """A list-valued text (numbered steps), each item with its placeholders filled in."""
    values = {k: localise(v, lang) for k, v in params.items()}
    return [fill(item, lang, values) for item in template(code, lang)]


class Message:
    """A text by code with its values, put into words only when shown; str() gives the Dutch text."""

    __slots__ = ("code", "params")

    def __init__(self, code: str, /, **params: Any):
        check(code, params)
        self.code = code
        self.params = params

    def render(self, lang: str = DEFAULT_LANGUAGE) -> str:
        return render(self.code, lang, **self.params)

    def __str__(self) -> str:
        return self.render()

    def __repr__(self) -> str:
        return f"Message({self.code!r}, {self.params!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Message) and (self.code, self.params) == (other.code, other.params)

    def __hash__(self) -> int:
        return hash((self.code, tuple(sorted((k, repr(v)) for k, v in self.params.items()))))


class Joined:
    """Several values shown as one, each in the language of the message around it."""

    def __init__(self, items: Iterable[Any], separator: str = ", "):
        self.items = list(items)
        self.separator = separator

    def render(self, lang: str = DEFAULT_LANGUAGE) -> str:
        return self.separator.join(str(localise(item, lang)) for item in self.items)

    def __str__(self) -> str:
        return self.render()


def _restore(cls: type[Exception], args: tuple[Any, ...], state: dict[str, Any]) -> Exception:
    error = cls.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    return error


class CurriculumMapError(Exception):
    """An error the user can act on, as a catalogue code and its values; str() gives the Dutch message."""

    def __init__(self, code: str, /, **params: Any):
        check(code, params)
        super().__init__(code)
        self.code = code
        self.params = params

    def message(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """The error in words, in `lang`."""
        return render(self.code, lang, **self.params)

    def render(self, lang: str = DEFAULT_LANGUAGE) -> str:
        return self.message(lang)

    def __str__(self) -> str:
        return self.message()

    def __reduce__(self) -> tuple[Any, ...]:
        # subclasses take other arguments than (code, **params); rebuild them from their state,
        # so that an error travels back from a worker process whatever its signature
        return (_restore, (type(self), self.args, self.__dict__))
