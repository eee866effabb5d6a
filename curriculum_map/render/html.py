"""HTML pages: self-contained (inline CSS, embedded pictures, no scripts, no network), from Jinja2 templates.

Every text goes through Jinja2's autoescaping: a comment typed in a workbook stays text.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable
from typing import Any

from markupsafe import Markup

from curriculum_map.core.palette import level_colours, text_colour
from curriculum_map.core.problems import ProblemRecord
from curriculum_map.core.texts import text
from curriculum_map.framework.model import Framework


def picture_markup(picture: Any) -> Markup:
    """A rendered picture for the page: its inline SVG, or its PNG as a data URI (no file, no network)."""
    if picture.svg:
        return Markup(picture.svg)
    data = base64.b64encode(picture.png).decode("ascii")
    return Markup('<img src="data:image/png;base64,{}" alt="{}">').format(data, picture.title)


SOFT_HYPHEN = "\u00ad"
LONG_WORD = 12  # letters: a word longer than this may not fit a narrow column header


def hyphenated(value: str, lang: str) -> str:
    """`value` with soft hyphens in its long words, so that a narrow column breaks them where the language
    allows ('Gezins-wetenschappen'), not anywhere. Pyphen's dictionaries; a language it lacks: unchanged."""
    import pyphen

    if not pyphen.language_fallback(lang):
        return value
    dictionary = pyphen.Pyphen(lang=lang)
    words = value.split(" ")
    return " ".join(dictionary.inserted(w, hyphen=SOFT_HYPHEN) if len(w) > LONG_WORD else w for w in words)


def render_template(name: str, context: dict[str, Any]) -> str:
    """Render one of the package's HTML templates with autoescaping on."""
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("curriculum_map", "data"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return environment.get_template(name).render(**context)


def level_styles(framework: Framework, lang: str) -> list[dict[str, Any]]:
    """Label, description and colours of each level, for the legend and the CSS."""
    levels = framework.levels
    colours = level_colours(len(levels))
    return [
        {
            "score": lv.score,
            "label": lv.label.get(lang),
            "description": lv.description.get(lang),
            "fill": colour,
            "ink": text_colour(colour),
        }
        for lv, colour in zip(levels, colours, strict=True)
    ]


def problem_entries(problems: Iterable[ProblemRecord], lang: str) -> list[dict[str, str]]:
    """The problems as rows of a report's problem table: file, place, code, severity, message."""
    return [
        {
            "file": p.file,
            "where": f"{p.sheet}!{p.cell}" if p.cell else p.sheet,
            "code": p.code,
            "severity": text(f"severity.{p.severity}", lang),
            "severity_key": p.severity,
            "message": p.message(lang),
        }
        for p in problems
    ]
