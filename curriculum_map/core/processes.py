"""Worker processes that end with the run that started them."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any

_POLL_SECONDS = 0.2


def worker_pool(
    workers: int, initializer: Callable[..., None] | None = None, initargs: tuple = ()
) -> ProcessPoolExecutor:
    """A process pool whose workers stop when their parent is gone (killed, crashed), within a moment.

    A worker left behind by a killed run would go on drawing and writing files nobody asked for.
    """
    return ProcessPoolExecutor(workers, initializer=_start_worker, initargs=(os.getpid(), initializer, initargs))


def _start_worker(parent: int, initializer: Callable[..., None] | None, initargs: tuple[Any, ...]) -> None:
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True, name="exit-with-parent").start()
    if initializer is not None:
        initializer(*initargs)


def _exit_with_parent(parent: int) -> None:
    # When the parent dies the worker is adopted by another process: its parent id changes.
    while os.getppid() == parent:
        time.sleep(_POLL_SECONDS)
    os._exit(1)
