"""Dates as people type them into a text cell: 12/3/2026, 12-3-26, 12.3.2026, 2026-03-12, 12 maart 2026.

The respondent's date cell is formatted as text, so Excel keeps whatever was typed. Belgian workbooks
put the day first, in Dutch and in English alike: 3/4/2026 is 3 April. Only when that cannot be
(4/13/2026: there is no month 13) is the first number read as the month.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

# Excel counts days from 30 December 1899 (its 1900 leap-year bug included); serials in this range
# are the years 1954 to 2119, so a number outside it is not taken for a date.
EXCEL_EPOCH = dt.date(1899, 12, 30)
SERIAL_RANGE = (20000, 80000)
# Two-digit years as strptime's %y reads them (POSIX): 00-68 are 2000-2068, 69-99 are 1969-1999.
CENTURY_PIVOT = 69

MONTHS = {
    "nl": ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
           "november", "december"),
    "en": ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december"),
}  # fmt: skip
# Abbreviations that are not the start of a month's name.
MONTH_ABBREVIATIONS = {"mrt": 3}

_TIME = r"(?:[ t]\d{1,2}[:.u]\d{2}(?:[:.]\d{2}(?:\.\d+)?)?)?"
_YEAR_FIRST = re.compile(rf"(\d{{4}})\s*([-/.])\s*(\d{{1,2}})\s*\2\s*(\d{{1,2}}){_TIME}")
_DAY_FIRST = re.compile(rf"(\d{{1,2}})\s*([-/.])\s*(\d{{1,2}})\s*\2\s*(\d{{4}}|\d{{2}}){_TIME}")
_ORDINAL = r"(?:(?:st|nd|rd|th|ste|de|e)(?=[\s.,-]))?"  # 1st, 12th, 1ste, 12de, 3e
_WRITTEN_DAY_FIRST = re.compile(rf"(\d{{1,2}}){_ORDINAL}\.?[\s-]*([a-z]+)\.?[\s,-]*(\d{{4}}|\d{{2}})")
_WRITTEN_MONTH_FIRST = re.compile(rf"([a-z]+)\.?\s*(\d{{1,2}}){_ORDINAL},?\s*(\d{{4}})")
_SERIAL = re.compile(r"\d{5}(?:\.\d+)?")


def parse_date(value: Any, lang: str = "nl") -> dt.date | None:
    """The date a cell holds or a person typed; None when it is empty or not a (valid) date.

    Understood: date and datetime objects, Excel serial numbers (a date typed into a number cell),
    ISO dates (with or without a time), d/m/yyyy, d-m-yyyy and d.m.yyyy with two- or four-digit
    years, and written months in Dutch or English ('12 maart 2026', '12 mrt 2026', 'March 12, 2026').
    `lang` is the workbook's language. It does not change the result today: month names of every
    language are understood, and every language the tool speaks puts the day first here.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return _from_serial(value)
    if not isinstance(value, str):
        return None
    typed = " ".join(value.lower().split())
    for parse in (_parse_serial, _parse_year_first, _parse_day_first, _parse_written):
        try:
            found = parse(typed)
        except ValueError:  # a day or month out of range: 31/2/2026
            return None
        if found is not None:
            return found
    return None


def _from_serial(number: float) -> dt.date | None:
    low, high = SERIAL_RANGE
    if number != number or not low <= number <= high:  # NaN compares unequal to itself
        return None
    return EXCEL_EPOCH + dt.timedelta(days=int(number))


def _parse_serial(typed: str) -> dt.date | None:
    # a number cell's date reaches the reader as its text ('46093'): see reader.cell_text
    return _from_serial(float(typed)) if _SERIAL.fullmatch(typed) else None


def _parse_year_first(typed: str) -> dt.date | None:
    match = _YEAR_FIRST.fullmatch(typed)
    if match is None:
        return None
    year, _, month, day = match.groups()
    return dt.date(int(year), int(month), int(day))


def _parse_day_first(typed: str) -> dt.date | None:
    match = _DAY_FIRST.fullmatch(typed)
    if match is None:
        return None
    first, _, second, year = match.groups()
    day, month = int(first), int(second)
    if month > 12 >= day:  # 4/13/2026: month first, as in the United States
        day, month = month, day
    return dt.date(_full_year(year), month, day)


def _parse_written(typed: str) -> dt.date | None:
    match = _WRITTEN_DAY_FIRST.fullmatch(typed)
    if match is not None:
        day, name, year = match.groups()
    else:
        match = _WRITTEN_MONTH_FIRST.fullmatch(typed)
        if match is None:
            return None
        name, day, year = match.groups()
    month = month_number(name)
    return dt.date(_full_year(year), month, int(day)) if month else None


def written_date(value: dt.date | str, lang: str = "nl") -> str:
    """A date as a sentence says it: '5 juni 2025', '5 June 2025' (ISO text in: the same; anything else as it is)."""
    if isinstance(value, str):
        try:
            date = dt.date.fromisoformat(value)
        except ValueError:
            return value
    else:
        date = value
    months = MONTHS.get(lang, MONTHS["en"])
    month = months[date.month - 1]
    return f"{date.day} {month.capitalize() if lang == 'en' else month} {date.year}"


def month_number(name: str) -> int | None:
    """The month a written name or abbreviation means ('maart', 'mrt', 'Mar.', 'sept'); None if unclear."""
    name = name.lower().rstrip(".")
    if name in MONTH_ABBREVIATIONS:
        return MONTH_ABBREVIATIONS[name]
    if len(name) < 3:
        return None
    found = {number for names in MONTHS.values() for number, full in enumerate(names, 1) if full.startswith(name)}
    return found.pop() if len(found) == 1 else None


def _full_year(year: str) -> int:
    if len(year) == 4:
        return int(year)
    short = int(year)
    return 2000 + short if short < CENTURY_PIVOT else 1900 + short
