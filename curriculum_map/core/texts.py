"""Interface texts in Dutch and English: a view on the message catalogue (`core.catalogue`) by key.

A run in a language the catalogue lacks (a framework's French) gets them in English. A count with its
word is one text: `text("count.workbooks", lang, count=7)` gives "7 werkmappen" (`core.catalogue.counted`).
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

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "all_translations",
    "interface_language",
    "interface_note",
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


def interface_note(lang: str) -> str:
    """For a run in a framework language the catalogue lacks: that the tool's own texts are in English; else ""."""
    return text("lang.interface", lang, language=lang) if interface_language(lang) != lang else ""
