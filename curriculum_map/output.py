"""Writing output files atomically, so that an interrupted run never leaves half a file."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_UNSAFE_FILENAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


class OutputError(Exception):
    """An output folder or file that cannot be written."""

    def __init__(self, path: Path, reason: str):
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


def ensure_folder(path: Path) -> Path:
    """Create the output folder if needed and check that it is writable."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputError(path, "bestaat al en is geen map") from None
    except OSError as exc:
        raise OutputError(path, exc.strerror or str(exc)) from None
    if not os.access(path, os.W_OK | os.X_OK):
        raise OutputError(path, "geen schrijfrechten")
    return path


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path next to `target`; it replaces `target` only when the block succeeds."""
    fd, temporary = tempfile.mkstemp(prefix=".tmp-", suffix=target.suffix, dir=target.parent)
    os.close(fd)
    temporary_path = Path(temporary)
    try:
        yield temporary_path
        # mkstemp creates the file readable by its owner only; give it the usual permissions.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary_path, 0o666 & ~umask)
        try:
            os.replace(temporary_path, target)
        except PermissionError:
            # Windows does not let a file that is open in Excel be replaced
            raise OutputError(
                target, "het bestand is in gebruik of alleen-lezen (staat het nog open in Excel?)"
            ) from None
    finally:
        if temporary_path.exists():
            temporary_path.unlink()


def safe_filename(name: str) -> str:
    """A file name for `name` that every operating system accepts."""
    cleaned = _UNSAFE_FILENAME.sub("_", name).strip(" .")
    return cleaned or "werkmap"
