"""Make three rounds of the example workbooks, for trying the history of rounds and the trend.

Run `python examples/make_rounds.py --out DIR`. It writes DIR/2024-2025 (the example workbooks as
they are), DIR/2025-2026 and DIR/2026-2027: the same workbooks a year and two years later, as the
lecturers would fill them in again. Where a current level lies below the ambition it rises one
level now and then, rarely a level goes down, some blank competences get answered, and the
respondent's date moves on a year. In the third round the second respondent of Orthopedagogie did
not send her workbook back. The changes are fictional and always the same (a fixed random seed).

    python examples/make_rounds.py --out rounds
    for r in 2024-2025 2025-2026 2026-2027; do
        curriculum-map aggregate rounds/$r --out reports/$r --round $r --no-pictures
    done
    curriculum-map history trend --history reports/curriculum-map.sqlite --out reports/trend
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
from pathlib import Path

import openpyxl

from curriculum_map.core.texts import text
from curriculum_map.framework.model import load_framework
from curriculum_map.workbook.layout import COMPETENCES, MATRIX, RESPONDENT_ROWS, RESPONDENT_VALUE_COLUMN

HERE = Path(__file__).resolve().parent
ROUNDS = ("2024-2025", "2025-2026", "2026-2027")
# per round: chance that a level below the ambition rises, that a level goes down, that a blank competence is answered
GROWTH = {"2025-2026": (0.30, 0.04, 0.10), "2026-2027": (0.35, 0.03, 0.15)}
NOT_RETURNED = {"2026-2027": ("Orthopedagogie - Chloë Maes.xlsx",)}


def grow_workbook(source: Path, target: Path, year: str, rng: random.Random) -> None:
    """Open a filled workbook, change its answers as a year of teaching would, and save it as `target`."""
    framework = load_framework()
    shown = framework.level_labels("nl")
    labels = [label.casefold() for label in shown]

    def score(value: object) -> int | None:
        cleaned = value.strip().casefold() if isinstance(value, str) else None
        return labels.index(cleaned) if cleaned in labels else None

    rise, fall, fill = GROWTH[year]
    workbook = openpyxl.load_workbook(source)
    for key, layout in (("matrix", MATRIX), ("competences", COMPETENCES)):
        sheet = workbook[text(f"sheet.{key}", "nl")]
        level_column, ambition_column = layout.column("level") + 1, layout.column("ambition") + 1
        for row in range(layout.first_data_row, sheet.max_row + 1):
            if sheet.cell(row, layout.column("id") + 1).value is None:
                continue
            level, ambition = (sheet.cell(row, column).value for column in (level_column, ambition_column))
            current, wanted = score(level), score(ambition)
            if current is None:
                if level is None and key == "competences" and rng.random() < fill:
                    sheet.cell(row, level_column).value = shown[1]
                continue  # a typing mistake stays as it was: it is named again in every round
            if wanted is not None and current < wanted and rng.random() < rise:
                sheet.cell(row, level_column).value = shown[current + 1]
            elif current > 0 and rng.random() < fall:
                sheet.cell(row, level_column).value = shown[current - 1]
    matrix = workbook[text("sheet.matrix", "nl")]
    date_cell = matrix.cell(RESPONDENT_ROWS["date"], RESPONDENT_VALUE_COLUMN + 1)
    date_cell.value = _a_year_later(date_cell.value)
    workbook.save(target)


def _a_year_later(value: object) -> object:
    if isinstance(value, dt.datetime | dt.date):
        return value.replace(year=value.year + 1)
    if isinstance(value, str) and len(value) >= 4 and value[:4].isdigit():
        return str(int(value[:4]) + 1) + value[4:]
    return value


def make_rounds(out_dir: Path, examples: Path = HERE / "opleidingen") -> dict[str, list[Path]]:
    """Write the three rounds into `out_dir`, a folder per round; returns the workbooks of each round."""
    sources = sorted(examples.glob("*.xlsx"))
    written: dict[str, list[Path]] = {}
    previous = {path.name: path for path in sources}
    for year in ROUNDS:
        folder = out_dir / year
        folder.mkdir(parents=True, exist_ok=True)
        written[year] = []
        for name, source in previous.items():
            target = folder / name
            if year == ROUNDS[0]:
                shutil.copy(source, target)
            elif name in NOT_RETURNED.get(year, ()):
                continue
            else:
                grow_workbook(source, target, year, random.Random(f"{year}/{name}"))
            written[year].append(target)
        previous |= {path.name: path for path in written[year]}  # next year starts from this year's answers
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description="Make three rounds of the example workbooks.")
    parser.add_argument("--out", type=Path, required=True, help="folder for the rounds (one folder per round)")
    args = parser.parse_args()
    for year, paths in make_rounds(args.out).items():
        print(f"{year}: {len(paths)} workbooks in {args.out / year}")


if __name__ == "__main__":
    main()
