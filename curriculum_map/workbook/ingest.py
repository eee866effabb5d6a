"""Read many workbooks, on every core when there are many, one bad file never stopping the rest."""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from curriculum_map.core.problems import Problem
from curriculum_map.core.processes import check_stop, worker_pool
from curriculum_map.framework.model import Framework
from curriculum_map.workbook.inputs import expand_inputs
from curriculum_map.workbook.reading import Reading

PARALLEL_FROM = 24  # below this, starting worker processes costs more than it saves

_worker_framework: Framework | None = None

# Work done on each reading where it is made (in the worker process, when there are workers),
# such as rendering its rows of responses.csv; it must be picklable (a module-level callable).
AfterRead = Callable[[Any, Framework], None]


@dataclass
class Ingest:
    readings: list[Any]  # WorkbookReading or PositionsReading, as the reader gives
    problems: list[Problem]  # problems with the inputs themselves (skipped files, nothing found)


def _init_worker(framework: Framework) -> None:
    global _worker_framework
    _worker_framework = framework


def _read_in_worker(job: tuple[Path, str, Callable[..., Reading], AfterRead | None]) -> Reading:
    assert _worker_framework is not None
    path, shown, reader, after_read = job
    reading = reader(path, _worker_framework, shown)
    if after_read is not None:
        after_read(reading, _worker_framework)
    return reading.pack()


def read_workbooks(
    inputs: Sequence[Path],
    framework: Framework,
    reader: Callable[..., Reading],
    jobs: int | None = None,
    on_progress: Callable[[Reading, int], None] | None = None,
    exclude: Sequence[Path] = (),
    after_read: AfterRead | None = None,
) -> Ingest:
    """Read every workbook in `inputs` (files or folders) with `reader`; results keep the order of the inputs.

    `after_read(reading, framework)` runs where each reading is made; `on_progress(reading, total)`
    is called after each file, in the main process.
    """
    files, problems = expand_inputs(inputs, exclude)
    if not files:
        problems.append(Problem("no-workbooks", ", ".join(str(p) for p in inputs)))
        return Ingest([], problems)
    workers = jobs if jobs is not None else min(os.cpu_count() or 1, 8)
    with collector_paused():
        readings = _read_all(files, framework, workers, on_progress, reader, after_read)
    return Ingest(readings, problems)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while thousands of readings pile up.

    Readings hold no reference cycles, but the collector would walk every answer read so far, again
    and again as more arrive: a second of the main process's time for 5,000 workbooks.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _read_all(
    files: list[tuple[Path, str]],
    framework: Framework,
    workers: int,
    on_progress: Callable[[Reading, int], None] | None,
    reader: Callable[..., Reading],
    after_read: AfterRead | None,
) -> list[Reading]:
    readings: list[Reading] = []
    if workers > 1 and len(files) >= PARALLEL_FROM:
        chunk = max(1, len(files) // (workers * 8))
        # the framework travels once per worker (it may come from the workbooks, with no file to load)
        with worker_pool(workers, _init_worker, (framework,)) as pool:
            jobs_list = [(path, shown, reader, after_read) for path, shown in files]
            for reading in pool.map(_read_in_worker, jobs_list, chunksize=chunk):
                check_stop()
                readings.append(reading.compact(framework))
                if on_progress:
                    on_progress(reading, len(files))
    else:
        for path, shown in files:
            reading = reader(path, framework, shown)
            if after_read is not None:
                after_read(reading, framework)
            readings.append(reading.compact(framework))
            if on_progress:
                on_progress(reading, len(files))
    return readings
