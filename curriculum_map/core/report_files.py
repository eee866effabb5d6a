"""The names of every file the tool writes into an output folder, and how to recognise such a folder.

All file and picture names live here, so that a reader of a report (compare reads responses.csv,
gap reads position-choices.csv) never imports the module that writes it, and so that the tool can tell
its own outputs from a user's files (an input folder may hold last round's report).
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
from pathlib import Path
from typing import Any

from curriculum_map.core.catalogue import interface_language
from curriculum_map.core.tables import table

TOOL = "curriculum-map"
MANIFEST = "manifest.json"
DATAPACKAGE = "datapackage.json"  # the folder's CSV files with their schemas (a frictionless Data Package)

# aggregate
RESPONSES_CSV = "responses.csv"
PROBLEMS_CSV = "problems.csv"
COVERAGE_XLSX = "coverage.xlsx"
REPORT_HTML = "report.html"
DESK_HTML = "desk.html"  # the coordinator's page: names, files, problems (report.html is the room's)
# positions aggregate
POSITION_CHOICES_CSV = "position-choices.csv"  # per organisation and competence: choices, consensus, departure
POSITION_PROFILES_CSV = "position-profiles.csv"
ADDED_CSV = "added-competences.csv"
EXPECTATIONS_CSV = "expectations.csv"  # written by the earlier grid form; still recognised as an output
POSITIONS_XLSX = "positions.xlsx"
# compare, gap
CHANGES_CSV = "changes.csv"
COMPARE_HTML = "compare.html"
GAP_CSV = "gap.csv"
ROSTER_CSV = "roster.csv"  # aggregate --roster
COURSE_MAP_CSV = "course-map.csv"  # aggregate --courses
LEARNING_LINES_CSV = "learning-lines.csv"
# aggregate, positions aggregate: the framework the report was made with, so that slides, heatmap, compare
# and gap read the folder without --framework whatever framework it is
FRAMEWORK_YAML = "framework.yaml"
# tidy result tables (docs/data-dictionary.md): aggregate, positions aggregate, history trend
ITEMS_CSV = "items.csv"
TEXTS_CSV = "texts.csv"  # the items' texts in every language of the framework, beside items.csv
CONSENSUS_CSV = "consensus.csv"
SUMMARY_CSV = "summary.csv"
RESPONDENTS_CSV = "respondents.csv"
POSITION_CONSENSUS_CSV = "position_consensus.csv"
TREND_CSV = "trend.csv"
TREND_HTML = "trend.html"
PICTURE_TREND = "trend-clusters"  # every programme x cluster; trend-<programme id> for one programme's components
PICTURE_TREND_PREFIX = "trend-"
# profile read, staff read (the organisation workflow; docs/organisations.md)
PROFILES_CSV = "profiles.csv"
TRAINING_NEEDS_CSV = "training-needs.csv"
TEAM_HTML = "team.html"
GROWTH_PLAN_HTML = "growth-plan.html"  # one per person, in that person's own folder
SELF_ASSESSMENT_CSV = "self-assessment.csv"  # one per person, beside the growth plan
COMPETENCE_NEEDS_CSV = "competence-needs.csv"  # staff read, team/: per group shown and competence
TEAM_GROUPS_CSV = "team-groups.csv"  # staff read, team/: the groups shown, the organisation and the minimum
TEAM_TREND_CSV = "team-trend.csv"  # history trend --team
TEAM_TREND_HTML = "team-trend.html"
# training read, training gap, sector aggregate
TRAININGS_CSV = "trainings.csv"
TRAINING_MAP_CSV = "training-map.csv"
TRAINING_ANSWERS_CSV = "training-answers.csv"
NEEDS_OFFER_CSV = "needs-offer.csv"
OFFER_CSV = "offer.csv"
OFFER_HTML = "offer.html"
SECTOR_HTML = "sector.html"
SECTOR_ORGANISATIONS_CSV = "sector-organisations.csv"
SECTOR_COMPETENCES_CSV = "sector-competences.csv"
SECTOR_POSITIONS_CSV = "sector-positions.csv"
HISTORY_FILE = "curriculum-map.sqlite"  # the history of rounds, beside the report folders by default

# picture names (file stems; the extension is the format)
PICTURE_COMPONENTS = "heatmap-componenten"
PICTURE_CLUSTERS = "heatmap-clusters"
PICTURE_COMPETENCES = "heatmap-competenties"
PICTURE_AMBITIONS = "heatmap-ambities"
PICTURE_CONSENSUS = "heatmap-consensus"
PICTURE_GROWTH = "heatmap-groei"
PICTURE_GAPS = "heatmap-tekorten"
PICTURE_LEARNING_LINES = "heatmap-leerlijnen"  # aggregate --courses; -1, -2 when the programmes take several pages
PICTURE_POSITION_CONSENSUS = "posities-consensus"
PICTURE_POSITION_PROFILES = "posities-profielen"
PICTURE_FORMATS = ("png", "svg", "pdf")
# the coverage pictures' file stems in an English run (the Dutch stems above are the keys)
_ENGLISH_PICTURES = {
    PICTURE_COMPONENTS: "heatmap-components", PICTURE_COMPETENCES: "heatmap-competences",
    PICTURE_AMBITIONS: "heatmap-ambitions", PICTURE_GROWTH: "heatmap-growth",
    PICTURE_LEARNING_LINES: "heatmap-learning-lines",
}  # fmt: skip
PROMPTS_CSV = "prompts.csv"  # aggregate: every discussion prompt
# consult aggregate: every typed answer, the tallies per competence and sector, the proposals, the revisielijst
CONSULT_RESPONSES_CSV = "consult-responses.csv"
CONSULT_ITEMS_CSV = "consult-items.csv"
CONSULT_REWORDINGS_CSV = "consult-rewordings.csv"
CONSULT_MOVES_CSV = "consult-moves.csv"
CONSULT_NEW_CSV = "consult-new.csv"
REVISION_XLSX = "revisielijst.xlsx"
# framework revise: the next version, the crosswalk to it, its CASE package and what changed
REVISED_FRAMEWORK = "framework.yaml"
CROSSWALK_YAML = "crosswalk.yaml"
CASE_JSON = "case.json"
REVISION_CSV = "revision.csv"


def picture_stem(name: str, lang: str) -> str:
    """A picture's file stem in the language of the run: `heatmap-componenten` is `heatmap-components` in English."""
    return _ENGLISH_PICTURES.get(name, name) if interface_language(lang) == "en" else name


_FILES = (
    MANIFEST, DATAPACKAGE, RESPONSES_CSV, PROBLEMS_CSV, COVERAGE_XLSX, REPORT_HTML, DESK_HTML, EXPECTATIONS_CSV,
    ADDED_CSV, POSITIONS_XLSX,
    POSITION_CHOICES_CSV, POSITION_PROFILES_CSV,
    CHANGES_CSV, COMPARE_HTML, GAP_CSV, ITEMS_CSV, TEXTS_CSV, CONSENSUS_CSV, SUMMARY_CSV, RESPONDENTS_CSV,
    POSITION_CONSENSUS_CSV, TREND_CSV, TREND_HTML, PROMPTS_CSV, ROSTER_CSV, COURSE_MAP_CSV, LEARNING_LINES_CSV,
    FRAMEWORK_YAML, PROFILES_CSV, TRAINING_NEEDS_CSV, TEAM_HTML, "profile-*.html", "vacancy-*.txt",
    COMPETENCE_NEEDS_CSV, TEAM_GROUPS_CSV, TEAM_TREND_CSV, TEAM_TREND_HTML, TRAININGS_CSV, TRAINING_MAP_CSV,
    TRAINING_ANSWERS_CSV, NEEDS_OFFER_CSV, OFFER_CSV,
    OFFER_HTML, SECTOR_HTML, SECTOR_ORGANISATIONS_CSV, SECTOR_COMPETENCES_CSV, SECTOR_POSITIONS_CSV,
    CONSULT_RESPONSES_CSV, CONSULT_ITEMS_CSV, CONSULT_REWORDINGS_CSV, CONSULT_MOVES_CSV, CONSULT_NEW_CSV,
    REVISION_XLSX, CROSSWALK_YAML, CASE_JSON, REVISION_CSV,
)  # fmt: skip
_PICTURE_PREFIXES = ("heatmap-*", "posities-*", "trend-*")
OUTPUT_PATTERNS = _FILES + tuple(f"{prefix}.{fmt}" for prefix in _PICTURE_PREFIXES for fmt in PICTURE_FORMATS)


def is_output_name(name: str) -> bool:
    """Whether a file name is one this tool writes into its output folders."""
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in OUTPUT_PATTERNS)


def read_manifest(folder: Path) -> dict[str, Any] | None:
    """The manifest of a report folder this tool wrote, or None (no manifest, or not ours)."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest if isinstance(manifest, dict) and manifest.get("tool") == TOOL else None


def file_hash(path: Path) -> str:
    """SHA-256 of a file's content, as the manifest records it."""
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def is_report_folder(folder: Path) -> bool:
    """A folder this tool wrote a report into: it has our manifest, or (older runs) our problems.csv."""
    if read_manifest(folder) is not None:
        return True
    try:
        with (folder / PROBLEMS_CSV).open(encoding="utf-8-sig") as handle:
            header = handle.readline().strip()
    except OSError:
        return False
    return header.replace(";", ",") == ",".join(table("problems").names)  # written with either separator


def own_outputs(folder: Path) -> set[str]:
    """The files in `folder` that this tool wrote as a report (none when it is no report folder)."""
    if not is_report_folder(folder):
        return set()
    manifest = read_manifest(folder)
    listed = set(manifest.get("files", {})) if manifest else set()
    return {p.name for p in folder.iterdir() if p.is_file() and (p.name in listed or is_output_name(p.name))}
