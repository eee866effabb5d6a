"""Write the growth per team: team-trend.csv and team-trend.html (one run's files), findings first."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from curriculum_map.core.numbers import format_share
from curriculum_map.core.report_files import TEAM_TREND_CSV, TEAM_TREND_HTML
from curriculum_map.core.tables import table
from curriculum_map.core.texts import text
from curriculum_map.core.version import __version__
from curriculum_map.history.team_trend import TeamPoint, TeamTrend
from curriculum_map.render.csv import write_table
from curriculum_map.render.html import render_template
from curriculum_map.render.output import atomic_path, run_folder


def team_trend_rows(trend: TeamTrend) -> Iterator[tuple[object, ...]]:
    """The rows of team-trend.csv: one per round, group and component, group after group."""
    dates = {(r.label, r.organisation): r.data_date for r in trend.rounds}
    for p in trend.points:
        yield (
            p.round, dates[(p.round, p.organisation)], p.organisation, p.group, p.scope, p.cluster_id,
            p.component_id, p.component, p.respondents, "" if p.asked is None else p.asked,
            "" if p.people_with_need is None else p.people_with_need, "" if p.share is None else round(p.share, 4),
            "" if p.change is None else p.change, "true" if p.share is None else "false", p.min_respondents,
        )  # fmt: skip


def write_team_trend(trend: TeamTrend, out_dir: Path, lang: str = "nl") -> list[Path]:
    """Write team-trend.csv and team-trend.html into `out_dir` (one run's files)."""
    with run_folder(out_dir, "team-trend") as run:
        with atomic_path(run.path(TEAM_TREND_CSV)) as temporary:
            write_table(temporary, table("team_trend"), team_trend_rows(trend))
        with atomic_path(run.path(TEAM_TREND_HTML)) as temporary:
            page = render_template("team-trend.html.j2", team_trend_context(trend, lang))
            temporary.write_text(page, encoding="utf-8")
        run.publish()
    return [out_dir / TEAM_TREND_CSV, out_dir / TEAM_TREND_HTML]


def _points(value: float | None, lang: str) -> str:
    """A change of a share in percentage points, signed: −33 (fewer with a need), +17, ±0."""
    if value is None:
        return ""
    whole = round(value * 100)
    return ("+" if whole > 0 else "−" if whole < 0 else "±") + str(abs(whole))


def _cell(point: TeamPoint | None, lang: str) -> dict[str, Any]:
    if point is None:
        return {"text": "–", "change": "", "same": False}
    if point.share is None:  # withheld by staff read: said in words, as team.html says it
        return {"text": text("team_trend.withheld", lang), "change": "", "same": False}
    share = format_share(point.share, lang)
    change = _points(point.change, lang)
    return {"text": f"{point.people_with_need}/{point.asked} ({share})", "change": change,
            "same": change == "±0"}  # fmt: skip


def _component(trend: TeamTrend, component_id: str, lang: str) -> str:
    """A component as the page's language names it (team-trend.csv keeps the words of each round's run)."""
    component = next((c for c in trend.framework.components if c.id == component_id), None)
    return f"{component.id} {component.kind.label.get(lang)}" if component is not None else component_id


def _group_name(trend: TeamTrend, key: tuple[str, str, str]) -> str:
    newest = [p for p in trend.points if p.key == key][-1]
    return f"{newest.group} ({newest.organisation})" if newest.organisation else newest.group


def _finding(trend: TeamTrend, key: tuple[str, str, str], lang: str) -> str:
    """One group in plain words, its latest round against the one before: in how many components fewer (more)
    people have a need; the largest fall and rise."""
    changes = [(p, p.change) for p in trend.points if p.key == key and p.change is not None]
    name = _group_name(trend, key)
    if not changes:
        return text("team_trend.finding.once", lang, group=name)
    order = [r.label for r in trend.rounds]
    latest = max((p.round for p, _ in changes), key=order.index)
    changes = [(p, c) for p, c in changes if p.round == latest]  # the latest step: what changed since last time
    fewer = sum(1 for _, c in changes if c < 0)
    more = sum(1 for _, c in changes if c > 0)
    if not fewer and not more:
        return text("team_trend.finding.same", lang, group=name) + _since(trend, key, lang)
    said = text("team_trend.finding.counts", lang, group=name, fewer=fewer, more=more, same=len(changes) - fewer - more)
    fall, rise = min(changes, key=lambda pc: pc[1]), max(changes, key=lambda pc: pc[1])
    if fall[1] < 0:
        said += " " + _largest(trend, fall[0], "fall", lang)
    if rise[1] > 0:
        said += " " + _largest(trend, rise[0], "rise", lang)
    return said + _since(trend, key, lang)


def _since(trend: TeamTrend, key: tuple[str, str, str], lang: str) -> str:
    """Over more than two rounds: the group's first round against its latest, by the same rule as a change."""
    first: dict[str, TeamPoint] = {}
    last: dict[str, TeamPoint] = {}
    for p in trend.points:
        if p.key == key and p.share is not None:
            first.setdefault(p.component_id, p)
            last[p.component_id] = p
    pairs = [(first[c], last[c]) for c in first if first[c].round != last[c].round and first[c].comparable(last[c])]
    if not pairs or len({p.round for p in trend.points if p.key == key}) < 3:
        return ""  # two rounds: the sentence before says it already
    fewer = sum(1 for a, b in pairs if (b.share or 0.0) < (a.share or 0.0))
    more = sum(1 for a, b in pairs if (b.share or 0.0) > (a.share or 0.0))
    return " " + text("team_trend.finding.since", lang, first=pairs[0][0].round, fewer=fewer, more=more,
                      same=len(pairs) - fewer - more)  # fmt: skip


def _largest(trend: TeamTrend, point: TeamPoint, which: str, lang: str) -> str:
    """The largest fall (or rise) of a group: the component, and the shares before and after."""
    before = trend.points[trend.points.index(point) - 1]  # sorted: the same series' round before
    return text(f"team_trend.finding.{which}", lang, component=_component(trend, point.component_id, lang),
                first=before.round, before=format_share(before.share or 0.0, lang), round=point.round,
                after=format_share(point.share or 0.0, lang))  # fmt: skip


def team_trend_context(trend: TeamTrend, lang: str) -> dict[str, Any]:
    """What team-trend.html shows: findings, the rounds, and per group its components round by round."""
    labels = [f"{r.label}" + (f" ({r.organisation})" if len({x.organisation for x in trend.rounds}) > 1 else "")
              for r in trend.rounds]  # fmt: skip
    groups = []
    for key in trend.groups:
        rows, hidden = [], 0
        for component in trend.framework.components:
            series = trend.series(key, component.id)
            if any(p is not None and p.share is not None for p in series):
                rows.append({"component": _component(trend, component.id, lang),
                             "cells": [_cell(p, lang) for p in series]})  # fmt: skip
            elif any(series):  # withheld in every round: one line, not a table of 'not shown'
                hidden += 1
        note = text("team_trend.hidden", lang, count=hidden) if hidden else ""
        groups.append({"name": _group_name(trend, key), "rows": rows, "hidden": note})
    return {
        "lang": lang,
        "version": __version__,
        "title": text("team_trend.heading", lang),
        "intro": text("team_trend.intro", lang, count=len(trend.rounds)),
        "privacy": text("team_trend.privacy", lang),
        "levels": [],  # the shared style sheet colours levels; this page shows counts only
        "na_colour": "#d9d9d9",
        "findings": [_finding(trend, key, lang) for key in trend.groups],
        "rounds": trend.rounds,
        "labels": labels,
        "groups": groups,
        "no_data": text("html.no_data", lang) if not trend.points else "",
        "t": lambda key, **v: text(f"team_trend.{key}", lang, **v),
        "footer": text("team_trend.footer", lang, version=__version__),
    }
