"""Plain-text renderings for the terminal."""

from __future__ import annotations

import textwrap

from curriculum_map.core.texts import text
from curriculum_map.framework.model import Framework, OutlineStep


def render_framework(framework: Framework, lang: str | None = None) -> str:
    """The framework as an indented outline, with the legend, programmes and positions."""
    words = lang or "nl"
    legend = " < ".join(f"{lv.label.get(lang)} ({lv.score})" for lv in framework.levels)
    lines = [
        framework.title.get(lang),
        text("outline.id", words, id=framework.id, version=framework.version, hash=framework.hash[:12]),
        "",
        text("outline.legend", words, levels=legend),
        text("outline.programmes", words, programmes=", ".join(p.name.get(lang) for p in framework.programmes)),
        text("outline.positions", words, positions=", ".join(p.name.get(lang) for p in framework.positions)),
        "",
    ]
    for step in framework.outline(lang):
        if step.kind == "focus" and step.number > 1:
            lines.append("")
        lines.extend(_outline_lines(step, lang, words))
    lines.append("")
    lines.append(
        text(
            "outline.counts",
            words,
            focuses=len(framework.focuses),
            clusters=len(framework.clusters),
            components=len(framework.components),
            competences=len(framework.competences),
        )
    )
    return "\n".join(lines)


def _outline_lines(step: OutlineStep, lang: str | None, words: str) -> list[str]:
    """The lines of one outline step: a heading, or a competence wrapped at 100 characters."""
    if step.kind == "focus":
        return [text("outline.focus", words, id=step.focus.id, name=step.focus.name.get(lang))]
    if step.kind == "cluster":
        assert step.cluster is not None
        return ["  " + text("outline.cluster", words, id=step.cluster.id, name=step.cluster.name.get(lang))]
    if step.kind == "component":
        assert step.component is not None
        return [f"    {step.component.id} {step.component.kind.label.get(lang)}"]
    if step.kind == "subtheme":
        return [f"      [{step.subtheme}]"]
    if step.kind == "component-end":
        return []
    assert step.competence is not None
    indent = "        " if step.competence.subtheme is not None else "      "
    first, *rest = step.competence.text.get(lang).split("\n")
    wrapped = textwrap.wrap(
        f"{step.competence.id} {first}", 100, initial_indent=indent, subsequent_indent=indent + "  "
    )
    return [*wrapped, *(indent + "  " + extra for extra in rest)]
