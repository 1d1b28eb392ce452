"""A function over a stream of items in worker processes, results in input order, bounded memory.

:func:`ordered_map` is what ``batch --jobs N`` uses to score and write clients on every core. The
caller's thread reads the items (so anything it decides per item, in order, stays in one
process), sends them to the workers in chunks of ``chunk``, and keeps at most ``2 * jobs`` chunks
in flight: memory does not grow with the number of items. ``jobs`` 1, or fewer items than one
chunk, runs in this process without starting any worker. An exception raised by ``fn`` stops the
map and is raised here (``fn`` catches what must not stop it); a worker that dies raises
``concurrent.futures.process.BrokenProcessPool``.

``fn`` and the items must be picklable (a module-level function, or a ``functools.partial`` of
one). Workers ignore Ctrl-C: the interrupt reaches this process, which shuts the pool down.
"""

from __future__ import annotations

import itertools
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

CHUNK = 16  # items per task sent to a worker: a few tens of milliseconds of batch work


def default_jobs() -> int:
    """The CPUs this process may run on (at least 1)."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:  # not on Linux
        return max(os.cpu_count() or 1, 1)


def ordered_map(
    fn: Callable[[T], R], items: Iterable[T], jobs: int, *, chunk: int = CHUNK
) -> Iterator[R]:
    """``map(fn, items)`` computed by ``jobs`` worker processes, in the order of ``items``."""
    it = iter(items)
    first = list(itertools.islice(it, chunk))
    if jobs <= 1 or len(first) < chunk:
        yield from map(fn, first)
        yield from map(fn, it)
        return
    pool = ProcessPoolExecutor(jobs, initializer=_ignore_interrupts)
    try:
        window: deque[Future[list[R]]] = deque([pool.submit(_apply, fn, first)])
        while block := list(itertools.islice(it, chunk)):
            window.append(pool.submit(_apply, fn, block))
            if len(window) >= 2 * jobs:
                yield from window.popleft().result()
        while window:
            yield from window.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _apply(fn: Callable[[T], R], block: list[T]) -> list[R]:
    return [fn(item) for item in block]


def _ignore_interrupts() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
