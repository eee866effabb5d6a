"""Helpers shared by the xlsx writers."""

from __future__ import annotations

import math
from collections.abc import Iterable

LINE_HEIGHT = 15.0


def row_height(cells: Iterable[tuple[str, float]], line_height: float = LINE_HEIGHT) -> float:
    """A row height that shows every wrapped text in full (texts paired with their column widths).

    Clients differ in whether they grow rows to fit wrapped text (Excel does on load, LibreOffice's
    PDF export and Google Sheets do not), so the writers set heights themselves.
    """
    lines = 1
    for value, width in cells:
        per_line = max(width * 1.1 - 2, 8)
        count = sum(max(1, math.ceil(len(part) / per_line)) for part in str(value).split("\n"))
        lines = max(lines, count)
    return lines * line_height + 3
