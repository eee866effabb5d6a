"""Plain-text renderings for the terminal."""

from __future__ import annotations

import textwrap

from curriculum_map.framework.model import Framework


def render_framework(framework: Framework, lang: str | None = None) -> str:
    """The framework as an indented outline, with the legend, programmes and positions."""
    lines = [
        framework.title.get(lang),
        f"id {framework.id} · versie {framework.version} · hash {framework.hash[:12]}",
        "",
        "Legende: " + " < ".join(f"{lv.label.get(lang)} ({lv.score})" for lv in framework.levels),
        "Opleidingen: " + ", ".join(p.name.get(lang) for p in framework.programmes),
        "Posities: " + ", ".join(p.name.get(lang) for p in framework.positions),
        "",
    ]
    for focus in framework.focuses:
        lines.append(f"Focus {focus.id}. {focus.name.get(lang)}")
        for cluster in focus.clusters:
            lines.append(f"  Cluster {cluster.id}. {cluster.name.get(lang)}")
            for component in cluster.components:
                lines.append(f"    {component.id} {component.kind.label.get(lang)}")
                subtheme = None
                for competence in component.competences:
                    indent = "      "
                    if competence.subtheme is not None:
                        if competence.subtheme.get(lang) != subtheme:
                            subtheme = competence.subtheme.get(lang)
                            lines.append(f"      [{subtheme}]")
                        indent = "        "
                    first, *rest = competence.text.get(lang).split("\n")
                    lines.extend(
                        textwrap.wrap(
                            f"{competence.id} {first}", 100, initial_indent=indent, subsequent_indent=indent + "  "
                        )
                    )
                    lines.extend(indent + "  " + extra for extra in rest)
        lines.append("")
    lines.append(
        f"{len(framework.focuses)} focussen, {len(framework.clusters)} clusters, "
        f"{len(framework.components)} componenten, {len(framework.competences)} competenties"
    )
    return "\n".join(lines)
