"""Run one document in a child process with a time and memory limit.

A decompression bomb, a page with millions of glyphs or a loop in a page
tree must fail *that* document, not the batch: the child gets an address-space
limit (``RLIMIT_AS``) and the parent kills it after the time limit.  Either
way the parent returns an ordinary failed status with a one-line reason and
removes any half-built output folder the child left.

What it cannot do: limit a document below what the Python interpreter and
PyMuPDF themselves need (a few hundred MB), or isolate on systems without
``fork`` (there it runs in-process, unlimited).
"""

from __future__ import annotations

import multiprocessing as mp
import os
import resource
import shutil
import signal
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

GRACE = 5.0  # seconds to wait for a child to report after it exits


def run_limited(fn: Callable[[], dict[str, Any]], timeout: float, memory_mb: int) -> dict[str, Any]:
    """``fn()`` in a forked child under the limits; its status dict, or a failure status."""
    if "fork" not in mp.get_all_start_methods():
        return fn()
    ctx = mp.get_context("fork")
    recv, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_child, args=(fn, send, memory_mb), daemon=True)
    child.start()
    send.close()
    try:
        if recv.poll(timeout):
            try:
                return recv.recv()
            except EOFError:
                pass  # the child died before it could answer
        else:
            child.kill()
            child.join(GRACE)
            return _failure("limits", f"time limit of {timeout:g}s exceeded")
        child.join(GRACE)
        return _failure("limits", _death_reason(child.exitcode, memory_mb))
    finally:
        recv.close()
        if child.is_alive():
            child.kill()
            child.join(GRACE)


def _child(fn: Callable[[], dict[str, Any]], send: Connection, memory_mb: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if memory_mb > 0:
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        status = fn()
    except MemoryError:
        status = _failure("limits", f"memory limit of {memory_mb} MB exceeded")
    send.send(status)
    send.close()


def _death_reason(code: int | None, memory_mb: int) -> str:
    if code is not None and code < 0:
        name = signal.Signals(-code).name
        return f"worker killed by {name} (memory limit {memory_mb} MB or a crash in the PDF library)"
    return f"worker exited with code {code} without a result (memory limit {memory_mb} MB?)"


def _failure(stage: str, reason: str) -> dict[str, Any]:
    return {"status": "failed", "stage": stage, "reason": reason}


def remove_leftovers(out: Path, doc_id: str) -> None:
    """Delete temporary folders a killed writer left beside ``out/<doc_id>``.

    Those are ``.<doc_id>.<random>.tmp`` (a folder being built) and
    ``.<doc_id>.<pid>.old`` (a folder being swapped out); the part between
    holds no dot, so document ``a`` never takes document ``a.b``'s folders,
    and ids holding ``*`` or ``[`` are matched literally.
    """
    prefix = f".{doc_id}."
    try:
        names = [e.name for e in os.scandir(out) if e.name.startswith(prefix)]
    except OSError:
        return
    for name in names:
        middle, _, kind = name[len(prefix):].rpartition(".")
        if middle and "." not in middle and kind in ("tmp", "old"):
            shutil.rmtree(out / name, ignore_errors=True)
