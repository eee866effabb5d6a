"""Which language a run speaks: the framework's texts in any language it has, the tool's own in Dutch or English.

A framework may have texts in any number of languages (`nl`, `en`, `fr`, ...); the message catalogue
has Dutch and English. `--lang fr` with a framework in French gives the framework's texts (cluster
names, competences, the legend) in French and the tool's own texts (headings, instructions,
messages) in English, said once in a note. A language the framework does not have falls back to the
framework's default language, with a note that names the languages it has: the default language is
the one every text of the framework is written in (translations may be partial or unofficial), so
the output stays in one language, and a run asked in a language that is not there still does its
work instead of stopping.
"""

from __future__ import annotations

from dataclasses import dataclass

from curriculum_map.core.catalogue import LANGUAGES, Message, interface_language
from curriculum_map.framework.model import Framework, Text


def text_languages(framework: Framework) -> tuple[str, ...]:
    """The languages the framework has texts in: the default first, then as `languages` lists them, then others."""
    found: set[str] = set()

    def add(value: Text | None) -> None:
        if value is not None:
            found.update(value.values)

    add(framework.title)
    for level in framework.levels:
        add(level.label)
    for focus in framework.focuses:
        add(focus.name)
        for cluster in focus.clusters:
            add(cluster.name)
            for component in cluster.components:
                add(component.kind.label)
                for competence in component.competences:
                    add(competence.text)
    ordered = [framework.default_language, *framework.languages, *sorted(found)]
    return tuple(lang for lang in dict.fromkeys(ordered) if lang in found or lang == framework.default_language)


@dataclass(frozen=True)
class LanguageChoice:
    """The language asked for, the one the run uses for the framework's texts, and the one of the tool's own."""

    asked: str
    lang: str  # the framework's texts (each falling back to the default language where it has no translation)
    interface: str  # the tool's own texts: `lang` when the catalogue has it, else English
    available: tuple[str, ...]  # the languages the framework has texts in

    def notes(self) -> list[Message]:
        """What to tell the user: the language asked for is not there, or the tool's own texts are in another."""
        found: list[Message] = []
        languages = ", ".join(self.available)
        if self.lang != self.asked:
            found.append(Message("lang.fallback", asked=self.asked, available=languages, used=self.lang))
        elif self.lang not in self.available:
            found.append(
                Message("lang.framework_fallback", asked=self.asked, available=languages, used=self.available[0])
            )
        if self.interface != self.lang:
            found.append(self.interface_note())
        return found

    def interface_note(self) -> Message:
        """The tool's own texts are in `interface`, the framework's in `lang`: for workbooks and reports too."""
        return Message("lang.interface", language=self.lang)


def choose_language(framework: Framework, asked: str) -> LanguageChoice:
    """The language of a run asked in `asked`: it when the framework or the catalogue has it, else the default.

    A tag with a region (`fr-BE`) finds the framework's `fr` when the framework has no `fr-BE`.
    """
    available = text_languages(framework)
    primary = asked.replace("_", "-").split("-")[0].lower()
    if asked in available or asked in LANGUAGES:
        lang = asked
    elif primary in available or primary in LANGUAGES:
        lang = primary
    else:
        lang = framework.default_language
    return LanguageChoice(asked, lang, interface_language(lang), available)
