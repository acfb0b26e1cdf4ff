"""Work on many items split over two processes: the second half in a forked child.

Before anything else of a build can start, the content checks read, parse and check every
Markdown file (BENCHMARKS.md: ≈ 2 s at 1,000 articles per language), and `make check` is
nothing else. That work is pure Python, one item (file, page) at a time: on a machine with two
usable cores, `map_halves` runs it on the first half of the items here and on the second half
in a forked process, which sends its results back pickled through a pipe.

The result is the same list, in the same order, as one process would make; if the other
process fails in any way, this one does its half too (a slower run, never a wrong one). It
stays in one process when it cannot help or would not be safe: no `fork`, one core, fewer
items than `min_items`, other threads running (`mkdocs serve`: forking a threaded process can
deadlock), or `HELP_CENTER_PARALLEL=0` in the environment.
"""

from __future__ import annotations

import os
import pickle
import sys
import threading
from collections.abc import Callable, Mapping, Sequence
from typing import TypeVar

SWITCH = "HELP_CENTER_PARALLEL"  # =0: everything in one process (checks and languages)
OFF = {"0", "no", "false", "off"}

Item = TypeVar("Item")
Result = TypeVar("Result")


def parallel_allowed(environ: Mapping[str, str], cores: int | None = None) -> bool:
    """Whether work may go to a second process: fork exists, two cores, not switched off."""
    if environ.get(SWITCH, "").strip().lower() in OFF:
        return False
    if cores is None:
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    return hasattr(os, "fork") and cores > 1


def map_halves(
    work: Callable[[Sequence[Item]], list[Result]],
    items: Sequence[Item],
    min_items: int = 200,
) -> list[Result]:
    """`work(items)`, with the second half of the items done by a forked process.

    `work` takes a slice of `items` and returns one result per item, in order; its results
    must pickle. Nothing else of this process changes in the child's half: what `work` does
    to other state there is lost, so it should only compute.
    """
    if len(items) < min_items or threading.active_count() > 1 or not parallel_allowed(os.environ):
        return work(items)
    middle = (len(items) + 1) // 2
    first, second = items[:middle], items[middle:]
    reader, writer = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the child: its half, sent back, then leave without running any cleanup
        os.close(reader)
        status = 1
        try:
            payload = pickle.dumps(work(second), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(writer, "wb") as stream:
                stream.write(payload)
            status = 0
        finally:
            os._exit(status)
    os.close(writer)
    try:
        results = work(first)
    finally:
        theirs = _receive(reader, pid)  # always: the child is waited for, never left behind
    if theirs is None or len(theirs) != len(second):
        theirs = work(second)  # the other process failed: this one does its half too
    return results + theirs


def _receive(reader: int, pid: int) -> list | None:
    """What the child sent, or None when it did not finish well."""
    with os.fdopen(reader, "rb") as stream:
        data = stream.read()
    _, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0 or not data:
        return None
    try:
        found = pickle.loads(data)  # noqa: S301 - our own child's data
    except Exception:  # noqa: BLE001 - a broken payload only means doing that half here
        return None
    return found if isinstance(found, list) else None
