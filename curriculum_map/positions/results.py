"""A positions report folder read back for `positions slides`: per group (each organisation, and all of
them together) and competence how many chose each answer, the consensus, the proposal and the place on
the group's conversation list, from position-choices.csv. No name is read: the file holds none."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from curriculum_map.core.dates import parse_date
from curriculum_map.core.report_files import POSITION_CHOICES_CSV, PROBLEMS_CSV, RESPONSES_CSV
from curriculum_map.coverage.results import ResultsError, check_one_run, read_rows
from curriculum_map.framework.model import Competence, Framework
from curriculum_map.positions.choices import Scale

REQUIRED = ("organisation", "scope", "organisations", "respondents", "item_id", "answered", "consensus_id",
            "proposal_id", "conversation_rank")  # fmt: skip


@dataclass(frozen=True)
class StoredChoices:
    """What one group answered for one competence, as the report wrote it."""

    item_id: str
    counts: dict[str, int]  # per answer (the positions' ids, then 'n/a'), in the scale's order
    consensus: str | None
    proposal: str | None
    rank: int | None  # place on the group's conversation list, None when not on it

    @property
    def answered(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class StoredGroup:
    """An organisation, or all respondents together (scope 'all')."""

    label: str
    scope: str
    organisations: tuple[str, ...]
    respondents: int
    competences: dict[str, StoredChoices]

    @property
    def conversation(self) -> list[StoredChoices]:
        """The group's conversation list, in its order."""
        return sorted((c for c in self.competences.values() if c.rank is not None), key=lambda c: c.rank or 0)


@dataclass(frozen=True)
class PositionsResults:
    framework: Framework
    scale: Scale
    groups: list[StoredGroup]  # all together first, then each organisation (as the report wrote them)
    data_date: str = ""

    @cached_property
    def overall(self) -> StoredGroup:
        return next((g for g in self.groups if g.scope == "all"), self.groups[0])

    @property
    def organisations(self) -> list[StoredGroup]:
        return [g for g in self.groups if g.scope == "organisation"]

    @property
    def talking_groups(self) -> list[StoredGroup]:
        """The groups that hold a conversation: each organisation, or everyone when the report has no organisations."""
        return self.organisations or [self.overall]

    @property
    def has_proposal(self) -> bool:
        return any(c.proposal for g in self.groups for c in g.competences.values())


def load_positions_results(path: Path, framework: Framework) -> PositionsResults:
    """The groups of a positions report folder (or of its position-choices.csv)."""
    folder = path if path.is_dir() else path.parent
    csv_path = folder / POSITION_CHOICES_CSV if path.is_dir() else path
    if not csv_path.is_file():
        raise ResultsError("expectations-not-found", path=csv_path)
    check_one_run(csv_path, folder / PROBLEMS_CSV)
    scale = Scale(framework)
    rows = read_rows(csv_path, REQUIRED + tuple(f"count_{choice}" for choice in scale.choices))
    groups: dict[tuple[str, str], StoredGroup] = {}
    for line, row in enumerate(rows, start=2):
        number = _Numbers(row, csv_path, line)
        item = framework.item(row["item_id"])
        if not isinstance(item, Competence):
            raise ResultsError(
                "results-foreign-row", path=csv_path, line=line, programme=row["organisation"], item=row["item_id"],
                framework=framework.id, version=framework.version,
            )  # fmt: skip
        key = (row["scope"], row["organisation"])
        if key not in groups:
            organisations = tuple(name for name in row["organisations"].split("; ") if name)
            groups[key] = StoredGroup(row["organisation"], row["scope"], organisations, number("respondents"), {})
        groups[key].competences[item.id] = StoredChoices(
            item.id,
            {choice: number(f"count_{choice}") for choice in scale.choices},
            row["consensus_id"] or None,
            row["proposal_id"] or None,
            number("conversation_rank") if row["conversation_rank"] else None,
        )
    if not groups:
        raise ResultsError("expectations-not-found", path=csv_path)
    return PositionsResults(framework, scale, list(groups.values()), _data_date(folder))


@dataclass(frozen=True)
class _Numbers:
    """The whole numbers of one row; a ResultsError naming the line for anything else (the file was edited)."""

    row: dict[str, str]
    path: Path
    line: int

    def __call__(self, column: str) -> int:
        try:
            return int(self.row[column] or 0)
        except ValueError:
            raise ResultsError(
                "results-score-not-a-number", path=self.path, line=self.line, score=self.row[column]
            ) from None


def _data_date(folder: Path) -> str:
    """The latest date a respondent wrote (responses.csv; only that column is read), or ''."""
    path = folder / RESPONSES_CSV
    if not path.is_file():
        return ""
    try:
        rows = read_rows(path, ("respondent_date",))
    except ResultsError:
        return ""
    dates = [d for row in rows if (d := parse_date(row.get("respondent_date"), row.get("language") or "nl"))]
    return max(dates).isoformat() if dates else ""
