"""Interface texts in Dutch and English: a view on the message catalogue (`core.catalogue`) by key.

A run in a language the catalogue lacks (a framework's French) gets them in English.
"""

from __future__ import annotations

from typing import Any

from curriculum_map.core.catalogue import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    interface_language,
    languages,
    render,
    render_list,
)
from curriculum_map.core.numbers import format_number

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "all_translations",
    "interface_language",
    "interface_note",
    "plural",
    "text",
    "text_list",
]


def text(key: str, lang: str = DEFAULT_LANGUAGE, **values: Any) -> str:
    """The interface text `key` in `lang` (Dutch when missing), with placeholders filled in."""
    return render(key, lang, **values)


def text_list(key: str, lang: str = DEFAULT_LANGUAGE, **values: Any) -> list[str]:
    """A list-valued interface text (numbered steps), each item with placeholders filled in."""
    return render_list(key, lang, **values)


def all_translations(key: str) -> set[str]:
    """Every language's version of a text; the reader accepts any of them."""
    return {str(v) for v in languages(key).values()}


def plural(key: str, count: int, lang: str = DEFAULT_LANGUAGE, **values: Any) -> str:
    """The text `key.one` for one thing, `key.many` for any other number, with {count} written for readers."""
    return render(f"{key}.{'one' if count == 1 else 'many'}", lang, count=format_number(count, lang), **values)


def interface_note(lang: str) -> str:
    """For a run in a framework language the catalogue lacks: that the tool's own texts are in English; else ""."""
    return text("lang.interface", lang, language=lang) if interface_language(lang) != lang else ""
