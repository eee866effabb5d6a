"""curriculum-map: competence framework -> workbooks to fill in -> coverage reports and heatmaps.

The public API for scripts (the command line uses the same functions)::

    import curriculum_map as cm

    framework = cm.load_framework()                       # or load_framework("other.yaml")
    cm.write_templates(framework, Path("out"))            # one blank workbook per programme
    reading = cm.read_workbook(Path("Sociaal werk.xlsx"), framework)   # answers and problems
    result = cm.run_aggregate([Path("inbox")], framework, Path("report"))
    aggregation = cm.aggregate([reading], framework)      # the same numbers, no files written
    earlier = cm.load_results(Path("report"), framework)  # a finished report read back
    report = cm.read_report("report")                    # its tidy tables as pandas DataFrames
    history = cm.read_history("curriculum-map.sqlite")   # every round of a history, the same tables

Names are imported on first use, so that `import curriculum_map` (and `curriculum-map --help`)
stays fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from curriculum_map.core.version import __version__

_EXPORTS = {
    "load_framework": "curriculum_map.framework.model",
    "Framework": "curriculum_map.framework.model",
    "FrameworkError": "curriculum_map.framework.model",
    "write_templates": "curriculum_map.coverage.template",
    "TemplateOptions": "curriculum_map.workbook.builder",
    "read_workbook": "curriculum_map.coverage.reader",
    "read_positions_workbook": "curriculum_map.positions.reader",
    "aggregate": "curriculum_map.coverage.aggregate",
    "Aggregation": "curriculum_map.coverage.aggregate",
    "run_aggregate": "curriculum_map.coverage.report",
    "run_positions_aggregate": "curriculum_map.positions.report",
    "load_results": "curriculum_map.coverage.results",
    "read_report": "curriculum_map.history.tables",
    "read_history": "curriculum_map.history.tables",
    "Tables": "curriculum_map.history.tables",
    "Problem": "curriculum_map.core.problems",
}

__all__ = [
    "Aggregation",
    "Framework",
    "FrameworkError",
    "Problem",
    "TemplateOptions",
    "Tables",
    "__version__",
    "aggregate",
    "load_framework",
    "load_results",
    "read_history",
    "read_positions_workbook",
    "read_report",
    "read_workbook",
    "run_aggregate",
    "run_positions_aggregate",
    "write_templates",
]

if TYPE_CHECKING:
    from curriculum_map.core.problems import Problem
    from curriculum_map.coverage.aggregate import Aggregation, aggregate
    from curriculum_map.coverage.reader import read_workbook
    from curriculum_map.coverage.report import run_aggregate
    from curriculum_map.coverage.results import load_results
    from curriculum_map.coverage.template import write_templates
    from curriculum_map.framework.model import Framework, FrameworkError, load_framework
    from curriculum_map.history.tables import Tables, read_history, read_report
    from curriculum_map.positions.reader import read_positions_workbook
    from curriculum_map.positions.report import run_positions_aggregate
    from curriculum_map.workbook.builder import TemplateOptions


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'curriculum_map' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
