"""YAML, read safely: with libyaml's C parser when PyYAML was built with it (about ten times faster,
which the command line feels on every start), else with PyYAML's own."""

from __future__ import annotations

from typing import Any

import yaml

SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def dump_yaml(data: Any) -> str:
    """`data` as YAML that people read and edit: keys in their order, texts in their own characters."""
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def parse_yaml(text: str) -> Any:
    """The data in a YAML text; raises yaml.YAMLError (with the line in `problem_mark`) when it is not YAML."""
    return yaml.load(text, Loader=SAFE_LOADER)  # noqa: S506 - a safe loader
