"""Files that are not what they claim: each ends in its own problem code, and the others still count."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest

from conftest import run
from curriculum_map.coverage.reader import read_workbook


def encrypted_copy(source: Path, target: Path) -> Path:
    from msoffcrypto.format.ooxml import OOXMLFile

    with source.open("rb") as plain, target.open("wb") as out:
        OOXMLFile(plain).encrypt("geheim", out)
    return target


def make_bad_file(kind: str, folder: Path, good: Path) -> Path:
    if kind == "empty-file":
        path = folder / "leeg.xlsx"
        path.write_bytes(b"")
    elif kind == "not-a-workbook":
        path = folder / "eigenlijk csv.xlsx"
        path.write_text("id;niveau\n1.1;geoefend\n", encoding="utf-8")
    elif kind == "corrupt-workbook":
        path = folder / "afgebroken.xlsx"
        path.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    elif kind == "legacy-xls":
        # An OLE compound file without an EncryptionInfo stream, as old .xls files are.
        path = folder / "oud.xls"
        path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "Workbook".encode("utf-16-le"))
    elif kind == "encrypted-workbook":
        path = encrypted_copy(good, folder / "met wachtwoord.xlsx")
    elif kind == "is-a-folder":
        path = folder / "map.xlsx"
        path.mkdir()
    elif kind == "zip-not-workbook":
        path = folder / "archief.xlsx"
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("readme.txt", "hallo")
    else:
        raise ValueError(kind)
    return path


BAD_KINDS = {
    "empty-file": "empty-file",
    "not-a-workbook": "not-a-workbook",
    "corrupt-workbook": "corrupt-workbook",
    "legacy-xls": "legacy-xls",
    "encrypted-workbook": "encrypted-workbook",
    "is-a-folder": "is-a-folder",
    "zip-not-workbook": "not-a-workbook",
}


@pytest.mark.parametrize("kind", sorted(BAD_KINDS))
def test_each_bad_file_has_its_code(kind, fill, framework, tmp_path):
    good = fill("sociaal-werk", "goed.xlsx", {("matrix", "1.1", "level"): "geoefend"})
    bad = make_bad_file(kind, tmp_path, good)
    reading = read_workbook(bad, framework)
    assert [(p.code, p.file, p.sheet, p.cell) for p in reading.problems] == [(BAD_KINDS[kind], bad.name, "", "")]
    assert not reading.usable


def test_missing_and_unreadable_files(framework, tmp_path):
    reading = read_workbook(tmp_path / "nergens.xlsx", framework)
    assert [p.code for p in reading.problems] == ["file-not-found"]
    if os.geteuid() != 0:
        locked = tmp_path / "geheim.xlsx"
        locked.write_bytes(b"PK\x03\x04")
        locked.chmod(0)
        assert [p.code for p in read_workbook(locked, framework).problems] == ["unreadable-file"]


@pytest.mark.libreoffice
def test_real_legacy_xls_from_libreoffice(fill, tmp_path, framework):
    from conftest import soffice_convert

    good = fill("sociaal-werk", "goed.xlsx", {("matrix", "1.1", "level"): "geoefend"})
    xls = soffice_convert(good, tmp_path / "xls", "xls")
    assert [p.code for p in read_workbook(xls, framework).problems] == ["legacy-xls"]


def test_bad_files_do_not_stop_the_others(fill, tmp_path):
    good = fill("sociaal-werk", "Sociaal werk.xlsx", {("matrix", "1.1", "level"): "geoefend"}, {"name": "Els"})
    folder = good.parent
    for kind in sorted(BAD_KINDS):
        make_bad_file(kind, folder, good)
    (folder / "~$Sociaal werk.xlsx").write_bytes(b"lock")  # Office lock file: ignored
    (folder / ".verborgen.xlsx").write_bytes(b"")  # hidden: ignored
    (folder / "notities.txt").write_text("niet lezen")  # not a workbook type: ignored
    out = tmp_path / "rapport"
    result = run("aggregate", str(folder), "--out", str(out), "--no-pictures")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    problems = (out / "problems.csv").read_text(encoding="utf-8-sig")
    for code in set(BAD_KINDS.values()):
        assert f",{code}," in problems
    assert "~$" not in problems and "verborgen" not in problems and "notities" not in problems
    responses = (out / "responses.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(responses) == 2 and responses[1].startswith("Sociaal werk.xlsx,Matrix,D9,Sociaal werk,Els,1.1,")


def test_zip_bomb_is_refused_before_parsing(framework, tmp_path):
    path = tmp_path / "bom.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(300):
                member.write(chunk)
    reading = read_workbook(path, framework)
    assert [p.code for p in reading.problems] == ["unsafe-workbook"]
    assert "sheet1.xml" in reading.problems[0].message()


def test_csv_renamed_message_says_what_to_do(framework, tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_bytes(io.BytesIO(b"a,b\n1,2\n").getvalue())
    message = read_workbook(path, framework).problems[0].render()
    assert message == (
        "x.xlsx: dit is geen Excel- of LibreOffice-werkmap (tekstbestand, bv. CSV); "
        "open het in Excel of Calc en bewaar het als .xlsx"
    )
