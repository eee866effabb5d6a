"""Worker processes that end with the run that started them, and runs that stop when asked to."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any, NoReturn

_POLL_SECONDS = 0.2
_stop_requested = False


class Interrupted(KeyboardInterrupt):
    """Ctrl-C or `kill`: handled like KeyboardInterrupt, but not of its exact type.

    CPython 3.11 marks a KeyboardInterrupt raised inside code run by exec() (dataclasses and
    namedtuple build their methods that way while a module is imported) as unhandled, even when it
    is caught, and then ends the process with SIGINT (status -2) instead of the exit status chosen.
    Its check is for the exact type, so a subclass is caught as usual.
    """


def request_stop(signum: int, frame: Any) -> NoReturn:
    """The handler of SIGINT and SIGTERM: remember that the run must stop, and interrupt what runs now.

    Python ignores an exception raised where it cannot be passed on (an at-fork hook of the logging
    module while a worker process starts, a finaliser): `check_stop` raises it again at the next
    step, so such a run still stops before it publishes anything.
    """
    global _stop_requested
    _stop_requested = True
    raise Interrupted


def stop_requested() -> bool:
    """Whether Ctrl-C or `kill` asked the run to stop (an error that follows is a consequence of the stop)."""
    return _stop_requested


def check_stop() -> None:
    """Raise Interrupted when a stop was asked for earlier (its first exception may have been swallowed)."""
    if _stop_requested:
        raise Interrupted


def worker_pool(
    workers: int, initializer: Callable[..., None] | None = None, initargs: tuple = ()
) -> ProcessPoolExecutor:
    """A process pool whose workers stop when their parent is gone (killed, crashed), within a moment.

    A worker left behind by a killed run would go on drawing and writing files nobody asked for.
    """
    return ProcessPoolExecutor(workers, initializer=_start_worker, initargs=(os.getpid(), initializer, initargs))


def limit_memory(extra: int) -> None:
    """Let this process allocate at most `extra` bytes beyond what it holds now (Linux; elsewhere nothing).

    A worker that reaches the bound gets a MemoryError, or dies, instead of exhausting the machine.
    """
    try:
        import resource

        with open("/proc/self/status", encoding="ascii") as status:
            held = next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmSize:"))
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        wanted = held + extra
        if hard != resource.RLIM_INFINITY:
            wanted = min(wanted, hard)
        if soft == resource.RLIM_INFINITY or wanted < soft:
            resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
    except (ImportError, OSError, StopIteration, ValueError):
        pass


def _start_worker(parent: int, initializer: Callable[..., None] | None, initargs: tuple[Any, ...]) -> None:
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True, name="exit-with-parent").start()
    if initializer is not None:
        initializer(*initargs)


def _exit_with_parent(parent: int) -> None:
    # When the parent dies the worker is adopted by another process: its parent id changes.
    while os.getppid() == parent:
        time.sleep(_POLL_SECONDS)
    os._exit(1)
