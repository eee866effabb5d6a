"""The small lists a coordinator gives the positions commands: a proposal and a list of respondents.

Both are tables of a few columns, typed in a spreadsheet and saved as CSV (comma, semicolon or tab,
UTF-8 or the Windows encoding Excel uses) or kept as a workbook (.xlsx, .ods: the first sheet).
What is wrong in them stops the command, with every bad line named: a workbook must never be made
from a proposal half read.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from curriculum_map.core.catalogue import CurriculumMapError, Joined, Message
from curriculum_map.framework.model import NOT_APPLICABLE, Competence, Framework, Proposal, Text
from curriculum_map.positions.choices import ChoiceParser, loose
from curriculum_map.workbook.reading import cell_text

MAX_LINES_SHOWN = 10
PROPOSAL_SEPARATOR = ";"  # between 'id=choice' pairs in a workbook's metadata
_ID_HEADERS = {"id", "nr", "nummer", "number", "code", "competentie id", "competence id", "item id"}
_POSITION_HEADERS = {"positie", "position", "voorstel", "voorstel positie", "proposal", "proposed position"}
_NAME_HEADERS = {"naam", "name", "respondent", "medewerker", "staff member"}
_ROLE_HEADERS = {"rol", "role", "functie", "job title"}


class ListError(CurriculumMapError):
    """A proposal or respondents file that cannot be used."""


@dataclass(frozen=True)
class Line:
    """One row of a small table: its number as the user sees it (line of the file, row of the sheet), its cells."""

    number: int
    cells: tuple[str, ...]

    def cell(self, column: int | None) -> str:
        return self.cells[column] if column is not None and column < len(self.cells) else ""


def read_lines(path: Path) -> list[Line]:
    """The non-blank rows of a CSV file or of a workbook's first sheet, every cell as text."""
    if not path.exists():
        raise ListError("list-not-found", path=path)
    if path.is_dir():
        raise ListError("list-unreadable", path=path, reason=Message("output-not-a-folder"))
    if path.suffix.lower() in (".xlsx", ".xlsm", ".ods", ".xls"):
        rows = _workbook_rows(path)
    else:
        rows = _csv_rows(path)
    lines = [Line(number, tuple(cell_text(v) for v in row)) for number, row in enumerate(rows, 1)]
    return [line for line in lines if any(line.cells)]


def _workbook_rows(path: Path) -> list[list[object]]:
    from curriculum_map.workbook.container import sniff
    from curriculum_map.workbook.reading import open_grids

    sniffed = sniff(path, path.name)
    if sniffed.problem is not None:
        raise ListError("list-unreadable", path=path, reason=Message(sniffed.problem.code, **sniffed.problem.params))
    try:
        with open_grids(path) as grids:
            first = next(iter(grids), None)
            return list(grids[first]) if first is not None else []
    except Exception as exc:  # noqa: BLE001 - whatever the parser says, the user gets one line
        raise ListError("list-unreadable", path=path, reason=f"{type(exc).__name__}: {str(exc)[:120]}") from None


def _csv_rows(path: Path) -> list[list[object]]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ListError("list-unreadable", path=path, reason=exc.strerror or str(exc)) from None
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        content = raw.decode("cp1252", errors="replace")  # what Excel on Windows writes as "CSV"
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(content[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [list(row) for row in csv.reader(io.StringIO(content), dialect)]


def _header_columns(line: Line, wanted: dict[str, set[str]]) -> dict[str, int] | None:
    """The column of each wanted field when `line` is a header row naming them, else None."""
    found: dict[str, int] = {}
    for column, value in enumerate(line.cells):
        for key, names in wanted.items():
            if key not in found and loose(value) in names:
                found[key] = column
    return found if found else None


def _competence_id(value: str) -> str:
    """An id as people copy it from the framework's tables: '1.1.1.' and ' 1.1.1' are '1.1.1'."""
    return value.strip().rstrip(".")


def _raise_problems(path: Path, problems: Sequence[Message]) -> None:
    if not problems:
        return
    shown: list[object] = list(problems[:MAX_LINES_SHOWN])
    if len(problems) > MAX_LINES_SHOWN:
        shown.append(Message("list-more-lines", count=len(problems) - MAX_LINES_SHOWN))
    raise ListError("list-invalid", path=path, problems=Joined(shown, "; "))


# -- the proposal ---------------------------------------------------------------------------------


def load_proposal(path: Path, framework: Framework) -> Proposal:
    """A proposal file: per competence id the proposed position (a name, plural, number or 'n.v.t.').

    Two columns (id, position), or a header row naming them ('id' and 'positie'/'voorstel positie');
    other columns, such as the competence's text, are left alone. A blank position means no proposal
    for that competence. Unknown ids, positions that are none and ids given twice stop the command.
    """
    lines = read_lines(path)
    columns = _header_columns(lines[0], {"id": _ID_HEADERS, "position": _POSITION_HEADERS}) if lines else None
    if columns is not None and {"id", "position"} <= set(columns):
        lines = lines[1:]
    elif columns is not None:
        raise ListError("list-columns", path=path, columns="id, positie / position")
    else:
        columns = {"id": 0, "position": 1}
    parser = ChoiceParser(framework)
    known = {x.id for x in framework.competences}
    chosen: dict[str, str] = {}
    first_line: dict[str, int] = {}
    problems: list[Message] = []
    choices = Joined([*(p.id for p in framework.positions), NOT_APPLICABLE])
    for line in lines:
        item_id = _competence_id(line.cell(columns["id"]))
        value = line.cell(columns["position"])
        if item_id not in known:
            problems.append(Message("list-unknown-competence", line=line.number, id=item_id))
            continue
        if item_id in first_line:
            problems.append(Message("list-duplicate", line=line.number, id=item_id, first=first_line[item_id]))
            continue
        first_line[item_id] = line.number
        reading = parser.parse(value)
        if reading.blank:
            continue
        if reading.choice is None:
            problems.append(Message("list-unknown-position", line=line.number, value=value, positions=choices))
            continue
        chosen[item_id] = reading.choice
    _raise_problems(path, problems)
    if not chosen:
        raise ListError("list-empty-proposal", path=path)
    return Proposal(Text({"nl": path.name}), chosen)


def encode_proposal(proposal: Proposal) -> str:
    """A proposal as one metadata cell: '1.1.1=beginner;1.1.2=n/a;...'."""
    return PROPOSAL_SEPARATOR.join(f"{item}={choice}" for item, choice in proposal.positions.items())


def decode_proposal(name: str, value: str, framework: Framework) -> Proposal | None:
    """The proposal a workbook carries (None when it carries none); what does not fit the framework is left out."""
    if not value:
        return None
    choices = {*(p.id for p in framework.positions), NOT_APPLICABLE}
    pairs = (part.partition("=") for part in value.split(PROPOSAL_SEPARATOR))
    chosen = {
        item: choice for item, _, choice in pairs if isinstance(framework.item(item), Competence) and choice in choices
    }
    return Proposal(Text({"nl": name}), chosen) if chosen else None


def same_proposal(first: Proposal | None, second: Proposal | None) -> bool:
    """Whether two proposals propose the same positions (their names may differ)."""
    return dict(first.positions if first else {}) == dict(second.positions if second else {})


# -- the respondents ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Invitee:
    """A staff member who gets a workbook of their own, with their name (and role) filled in."""

    name: str
    role: str = ""


def load_respondents(path: Path) -> list[Invitee]:
    """A list of names, one per line (a second column is the role); a header row 'naam'/'name' is skipped."""
    lines = read_lines(path)
    columns = _header_columns(lines[0], {"name": _NAME_HEADERS, "role": _ROLE_HEADERS}) if lines else None
    if columns is not None and "name" in columns:
        lines = lines[1:]
    else:
        columns = {"name": 0, "role": 1}
    invitees: list[Invitee] = []
    first_line: dict[str, int] = {}
    problems: list[Message] = []
    for line in lines:
        name = re.sub(r"\s+", " ", line.cell(columns["name"])).strip()
        if not name:
            continue
        key = loose(name)
        if key in first_line:
            problems.append(Message("list-duplicate-name", line=line.number, name=name, first=first_line[key]))
            continue
        first_line[key] = line.number
        invitees.append(Invitee(name, line.cell(columns.get("role"))))
    _raise_problems(path, problems)
    if not invitees:
        raise ListError("list-empty-respondents", path=path)
    return invitees
