"""`consult aggregate`: read the returned consultation workbooks and write report.html, revisielijst.xlsx,
the tidy CSV files and problems.csv (one run's files, in one folder)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from curriculum_map.consult.aggregate import (
    ALL,
    ConsultAggregation,
    ItemFindings,
    Review,
    Tally,
    aggregate_consultation,
)
from curriculum_map.consult.questions import move_targets
from curriculum_map.consult.reader import read_consult_workbook
from curriculum_map.consult.revision_sheet import revision_rows, write_revision_xlsx
from curriculum_map.consult.tables import (
    item_rows,
    move_rows,
    new_rows,
    response_rows,
    rewording_rows,
    sector_label,
    share_of,
)
from curriculum_map.core.problems import counts_as_failure
from curriculum_map.core.report_files import (
    CONSULT_ITEMS_CSV,
    CONSULT_MOVES_CSV,
    CONSULT_NEW_CSV,
    CONSULT_RESPONSES_CSV,
    CONSULT_REWORDINGS_CSV,
    PROBLEMS_CSV,
    REPORT_HTML,
    REVISION_XLSX,
)
from curriculum_map.core.tables import table
from curriculum_map.core.texts import text
from curriculum_map.coverage.html import NameRule
from curriculum_map.framework.model import Framework, framework_output, load_framework
from curriculum_map.organisation.reader import OrganisationReading
from curriculum_map.render.csv import write_problems_csv, write_table
from curriculum_map.render.html import render_template
from curriculum_map.render.output import atomic_path, run_folder
from curriculum_map.workbook.choice import Choice, read_with_chosen_framework
from curriculum_map.workbook.ingest import Ingest, read_workbooks


@dataclass
class ConsultResult:
    aggregation: ConsultAggregation
    choice: Choice
    written: list[Path] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not counts_as_failure(self.aggregation.problems)


OTHERS = "others"  # the sectors with fewer reviewers than the minimum, pooled


def sector_groups(agg: ConsultAggregation, minimum: int) -> dict[str, str]:
    """Each sector's group in the shared report: itself, or OTHERS when it has fewer reviewers than `minimum`
    (one reviewer's sector points at one organisation), as the other workflows pool small groups."""
    sizes = Counter(r.sector for r in agg.reviews)
    return {sector: sector if sizes[sector] >= minimum else OTHERS for sector in agg.sectors()}


def pooled_tallies(item: ItemFindings, groups: dict[str, str]) -> list[tuple[str, Tally]]:
    """The item's tallies: everyone first, then per sector group in the scale's order, the pooled ones last."""
    found: dict[str, Tally] = {}
    for sector, tally in item.tallies.items():
        if sector == ALL:
            continue
        pooled = found.setdefault(groups.get(sector, OTHERS), Tally())
        pooled.reviewers |= tally.reviewers
        pooled.clear_answers += tally.clear_answers
        pooled.unclear += tally.unclear
        pooled.relevant_answers += tally.relevant_answers
        pooled.not_relevant += tally.not_relevant
    order = {sector: n for n, sector in enumerate(groups)}  # the scale's order (ConsultAggregation.sectors)
    ordered = sorted(found.items(), key=lambda kv: (kv[0] == OTHERS, order.get(kv[0], 0)))
    return [(ALL, item.tally()), *ordered]


def report_context(agg: ConsultAggregation, lang: str, names: NameRule) -> dict[str, Any]:
    """What report.html shows: findings first (the revisielijst's top), then per competence, then proposals."""
    fw, targets = agg.framework, move_targets(agg.framework)
    show = names.allows(len(agg.reviews))
    groups = sector_groups(agg, names.minimum)

    def label(group: str) -> str:
        if group == OTHERS:
            return text("consult.report.other_sectors", lang)
        return sector_label(group, lang) or text("consult.report.no_sector", lang)

    def who(review: Review) -> str:
        shown = label(groups.get(review.sector, OTHERS))
        return f"{shown} ({review.reviewer or review.organisation})" if show and review.reviewer else shown

    sizes = Counter(groups[r.sector] for r in agg.reviews)
    order = sorted(dict.fromkeys(groups[s] for s in agg.sectors()), key=lambda g: g == OTHERS)  # pooled last
    per_sector = [(label(g), sizes[g]) for g in order]
    notes = []
    if OTHERS in sizes:
        notes.append(text("consult.report.pooled", lang, minimum=names.minimum))
    if names.show and not show:
        notes.append(text("consult.report.names_withheld", lang, reviews=len(agg.reviews), minimum=names.minimum))
    return {
        "lang": lang, "t": lambda key, **v: text(key, lang, **v), "fw": fw, "agg": agg,
        "ranked": agg.ranked(), "rows": revision_rows(agg, lang), "per_sector": per_sector, "who": who,
        "unclear": lambda t: share_of(t.unclear, t.clear_answers, lang) or "–",
        "not_relevant": lambda t: share_of(t.not_relevant, t.relevant_answers, lang) or "–", "targets": targets,
        "sector_label": lambda g: text("consult.report.all", lang) if g == ALL else label(g),
        "tallies": lambda item: pooled_tallies(item, groups), "notes": notes,
        "competence": lambda i: fw.competence(i).text.get(lang), "title": fw.title.get(lang),
        "proposals": lambda item: sum(len(g.proposals) for g in item.rewordings) + len(item.moves),
    }  # fmt: skip


def run_consult_aggregate(
    inputs: Sequence[Path],
    framework: Framework | None,
    out_dir: Path,
    lang: str = "nl",
    names: NameRule | None = None,
    jobs: int | None = None,
) -> ConsultResult:
    """Read consultation workbooks, aggregate them and write every output into `out_dir` (one run's files)."""
    names = names or NameRule()
    with run_folder(out_dir, "consult") as run:

        def read(fw: Framework) -> Ingest:
            return read_workbooks(inputs, fw, read_consult_workbook, jobs=jobs, exclude=[out_dir],
                                  blank=OrganisationReading)  # fmt: skip

        choice, ingest = read_with_chosen_framework(inputs, framework, load_framework, read, exclude=[out_dir])
        fw = choice.framework
        agg = aggregate_consultation(ingest.readings, fw, ingest.problems)
        html = render_template("consult.html.j2", report_context(agg, lang, names))

        def write_html(path: Path) -> None:
            path.write_text(html, encoding="utf-8")

        tidy = fw.default_language  # labels in the tidy tables are in the framework's default language, always
        outputs: list[tuple[str, Callable[[Path], None]]] = [
            (CONSULT_RESPONSES_CSV, lambda p: write_table(p, table("consult_responses"), response_rows(agg, tidy))),
            (CONSULT_ITEMS_CSV, lambda p: write_table(p, table("consult_items"), item_rows(agg, tidy))),
            (CONSULT_REWORDINGS_CSV, lambda p: write_table(p, table("consult_rewordings"), rewording_rows(agg, tidy))),
            (CONSULT_MOVES_CSV, lambda p: write_table(p, table("consult_moves"), move_rows(agg, tidy))),
            (CONSULT_NEW_CSV, lambda p: write_table(p, table("consult_new"), new_rows(agg, tidy))),
            (PROBLEMS_CSV, lambda p: write_problems_csv(agg.problems, p, lang)),
            (REVISION_XLSX, lambda p: write_revision_xlsx(agg, p, lang, names.allows(len(agg.reviews)))),
            (REPORT_HTML, write_html),
            framework_output(fw, lang),
        ]
        for name, write in outputs:
            with atomic_path(run.path(name)) as temporary:
                write(temporary)
        run.publish()
    return ConsultResult(agg, choice, [out_dir / name for name, _ in outputs])
