"""Write the growth over the rounds: trend.csv, the small-multiple pictures and trend.html (one run's files)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from curriculum_map.core.report_files import PICTURE_TREND, TREND_CSV, TREND_HTML
from curriculum_map.core.texts import text
from curriculum_map.core.version import __version__
from curriculum_map.framework.model import Programme
from curriculum_map.history.columns import TREND
from curriculum_map.history.trend import Point, Trend
from curriculum_map.render.csv import write_table
from curriculum_map.render.html import level_styles, picture_markup, render_template
from curriculum_map.render.output import atomic_path, run_folder


def _value(point: Point) -> object:
    # a component's consensus is a whole number, as in consensus.csv; a cluster's mean as in summary.csv
    return int(point.value) if point.scope in ("component", "competence") else point.value


def trend_rows(trend: Trend) -> Iterator[tuple[object, ...]]:
    """The rows of trend.csv: one per round and value, series after series."""
    default = trend.framework.default_language
    names = {p.id: p.name.get(default) for p in trend.framework.programmes}
    dates = {r.label: r.data_date for r in trend.rounds}
    for p in trend.points:
        yield (
            p.round, dates[p.round], p.programme_id, names.get(p.programme_id, p.programme_id), p.scope, p.item_id,
            p.sort_key, p.field, _value(p), p.label, "" if p.change is None else p.change, p.respondents,
        )  # fmt: skip


def write_trend(
    trend: Trend, out_dir: Path, lang: str = "nl", formats: Sequence[str] = ("png",), pictures: bool = True
) -> list[Path]:
    """Write trend.csv, the pictures (every programme x cluster; each programme's components) and trend.html."""
    with run_folder(out_dir, "trend") as run:
        with atomic_path(run.path(TREND_CSV)) as temporary:
            write_table(temporary, TREND, trend_rows(trend))
        rendered: list[Any] = []
        if pictures and trend.points:
            # matplotlib is imported only when pictures are drawn
            from curriculum_map.history.pictures import draw_overview, draw_programme
            from curriculum_map.render.pictures import render

            formats = tuple(dict.fromkeys(("png", *formats)))
            rendered.append(render(draw_overview(trend, lang), run.staging, formats, embed="png"))
            for programme in trend.programmes:
                rendered.append(render(draw_programme(trend, programme, lang), run.staging, formats, embed="png"))
        with atomic_path(run.path(TREND_HTML)) as temporary:
            temporary.write_text(
                render_template("trend.html.j2", page_context(trend, rendered, lang)), encoding="utf-8"
            )
        run.publish()
        names = [TREND_CSV, *(path.name for picture in rendered for path in picture.paths), TREND_HTML]
    return [out_dir / name for name in names]


def _number(value: float | None, lang: str, decimals: int = 1) -> str:
    if value is None:
        return "–"
    return f"{value:.{decimals}f}".replace(".", "," if lang == "nl" else ".")


def _signed(value: float | None, lang: str, decimals: int = 1) -> str:
    if value is None:
        return ""
    return ("+" if value > 0 else "−" if value < 0 else "±") + _number(abs(value), lang, decimals)


def _first_last(values: Sequence[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return present[-1] - present[0] if len(present) > 1 else None


def page_context(trend: Trend, rendered: Sequence[Any], lang: str) -> dict[str, Any]:
    """What trend.html shows: the rounds, the overview, and per programme its picture and tables."""
    fw = trend.framework

    def t(key: str, **values: object) -> str:
        return text(key, lang, **values)

    pictures = {picture.name: picture for picture in rendered}
    rounds = [
        {
            "label": r.label,
            "date": r.data_date or "–",
            "respondents": len(r.aggregation.submissions),
            "programmes": len(r.aggregation.programmes),
        }
        for r in trend.rounds
    ]
    clusters = []
    for programme in trend.programmes:
        for cluster in fw.clusters:
            values = trend.series(programme.id, "cluster", cluster.id)
            clusters.append(
                {
                    "programme": programme.name.get(lang),
                    "cluster": f"{cluster.id}. {cluster.name.get(lang)}",
                    "values": [_number(v, lang) for v in values],
                    "change": _signed(_first_last(values), lang),
                }
            )
    return {
        "lang": lang,
        "version": __version__,
        "title": t("trend.heading"),
        "intro": t("trend.intro", count=len(trend.rounds), first=trend.rounds[0].label, last=trend.rounds[-1].label),
        "guide": t("trend.guide"),
        "levels": level_styles(fw, lang),
        "na_colour": "#d9d9d9",
        "rounds": rounds,
        "labels": [r.label for r in trend.rounds],
        "overview": picture_markup(pictures[PICTURE_TREND]) if PICTURE_TREND in pictures else "",
        "overview_title": t("trend.overview"),
        "clusters": clusters,
        "programmes": [_programme_context(trend, programme, pictures, lang) for programme in trend.programmes],
        "no_data": t("html.no_data") if not trend.points else "",
        "t": {
            "rounds": t("trend.rounds"),
            "round": t("trend.round"),
            "date": t("trend.date"),
            "respondents": t("trend.respondents"),
            "programmes": t("trend.programmes"),
            "clusters": t("trend.clusters"),
            "programme": t("report.column.programme"),
            "cluster": t("column.cluster"),
            "component": t("column.component"),
            "change": t("trend.change"),
            "components": t("trend.components"),
        },
        "footer": t("html.footer", version=__version__, framework=fw.id, fw_version=fw.version),
    }


def _programme_context(trend: Trend, programme: Programme, pictures: dict[str, Any], lang: str) -> dict[str, Any]:
    from curriculum_map.history.pictures import programme_picture_name

    fw = trend.framework
    components = []
    counts = {"up": 0, "down": 0, "same": 0}
    for component in fw.components:
        values = trend.series(programme.id, "component", component.id)
        difference = _first_last(values)
        if difference is not None:
            counts["up" if difference > 0 else "down" if difference < 0 else "same"] += 1
        components.append(
            {
                "item": f"{component.id} {component.kind.label.get(lang)}",
                "cells": [
                    {
                        "score": None if v is None else int(v),
                        "text": "–" if v is None else fw.level(int(v)).label.get(lang),
                    }
                    for v in values
                ],
                "change": _signed(difference, lang, 0),
            }
        )
    picture = pictures.get(programme_picture_name(programme))
    return {
        "id": programme.id,
        "name": programme.name.get(lang),
        "summary": text("trend.counts", lang, **counts),
        "respondents": text(
            "trend.programme_respondents",
            lang,
            counts=", ".join(f"{r.label}: {r.aggregation.respondent_count(programme.id)}" for r in trend.rounds),
        ),
        "picture": picture_markup(picture) if picture is not None else "",
        "picture_title": picture.title if picture is not None else "",
        "components": components,
    }
