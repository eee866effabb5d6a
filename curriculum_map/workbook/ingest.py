"""Read many workbooks, on every core when there are many, one bad file never stopping the rest."""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from curriculum_map.core.problems import Problem
from curriculum_map.core.processes import check_stop, limit_memory, worker_pool
from curriculum_map.framework.model import Framework
from curriculum_map.workbook.inputs import expand_inputs
from curriculum_map.workbook.reading import Reading

PARALLEL_FROM = 24  # below this, one worker reads every file: starting more costs more than it saves
# What one worker may allocate beyond what it inherits: a filled workbook needs a few MB, the largest
# a sheet may be (extent.py) some hundreds.
READ_MEMORY_BYTES = 1024 * 1024 * 1024
# Files per task sent to a worker at most: with four tasks per worker in flight, a streaming caller holds
# a few hundred readings at a time, never thousands.
WINDOW_CHUNK = 64
WINDOW_FILES = 256  # a window's last task waits for the slowest: not too often

_worker_framework: Framework | None = None

# Work done on each reading where it is made (in the worker process, when there are workers),
# such as rendering its rows of responses.csv; it must be picklable (a module-level callable).
AfterRead = Callable[[Any, Framework], None]


@dataclass
class Ingest:
    readings: list[Any]  # WorkbookReading or PositionsReading, as the reader gives
    problems: list[Problem]  # problems with the inputs themselves (skipped files, nothing found)


def _init_worker(framework: Framework, memory: int) -> None:
    global _worker_framework
    _worker_framework = framework
    limit_memory(memory)


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
    blank: Callable[[str, Path], Reading] = Reading,
) -> Ingest:
    """Read every workbook in `inputs` (files or folders) with `reader`; results keep the order of the inputs.

    `after_read(reading, framework)` runs where each reading is made; `on_progress(reading, total)`
    is called after each file, in the main process; `blank(file, path)` makes the reading of a file
    whose reading crashed (the reader's own kind of reading).
    """
    files, problems = expand_inputs(inputs, exclude)
    if not files:
        problems.append(Problem("no-workbooks", ", ".join(str(p) for p in inputs)))
        return Ingest([], problems)
    workers = jobs if jobs is not None else min(os.cpu_count() or 1, 8)
    with collector_paused():
        readings = read_files(files, framework, reader, workers, on_progress, after_read, blank)
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


def read_files(
    files: Sequence[tuple[Path, str]],
    framework: Framework,
    reader: Callable[..., Reading],
    workers: int = 1,
    on_progress: Callable[[Reading, int], None] | None = None,
    after_read: AfterRead | None = None,
    blank: Callable[[str, Path], Reading] = Reading,
) -> list[Reading]:
    """Read `files` ((path, name shown)) in worker processes, in order, and keep every reading (see iter_files)."""
    return list(iter_files(files, framework, reader, workers, on_progress, after_read, blank))


def iter_files(
    files: Sequence[tuple[Path, str]],
    framework: Framework,
    reader: Callable[..., Reading],
    workers: int = 1,
    on_progress: Callable[[Reading, int], None] | None = None,
    after_read: AfterRead | None = None,
    blank: Callable[[str, Path], Reading] = Reading,
) -> Iterator[Reading]:
    """Yield the reading of each of `files` ((path, name shown)), in order; a file that kills its worker is named.

    Every file is read in a worker process under a memory bound, never in this one: a workbook that
    exhausts memory or crashes the cell reader ends that worker only. The files still to read are
    then read again in a fresh pool, the first of them alone, so that the file to blame is found
    and named (read-crashed) while every other file is read as usual. Files are handed to the pool a
    window at a time, so that a caller that folds each reading and drops it (sector aggregate) holds
    the readings of one window at most, however many files there are.
    """
    workers = max(1, min(workers if len(files) >= PARALLEL_FROM else 1, len(files)))
    chunk = max(1, min(len(files) // (workers * 8), WINDOW_CHUNK))
    done = 0
    while done < len(files):
        try:
            with worker_pool(workers, _init_worker, (framework, READ_MEMORY_BYTES)) as pool:
                while done < len(files):
                    window = files[done : done + max(WINDOW_FILES, workers * chunk * 4)]
                    jobs = [(path, shown, reader, after_read) for path, shown in window]
                    for reading in pool.map(_read_in_worker, jobs, chunksize=chunk):
                        done += 1
                        yield _kept(reading, framework, on_progress, len(files))
        except BrokenProcessPool:
            check_stop()  # a stop asked for (Ctrl-C) also ends the workers: that is no file's fault
            path, shown = files[done]
            alone = _read_alone(path, shown, framework, reader, after_read, blank)
            done += 1
            yield _kept(alone, framework, on_progress, len(files))
            chunk = 1  # from here on, a crash costs one file's re-read, not a chunk's


def _kept(
    reading: Reading, framework: Framework, on_progress: Callable[[Reading, int], None] | None, total: int
) -> Reading:
    check_stop()
    compact = reading.compact(framework)
    if on_progress:
        on_progress(reading, total)
    return compact


def _read_alone(
    path: Path,
    shown: str,
    framework: Framework,
    reader: Callable[..., Reading],
    after_read: AfterRead | None,
    blank: Callable[[str, Path], Reading],
) -> Reading:
    """One file in a worker of its own: its reading, or, when the worker dies, a reading that names the crash."""
    try:
        with worker_pool(1, _init_worker, (framework, READ_MEMORY_BYTES)) as pool:
            return pool.submit(_read_in_worker, (path, shown, reader, after_read)).result()
    except BrokenProcessPool:
        check_stop()
        reading = blank(shown, path)
        reading.problem("read-crashed")
        return reading
