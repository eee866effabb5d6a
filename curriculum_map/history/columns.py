"""The tidy tables' columns and their types: the pandas API converts by these, the history stores by them.

docs/data-dictionary.md documents the same columns with the same types, in words; a test keeps
the three (this spec, the dictionary, the files the tool writes) in step.

Types: text, integer (whole numbers; empty is missing), decimal, boolean (true/false), date
(YYYY-MM-DD), category (one of a few codes), ordered (a category with an order: levels, fields,
programmes in the framework's order, items in the outline's order, rounds in their order).
For `ordered` columns the spec names the domain that gives the order.
"""

from __future__ import annotations

from dataclasses import dataclass

from curriculum_map.core.catalogue import LANGUAGES
from curriculum_map.core.report_files import (
    CONSENSUS_CSV,
    ITEMS_CSV,
    POSITION_CONSENSUS_CSV,
    PROBLEMS_CSV,
    RESPONDENTS_CSV,
    RESPONSES_CSV,
    SUMMARY_CSV,
    TREND_CSV,
)

TYPES = ("text", "integer", "decimal", "boolean", "date", "category", "ordered")
# what every history view adds in front of a tidy table's columns
ROUND_COLUMN = "round"


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    domain: str = ""  # for ordered columns: programme, item, field, level, severity, position, expectation, ...


@dataclass(frozen=True)
class Table:
    """A tidy table: its name in the pandas API and the history's views, its file, its columns."""

    name: str
    file: str
    columns: tuple[Column, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


def _columns(spec: str) -> tuple[Column, ...]:
    """'name:type[:domain] ...' -> columns; a compact way to write many of them."""
    found = []
    for entry in spec.split():
        name, kind, *domain = entry.split(":")
        assert kind in TYPES, entry
        found.append(Column(name, kind, domain[0] if domain else ""))
    return tuple(found)


_TEXTS = (
    " ".join(f"name_{lang}:text" for lang in LANGUAGES) + " " + " ".join(f"subtheme_{lang}:text" for lang in LANGUAGES)
)

RESPONSES = Table(
    "responses",
    RESPONSES_CSV,
    _columns(
        "file:text sheet:text cell:text programme:ordered:programme respondent:text item_id:ordered:item "
        "item_type:category field:ordered:field label:ordered:level score:integer programme_id:ordered:programme_id "
        "value:text evidence:text comment:text respondent_role:text respondent_date:text language:category "
        "respondent_remark:text"
    ),
)
PROBLEMS = Table(
    "problems",
    PROBLEMS_CSV,
    _columns("file:text sheet:text cell:text code:category severity:ordered:severity message:text"),
)
CONSENSUS = Table(
    "consensus",
    CONSENSUS_CSV,
    _columns(
        "programme_id:ordered:programme_id programme:ordered:programme item_id:ordered:item sort_key:integer "
        "item_type:category field:ordered:field consensus:integer label:ordered:level min:integer max:integer "
        "answered:integer respondents:integer spread:integer disagreement:boolean"
    ),
)
ITEMS = Table(
    "items",
    ITEMS_CSV,
    _columns(
        "kind:ordered:kind item_id:text code:text sort_key:integer focus_id:text cluster_id:text component_id:text "
        "component_kind:category " + _TEXTS
    ),
)
SUMMARY = Table(
    "summary",
    SUMMARY_CSV,
    _columns(
        "programme_id:ordered:programme_id programme:ordered:programme scope:ordered:kind group_id:text "
        "sort_key:integer field:ordered:field mean:decimal answered:integer unanswered:integer lowest:integer "
        "well_covered:boolean"
    ),
)
RESPONDENTS = Table(
    "respondents",
    RESPONDENTS_CSV,
    _columns(
        "programme_id:ordered:programme_id programme:ordered:programme respondent:text role:text date:date "
        "date_as_typed:text file:text language:category answered:integer unanswered:integer"
    ),
)
POSITION_CONSENSUS = Table(
    "position_consensus",
    POSITION_CONSENSUS_CSV,
    _columns(
        "organisation:text scope:category item_id:ordered:item sort_key:integer respondents:integer answered:integer "
        "consensus_id:ordered:position_id consensus:ordered:position consensus_order:integer share:decimal "
        "earliest_id:ordered:position_id latest_id:ordered:position_id spread:integer proposal_id:ordered:position_id "
        "departure:integer disagreement:decimal talk:boolean"
    ),
)
POSITION_RESPONSES = Table(
    "position_responses",
    RESPONSES_CSV,
    _columns(
        "file:text sheet:text cell:text organisation:text respondent:text item_id:text own_competence:text "
        "choice:ordered:position choice_id:ordered:position_id value:text comment:text respondent_role:text "
        "respondent_date:text language:category"
    ),
)
TREND = Table(
    "trend",
    TREND_CSV,
    _columns(
        "round:ordered:round round_date:date programme_id:ordered:programme_id programme:ordered:programme "
        "scope:ordered:kind item_id:text sort_key:integer field:ordered:field value:decimal label:ordered:level "
        "change:decimal respondents:integer"
    ),
)

# the tables of a coverage report and of a positions report, as the pandas API and the history know them
COVERAGE_TABLES = (RESPONSES, CONSENSUS, ITEMS, SUMMARY, PROBLEMS, RESPONDENTS)
POSITIONS_TABLES = (POSITION_RESPONSES, POSITION_CONSENSUS)
TABLES = {t.name: t for t in (*COVERAGE_TABLES, *POSITIONS_TABLES, TREND)}
