"""revisielijst.xlsx: the ranked list the framework's owners decide on, row by row.

One row per proposal (each group of rewordings, each move target, each missing competence), and for a
competence that was flagged without a proposal one row of its own; then empty rows for decisions of the
owners' own (a split, a merge). The owners pick a decision from the dropdown and fill in the target and the
new text where the decision needs them; `framework revise` reads the same columns back.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from curriculum_map.consult.aggregate import ConsultAggregation
from curriculum_map.consult.questions import DECISION, consult_scale, move_targets
from curriculum_map.consult.style import framework_style, tidy_statement
from curriculum_map.consult.tables import describe_review, sectors_text, share_of
from curriculum_map.core.texts import text
from curriculum_map.core.version import __version__
from curriculum_map.render.xlsx_style import LINE_HEIGHT, WORKBOOK_OPTIONS, row_height
from curriculum_map.workbook.builder import A4, SIDE_MARGIN, contiguous_runs
from curriculum_map.workbook.layout import METADATA_SHEET, SheetLayout

REVISION_KIND = "revision"
REVISION_LAYOUT = SheetLayout("revision", "competence", ("id", "competence", "kind", "proposal", "count", "sectors",
                              "unclear", "not_relevant", "decision", "target", "new_text"), 4)  # fmt: skip
# about 132 characters in all: printed on A4 landscape at full width, 11-point text stays near 9 points
WIDTHS = {"id": 6, "competence": 24, "kind": 11, "proposal": 20, "count": 6, "sectors": 11, "unclear": 9,
          "not_relevant": 9, "decision": 13, "target": 6, "new_text": 22}  # fmt: skip
OWN_ROWS = 15  # empty rows for the owners' own decisions


@dataclass(frozen=True)
class RevisionRow:
    item_id: str
    competence: str
    kind: str  # rewording, move, new, flagged
    proposal: str = ""
    count: int | str = ""
    sectors: str = ""
    unclear: str = ""
    not_relevant: str = ""
    target: str = ""
    new_text: str = ""


def revision_rows(agg: ConsultAggregation, lang: str) -> list[RevisionRow]:
    """The proposals, most in need of attention first; the missing competences per cluster at the end."""
    fw, targets, rows = agg.framework, move_targets(agg.framework), []
    style = framework_style(fw, lang)
    for item in agg.ranked():
        competence = fw.competence(item.item_id).text.get(lang)
        tally = item.tally()
        shares = {"unclear": share_of(tally.unclear, tally.clear_answers, lang),
                  "not_relevant": share_of(tally.not_relevant, tally.relevant_answers, lang)}  # fmt: skip
        for group in item.rewordings:
            sectors = sectors_text(group.sectors, lang)
            rows.append(RevisionRow(item.item_id, competence, "rewording", group.common, len(group.proposals),
                                    sectors, new_text=tidy_statement(group.common, style), **shares))  # fmt: skip
        for target, count in Counter(p.target for p in item.moves).items():
            sectors = sectors_text((p.review.sector for p in item.moves if p.target == target), lang)
            rows.append(RevisionRow(item.item_id, competence, "move", targets.label(target, lang), count, sectors,
                                    target=target, **shares))  # fmt: skip
        if not item.rewordings and not item.moves:
            rows.append(RevisionRow(item.item_id, competence, "flagged", "", len(item.flagged_by),
                                    sectors_text(item.flagged_sectors, lang), **shares))  # fmt: skip
    for group in agg.new_groups:  # nearly the same missing competence: one row, with how many proposed it
        rows.append(RevisionRow(group.cluster_id, "", "new", group.common, len(group.proposals),
                                sectors_text(group.sectors, lang), target=group.target,
                                new_text=tidy_statement(group.common, style)))  # fmt: skip
    return rows


def text_language(agg: ConsultAggregation, lang: str) -> str:
    """The language the reviewers wrote their proposals in: that of most of the workbooks read (`lang` without any).

    The revisielijst's own labels may be in another language (consult aggregate --lang en on Dutch workbooks):
    framework revise stores a new text under the language it was written in, not the labels' language."""
    languages = Counter(r.language for r in agg.readings if r.usable)
    return languages.most_common(1)[0][0] if languages else lang


def write_revision_xlsx(agg: ConsultAggregation, path: Path, lang: str, show_names: bool = False) -> None:
    """The revisielijst: a row per proposal with a decision dropdown, then rows for the owners' own decisions;
    a second sheet with the general remarks of the front sheets."""
    workbook = xlsxwriter.Workbook(str(path), WORKBOOK_OPTIONS)
    base = {"font_name": "Calibri", "font_size": 11, "valign": "top", "text_wrap": True, "border": 1,
            "border_color": "#a6a6a6"}  # fmt: skip
    f = {
        "title": workbook.add_format({"bold": True, "font_size": 15, "font_color": "#1f3b57"}),
        "note": workbook.add_format({"italic": True, "font_color": "#404040"}),
        "header": workbook.add_format({**base, "bold": True, "bg_color": "#e7e6e6", "valign": "vcenter"}),
        "cell": workbook.add_format(base),
        "input": workbook.add_format({**base, "bg_color": "#ffffff", "locked": False, "num_format": "@"}),
    }
    ws = workbook.add_worksheet(text("sheet.revision", lang))
    metadata = workbook.add_worksheet(METADATA_SHEET)
    fw = agg.framework
    pairs = (
        ("workbook_kind", REVISION_KIND),
        ("framework_id", fw.id),
        ("framework_version", fw.version),
        ("framework_hash", fw.hash),
        ("language", lang),
        ("text_language", text_language(agg, lang)),
        ("generator", f"curriculum-map {__version__}"),
    )
    for row, (key, value) in enumerate(pairs):
        metadata.write_string(row, 0, key)
        metadata.write_string(row, 1, value)
    decisions = consult_scale(DECISION).labels(lang)
    for row, label in enumerate(decisions):
        metadata.write_string(row, 3, label)
    metadata.hide()
    layout = REVISION_LAYOUT
    for index, column in enumerate(layout.columns):
        ws.set_column(index, index, WIDTHS[column])
    ws.write_string(0, 0, text("consult.revision.title", lang, subject=fw.subject.get(lang)), f["title"])
    ws.write_string(1, 0, text("consult.revision.note", lang, version=fw.version), f["note"])
    header = layout.header_row - 1
    for index, column in enumerate(layout.columns):
        ws.write_string(header, index, text(f"consult.revision.column.{column}", lang), f["header"])
    ws.set_row(header, 3 * LINE_HEIGHT + 2)
    rows = revision_rows(agg, lang)
    first = layout.first_data_row - 1
    for offset, item in enumerate(rows):
        _write_row(ws, first + offset, item, f, lang)
    for offset in range(len(rows), len(rows) + OWN_ROWS):
        for column in layout.columns:
            ws.write_blank(first + offset, layout.column(column), None, f["input"])
    last = first + len(rows) + OWN_ROWS - 1
    source = f"='{METADATA_SHEET}'!$D$1:$D${len(decisions)}"
    for begin, end in contiguous_runs(range(first, last + 1)):
        status = ws.data_validation(begin, layout.column("decision"), end, layout.column("decision"),
                                    {"validate": "list", "source": source, "ignore_blank": True})  # fmt: skip
        if status != 0:
            raise RuntimeError(f"xlsxwriter refused the data validation (status {status})")
    ws.freeze_panes(layout.header_row, 1)
    ws.set_landscape()
    ws.set_paper(A4)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(header)
    ws.set_margins(left=SIDE_MARGIN, right=SIDE_MARGIN, top=0.5, bottom=0.6)
    ws.set_footer("&L&A&R&P / &N")
    ws.autofilter(header, 0, last, len(layout.columns) - 1)
    _write_general(workbook.add_worksheet(text("sheet.general_remarks", lang)), agg, f, lang, show_names)
    workbook.close()


def _write_general(ws: Worksheet, agg: ConsultAggregation, f: dict[str, Format], lang: str, names: bool) -> None:
    """The general remarks verbatim, each with who wrote it (the sector; the name only when names may be shown)."""
    widths = (30, 100)
    for index, width in enumerate(widths):
        ws.set_column(index, index, width)
    ws.write_string(0, 0, text("consult.revision.general.title", lang), f["title"])
    for index, key in enumerate(("who", "remark")):
        ws.write_string(2, index, text(f"consult.revision.general.{key}", lang), f["header"])
    for row, p in enumerate(agg.general, 3):
        who = describe_review(p.review, lang, names)
        ws.write_string(row, 0, who, f["cell"])
        ws.write_string(row, 1, p.text, f["cell"])
        ws.set_row(row, row_height([(who, widths[0]), (p.text, widths[1])]))
    ws.freeze_panes(3, 0)
    ws.set_landscape()
    ws.set_paper(A4)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(2)
    ws.set_footer("&L&A&R&P / &N")


def _write_row(ws: Worksheet, row: int, item: RevisionRow, f: dict[str, Format], lang: str) -> None:
    layout = REVISION_LAYOUT
    kind = text(f"consult.revision.kind.{item.kind}", lang)
    values = {"id": item.item_id, "competence": item.competence, "kind": kind, "proposal": item.proposal,
              "count": str(item.count), "sectors": item.sectors, "unclear": item.unclear,
              "not_relevant": item.not_relevant}  # fmt: skip
    for key, value in values.items():
        ws.write_string(row, layout.column(key), value, f["cell"])
    ws.write_blank(row, layout.column("decision"), None, f["input"])
    ws.write_string(row, layout.column("target"), item.target, f["input"])
    ws.write_string(row, layout.column("new_text"), item.new_text, f["input"])
    ws.set_row(row, row_height([(item.competence, WIDTHS["competence"]), (item.proposal, WIDTHS["proposal"]),
                                (item.new_text, WIDTHS["new_text"]), (item.unclear, WIDTHS["unclear"]),
                                (item.not_relevant, WIDTHS["not_relevant"])]))  # fmt: skip
