"""Write a comparison of two rounds: changes.csv, the growth heatmap and compare.html."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from curriculum_map.core.numbers import NOT_A_NUMBER
from curriculum_map.core.report_files import CHANGES_CSV, COMPARE_HTML
from curriculum_map.core.tables import table
from curriculum_map.core.texts import text
from curriculum_map.core.version import __version__
from curriculum_map.coverage.compare import DOWN, GONE, NEW, SAME, UP, Comparison, FrameworkChange
from curriculum_map.coverage.labels import data_note
from curriculum_map.coverage.pictures import draw_change_picture
from curriculum_map.framework.model import Programme
from curriculum_map.render.csv import write_table
from curriculum_map.render.html import level_styles, render_template
from curriculum_map.render.output import atomic_path, ensure_folder, write_datapackage
from curriculum_map.render.pictures import render


def _label(comparison: Comparison, score: int | None, lang: str) -> str:
    return comparison.new.framework.level(score).label.get(lang) if score is not None else ""


def _programmes_note(programmes: Sequence[Programme], key: str, lang: str) -> str:
    """One sentence naming programmes that took part in one round only, or "" when there are none."""
    if not programmes:
        return ""
    names = ", ".join(p.name.get(lang) for p in programmes)
    gone, new = text("compare.gone", lang), text("compare.new", lang)
    return text(key, lang, programmes=names, count=len(programmes), gone=gone, new=new)


def write_comparison(
    comparison: Comparison, out_dir: Path, lang: str = "nl", formats: Sequence[str] = ("png",)
) -> list[Path]:
    """Write every change as CSV, the growth heatmap and an HTML page; returns the paths written."""
    ensure_folder(out_dir)
    framework = comparison.new.framework
    default = framework.default_language
    written = []
    changed = {f.new_id: f.kind for f in comparison.framework_changes}
    versions = comparison.framework_changes[0].versions if comparison.framework_changes else ("", "")
    target = out_dir / CHANGES_CSV
    rows = [
        (
            c.programme.name.get(default),
            c.item_id,
            c.item_type,
            c.field,
            _label(comparison, c.old, default),
            "" if c.old is None else c.old,
            _label(comparison, c.new, default),
            "" if c.new is None else c.new,
            c.direction,
            changed.get(c.item_id, ""),
        )
        for c in comparison.changes
    ]
    with atomic_path(target) as temporary:
        write_table(temporary, table("changes"), rows)
    written.append(target)
    package = write_datapackage(out_dir, [CHANGES_CSV], "compare")
    written += [package] if package is not None else []
    counts = Counter(c.direction for c in comparison.changes if c.item_type == "component" and c.field == "level")
    # programmes in one round only are drawn too (all 'gone' or all 'new'); the page names them above the picture
    picture = render(draw_change_picture(comparison, lang), out_dir, formats) if comparison.programmes else None
    if picture is not None:
        written += list(picture.paths)

    def t(key: str, **values: object) -> str:
        return text(key, lang, **values)

    def round_note(aggregation) -> str:
        return data_note(aggregation, lang)

    context = {
        "lang": lang,
        "version": __version__,
        "title": t("compare.heading"),
        "levels": level_styles(framework, lang),
        "na_colour": "#d9d9d9",
        "rounds": t("compare.rounds", old=round_note(comparison.old), new=round_note(comparison.new)),
        "counts": t("compare.counts", **{k: counts.get(k, 0) for k in ("up", "same", "down", "new", "gone")}),
        "no_common": t("compare.no_common") if not comparison.in_both else "",
        "dropped": _programmes_note(comparison.dropped, "compare.dropped", lang),
        "added": _programmes_note(comparison.added, "compare.added", lang),
        # a programme in one round only says so in its column: all its answers are 'gone' or 'new'
        "programmes": [
            p.name.get(lang)
            + (
                f" ({t('compare.gone')})"
                if p in comparison.dropped
                else f" ({t('compare.new')})"
                if p in comparison.added
                else ""
            )
            for p in comparison.programmes
        ],
        "map_rows": _map_rows(comparison, lang),
        "framework_changes": [_framework_change(f, lang) for f in comparison.framework_changes],
        "framework_heading": t("compare.framework.heading", old=versions[0], new=versions[1]),
        "framework_intro": t("compare.framework.intro"),
        "t": {
            "table": t("compare.table"),
            "programme": t("report.column.programme"),
            "item": t("html.item"),
            "field": t("compare.field"),
            "old": t("compare.old"),
            "new": t("compare.new_round"),
            "change": t("compare.change"),
            "map": t("compare.map_caption"),
        },
        "changes": [
            {
                "programme": c.programme.name.get(lang),
                "item": c.item_id + (f" ({t(f'compare.change.{changed[c.item_id]}')})" if c.item_id in changed else ""),
                "field": t(f"column.{c.field}"),
                "old": _label(comparison, c.old, lang),
                "new": _label(comparison, c.new, lang),
                "direction": c.direction,
                "change": t(f"compare.{c.direction}")
                + (f" ({c.new - c.old:+d})" if c.new is not None and c.old is not None and c.direction != SAME else ""),
            }
            for c in comparison.changes
            if c.direction != SAME
        ],
        "footer": t("html.footer", version=__version__, framework=framework.id, fw_version=framework.version),
    }
    target = out_dir / COMPARE_HTML
    with atomic_path(target) as temporary:
        temporary.write_text(render_template("compare.html.j2", context), encoding="utf-8")
    written.append(target)
    return written


def _framework_change(change: FrameworkChange, lang: str) -> dict[str, Any]:
    """One framework change in plain words ('2.2.9 is opgegaan in 2.2.8'), with the old and new text."""
    old = ", ".join(change.old_ids)
    key = f"compare.framework.{change.kind}"
    kinds = ("reworded", "moved", "split", "merged", "merged_into", "added")
    known = change.kind in kinds and bool(old or change.kind == "added")  # a sentence with an old id needs one
    kind = text(f"compare.change.{change.kind}", lang) if change.kind in kinds else change.kind
    sentence = text(key if known else "compare.framework.other", lang, old=old, new=change.new_id, kind=kind)
    texts = [(text("compare.framework.old_text", lang), change.old_text)] if change.old_text else []
    if change.new_text and change.new_text != change.old_text:
        texts.append((text("compare.framework.new_text", lang), change.new_text))
    return {"sentence": sentence, "texts": texts}


def _map_rows(comparison: Comparison, lang: str) -> list[dict[str, Any]]:
    """The change map as a table: a row per component, per programme the level then and now and its direction."""
    framework = comparison.new.framework
    found = {
        (c.programme.id, c.item_id): c for c in comparison.changes if c.item_type == "component" and c.field == "level"
    }
    arrows = {UP: "↑", DOWN: "↓", SAME: "=", NEW: "+", GONE: "–"}
    rows = []
    for component in framework.components:
        cells = []
        for programme in comparison.programmes:
            change = found.get((programme.id, component.id))
            if change is None:
                cells.append({"text": NOT_A_NUMBER, "css": ""})
                continue
            old = "–" if change.old is None else str(change.old)
            new = "–" if change.new is None else str(change.new)
            cells.append({"text": f"{old} → {new} {arrows[change.direction]}", "css": change.direction})
        rows.append({"label": f"{component.id} {component.kind.label.get(lang)}", "cells": cells})
    return rows
