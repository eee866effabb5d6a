"""The tidy tables the pandas API and the history know, by name: their schemas (`curriculum_map/data/schemas/`).

Each table's columns and types are said once, in its Table Schema (`curriculum_map.core.tables`);
this module only names the tables of each kind of source.
"""

from __future__ import annotations

from curriculum_map.core.tables import TYPES, Field, Table, table

Column = Field  # the name this module gave a column before the schemas
# what every history view adds in front of a tidy table's columns
ROUND_COLUMN = "round"

RESPONSES = table("responses")
PROBLEMS = table("problems")
CONSENSUS = table("consensus")
ITEMS = table("items")
TEXTS = table("texts")
SUMMARY = table("summary")
RESPONDENTS = table("respondents")
POSITION_CONSENSUS = table("position_consensus")
POSITION_RESPONSES = table("position_responses")
TREND = table("trend")
TEAM_GROUPS = table("team_groups")
TRAINING_NEEDS = table("training_needs")
COMPETENCE_NEEDS = table("competence_needs")

# the tables of a coverage report and of a positions report, as the pandas API and the history know them
COVERAGE_TABLES = (RESPONSES, CONSENSUS, ITEMS, TEXTS, SUMMARY, PROBLEMS, RESPONDENTS)
POSITIONS_TABLES = (POSITION_RESPONSES, POSITION_CONSENSUS)
TEAM_TABLES = (TEAM_GROUPS, TRAINING_NEEDS, COMPETENCE_NEEDS)  # a history's team rounds (staff read's team/)
TABLES = {t.name: t for t in (*COVERAGE_TABLES, *POSITIONS_TABLES, *TEAM_TABLES, TREND)}
__all__ = ["TYPES", "Column", "Table", "TABLES", "ROUND_COLUMN", "COVERAGE_TABLES", "POSITIONS_TABLES", "TEAM_TABLES"]
