"""docs/organisations.md: every command is one to paste as it is (issue 24: `[--min-respondents 3]` in
brackets broke when pasted), with options its command has."""

from __future__ import annotations

import re
import shlex

import click

from conftest import REPO
from curriculum_map.cli import cli

BLOCK = re.compile(r"```\n(curriculum-map .*?)\n```", re.S)


def commands() -> list[list[str]]:
    text = (REPO / "docs" / "organisations.md").read_text(encoding="utf-8")
    return [shlex.split(block)[1:] for block in BLOCK.findall(text)]


def test_every_command_of_the_page_parses_as_pasted():
    found = commands()
    assert len(found) >= 16  # Dutch and English, every step
    for args in found:
        assert not any(a.startswith("[") or a.endswith("]") for a in args), args
        group = cli.commands[args[0]]
        command = group.commands[args[1]] if isinstance(group, click.Group) else group
        names = {n for p in command.params for n in getattr(p, "opts", [])}
        options = [a for a in args if a.startswith("--")]
        assert set(options) <= names, (args, set(options) - names)


def test_the_returned_workbooks_are_read_from_ingevuld_and_the_positions_from_rapport():
    for args in commands():
        if args[:2] == ["staff", "read"]:
            assert args[2] == "ingevuld"
        if "--positions" in args:
            assert args[args.index("--positions") + 1] == "rapport"
