"""Writing outputs so that an interrupted run never leaves half a file, nor files of two runs side by side.

Each file is written to a temporary name and renamed. A command that writes a set of files (a
report folder) writes the whole set into a staging folder beside the target and swaps it in at the
end (`run_folder`); a manifest lists every file of the run with its hash, so that readers can tell
a complete report from a mixed one.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import json
import os
import re
import shutil
import sys
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from curriculum_map.core.catalogue import CurriculumMapError, Message
from curriculum_map.core.processes import check_stop
from curriculum_map.core.report_files import DATAPACKAGE, MANIFEST, TOOL, file_hash, is_output_name, read_manifest
from curriculum_map.render.datapackage import package


class OutputError(CurriculumMapError):
    """An output folder or file that cannot be written: where, and why (a catalogue message or the system's words)."""

    def __init__(self, path: Path, reason: str | Message):
        super().__init__("output-cannot-write", path=path, reason=reason)
        self.path = path
        self.reason = reason


_STAGING = ".{name}.curriculum-map-{pid}-{token}"


def ensure_folder(path: Path) -> Path:
    """Create the output folder if needed and check that it is writable."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputError(path, Message("output-not-a-folder")) from None
    except OSError as exc:
        raise OutputError(path, exc.strerror or str(exc)) from None
    if not os.access(path, os.W_OK | os.X_OK):
        raise OutputError(path, Message("output-no-permission"))
    return path


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path next to `target`; it replaces `target` only when the block succeeds.

    Whatever the system refuses (a full disk, a file-size limit, no rights) is raised as an
    OutputError that names `target`, not the temporary file.
    """
    try:
        fd, temporary = tempfile.mkstemp(prefix=".tmp-", suffix=target.suffix, dir=target.parent)
    except OSError as exc:
        raise OutputError(target, exc.strerror or str(exc)) from None
    os.close(fd)
    temporary_path = Path(temporary)
    try:
        try:
            yield temporary_path
        except Exception as exc:
            # writers wrap the system's error in their own (xlsxwriter's FileCreateError)
            cause = exc if isinstance(exc, OSError) else exc.__cause__ or exc.__context__
            if not isinstance(cause, OSError):
                raise
            raise OutputError(target, cause.strerror or str(cause)) from None
        # mkstemp creates the file readable by its owner only; give it the usual permissions.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary_path, 0o666 & ~umask)
        try:
            os.replace(temporary_path, target)
        except PermissionError:
            # Windows does not let a file that is open in Excel be replaced
            raise OutputError(target, Message("output-in-use")) from None
    finally:
        if temporary_path.exists():
            temporary_path.unlink()


@dataclass
class RunFolder:
    """The files of one run, written into `staging` and published into `target` at the end."""

    target: Path
    staging: Path
    run_id: str
    kind: str

    def path(self, name: str) -> Path:
        """Where to write the output file `name` during the run."""
        return self.staging / name

    def publish(self) -> None:
        """Put this run's files in place of the previous run's, all at once where the system allows."""
        check_stop()  # a run asked to stop publishes nothing, even if the interruption was swallowed
        written = [p.name for p in self.staging.iterdir() if p.is_file() and p.name not in (MANIFEST, DATAPACKAGE)]
        write_datapackage(self.staging, written, self.kind)
        files = sorted(p.name for p in self.staging.iterdir() if p.is_file() and p.name != MANIFEST)
        manifest = {
            "tool": TOOL,
            "kind": self.kind,
            "run_id": self.run_id,
            "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "files": {name: file_hash(self.staging / name) for name in files},
            "complete": True,
        }
        _write_json(self.staging / MANIFEST, manifest)
        if self.staging.parent == self.target.parent and _holds_only_outputs(self.target):
            try:
                _swap_in(self.staging, self.target)
                return
            except OSError:
                pass  # a folder that cannot be renamed (open elsewhere, Windows): fall back to file by file
        _publish_in_place(self.staging, self.target, manifest)


@contextmanager
def run_folder(target: Path, kind: str) -> Iterator[RunFolder]:
    """A staging folder for one run's outputs; published by the caller, removed whatever happens."""
    ensure_folder(target)
    token = uuid.uuid4().hex[:12]
    _remove_abandoned_staging(target)
    staging = target.parent / _STAGING.format(name=target.name, pid=os.getpid(), token=token)
    try:
        staging.mkdir()
    except OSError:  # the parent folder is not ours to write in: stage inside the target
        staging = target / _STAGING.format(name="run", pid=os.getpid(), token=token)
        staging.mkdir()
    run = RunFolder(target, staging, f"{dt.datetime.now():%Y%m%d-%H%M%S}-{token}", kind)
    try:
        yield run
    except OutputError as exc:
        raise OutputError(_final_path(exc.path, staging, target), exc.reason) from None
    except OSError as exc:  # written without atomic_path (a spool of rows): name the folder at least
        where = _final_path(Path(exc.filename), staging, target) if exc.filename else target
        raise OutputError(where, exc.strerror or str(exc)) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _final_path(path: Path, staging: Path, target: Path) -> Path:
    """The path a user knows for a file written in the staging folder."""
    try:
        relative = path.relative_to(staging)
    except ValueError:
        return path
    return target / relative.parts[0] if not relative.parts[0].startswith(".") else target


def _holds_only_outputs(folder: Path) -> bool:
    if not folder.exists():
        return True
    manifest = read_manifest(folder) or {}
    listed = set(manifest.get("files", {}))
    return all(entry.is_file() and (entry.name in listed or is_output_name(entry.name)) for entry in folder.iterdir())


def _swap_in(staging: Path, target: Path) -> None:
    """Replace `target` by `staging` in one step (Linux), else by two renames a moment apart."""
    if not target.exists():
        os.rename(staging, target)
        return
    if not _exchange(staging, target):
        old = target.parent / _STAGING.format(name=target.name, pid=os.getpid(), token="old")
        os.rename(target, old)
        os.rename(staging, target)
        staging = old
    shutil.rmtree(staging, ignore_errors=True)  # now the previous run's files


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically with renameat2(RENAME_EXCHANGE); False where that is not available."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange)
    return result == 0


def _publish_in_place(staging: Path, target: Path, manifest: dict) -> None:
    """Move the files into a folder that holds other files too, the manifest marking the folder meanwhile.

    Until the last step the manifest says the report is incomplete, so that no reader takes a mix of
    two runs for a report.
    """
    _write_json(target / MANIFEST, {**manifest, "complete": False})
    previous = {p.name for p in target.iterdir() if p.is_file() and is_output_name(p.name)} - {MANIFEST}
    for name in previous - set(manifest["files"]):
        (target / name).unlink(missing_ok=True)
    for name in manifest["files"]:
        os.replace(staging / name, target / name)
    _write_json(target / MANIFEST, manifest)


def write_datapackage(folder: Path, names: list[str], kind: str) -> Path | None:
    """datapackage.json beside the CSV files `names` of `folder` (none when no file is a known table)."""
    descriptor = package(folder, names, kind)
    if descriptor is None:
        return None
    _write_json(folder / DATAPACKAGE, descriptor)
    return folder / DATAPACKAGE


def _write_json(path: Path, content: dict) -> None:
    with atomic_path(path) as temporary:
        temporary.write_text(json.dumps(content, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _remove_abandoned_staging(target: Path) -> None:
    """Staging folders of runs that were killed (their process is gone) are removed."""
    pattern = re.compile(r"^\." + re.escape(target.name) + r"\.curriculum-map-(\d+)-\w+$")
    for folder in (target.parent, target):
        try:
            entries = list(folder.iterdir())
        except OSError:
            continue
        for entry in entries:
            match = pattern.match(entry.name) or re.match(r"^\.run\.curriculum-map-(\d+)-\w+$", entry.name)
            if match and entry.is_dir() and not _process_alive(int(match.group(1))):
                shutil.rmtree(entry, ignore_errors=True)


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, but not ours to signal
    return True
