"""Which workbooks count when a respondent sent several, or one workbook arrived twice. No I/O.

Two rules, for programme and positions workbooks alike, applied within a group (a programme, an
organisation):
- one reading per respondent: the newest counts, by the date filled in, then the file's time;
- identical answers count once when nothing tells the readings apart: a workbook saved twice under two
  names (no respondent name filled in, so each copy is named after its file, and no respondent id
  from a personal workbook) would otherwise be two respondents and skew the median. Two people who
  gave their names, or two personal workbooks, are two respondents however alike their answers.
Every reading set aside is named with a problem that says which rule and, for the first, what decided.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

from curriculum_map.core.dates import parse_date
from curriculum_map.core.problems import Problem
from curriculum_map.workbook.reading import Reading

R = TypeVar("R", bound=Reading)


@dataclass(frozen=True)
class Selection(Generic[R]):
    """The readings that count, and a problem for every usable reading that does not."""

    kept: list[R]
    problems: list[Problem]


def select_submissions(
    readings: Iterable[R],
    group_of: Callable[[R], str],
    respondent_of: Callable[[R], str],
    answers_of: Callable[[R], frozenset[Hashable]],
    label: Callable[[R], str],
) -> Selection[R]:
    """The usable readings that count: one per (group, respondent), then one per set of identical answers."""
    newest = keep_newest(readings, lambda r: (group_of(r), respondent_of(r)), label)
    distinct = merge_identical(newest.kept, group_of, answers_of, label)
    return Selection(distinct.kept, newest.problems + distinct.problems)


def reading_date(reading: Reading) -> dt.date | None:
    """The date filled in on a reading, if it can be read."""
    return parse_date(reading.respondent.date, reading.language)


def newest_first_key(reading: Reading) -> tuple[bool, dt.date, float, str]:
    """Sort key, largest newest: a readable date beats none, then the later date, then the later file time.

    The file name breaks the last ties so that the choice never depends on the order files were found.
    """
    date = reading_date(reading)
    return (date is not None, date or dt.date.min, reading.modified, reading.file)


def keep_newest(
    readings: Iterable[R], group_of: Callable[[R], tuple[str, str]], label: Callable[[R], str]
) -> Selection[R]:
    """One usable reading per (group, respondent): the newest (see `newest_first_key`).

    Every reading set aside is named with one of the `duplicate-submission` codes, which says what decided.
    """
    groups: dict[tuple[str, str], list[R]] = defaultdict(list)
    for reading in readings:
        if reading.usable:
            groups[group_of(reading)].append(reading)
    kept: list[R] = []
    problems: list[Problem] = []
    for group in groups.values():
        newest, *older = sorted(group, key=newest_first_key, reverse=True)
        kept.append(newest)
        problems += [_duplicate_problem(reading, newest, label) for reading in older]
    return Selection(kept, problems)


def _duplicate_problem(reading: R, kept: R, label: Callable[[R], str]) -> Problem:
    date, kept_date = reading_date(reading), reading_date(kept)
    if kept_date is None:  # then neither has a date: a dated reading always wins over an undated one
        code = "duplicate-submission-no-dates"
    elif date is None:
        code = "duplicate-submission-undated"
    elif date == kept_date:
        code = "duplicate-submission-same-date"
    else:
        code = "duplicate-submission"
    params = {
        "programme": label(kept),
        "respondent": kept.respondent.name,
        "kept": kept.file,
        "kept_date": kept_date.isoformat() if kept_date else "",
        "date": date.isoformat() if date else "",
    }
    # the location is this workbook's date cell: the value that decided, or the one to fill in
    cell = reading.respondent.date_cell
    return Problem(code, reading.file, reading.respondent.sheet if cell else "", cell, params)


def merge_identical(
    readings: Iterable[R],
    group_of: Callable[[R], Hashable],
    answers_of: Callable[[R], frozenset[Hashable]],
    label: Callable[[R], str],
) -> Selection[R]:
    """Within each group, anonymous readings with the same non-empty answers count once: the newest is kept.

    Only readings that cannot be told apart are merged: no respondent name filled in and no respondent
    id. Readings without answers are never merged (blank workbooks are alike, not copies). Each
    reading set aside is named with `identical-submission`. The kept readings keep their order.
    """
    # Only the hash of each reading's answers is kept while all readings are looked at: thousands of
    # answer sets at once would cost more memory than the readings themselves.
    readings = list(readings)
    candidates: dict[tuple[Hashable, int], list[R]] = defaultdict(list)
    for reading in readings:
        if reading.respondent.named or reading.respondent_id:
            continue
        answers = answers_of(reading)
        if answers:
            candidates[(group_of(reading), hash(answers))].append(reading)
    set_aside: dict[int, Problem] = {}
    for bucket in candidates.values():
        if len(bucket) < 2:
            continue
        copies: dict[frozenset[Hashable], list[R]] = defaultdict(list)
        for reading in bucket:  # equal hashes may still hide different answers
            copies[answers_of(reading)].append(reading)
        for same in copies.values():
            newest, *others = sorted(same, key=newest_first_key, reverse=True)
            for reading in others:
                set_aside[id(reading)] = _identical_problem(reading, newest, label)
    return Selection([r for r in readings if id(r) not in set_aside], list(set_aside.values()))


def _identical_problem(reading: R, kept: R, label: Callable[[R], str]) -> Problem:
    params = {
        "programme": label(kept),
        "file": reading.file,
        "respondent": reading.respondent.name,
        "kept": kept.file,
        "kept_respondent": kept.respondent.name,
    }
    return Problem("identical-submission", reading.file, params=params)
