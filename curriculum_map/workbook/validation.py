"""Checking filled workbooks before they are sent or aggregated: every problem, and how many were clean."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from curriculum_map.core.problems import Problem, counts_as_failure
from curriculum_map.framework.model import Framework, load_framework
from curriculum_map.workbook.choice import Choice, read_with_chosen_framework
from curriculum_map.workbook.ingest import Ingest, read_files
from curriculum_map.workbook.inputs import expand_inputs
from curriculum_map.workbook.reading import Reading


@dataclass(frozen=True)
class Validation:
    """What `validate` found: the problems of every file read, the number of files, and how many were clean."""

    problems: list[Problem]
    files: int
    clean: int
    choice: Choice | None = None  # the framework the workbooks were checked against

    @property
    def failed(self) -> bool:
        return counts_as_failure(self.problems)


def validate_workbooks(
    inputs: Sequence[Path],
    framework: Framework | None,
    reader: Callable[[Path, Framework, str], Reading],
    blank: Callable[[str, Path], Reading] = Reading,
) -> Validation:
    """Read every workbook in `inputs` (files or folders) with `reader`; files named directly keep their path.

    Files are read as `aggregate` reads them: in a worker process, against `framework` or, when it
    is None, the framework most of them carry (workbook.choice); `blank` as in ingest.read_files.
    """
    found, problems = expand_inputs(inputs)
    if not found:
        problems.append(Problem("no-workbooks", ", ".join(str(p) for p in inputs)))
        return Validation(problems, 0, 0)
    shown = [(path, str(path) if path in inputs else name) for path, name in found]

    def read(fw: Framework) -> Ingest:
        return Ingest(read_files(shown, fw, reader, blank=blank), [])

    choice, ingest = read_with_chosen_framework(inputs, framework, load_framework, read)
    clean = 0
    for reading in ingest.readings:
        problems.extend(reading.problems)
        clean += not counts_as_failure(reading.problems)
    return Validation(problems, len(found), clean, choice)
