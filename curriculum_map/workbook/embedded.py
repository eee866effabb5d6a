"""The framework carried inside every workbook, so that a workbook can be read without its framework file.

The framework's document (the parsed framework file) is stored as compact JSON, compressed and
base64-encoded, in the hidden metadata sheet, cut into cells Excel, LibreOffice and Google Sheets
all keep (at most 30,000 characters each). Reading it back is bounded (a hostile workbook cannot
make it inflate beyond a few megabytes) and checked against the framework hash beside it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import zlib
from collections.abc import Mapping

from curriculum_map.framework.model import Framework, build_framework, content_hash

KEY = "framework_document"
CHUNK = 30_000  # characters per cell: below Excel's 32,767 and Google Sheets' 50,000
MAX_DOCUMENT_BYTES = 5 * 1024 * 1024


def embedded_rows(framework: Framework) -> list[tuple[str, str]]:
    """Metadata rows that carry the framework: ('framework_document', ...), ('framework_document.2', ...)."""
    packed = _pack(framework)
    chunks = [packed[start : start + CHUNK] for start in range(0, len(packed), CHUNK)]
    return [(KEY if number == 1 else f"{KEY}.{number}", chunk) for number, chunk in enumerate(chunks, 1)]


def _pack(framework: Framework) -> str:
    if not framework.document:
        return ""
    raw = json.dumps(framework.document, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return base64.b64encode(zlib.compress(raw.encode("utf-8"), 9)).decode("ascii")


def fingerprint(framework: Framework) -> str:
    """What a workbook made from `framework` carries, as a SHA-256: the whole framework, reporting keys and
    legend included ('' for a framework without a document)."""
    known = _fingerprints.get(id(framework))
    if known is not None and known[0] is framework:
        return known[1]
    packed = _pack(framework)
    found = hashlib.sha256(packed.encode("ascii")).hexdigest() if packed else ""
    _fingerprints[id(framework)] = (framework, found)
    return found


_fingerprints: dict[int, tuple[Framework, str]] = {}  # packing a framework takes milliseconds: once per framework


def carried_fingerprint(metadata: Mapping[str, str]) -> str:
    """The fingerprint of the framework a workbook carries ('' for an older workbook).

    Taken over the packed text, without inflating it: this runs for every workbook read. Two packings
    of one framework (another zlib) give two fingerprints; workbook.choice then compares the frameworks
    themselves, so that they still count as one.
    """
    packed = _packed(metadata)
    return hashlib.sha256(packed.encode("ascii", "replace")).hexdigest() if packed else ""


def embedded_framework(metadata: Mapping[str, str]) -> Framework | None:
    """The framework a workbook carries, or None (an older workbook, or one whose copy is damaged)."""
    raw = _inflate(_packed(metadata))
    if not raw:
        return None
    try:
        document = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    if not isinstance(document, dict) or content_hash(document) != metadata.get("framework_hash"):
        return None
    framework, problems = build_framework(document, source=f"{metadata.get('framework_id', '')} (embedded)")
    return None if problems else framework


def _packed(metadata: Mapping[str, str]) -> str:
    chunks = [metadata.get(KEY, "")]
    number = 2
    while f"{KEY}.{number}" in metadata:
        chunks.append(metadata[f"{KEY}.{number}"])
        number += 1
    return "".join(chunks)


def _inflate(packed: str) -> bytes:
    """The document's JSON, at most MAX_DOCUMENT_BYTES (a hostile copy cannot inflate beyond); b'' when damaged."""
    if not packed:
        return b""
    try:
        inflater = zlib.decompressobj()
        raw = inflater.decompress(base64.b64decode(packed, validate=True), MAX_DOCUMENT_BYTES)
    except (binascii.Error, zlib.error, ValueError):
        return b""
    return b"" if inflater.unconsumed_tail else raw  # more than the limit: not a framework
