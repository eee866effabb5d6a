"""report.html of a positions aggregate: expectations per cluster, agreement, prompts for discussion,
profiles, added competences, respondents and problems.

Individual answers and names are shown only when enough respondents took part (privacy).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from curriculum_map.core.texts import text
from curriculum_map.core.version import __version__
from curriculum_map.framework.model import Competence
from curriculum_map.positions.aggregate import CLASSES, PositionsAggregation
from curriculum_map.positions.labels import (
    CLASS_COLOURS,
    alpha_text,
    choices_text,
    competence_text,
    data_note,
    position_names,
    rule,
    share_text,
)
from curriculum_map.render.html import level_styles, picture_markup, problem_entries, render_template

TEXT_KEYS = {
    "agreement": "positions.sheet.agreement", "prompts": "positions.sheet.prompts",
    "profiles": "positions.sheet.profiles", "added": "positions.sheet.added", "added_none": "positions.added.none",
    "respondents": "html.respondents", "problems": "html.problems", "problems_none": "html.problems.none",
    "competence": "column.competence", "alpha": "positions.column.alpha", "overall": "positions.alpha.overall",
    "individual": "positions.individual", "respondent": "report.column.respondent", "role": "report.column.role",
    "date": "report.column.date", "file": "report.column.file", "cell": "report.column.cell",
    "code": "report.column.code", "severity": "report.column.severity", "message": "report.column.message",
    "component": "column.component", "own_choice": "column.own_choice", "position": "positions.column.position",
    "disagreement": "positions.column.disagreement", "legend": "html.legend", "cluster": "column.cluster",
}  # fmt: skip
Entry = dict[str, Any]


def render_html(
    aggregation: PositionsAggregation, pictures: Sequence[Any] = (), lang: str = "nl", min_respondents: int = 3
) -> str:
    """The positions report page; names and individual answers only with at least `min_respondents`."""
    agg, fw = aggregation, aggregation.framework
    show_individuals = len(agg.used) >= min_respondents
    context = {
        "lang": lang,
        "version": __version__,
        "title": text("positions.report.title", lang),
        "data_note": data_note(agg, lang),
        "rule": rule(fw, lang),
        "levels": level_styles(fw, lang),
        "na_colour": "#d9d9d9",
        "positions": [p.name.get(lang) for p in fw.positions],
        "class_colours": CLASS_COLOURS,
        "classes": [(c, text(f"class.{c}", lang)) for c in CLASSES],
        "privacy": "" if show_individuals else text("positions.privacy", lang, minimum=min_respondents),
        "alpha": alpha_text(agg.alpha),
        "alpha_note": text("positions.alpha.note", lang),
        "clusters": _clusters(agg, lang),
        "prompts": _prompts(agg, lang, show_individuals),
        "prompts_note": text("positions.prompts.note", lang),
        "profiles": _profiles(agg, lang),
        "profile_note": text("positions.profile.note", lang),
        "added": _added(agg, lang, show_individuals),
        "respondents": [{"respondent": p.respondent, "role": p.role, "date": p.date} for p in agg.respondents]
        if show_individuals
        else [],
        "respondent_count": len(agg.used),
        "problems": problem_entries(agg.problems, lang),
        "pictures": [{"svg": picture_markup(p), "title": p.title} for p in pictures],
        "t": {name: text(key, lang) for name, key in TEXT_KEYS.items()},
        "footer": text("html.footer", lang, version=__version__, framework=fw.id, fw_version=fw.version),
    }
    return render_template("positions.html.j2", context)


def _clusters(agg: PositionsAggregation, lang: str) -> list[Entry]:
    """Per cluster: its agreement and a row per competence."""
    return [
        {
            "id": cluster.id,
            "heading": f"{text('column.cluster', lang)} {cluster.id}. {cluster.name.get(lang)}",
            "alpha": alpha_text(agg.alpha_per_cluster.get(cluster.id)),
            "rows": [_competence_row(agg, x, lang) for k in cluster.components for x in k.competences],
        }
        for cluster in agg.framework.clusters
    ]


def _competence_row(agg: PositionsAggregation, competence: Competence, lang: str) -> Entry:
    """A competence with, for every position, the share expecting it and its consensus class."""
    cells = []
    for position in agg.framework.positions:
        expectation = agg.cell(competence.id, position.id)
        label = f"{share_text(expectation.share)} · {text(f'class.{expectation.consensus}', lang)}"
        cells.append({"text": label, "css": expectation.consensus})
    return {"label": f"{competence.id} {competence.text.get(lang)}".replace("\n", " "), "cells": cells}


def _prompts(agg: PositionsAggregation, lang: str, show_individuals: bool) -> list[Entry]:
    """The competences respondents disagree on most, with each respondent's choices when they may be shown."""
    fw = agg.framework
    prompts = []
    for item_id, score in agg.most_disagreement():
        answers = []
        if show_individuals:
            for reading in agg.used:
                chosen = {a.position_id: a.level.label.get(lang) for a in reading.answers if a.item_id == item_id}
                answers.append(
                    {"respondent": reading.respondent.name, "choices": [chosen.get(p.id, "–") for p in fw.positions]}
                )
        label = f"{item_id} {competence_text(fw, item_id, lang)}".replace("\n", " ")
        prompts.append({"label": label, "score": f"{score:.2f}", "answers": answers})
    return prompts


def _profiles(agg: PositionsAggregation, lang: str) -> list[Entry]:
    """Per cluster: how many of its competences a majority expects of each position."""
    fw = agg.framework
    profiles = []
    for cluster in fw.clusters:
        ids = [x.id for k in cluster.components for x in k.competences]
        profiles.append(
            {
                "label": f"{cluster.id}. {cluster.name.get(lang)} ({len(ids)})",
                "counts": [agg.profile(p.id, ids) for p in fw.positions],
            }
        )
    return profiles


def _added(agg: PositionsAggregation, lang: str, show_individuals: bool) -> list[Entry]:
    """The competences respondents added; who added them only when names may be shown."""
    names = position_names(agg.framework, lang)
    return [
        {
            "component": a.own.component_id,
            "text": a.own.text,
            "respondent": a.respondent if show_individuals else "",
            "choices": choices_text(a, names, lang),
            "own_choice": a.own.own_choice,
        }
        for a in agg.added
    ]
