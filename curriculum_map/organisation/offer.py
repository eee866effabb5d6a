"""`training gap`: the training needs against the training offer, from published results only.

A competence is needed when a function profile calls it essential (profiles.csv of `profile read`) or when
colleagues have a learning need in it (team/competence-needs.csv of `staff read`: groups at or above the
threshold only, so this command never sees a person). It is offered when a training addresses it
(training-map.csv of `training read`). Findings: needed competences no training addresses, and trainings
that address only competences nobody needs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from curriculum_map.core.report_files import (
    COMPETENCE_NEEDS_CSV,
    NEEDS_OFFER_CSV,
    OFFER_CSV,
    OFFER_HTML,
    PROFILES_CSV,
    TRAINING_MAP_CSV,
    TRAININGS_CSV,
)
from curriculum_map.core.tables import table
from curriculum_map.core.texts import text
from curriculum_map.coverage.results import read_rows
from curriculum_map.framework.model import Framework
from curriculum_map.organisation.growth import SCOPE_ALL
from curriculum_map.organisation.profile_report import text_writer
from curriculum_map.organisation.scales import PROFILE, scale
from curriculum_map.render.csv import write_table
from curriculum_map.render.html import render_template
from curriculum_map.render.output import atomic_path, run_folder

GAP, COVERED, NOT_NEEDED = "gap", "covered", "offered-not-needed"
NEEDED, UNNEEDED, NOTHING = "addresses-needs", "addresses-no-need", "addresses-nothing"
TEAM_FOLDER = "team"
TRAINING_HEADERS = ("training_code", "training_name", "hours", "delivery")


@dataclass
class CompetenceOffer:
    """One competence: who needs it (functions, colleagues at group level) and which trainings address it."""

    item_id: str
    component_id: str
    competence: str
    functions: list[str] = field(default_factory=list)  # whose profile calls it essential
    people: int = 0
    trainings: list[str] = field(default_factory=list)  # training codes (or names)
    withheld: bool = False  # the team overview did not show its count: too few colleagues answered it

    @property
    def needed(self) -> bool:
        return bool(self.functions) or self.people > 0

    @property
    def finding(self) -> str:
        if self.needed:
            return COVERED if self.trainings else GAP
        return NOT_NEEDED if self.trainings else ""


@dataclass(frozen=True)
class TrainingOffer:
    code: str
    name: str
    hours: str
    delivery: str
    competences: tuple[str, ...]
    needed: tuple[str, ...]

    @property
    def finding(self) -> str:
        return NEEDED if self.needed else UNNEEDED if self.competences else NOTHING


@dataclass
class Offer:
    competences: list[CompetenceOffer] = field(default_factory=list)
    trainings: list[TrainingOffer] = field(default_factory=list)
    respondents: int = 0  # colleagues counted in the needs (the groups shown)
    profiles: bool = False
    needs: bool = False

    @property
    def gaps(self) -> list[CompetenceOffer]:
        """Needed competences no training addresses, the most needed first."""
        found = [c for c in self.competences if c.finding == GAP]
        return sorted(found, key=lambda c: (-c.people, -len(c.functions)))

    @property
    def unneeded(self) -> list[TrainingOffer]:
        return [t for t in self.trainings if t.finding != NEEDED]


def team_folder(folder: Path) -> Path:
    """The team folder of a `staff read` output (the output folder itself or its team/)."""
    return folder / TEAM_FOLDER if (folder / TEAM_FOLDER / COMPETENCE_NEEDS_CSV).is_file() else folder


def needs_of(folder: Path) -> tuple[dict[str, tuple[int | None, str, str]], int]:
    """Per competence the colleagues with a learning need (None when the team overview withheld the count: too
    few answered it), with its component and text, and the respondents: the whole team when shown, else the
    groups shown added up (they never overlap)."""
    columns = ("group", "scope", "respondents", "item_id", "component_id", "competence", "people_with_need")
    rows = read_rows(team_folder(folder) / COMPETENCE_NEEDS_CSV, columns)
    used = [r for r in rows if r["scope"] == SCOPE_ALL] or rows
    people: dict[str, tuple[int | None, str, str]] = {}
    respondents: dict[str, int] = {}
    for row in used:
        respondents[row["group"]] = int(row["respondents"] or 0)
        before = people.get(row["item_id"], (None, "", ""))[0]
        if row.get("below_minimum") == "true" or not row["people_with_need"]:
            people[row["item_id"]] = (before, row["component_id"], row["competence"])
            continue
        people[row["item_id"]] = ((before or 0) + int(row["people_with_need"]), row["component_id"], row["competence"])
    return people, sum(respondents.values())


def essentials_of(folder: Path) -> dict[str, list[str]]:
    """Per competence the functions whose profile calls it essential."""
    essential = set(scale(PROFILE).ids("vacancy"))
    found: dict[str, list[str]] = {}
    for row in read_rows(folder / PROFILES_CSV, ("function", "item_id", "choice_id")):
        if row["choice_id"] in essential:
            found.setdefault(row["item_id"], []).append(row["function"])
    return found


def offer_of(framework: Framework, map_dir: Path, needs_dir: Path | None, profiles_dir: Path | None,
             lang: str) -> Offer:  # fmt: skip
    """Needs against offer per competence and per training (reads the three folders' CSV files)."""
    offer = Offer(profiles=profiles_dir is not None, needs=needs_dir is not None)
    people, offer.respondents = needs_of(needs_dir) if needs_dir is not None else ({}, 0)
    functions = essentials_of(profiles_dir) if profiles_dir is not None else {}
    links = read_rows(map_dir / TRAINING_MAP_CSV, ("training_code", "training_name", "item_id", "component_id",
                                                   "competence"))  # fmt: skip
    by_item: dict[str, CompetenceOffer] = {
        c.id: CompetenceOffer(c.id, c.component_id, c.text.get(lang)) for c in framework.competences
    }
    for item_id, (_, component_id, text_of) in people.items():  # the organisation's own competences too
        by_item.setdefault(item_id, CompetenceOffer(item_id, component_id, text_of))
    for link in links:
        item = by_item.setdefault(link["item_id"], CompetenceOffer(link["item_id"], link["component_id"],
                                                                   link["competence"]))  # fmt: skip
        code = link["training_code"] or link["training_name"]
        if code not in item.trainings:
            item.trainings.append(code)
    for item_id, found in by_item.items():
        found.functions = functions.get(item_id, [])
        count = people.get(item_id, (0, "", ""))[0]
        found.people, found.withheld = count or 0, count is None
    offer.competences = list(by_item.values())
    for row in read_rows(map_dir / TRAININGS_CSV, TRAINING_HEADERS):
        code = row["training_code"] or row["training_name"]
        addressed = tuple(i for i, c in by_item.items() if code in c.trainings)
        needed = tuple(i for i in addressed if by_item[i].needed)
        offer.trainings.append(TrainingOffer(code, row["training_name"], row["hours"], row["delivery"], addressed,
                                             needed))  # fmt: skip
    return offer


def needs_offer_rows(offer: Offer, framework: Framework) -> list[tuple[object, ...]]:
    clusters = {k.id: k.cluster_id for k in framework.components}
    return [(c.item_id, clusters.get(c.component_id, ""), c.component_id, c.competence, len(c.functions),
             "; ".join(c.functions), offer.respondents if offer.needs else "",
             c.people if offer.needs and not c.withheld else "", len(c.trainings), "; ".join(c.trainings), c.finding,
             "true" if c.withheld else "false") for c in offer.competences]  # fmt: skip


def offer_rows(offer: Offer) -> list[tuple[object, ...]]:
    return [(t.code, t.name, t.hours, t.delivery, len(t.competences), len(t.needed), t.finding)
            for t in offer.trainings]  # fmt: skip


def offer_page(offer: Offer, framework: Framework, lang: str) -> str:
    """Findings first, in plain words: the gaps, the trainings nobody needs, then the table per cluster."""
    clusters = [(c, {k.id for k in c.components}) for c in framework.clusters]
    context = {"lang": lang, "t": lambda key, **v: text(key, lang, **v), "offer": offer, "clusters": clusters,
               "covered": sum(1 for c in offer.competences if c.finding == COVERED),
               "needed": sum(1 for c in offer.competences if c.needed)}  # fmt: skip
    return render_template("offer.html.j2", context)


def run_training_gap(framework: Framework, map_dir: Path, needs_dir: Path | None, profiles_dir: Path | None,
                     out_dir: Path, lang: str) -> Offer:  # fmt: skip
    """Compare needs and offer; write needs-offer.csv, offer.csv and offer.html into `out_dir`."""
    offer = offer_of(framework, map_dir, needs_dir, profiles_dir, lang)
    outputs = [
        (NEEDS_OFFER_CSV, lambda p: write_table(p, table("needs_offer"), needs_offer_rows(offer, framework))),
        (OFFER_CSV, lambda p: write_table(p, table("offer"), offer_rows(offer))),
        (OFFER_HTML, text_writer(offer_page(offer, framework, lang))),
    ]
    with run_folder(out_dir, "offer") as run:
        for name, write in outputs:
            with atomic_path(run.path(name)) as temporary:
                write(temporary)
        run.publish()
    return offer
