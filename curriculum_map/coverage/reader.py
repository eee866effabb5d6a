"""Read one filled programme workbook into answers and problems, never guessing and never dropping a value.

The shared reading layer (workbook.reading) checks the file, the metadata and the respondent block;
this module describes the programme workbook's sheets and columns and reads their rows.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from curriculum_map.core.catalogue import Message
from curriculum_map.core.texts import LANGUAGES, all_translations, text
from curriculum_map.framework.crosswalk import Crosswalk
from curriculum_map.framework.levels import LevelParser, normalise
from curriculum_map.framework.model import Cluster, Focus, Framework, Level, Programme
from curriculum_map.workbook.container import Sniffed, formula_cells
from curriculum_map.workbook.inputs import MissingInputs, check_inputs, expand_inputs
from curriculum_map.workbook.layout import (
    DATA_SHEETS,
    INPUT_FIELDS,
    LEVEL_FIELDS,
    METADATA_SHEET,
    TEXT_FIELDS,
    SheetLayout,
    cell_ref,
    column_letter,
)
from curriculum_map.workbook.reading import (
    MAX_ROWS_SCANNED,
    ColumnMap,
    Grids,
    Reading,
    Respondent,
    at,
    cell_text,
    check_metadata,
    describe_values,
    find_columns,
    id_text,
    name_cells_beyond,
    name_cells_outside,
    name_invalid_level,
    name_missing_rows,
    name_renamed_columns,
    name_unread_sheets,
    open_grids,
    read_metadata,
    read_respondent,
    read_safely,
)

__all__ = ["Answer", "MissingInputs", "WorkbookReading", "check_inputs", "expand_inputs", "read_workbook"]


class Answer(NamedTuple):
    """One answered level cell, with the row's free texts."""

    sheet: str
    cell: str
    item_id: str
    item_type: str
    field: str
    level: Level
    raw: str
    evidence: str = ""
    comment: str = ""
    evidence_cell: str = ""  # where the evidence is written ('F9'): a note about it points there, not at the level


@dataclass
class WorkbookReading(Reading):
    """Everything read from one programme workbook: the programme, the answers, the problems."""

    programme: Programme | None = None
    answers: list[Answer] = field(default_factory=list)
    # where render_csv.ResponseSpool put this workbook's rows of responses.csv: (file, offset, length)
    spooled_rows: tuple[str, int, int] | None = None

    def discard_answers(self) -> None:
        self.answers.clear()

    def compact(self, framework: Framework) -> WorkbookReading:
        """Unpack (from a worker) and intern the fields that repeat across thousands of workbooks.

        Interning makes 5,000 workbooks cost a few hundred bytes per answer; free texts (evidence,
        comments) are kept as they are: they rarely repeat.
        """
        packed = self.packed_answers
        rows = packed or self.answers
        if not rows:
            return self
        intern, new = sys.intern, tuple.__new__
        table = {level.score: level for level in framework.levels}
        self.answers = [
            new(Answer, (intern(s), intern(c), intern(i), intern(t), intern(f),
                         table[v] if packed else table.get(v.score, v), intern(r), e, m, intern(w)))
            for s, c, i, t, f, v, r, e, m, w in rows
        ]  # fmt: skip
        self.packed_answers = ()
        return self


def read_workbook(
    path: Path, framework: Framework, display: str | None = None, crosswalk: Crosswalk | None = None
) -> WorkbookReading:
    """Read a filled programme workbook; problems are collected on the result, never raised.

    With a crosswalk, a workbook of the crosswalk's old version is read with its ids translated.
    """
    reading = WorkbookReading(display or path.name, path, offered_crosswalk=crosswalk)
    return read_safely(reading, framework, _read)


def _read(reading: WorkbookReading, sniffed: Sniffed, framework: Framework) -> None:
    with open_grids(reading.path, sniffed) as grids:
        _read_grids(reading, sniffed, framework, grids)


def _read_grids(reading: WorkbookReading, sniffed: Sniffed, framework: Framework, grids: Grids) -> None:
    metadata = read_metadata(grids.get(METADATA_SHEET))
    if not _identify(reading, framework, metadata, grids):
        return
    sheets = _find_data_sheets(grids, framework)
    copies = {layout.key: _copies_of(grids, layout, sheets) for layout in DATA_SHEETS}
    read_names = {*sheets.values(), *(name for names in copies.values() for name in names)}
    formulas = formula_cells(reading.path, sniffed.kind or "xlsx", read_names) if sniffed.may_have_formulas else {}
    plan = read_plan(framework)
    for layout in DATA_SHEETS:
        sheet_name = sheets.get(layout.key)
        if sheet_name is None:
            reading.problem("sheet-missing", sheet=text(f"sheet.{layout.key}", reading.language),
                            name=text(f"sheet.{layout.key}", reading.language))  # fmt: skip
            continue
        if copies[layout.key]:
            _read_sheet_and_copies(reading, plan, layout, [sheet_name, *copies[layout.key]], grids, formulas)
        else:
            _read_sheet(reading, plan, layout, sheet_name, grids[sheet_name], formulas.get(sheet_name, {}))
    name_unread_sheets(reading, grids, read_names)
    name_cells_beyond(reading, grids)
    for sheet_name, height in grids.truncated.items():
        if sheet_name in sheets.values():
            reading.problem("sheet-too-long", sheet_name, rows=height, read=MAX_ROWS_SCANNED)
    if not reading.respondent.name:
        reading.respondent = Respondent(Path(reading.file).stem, named=False)
    if not reading.answers:
        reading.problem("no-answers")
        if reading.respondent.remark:  # kept where it can be read: it would be in responses.csv with any answer
            reading.problem("remark-without-answers", reading.respondent.sheet, value=reading.respondent.remark)
    reading.usable = True


def _identify(reading: WorkbookReading, framework: Framework, metadata: dict[str, str] | None, grids: Grids) -> bool:
    """Programme, language and framework of the workbook; False when its answers cannot be counted."""
    if metadata is not None:
        if not check_metadata(reading, framework, metadata, "programme"):
            return False
        programme = framework.find_programme(metadata.get("programme_id", "")) or framework.find_programme(
            metadata.get("programme", "")
        )
        if programme is not None:
            reading.programme = programme
            return True
    reading.language = _guess_language(grids)
    programme, source = _programme_from_content(framework, grids, reading.path)
    if programme is None:
        reading.problem("programme-unknown")
        return False
    reading.programme = programme
    reading.framework_version = reading.framework_version or framework.version
    reading.problem("metadata-missing", sheet=METADATA_SHEET, programme=programme.name.get(), source=source)
    return True


def _guess_language(grids: Grids) -> str:
    for lang in LANGUAGES:
        if text("sheet.competences", lang) in grids or text("sheet.instructions", lang) in grids:
            return lang
    return "nl"


def _programme_from_content(framework: Framework, grids: Grids, path: Path) -> tuple[Programme | None, Message | None]:
    """The programme named in a sheet title ('... – Sociaal werk') or, failing that, in the file name."""
    candidates = sorted(
        ((normalise(name), programme) for programme in framework.programmes for name in programme.name.all()),
        key=lambda pair: -len(pair[0]),
    )
    for grid in grids.values():
        title = normalise(cell_text(grid[0][0])) if grid and grid[0] else ""
        for name, programme in candidates:
            if title.endswith(name) and ("–" in title or "-" in title):
                return programme, Message("metadata.source.title")
    stem = normalise(path.stem)
    for name, programme in candidates:
        if name in stem:
            return programme, Message("metadata.source.filename")
    return None, None


def _find_data_sheets(grids: Grids, framework: Framework) -> dict[str, str]:
    """Sheet name per layout key: by name in any language, else by the ids in its first column."""
    found: dict[str, str] = {}
    for layout in DATA_SHEETS:
        names = all_translations(f"sheet.{layout.key}")
        match = next((name for name in grids if name in names), None)
        if match is None:
            match = next((name for name in grids if normalise(name) in {normalise(n) for n in names}), None)
        if match is not None:
            found[layout.key] = match
    for layout in DATA_SHEETS:
        if layout.key in found:
            continue
        wanted = (
            {x.id for x in framework.components}
            if layout.item_type == "component"
            else {x.id for x in framework.competences}
        )
        best, best_count = None, 0
        for name, grid in grids.items():
            if name == METADATA_SHEET or name in found.values():
                continue
            count = sum(1 for row in grid if row and id_text(row[0]) in wanted)
            if count > best_count:
                best, best_count = name, count
        if best is not None and best_count >= max(1, len(wanted) // 3):
            found[layout.key] = best
    return found


def _copies_of(grids: Grids, layout: SheetLayout, found: dict[str, str]) -> list[str]:
    """Other sheets that look like a copy of a data sheet ('Matrix (2)', 'Kopie van Competenties')."""
    names = {normalise(n) for n in all_translations(f"sheet.{layout.key}")}
    skip = {METADATA_SHEET, *found.values()}
    return [name for name in grids if name not in skip and any(n in normalise(name) for n in names)]


def _read_sheet_and_copies(
    reading: WorkbookReading,
    plan: ReadPlan,
    layout: SheetLayout,
    names: list[str],
    grids: Grids,
    formulas: dict[str, dict[str, str]],
) -> None:
    """A data sheet that was duplicated: read the original, or the one copy filled in when it is blank.

    Every value on a sheet that is not used is named with its cell, so that no answer goes unseen.
    """
    parts = {}
    for name in names:
        part = WorkbookReading(reading.file, reading.path, language=reading.language, crosswalk=reading.crosswalk)
        _read_sheet(part, plan, layout, name, grids[name], formulas.get(name, {}))
        parts[name] = part
    original, *copies = names
    filled_copies = [name for name in copies if parts[name].answers]
    chosen = original
    if not parts[original].answers and filled_copies:
        chosen = max(filled_copies, key=lambda name: len(parts[name].answers))
    used = parts[chosen]
    reading.answers += used.answers
    reading.problems += used.problems
    if layout.key == "matrix":
        reading.respondent = used.respondent
    if chosen != original:
        reading.problem("sheet-copy-used", chosen, original=original, copy=chosen)
    for name in names:
        if name == chosen:
            continue
        for ref, value in _input_cells(grids[name], layout):
            reading.problem("sheet-copy-ignored", name, ref, original=chosen, value=value)


def _input_cells(grid: list[list[Any]], layout: SheetLayout) -> Iterator[tuple[str, str]]:
    """Every filled cell of a data sheet's input columns below its header, as (reference, text)."""
    column_map = _column_map(grid, layout)
    columns = sorted(c for f, c in column_map.columns.items() if f in (*LEVEL_FIELDS, *TEXT_FIELDS))
    for index in range(column_map.header + 1, len(grid)):
        for column in columns:
            value = cell_text(at(grid[index], column))
            if value:
                yield cell_ref(index + 1, column), value


def _column_map(grid: list[list[Any]], layout: SheetLayout) -> ColumnMap:
    """The header row and the column of each field of a programme workbook's data sheet."""
    # last year's column (prefilled workbooks) is the tool's own: known, never read
    keys = dict.fromkeys((*layout.columns, "previous"))
    return find_columns(
        grid,
        {key: all_translations(f"column.{key}") for key in keys},
        lambda columns: "level" in columns or "ambition" in columns,
        ColumnMap(layout.header_row - 1, {key: layout.column(key) for key in layout.columns}),
    )


@dataclass
class ReadPlan:
    """What reading needs from a framework, worked out once per framework and process.

    A worker reads thousands of workbooks of one framework: the parser (which remembers the few
    dropdown values it meets), the expected ids and the accepted cluster names are built once.
    """

    framework: Framework
    parser: LevelParser
    expected: dict[str, tuple[str, ...]]  # item type -> ids in framework order
    expected_sets: dict[str, frozenset[str]]
    cluster_names: dict[str, frozenset[str]]  # component or competence id -> accepted cluster names
    cluster_checked: dict[tuple[str, str], bool] = field(default_factory=dict)
    heading_ids: frozenset[str] = frozenset()  # cluster and component ids, as headings start with them
    heading_names: frozenset[str] = frozenset()  # focus and cluster names in every language, normalised

    @classmethod
    def build(cls, framework: Framework) -> ReadPlan:
        expected = {
            "component": tuple(x.id for x in framework.components),
            "competence": tuple(x.id for x in framework.competences),
        }
        names = {}
        for cluster in framework.clusters:
            spellings = (*cluster.name.all(), *cluster.aliases)
            # as the template writes it ("1.1. Browsing"), and as the framework spells it
            accepted = frozenset(normalise(n) for name in spellings for n in (name, f"{cluster.id}. {name}"))
            for component in cluster.components:
                names[component.id] = accepted
                names.update((competence.id, accepted) for competence in component.competences)
        groups: list[Focus | Cluster] = [*framework.focuses, *framework.clusters]
        return cls(
            framework,
            LevelParser(framework.levels),
            expected,
            {kind: frozenset(ids) for kind, ids in expected.items()},
            names,
            heading_ids=frozenset(normalise(i) for i in [*(c.id for c in framework.clusters), *expected["component"]]),
            heading_names=frozenset(normalise(n) for group in groups for n in group.name.all() if n.strip()),
        )

    def is_heading(self, value: Any) -> bool:
        """Whether a label is one of the template's headings: a focus or cluster name, or a component's id first."""
        written = normalise(cell_text(value))
        first = written.split(" ", 1)[0].rstrip(".:")
        return first in self.heading_ids or any(written.endswith(name) for name in self.heading_names)

    def cluster_name_fits(self, item_id: str, written: str) -> bool:
        key = (item_id, written)
        fits = self.cluster_checked.get(key)
        if fits is None:
            accepted = self.cluster_names[item_id]
            fits = normalise(written) in accepted or normalise(_CLUSTER_NUMBER.sub("", written, count=1)) in accepted
            if len(self.cluster_checked) < 10_000 and len(written) <= 200:  # bounded, like the level memo
                self.cluster_checked[key] = fits
        return fits


_plans: dict[int, ReadPlan] = {}


def read_plan(framework: Framework) -> ReadPlan:
    plan = _plans.get(id(framework))
    if plan is None or plan.framework is not framework:
        if len(_plans) >= 8:
            _plans.clear()
        plan = _plans[id(framework)] = ReadPlan.build(framework)
    return plan


def _read_sheet(
    reading: WorkbookReading,
    plan: ReadPlan,
    layout: SheetLayout,
    sheet: str,
    grid: list[list[Any]],
    formulas: dict[str, str],
) -> None:
    """Every row of one data sheet: answers for known ids, a named problem for everything else."""
    column_map = _column_map(grid, layout)
    if layout.key == "matrix":
        reading.respondent = read_respondent(reading, grid, column_map.header, sheet)
    name_renamed_columns(reading, sheet, column_map, lambda key: text(f"column.{key}", reading.language))
    rows = _SheetRows(reading, plan, layout, sheet, column_map.columns, formulas)
    for index in range(column_map.header + 1, len(grid)):
        rows.read(grid[index], index + 1)
    rows.name_labels_below()
    name_cells_outside(reading, sheet, grid, column_map)
    if reading.crosswalk is None:  # with a crosswalk, items new since the old version are simply not answered
        name_missing_rows(reading, sheet, plan.expected[layout.item_type], rows.seen)


class _SheetRows:
    """Reads the rows of one data sheet, where the columns are known.

    `read` runs for every row of every workbook, so the common row (a known id, dropdown values)
    takes the short way; rows that need a problem described take the long one.
    """

    def __init__(
        self,
        reading: WorkbookReading,
        plan: ReadPlan,
        layout: SheetLayout,
        sheet: str,
        columns: dict[str, int],
        formulas: dict[str, str],
    ):
        self.reading, self.plan, self.layout, self.sheet = reading, plan, layout, sheet
        self.columns, self.formulas = columns, formulas
        self.expected_set = plan.expected_sets[layout.item_type]
        self.seen: dict[str, str] = {}
        self.input_columns = [(f, columns[f]) for f in (*LEVEL_FIELDS, *TEXT_FIELDS) if f in columns]
        self.level_columns = [(f, columns[f], column_letter(columns[f])) for f in LEVEL_FIELDS if f in columns]
        self.id_column, self.id_letter = columns["id"], column_letter(columns["id"])
        self.cluster_column = columns.get("cluster")
        self.evidence_column, self.comment_column = columns.get("evidence", -1), columns.get("comment", -1)
        self.last_item_row = 0
        self.label_rows: list[tuple[int, list[Any]]] = []  # rows without an id and without an answer

    def read(self, row: list[Any], row_number: int) -> None:
        width = len(row)
        raw_id = row[self.id_column] if self.id_column < width else None
        item_id = "" if raw_id is None else id_text(raw_id)
        if item_id and self.reading.crosswalk is not None:
            item_id = self._translated(row, row_number, item_id)
            if not item_id:
                return
        if not item_id or item_id not in self.expected_set or item_id in self.seen:
            self._misplaced(row, row_number, item_id)
            return
        self.seen[item_id] = f"{self.id_letter}{row_number}"
        self.last_item_row = row_number
        if self.cluster_column is not None and self.cluster_column < width:
            self._check_cluster(row[self.cluster_column], row_number, item_id)
        evidence = cell_text(row[self.evidence_column]) if 0 <= self.evidence_column < width else ""
        comment = cell_text(row[self.comment_column]) if 0 <= self.comment_column < width else ""
        if self.formulas:
            evidence, comment = self._without_formulas(row_number, evidence, comment)
        where = cell_ref(row_number, self.evidence_column) if evidence else ""
        answered = self._levels(row, row_number, item_id, evidence, comment, where)
        if evidence or comment:
            texts = {"evidence": (self.evidence_column, evidence), "comment": (self.comment_column, comment)}
            _check_free_texts(
                self.reading, self.plan.parser, self.sheet, row_number, item_id, answered, row, self.columns, texts
            )

    def _levels(
        self, row: list[Any], row_number: int, item_id: str, evidence: str, comment: str, evidence_cell: str
    ) -> bool:
        """The row's level cells as answers; True when at least one was answered."""
        reading, sheet, parser, width = self.reading, self.sheet, self.plan.parser, len(row)
        answered = False
        for field_name, column, letter in self.level_columns:
            ref = f"{letter}{row_number}"
            raw = row[column] if column < width else None
            if self.formulas and ref in self.formulas:
                reading.problem("formula-in-input", sheet, ref, value=self.formulas[ref])
                continue
            level_reading = parser.parse(raw)
            if level_reading.blank:
                continue
            if level_reading.level is None:
                labels = ", ".join(f'"{label}"' for label in self.plan.framework.level_labels(reading.language))
                name_invalid_level(reading, sheet, ref, raw, level_reading, labels)
                continue
            answered = True
            reading.answers.append(
                Answer(sheet, ref, item_id, self.layout.item_type, field_name, level_reading.level, cell_text(raw),
                       evidence, comment, evidence_cell)
            )  # fmt: skip
        return answered

    def _filled_inputs(self, row: list[Any]) -> dict[str, Any]:
        found = {f: row[c] for f, c in self.input_columns if c < len(row)}
        return {f: v for f, v in found.items() if v is not None and (not isinstance(v, str) or v.strip())}

    def _formulas_in(self, row_number: int) -> dict[str, str]:
        refs = {f: cell_ref(row_number, c) for f, c in self.input_columns}
        return {f: self.formulas[ref] for f, ref in refs.items() if ref in self.formulas}

    def _translated(self, row: list[Any], row_number: int, old_id: str) -> str:
        """The id in the current version (crosswalk); a removed item's answers are named, not counted."""
        crosswalk = self.reading.crosswalk
        assert crosswalk is not None
        item_id = crosswalk.translate(old_id) or ""
        if not item_id and (filled := self._filled_inputs(row)):
            self.reading.problem(
                "item-removed",
                self.sheet,
                f"{self.id_letter}{row_number}",
                id=old_id,
                version=crosswalk.to_version,
                values=describe_values(filled, {}, self.reading.language),
            )
        return item_id

    def name_labels_below(self) -> None:
        """Text typed below the table in the label columns (no id, no answer) is named.

        Below the last item the template writes only the headings of components without competences.
        """
        for row_number, row in self.label_rows:
            labels = _filled_labels(row, self.columns) if row_number > self.last_item_row else {}
            if labels and not any(self.plan.is_heading(v) for v in labels.values()):
                for field_name, value in labels.items():
                    cell = cell_ref(row_number, self.columns[field_name])
                    self.reading.problem("text-outside-table", self.sheet, cell, value=cell_text(value))

    def _misplaced(self, row: list[Any], row_number: int, item_id: str) -> None:
        filled = self._filled_inputs(row)
        if not filled and not item_id:  # its labels are looked at once the last item is known
            self.label_rows.append((row_number, row))
        if filled and not item_id:  # an added row: its own labels (a component typed beside) are kept too
            filled = {**_filled_labels(row, self.columns), **filled}
        formulas = self._formulas_in(row_number) if self.formulas else {}
        _misplaced_row(self.reading, self.plan.framework, self.layout, self.sheet, row_number,
                       f"{self.id_letter}{row_number}", item_id, self.seen, filled, formulas)  # fmt: skip

    def _check_cluster(self, written: Any, row_number: int, item_id: str) -> None:
        # merged cells carry the name on the cluster's first row only
        if isinstance(written, str) and written.strip() and not self.plan.cluster_name_fits(item_id, written):
            assert self.cluster_column is not None
            self.reading.problem(
                "cluster-mismatch",
                self.sheet,
                cell_ref(row_number, self.cluster_column),
                id=item_id,
                found=written.strip(),
                expected=self.plan.framework.cluster_of(item_id).name.get(self.reading.language),
            )

    def _without_formulas(self, row_number: int, evidence: str, comment: str) -> tuple[str, str]:
        """Evidence and comment, blanked where the cell holds a formula (which is named)."""
        texts = {"evidence": evidence, "comment": comment}
        for field_name, column in (("evidence", self.evidence_column), ("comment", self.comment_column)):
            ref = cell_ref(row_number, column) if column >= 0 else ""
            if ref in self.formulas:
                self.reading.problem("formula-in-input", self.sheet, ref, value=self.formulas[ref])
                texts[field_name] = ""
        return texts["evidence"], texts["comment"]


def _check_free_texts(
    reading: WorkbookReading,
    parser: LevelParser,
    sheet: str,
    row_number: int,
    item_id: str,
    answered: bool,
    row: list[Any],
    columns: dict[str, int],
    texts: dict[str, tuple[int, str]],
) -> None:
    """A level typed into a free-text column is named with the column meant; text alone is noted."""
    blank_levels = [f for f in LEVEL_FIELDS if f in columns and parser.parse(at(row, columns[f])).blank]
    for field_name, (column, value) in texts.items():
        if not value:
            continue
        if blank_levels and parser.parse(value).level is not None:
            reading.problem(
                "level-in-text-column",
                sheet,
                cell_ref(row_number, column),
                value=value,
                column=text(f"column.{field_name}", reading.language),
                meant=text(f"column.{blank_levels[0]}", reading.language),
            )
        elif not answered:
            reading.problem("text-without-level", sheet, cell_ref(row_number, column), item=item_id, value=value)


def _filled_labels(row: list[Any], columns: dict[str, int]) -> dict[str, Any]:
    """The label columns of a row (cluster, component, competence) that hold text."""
    labels = {f: at(row, c) for f, c in columns.items() if f not in (*INPUT_FIELDS, "id", "previous")}
    return {f: v for f, v in labels.items() if cell_text(v)}


def _misplaced_row(
    reading: WorkbookReading,
    framework: Framework,
    layout: SheetLayout,
    sheet: str,
    row_number: int,
    id_cell: str,
    item_id: str,
    seen: dict[str, str],
    filled: dict[str, Any],
    formulas: dict[str, str],
) -> None:
    """A row without an id, with an id of no item on this sheet, or with an id seen before.

    Empty rows (titles, spacing) are fine; a row with anything filled in is named, with its values,
    so that nothing is silently dropped.
    """
    values = describe_values(filled, formulas, reading.language)
    if not item_id:
        if values:
            reading.problem("row-added", sheet, id_cell, values=values)
    elif item_id in seen:
        if values:
            reading.problem("row-duplicated", sheet, id_cell, id=item_id, first=seen[item_id], values=values)
    elif values or framework.item(item_id) is None:
        item_type = text(f"item_type.{layout.item_type}", reading.language)
        reading.problem("unknown-id", sheet, id_cell, id=item_id, item_type=item_type, values=values or "-")


# a numbering in front of a cluster name: "1.", "1.1.", "2)", "A.", "1.2.3"
_CLUSTER_NUMBER = re.compile(r"^\s*(?:[0-9]+|[A-Za-z])(?:[.)](?:[0-9]+|[A-Za-z]))*[.)]?\s+")
