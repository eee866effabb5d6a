"""A new text written the way the framework writes its competences.

Reviewers type quickly ('Weten wat digitale  uitsluiting ... betekenen.'); the framework's own statements
follow a house style. The style is read from the framework itself, per language: the first letter as most of
its competences have it (lower case, or a capital), and a final full stop only when most of them end with
one. White space is collapsed and stripped. A first word written in capitals (AI, GDPR) keeps them.
"""

from __future__ import annotations

from dataclasses import dataclass

from curriculum_map.framework.model import Framework


@dataclass(frozen=True)
class Style:
    lower_first: bool
    full_stop: bool


def framework_style(framework: Framework, lang: str) -> Style:
    """How most of the framework's competences are written in `lang` (its default language when it has none)."""
    texts = [t for t in (c.text.get(lang).strip() for c in framework.competences) if t]
    if not texts:
        return Style(lower_first=False, full_stop=False)
    lower = sum(t[0].islower() for t in texts)
    stops = sum(t.endswith(".") for t in texts)
    return Style(lower_first=2 * lower > len(texts), full_stop=2 * stops > len(texts))


def tidy_statement(value: str, style: Style) -> str:
    """`value` with its white space collapsed, its first letter and final full stop as the framework writes them."""
    tidy = " ".join(value.split())
    if not tidy:
        return tidy
    first_word = tidy.split(" ", 1)[0]
    if style.lower_first and not (len(first_word) > 1 and first_word[1].isupper()):
        tidy = tidy[0].lower() + tidy[1:]
    elif not style.lower_first:
        tidy = tidy[0].upper() + tidy[1:]
    if style.full_stop and tidy[-1] not in ".!?":
        tidy += "."
    elif not style.full_stop and tidy.endswith(".") and not tidy.endswith(".."):
        tidy = tidy[:-1].rstrip()
    return tidy
