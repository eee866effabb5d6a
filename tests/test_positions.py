"""Positions in organisations, aggregated: consensus, agreement (checked against the `krippendorff`
package), departures from the proposal, the conversation list, profiles, privacy, the report and the
gap, on small constructed cases and on the shipped example."""

from __future__ import annotations

import csv
import random
import re
from pathlib import Path

import html5lib
import krippendorff
import numpy as np
import openpyxl
import pytest

from conftest import EXAMPLES, POSITION_EXAMPLES, run
from curriculum_map.framework.model import NOT_APPLICABLE, Proposal, Text
from curriculum_map.positions.aggregate import consensus_rank
from curriculum_map.positions.alpha import ordinal_alpha
from curriculum_map.positions.template import write_positions_template
from make_examples import POSITION_RESPONDENTS, fill_positions_workbook

ORDER = ["beginner", "ervaren", "pionier", "gangmaker", NOT_APPLICABLE]
LABEL = {
    "beginner": "Beginner",
    "ervaren": "Hulpverlener met ervaring",
    "pionier": "Pionier",
    "gangmaker": "Gangmaker",
    NOT_APPLICABLE: "(nog) niet van toepassing in onze organisatie",
}


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def page_text(path: Path) -> str:
    return " ".join(html5lib.parse(path.read_text(encoding="utf-8"), namespaceHTMLElements=False).itertext())


def reference_alpha(columns: list[list[int | None]]) -> float:
    """The krippendorff package's ordinal alpha; columns = units, each with one value per respondent."""
    data = np.array([[np.nan if v is None else v for v in unit] for unit in columns], dtype=float).T
    return float(
        krippendorff.alpha(reliability_data=data, level_of_measurement="ordinal", value_domain=[0, 1, 2, 3, 4])
    )


@pytest.mark.parametrize(
    ("ranks", "expected"),
    [
        ([0], 0),
        ([0, 2], 2),  # two answers: the later one (the first position more than half expect it of)
        ([0, 0, 2, 3], 2),
        ([0, 0, 0, 3], 0),
        ([3, 1, 0], 1),
        ([4, 4, 0], 4),  # 'not applicable' wins when no position gets more than half
        ([0, 1, 2, 3, 4], 2),
    ],
)
def test_the_consensus_is_the_later_middle_answer(ranks, expected):
    assert consensus_rank(ranks) == expected


def test_alpha_and_each_units_part_of_the_disagreement_match_the_krippendorff_package():
    rng = random.Random(13)
    for _ in range(60):
        respondents, units = rng.randint(2, 7), rng.randint(2, 25)
        columns = [
            [rng.choice([None, *range(5)]) if rng.random() < 0.2 else min(4, max(0, u % 5 + rng.choice([-1, 0, 1])))
             for _ in range(respondents)]
            for u in range(units)
        ]  # fmt: skip
        ours = ordinal_alpha({str(u): [v for v in col if v is not None] for u, col in enumerate(columns)})
        values = {v for col in columns if sum(x is not None for x in col) >= 2 for v in col if v is not None}
        if len(values) < 2:
            assert ours.alpha is None
            continue
        assert ours.alpha == pytest.approx(reference_alpha(columns))
        assert sum(ours.contributions.values()) == pytest.approx(1.0)
    # a unit everyone agrees on adds nothing; the unit people disagree on most adds most
    agreement = ordinal_alpha({"same": [1, 1, 1], "near": [1, 2, 1], "far": [0, 4, 0]})
    assert agreement.contributions["same"] == 0 and agreement.contributions["far"] > agreement.contributions["near"]


# Two organisations; competence -> choices per respondent (None = left blank)
VONK = ["Ann", "Bo", "Cas", "Dee"]
ANKER = ["Eef", "Fien", "Gus"]
CHOICES = {
    "1.1.1": (["beginner", "beginner", "beginner", "ervaren"], ["beginner", "beginner", "beginner"]),
    "1.1.2": (["beginner", "pionier", "pionier", "gangmaker"], ["ervaren", "ervaren", None]),
    "1.1.3": (["beginner", "beginner", "gangmaker", NOT_APPLICABLE], ["gangmaker", "gangmaker", "gangmaker"]),
    "2.2.1": (["ervaren", "ervaren", "ervaren", "ervaren"], [NOT_APPLICABLE, NOT_APPLICABLE, "pionier"]),
    "9.3.3": (["gangmaker", None, "gangmaker", "pionier"], ["pionier", "gangmaker", "beginner"]),
}
PROPOSAL = {"1.1.1": "beginner", "1.1.2": "ervaren", "1.1.3": "beginner", "2.2.1": "beginner", "9.3.3": "gangmaker"}
COMMENTS = {("Bo", "1.1.2"): "alleen als je chat", ("Eef", "2.2.1"): "bij ons niet"}


@pytest.fixture(scope="module")
def two_organisations(tmp_path_factory, framework) -> Path:
    folder = tmp_path_factory.mktemp("posities")
    proposal = Proposal(Text({"nl": "voorstel.csv"}), PROPOSAL)
    for organisation, names, index in (("De Vonk vzw", VONK, 0), ("CAW Het Anker", ANKER, 1)):
        blank = write_positions_template(framework, folder / ".blank" / organisation, organisation, proposal=proposal)
        for r, name in enumerate(names):
            answers: dict[tuple[str, str], object] = {}
            for item, choices in CHOICES.items():
                choice = choices[index][r]
                if choice is not None:
                    answers[(item, "choice")] = LABEL[choice]
                if (name, item) in COMMENTS:
                    answers[(item, "comment")] = COMMENTS[(name, item)]
            if name == "Bo":
                answers[("4.2.eigen1", "competence")] = "=cliënten helpen met <b>itsme</b>"
                answers[("4.2.eigen1", "choice")] = "Pionier"
            date = {"name": name, "date": f"2025-09-0{r + 1}", "role": "begeleider"}
            fill_positions_workbook(blank, folder / f"{organisation} - {name}.xlsx", answers, date)
    for path in (folder / ".blank").rglob("*.xlsx"):
        path.unlink()
    return folder


def choices_of(index: int, item: str) -> list[str]:
    return [c for c in CHOICES[item][index] if c is not None]


def expected_consensus(choices: list[str]) -> str:
    return ORDER[consensus_rank([ORDER.index(c) for c in choices])]


@pytest.fixture(scope="module")
def report(two_organisations, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("rapport")
    result = run("positions", "aggregate", str(two_organisations), "--out", str(out), "--min-respondents", "4")
    assert result.exit_code == 0, result.output
    assert "competenties op de gesprekslijst: CAW Het Anker" in result.output
    return out


def test_consensus_share_spread_and_departure_per_organisation_and_together(report):
    rows = {(r["organisation"], r["item_id"]): r for r in read_csv(report / "position-choices.csv")}
    groups = {"De Vonk vzw": [0], "CAW Het Anker": [1], "Alle organisaties samen": [0, 1]}
    for group, indexes in groups.items():
        for item in CHOICES:
            choices = [c for i in indexes for c in choices_of(i, item)]
            row = rows[(group, item)]
            consensus = expected_consensus(choices)
            assert row["consensus_id"] == consensus, (group, item)
            assert int(row["answered"]) == len(choices)
            assert [int(row[f"count_{c}"]) for c in ORDER] == [choices.count(c) for c in ORDER]
            assert float(row["consensus_share"]) == pytest.approx(choices.count(consensus) / len(choices), abs=1e-4)
            ranks = [ORDER.index(c) for c in choices]
            assert (row["earliest"], row["latest"]) == (ORDER[min(ranks)], ORDER[max(ranks)])
            assert int(row["spread_steps"]) == max(ranks) - min(ranks)
            assert int(row["departure"]) == ORDER.index(consensus) - ORDER.index(PROPOSAL[item])
        assert rows[(group, "5.1.1")]["consensus_id"] == "" and rows[(group, "5.1.1")]["answered"] == "0"
    assert rows[("De Vonk vzw", "1.1.2")]["consensus_id"] == "pionier"  # beginner, pionier, pionier, gangmaker
    assert rows[("CAW Het Anker", "2.2.1")]["consensus_id"] == NOT_APPLICABLE
    assert rows[("Alle organisaties samen", "1.1.1")]["scope"] == "all"
    assert rows[("De Vonk vzw", "1.1.1")]["organisations"] == "De Vonk vzw"
    assert rows[("Alle organisaties samen", "1.1.1")]["organisations"] == "CAW Het Anker; De Vonk vzw"


def test_alpha_per_organisation_overall_and_per_cluster_matches_the_krippendorff_package(report, framework):
    wb = openpyxl.load_workbook(report / "positions.xlsx")
    sheet = wb["Overeenstemming"]
    header = [c.value for c in sheet[4]]
    table = {
        row[0]: dict(zip(header[1:], row[1:], strict=False)) for row in sheet.iter_rows(min_row=5, values_only=True)
    }

    def columns(indexes: list[int], items) -> list[list[int | None]]:
        return [
            [None if c is None else ORDER.index(c) for i in indexes for c in CHOICES[item][i]]
            if item in CHOICES
            else [None] * sum(len(CHOICES["1.1.1"][i]) for i in indexes)
            for item in items
        ]

    everything = [x.id for x in framework.competences]
    cluster1 = [x.id for x in framework.competences if x.id.startswith("1.")]
    for group, indexes in (("De Vonk vzw", [0]), ("CAW Het Anker", [1]), ("Alle organisaties samen", [0, 1])):
        assert table["Alle competenties"][group] == pytest.approx(reference_alpha(columns(indexes, everything)))
        cluster = table["1. Aandacht hebben voor en bevorderen van digitale inclusie"][group]
        assert cluster == pytest.approx(reference_alpha(columns(indexes, cluster1)))
    assert table["2. Zelf mediawijs zijn en eigen mediawijsheid bevorderen"]["De Vonk vzw"] == "–"  # one value only
    summary = {row[0]: row for row in wb["Samenvatting"].iter_rows(min_row=5, values_only=True)}
    assert summary["De Vonk vzw"][1] == 4 and isinstance(summary["De Vonk vzw"][3], str)  # alpha and its sentence


def test_departures_moves_conversation_and_profiles(report, framework):
    wb = openpyxl.load_workbook(report / "positions.xlsx")
    departures = [r for r in wb["Afwijkingen van het voorstel"].iter_rows(min_row=5, values_only=True) if r[0]]
    vonk = [(r[1], r[6]) for r in departures if r[0] == "De Vonk vzw"]
    # 1.1.2: pionier vs proposed ervaren (+1); 1.1.3: gangmaker vs beginner (+3); 2.2.1: ervaren vs beginner (+1)
    assert vonk == [("1.1.3", 3), ("1.1.2", 1), ("2.2.1", 1)]  # largest first, then in the framework's order
    moves = {(r[0], r[1]): r[2:] for r in wb["Verschuivingen per positie"].iter_rows(min_row=5, values_only=True)}
    assert moves[("De Vonk vzw", "Beginner")] == (3, 1, 0, 2)  # proposed, consensus, moved in, moved out
    assert moves[("De Vonk vzw", "Pionier")] == (0, 1, 1, 0)

    talk = {}
    for row in wb["Gesprekslijst"].iter_rows(min_row=5, values_only=True):
        talk.setdefault(row[0], []).append(row[2])
    # De Vonk: 1.1.2 (2 of 4 chose the consensus, 3 steps apart), 1.1.3 (4 steps); not 9.3.3 (2 of 3, 1 step)
    assert set(talk["De Vonk vzw"]) == {"1.1.2", "1.1.3"}
    assert talk["De Vonk vzw"][0] == "1.1.3"  # the widest disagreement adds most to it
    assert set(talk["CAW Het Anker"]) == {"2.2.1", "9.3.3"}
    assert "Alle organisaties samen" not in talk  # the conversation is held per organisation
    rows = {(r["organisation"], r["item_id"]): r for r in read_csv(report / "position-choices.csv")}
    assert rows[("De Vonk vzw", "1.1.3")]["conversation_rank"] == "1"

    profiles = read_csv(report / "position-profiles.csv")
    vonk_profile = {
        (p["position_id"], p["item_id"])
        for p in profiles
        if p["organisation"] == "De Vonk vzw" and p["source"] == "consensus"
    }
    # cumulative: what a Beginner is expected to have, every later position is expected to have too
    assert {i for p, i in vonk_profile if p == "beginner"} == {"1.1.1"}
    assert {i for p, i in vonk_profile if p == "pionier"} == {"1.1.1", "1.1.2", "2.2.1"}
    assert {i for p, i in vonk_profile if p == "gangmaker"} == {"1.1.1", "1.1.2", "1.1.3", "2.2.1", "9.3.3"}
    own = [p for p in profiles if p["source"] == "own" and p["organisation"] == "De Vonk vzw"]
    assert {p["position_id"] for p in own} == {"pionier", "gangmaker"} and own[0]["respondent"] == "Bo"


def test_every_answer_is_traceable_and_nothing_typed_is_lost(report, two_organisations):
    responses = read_csv(report / "responses.csv")
    typed = sum(c is not None for choices in CHOICES.values() for group in choices for c in group)
    chosen = [r for r in responses if r["choice_id"] and not r["own_competence"]]
    assert len(chosen) == typed
    for r in chosen:
        ws = openpyxl.load_workbook(two_organisations / r["file"])[r["sheet"]]
        assert ws[r["cell"]].value == r["value"] == LABEL[r["choice_id"]]
    commented = {(r["respondent"], r["item_id"]): r["comment"] for r in responses if r["comment"]}
    assert commented == {(name, item): text for (name, item), text in COMMENTS.items()}
    own = [r for r in responses if r["own_competence"]]
    assert [(r["respondent"], r["item_id"], r["own_competence"], r["choice_id"]) for r in own] == [
        ("Bo", "4.2.eigen1", "'=cliënten helpen met <b>itsme</b>", "pionier")
    ]
    added = read_csv(report / "added-competences.csv")
    assert [(a["organisation"], a["respondent"], a["competence"]) for a in added] == [
        ("De Vonk vzw", "Bo", "'=cliënten helpen met <b>itsme</b>")
    ]


def test_names_only_when_asked_and_never_below_the_minimum(report, two_organisations, tmp_path):
    html = (report / "report.html").read_text(encoding="utf-8")
    text = page_text(report / "report.html")
    assert not any(name in text for name in (*VONK, *ANKER))  # no --show-names
    assert "alleen als je chat" in text and "bij ons niet" in text  # the explanations, without a name
    assert "&lt;b&gt;itsme&lt;/b&gt;" in html and "<b>itsme" not in html
    out = tmp_path / "named"
    result = run(
        "positions", "aggregate", str(two_organisations), "--out", str(out), "--show-names", "--min-respondents", "4"
    )
    assert result.exit_code == 0
    named = page_text(out / "report.html")
    assert all(name in named for name in VONK)  # De Vonk has 4 respondents
    assert not any(name in named for name in ANKER)  # Het Anker has 3, below the minimum
    assert "Minder dan 4 respondenten in: CAW Het Anker" in named
    talk = [r for r in openpyxl.load_workbook(out / "positions.xlsx")["Gesprekslijst"].iter_rows(values_only=True)]
    assert any("Bo (Pionier): alleen als je chat" in str(r[8]) for r in talk)
    assert not any("Eef" in str(r[8]) for r in talk)


def test_the_report_leads_with_findings_and_names_the_organisations(report):
    text = page_text(report / "report.html")
    assert "Welke competenties voor welke positie? – CAW Het Anker, De Vonk vzw" in text
    assert "7 respondenten van CAW Het Anker, De Vonk vzw" in text
    assert text.index("Samenvatting") < text.index("Wat nu?") < text.index("Gesprekslijst")
    assert "Bespreek met De Vonk vzw de gesprekslijst: 2 competenties." in text
    # who responded is a sentence, not a bare number (issue 16)
    assert "7 respondenten; per organisatie: CAW Het Anker: 3; De Vonk vzw: 4." in text
    assert "Alfa: 0," in text  # a decimal comma in Dutch


def conversation_items(path: Path) -> dict[str, list[tuple[str, str]]]:
    """Per cluster section of the conversation list (organisation · cluster): each item's heading and facts."""
    document = html5lib.parse(path.read_text(encoding="utf-8"), namespaceHTMLElements=False)
    found: dict[str, list[tuple[str, str]]] = {}
    for section in document.iter("section"):
        if section.get("class") != "talk-cluster":
            continue
        heading = " ".join(next(section.iter("h3")).itertext())
        for item in section.iter("div"):
            if item.get("class") == "talk-item":
                facts = next(p for p in item.iter("p") if p.get("class") == "facts")
                found.setdefault(heading, []).append(
                    ("".join(next(item.iter("h4")).itertext()), "".join(facts.itertext()))
                )
    return found


def test_numbers_say_what_they_mean(report):
    items = conversation_items(report / "report.html")
    cluster_9 = items["CAW Het Anker · Cluster 9. Toekomstgericht bijdragen aan digitale uitdagingen"]
    anker = {heading.split()[0]: facts for heading, facts in cluster_9}
    # 1 of 3 chose Pionier: the middle position, not a consensus of 33%
    facts = anker["9.3.3"]
    assert facts.startswith("Middelste positie: Pionier, geen meerderheid (1 van de 3 koos die positie)")
    vonk = items["De Vonk vzw · Cluster 1. Aandacht hebben voor en bevorderen van digitale inclusie"]
    # within the cluster, most disagreement first, and no rank from the list as a whole
    assert [heading.split()[0] for heading, _ in vonk] == ["1.1.3", "1.1.2"]
    assert vonk[0][1].startswith("Middelste positie: Gangmaker, geen meerderheid (1 van de 4 koos die positie)")
    assert vonk[1][1].startswith("Consensuspositie: Pionier (2 van de 4 kozen die positie)")  # half is no minority
    text = page_text(report / "report.html")
    assert "Pionier (geen meerderheid)" in text  # 1.1.2 for everyone together: 2 of 6, in the table of cluster 1
    # agreement in a sentence, the number after it, not as a headline; alpha explained once, plainly
    assert "α" not in text
    assert "Alfa zegt hoe eensgezind de collega's dezelfde positie kiezen: 1 = iedereen kiest hetzelfde" in text


def test_the_conversation_list_of_the_example_has_no_jumping_numbers(example_report):
    ranks = {
        (r["organisation"], r["item_id"]): int(r["conversation_rank"])
        for r in read_csv(example_report / "position-choices.csv")
        if r["conversation_rank"]
    }
    for heading, entries in conversation_items(example_report / "report.html").items():
        organisation = heading.split(" · ")[0]
        ids = [title.split()[0] for title, _ in entries]
        assert all(re.fullmatch(r"\d+\.\d+\.\d+", x) for x in ids), ids  # the id first, no number before it
        assert [ranks[(organisation, x)] for x in ids] == sorted(ranks[(organisation, x)] for x in ids)


def test_by_all_pools_everyone_into_one_group(two_organisations, tmp_path):
    out = tmp_path / "samen"
    assert run("positions", "aggregate", str(two_organisations), "--out", str(out), "--by", "all", "-q").exit_code == 0
    groups = {(r["organisation"], r["scope"], r["organisations"]) for r in read_csv(out / "position-choices.csv")}
    assert groups == {("Alle organisaties samen", "all", "CAW Het Anker; De Vonk vzw")}


def test_english_report(two_organisations, tmp_path):
    out = tmp_path / "en"
    result = run("positions", "aggregate", str(two_organisations), "--out", str(out), "--lang", "en", "--no-pictures")
    assert result.exit_code == 0 and "competences on the conversation list" in result.output
    text = page_text(out / "report.html")
    assert "Which competences for which position?" in text and "All organisations together" in text
    assert "Alpha: 0." in text and "Conversation list" in text
    assert openpyxl.load_workbook(out / "positions.xlsx").sheetnames[:3] == ["Summary", "Consensus", "Per organisation"]


def test_a_workbook_made_with_another_proposal_is_named(two_organisations, framework, tmp_path):
    other = Proposal(Text({"nl": "ander.csv"}), {"1.1.1": "gangmaker"})
    blank = write_positions_template(framework, tmp_path / "blank", "De Vonk vzw", proposal=other)
    folder = tmp_path / "in"
    folder.mkdir()
    for path in two_organisations.glob("De Vonk*.xlsx"):
        (folder / path.name).write_bytes(path.read_bytes())
    fill_positions_workbook(blank, folder / "Hugo.xlsx", {("1.1.1", "choice"): "Pionier"}, {"name": "Hugo"})
    problems = []
    out = tmp_path / "out"
    run("positions", "aggregate", str(folder), "--out", str(out), "--no-pictures", "-q")
    problems = read_csv(out / "problems.csv")
    assert [(p["file"], p["code"]) for p in problems] == [("Hugo.xlsx", "proposal-differs")]
    rows = {(r["organisation"], r["item_id"]): r for r in read_csv(out / "position-choices.csv")}
    assert rows[("De Vonk vzw", "1.1.1")]["proposal_id"] == "beginner"  # the proposal most workbooks carry


def test_a_proposal_given_to_aggregate_wins(two_organisations, tmp_path):
    other = tmp_path / "ander.csv"
    other.write_text("id,positie\n1.1.1,Gangmaker\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run("positions", "aggregate", str(two_organisations), "--out", str(out), "--proposal", str(other), "-q")
    assert result.exit_code == 0  # the workbooks carry another proposal, but this one was asked for
    assert read_csv(out / "problems.csv") == []
    rows = {(r["organisation"], r["item_id"]): r for r in read_csv(out / "position-choices.csv")}
    assert (rows[("De Vonk vzw", "1.1.1")]["proposal_id"], rows[("De Vonk vzw", "1.1.1")]["departure"]) == (
        "gangmaker",
        "-3",
    )
    assert rows[("De Vonk vzw", "1.1.2")]["proposal_id"] == ""


# -- the shipped example, and the gap ------------------------------------------------------------------


@pytest.fixture(scope="module")
def example_report(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("voorbeeld")
    result = run("positions", "aggregate", str(POSITION_EXAMPLES), "--out", str(out))
    assert result.exit_code == 1, result.output  # one typed answer is no position: named with its cell
    return out


def test_the_example_shows_consensus_alpha_departures_conversation_and_profiles(example_report, framework):
    problems = read_csv(example_report / "problems.csv")
    assert [(p["file"], p["code"]) for p in problems] == [
        ("Posities - De Vonk vzw - Ilias Bouzid.xlsx", "invalid-position-suggestion")
    ]
    responses = read_csv(example_report / "responses.csv")
    people = {name for staff in POSITION_RESPONDENTS.values() for name, *_ in staff}
    assert {r["respondent"] for r in responses} == people
    typed = {(r["respondent"], r["item_id"]): r["choice_id"] for r in responses if r["value"] != r["choice"]}
    assert typed[("Kobe Lambrecht", "2.1.2")] == "gangmaker" and typed[("Kobe Lambrecht", "3.1.1")] == NOT_APPLICABLE

    rows = read_csv(example_report / "position-choices.csv")
    assert {r["organisation"] for r in rows} == {"Alle organisaties samen", "De Vonk vzw", "CAW Het Anker"}
    # alpha of each organisation, recomputed from responses.csv with the krippendorff package
    table = {
        row[0]: row[1:]
        for row in openpyxl.load_workbook(example_report / "positions.xlsx")["Overeenstemming"].iter_rows(
            min_row=4, values_only=True
        )
    }
    header = table.pop("Cluster")
    for organisation, staff in POSITION_RESPONDENTS.items():
        names = [name for name, *_ in staff]
        chosen = {(r["respondent"], r["item_id"]): ORDER.index(r["choice_id"]) for r in responses if r["choice_id"]}
        columns = [[chosen.get((n, x.id)) for n in names] for x in framework.competences]
        alpha = table["Alle competenties"][header.index(organisation)]
        assert alpha == pytest.approx(reference_alpha(columns))
        assert 0.4 < alpha < 0.9  # they disagree in places, as staff do
    departures = [r for r in rows if r["departure"] not in ("", "0")]
    conversation = [r for r in rows if r["conversation_rank"]]
    assert len([r for r in departures if r["organisation"] == "De Vonk vzw"]) >= 10
    assert {r["organisation"] for r in conversation} >= {"De Vonk vzw", "CAW Het Anker"}
    profiles = read_csv(example_report / "position-profiles.csv")
    assert len({p["item_id"] for p in profiles if p["position_id"] == "gangmaker"}) > 100
    assert {p["competence"] for p in profiles if p["source"] == "own"} >= {
        "een datalek kunnen herkennen en melden volgens de procedure van de organisatie"
    }
    # PNG copies of the report's pictures, for e-mail: a consensus map per cluster (cluster 5 in three)
    maps = sorted(p.name for p in example_report.glob("posities-consensus-*.png"))
    assert len(maps) == 12 and "posities-consensus-cluster-5-3.png" in maps
    assert all((example_report / name).stat().st_size > 20_000 for name in maps)
    assert (example_report / "posities-profielen.png").stat().st_size > 30_000
    tidy = read_csv(example_report / "position_consensus.csv")
    assert len(tidy) == 3 * len(framework.competences)


def test_gap_uses_the_consensus_position_and_names_organisations_and_respondents(example_report, tmp_path, framework):
    programmes = tmp_path / "opleidingen"
    run("aggregate", str(EXAMPLES), "--out", str(programmes), "--no-pictures", "-q")
    out = tmp_path / "tekorten"
    result = run("gap", str(programmes), str(example_report), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Verwachtingen van CAW Het Anker, De Vonk vzw (7 respondenten).")
    gaps = read_csv(out / "gap.csv")
    consensus = {r["item_id"]: r["consensus_id"] for r in read_csv(example_report / "position-choices.csv")
                 if r["scope"] == "all"}  # fmt: skip
    for row in gaps:
        assert row["organisations"] == "CAW Het Anker; De Vonk vzw" and row["respondents"] == "7"
        assert row["consensus_id"] == consensus.get(row["item_id"], "")
        at_entry = row["consensus_id"] == "beginner"
        if not at_entry:
            assert row["status"] in ("not-expected", "unknown")
        elif row["coverage_score"] == "" or int(row["coverage_score"]) <= 1:
            assert row["status"] == "gap"
        else:
            assert row["status"] == "ok"
    assert any(r["source"] == "component" and r["status"] == "gap" for r in gaps)
    assert (out / "heatmap-tekorten.png").exists() and (out / "manifest.json").exists()


def test_the_gap_picture_explains_its_marks(example_report, tmp_path, framework):
    from curriculum_map.coverage.results import load_results
    from curriculum_map.positions.gap import draw_gap_picture, find_gaps, load_demand

    programmes = tmp_path / "opleidingen"
    run("aggregate", str(EXAMPLES), "--out", str(programmes), "--no-pictures", "-q")
    aggregation = load_results(programmes, framework)
    demand = load_demand(example_report, framework)
    picture = draw_gap_picture(aggregation, demand, find_gaps(aggregation, demand), "nl")
    legend = [t.get_text() for legend in picture.figure.legends for t in legend.get_texts()]
    assert "* = niveau van de component" in legend and "– = niet beantwoord (tekort)" in legend
    subtitle = picture.figure.axes[0].get_title(loc="left")
    assert "CAW Het Anker, De Vonk vzw (7 respondenten)" in subtitle


def test_gap_refuses_a_report_of_the_earlier_form(tmp_path):
    old = tmp_path / "oud"
    old.mkdir()
    (old / "expectations.csv").write_text("item_id,position_id,share\n1.1.1,beginner,1\n", encoding="utf-8")
    result = run("gap", str(old), str(old), "--out", str(tmp_path / "g"))
    assert result.exit_code == 2


def test_a_small_constructed_gap(fill, framework, tmp_path):
    # Sociaal werk practises 1.1.1, exemplifies 1.1.2, does not cover 1.2.1; Orthopedagogie answered only
    # component 1.1 (goed gekaderd) and 1.2 (exemplarisch).
    sociaal_werk = {
        ("competences", "1.1.1", "level"): "geoefend",
        ("competences", "1.1.2", "level"): "exemplarisch",
        ("competences", "1.2.1", "level"): "komt niet aan bod",
    }
    fill("sociaal-werk", "sw.xlsx", sociaal_werk, {"name": "S"})
    orthopedagogie = {("matrix", "1.1", "level"): "goed gekaderd", ("matrix", "1.2", "level"): "exemplarisch"}
    fill("orthopedagogie", "or.xlsx", orthopedagogie, {"name": "O"})
    assert run("aggregate", str(tmp_path / "in"), "--out", str(tmp_path / "prog"), "--no-pictures").exit_code == 0
    # consensus Beginner for 1.1.1, 1.1.2, 1.2.1 and 9.3.3; Pionier for 1.1.3
    wanted = {"1.1.1": ["Beginner"] * 3, "1.1.2": ["Beginner", "Pionier", "Beginner"],
              "1.1.3": ["Pionier", "Beginner", "Gangmaker"], "1.2.1": ["Beginner"] * 3,
              "9.3.3": ["Beginner", "Beginner", "nvt"]}  # fmt: skip
    blank = write_positions_template(framework, tmp_path / "blank", "De Vonk vzw")
    folder = tmp_path / "pos"
    folder.mkdir()
    for r, name in enumerate("ABC"):
        answers = {(item, "choice"): choices[r] for item, choices in wanted.items()}
        fill_positions_workbook(blank, folder / f"{name}.xlsx", answers, {"name": name})
    assert run("positions", "aggregate", str(folder), "--out", str(tmp_path / "posout"), "-q").exit_code == 0
    result = run("gap", str(tmp_path / "prog"), str(tmp_path / "posout"), "--out", str(tmp_path / "gap"))
    assert result.exit_code == 0, result.output
    rows = {(r["programme"], r["item_id"]): r for r in read_csv(tmp_path / "gap" / "gap.csv")}
    expected = {
        ("Sociaal werk", "1.1.1"): ("ok", "3", "competence"),
        ("Sociaal werk", "1.1.2"): ("gap", "1", "competence"),
        ("Sociaal werk", "1.1.3"): ("not-expected", "", ""),
        ("Sociaal werk", "1.2.1"): ("gap", "0", "competence"),
        ("Sociaal werk", "9.3.3"): ("gap", "", ""),  # not answered: a gap too
        ("Orthopedagogie", "1.1.1"): ("ok", "2", "component"),
        ("Orthopedagogie", "1.2.1"): ("gap", "1", "component"),
        ("Orthopedagogie", "5.1.1"): ("unknown", "", ""),  # nobody placed it
    }
    for key, (status, score, source) in expected.items():
        assert (rows[key]["status"], rows[key]["coverage_score"], rows[key]["source"]) == (status, score, source), key
    assert "5 tekorten over 2 opleidingen" in result.output


def test_the_pictures_name_the_organisations_and_explain_their_marks(two_organisations, framework, tmp_path):
    from curriculum_map.positions.pictures import draw_pictures
    from curriculum_map.positions.report import PositionsReportOptions, run_positions_aggregate

    result = run_positions_aggregate(
        [two_organisations], framework, tmp_path / "out", PositionsReportOptions(pictures=False)
    )
    *maps, profiles = draw_pictures(result.aggregation, "nl")
    consensus = maps[0]
    assert [m.title for m in maps[:3]] == [
        "Cluster 1. Aandacht hebben voor en bevorderen van digitale inclusie",
        "Cluster 2. Zelf mediawijs zijn en eigen mediawijsheid bevorderen – kennis",
        "Cluster 2. Zelf mediawijs zijn en eigen mediawijsheid bevorderen – vaardigheden, attitudes",
    ]
    legend = [t.get_text() for legend in consensus.figure.legends for t in legend.get_texts()]
    assert legend[-3:] == ["kader = consensuspositie", "stippellijn = geen meerderheid", "◆ = voorstel"]
    assert "niet beantwoord" in legend
    for picture in (consensus, profiles):
        subtitle = picture.figure.axes[0].get_title(loc="left").replace("\n", " ")  # wrapped to stay inside
        assert "Alle organisaties samen" in subtitle and "7 respondenten van CAW Het Anker, De Vonk vzw" in subtitle
    texts = {t.get_text() for t in profiles.figure.axes[0].texts}
    assert "1/9" in texts  # cluster 1 has 9 competences; only 1.1.1 is expected of a Beginner by everyone together
