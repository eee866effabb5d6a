"""Which framework a run reads its workbooks with: chosen from all of them, never dictated by one.

`--framework` when given. Otherwise the framework most workbooks carry (each workbook carries its
framework, see embedded.py), compared by its whole content: legend, items and the reporting keys
(target, covered level, disagreement). A workbook that carries another framework is named at that
workbook and, when its answers would mean something else (another legend, other items), set aside:
it never re-scores the others. One that differs only in texts or in how answers are reported counts,
with a warning; the run's framework says how everything is reported.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from curriculum_map.core.catalogue import Message
from curriculum_map.framework.model import REPORTING_KEYS, Framework
from curriculum_map.workbook.embedded import embedded_framework, fingerprint
from curriculum_map.workbook.ingest import Ingest
from curriculum_map.workbook.inputs import WORKBOOK_SUFFIXES, expand_inputs
from curriculum_map.workbook.layout import METADATA_SHEET
from curriculum_map.workbook.reading import Reading, open_grids, read_metadata

# An embedded framework far larger than the tool's own (120 competences) or the one given is not
# adopted for a run: a workbook of 43 KB can carry 9,000 competences and cost minutes of drawing.
MAX_ADOPTED_ITEMS = 2000


@dataclass(frozen=True)
class Choice:
    """The framework a run reads with, and where it came from ('option', 'workbooks' or 'builtin')."""

    framework: Framework
    source: str


def read_with_chosen_framework(
    inputs: Sequence[Path],
    given: Framework | None,
    default: Callable[[], Framework],
    read: Callable[[Framework], Ingest],
    exclude: Sequence[Path] = (),
) -> tuple[Choice, Ingest]:
    """Read the workbooks with the framework of `given`, else with the one most of them carry, else `default()`.

    `read(framework)` reads every workbook; it runs a second time only when the framework most
    workbooks carry is not the one the first workbook carries (the first guess). Afterwards every
    reading that carries another framework is named, and set aside when its answers cannot count.
    """
    if given is not None:
        ingest = read(given)
        settle(ingest.readings, given, given=True)
        return Choice(given, "option"), ingest
    builtin = default()
    guess = first_carried(path for path, _ in expand_inputs(inputs, exclude)[0]) or builtin
    ingest = read(guess)
    chosen = _most_carried(ingest.readings, guess, builtin)
    if chosen is not guess:
        ingest = read(chosen)
    settle(ingest.readings, chosen, given=False)
    source = "builtin" if fingerprint(chosen) == fingerprint(builtin) else "workbooks"
    return Choice(chosen, source), ingest


def first_carried(paths: Iterable[Path]) -> Framework | None:
    """The framework the first workbook among `paths` carries: a first guess, often right (None when none does)."""
    for path in paths:
        if path.suffix.lower() in WORKBOOK_SUFFIXES:
            carried = carried_framework(path)
            if carried is not None:
                return carried
    return None


def carried_framework(path: Path) -> Framework | None:
    """The framework one workbook carries, or None (none, damaged, unsafe, or far too large to adopt)."""
    try:
        with open_grids(path) as grids:
            metadata = read_metadata(grids.get(METADATA_SHEET))
    except Exception:  # noqa: BLE001 - a file that cannot be read is named when it is read for real
        return None
    framework = embedded_framework(metadata) if metadata else None
    if framework is None or len(framework.components) + len(framework.competences) > MAX_ADOPTED_ITEMS:
        return None
    return framework


def _most_carried(readings: Sequence[Reading], guess: Framework, builtin: Framework) -> Framework:
    """The framework most readings carry (ties: the guess, then the built-in one, then the first in file order)."""
    counts = Counter(r.framework_fingerprint for r in readings if r.framework_fingerprint)
    if not counts:
        return guess
    known = {fingerprint(builtin): builtin, fingerprint(guess): guess}  # the guess wins a tie: no second read
    most = max(counts.values())
    leaders = [f for f in counts if counts[f] == most]  # in file order: Counter keeps first appearance
    for candidate in (fingerprint(guess), fingerprint(builtin), *leaders):
        if candidate not in leaders:
            continue
        if candidate in known:
            return known[candidate]
        example = next(r.path for r in readings if r.framework_fingerprint == candidate)
        carried = carried_framework(example)
        if carried is not None:
            return carried
    return guess


def settle(readings: Sequence[Reading], framework: Framework, given: bool) -> None:
    """Name every reading that carries another framework than `framework`; set aside those whose answers differ.

    Readings of an older version read through a crosswalk are not compared: they are meant to differ.
    """
    own = fingerprint(framework)
    differences: dict[str, Difference] = {}
    for reading in readings:
        carried = reading.framework_fingerprint
        if not carried or carried == own or reading.crosswalk is not None or not reading.usable:
            continue
        if carried not in differences:
            differences[carried] = compare(carried_framework(reading.path), framework)
        difference = differences[carried]
        if difference.answers:
            reading.usable = False
            reading.discard_answers()
            reading.problems.clear()  # measured against a framework it does not carry: they would mislead
            expected = f"{framework.id} {framework.version}"
            reading.problem("framework-differs", METADATA_SHEET, what=difference.describe(), expected=expected)
        elif difference.reporting and not given:
            reading.problem("framework-settings-differ", METADATA_SHEET, keys=", ".join(difference.reporting))
        elif difference.texts:
            reading.problem("framework-texts-differ", METADATA_SHEET, version=framework.version)


@dataclass(frozen=True)
class Difference:
    """How a carried framework differs from the run's: what makes answers mean something else, and the rest."""

    answers: tuple[str, ...] = ()  # 'legend', 'items': its answers cannot be counted with the others
    reporting: tuple[str, ...] = ()  # reporting keys that differ
    texts: bool = False

    def describe(self) -> Message:
        return Message("difference." + "+".join(self.answers))


def compare(carried: Framework | None, framework: Framework) -> Difference:
    """What differs between a workbook's framework and the run's (a framework that cannot be built differs in all)."""
    if carried is None:
        return Difference(answers=("unreadable",))
    answers = []
    if [(lv.score, lv.label.all()) for lv in carried.levels] != [(lv.score, lv.label.all()) for lv in framework.levels]:
        answers.append("legend")
    if _items(carried) != _items(framework) or carried.id != framework.id:
        answers.append("items")
    reporting = tuple(
        key for key in REPORTING_KEYS if key != "subject" and _reported(carried, key) != _reported(framework, key)
    )
    return Difference(tuple(answers), reporting, texts=carried.hash != framework.hash)


def _items(framework: Framework) -> list[tuple[str, str]]:
    return [("component", c.id) for c in framework.components] + [("competence", c.id) for c in framework.competences]


def _reported(framework: Framework, key: str) -> Any:
    """A reporting key as the run uses it, overall and per programme."""
    document = framework.document
    per_programme = [p.get(key) for p in document.get("programmes", []) if isinstance(p, dict)]
    return document.get(key), per_programme
