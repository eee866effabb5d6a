"""The history file's schema: plain SQLite tables and one view per tidy table, versioned, migrated by adding.

A migration is applied once, in order, inside the transaction that needs it, and recorded in
`schema_version`. Migrations only add (tables, columns, indexes, views): a history written by an
older version of the tool opens and upgrades in place, and an older tool can still read what a
newer one wrote (it refuses to write to it). A migration is never edited once released: a change
is a new migration at the end of the list. docs/data-dictionary.md documents every table and view.

Views carry the tidy tables' columns exactly, with the round's label in front, so that
`SELECT * FROM consensus WHERE round = '2026-2027'` gives consensus.csv of that round. Their column
lists come from the tables' schemas (`curriculum_map/data/schemas/`): after the migrations, a view
whose columns are not its schema's is made again (`sync_views`; a view holds no data). A column
added to a schema therefore needs a migration that adds it to the stored table; the view follows.

Team rounds (schema version 4) are the group-level tables of a `staff read`'s team/ folder. They
have a table of their own, `team_rounds` (label, organisation, order, framework_key, the run's
minimum group size), not a third kind in `rounds`: that table's `CHECK (kind IN ('coverage',
'positions'))` cannot be widened by adding (SQLite would need the table copied and replaced), and
a team round belongs to an organisation, so its key is (label, organisation). Its child tables
(`team_round_groups`, `team_training_needs`, `team_competence_needs`) are removed with it by
`ON DELETE CASCADE`; their views carry the round's label and organisation in front. No table of
the history has a column for a person's name, e-mail, file or answer of the organisation workflow.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from curriculum_map.core.tables import table

APPLICATION_ID = 0x434D4150  # 'CMAP' in the file header (PRAGMA application_id): says what the file is


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    sql: str


MIGRATION_1 = Migration(
    1,
    "coverage rounds: frameworks, rounds, items, responses, consensus, summary, problems, respondents",
    """
CREATE TABLE schema_version (
    version INTEGER PRIMARY KEY,
    applied_at TEXT NOT NULL,
    tool_version TEXT NOT NULL,
    description TEXT NOT NULL
);
CREATE TABLE frameworks (
    framework_key INTEGER PRIMARY KEY,
    framework_id TEXT NOT NULL,
    version TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE,
    default_language TEXT NOT NULL,
    model TEXT NOT NULL
);
CREATE TABLE rounds (
    round_id INTEGER PRIMARY KEY,
    label TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('coverage', 'positions')),
    round_order INTEGER NOT NULL,
    framework_key INTEGER NOT NULL REFERENCES frameworks (framework_key),
    data_date TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    tool_version TEXT NOT NULL,
    source TEXT NOT NULL,
    run_id TEXT NOT NULL,
    UNIQUE (label, kind)
);
CREATE TABLE framework_items (
    framework_key INTEGER NOT NULL REFERENCES frameworks (framework_key) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    item_id TEXT NOT NULL,
    code TEXT NOT NULL,
    sort_key INTEGER NOT NULL,
    focus_id TEXT NOT NULL,
    cluster_id TEXT NOT NULL,
    component_id TEXT NOT NULL,
    component_kind TEXT,
    name_nl TEXT NOT NULL,
    name_en TEXT NOT NULL,
    subtheme_nl TEXT NOT NULL,
    subtheme_en TEXT NOT NULL,
    PRIMARY KEY (framework_key, kind, item_id)
);
CREATE TABLE round_responses (
    round_id INTEGER NOT NULL REFERENCES rounds (round_id) ON DELETE CASCADE,
    file TEXT NOT NULL,
    sheet TEXT NOT NULL,
    cell TEXT NOT NULL,
    programme TEXT NOT NULL,
    respondent TEXT NOT NULL,
    item_id TEXT NOT NULL,
    item_type TEXT NOT NULL,
    field TEXT NOT NULL,
    label TEXT NOT NULL,
    score INTEGER NOT NULL,
    programme_id TEXT NOT NULL,
    value TEXT NOT NULL,
    evidence TEXT NOT NULL,
    comment TEXT NOT NULL,
    respondent_role TEXT NOT NULL,
    respondent_date TEXT NOT NULL,
    language TEXT,
    respondent_remark TEXT NOT NULL
);
CREATE INDEX round_responses_round ON round_responses (round_id, programme_id, item_id, field);
CREATE TABLE round_consensus (
    round_id INTEGER NOT NULL REFERENCES rounds (round_id) ON DELETE CASCADE,
    programme_id TEXT NOT NULL,
    programme TEXT NOT NULL,
    item_id TEXT NOT NULL,
    sort_key INTEGER NOT NULL,
    item_type TEXT NOT NULL,
    field TEXT NOT NULL,
    consensus INTEGER,
    label TEXT,
    min INTEGER,
    max INTEGER,
    answered INTEGER NOT NULL,
    respondents INTEGER NOT NULL,
    spread INTEGER,
    disagreement INTEGER,
    PRIMARY KEY (round_id, programme_id, item_id, field)
);
CREATE TABLE round_summary (
    round_id INTEGER NOT NULL REFERENCES rounds (round_id) ON DELETE CASCADE,
    programme_id TEXT NOT NULL,
    programme TEXT NOT NULL,
    scope TEXT NOT NULL,
    group_id TEXT NOT NULL,
    sort_key INTEGER NOT NULL,
    field TEXT NOT NULL,
    mean REAL,
    answered INTEGER NOT NULL,
    unanswered INTEGER NOT NULL,
    lowest INTEGER NOT NULL,
    well_covered INTEGER,
    PRIMARY KEY (round_id, programme_id, scope, group_id, field)
);
CREATE TABLE round_problems (
    round_id INTEGER NOT NULL REFERENCES rounds (round_id) ON DELETE CASCADE,
    file TEXT NOT NULL,
    sheet TEXT NOT NULL,
    cell TEXT NOT NULL,
    code TEXT NOT NULL,
    severity TEXT NOT NULL,
    message TEXT NOT NULL
);
CREATE INDEX round_problems_round ON round_problems (round_id);
CREATE TABLE round_respondents (
    round_id INTEGER NOT NULL REFERENCES rounds (round_id) ON DELETE CASCADE,
    programme_id TEXT NOT NULL,
    programme TEXT NOT NULL,
    respondent TEXT NOT NULL,
    role TEXT NOT NULL,
    date TEXT,
    date_as_typed TEXT NOT NULL,
    file TEXT NOT NULL,
    language TEXT,
    answered INTEGER NOT NULL,
    unanswered INTEGER NOT NULL
);
CREATE INDEX round_respondents_round ON round_respondents (round_id);

CREATE VIEW items AS
SELECT DISTINCT r.label AS round, i.kind, i.item_id, i.code, i.sort_key, i.focus_id, i.cluster_id, i.component_id,
       i.component_kind, i.name_nl, i.name_en, i.subtheme_nl, i.subtheme_en
FROM framework_items AS i JOIN rounds AS r USING (framework_key);
CREATE VIEW responses AS
SELECT r.label AS round, x.file, x.sheet, x.cell, x.programme, x.respondent, x.item_id, x.item_type, x.field,
       x.label, x.score, x.programme_id, x.value, x.evidence, x.comment, x.respondent_role, x.respondent_date,
       x.language, x.respondent_remark
FROM round_responses AS x JOIN rounds AS r USING (round_id);
CREATE VIEW consensus AS
SELECT r.label AS round, x.programme_id, x.programme, x.item_id, x.sort_key, x.item_type, x.field, x.consensus,
       x.label, x.min, x.max, x.answered, x.respondents, x.spread, x.disagreement
FROM round_consensus AS x JOIN rounds AS r USING (round_id);
CREATE VIEW summary AS
SELECT r.label AS round, x.programme_id, x.programme, x.scope, x.group_id, x.sort_key, x.field, x.mean, x.answered,
       x.unanswered, x.lowest, x.well_covered
FROM round_summary AS x JOIN rounds AS r USING (round_id);
CREATE VIEW problems AS
SELECT r.label AS round, r.kind, x.file, x.sheet, x.cell, x.code, x.severity, x.message
FROM round_problems AS x JOIN rounds AS r USING (round_id);
CREATE VIEW respondents AS
SELECT r.label AS round, x.programme_id, x.programme, x.respondent, x.role, x.date, x.date_as_typed, x.file,
       x.language, x.answered, x.unanswered
FROM round_respondents AS x JOIN rounds AS r USING (round_id);
""",
)

MIGRATION_2 = Migration(
    2,
    "positions rounds: position_responses and position_consensus",
    """
CREATE TABLE round_position_responses (
    round_id INTEGER NOT NULL REFERENCES rounds (round_id) ON DELETE CASCADE,
    file TEXT NOT NULL,
    sheet TEXT NOT NULL,
    cell TEXT NOT NULL,
    organisation TEXT NOT NULL,
    respondent TEXT NOT NULL,
    item_id TEXT NOT NULL,
    own_competence TEXT NOT NULL,
    choice TEXT,
    choice_id TEXT,
    value TEXT NOT NULL,
    comment TEXT NOT NULL,
    respondent_role TEXT NOT NULL,
    respondent_date TEXT NOT NULL,
    language TEXT
);
CREATE INDEX round_position_responses_round ON round_position_responses (round_id);
CREATE TABLE round_position_consensus (
    round_id INTEGER NOT NULL REFERENCES rounds (round_id) ON DELETE CASCADE,
    organisation TEXT NOT NULL,
    scope TEXT NOT NULL,
    item_id TEXT NOT NULL,
    sort_key INTEGER NOT NULL,
    respondents INTEGER NOT NULL,
    answered INTEGER NOT NULL,
    consensus_id TEXT,
    consensus TEXT,
    consensus_order INTEGER,
    share REAL,
    earliest_id TEXT,
    latest_id TEXT,
    spread INTEGER,
    proposal_id TEXT,
    departure INTEGER,
    disagreement REAL,
    talk INTEGER,
    PRIMARY KEY (round_id, organisation, item_id)
);
CREATE VIEW position_responses AS
SELECT r.label AS round, x.file, x.sheet, x.cell, x.organisation, x.respondent, x.item_id, x.own_competence,
       x.choice, x.choice_id, x.value, x.comment, x.respondent_role, x.respondent_date, x.language
FROM round_position_responses AS x JOIN rounds AS r USING (round_id);
CREATE VIEW position_consensus AS
SELECT r.label AS round, x.organisation, x.scope, x.item_id, x.sort_key, x.respondents, x.answered, x.consensus_id,
       x.consensus, x.consensus_order, x.share, x.earliest_id, x.latest_id, x.spread, x.proposal_id, x.departure,
       x.disagreement, x.talk
FROM round_position_consensus AS x JOIN rounds AS r USING (round_id);
""",
)

MIGRATION_3 = Migration(
    3,
    "framework_texts: every item's texts in every language of its framework (the texts view)",
    """
CREATE TABLE framework_texts (
    framework_key INTEGER NOT NULL REFERENCES frameworks (framework_key) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    item_id TEXT NOT NULL,
    field TEXT NOT NULL,
    language TEXT NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (framework_key, kind, item_id, field, language)
);
""",
)  # its view, texts, is made from the schema by sync_views; the texts of frameworks stored before are added by
# the store (history/store.py: fill_texts), as SQL cannot read the framework files kept as JSON

MIGRATION_4 = Migration(
    4,
    "team rounds of staff read: team_rounds, team_round_groups, team_training_needs, team_competence_needs",
    """
CREATE TABLE team_rounds (
    team_round_id INTEGER PRIMARY KEY,
    label TEXT NOT NULL,
    organisation TEXT NOT NULL,
    round_order INTEGER NOT NULL,
    framework_key INTEGER NOT NULL REFERENCES frameworks (framework_key),
    min_respondents INTEGER NOT NULL,
    data_date TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    tool_version TEXT NOT NULL,
    source TEXT NOT NULL,
    run_id TEXT NOT NULL,
    UNIQUE (label, organisation)
);
CREATE TABLE team_round_groups (
    team_round_id INTEGER NOT NULL REFERENCES team_rounds (team_round_id) ON DELETE CASCADE,
    organisation TEXT NOT NULL,
    "group" TEXT NOT NULL,
    scope TEXT NOT NULL,
    respondents INTEGER NOT NULL,
    min_respondents INTEGER NOT NULL,
    PRIMARY KEY (team_round_id, scope, "group")
);
CREATE TABLE team_training_needs (
    team_round_id INTEGER NOT NULL REFERENCES team_rounds (team_round_id) ON DELETE CASCADE,
    "group" TEXT NOT NULL,
    scope TEXT NOT NULL,
    respondents INTEGER NOT NULL,
    cluster_id TEXT NOT NULL,
    component_id TEXT NOT NULL,
    component TEXT NOT NULL,
    people_with_need INTEGER,
    needs INTEGER,
    needs_essential INTEGER,
    asked INTEGER,
    below_minimum INTEGER,
    PRIMARY KEY (team_round_id, scope, "group", component_id)
);
CREATE TABLE team_competence_needs (
    team_round_id INTEGER NOT NULL REFERENCES team_rounds (team_round_id) ON DELETE CASCADE,
    "group" TEXT NOT NULL,
    scope TEXT NOT NULL,
    respondents INTEGER NOT NULL,
    item_id TEXT NOT NULL,
    cluster_id TEXT NOT NULL,
    component_id TEXT NOT NULL,
    competence TEXT NOT NULL,
    people_with_need INTEGER,
    needs_essential INTEGER,
    asked INTEGER,
    below_minimum INTEGER,
    PRIMARY KEY (team_round_id, scope, "group", item_id)
);
""",
)  # a table of its own, not a third kind in `rounds`: that table's CHECK (kind IN ('coverage', 'positions')) cannot
# be widened by adding, and a team round is of an organisation (two organisations may each have a round 2026).
# Only the team folder's group-level tables are kept: never a person's plan or answers. A count staff read withheld
# (fewer than the minimum answered: below_minimum = 1) stays NULL here too. Its views (training_needs,
# competence_needs, team_groups) are made from the schemas by sync_views.

MIGRATIONS = (MIGRATION_1, MIGRATION_2, MIGRATION_3, MIGRATION_4)
SCHEMA_VERSION = MIGRATIONS[-1].version

# the base table behind each tidy view, and the columns the view adds in front of the tidy table's
BASE_TABLES = {
    "responses": "round_responses",
    "consensus": "round_consensus",
    "summary": "round_summary",
    "problems": "round_problems",
    "respondents": "round_respondents",
    "position_responses": "round_position_responses",
    "position_consensus": "round_position_consensus",
}
VIEW_PREFIX = {"problems": ("round", "kind")}  # every other view: ("round",)
ROUND_TABLES = tuple(BASE_TABLES.values())  # every table with one round's rows
# the base tables of a team round (history add of a staff read's team/ folder), joined to team_rounds
TEAM_TABLES = {
    "team_groups": "team_round_groups",
    "training_needs": "team_training_needs",
    "competence_needs": "team_competence_needs",
}
TEAM_PREFIX = {"training_needs": ("round", "organisation"), "competence_needs": ("round", "organisation")}
# views of a framework's rows (one per framework, shown for each round that used it)
FRAMEWORK_TABLES = {"items": "framework_items", "texts": "framework_texts"}
VIEWS = (*BASE_TABLES, *FRAMEWORK_TABLES, *TEAM_TABLES)


def view_prefix(view: str) -> tuple[str, ...]:
    """The columns a history view has in front of its tidy table's columns."""
    if view in TEAM_TABLES:
        return TEAM_PREFIX.get(view, ("round",))  # team_groups carries its organisation itself
    return VIEW_PREFIX.get(view, ("round",))


def base_table(view: str) -> str:
    """The stored table behind a history view."""
    return FRAMEWORK_TABLES.get(view) or BASE_TABLES.get(view) or TEAM_TABLES[view]


def view_sql(view: str) -> str:
    """The CREATE VIEW statement of a tidy table's view: the round in front, then its schema's columns."""
    if view in FRAMEWORK_TABLES:
        columns = ", ".join(f"x.{name}" for name in table(view).names)
        return (
            f"CREATE VIEW {view} AS SELECT DISTINCT r.label AS round, {columns} FROM {FRAMEWORK_TABLES[view]} AS x"
            " JOIN rounds AS r USING (framework_key)"
        )
    front = ", ".join(f"r.{'label AS round' if name == 'round' else name}" for name in view_prefix(view))
    columns = ", ".join(f'x."{name}"' for name in table(view).names)  # quoted: a team table has a column "group"
    if view in TEAM_TABLES:
        base, rounds = TEAM_TABLES[view], "team_rounds AS r USING (team_round_id)"
    else:
        base, rounds = BASE_TABLES[view], "rounds AS r USING (round_id)"
    return f"CREATE VIEW {view} AS SELECT {front}, {columns} FROM {base} AS x JOIN {rounds}"


def _columns(connection: sqlite3.Connection, name: str) -> list[str]:
    return [row[1] for row in connection.execute(f"PRAGMA table_info({name})")]


def sync_views(connection: sqlite3.Connection) -> list[str]:
    """Make every view whose columns are not its schema's again; returns the views made. The caller holds the write
    transaction."""
    made = []
    for view in VIEWS:
        base = base_table(view)
        if not _columns(connection, base):
            continue  # its table comes with a later migration
        prefix = ("round",) if view in FRAMEWORK_TABLES else view_prefix(view)
        if _columns(connection, view) != [*prefix, *table(view).names]:
            connection.execute(f"DROP VIEW IF EXISTS {view}")
            connection.execute(view_sql(view))
            made.append(view)
    return made


def current_version(connection: sqlite3.Connection) -> int | None:
    """The schema version of an open history; None for an empty file; -1 for a SQLite file that is not a history."""
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not tables:
        return None
    if "schema_version" not in tables:
        return -1
    row = connection.execute("SELECT MAX(version) FROM schema_version").fetchone()
    return int(row[0]) if row and row[0] is not None else -1


def migrate(connection: sqlite3.Connection, tool_version: str, now: str, upto: int = SCHEMA_VERSION) -> list[int]:
    """Apply every migration the file lacks, up to `upto`; the caller holds the write transaction."""
    found = current_version(connection) or 0
    applied = []
    for migration in MIGRATIONS:
        if found < migration.version <= upto:
            for statement in _statements(migration.sql):
                connection.execute(statement)
            connection.execute(
                "INSERT INTO schema_version (version, applied_at, tool_version, description) VALUES (?, ?, ?, ?)",
                (migration.version, now, tool_version, migration.description),
            )
            applied.append(migration.version)
    if applied:
        sync_views(connection)
        connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        connection.execute(f"PRAGMA user_version = {max(applied)}")
    return applied


def _statements(sql: str) -> list[str]:
    """The statements of a migration, one by one: executescript would commit the caller's transaction."""
    statements, current = [], ""
    for line in sql.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    assert not current.strip(), "a migration ends with an incomplete statement"
    return statements
