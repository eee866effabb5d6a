"""The framework carried inside every workbook, so that a workbook can be read without its framework file.

The framework's document (the parsed framework file) is stored as compact JSON, compressed and
base64-encoded, in the hidden metadata sheet, cut into cells Excel, LibreOffice and Google Sheets
all keep (at most 30,000 characters each). Reading it back is bounded (a hostile workbook cannot
make it inflate beyond a few megabytes) and checked against the framework hash beside it.
"""

from __future__ import annotations

import base64
import binascii
import json
import zlib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from curriculum_map.framework.model import Framework, build_framework, content_hash
from curriculum_map.workbook.container import sniff
from curriculum_map.workbook.inputs import WORKBOOK_SUFFIXES
from curriculum_map.workbook.layout import METADATA_SHEET
from curriculum_map.workbook.reading import open_grids, read_metadata

KEY = "framework_document"
CHUNK = 30_000  # characters per cell: below Excel's 32,767 and Google Sheets' 50,000
MAX_DOCUMENT_BYTES = 5 * 1024 * 1024


def embedded_rows(framework: Framework) -> list[tuple[str, str]]:
    """Metadata rows that carry the framework: ('framework_document', ...), ('framework_document.2', ...)."""
    if not framework.document:
        return []
    raw = json.dumps(framework.document, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    packed = base64.b64encode(zlib.compress(raw.encode("utf-8"), 9)).decode("ascii")
    chunks = [packed[start : start + CHUNK] for start in range(0, len(packed), CHUNK)]
    return [(KEY if number == 1 else f"{KEY}.{number}", chunk) for number, chunk in enumerate(chunks, 1)]


def embedded_framework(metadata: Mapping[str, str]) -> Framework | None:
    """The framework a workbook carries, or None (an older workbook, or one whose copy is damaged)."""
    chunks = [metadata.get(KEY, "")]
    number = 2
    while f"{KEY}.{number}" in metadata:
        chunks.append(metadata[f"{KEY}.{number}"])
        number += 1
    packed = "".join(chunks)
    if not packed:
        return None
    document = _unpack(packed)
    if document is None or content_hash(document) != metadata.get("framework_hash"):
        return None
    framework, problems = build_framework(document, source=f"{metadata.get('framework_id', '')} (embedded)")
    return None if problems else framework


def _unpack(packed: str) -> dict[str, Any] | None:
    try:
        inflater = zlib.decompressobj()
        raw = inflater.decompress(base64.b64decode(packed, validate=True), MAX_DOCUMENT_BYTES)
        if inflater.unconsumed_tail:  # more than the limit: not a framework
            return None
        document = json.loads(raw.decode("utf-8"))
    except (binascii.Error, zlib.error, UnicodeDecodeError, ValueError):
        return None
    return document if isinstance(document, dict) else None


def framework_in_workbooks(paths: Iterable[Path]) -> Framework | None:
    """The framework carried by the first workbook among `paths` that carries one (None when none does).

    Only that one workbook is opened here: every other workbook is checked against it while it is
    read, and one of another framework is named (framework-mismatch), never silently mixed in.
    """
    for path in paths:
        if path.suffix.lower() not in WORKBOOK_SUFFIXES or sniff(path, path.name).problem is not None:
            continue
        try:
            with open_grids(path) as grids:
                metadata = read_metadata(grids.get(METADATA_SHEET))
        except Exception:  # noqa: BLE001 - a file that cannot be read is named when it is read for real
            continue
        framework = embedded_framework(metadata) if metadata else None
        if framework is not None:
            return framework
    return None
