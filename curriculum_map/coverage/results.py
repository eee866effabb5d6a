"""Read an aggregate output folder (responses.csv, problems.csv) back, for pictures and comparisons."""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from curriculum_map.core.catalogue import CurriculumMapError
from curriculum_map.core.report_files import MANIFEST, PROBLEMS_CSV, RESPONSES_CSV, file_hash, read_manifest
from curriculum_map.core.tables import table
from curriculum_map.coverage.aggregate import Aggregation, Cell, Note, build_aggregation, submission
from curriculum_map.framework.crosswalk import Crosswalk
from curriculum_map.framework.model import Competence, Component, Framework, Programme
from curriculum_map.render.csv import sniff_delimiter
from curriculum_map.workbook.reading import Respondent


class ResultsError(CurriculumMapError):
    """An aggregate output that cannot be read back."""


@dataclass(frozen=True)
class MergedAnswer:
    """Last year's answer on a competence merged into another that the prefill did not take: it differed from
    the one taken, and the workbook's *Vorig jaar* column says so."""

    programme_id: str
    item_id: str  # the new id both old ones went into
    field: str
    merged_id: str  # the old id whose answer was left out
    score: int  # that id's consensus


@dataclass(frozen=True)
class PreviousAnswers:
    """Last year's answers for `template --prefill`: merged competences kept apart, one answer taken for each."""

    aggregation: Aggregation
    merged: tuple[MergedAnswer, ...] = ()


@dataclass(frozen=True)
class StoredProblem:
    """A problem as problems.csv recorded it: its message was rendered when it was written."""

    code: str
    file: str
    sheet: str
    cell: str
    severity: str
    text: str

    def message(self, lang: str = "nl") -> str:
        return self.text

    def render(self, lang: str = "nl") -> str:
        location = ": ".join(p for p in (self.file, f"{self.sheet}!{self.cell}" if self.sheet else "") if p)
        return f"{location}: {self.text}" if location else self.text


def _unneutralise(value: str) -> str:
    return value[1:] if value.startswith("'") and value[1:2] in ("=", "+", "-", "@", "\t", "\r") else value


def _rows(path: Path, required: tuple[str, ...]) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            delimiter = sniff_delimiter(handle.readline())  # written with --csv-delimiter ";" perhaps
            handle.seek(0)
            reader = csv.DictReader(handle, delimiter=delimiter)
            missing = [c for c in required if c not in (reader.fieldnames or [])]
            if missing:
                raise ResultsError("results-columns-missing", path=path, columns=", ".join(missing))
            return [{k: _unneutralise(v or "") for k, v in row.items() if k is not None} for row in reader]
    except FileNotFoundError:
        raise ResultsError("results-not-found", path=path) from None
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ResultsError("results-unreadable", path=path, reason=str(exc)) from None


def read_rows(path: Path, required: tuple[str, ...] = ()) -> list[dict[str, str]]:
    """The rows of a CSV file of a report folder (either separator, the apostrophe against formulas taken off)."""
    return _rows(path, required)


def results_paths(path: Path) -> tuple[Path, Path]:
    """responses.csv and problems.csv for a folder or for a responses.csv file."""
    folder = path if path.is_dir() else path.parent
    responses = path if path.is_file() else folder / RESPONSES_CSV
    return responses, folder / PROBLEMS_CSV


def check_one_run(responses_path: Path, problems_path: Path) -> None:
    """Refuse a report folder whose files are not all of one complete run (an interrupted one)."""
    folder = responses_path.parent
    if not (folder / MANIFEST).exists():
        return  # a report from before manifests, or a responses.csv on its own
    manifest = read_manifest(folder)
    if manifest is None or not manifest.get("complete"):
        raise ResultsError("results-incomplete", folder=folder)
    for path in (responses_path, problems_path):
        expected = manifest.get("files", {}).get(path.name)
        if path.exists() and expected is not None and file_hash(path) != expected:
            raise ResultsError("results-mixed-runs", path=path)


def load_previous(path: Path, framework: Framework, crosswalk: Crosswalk | None = None) -> PreviousAnswers:
    """Last year's answers to prefill from: like `load_results`, except that old competences merged into one
    new id do not count together; the target's own answer is taken (else the first merged one that has one),
    and each other answer that differs from it is kept as a MergedAnswer for the workbook's note."""
    sources = _merge_sources(crosswalk) if crosswalk is not None else {}
    apart: dict[tuple[str, str, str], dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    aggregation = _read_results(path, framework, crosswalk, apart if sources else None)
    merged = []
    for (programme_id, item_id, field_name), by_old in apart.items():
        taken = _taken(by_old, sources[item_id])
        kept = Cell(tuple(by_old.get(taken or "", ())), 0).consensus
        for old in sources[item_id]:
            score = Cell(tuple(by_old.get(old, ())), 0).consensus
            if old != taken and score is not None and score != kept:
                merged.append(MergedAnswer(programme_id, item_id, field_name, old, score))
    return PreviousAnswers(aggregation, tuple(merged))


def _taken(by_old: dict[str, list[int]], order: tuple[str, ...]) -> str | None:
    """The old id whose answers a merged competence takes: the first in `order` that was answered."""
    return next((old for old in order if by_old.get(old)), None)


def _merge_sources(crosswalk: Crosswalk) -> dict[str, tuple[str, ...]]:
    """New id -> the old ids merged into it (two or more), the target's own id first, then as the map lists them."""
    into: dict[str, list[str]] = defaultdict(list)
    for old, new in crosswalk.mapping.items():
        if new is not None and old != new:
            into[new].append(old)
    own = {new: ([new] if new not in crosswalk.mapping else []) for new in into}
    return {new: tuple(own[new] + olds) for new, olds in into.items() if len(own[new] + olds) > 1}


def load_results(path: Path, framework: Framework, crosswalk: Crosswalk | None = None) -> Aggregation:
    """Rebuild the aggregation (cells, submissions, problems) from an aggregate output.

    The numbers are made by `aggregate.build_aggregation`, the function `aggregate` itself uses. With a
    crosswalk, a report of the crosswalk's old version is read with its ids translated to `framework`'s (the
    answers on an item that no longer exists are left out; two items merged into one count together).
    """
    return _read_results(path, framework, crosswalk, None)


def _read_results(
    path: Path,
    framework: Framework,
    crosswalk: Crosswalk | None,
    apart: dict[tuple[str, str, str], dict[str, list[int]]] | None,
) -> Aggregation:
    """`load_results`; with `apart` (for `load_previous`) the scores of merged items go there per old id, and
    each merged item counts the answers of one old id: the target's own, else the first answered."""
    responses_path, problems_path = results_paths(path)
    check_one_run(responses_path, problems_path)
    rows = _rows(responses_path, table("responses").names[:10] + ("programme_id",))
    stored = _rows(problems_path, table("problems").names) if problems_path.exists() else []
    scores: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    people: dict[tuple[str, str], dict[str, str]] = {}
    answered: Counter[tuple[str, str]] = Counter()
    competences: Counter[tuple[str, str]] = Counter()
    notes: list[Note] = []
    noted: set[tuple[str, str, str]] = set()

    # through a crosswalk an answer on a split item belongs to each of its parts; line numbers stay the file's
    def ids(item_id: str) -> tuple[str, ...]:
        return crosswalk.parts(item_id) if crosswalk is not None else (item_id,)

    numbered = [
        (n, (row["item_id"], {**row, "item_id": i})) for n, row in enumerate(rows, start=2) for i in ids(row["item_id"])
    ]
    merges = _merge_sources(crosswalk) if crosswalk is not None and apart is not None else {}
    for number, (old_id, row) in numbered:
        programme, score = _checked(row, number, responses_path, framework)
        key = (programme.id, row["item_id"], row["field"])
        if apart is not None and row["item_id"] in merges:
            apart[key][old_id].append(score)
        else:
            scores[key].append(score)
        note_key = (programme.id, row["respondent"], row["item_id"])
        if (row.get("evidence") or row.get("comment")) and note_key not in noted:
            noted.add(note_key)
            notes.append(
                Note(programme, row["respondent"], row["item_id"], row.get("evidence", ""), row.get("comment", ""))
            )
        people.setdefault((programme.id, row["respondent"]), row)
        answered[(programme.id, row["respondent"])] += 1
        competences[(programme.id, row["respondent"])] += row["item_type"] == "competence"
    for key, by_old in (apart or {}).items():  # a merged competence's answer: the target's own, else the first
        taken = _taken(by_old, merges[key[1]])
        scores[key] = by_old[taken] if taken else [s for values in by_old.values() for s in values]
    submissions = [
        submission(
            framework,
            row["file"],
            _programme(framework, programme_id),
            Respondent(name, row.get("respondent_role", ""), row.get("respondent_date", "")),
            row.get("language", ""),
            answered=answered[(programme_id, name)],
            competences=competences[(programme_id, name)],
        )
        for (programme_id, name), row in people.items()
    ]
    problems = [StoredProblem(p["code"], p["file"], p["sheet"], p["cell"], p["severity"], p["message"]) for p in stored]
    return build_aggregation(framework, submissions, scores, notes, problems)


def _programme(framework: Framework, programme_id: str) -> Programme:
    programme = framework.find_programme(programme_id)
    assert programme is not None  # every row was checked against the framework
    return programme


def _checked(row: dict[str, str], number: int, path: Path, framework: Framework) -> tuple[Programme, int]:
    """A row's programme and score, or a ResultsError naming the line of responses.csv."""
    programme = framework.find_programme(row["programme_id"]) or framework.find_programme(row["programme"])
    if programme is None or not isinstance(framework.item(row["item_id"]), (Component, Competence)):
        raise ResultsError(
            "results-foreign-row",
            path=path,
            line=number,
            programme=row["programme"],
            item=row["item_id"],
            framework=framework.id,
            version=framework.version,
        )
    try:
        score = int(row["score"])
    except ValueError:
        raise ResultsError("results-score-not-a-number", path=path, line=number, score=row["score"]) from None
    scores = [level.score for level in framework.levels]
    if score not in scores:  # aggregate writes only the legend's scores: the file was edited since
        raise ResultsError(
            "results-score-outside-scale", path=path, line=number, score=score, scores=", ".join(map(str, scores))
        )
    return programme, score
