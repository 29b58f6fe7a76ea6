"""Live progress of a batch, read from the status folder while the workers run.

Workers may be other processes (``--workers N``) or other machines (a
central scheduler and shared storage), so progress is not reported by them:
a background thread of the command polls ``out/.work/<fingerprint>/status/``
and counts the status files written since the run started.  On a terminal
it redraws one line (``\\r``); otherwise it prints a plain line every
``PLAIN_INTERVAL`` seconds.

What it cannot do: see a document before its status is written (a long
document shows no progress until it is done), or tell this run's workers
from another run's writing into the same folder with the same settings.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from .batch import status_path

TTY_INTERVAL = 0.5  # seconds between redraws of the live line on a terminal
PLAIN_INTERVAL = 15.0  # seconds between plain progress lines (logs, CI)
CLEAR = "\r\x1b[K"  # carriage return, erase to end of line


class Progress:
    """Count documents done and pages per second from the status folder, in a background thread."""

    def __init__(self, out: Path, fingerprint: str, items: Sequence[tuple[str, str]], already: set[str],
                 stream: TextIO, interval: float | None = None) -> None:
        self.folder = status_path(out, fingerprint, "x").parent
        self.total, self.already = len(items), len(already)
        self.waiting = {f"{doc}.jsonl" for _, doc in items if doc not in already}
        self.stream = stream
        self.tty = stream.isatty()
        self.interval = interval or (TTY_INTERVAL if self.tty else PLAIN_INTERVAL)
        self.before = self._mtimes()  # status files already there: they count once rewritten
        self.done = self.failed = self.pages = 0
        self.start = time.monotonic()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="reportclean-progress", daemon=True)

    def __enter__(self) -> Progress:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        if self.tty:
            self.stream.write(CLEAR)
            self.stream.flush()

    def _mtimes(self) -> dict[str, int]:
        out = {}
        for name in self.waiting:
            try:
                out[name] = os.stat(self.folder / name).st_mtime_ns
            except OSError:
                pass
        return out

    def poll(self) -> None:
        """Count the status files written since the start (each once)."""
        try:
            names = [e.name for e in os.scandir(self.folder) if e.name in self.waiting]
        except OSError:
            return
        for name in names:
            path = self.folder / name
            try:
                if name in self.before and os.stat(path).st_mtime_ns == self.before[name]:
                    continue
                with open(path, "rb") as fh:
                    status = json.loads(fh.readline())
            except (OSError, ValueError):
                continue  # being replaced; next poll
            self.waiting.discard(name)
            self.done += 1
            self.failed += status.get("status") != "ok"
            self.pages += status.get("pages", 0) if status.get("status") == "ok" else 0

    def line(self) -> str:
        """``reportclean: 120/300 documents (40%), 2 failed, 85.3 pages/s, 1.9 documents/s, ETA 1m35s``"""
        elapsed = max(time.monotonic() - self.start, 1e-6)
        finished = self.already + self.done
        text = f"reportclean: {finished}/{self.total} documents ({100 * finished // max(self.total, 1)}%)"
        if self.failed:
            text += f", {self.failed} failed"
        rate = self.done / elapsed
        text += f", {self.pages / elapsed:.1f} pages/s, {rate:.1f} documents/s"
        if rate > 0 and finished < self.total:
            text += f", ETA {_duration((self.total - finished) / rate)}"
        return text

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            self.poll()
            self.stream.write(f"{CLEAR}{self.line()}" if self.tty else self.line() + "\n")
            self.stream.flush()


def _duration(seconds: float) -> str:
    """``95 -> "1m35s"``, ``3725 -> "1h02m"``."""
    s = int(seconds)
    if s >= 3600:
        return f"{s // 3600}h{s % 3600 // 60:02d}m"
    return f"{s // 60}m{s % 60:02d}s" if s >= 60 else f"{s}s"
