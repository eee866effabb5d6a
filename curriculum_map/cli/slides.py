"""`slides`: a 16:9 deck for the focus group, drawn from a finished report folder."""

from __future__ import annotations

from pathlib import Path

import click

from curriculum_map.cli.common import fail, framework_for_report, framework_language, open_results, writing_outputs
from curriculum_map.cli.localise import Command, PathType, argument
from curriculum_map.cli.options import framework_option, lang_option, out_file
from curriculum_map.core.texts import text


@click.command("slides", cls=Command, help="help.slides")
@argument("report", "argument.report", type=PathType(exists=True))
@out_file("help.slides.out")
@framework_option
@lang_option
def slides(report: Path, out_file: Path, framework_file: Path | None, lang: str) -> None:
    """A 16:9 slide deck for the focus group, from a report folder of `aggregate`."""
    from curriculum_map.coverage.slides import write_slides

    fw = framework_for_report(framework_file, report, lang)
    lang = framework_language(fw, lang)
    aggregation = open_results(report, fw, lang)
    if not aggregation.programmes:
        fail("cli.slides.empty", lang, path=report)
    with writing_outputs(lang, out_file):
        deck = write_slides(aggregation, out_file, lang)
    click.echo(str(deck.path))
    count = text("count.slides", lang, count=deck.slides)
    click.echo(text("cli.slides.summary", lang, slides=count, path=deck.path), err=True)
