"""Read an aggregate output folder (responses.csv, problems.csv) back, for pictures and comparisons."""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from curriculum_map.core.catalogue import CurriculumMapError
from curriculum_map.core.report_files import MANIFEST, PROBLEMS_CSV, RESPONSES_CSV, file_hash, read_manifest
from curriculum_map.core.tables import table
from curriculum_map.coverage.aggregate import Aggregation, Note, build_aggregation, submission
from curriculum_map.framework.crosswalk import Crosswalk
from curriculum_map.framework.model import Competence, Component, Framework, Programme
from curriculum_map.render.csv import sniff_delimiter
from curriculum_map.workbook.reading import Respondent


class ResultsError(CurriculumMapError):
    """An aggregate output that cannot be read back."""


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


def load_results(path: Path, framework: Framework, crosswalk: Crosswalk | None = None) -> Aggregation:
    """Rebuild the aggregation (cells, submissions, problems) from an aggregate output.

    The numbers are made by `aggregate.build_aggregation`, the function `aggregate` itself uses. With a
    crosswalk, a report of the crosswalk's old version is read with its ids translated to `framework`'s (the
    answers on an item that no longer exists are left out; two items merged into one count together).
    """
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

    numbered = [(n, {**row, "item_id": i}) for n, row in enumerate(rows, start=2) for i in ids(row["item_id"])]
    for number, row in numbered:
        programme, score = _checked(row, number, responses_path, framework)
        scores[(programme.id, row["item_id"], row["field"])].append(score)
        note_key = (programme.id, row["respondent"], row["item_id"])
        if (row.get("evidence") or row.get("comment")) and note_key not in noted:
            noted.add(note_key)
            notes.append(
                Note(programme, row["respondent"], row["item_id"], row.get("evidence", ""), row.get("comment", ""))
            )
        people.setdefault((programme.id, row["respondent"]), row)
        answered[(programme.id, row["respondent"])] += 1
        competences[(programme.id, row["respondent"])] += row["item_type"] == "competence"
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
