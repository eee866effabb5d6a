"""Numbers written the way readers read them: one formatter for HTML, xlsx, pictures, slides and the terminal.

Dutch takes a decimal comma (1,3) and a point between thousands (1.250); English the other way round.
A mean is shown with one decimal everywhere, so that a table and the picture beside it agree. The
spread of several respondents' answers is written as their range (0–3), never as "±", which reads
as a margin around the number.
"""

from __future__ import annotations

import math

NOT_A_NUMBER = "–"  # what stands in a cell without a value ("not answered")
MEAN_DECIMALS = 1  # mean scores, in every output


def _missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def format_number(value: float | None, lang: str, decimals: int = 0) -> str:
    """`value` with `decimals` decimals, in the language's separators; "–" for no value."""
    if value is None or _missing(value):
        return NOT_A_NUMBER
    written = f"{value:,.{decimals}f}"
    if lang == "nl":
        written = written.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return written


def format_mean(value: float | None, lang: str) -> str:
    """A mean score (1,3 in Dutch, 1.3 in English)."""
    return format_number(value, lang, MEAN_DECIMALS)


def format_share(value: float | None, lang: str) -> str:
    """A share between 0 and 1 as a whole percentage (45%)."""
    if value is None or _missing(value):
        return NOT_A_NUMBER
    return format_number(round(value * 100), lang) + "%"


def format_range(lowest: int, highest: int) -> str:
    """The range of several answers, lowest to highest ("0–3"); one number when they agree."""
    return str(lowest) if lowest == highest else f"{lowest}–{highest}"


def format_signed(value: int) -> str:
    """A difference with its sign (+2, −1, 0)."""
    return f"+{value}" if value > 0 else f"−{-value}" if value < 0 else "0"


def xlsx_number_format(decimals: int = 0) -> str:
    """The xlsx number format for `decimals` decimals.

    A number stays a number in the workbook; Excel and LibreOffice show it with the reader's own
    decimal separator (a comma in a Dutch-language Excel), so the format code is the same for both
    languages.
    """
    return "0" if decimals == 0 else "0." + "0" * decimals
