"""YAML, read safely: with libyaml's C parser when PyYAML was built with it (about ten times faster,
which the command line feels on every start), else with PyYAML's own.

A safe loader still builds whatever shape a text describes. Two shapes no data file of this tool
has are refused before anything is built: aliases that repeat a value so often that the document
grows without bound ('billion laughs': a 5 KB file of nested aliases is billions of values once
anything walks it), and collections nested so deep that building them overflows the stack (the C
loader then ends the process without a word).
"""

from __future__ import annotations

from typing import Any

import yaml

SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# values aliases may add to a document beyond those written out: a file that reuses a text or a list a
# few times stays well under it, a growing bomb passes it within its first levels
MAX_ALIAS_VALUES = 10_000
MAX_DEPTH = 100  # lists and mappings inside each other: a framework file nests about a dozen deep

_OPEN = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_CLOSE = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


class YamlLimitError(yaml.MarkedYAMLError):
    """A text that is YAML but of a shape beyond the limits above: its catalogue code, values and place.

    The layers above put it into words (core cannot: the catalogue itself is read with this module).
    """

    def __init__(self, code: str, mark: Any, **values: Any):
        super().__init__(problem=code, problem_mark=mark)
        self.code = code
        self.values = values


def dump_yaml(data: Any) -> str:
    """`data` as YAML that people read and edit: keys in their order, texts in their own characters."""
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def parse_yaml(text: str) -> Any:
    """The data in a YAML text; raises yaml.YAMLError (with the line in `problem_mark`) when it is not YAML,
    a YamlLimitError when aliases repeat too much or collections nest too deep."""
    check_shape(text)
    return yaml.load(text, Loader=SAFE_LOADER)  # noqa: S506 - a safe loader


def parse_package_yaml(text: str) -> Any:
    """The data in a YAML file shipped with the package (the catalogue): written by us, so read without
    `check_shape`, which would double the time every command takes to start."""
    return yaml.load(text, Loader=SAFE_LOADER)  # noqa: S506 - a safe loader


def check_shape(text: str) -> None:
    """Refuse alias bombs and deep nesting from the parser's events, before any value is built.

    Each alias stands for the whole value of its anchor, aliases inside it included; the sum of
    those sizes is what the aliases add to the document.
    """
    open_nodes: list[list[Any]] = []  # [anchor, values so far] of each list or mapping being read
    sizes: dict[str, int] = {}  # the values of each anchored node read so far, aliases expanded
    added = 0
    for event in yaml.parse(text, Loader=SAFE_LOADER):
        if isinstance(event, _OPEN):
            if len(open_nodes) >= MAX_DEPTH:
                raise YamlLimitError("yaml-too-deep", event.start_mark, limit=MAX_DEPTH)
            open_nodes.append([event.anchor, 1])
            continue
        if isinstance(event, _CLOSE):
            anchor, size = open_nodes.pop()
        elif isinstance(event, yaml.ScalarEvent):
            anchor, size = event.anchor, 1
        elif isinstance(event, yaml.AliasEvent):
            recursive = any(node[0] == event.anchor for node in open_nodes)  # a value that contains itself
            anchor, size = None, sizes.get(event.anchor or "", 0)  # an undefined alias: the loader names it
            added += size
            if recursive or added > MAX_ALIAS_VALUES:
                raise YamlLimitError("yaml-aliases", event.start_mark, limit=MAX_ALIAS_VALUES)
        else:
            continue
        if anchor is not None:
            sizes[anchor] = size
        if open_nodes:
            open_nodes[-1][1] += size
