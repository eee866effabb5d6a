"""A cell's value as the text a user sees, for workbooks and lists alike."""

from __future__ import annotations

import datetime as dt
from typing import Any


def cell_text(value: Any) -> str:
    """A cell value as the text a user sees ('3' for 3.0, ISO dates)."""
    if value.__class__ is str:  # the common case first: this runs for every cell read
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()
