"""report.html of a positions aggregate: the findings first (per organisation: who answered, agreement,
where the consensus departs from the proposal, what to talk about), then the consensus maps per cluster,
each with its table, the departures, the conversation guide (a page per cluster when printed), the profiles,
the agreement per cluster, added competences, respondents and problems.

Staff read it together: it names no file, command or option, and shows respondents' names only when the
report was asked to (--show-names), never for a group smaller than --min-respondents.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from curriculum_map.core.palette import level_colours, text_colour
from curriculum_map.core.problems import ProblemRecord, counts_as_failure
from curriculum_map.core.report_files import PICTURE_POSITION_PROFILES
from curriculum_map.core.texts import interface_note, text
from curriculum_map.core.version import __version__
from curriculum_map.positions.aggregate import CompetenceResult, GroupResult, PositionsAggregation
from curriculum_map.positions.labels import (
    agreement_text,
    alpha_text,
    choice_text,
    competence_text,
    consensus_cell,
    consensus_rule,
    consensus_sentence,
    data_note,
    departure_text,
    departures_note,
    proposal_note,
    respondents_text,
    share_text,
    show_names,
    spread_text,
    talk_rule,
    title,
)
from curriculum_map.positions.maps import ClusterMap, cluster_maps
from curriculum_map.positions.template import NOT_APPLICABLE_FILL
from curriculum_map.render.html import picture_markup, render_template

TEXT_KEYS = {
    "summary": "positions.html.summary", "next": "positions.html.next", "departures": "positions.html.departures",
    "conversation": "positions.html.conversation", "profiles": "positions.html.profiles",
    "agreement": "positions.sheet.agreement", "added": "positions.sheet.added",
    "added_none": "positions.added.none", "respondents": "html.respondents", "problems": "html.problems",
    "problems_none": "html.problems.none", "competence": "column.competence", "cluster": "column.cluster",
    "id": "column.id", "proposal": "positions.column.proposal", "consensus": "positions.column.consensus",
    "share": "positions.column.share", "spread": "positions.column.spread", "departure": "positions.column.departure",
    "choices": "positions.column.choices", "comments": "positions.column.comments", "alpha": "positions.column.alpha",
    "overall": "positions.alpha.overall", "respondent": "report.column.respondent", "role": "report.column.role",
    "date": "report.column.date", "file": "report.column.file", "cell": "report.column.cell",
    "code": "report.column.code", "severity": "report.column.severity", "message": "report.column.message",
    "component": "column.component", "choice": "positions.column.choice", "comment": "positions.column.comment",
    "organisation": "positions.column.organisation", "position": "positions.column.position",
    "proposed_here": "positions.column.proposed_here", "consensus_here": "positions.column.consensus_here",
    "moved_in": "positions.column.moved_in", "moved_out": "positions.column.moved_out",
    "no_conversation": "positions.html.no_conversation", "no_departures": "positions.html.no_departures",
    "departures_count": "positions.column.departures", "conversation_count": "positions.column.conversation",
    "consensus_per_position": "positions.html.consensus_per_position",
    "competences": "positions.column.competences", "number": "positions.column.number",
    "notes": "positions.html.notes", "maps": "positions.html.maps", "table": "html.table",
    "where": "positions.column.workbook",
}  # fmt: skip
Entry = dict[str, Any]


def render_html(
    aggregation: PositionsAggregation,
    pictures: Sequence[Any] = (),
    lang: str = "nl",
    min_respondents: int = 3,
    names: bool = False,
) -> str:
    """The positions report page."""
    agg = aggregation
    drawn = {picture.name: picture for picture in pictures}
    context = {
        "lang": lang,
        "version": __version__,
        "title": title(agg, lang),
        "data_note": " ".join(filter(None, (data_note(agg, lang), interface_note(lang)))),
        "proposal_note": proposal_note(agg, lang),
        "rule": consensus_rule(lang),
        "talk_rule": talk_rule(lang, per_cluster=True),
        "maps_note": text("positions.html.maps.note", lang),
        "alpha_sentence": text("positions.alpha.sentence", lang),
        "alpha_note": text("positions.alpha.note", lang),
        "profile_note": text("positions.profile.note", lang),
        "moves_note": text("positions.moves.note", lang),
        "departures_note": departures_note(agg, lang),
        "privacy": _privacy(agg, lang, names, min_respondents),
        "choices": _choices(agg, lang),
        "groups": [_card(agg, g, lang) for g in agg.groups],
        "next_steps": _next_steps(agg, lang),
        "maps": [_map(agg, page, drawn.get(page.name), lang) for page in cluster_maps(agg.framework)],
        "profile_pictures": [_figure(p) for name, p in drawn.items() if name.startswith(PICTURE_POSITION_PROFILES)],
        "has_proposal": agg.proposal is not None,
        "departures": [_departures(agg, g, lang) for g in agg.groups] if agg.proposal else [],
        "conversations": [_conversation(agg, g, lang, names, min_respondents) for g in agg.talking_groups],
        "profiles": _profiles(agg, agg.overall, lang),
        "positions": [p.name.get(lang) for p in agg.framework.positions],
        "agreement": _agreement(agg, lang),
        "group_labels": [g.label for g in agg.groups],
        "added": _added(agg, lang, names, min_respondents),
        "respondents": _respondents(agg, lang, names, min_respondents),
        "problems": _problems(agg, lang, names, min_respondents),
        "problems_note": text("positions.html.problems.note", lang),
        "t": {name: text(key, lang) for name, key in TEXT_KEYS.items()},
        "footer": text(
            "positions.html.footer", lang, framework=agg.framework.title.get(lang), version=agg.framework.version
        ),
    }
    return render_template("positions.html.j2", context)


def _choices(agg: PositionsAggregation, lang: str) -> list[Entry]:
    """Each answer with its colours (the form's colours) and its CSS class."""
    count = len(agg.scale.choices) - 1
    colours = [*level_colours(max(2, count))[:count], NOT_APPLICABLE_FILL]
    return [
        {"css": f"c{rank}", "label": choice_text(agg, choice, lang), "fill": fill, "ink": text_colour(fill)}
        for rank, (choice, fill) in enumerate(zip(agg.scale.choices, colours, strict=True))
    ]


def _css(agg: PositionsAggregation, choice: str | None) -> str:
    return f"c{agg.scale.rank(choice)}" if choice else "na"


def _privacy(agg: PositionsAggregation, lang: str, names: bool, minimum: int) -> str:
    if not names:
        return text("positions.privacy.no_names", lang)
    small = [g.label for g in agg.groups if g.respondents < minimum]
    return text("positions.privacy.small", lang, minimum=minimum, groups=", ".join(small)) if small else ""


def _card(agg: PositionsAggregation, group: GroupResult, lang: str) -> Entry:
    """One group's findings at a glance."""
    consensus = [r.consensus for r in group.competences.values()]
    return {
        "label": group.label,
        "respondents": respondents_text(group, lang),
        "agreement": agreement_text(group.alpha, lang),
        "counts": [
            {"css": _css(agg, c), "label": choice_text(agg, c, lang), "count": consensus.count(c)}
            for c in agg.scale.choices
        ],
        "departures": text("positions.count.departures", lang, count=len(group.departures)) if agg.proposal else "",
        # the conversation is held per organisation: the card of everyone together has none when they are several
        "conversation": text("positions.count.conversation", lang, count=len(group.conversation))
        if group in agg.talking_groups
        else "",
    }


def _next_steps(agg: PositionsAggregation, lang: str) -> list[str]:
    """What the coordinator does next: the meetings to hold, the workbooks to fix, the groups too small."""
    steps = []
    for group in agg.talking_groups:
        if group.conversation:
            count = text("count.competences", lang, count=len(group.conversation))
            steps.append(text("positions.next.talk", lang, group=group.label, count=count))
    for group in agg.groups:
        if group.key and group.respondents < 2:
            steps.append(text("positions.next.more", lang, group=group.label))
    failing = {p.file for p in agg.problems if counts_as_failure([p]) and p.file}
    if failing:  # which files: in the problems, without file names (they carry people's names)
        steps.append(text("positions.next.fix", lang, count=len(failing)))
    if agg.proposal is not None and agg.overall.departures:
        count = text("count.competences", lang, count=len(agg.overall.departures))
        steps.append(text("positions.next.proposal", lang, count=count))
    return steps


def _row(agg: PositionsAggregation, result: CompetenceResult, lang: str) -> Entry:
    """What every table shows of a competence."""
    answered = result.answered
    return {
        "id": result.item_id,
        "text": competence_text(agg.framework, result.item_id, lang),
        "proposal": choice_text(agg, result.proposal, lang),
        "proposal_css": _css(agg, result.proposal),
        "consensus": consensus_cell(agg, result, lang),
        "consensus_sentence": consensus_sentence(agg, result, lang),
        "consensus_css": _css(agg, result.consensus),
        "share": share_text(result.share, lang),
        "spread": spread_text(agg, result, lang),
        "departure": departure_text(result.departure, lang),
        "counts": [
            {
                "count": n,
                "css": _css(agg, c),
                "width": round(100 * n / answered, 1) if answered else 0,
                "label": choice_text(agg, c, lang),
            }
            for c, n in result.counts.items()
        ],  # fmt: skip
    }


def _departures(agg: PositionsAggregation, group: GroupResult, lang: str) -> Entry:
    results = list(group.competences.values())
    return {
        "label": group.label,
        "rows": [_row(agg, r, lang) for r in group.departures],
        "moves": [
            {
                "label": choice_text(agg, m.choice, lang),
                "css": _css(agg, m.choice),
                "proposed": sum(r.proposal == m.choice for r in results),
                "consensus": sum(r.consensus == m.choice for r in results),
                "moved_in": m.moved_in,
                "moved_out": m.moved_out,
            }
            for m in group.moves
        ],
    }


def _conversation(agg: PositionsAggregation, group: GroupResult, lang: str, names: bool, minimum: int) -> Entry:
    """The conversation guide of one group: per cluster, its competences to talk about, most disagreement first.

    No number from the list as a whole: within a cluster it would jump (1., 4., 11.).
    """
    named = show_names(group, names, minimum)
    clusters = []
    for cluster in agg.framework.clusters:
        ids = {x.id for k in cluster.components for x in k.competences}
        items = [r for r in group.conversation if r.item_id in ids]
        if not items:
            continue
        entries = []
        for result in items:
            entry = _row(agg, result, lang)
            entry["comments"] = [
                {
                    "who": c.respondent if named else "",
                    "choice": choice_text(agg, c.choice or None, lang),
                    "text": c.text,
                }
                for c in result.comments
            ]
            entries.append(entry)
        clusters.append({"heading": f"{cluster.id}. {cluster.name.get(lang)}", "entries": entries})
    return {
        "label": group.label,
        "intro": text(
            "positions.html.conversation.intro",
            lang,
            group=group.label,
            count=text("count.competences", lang, count=len(group.conversation)),
            respondents=respondents_text(group, lang),
        ),
        "clusters": clusters,
    }


def _profiles(agg: PositionsAggregation, group: GroupResult, lang: str) -> list[Entry]:
    """Per cluster: how many of its competences each position is expected to have."""
    rows = []
    for cluster in (*agg.framework.clusters, None):
        ids = [x.id for k in cluster.components for x in k.competences] if cluster else list(group.competences)
        label = f"{cluster.id}. {cluster.name.get(lang)}" if cluster else text("positions.alpha.overall", lang)
        counts = [len(group.profile(agg.scale, p.id, ids)) for p in agg.framework.positions]
        rows.append({"label": label, "total": len(ids), "counts": counts, "overall": cluster is None})
    return rows


def _agreement(agg: PositionsAggregation, lang: str) -> list[Entry]:
    rows = [{"label": text("positions.alpha.overall", lang), "alphas": [alpha_text(g.alpha, lang) for g in agg.groups]}]
    for cluster in agg.framework.clusters:
        alphas = [alpha_text(g.alpha_per_cluster.get(cluster.id), lang) for g in agg.groups]
        rows.append({"label": f"{cluster.id}. {cluster.name.get(lang)}", "alphas": alphas})
    return rows


def _figure(picture: Any) -> Entry:
    return {"svg": picture_markup(picture), "title": picture.title}


def _map(agg: PositionsAggregation, page: ClusterMap, picture: Any, lang: str) -> Entry:
    """One consensus map with the table of its numbers (the table also when no picture was drawn)."""
    group = agg.overall
    title = page.title(lang)
    return {
        "anchor": page.anchor,
        "title": title,
        "region": text("positions.html.table.region", lang, title=title),
        "figure": _figure(picture) if picture is not None else None,
        "rows": [_row(agg, group.competences[c.id], lang) for c in page.competences],
    }


def _problems(agg: PositionsAggregation, lang: str, names: bool, minimum: int) -> list[Entry]:
    """The problems, each placed in 'a workbook of <organisation>' (or its respondent, when names may be
    shown): never a file name, which often holds a name, nor a message code."""
    readings = {r.file: r for r in agg.readings}
    named = {r.file for g in agg.talking_groups if show_names(g, names, minimum) for r in g.readings}
    return [_problem(p, readings.get(p.file), p.file in named, lang) for p in agg.problems]


def _problem(problem: ProblemRecord, reading: Any, named: bool, lang: str) -> Entry:
    if reading is not None and named and reading.respondent.name:
        where = reading.respondent.name
    elif reading is not None:
        organisation = reading.organisation.strip() or text("positions.organisation.unknown", lang)
        where = text("positions.html.problem.workbook", lang, organisation=organisation)
    else:
        where = text("positions.html.problem.file", lang)
    return {
        "where": where,
        "cell": f"{problem.sheet}!{problem.cell}" if problem.cell else problem.sheet,
        "severity": text(f"severity.{problem.severity}", lang),
        "severity_key": problem.severity,
        "message": problem.message(lang),
    }


def _added(agg: PositionsAggregation, lang: str, names: bool, minimum: int) -> list[Entry]:
    """The competences respondents added, verbatim; who added them only when names may be shown."""
    group = agg.overall
    named = show_names(group, names, minimum)
    return [
        {
            "component": a.own.component_id,
            "text": a.own.text,
            "organisation": a.organisation,
            "respondent": a.respondent if named else "",
            "choice": choice_text(agg, a.own.choice or None, lang),
            "comment": a.own.comment,
        }
        for a in group.added
    ]


def _respondents(agg: PositionsAggregation, lang: str, names: bool, minimum: int) -> Entry:
    """How many answered per organisation; their names only when they may be shown."""
    groups = [g for g in agg.groups if g.key] or agg.groups[:1]
    people = []
    for group in groups:
        if show_names(group, names, minimum):
            people += [
                {"respondent": r.respondent.name, "organisation": group.label, "role": r.respondent.role,
                 "date": r.respondent.date}
                for r in group.readings
            ]  # fmt: skip
    summary = text(
        "positions.html.respondents",
        lang,
        respondents=text("count.respondents", lang, count=len(agg.used)),
        organisations="; ".join(f"{g.label}: {g.respondents}" for g in groups),
    )
    return {"summary": summary, "people": people}
