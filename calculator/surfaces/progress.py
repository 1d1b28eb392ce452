"""Progress of a long batch run on stderr, in Chinese.

On a terminal: one bar redrawn in place (at most every ``interval`` seconds); elsewhere (a log
file, a pipe): a plain line at every tenth of the way. Nothing at all for a run shorter than
``LONG_RUN`` rows. Messages (row errors) printed through :meth:`Progress.say` clear the bar
first, so they never mix with it.
"""

from __future__ import annotations

import time
from collections.abc import Callable

LONG_RUN = 200  # rows; shorter runs finish before anyone waits
BAR_WIDTH = 24


class Progress:
    def __init__(
        self,
        write: Callable[[str], object],
        total: int,
        *,
        tty: bool,
        interval: float = 0.2,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._write = write  # writes and flushes (stderr as UTF-8)
        self._total = max(total, 1)
        self._on = total >= LONG_RUN
        self._tty = tty
        self._interval = interval
        self._clock = clock
        self._drawn = ""  # the bar now on screen
        self._last = float("-inf")
        self._tenth = 0  # plain lines: the last tenth reported

    def update(self, done: int) -> None:
        """``done`` of the estimated ``total`` rows are through."""
        if not self._on:
            return
        share = min(done * 100 // self._total, 100)
        if self._tty:
            now = self._clock()
            if now - self._last >= self._interval:
                self._last = now
                self._draw(self._bar(done, share))
        elif share // 10 > self._tenth and share < 100:
            self._tenth = share // 10
            self._write(f"已处理 {done}/{self._total} 行（{share}%）\n")

    def say(self, line: str) -> None:
        """Print one message line without breaking the bar."""
        bar = self._drawn
        if bar:
            self._draw("")
        self._write(line + "\n")
        if bar:
            self._draw(bar)

    def finish(self, done: int) -> None:
        """The last state of the bar, then a new line (nothing without a bar)."""
        if self._on and self._tty:
            self._draw(self._bar(done, 100, total=done))
            self._write("\n")
            self._drawn = ""

    def _bar(self, done: int, share: int, total: int | None = None) -> str:
        filled = BAR_WIDTH * share // 100
        bar = "█" * filled + "░" * (BAR_WIDTH - filled)
        return f"处理中 {bar} {share:3d}%  {done}/{total or self._total} 行"

    def _draw(self, text: str) -> None:
        pad = " " * max(len(self._drawn) - len(text), 0)
        self._write("\r" + text + pad + ("\r" + text if pad else ""))
        self._drawn = text
