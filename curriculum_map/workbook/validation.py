"""Checking filled workbooks before they are sent or aggregated: every problem, and how many were clean."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from curriculum_map.core.problems import Problem, counts_as_failure
from curriculum_map.framework.model import Framework
from curriculum_map.workbook.ingest import read_files
from curriculum_map.workbook.inputs import expand_inputs
from curriculum_map.workbook.reading import Reading


@dataclass(frozen=True)
class Validation:
    """What `validate` found: the problems of every file read, the number of files, and how many were clean."""

    problems: list[Problem]
    files: int
    clean: int

    @property
    def failed(self) -> bool:
        return counts_as_failure(self.problems)


def validate_workbooks(
    inputs: Sequence[Path],
    framework: Framework,
    reader: Callable[[Path, Framework, str], Reading],
    blank: Callable[[str, Path], Reading] = Reading,
) -> Validation:
    """Read every workbook in `inputs` (files or folders) with `reader`; files named directly keep their path.

    Files are read in a worker process, like `aggregate` reads them (`blank` as there).
    """
    found, problems = expand_inputs(inputs)
    clean = 0
    shown = [(path, str(path) if path in inputs else name) for path, name in found]
    for reading in read_files(shown, framework, reader, blank=blank):
        problems.extend(reading.problems)
        clean += not counts_as_failure(reading.problems)
    if not found:
        problems.append(Problem("no-workbooks", ", ".join(str(p) for p in inputs)))
    return Validation(problems, len(found), clean)
