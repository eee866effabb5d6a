"""prompts.csv: every discussion prompt, where report.html shows the first twelve of each list."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from curriculum_map.core.tables import table
from curriculum_map.coverage.aggregate import Aggregation
from curriculum_map.coverage.findings import PROMPT_KINDS, Findings
from curriculum_map.coverage.labels import Wording
from curriculum_map.framework.model import Component
from curriculum_map.render.csv import write_table


def prompt_rows(aggregation: Aggregation, lang: str, findings: Findings | None = None) -> Iterable[tuple[object, ...]]:
    """One row per prompt: the list it is on (within, between, ambition), its rank there, and what it is about."""
    wording = Wording(aggregation, lang, findings=findings)
    for kind in PROMPT_KINDS:
        for rank, prompt in enumerate(wording.findings.prompts[kind], start=1):
            programme = prompt.programme
            item_type = (
                "component" if isinstance(aggregation.framework.item(prompt.item_id), Component) else "competence"
            )
            yield (
                kind,
                rank,
                programme.id if programme else "",
                programme.name.get(lang) if programme else "",
                prompt.item_id,
                item_type,
                wording.item_label(prompt.item_id),
                prompt.size,
                wording.prompt_scores(prompt, kind),
            )


def write_prompts_csv(aggregation: Aggregation, path: Path, lang: str, findings: Findings | None = None) -> None:
    """prompts.csv, with the run's CSV separator."""
    write_table(path, table("prompts"), prompt_rows(aggregation, lang, findings))
