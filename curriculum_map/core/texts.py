"""Interface texts in Dutch and English, read from the package's data file."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

from curriculum_map.core.yamlfile import parse_yaml

LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"


@cache
def _catalogue() -> dict[str, dict[str, Any]]:
    raw = (resources.files("curriculum_map") / "data" / "texts.yaml").read_text(encoding="utf-8")
    return parse_yaml(raw)


def text(key: str, lang: str = DEFAULT_LANGUAGE, **values: Any) -> str:
    """The interface text `key` in `lang` (Dutch when missing), with placeholders filled in."""
    entry = _catalogue()[key]
    template = entry.get(lang, entry[DEFAULT_LANGUAGE])
    return template.format(**values) if values else template


def text_list(key: str, lang: str = DEFAULT_LANGUAGE, **values: Any) -> list[str]:
    """A list-valued interface text (numbered steps), each item with placeholders filled in."""
    entry = _catalogue()[key]
    return [item.format(**values) for item in entry.get(lang, entry[DEFAULT_LANGUAGE])]


def all_translations(key: str) -> set[str]:
    """Every language's version of a text; the reader accepts any of them."""
    return {str(v) for v in _catalogue()[key].values()}
