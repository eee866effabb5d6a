"""Read many workbooks, on every core when there are many, one bad file never stopping the rest."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .framework import Framework, load_framework
from .positions_reader import PositionAnswer
from .problems import Problem
from .reader import Answer, Reading, expand_inputs, read_workbook

PARALLEL_FROM = 24  # below this, starting worker processes costs more than it saves

_worker_framework: Framework | None = None


@dataclass
class Ingest:
    readings: list[Any]  # WorkbookReading or PositionsReading, as the reader gives
    problems: list[Problem]  # problems with the inputs themselves (skipped files, nothing found)


def compact(reading: Any, framework: Framework) -> Any:
    """Share the strings and levels that repeat across thousands of readings, to keep memory flat.

    Readings that come back from worker processes carry their own copies of every string and
    level; interning them makes 5,000 workbooks cost a few hundred bytes per answer.
    """
    answers = getattr(reading, "answers", None)
    if not answers:
        return reading
    intern = sys.intern
    if hasattr(reading, "own"):  # a positions reading
        table = {level.score: level for level in framework.expectations}
        reading.answers = [
            PositionAnswer(
                intern(a.sheet),
                intern(a.cell),
                intern(a.item_id),
                intern(a.position_id),
                table.get(a.level.score, a.level),
                intern(a.raw),
                intern(a.own_choice),
            )
            for a in answers
        ]
    else:
        table = {level.score: level for level in framework.levels}
        reading.answers = [
            Answer(
                intern(a.sheet),
                intern(a.cell),
                intern(a.item_id),
                intern(a.item_type),
                intern(a.field),
                table.get(a.level.score, a.level),
                intern(a.raw),
                intern(a.evidence),
                intern(a.comment),
            )
            for a in answers
        ]
    return reading


def _init_worker(framework_path: str) -> None:
    global _worker_framework
    _worker_framework = load_framework(framework_path)


def _read_in_worker(job: tuple[Path, str, Callable[..., Reading]]) -> Reading:
    assert _worker_framework is not None
    path, shown, reader = job
    return reader(path, _worker_framework, shown)


def read_workbooks(
    inputs: Sequence[Path],
    framework: Framework,
    jobs: int | None = None,
    on_progress: Callable[[Reading, int], None] | None = None,
    reader: Callable[..., Reading] = read_workbook,
    exclude: Sequence[Path] = (),
) -> Ingest:
    """Read every workbook in `inputs` (files or folders); results keep the order of the inputs.

    `on_progress(reading, total)` is called after each file, in the main process.
    """
    files, problems = expand_inputs(inputs, exclude)
    if not files:
        problems.append(Problem("no-workbooks", ", ".join(str(p) for p in inputs)))
        return Ingest([], problems)
    workers = jobs if jobs is not None else min(os.cpu_count() or 1, 8)
    readings: list[Reading] = []
    if workers > 1 and len(files) >= PARALLEL_FROM and framework.path:
        chunk = max(1, len(files) // (workers * 8))
        with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(framework.path,)) as pool:
            jobs_list = [(path, shown, reader) for path, shown in files]
            for reading in pool.map(_read_in_worker, jobs_list, chunksize=chunk):
                readings.append(compact(reading, framework))
                if on_progress:
                    on_progress(reading, len(files))
    else:
        for path, shown in files:
            reading = reader(path, framework, shown)
            readings.append(compact(reading, framework))
            if on_progress:
                on_progress(reading, len(files))
    return Ingest(readings, problems)
