"""Read an aggregate output folder (responses.csv, problems.csv) back, for pictures and comparisons."""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from curriculum_map.core.report_files import MANIFEST, PROBLEMS_CSV, RESPONSES_CSV, file_hash, read_manifest
from curriculum_map.coverage.aggregate import Aggregation, Cell, Note, Submission
from curriculum_map.coverage.responses import RESPONSE_COLUMNS
from curriculum_map.framework.model import Framework
from curriculum_map.render.csv import PROBLEM_COLUMNS


class ResultsError(Exception):
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
            reader = csv.DictReader(handle)
            missing = [c for c in required if c not in (reader.fieldnames or [])]
            if missing:
                raise ResultsError(f"{path}: kolommen ontbreken: {', '.join(missing)}")
            return [{k: _unneutralise(v or "") for k, v in row.items() if k is not None} for row in reader]
    except FileNotFoundError:
        raise ResultsError(f"{path}: bestand niet gevonden (geef een map van 'curriculum-map aggregate')") from None
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ResultsError(f"{path}: kan niet gelezen worden ({exc})") from None


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
        raise ResultsError(
            f"{folder}: het rapport is onvolledig (een onderbroken run?); maak het opnieuw met 'aggregate'"
        )
    for path in (responses_path, problems_path):
        expected = manifest.get("files", {}).get(path.name)
        if path.exists() and expected is not None and file_hash(path) != expected:
            raise ResultsError(
                f"{path}: hoort niet bij dezelfde run als de rest van de map (gewijzigd of van een andere run); "
                "maak het rapport opnieuw met 'aggregate'"
            )


def load_results(path: Path, framework: Framework) -> Aggregation:
    """Rebuild the aggregation (cells, submissions, problems) from an aggregate output."""
    responses_path, problems_path = results_paths(path)
    check_one_run(responses_path, problems_path)
    rows = _rows(responses_path, RESPONSE_COLUMNS[:10] + ("programme_id",))
    problems = _rows(problems_path, PROBLEM_COLUMNS) if problems_path.exists() else []
    scores: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    people: dict[tuple[str, str], dict[str, str]] = {}
    answered: dict[tuple[str, str], int] = defaultdict(int)
    known_items = {x.id for x in framework.components} | {x.id for x in framework.competences}
    notes: list[Note] = []
    noted: set[tuple[str, str, str]] = set()
    for number, row in enumerate(rows, start=2):
        programme = framework.find_programme(row["programme_id"]) or framework.find_programme(row["programme"])
        if programme is None or row["item_id"] not in known_items:
            raise ResultsError(
                f"{responses_path}: regel {number}: '{row['programme']}' / '{row['item_id']}' "
                f"hoort niet bij kader {framework.id} {framework.version}"
            )
        try:
            score = int(row["score"])
        except ValueError:
            raise ResultsError(f"{responses_path}: regel {number}: score '{row['score']}' is geen getal") from None
        scores[(programme.id, row["item_id"], row["field"])].append(score)
        note_key = (programme.id, row["respondent"], row["item_id"])
        if (row.get("evidence") or row.get("comment")) and note_key not in noted:
            noted.add(note_key)
            notes.append(
                Note(programme, row["respondent"], row["item_id"], row.get("evidence", ""), row.get("comment", ""))
            )
        key = (programme.id, row["respondent"])
        people.setdefault(key, row)
        answered[key] += 1
    respondents: dict[str, int] = defaultdict(int)
    for programme_id, _ in people:
        respondents[programme_id] += 1
    item_count = len(known_items)
    submissions = []
    for (programme_id, respondent), row in people.items():
        programme = framework.find_programme(programme_id)
        assert programme is not None
        submissions.append(
            Submission(
                row["file"],
                programme,
                respondent,
                row.get("respondent_role", ""),
                row.get("respondent_date", ""),
                row.get("language", ""),
                answered[(programme_id, respondent)],
                item_count * 2 - answered[(programme_id, respondent)],
            )
        )
    order = [p.id for p in framework.programmes]
    submissions.sort(key=lambda s: (order.index(s.programme.id), s.file))
    present = {s.programme.id for s in submissions}
    dates = sorted(s.date[:10] for s in submissions if s.date)
    return Aggregation(
        framework=framework,
        readings=[],
        used=[],
        submissions=submissions,
        cells={key: Cell(tuple(v), respondents[key[0]]) for key, v in scores.items()},
        problems=[
            StoredProblem(p["code"], p["file"], p["sheet"], p["cell"], p["severity"], p["message"]) for p in problems
        ],  # type: ignore[misc]
        programmes=[p for p in framework.programmes if p.id in present],
        missing_programmes=[p for p in framework.programmes if p.id not in present],
        data_date=dates[-1] if dates else "",
        notes=notes,
    )
