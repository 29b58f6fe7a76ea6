"""Run one document in a child process with a time and memory limit.

A decompression bomb, a page with millions of glyphs or a loop in a page
tree must fail *that* document, not the batch: the child gets an address-space
limit (``RLIMIT_AS``) and the parent kills it after the time limit.  Either
way the parent returns an ordinary failed status with a one-line reason and
removes any half-built output folder the child left.

The child is a bare ``os.fork``, kept cheap (issue 7; measured by
``benchmarks/bench_isolation.py``):

- it freezes the objects it inherited (``gc.freeze``), so its collections
  never walk the parent's heap, which would copy every page of it;
- it leaves with ``os._exit`` right after sending its status: no atexit
  handlers, finalizers or interpreter teardown, and none of the parent's
  cleanups run twice;
- the parent returns as soon as the status has arrived, kills the child (it
  has nothing left to do) and reaps it at its next call, so the kernel frees
  the child's copy of the address space while the parent goes on.

What it cannot do: limit a document below what the Python interpreter and
PyMuPDF themselves need (a few hundred MB), make ``fork`` itself cheaper (the
kernel copies the parent's page tables: the larger the parent, the dearer),
or isolate on systems without ``fork`` (there it runs in-process, unlimited).
A killed or finished child may stay a zombie until the next call.
"""

from __future__ import annotations

import gc
import os
import resource
import shutil
import signal
import sys
import time
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection, Pipe
from pathlib import Path
from typing import Any, NoReturn

GRACE = 5.0  # seconds to wait for a killed child to end

_exiting: set[int] = set()  # children that answered and were killed, not yet reaped


def run_limited(fn: Callable[[], dict[str, Any]], timeout: float, memory_mb: int) -> dict[str, Any]:
    """``fn()`` in a forked child under the limits; its status dict, or a failure status.

    ``fn`` runs with SIGINT ignored (a Ctrl-C reaches the parent, which kills
    the child and re-raises) and must return a picklable dict.
    """
    if not hasattr(os, "fork"):
        return fn()
    _reap_exiting()
    recv, send = Pipe(duplex=False)
    pid = os.fork()
    if pid == 0:
        _child(fn, send, memory_mb)
    send.close()
    try:
        return _await(pid, recv, timeout, memory_mb)
    except BaseException:
        _kill(pid)
        raise
    finally:
        recv.close()


def _await(pid: int, recv: Connection, timeout: float, memory_mb: int) -> dict[str, Any]:
    """The child's status, or a failure once it is dead or killed."""
    if not recv.poll(timeout):
        _kill(pid)
        return _failure("limits", f"time limit of {timeout:g}s exceeded")
    try:
        status: dict[str, Any] = recv.recv()
    except EOFError:  # the child died before it could answer
        return _failure("limits", _death_reason(_wait(pid, GRACE), memory_mb))
    os.kill(pid, signal.SIGKILL)  # it only has its exit left; the kernel frees it while we go on
    _exiting.add(pid)
    return status


def _child(fn: Callable[[], dict[str, Any]], send: Connection, memory_mb: int) -> NoReturn:
    """Run ``fn`` under the limits, send its status, and leave without any teardown."""
    code = 1
    try:
        gc.freeze()  # inherited objects: never collected here, so never written to by the collector
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        if memory_mb > 0:
            limit = memory_mb * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        try:
            status = fn()
        except MemoryError:
            status = _failure("limits", f"memory limit of {memory_mb} MB exceeded")
        send.send(status)
        code = 0
    except BaseException:
        _print_exc()
    finally:
        _flush_std_streams()
        os._exit(code)


def _kill(pid: int) -> None:
    """SIGKILL the child and wait (up to ``GRACE``) until it has ended."""
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    if _wait(pid, GRACE) is None:
        _exiting.add(pid)


def _wait(pid: int, timeout: float) -> int | None:
    """The child's exit code (negative: killed by that signal); None if it has not ended in time."""
    deadline = time.monotonic() + timeout
    delay = 0.0005
    while True:
        try:
            done, status = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:  # reaped by someone else (SIGCHLD ignored)
            return None
        if done:
            return os.waitstatus_to_exitcode(status)
        if time.monotonic() >= deadline:
            return None
        time.sleep(delay)
        delay = min(2 * delay, 0.05)


def _reap_exiting() -> None:
    """Reap the children of earlier calls that have ended since."""
    for pid in list(_exiting):
        try:
            done, _ = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            done = pid
        if done:
            _exiting.discard(pid)


def _print_exc() -> None:
    try:
        traceback.print_exc()
    except BaseException:
        pass


def _flush_std_streams() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BaseException:
            pass


def _death_reason(code: int | None, memory_mb: int) -> str:
    if code is not None and code < 0:
        name = signal.Signals(-code).name
        return f"worker killed by {name} (memory limit {memory_mb} MB or a crash in the PDF library)"
    return f"worker exited with code {code} without a result (memory limit {memory_mb} MB?)"


def _failure(stage: str, reason: str) -> dict[str, Any]:
    return {"status": "failed", "stage": stage, "reason": reason}


def remove_leftovers(out: Path, doc_id: str) -> None:
    """Delete temporary folders a killed writer left for ``out/<doc_id>`` in ``out/.staging``.

    Those are ``<doc_id>.<random>.tmp`` (a folder being built) and
    ``<doc_id>.<pid>.old`` (a folder being swapped out); the part between
    holds no dot, so document ``a`` never takes document ``a.b``'s folders,
    and ids holding ``*`` or ``[`` are matched literally.  Only the staging
    folder is listed (it holds the folders being written), never ``out``.
    """
    from .output import STAGING
    prefix = f"{doc_id}."
    staging = out / STAGING
    try:
        names = [e.name for e in os.scandir(staging) if e.name.startswith(prefix)]
    except OSError:
        return
    for name in names:
        middle, _, kind = name[len(prefix):].rpartition(".")
        if middle and "." not in middle and kind in ("tmp", "old"):
            shutil.rmtree(staging / name, ignore_errors=True)
