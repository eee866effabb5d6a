"""Read the 120 competences straight from the seed text, to check the framework file against it.

The seed is the extracted text of the source document (tab-separated tables). This reader is
deliberately independent of the package so that a test can compare the two.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

SEED_DIR = Path(__file__).resolve().parents[2] / "shared" / "seed"
KIND_ORDER = {"kennis": 1, "vaardigheden": 2, "attitudes": 3}
SUBTHEMES = ("Online informeren", "Online communiceren", "Apps, websites en andere tools inzetten")

_COMPETENCE = re.compile(r"^(\d+)\.(\d+)\.?\s*(\d+)\.?\s*(.*)$", re.S)
_COMPONENT = re.compile(r"^(\d+)\.(\d+)\.?\s+(kennis|vaardigheden|attitudes)$", re.I)


def seed_file() -> Path | None:
    """The seed text file, or None when the shared folder is not next to the checkout."""
    files = sorted(SEED_DIR.glob("*.txt")) if SEED_DIR.is_dir() else []
    return files[0] if files else None


def _plain(cell: str) -> str:
    """Turn the one cell that holds an HTML list into text with one bullet per line."""
    if "<li" not in cell:
        return cell.strip()
    head, _, rest = cell.partition("<ul")
    items = [
        html.unescape(re.sub(r"<[^>]+>", "", item)).strip() for item in re.findall(r"<li[^>]*>(.*?)</li>", rest, re.S)
    ]
    return "\n".join([head.strip(), *items])


def read_seed_competences(path: Path) -> dict[str, dict[str, str | None]]:
    """Map each competence id (after renumbering cluster 6) to its text and sub-theme."""
    text = path.read_text(encoding="utf-8")
    start = text.index("## 6. Hoe kunnen")
    end = text.index("## 10 Wat is de achtergrond")
    result: dict[str, dict[str, str | None]] = {}
    kind_number = 0
    subtheme: str | None = None
    for line in text[start:end].splitlines():
        for cell in (c.strip() for c in line.split("\t")):
            if not cell:
                continue
            component = _COMPONENT.match(cell)
            if component:
                kind_number = KIND_ORDER[component.group(3).lower()]
                subtheme = None
                continue
            matching_theme = [t for t in SUBTHEMES if t.lower() == cell.lower()]
            if matching_theme:
                subtheme = matching_theme[0]
                continue
            competence = _COMPETENCE.match(cell)
            if competence:
                cluster, _, number, body = competence.groups()
                body = _plain(body)
                if body in ("", "...", "…"):
                    continue
                item_id = f"{cluster}.{kind_number}.{number}"
                result[item_id] = {"text": body, "subtheme": subtheme if cluster == "5" else None}
    return result


def _markdown_text(line: str) -> str:
    """A line of the extracted text without its markup: emphasis, superscripts, hard line breaks."""
    line = re.sub(r"<sup>(.*?)</sup>", r"\1", line)
    line = re.sub(r"\*+([^*]+?)\*+", r"\1", line)
    return line.rstrip().removesuffix("\\").rstrip()


def read_seed_positions(path: Path) -> dict[str, str]:
    """The four positions of section 5 (names as the source spells them) and their descriptions.

    A description keeps the source's lines, one per line, exactly as written.
    """
    text = path.read_text(encoding="utf-8")
    start = text.index("## De positie van de sociaal-agogische professional in de organisatie.")
    end = text.index("### Een concrete aanpak", start)
    result: dict[str, str] = {}
    current = ""
    for line in text[start:end].splitlines():
        heading = re.match(r"^- \*\*(.+?):\*\*", line)
        if heading:
            current = heading.group(1)
            result[current] = ""
        elif current and line.strip():
            body = _markdown_text(line)
            result[current] = f"{result[current]}\n{body}" if result[current] else body
    return result


def read_seed_focuses(path: Path) -> list[dict[str, str]]:
    """The three focuses of section 3: their question ('Daarom richt deze ... focus zich op ...') as the
    description, and the paragraphs before it (one blank line apart) as the explanation."""
    text = path.read_text(encoding="utf-8")
    start = text.index("## Drie focussen")
    end = text.index("## Negen clusters")
    sections = re.split(r"^#{2,3} .*$", text[start:end], flags=re.M)[2:]  # after the heading's own intro
    focuses = []
    for section in sections:
        paragraphs = [_markdown_text(p.strip()) for p in section.split("\n\n") if p.strip()]
        question = next(i for i, p in enumerate(paragraphs) if p.startswith("Daarom richt deze"))
        focuses.append({"description": paragraphs[question], "explanation": "\n\n".join(paragraphs[:question])})
    return focuses
