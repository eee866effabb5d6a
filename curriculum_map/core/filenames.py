"""File names made from what people typed (a person's, a programme's, an organisation's name).

One rule for every workflow, so that a name becomes the same file name wherever it is used:

- safe on Windows, macOS and Linux: no \\ / : * ? < > | or control characters (each becomes '_';
  a double quote becomes a single one), no leading or trailing dots and spaces (Windows drops
  trailing ones, a leading dot hides the file), no name Windows reserves for a device (CON, PRN,
  AUX, NUL, COM1-9, LPT1-9, also with an extension: 'con.xlsx' is the console), in Unicode's
  composed form (as macOS and Windows compare names);
- short: at most MAX_STEM_BYTES bytes in UTF-8, well below the 255 every system allows, leaving
  room for a suffix, an extension and the temporary name an atomic write uses; a longer name is cut
  and ends in '…';
- unique within one run (`unique_file_names`), compared as the systems do: ignoring case and
  Unicode form. Names that would be the same file get a suffix: the hint given (the e-mail
  address's local part) when that tells them apart, else ' (2)', ' (3)' in the order given.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from itertools import count

MAX_STEM_BYTES = 150
MAX_HINT_BYTES = 40
ELLIPSIS = "…"
_FORBIDDEN = re.compile(r"[\\/:*?<>|\x00-\x1f\x7f]")
_SPACES = re.compile(r"\s+")
_RESERVED = frozenset(
    {"con", "prn", "aux", "nul", "conin$", "conout$"}
    | {f"{device}{n}" for device in ("com", "lpt") for n in (*"0123456789", "¹", "²", "³")}
)


def safe_stem(name: str, fallback: str = "werkmap", max_bytes: int = MAX_STEM_BYTES) -> str:
    """A file name (without extension) for `name` that every operating system accepts."""
    text = unicodedata.normalize("NFC", _SPACES.sub(" ", name))
    text = _FORBIDDEN.sub("_", text.replace('"', "'")).strip(" .")
    text = _cut(text, max_bytes)
    if not text:
        return fallback
    device, dot, rest = text.partition(".")
    if device.rstrip(" ").casefold() in _RESERVED:
        text = f"{device.rstrip(' ')}_{dot}{rest}"  # 'CON' is the console; 'CON_' is a file
    return text


def _cut(text: str, max_bytes: int) -> str:
    """`text` at most `max_bytes` long in UTF-8, cut at a character (and marked) when longer."""
    if len(text.encode("utf-8")) <= max_bytes:
        return text
    room = max_bytes - len(ELLIPSIS.encode("utf-8"))
    cut = text.encode("utf-8")[:room].decode("utf-8", "ignore")
    cut = unicodedata.normalize("NFC", cut)  # a base letter cut from its accent
    return cut.rstrip(" .") + ELLIPSIS


def same_file_key(name: str) -> str:
    """What decides whether two file names are the same file on Windows or macOS: case and Unicode form ignored."""
    return unicodedata.normalize("NFC", name).casefold()


def unique_file_names(wanted: Sequence[tuple[str, str]], extension: str, fallback: str = "werkmap") -> list[str]:
    """A safe file name for each (name, hint), none the same file as another (in the order given).

    Names that become the same file all get their hint when the hints tell them apart ('Jan Peeters
    (jan.peeters)', 'Jan Peeters (jan.peeters2)'); what is still the same gets ' (2)', ' (3)'.
    """
    stems = [safe_stem(name, fallback) for name, _ in wanted]
    clashes = Counter(same_file_key(stem) for stem in stems)
    taken: set[str] = set()
    names = []
    for stem, (_, hint) in zip(stems, wanted, strict=True):
        hint_stem = safe_stem(hint, "", MAX_HINT_BYTES) if hint else ""
        candidates = [_with_suffix(stem, f" ({hint_stem})")] if clashes[same_file_key(stem)] > 1 and hint_stem else []
        candidates.append(stem)
        name = next(c for c in _then_numbered(candidates, stem) if same_file_key(c + extension) not in taken)
        taken.add(same_file_key(name + extension))
        names.append(name + extension)
    return names


def _then_numbered(candidates: list[str], stem: str) -> Iterator[str]:
    yield from candidates
    for number in count(2):
        yield _with_suffix(stem, f" ({number})")


def _with_suffix(stem: str, suffix: str) -> str:
    """`stem` with `suffix`, cut so that the whole stays within MAX_STEM_BYTES."""
    return _cut(stem, MAX_STEM_BYTES - len(suffix.encode("utf-8"))) + suffix
