"""The small lists a coordinator gives the positions commands: a proposal and a list of respondents.

Both are tables of a few columns, typed in a spreadsheet and saved as CSV or kept as a workbook,
read by core.listfile; this module says which columns they have and what their lines must hold.
What is wrong in them stops the command, with every bad line named: a workbook must never be made
from a proposal half read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from curriculum_map.core.catalogue import Joined, Message
from curriculum_map.core.listfile import ListFileError, ListKind, Row, find_columns, read_list
from curriculum_map.framework.model import NOT_APPLICABLE, Competence, Framework, Proposal, Text
from curriculum_map.positions.choices import ChoiceParser
from curriculum_map.workbook.roster import HEADERS as ROSTER_HEADERS
from curriculum_map.workbook.roster import respondent_id

MAX_LINES_SHOWN = 10
PROPOSAL_SEPARATOR = ";"  # between 'id=choice' pairs in a workbook's metadata
_ID_HEADERS = ("id", "nr", "nummer", "number", "code", "competentie id", "competence id", "item id")
_POSITION_HEADERS = ("positie", "position", "voorstel", "voorstel positie", "proposal", "proposed position")
_NAME_HEADERS = ("naam", "name", "respondent", "medewerker", "staff member")
_ROLE_HEADERS = ("rol", "role", "functie", "job title")


class ListError(ListFileError):
    """A proposal or respondents file that cannot be used."""


PROPOSAL = ListKind("list.kind.proposal", ListError)
RESPONDENTS = ListKind("list.kind.respondents", ListError)


def _header_columns(row: Row, wanted: dict[str, tuple[str, ...]]) -> dict[str, int] | None:
    """The column of each wanted field when `row` is a header row naming any of them, else None."""
    return find_columns(row, wanted) or None


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
    lines = list(read_list(path, PROPOSAL).rows)
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


# A proposal read from a file is named after the file; what staff read says "the proposal" instead.
_FILE_NAME_ENDINGS = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".xls", ".ods")


def plain_proposal_name(proposal: Proposal, lang: str) -> str:
    """The proposal's name as staff read it, or '' when its name is only the file it was read from."""
    name = proposal.name.get(lang).strip()
    return "" if name.casefold().endswith(_FILE_NAME_ENDINGS) else name


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
    email: str = ""  # tells two people of the same name apart (and their files)


def load_respondents(path: Path) -> list[Invitee]:
    """A list of names, one per line (a second column is the role); a header row 'naam'/'name' is skipped.

    With a header, a column 'e-mail' tells people of the same name apart, as on a roster: two lines
    are one person listed twice when they have the same e-mail address, or without one the same name.
    """
    lines = list(read_list(path, RESPONDENTS).rows)
    wanted = {"name": _NAME_HEADERS, "role": _ROLE_HEADERS, "email": ROSTER_HEADERS["email"]}
    columns = _header_columns(lines[0], wanted) if lines else None
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
        email = line.cell(columns.get("email"))
        key = respondent_id(email, name)
        if key in first_line:
            problems.append(Message("list-duplicate-name", line=line.number, name=name, first=first_line[key]))
            continue
        first_line[key] = line.number
        invitees.append(Invitee(name, line.cell(columns.get("role")), email))
    _raise_problems(path, problems)
    if not invitees:
        raise ListError("list-empty-respondents", path=path)
    return invitees
